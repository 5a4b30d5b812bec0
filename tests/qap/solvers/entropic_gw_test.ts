import assert from "node:assert/strict";
import { matrixFrom } from "../../../lib/core/matrix.ts";
import { createQapProblem } from "../../../lib/qap/problem.ts";
import { ENTROPIC_GW_DEFAULTS, solveEntropicGw } from "../../../lib/qap/solvers/entropic_gw.ts";
import { loadSynthetic, plantedGwProblem, randomProblem, referenceRuns } from "./_fixtures.ts";

Deno.test("ENTROPIC_GW_DEFAULTS are POT's (ε 0.1, 1000 iterations, tol 1e-9, 1000 Sinkhorn iterations)", () => {
  assert.deepEqual({ ...ENTROPIC_GW_DEFAULTS }, {
    epsilon: 0.1,
    maxIterations: 1000,
    tolerance: 1e-9,
    sinkhornIterations: 1000,
    sinkhornTolerance: 1e-9,
  });
  assert.ok(Object.isFrozen(ENTROPIC_GW_DEFAULTS));
});

Deno.test("solveEntropicGw(problem) reproduces POT's rounded cost on the synthetic reference instances (n ≤ 30)", () => {
  // runs.csv rows "official … egw-pot": POT 0.8.2 entropic_gromov_wasserstein(C1 = −A, C2 = B, ε = 0.1) + LAP rounding.
  const rows = referenceRuns().filter((r) =>
    r.solver === "egw-pot" && Number(r.n) <= 30 && r.inst !== "synth-gw-N10-s0"
  );
  assert.ok(rows.length >= 6);
  for (const row of rows) {
    const result = solveEntropicGw(loadSynthetic(row.inst).problem);
    const expected = Number(row.cost);
    assert.ok(Math.abs(result.cost - expected) <= 1e-9 * expected, `${row.inst}: ${result.cost} vs POT ${expected}`);
    assert.equal(result.info.numericalErrors, 0);
  }
});

Deno.test("solveEntropicGw(problem, {epsilon: 0.005}) stays finite where the plain kernel underflows, and recovers a planted permutation", () => {
  const { problem, truth } = plantedGwProblem(10, 2);
  for (const epsilon of [0.1, 0.005]) {
    const result = solveEntropicGw(problem, { epsilon, maxIterations: 200 });
    assert.deepEqual(Array.from(result.permutation), Array.from(truth), `ε = ${epsilon}`);
    assert.ok(Number.isFinite(result.info.gwLoss as number));
    assert.equal(result.info.numericalErrors, 0);
  }
});

Deno.test("solveEntropicGw(problem) with an asymmetric B equals the run on the symmetrised B when A is symmetric", () => {
  // The exact gradient for asymmetric input only sees (B + Bᵀ)/2 up to row/column constants, which Sinkhorn absorbs.
  const sym = randomProblem(7, 12, { symmetric: true });
  const n = 7;
  const b = sym.b.data.map((x, k) => x + ((k % n) > Math.floor(k / n) ? 0.5 : (k % n) < Math.floor(k / n) ? -0.5 : 0));
  const asym = createQapProblem(sym.a, matrixFrom(b, n, n));
  const options = { maxIterations: 30, epsilon: 1 };
  const r1 = solveEntropicGw(sym, options), r2 = solveEntropicGw(asym, options);
  assert.deepEqual(Array.from(r2.permutation), Array.from(r1.permutation));
});

Deno.test("solveEntropicGw validates its options", () => {
  const problem = randomProblem(3, 1);
  assert.throws(
    () => solveEntropicGw(problem, { epsilon: 0 }),
    /solveEntropicGw: epsilon must be positive and finite, got 0/,
  );
  assert.throws(
    () => solveEntropicGw(problem, { maxIterations: -1 }),
    /maxIterations must be in \[1, Infinity\], got -1/,
  );
  assert.throws(() => solveEntropicGw(problem, { tolerance: "x" as never }), /tolerance must be a number, got string/);
  assert.throws(() => solveEntropicGw(problem, { sinkhornIterations: 0 }), /sinkhornIterations must be in/);
});
