import assert from "node:assert/strict";
import { fromRows } from "../../lib/core/matrix.ts";
import { ckaKernel } from "../../lib/kernels/cka.ts";
import { assertClose } from "../_helpers/assert.ts";

Deno.test("ckaKernel(vectors) matches the hand-computed row-centred, std-scaled kernel (asymmetric)", () => {
  // rows scaled by their unbiased std 1/√3 → G = 3·[[1,0,1],[0,1,1],[1,1,2]]; row means [2,2,4];
  // G_c = [[1,-2,1],[-2,1,1],[-1,-1,2]]; Σ G_c[i,j]·G_c[j,i] = 10
  const k = ckaKernel(fromRows([[1, 0, 0], [0, 1, 0], [1, 1, 0]]));
  const expected = [1, -2, 1, -2, 1, 1, -1, -1, 2].map((x) => x / Math.sqrt(10));
  expected.forEach((x, i) => assertClose(k.data[i], x, 1e-12));
  assert.notEqual(k.data[0 * 3 + 2], k.data[2 * 3 + 0]); // asymmetric
});

Deno.test("ckaKernel(vectors) is invariant to scaling a row (per-vector std) and rows sum to zero", () => {
  const a = ckaKernel(fromRows([[1, 2, 0, 1], [0, 1, 3, 1], [2, 2, 1, 0], [1, 0, 0, 5]]));
  const b = ckaKernel(fromRows([[10, 20, 0, 10], [0, 1, 3, 1], [2, 2, 1, 0], [1, 0, 0, 5]]));
  a.data.forEach((x, i) => assertClose(b.data[i], x, 1e-12));
  for (let i = 0; i < 4; i++) {
    assertClose(a.data[i * 4] + a.data[i * 4 + 1] + a.data[i * 4 + 2] + a.data[i * 4 + 3], 0, 1e-12);
  }
});

Deno.test("ckaKernel(vectors) rejects a constant row", () => {
  assert.throws(() => ckaKernel(fromRows([[1, 1, 1], [0, 1, 2], [2, 0, 1]])), /row 0 of vectors is constant/);
});
