import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  CLIP_TEXT_MODEL_IDS,
  clipTextDatasets,
  openClipTextModel,
  resolveClipClasses,
} from "../../lib/embed/clip_text.ts";
import { CLIP_CLASS_TABLE } from "../../lib/embed/clip_text_table.ts";
import {
  datasetClassNames,
  embedLanguageDataset,
  LANGUAGE_MODEL_IDS,
  languageInputHash,
  TEXT_MODEL_IDS,
} from "../../lib/embed/text_embed.ts";
import { readEmbeddings } from "../../lib/embeddings/store.ts";
import { CIFAR10_CLASSES } from "../../lib/datasets/prompts.ts";
import { fromNpy } from "../../lib/io/npy.ts";
import { mkdtempSync, rmSync } from "node:fs";

const ROOT = new URL("../../", import.meta.url).pathname;
const STORE = `${ROOT}data/embeddings`;

Deno.test("the language-model registry lists the encoders and the two precomputed CLIP text models", () => {
  assert.deepEqual([...CLIP_TEXT_MODEL_IDS], ["clip-vit-l14-text", "clip-vit-b32-text"]);
  assert.deepEqual([...LANGUAGE_MODEL_IDS], [...TEXT_MODEL_IDS, ...CLIP_TEXT_MODEL_IDS]);
  assert.deepEqual(clipTextDatasets("clip-vit-b32-text"), ["cifar10", "cinic10"]);
  assert.deepEqual(clipTextDatasets("clip-vit-l14-text"), ["imagenet100", "tiny-imagenet"]);
});

Deno.test("every class of every mapped data set resolves to its own vector (the class table is complete)", () => {
  for (const model of CLIP_TEXT_MODEL_IDS) {
    for (const dataset of Object.keys(CLIP_CLASS_TABLE[model])) {
      const classes = datasetClassNames(dataset);
      const resolved = resolveClipClasses(model, dataset, classes, ROOT);
      assert.equal(resolved.length, classes.length, `${model}/${dataset}`);
      const keys = resolved.map((r) => `${r.vocabulary}:${r.row}`);
      assert.equal(new Set(keys).size, keys.length, `${model}/${dataset}: two classes share a vector`);
      if (CLIP_CLASS_TABLE[model][dataset].kind === "table") {
        const table = CLIP_CLASS_TABLE[model][dataset];
        assert.deepEqual(Object.keys(table.kind === "table" ? table.classes : {}).sort(), [...classes].sort());
      }
    }
  }
  const [car, ship] = resolveClipClasses("clip-vit-b32-text", "cifar10", ["automobile", "ship"], ROOT);
  assert.deepEqual([car.vocabulary, car.entry, car.text], ["lvis", "car_(automobile)", "a car_(automobile)"]);
  assert.deepEqual([ship.vocabulary, ship.entry, ship.text], ["o365", "Ship", "a Ship"]);
  const [goldfish] = resolveClipClasses("clip-vit-l14-text", "tiny-imagenet", ["n01443537"], ROOT);
  assert.equal(goldfish.row, 1); // sorted ImageNet-1k WNIDs: n01440764 (tench), n01443537 (goldfish)
  assert.match(goldfish.text, /^goldfish \(80 ImageNet templates/);
});

Deno.test("a class without a vector is a one-line error naming it and the vocabularies searched", () => {
  const oneLine = (pattern: RegExp) => (e: unknown) =>
    e instanceof RangeError && !e.message.includes("\n") && pattern.test(e.message);
  assert.throws(
    () => resolveClipClasses("clip-vit-b32-text", "cifar10", ["airplane", "spaceship"], ROOT),
    oneLine(/no vector for class 'spaceship' of cifar10 \(searched: the cifar10 table/),
  );
  assert.throws(
    () => resolveClipClasses("clip-vit-l14-text", "tiny-imagenet", ["n00000001"], ROOT),
    oneLine(/no vector for class 'n00000001' of tiny-imagenet.*searched: ImageNet-1k WNIDs/),
  );
  assert.throws(
    () => resolveClipClasses("clip-vit-b32-text", "cifar100", ["apple"], ROOT),
    oneLine(/clip-vit-b32-text has no class table for data set 'cifar100' \(mapped: cifar10, cinic10/),
  );
});

Deno.test("openClipTextModel: one row per class, the stored vector, and no embedding of other strings", async () => {
  const { strings, embedder } = openClipTextModel("clip-vit-b32-text", "cifar10", CIFAR10_CLASSES, ROOT);
  assert.equal(strings.texts.length, 10);
  assert.deepEqual(strings.items?.slice(0, 2), ["lvis:airplane", "lvis:car_(automobile)"]);
  const rows = await embedder.embed(strings.texts);
  const lvis = fromNpy(readFileSync(`${ROOT}data/clip-text/detic-vit-b32/lvis_v1_clip_a+cname.npy`));
  const names = readFileSync(`${ROOT}data/clip-text/detic-vit-b32/lvis_v1_names.txt`, "utf8").trim().split("\n");
  const catRow = names.indexOf("cat");
  assert.deepEqual(rows.subarray(3 * 512, 4 * 512), lvis.data.subarray(catRow * 512, (catRow + 1) * 512));
  await assert.rejects(() => embedder.embed(["a photo of a cat."]), /precomputed class vectors only/);
  // CLIP semantics survive the copy: cat is closer to dog than to truck.
  const cos = (a: number, b: number) => {
    let ab = 0, aa = 0, bb = 0;
    for (let k = 0; k < 512; k++) {
      const x = rows[a * 512 + k], y = rows[b * 512 + k];
      ab += x * y, aa += x * x, bb += y * y;
    }
    return ab / Math.sqrt(aa * bb);
  };
  assert.ok(cos(3, 5) > cos(3, 9), `cos(cat, dog) ${cos(3, 5)} vs cos(cat, truck) ${cos(3, 9)}`);
});

Deno.test("embedLanguageDataset writes a CLIP store that readEmbeddings reads back, one row per class", async () => {
  const root = mkdtempSync("/tmp/clip-store-");
  try {
    const { strings, embedder } = openClipTextModel(
      "clip-vit-l14-text",
      "imagenet100",
      datasetClassNames("imagenet100"),
      ROOT,
    );
    const written = await embedLanguageDataset("imagenet100", strings, embedder, { root });
    assert.equal(written.rows, 100);
    const { set, manifest } = readEmbeddings("imagenet100", "clip-vit-l14-text", root);
    assert.deepEqual([manifest.count, manifest.dim, manifest.split, manifest.kind], [100, 768, "val", "language"]);
    assert.equal(manifest.preprocessing.rowsPerClass, 1);
    assert.deepEqual(Array.from(set.labels), strings.texts.map((_, i) => i));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

Deno.test("shipped CLIP text stores are current (same table, same vectors)", async () => {
  for (const model of CLIP_TEXT_MODEL_IDS) {
    for (const dataset of clipTextDatasets(model)) {
      const { strings, embedder } = openClipTextModel(model, dataset, datasetClassNames(dataset), ROOT);
      const { set, manifest } = readEmbeddings(dataset, model, STORE);
      assert.equal(manifest.inputHash, languageInputHash(embedder, strings), `${dataset}/${model}: re-run embed-text`);
      const rows = await embedder.embed(strings.texts);
      assert.ok(rows.every((v, i) => Math.abs(v - set.vectors.data[i]) <= 1e-6), `${dataset}/${model}`);
    }
  }
});
