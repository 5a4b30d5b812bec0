import assert from "node:assert/strict";
import { fromRows } from "../../lib/core/matrix.ts";
import { offDiagonalStats, standardizeKernel } from "../../lib/kernels/standardize.ts";
import { assertClose } from "../_helpers/assert.ts";

Deno.test("standardizeKernel(K) gives off-diagonal mean 0, unbiased std 1 and a zero diagonal", () => {
  const k = fromRows([[7, 1, 2], [3, 9, 5], [4, 8, -1]]);
  const s = standardizeKernel(k);
  const stats = offDiagonalStats(s);
  assertClose(stats.mean, 0, 1e-14);
  assertClose(stats.std, 1, 1e-14);
  for (let i = 0; i < 3; i++) assert.equal(s.data[i * 4], 0);
  // off-diagonal values of K are 1,2,3,5,4,8: mean 23/6, unbiased std by hand
  const mean = 23 / 6, std = Math.sqrt([1, 2, 3, 5, 4, 8].reduce((a, x) => a + (x - mean) ** 2, 0) / 5);
  assertClose(offDiagonalStats(k).mean, mean, 1e-14);
  assertClose(s.data[1], (1 - mean) / std, 1e-14);
  assert.equal(k.data[0], 7); // input untouched
});

Deno.test("standardizeKernel(K) rejects a kernel with constant off-diagonal entries", () => {
  assert.throws(() => standardizeKernel(fromRows([[0, 1], [1, 0]])), /off-diagonal entries are all equal/);
});
