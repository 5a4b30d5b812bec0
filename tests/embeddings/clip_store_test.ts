import assert from "node:assert/strict";
import { readEmbeddings } from "../../lib/embeddings/store.ts";
import { classVectors, normalizeRows } from "../../lib/embeddings/embedding_set.ts";
import { runClassVectors } from "../../lib/studies/run_data.ts";

const STORE = new URL("../../data/embeddings", import.meta.url).pathname;

Deno.test("a CLIP store (one row per class) gives class vectors = its L2-normalised rows, as a many-prompt reader expects", () => {
  const { set, manifest } = readEmbeddings("tiny-imagenet", "clip-vit-l14-text", STORE);
  assert.equal(manifest.count, 202);
  assert.equal(manifest.preprocessing.rowsPerClass, 1);
  const means = classVectors(set);
  assert.deepEqual([means.rows, means.cols], [202, 768]);
  const rows = normalizeRows(set.vectors);
  for (let i = 0; i < means.data.length; i++) assert.ok(Math.abs(means.data[i] - rows.data[i]) < 1e-12);
  // Half-of-the-rows readers are for the vision side only: the language side of a run uses every row.
  const run = runClassVectors("tiny-imagenet", "mobilenet-v1-0.75", "clip-vit-l14-text", 7, { root: STORE });
  assert.deepEqual([run.vision.rows, run.language.rows, run.language.cols], [202, 202, 768]);
  const vision = readEmbeddings("tiny-imagenet", "mobilenet-v1-0.75", STORE).manifest;
  assert.deepEqual(vision.classNames, manifest.classNames, "vision and CLIP stores share the class order");
  assert.deepEqual(Array.from(run.language.data.subarray(0, 768)), Array.from(rows.data.subarray(0, 768)));
});
