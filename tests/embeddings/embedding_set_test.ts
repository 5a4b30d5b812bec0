import assert from "node:assert/strict";
import {
  checkEmbeddingRows,
  classVectors,
  createEmbeddingSet,
  normalizeRows,
} from "../../lib/embeddings/embedding_set.ts";
import { fromRows } from "../../lib/core/matrix.ts";
import { assertClose } from "../_helpers/assert.ts";

Deno.test("classVectors(set) averages raw rows per class, then L2-normalises (Pitfalls P1)", () => {
  // class 0: (3,0) and (0,1) → mean (1.5, 0.5) → normalised; normalising first would give (1,1)/2 → different
  const set = createEmbeddingSet(fromRows([[3, 0], [0, 1], [0, 2]]), [0, 0, 1]);
  const c = classVectors(set);
  const norm = Math.hypot(1.5, 0.5);
  assertClose(c.data[0], 1.5 / norm);
  assertClose(c.data[1], 0.5 / norm);
  assert.deepEqual(Array.from(c.data.slice(2)), [0, 1]);
});

Deno.test("classVectors(set, {rowIndices}) uses only the given rows (a random half) and handles ragged classes", () => {
  const set = createEmbeddingSet(fromRows([[1, 0], [0, 1], [1, 1], [2, 0], [5, 5]]), [0, 0, 0, 1, 1]);
  const c = classVectors(set, { rowIndices: [0, 1, 3], normalize: false });
  assert.deepEqual(Array.from(c.data), [0.5, 0.5, 2, 0]);
  assert.throws(() => classVectors(set, { rowIndices: [0, 1] }), /class 1 has no rows/);
});

Deno.test("createEmbeddingSet(vectors, labels, names) rejects duplicate class names and bad labels", () => {
  assert.throws(() => createEmbeddingSet(fromRows([[1], [2]]), [0, 1], ["cat", "cat"]), /duplicate: 'cat'/);
  assert.throws(() => createEmbeddingSet(fromRows([[1], [2]]), [0, -1]), /labels\[1\] must be an integer ≥ 0/);
  assert.throws(() => createEmbeddingSet(fromRows([[1], [2]]), [0]), /one entry per row/);
});

Deno.test("normalizeRows(m) divides by max(‖x‖, 1e-12) and keeps zero rows zero", () => {
  const m = normalizeRows(fromRows([[3, 4], [0, 0]]));
  [0.6, 0.8, 0, 0].forEach((x, i) => assertClose(m.data[i], x, 1e-15));
});

Deno.test("checkEmbeddingRows(m) names NaN rows, zero vectors and too few items", () => {
  assert.throws(
    () => checkEmbeddingRows(fromRows([[1, 2], [NaN, 1], [1, 1]]), "f", "vision"),
    /vision row 1 has a non-finite value/,
  );
  assert.throws(
    () => checkEmbeddingRows(fromRows([[1, 2], [0, 0], [1, 1]]), "f", "vision"),
    /vision row 1 is a zero vector/,
  );
  assert.throws(() => checkEmbeddingRows(fromRows([[1, 2], [1, 1]]), "f", "vision"), /at least 3 items, got 2/);
});
