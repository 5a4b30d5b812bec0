import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataNotFoundError } from "../../lib/core/errors.ts";
import { toNpy } from "../../lib/io/npy.ts";
import { createGloveEmbedder, createWordVectors, gloveWords, loadWordVectors } from "../../lib/embed/text_glove.ts";
import { datasetLanguageStrings, LANGUAGE_DATASET_IDS } from "../../lib/embed/text_embed.ts";
import { assertClose } from "../_helpers/assert.ts";

const table = () =>
  createWordVectors(["cat", "dog", "rust-red", "red", "men"], [1, 0, 0, 1, 2, 2, 4, 0, 0, 4], 2, { note: "toy" });

Deno.test("gloveWords(text) lowercases, splits on non-word characters and keeps inner - and '", () => {
  assert.deepEqual(gloveWords("A Rust-red CAT, sitting!"), ["a", "rust-red", "cat", "sitting"]);
  assert.deepEqual(gloveWords("men’s  room (2 cats)"), ["men's", "room", "2", "cats"]);
  assert.deepEqual(gloveWords(" - ... "), []);
  const vocab = table().index;
  assert.deepEqual(gloveWords("rust-red dog-like men's", vocab), ["rust-red", "dog", "like", "men", "s"]);
});

Deno.test("createGloveEmbedder(vectors).embed(texts) averages the known words and skips OOV", async () => {
  const glove = createGloveEmbedder(table());
  assert.equal(glove.dim, 2);
  const rows = await glove.embed(["Cat and dog", "rust-red zebra", "dog-like"]);
  assert.deepEqual(Array.from(rows), [0.5, 0.5, 2, 2, 0, 1]);
});

Deno.test("createGloveEmbedder: a string without known words throws, or is zero with onEmpty 'zero'", async () => {
  await assert.rejects(
    () => createGloveEmbedder(table()).embed(["cat", "zebra !"]),
    /texts\[1\] has no word in the vocabulary/,
  );
  const rows = await createGloveEmbedder(table(), { onEmpty: "zero" }).embed(["zebra"]);
  assert.deepEqual(Array.from(rows), [0, 0]);
  assert.throws(() => createGloveEmbedder(table(), { onEmpty: "nan" as "zero" }), RangeError);
  assert.throws(() => createGloveEmbedder(table(), { stop: true } as never), /unknown option 'stop'/);
});

Deno.test("createWordVectors(bad input) throws: duplicates, shape, non-finite", () => {
  assert.throws(() => createWordVectors(["a", "a"], [1, 2], 1), /unique/);
  assert.throws(() => createWordVectors(["a"], [1, 2, 3], 2), /words × dim = 2/);
  assert.throws(() => createWordVectors(["a"], [NaN], 1), /finite/);
});

Deno.test("loadWordVectors(path) reads json + npy; missing files are DataNotFoundError", () => {
  const dir = mkdtempSync(join(tmpdir(), "glove-"));
  try {
    writeFileSync(join(dir, "t.json"), JSON.stringify({ dim: 2, words: ["x", "y"], source: { s: 1 } }));
    writeFileSync(join(dir, "t.npy"), toNpy([1, 2, 3, 4], [2, 2], "float32"));
    const v = loadWordVectors(join(dir, "t.json"));
    assert.deepEqual(Array.from(v.vectors), [1, 2, 3, 4]);
    assert.equal(v.index.get("y"), 1);
    assert.throws(() => loadWordVectors(join(dir, "missing.json")), DataNotFoundError);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

Deno.test("the shipped GloVe subset covers every shipped language string with at least one word", async () => {
  const vectors = loadWordVectors();
  assert.equal(vectors.dim, 100);
  const glove = createGloveEmbedder(vectors);
  for (const id of LANGUAGE_DATASET_IDS) {
    const { texts } = datasetLanguageStrings(id);
    const rows = await glove.embed(texts); // throws if a string has no known word
    assert.equal(rows.length, texts.length * 100, id);
  }
  // GloVe 6B similarity sanity: cat is closer to dog than to truck.
  const [cat, dog, truck] = ["cat", "dog", "truck"].map((w) =>
    vectors.vectors.subarray(vectors.index.get(w)! * 100, vectors.index.get(w)! * 100 + 100)
  );
  const cos = (a: Float64Array, b: Float64Array) => {
    let ab = 0, aa = 0, bb = 0;
    for (let k = 0; k < 100; k++) (ab += a[k] * b[k]), (aa += a[k] ** 2), (bb += b[k] ** 2);
    return ab / Math.sqrt(aa * bb);
  };
  assert.ok(cos(cat, dog) > cos(cat, truck));
  assertClose(cat.length, 100);
});
