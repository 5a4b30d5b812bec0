import assert from "node:assert/strict";
import { fromRows } from "../../lib/core/matrix.ts";
import { mutualKnnKernel } from "../../lib/kernels/mutual_knn.ts";
import { assertClose } from "../_helpers/assert.ts";
import { plantedPair } from "./_planted.ts";

Deno.test("mutualKnnKernel(vectors, 1) marks each row's nearest other point with 1/sqrt(n·k)", () => {
  const k = mutualKnnKernel(fromRows([[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9]]), 1);
  assert.deepEqual(Array.from(k.data), [0, 0.5, 0, 0, 0.5, 0, 0, 0, 0, 0, 0, 0.5, 0, 0, 0.5, 0]);
});

Deno.test("mutualKnnKernel(vectors, k) has row sums sqrt(k/n), excludes self, and Σ K_V∘K_L is the mutual-kNN overlap", () => {
  const n = 9, k = 3;
  // positive vectors: all similarities exceed the −ε diagonal, so no point is its own neighbour
  const positive = (seed: number) => {
    const m = plantedPair(n, 5, seed).vision;
    return { ...m, data: m.data.map(Math.abs) };
  };
  const vision = positive(3), other = positive(4);
  const kv = mutualKnnKernel(vision, k), kl = mutualKnnKernel(other, k);
  let overlap = 0, dot = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) {
      sum += kv.data[i * n + j];
      if (kv.data[i * n + j] > 0 && kl.data[i * n + j] > 0) overlap++;
      dot += kv.data[i * n + j] * kl.data[i * n + j];
    }
    assertClose(sum, Math.sqrt(k / n), 1e-12);
    assert.equal(kv.data[i * n + i], 0);
  }
  assertClose(dot, overlap / (n * k), 1e-12);
});

Deno.test("mutualKnnKernel(vectors, k) rejects k ≥ n", () => {
  assert.throws(
    () => mutualKnnKernel(fromRows([[1, 0], [0, 1], [1, 1]]), 3),
    /mutualKnnKernel: k must be in \[1, 2\], got 3/,
  );
});

Deno.test("mutualKnnKernel(vectors, k) picks the point itself when fewer than k others have similarity > −ε (as the original)", () => {
  // row 0 is opposite to rows 1 and 2: its similarities are −1, −1, so with k = 1 its top entry is its own −ε
  const k = mutualKnnKernel(fromRows([[1, 0], [-1, 0], [-1, 0.1]]), 1);
  assert.equal(k.data[0], 1 / Math.sqrt(3));
});
