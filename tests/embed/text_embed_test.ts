import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { classVectors } from "../../lib/embeddings/embedding_set.ts";
import { readEmbeddings } from "../../lib/embeddings/store.ts";
import { languageStrings } from "../../lib/datasets/prompts.ts";
import {
  datasetLanguageStrings,
  embedLanguageDataset,
  embedTexts,
  LANGUAGE_DATASET_IDS,
  languageInputHash,
  openTextEmbedder,
} from "../../lib/embed/text_embed.ts";
import { createGloveEmbedder } from "../../lib/embed/text_glove.ts";
import { defaultUseLiteDir } from "../../lib/embed/text_use.ts";
import type { TextEmbedder } from "../../lib/embed/text_types.ts";
import { fileURLToPath } from "node:url";

const STORE = fileURLToPath(new URL("../../data/embeddings", import.meta.url));

/** A deterministic toy encoder: [length, number of spaces, 1]; `bad` makes one string NaN. */
function toyEmbedder(bad = ""): TextEmbedder & { calls: number } {
  const toy = {
    model: "toy",
    dim: 3,
    device: "js",
    description: { encoder: "toy" },
    calls: 0,
    embed(texts: readonly string[]) {
      toy.calls++;
      return Promise.resolve(
        Float64Array.from(texts.flatMap((t) => [t === bad ? NaN : t.length, t.split(" ").length - 1, 1])),
      );
    },
    close: () => Promise.resolve(),
  };
  return toy;
}

Deno.test("embedTexts(embedder, texts) embeds in chunks with progress and rejects non-finite output", async () => {
  const progress: number[] = [];
  const rows = await embedTexts(toyEmbedder(), ["a b", "abc", "a b c d"], {
    chunkSize: 2,
    onProgress: (p) => progress.push(p.done),
  });
  assert.deepEqual(Array.from(rows), [3, 1, 1, 3, 0, 1, 7, 3, 1]);
  assert.deepEqual(progress, [2, 3]);
  await assert.rejects(
    () => embedTexts(toyEmbedder("abc"), ["a b", "abc"]),
    /non-finite value \(NaN\) for texts\[1\] "abc"/,
  );
  await assert.rejects(() => embedTexts(toyEmbedder(), ["a"], { chunk: 2 } as never), /unknown option 'chunk'/);
});

Deno.test("embedLanguageDataset(dataset, strings, embedder) writes a store entry that reads back; reruns are cache hits", async () => {
  const root = mkdtempSync(join(tmpdir(), "text-store-"));
  try {
    const strings = languageStrings("cinic10");
    const toy = toyEmbedder();
    const first = await embedLanguageDataset("cinic10", strings, toy, { root });
    assert.equal(first.cached, false);
    const { set, manifest } = readEmbeddings("cinic10", "toy", root);
    assert.equal(manifest.kind, "language");
    assert.equal(manifest.count, 70);
    assert.equal(manifest.dtype, "float32");
    assert.deepEqual(manifest.texts, strings.texts);
    assert.deepEqual(manifest.classNames, strings.classNames);
    assert.equal(manifest.inputHash, languageInputHash(toy, strings));
    assert.equal(set.vectors.data[0], strings.texts[0].length);
    assert.equal(classVectors(set).rows, 10);
    const calls = toy.calls;
    const again = await embedLanguageDataset("cinic10", strings, toy, { root });
    assert.equal(again.cached, true);
    assert.equal(toy.calls, calls, "a cache hit does not run the encoder");
    assert.equal((await embedLanguageDataset("cinic10", strings, toy, { root, force: true })).cached, false);
    const changed = { ...strings, texts: strings.texts.map((t) => t.toUpperCase()) };
    assert.equal(
      (await embedLanguageDataset("cinic10", changed, toy, { root })).cached,
      false,
      "new strings, new hash",
    );
  } finally {
    rmSync(root, { recursive: true });
  }
});

Deno.test("datasetLanguageStrings(id) covers the five shipped data sets", () => {
  const sizes = {
    cifar10: [180, 10],
    cinic10: [70, 10],
    cifar100: [1800, 100],
    imagenet100: [100, 100],
    "coco-mini": [795, 159],
  };
  for (const id of LANGUAGE_DATASET_IDS) {
    const s = datasetLanguageStrings(id);
    assert.deepEqual([s.texts.length, s.classNames.length], sizes[id], id);
  }
  assert.throws(() => datasetLanguageStrings("mnist" as "cifar10"), RangeError);
});

Deno.test("shipped glove-100d language embeddings are current (same inputs, same values)", async () => {
  const glove = createGloveEmbedder();
  for (const id of LANGUAGE_DATASET_IDS) {
    const strings = datasetLanguageStrings(id);
    const { set, manifest } = readEmbeddings(id, "glove-100d", STORE);
    assert.equal(manifest.inputHash, languageInputHash(glove, strings), `${id}: re-run deno task embed-text`);
    assert.deepEqual(manifest.texts, strings.texts);
    assert.deepEqual(Array.from(set.labels), Array.from(strings.labels));
    const rows = await glove.embed(strings.texts);
    for (let i = 0; i < rows.length; i++) {
      assert.ok(Math.abs(rows[i] - set.vectors.data[i]) <= 1e-6 * Math.max(1, Math.abs(rows[i])), `${id} value ${i}`);
    }
  }
});

Deno.test({
  name: "shipped use-lite language embeddings match their strings and a fresh USE lite run",
  ignore: defaultUseLiteDir() === null,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const use = await openTextEmbedder("use-lite");
    try {
      for (const id of LANGUAGE_DATASET_IDS) {
        const strings = datasetLanguageStrings(id);
        const { set, manifest } = readEmbeddings(id, "use-lite", STORE);
        assert.equal(manifest.inputHash, languageInputHash(use, strings), `${id}: re-run deno task embed-text`);
        assert.equal(manifest.dim, 512);
        // Spot-check the first and last rows against a fresh run.
        const pick = [0, strings.texts.length - 1];
        const fresh = await use.embed(pick.map((i) => strings.texts[i]));
        pick.forEach((row, j) => {
          for (let k = 0; k < 512; k++) {
            assert.ok(
              Math.abs(fresh[j * 512 + k] - set.vectors.data[row * 512 + k]) < 1e-5,
              `${id} row ${row} dim ${k}`,
            );
          }
        });
      }
    } finally {
      await use.close();
    }
  },
});
