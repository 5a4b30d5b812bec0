import assert from "node:assert/strict";
import { matrixFrom } from "../../../lib/core/matrix.ts";
import { qapCost } from "../../../lib/qap/objective.ts";
import { createQapProblem } from "../../../lib/qap/problem.ts";
import { solveBruteForce } from "../../../lib/qap/solvers/brute_force.ts";
import { FAQ_DEFAULTS, solveFaq } from "../../../lib/qap/solvers/faq.ts";
import { loadSynthetic, plantedGwProblem, randomProblem, referenceRuns } from "./_fixtures.ts";

const runs = referenceRuns();

Deno.test("FAQ_DEFAULTS are SciPy's (maxiter 30, tol 0.03, barycenter, minimise)", () => {
  assert.equal(FAQ_DEFAULTS.maxIterations, 30);
  assert.equal(FAQ_DEFAULTS.tolerance, 0.03);
  assert.equal(FAQ_DEFAULTS.init, "barycenter");
  assert.equal(FAQ_DEFAULTS.starts, 1);
  assert.equal(FAQ_DEFAULTS.maximize, false);
  assert.ok(Object.isFrozen(FAQ_DEFAULTS));
});

Deno.test("solveFaq(problem) from the barycenter reproduces SciPy's cost on every synthetic reference instance", () => {
  // runs.csv rows "scipy-1.17 … faq-bary": SciPy 1.17 quadratic_assignment(A, B, method="faq"), cost + constant.
  // (QAPLIB rows are not compared: integer data make the LAP directions tie, and SciPy's LAP breaks ties differently.)
  const rows = runs.filter((r) =>
    r.implementation === "scipy-1.17" && r.solver === "faq-bary" && r.inst.startsWith("synth") && Number(r.n) <= 50
  );
  assert.ok(rows.length >= 8);
  for (const row of rows) {
    const result = solveFaq(loadSynthetic(row.inst).problem);
    const expected = Number(row.cost);
    assert.ok(Math.abs(result.cost - expected) <= 1e-9 * expected, `${row.inst}: ${result.cost} vs SciPy ${expected}`);
  }
});

Deno.test("solveFaq(problem, {init: 'random', starts: 100}) reaches the reference best cost at n = 20 and 30", () => {
  for (const name of ["synth-gw-N20-s0", "synth-cos-N20-s0", "synth-gw-N30-s0", "synth-cos-N30-s0"]) {
    const inst = loadSynthetic(name);
    const result = solveFaq(inst.problem, { init: "random", starts: 100, seed: 1 });
    assert.ok(result.cost <= inst.bestCost * (1 + 1e-9), `${name}: ${result.cost} vs ${inst.bestCost}`);
    assert.ok(result.cost >= inst.bestCost * (1 - 1e-9), `${name}: below the best known`);
    assert.equal(result.info.starts, 100);
  }
});

Deno.test("solveFaq(problem) with an asymmetric B equals FAQ on the symmetrised B when A is symmetric", () => {
  // With A symmetric, J and the FAQ gradient A·P·Bᵀ + Aᵀ·P·B = 2·A·P·(B + Bᵀ)/2 only see (B + Bᵀ)/2.
  for (let seed = 0; seed < 6; seed++) {
    const sym = randomProblem(9, 30 + seed, { symmetric: true });
    const n = 9, bs = sym.b.data;
    const skew = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) skew[i * n + j] = i < j ? 0.75 : i > j ? -0.75 : 0;
    const asym = createQapProblem(sym.a, matrixFrom(bs.map((x, k) => x + skew[k]), n, n));
    assert.equal(asym.isSymmetric, false);
    const r1 = solveFaq(sym, { init: "random", starts: 3, seed });
    const r2 = solveFaq(asym, { init: "random", starts: 3, seed });
    assert.deepEqual(Array.from(r2.permutation), Array.from(r1.permutation), `seed ${seed}`);
    assert.ok(Math.abs(r2.cost - r1.cost) <= 1e-9 * Math.max(1, Math.abs(r1.cost)));
  }
});

Deno.test("solveFaq(problem, {initialPermutation}) stays at a planted optimum; random starts never beat the optimum", () => {
  const { problem, truth } = plantedGwProblem(9, 3);
  const fromTruth = solveFaq(problem, { initialPermutation: truth });
  assert.deepEqual(Array.from(fromTruth.permutation), Array.from(truth));
  assert.equal(fromTruth.status, "converged");
  const best = solveFaq(problem, { init: "random", starts: 20 });
  assert.ok(best.cost >= solveBruteForce(problem).cost - 1e-9);
});

Deno.test("solveFaq(problem, {maximize: true}) finds a cost at least the minimising run's; linear term is used", () => {
  const problem = randomProblem(10, 8, { linear: true });
  const min = solveFaq(problem, { starts: 5 });
  const max = solveFaq(problem, { starts: 5, maximize: true });
  assert.ok(max.cost > min.cost);
  // A dominant linear term makes FAQ pick its LAP optimum.
  const n = 6;
  const l = new Float64Array(n * n).fill(1000);
  const target = [3, 0, 5, 1, 4, 2];
  target.forEach((j, i) => (l[i * n + j] = 0));
  const small = randomProblem(n, 9);
  const withLinear = createQapProblem(small.a, small.b, { linear: matrixFrom(l, n, n) });
  assert.deepEqual(Array.from(solveFaq(withLinear).permutation), target);
});

Deno.test("solveFaq(problem, {timeLimit}) stops with status time-limit and a projected permutation", () => {
  const problem = randomProblem(40, 4);
  const result = solveFaq(problem, { timeLimit: 1e-6, starts: 50 });
  assert.equal(result.status, "time-limit");
  assert.equal(result.cost, qapCost(problem, result.permutation));
});

Deno.test("solveFaq validates its options", () => {
  const problem = randomProblem(4, 1);
  assert.throws(
    () => solveFaq(problem, { maxIterations: 0 }),
    /solveFaq: maxIterations must be in \[1, Infinity\], got 0/,
  );
  assert.throws(() => solveFaq(problem, { tolerance: -1 }), /solveFaq: tolerance must be ≥ 0, got -1/);
  assert.throws(() => solveFaq(problem, { init: "ones" as never }), /init must be "barycenter" or "random", got ones/);
  assert.throws(() => solveFaq(problem, { starts: 1.5 }), /starts must be an integer, got 1\.5/);
  assert.throws(() => solveFaq(problem, { maximize: 1 as never }), /maximize must be a boolean, got number/);
  assert.throws(
    () => solveFaq(problem, { initialPermutation: [0, 1, 2] }),
    /initialPermutation must have length 4, got 3/,
  );
});
