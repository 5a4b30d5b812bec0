import assert from "node:assert/strict";
import { blindMatch, blindMatchSubset, matchKernels, restrictKernel } from "../../lib/pipeline/blind_match.ts";
import { offDiagonalStats, standardizeKernel } from "../../lib/kernels/standardize.ts";
import { buildKernel } from "../../lib/kernels/metrics.ts";
import { fromRows } from "../../lib/core/matrix.ts";
import { assertPermutation } from "../_helpers/assert.ts";
import { plantedPair } from "../kernels/_planted.ts";

Deno.test("blindMatch(V, L, {solver: 'brute-force'}) recovers a planted identity for gw, cka and mknn (n = 7)", () => {
  const { vision, language } = plantedPair(7, 16, 8, 0.01);
  for (const metric of ["gw", "cka", "mknn"] as const) {
    const r = blindMatch(vision, language, { metric, k: 2, solver: "brute-force" });
    assertPermutation(r.permutation, 7);
    assert.equal(r.accuracy, 1, metric);
    assert.ok(r.optimal);
    assert.deepEqual(r.randomBaseline, { mean: 1 / 7, sd: 1 / 7 });
  }
});

Deno.test("blindMatch(V, L) with the default fhg solver recovers a planted identity and reports a valid bound", () => {
  const { vision, language } = plantedPair(10, 24, 9, 0.01);
  const r = blindMatch(vision, language, { solverOptions: { seed: 1 } });
  assert.equal(r.solve.solver, "fhg");
  assert.equal(r.accuracy, 1);
  assert.ok(r.bound !== null && r.bound <= r.cost + 1e-9);
});

Deno.test("blindMatch(V, L, {truth}) scores against a known shuffled pairing", () => {
  const { vision, language } = plantedPair(6, 10, 10, 0);
  const shuffle = [3, 0, 5, 1, 4, 2]; // vision i ↔ language shuffle[i]
  const shuffled = new Float64Array(6 * 10);
  for (let i = 0; i < 6; i++) shuffled.set(language.data.subarray(i * 10, i * 10 + 10), shuffle[i] * 10);
  const r = blindMatch(vision, { rows: 6, cols: 10, data: shuffled }, { solver: "brute-force", truth: shuffle });
  assert.deepEqual(Array.from(r.permutation), shuffle);
  assert.equal(r.accuracy, 1);
});

Deno.test("blindMatch(V, L) gives clear errors: counts differ, too few items, asymmetric kernel with fhg, unknown solver", () => {
  const { vision, language } = plantedPair(5, 6, 1);
  const four = { rows: 4, cols: 6, data: language.data.slice(0, 24) };
  assert.throws(() => blindMatch(vision, four), /same number of items, got 5 and 4/);
  assert.throws(() => blindMatch(fromRows([[1, 0], [0, 1]]), fromRows([[1, 0], [0, 1]])), /at least 3 items, got 2/);
  assert.throws(
    () => blindMatch(vision, language, { metric: "cka" }),
    /matchKernels: solver 'fhg' needs a symmetric A or B \(both are asymmetric here; metric 'cka'\); solvers that accept it: .*faq/,
  );
  assert.throws(() => blindMatch(vision, language, { solver: "gurobi" }), /matchKernels: unknown solver 'gurobi'/);
});

Deno.test("restrictKernel(K, idx) takes K[idx][:, idx] and matchKernels keeps inputs unchanged", () => {
  const { vision, language } = plantedPair(6, 8, 2);
  const kv = buildKernel(vision, "gw"), kl = buildKernel(language, "gw");
  const sub = restrictKernel(kv, [4, 1]);
  assert.deepEqual(Array.from(sub.data), [0, kv.data[4 * 6 + 1], kv.data[1 * 6 + 4], 0]);
  const before = kv.data.slice();
  matchKernels(kv, kl, { solver: "brute-force" });
  assert.deepEqual(kv.data, before);
});

Deno.test("blindMatchSubset(V, L, idx) standardises language over all classes, vision over the subset only (Pitfalls P12)", () => {
  const { vision, language } = plantedPair(9, 16, 12, 0.01);
  const idx = [1, 4, 5, 7, 8];
  const r = blindMatchSubset(vision, language, idx, { solver: "brute-force" });
  assert.equal(r.accuracy, 1);
  const full = standardizeKernel(buildKernel(language, "gw"));
  assert.deepEqual(Array.from(r.kernelLanguage.data), Array.from(restrictKernel(full, idx).data));
  const stats = offDiagonalStats(r.kernelVision);
  assert.ok(Math.abs(stats.mean) < 1e-12 && Math.abs(stats.std - 1) < 1e-12);
  assert.ok(Math.abs(offDiagonalStats(r.kernelLanguage).mean) > 1e-6, "language sub-kernel is not re-standardised");
});

Deno.test("blindMatch(V, L) works at the minimum n = 3 for gw (k only matters for mknn)", () => {
  const { vision, language } = plantedPair(3, 4, 13, 0);
  assert.equal(blindMatch(vision, language, { solver: "brute-force" }).problem.n, 3);
  assert.throws(
    () => blindMatch(vision, language, { metric: "mknn", solver: "brute-force" }),
    /k must be in \[1, 2\], got 4/,
  );
});
