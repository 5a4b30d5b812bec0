import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { fromRows } from "../../lib/core/matrix.ts";
import { DataNotFoundError } from "../../lib/core/errors.ts";
import { createEmbeddingSet } from "../../lib/embeddings/embedding_set.ts";
import {
  checkManifest,
  checkStoredEntry,
  type EmbeddingManifest,
  readEmbeddings,
  type StoredEntryExpectation,
  storePaths,
  writeEmbeddings,
} from "../../lib/embeddings/store.ts";
import { toNpy } from "../../lib/io/npy.ts";

function withTempDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "store-test-"));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const BASE = {
  kind: "language" as const,
  model: "test-model",
  dataset: "toy",
  split: "test",
  preprocessing: { templates: 1 },
  texts: ["a cat", "a dog", "a car"],
};

Deno.test("writeEmbeddings(set, manifest) round-trips rows, labels and names through readEmbeddings", () => {
  withTempDir((root) => {
    const set = createEmbeddingSet(fromRows([[1, 2], [3, 4], [5, 6.5]]), [0, 1, 2], ["cat", "dog", "car"]);
    const paths = writeEmbeddings(set, { ...BASE, dtype: "float64" }, root);
    assert.equal(paths.npy, join(root, "toy", "test-model.npy"));
    const back = readEmbeddings("toy", "test-model", root);
    assert.deepEqual(Array.from(back.set.vectors.data), [1, 2, 3, 4, 5, 6.5]);
    assert.deepEqual(Array.from(back.set.labels), [0, 1, 2]);
    assert.deepEqual(back.manifest.classNames, ["cat", "dog", "car"]);
    assert.equal(back.manifest.count, 3);
    assert.equal(back.manifest.dim, 2);
    // atomic writes leave no temp files behind
    assert.deepEqual(readdirSync(join(root, "toy")).sort(), ["test-model.json", "test-model.npy"]);
  });
});

Deno.test("writeEmbeddings(set, {dtype: 'float16'}) stores half precision", () => {
  withTempDir((root) => {
    const set = createEmbeddingSet(fromRows([[0.1, 2], [3, 4], [5, 6]]), [0, 1, 2], ["a", "b", "c"]);
    writeEmbeddings(set, { ...BASE, dtype: "float16" }, root);
    const back = readEmbeddings("toy", "test-model", root);
    assert.equal(back.manifest.dtype, "float16");
    assert.ok(Math.abs(back.set.vectors.data[0] - 0.1) < 1e-3 && back.set.vectors.data[0] !== 0.1);
  });
});

Deno.test("readEmbeddings(dataset, model) throws DataNotFoundError for a missing entry and rejects a mismatched shape", () => {
  withTempDir((root) => {
    assert.throws(() => readEmbeddings("toy", "absent", root), DataNotFoundError);
    const set = createEmbeddingSet(fromRows([[1, 2], [3, 4], [5, 6]]), [0, 1, 2], ["a", "b", "c"]);
    const paths = writeEmbeddings(set, BASE, root);
    const manifest = JSON.parse(Deno.readTextFileSync(paths.manifest));
    manifest.dim = 3;
    writeFileSync(paths.manifest, JSON.stringify(manifest));
    assert.throws(() => readEmbeddings("toy", "test-model", root), /has shape 3×2, manifest says 3×3/);
  });
});

Deno.test("checkManifest(value) names the bad field", () => {
  const good = {
    format: 1,
    kind: "vision",
    model: "m",
    dataset: "d",
    split: "test",
    count: 2,
    dim: 1,
    dtype: "float32",
    labels: [0, 1],
    classNames: ["a", "b"],
    preprocessing: {},
  };
  assert.equal(checkManifest(good).count, 2);
  assert.throws(
    () => checkManifest({ ...good, labels: [0, 2] }),
    /labels\[1\] must be a class index in \[0, 1\], got 2/,
  );
  assert.throws(() => checkManifest({ ...good, classNames: ["a", "a"] }), /duplicate: 'a'/);
  assert.throws(() => checkManifest({ ...good, kind: "audio" }), /kind must be/);
  assert.throws(() => storePaths("CIFAR", "m"), /lowercase kebab-case/);
});

Deno.test("checkStoredEntry: a hit needs a valid manifest, matching hash and dtype, and an .npy of exactly the right size", () => {
  const root = mkdtempSync("/tmp/store-check-");
  try {
    const set = createEmbeddingSet(
      { rows: 4, cols: 3, data: new Float64Array(12).map((_, k) => k + 1) },
      [0, 1, 0, 1],
      [
        "a",
        "b",
      ],
    );
    const paths = writeEmbeddings(set, {
      kind: "vision",
      model: "m",
      dataset: "d",
      split: "test",
      dtype: "float32",
      preprocessing: { skipped: 1 },
      inputHash: "h1",
    }, root);
    const want: StoredEntryExpectation = { inputHash: "h1", dtype: "float32" };
    assert.equal(checkStoredEntry(paths, want).hit, true);
    const miss = (expected = want) => {
      const r = checkStoredEntry(paths, expected);
      assert.equal(r.hit, false);
      return (r as { reason: string }).reason;
    };
    assert.match(miss({ ...want, inputHash: "h2" }), /inputs changed/);
    assert.match(miss({ ...want, dtype: "float16" }), /stored dtype float32, asked for float16/);
    const strict = { ...want, accept: (m: EmbeddingManifest) => m.preprocessing.skipped ? "skipped" : null };
    assert.equal(miss(strict), "skipped");
    const good = readFileSync(paths.npy);
    writeFileSync(paths.npy, good.subarray(0, good.length - 4));
    assert.match(miss(), /has \d+ bytes, its shape needs \d+/);
    writeFileSync(paths.npy, new Uint8Array([...good, 0, 0, 0, 0]));
    assert.match(miss(), /has \d+ bytes, its shape needs \d+/, "extra bytes are not trusted either");
    writeFileSync(paths.npy, toNpy(new Float64Array(24), [8, 3], "float32"));
    assert.match(miss(), /shape \(8, 3\), manifest says 4×3/);
    writeFileSync(paths.npy, toNpy(new Float64Array(12), [4, 3], "float64"));
    assert.match(miss(), /holds float64, manifest says float32/);
    writeFileSync(paths.manifest, "{");
    assert.match(miss(), /unreadable manifest/);
    rmSync(paths.npy);
    assert.equal(miss(), "no stored entry");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
