import assert from "node:assert/strict";
import { fromRows } from "../../lib/core/matrix.ts";
import { euclideanKernel } from "../../lib/kernels/euclidean.ts";

Deno.test("euclideanKernel(vectors) gives the 3-4-5 distances with a zero diagonal", () => {
  const k = euclideanKernel(fromRows([[0, 0], [3, 4], [0, 4]]));
  assert.deepEqual(Array.from(k.data), [0, 5, 4, 5, 0, 3, 4, 3, 0]);
});

Deno.test("euclideanKernel(vectors) rejects NaN input", () => {
  assert.throws(() => euclideanKernel(fromRows([[0, NaN], [1, 1]])), /euclideanKernel: vectors must be finite/);
});
