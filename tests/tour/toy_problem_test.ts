import assert from "node:assert/strict";
import { offDiagonalStats } from "../../lib/kernels/standardize.ts";
import { qapCost } from "../../lib/qap/objective.ts";
import { alignKernel, buildToyProblem, costLandscape, matchingRows, TOY_DEFAULTS } from "../../lib/tour/toy_problem.ts";
import { assertClose, assertPermutation } from "../_helpers/assert.ts";

Deno.test("buildToyProblem(options) is deterministic and builds standardised GW kernels", () => {
  const a = buildToyProblem({ n: 6, seed: 3 }), b = buildToyProblem({ n: 6, seed: 3 });
  assert.deepEqual(a.kernelVision.data, b.kernelVision.data);
  assert.notDeepEqual(a.kernelVision.data, buildToyProblem({ n: 6, seed: 4 }).kernelVision.data);
  assert.deepEqual(a.concepts, ["cat", "dog", "car", "truck", "bird", "plane"]);
  for (const k of [a.kernelVision, a.kernelLanguage]) {
    const { mean, std } = offDiagonalStats(k);
    assertClose(mean, 0, 1e-12);
    assertClose(std, 1, 1e-12);
    for (let i = 0; i < 6; i++) assert.equal(k.data[i * 6 + i], 0);
  }
  assert.equal(a.options.dim, TOY_DEFAULTS.dim);
  assert.throws(() => buildToyProblem({ n: 12 }), /buildToyProblem: n must be in \[3, 9\], got 12/);
  assert.throws(() => buildToyProblem({ size: 5 } as any), /unknown option 'size'/);
});

Deno.test("buildToyProblem(options).problem scores a matching as Σ (K_V[i,k] − K_L[p_i,p_k])²", () => {
  const toy = buildToyProblem({ n: 5, seed: 1 });
  const p = [2, 0, 1, 4, 3];
  let direct = 0;
  for (let i = 0; i < 5; i++) {
    for (let k = 0; k < 5; k++) {
      direct += (toy.kernelVision.data[i * 5 + k] - toy.kernelLanguage.data[p[i] * 5 + p[k]]) ** 2;
    }
  }
  assertClose(qapCost(toy.problem, p), direct, 1e-10);
});

Deno.test("costLandscape(problem, truth) scores all n! matchings and ranks the truth", () => {
  const toy = buildToyProblem({ n: 6, seed: 2 });
  const land = costLandscape(toy.problem, toy.truth);
  assert.equal(land.costs.length, 720);
  assertPermutation(land.best, 6);
  assertClose(land.bestCost, qapCost(toy.problem, land.best), 1e-12);
  assert.equal(land.bestCost, Math.min(...land.costs));
  const sorted = Array.from(land.costs).sort((x, y) => x - y);
  assert.equal(sorted.filter((c) => c < land.truthCost! - 1e-9 * Math.max(1, land.truthCost!)).length, land.truthRank);
  // every permutation appears exactly once: the costs of 720 distinct permutations sum to a fixed value
  // (each pair (i,k) ↦ (j,l) occurs (n−2)! times), which a repeated permutation would break
  let expected = 0;
  const a = toy.problem.a.data, b = toy.problem.b.data;
  for (let i = 0; i < 6; i++) {
    for (let k = 0; k < 6; k++) {
      for (let j = 0; j < 6; j++) {
        for (let l = 0; l < 6; l++) {
          if ((i === k) !== (j === l)) continue;
          expected += a[i * 6 + k] * b[j * 6 + l] * (i === k ? 120 : 24);
        }
      }
    }
  }
  expected += 720 * toy.problem.constant;
  assertClose(land.costs.reduce((s, c) => s + c, 0), expected, 1e-9);
  assert.throws(
    () => costLandscape({ ...toy.problem, n: 10 }),
    /costLandscape: n must be ≤ 9 for full enumeration, got 10/,
  );
});

Deno.test("alignKernel(kernel, p) and matchingRows(concepts, p, truth) read a matching", () => {
  const k = { rows: 3, cols: 3, data: new Float64Array([0, 1, 2, 1, 0, 3, 2, 3, 0]) };
  assert.deepEqual(Array.from(alignKernel(k, [2, 0, 1]).data), [0, 2, 3, 2, 0, 1, 3, 1, 0]);
  assert.deepEqual(matchingRows(["a", "b", "c"], [0, 2, 1], [0, 1, 2]), [
    { vision: "a", language: "a", correct: true },
    { vision: "b", language: "c", correct: false },
    { vision: "c", language: "b", correct: false },
  ]);
  assert.throws(() => alignKernel(k, [0, 1]), /alignKernel: permutation must have length 3, got 2/);
});
