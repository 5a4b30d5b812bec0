import assert from "node:assert/strict";
import { fromRows } from "../../../lib/core/matrix.ts";
import { Rng } from "../../../lib/core/rng.ts";
import { loadQaplibDat } from "../../../lib/io/qaplib.ts";
import { createQapProblem } from "../../../lib/qap/problem.ts";
import { getSolver } from "../../../lib/qap/registry.ts";
import { HAHN_GRANT_DEFAULTS, hahnGrantMemoryBytes, solveHahnGrant } from "../../../lib/qap/solvers/hahn_grant.ts";
import { assertPermutation, fixturePath } from "../../_helpers/assert.ts";
import { bruteForceOptimum, loadSynthetic, randomGwProblem } from "./_hg_fixtures.ts";

Deno.test("solveHahnGrant(random GW n = 5–7) bound ≤ brute-force optimum ≤ cost", () => {
  for (let t = 0; t < 40; t++) {
    const n = 5 + (t % 3);
    const problem = randomGwProblem(n, 500 + t, t % 2 ? 0.2 : 0.5);
    const optimum = bruteForceOptimum(problem);
    for (const lap of ["hungarian", "jv"] as const) {
      const result = solveHahnGrant(problem, { lap, maxIterations: 25 });
      assertPermutation(result.permutation, n);
      const tol = 1e-9 * Math.max(1, Math.abs(optimum));
      assert.ok(result.bound! <= optimum + tol, `t=${t} ${lap}: bound ${result.bound} > ${optimum}`);
      assert.ok(optimum <= result.cost + tol);
      if (result.optimal) assert.ok(Math.abs(result.cost - optimum) <= 1e-6 * Math.max(1, optimum));
    }
  }
});

Deno.test("solveHahnGrant(synth-gw-N10-s0) closes most of the gap; nug12 gives an integral bound below the optimum", () => {
  const { problem, reference } = loadSynthetic("synth-gw-N10-s0");
  const result = solveHahnGrant(problem, { timeLimit: 20 });
  assert.ok(result.bound! <= reference.best_cost + 1e-9 * reference.best_cost);
  assert.ok(result.bound! > 0.9 * reference.best_cost, `weak bound ${result.bound}`);
  assert.notEqual(result.status, "time-limit");
  assert.equal(result.info.leaderLaps, result.iterations + 1);
  assert.equal(result.info.lapCalls, result.iterations * 101 + 1);
  const nug12 = loadQaplibDat(fixturePath("qaplib", "nug12.dat"));
  const r = solveHahnGrant(nug12, { timeLimit: 2 });
  assert.ok(Number.isInteger(r.bound));
  assert.ok(r.bound! <= 578 && r.bound! > 400, `nug12 bound ${r.bound}`);
});

Deno.test("solveHahnGrant(…, {memoryBudgetBytes}) refuses with a clear error when n⁴ costs do not fit", () => {
  const problem = randomGwProblem(12, 3);
  assert.equal(hahnGrantMemoryBytes(12), 8 * 144 * 121);
  assert.throws(
    () => solveHahnGrant(problem, { memoryBudgetBytes: 100_000 }),
    (e: Error) => e instanceof RangeError && /memoryBudgetBytes/.test(e.message) && /fhg/.test(e.message),
  );
  assert.ok(hahnGrantMemoryBytes(100) > HAHN_GRANT_DEFAULTS.memoryBudgetBytes);
});

Deno.test("solveHahnGrant(asymmetric A and B, bad options, n = 1) is refused or handled", () => {
  const rng = new Rng(9);
  const asym = fromRows(Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => rng.int(9))));
  assert.throws(() => solveHahnGrant(createQapProblem(asym, asym)), /solvers that accept it/);
  assert.throws(() => solveHahnGrant(randomGwProblem(5, 1), { lap: "auction" as never }), RangeError);
  assert.throws(() => solveHahnGrant(randomGwProblem(5, 1), { foo: 1 } as never), TypeError);
  const one = solveHahnGrant(createQapProblem(fromRows([[2]]), fromRows([[3]])));
  assert.equal(one.cost, 6);
  assert.ok(one.optimal);
  assert.equal(getSolver("hg").solve(randomGwProblem(5, 2), { maxIterations: 2 }).solver, "hg");
});

Deno.test("solveHahnGrant(A = 0) stops by its stall rule although the bound stays at 0 (a zero gain counts as a stall)", () => {
  const b = fromRows([[0, 1, 2], [1, 0, 3], [2, 3, 0]]);
  const result = solveHahnGrant(createQapProblem(fromRows([[0, 0, 0], [0, 0, 0], [0, 0, 0]]), b), { timeLimit: 20 });
  assert.equal(result.cost, 0);
  assert.equal(result.bound, 0);
  assert.ok(result.optimal);
  assert.equal(result.iterations, HAHN_GRANT_DEFAULTS.maxStallIterations + 1);
});

Deno.test("solveHahnGrant(1e-5-scaled random symmetric data) claims optimality only for the brute-force optimum", () => {
  // The scale at which an absolute optimality tolerance once certified costs 40 % above the optimum.
  let proofs = 0;
  for (let t = 0; t < 40; t++) {
    const rng = new Rng(300 + t), n = 5 + (t % 3);
    const rows = Array.from({ length: n }, () => Array.from({ length: n }, () => 1e-5 * rng.uniform()));
    const sym = (m: number[][]) => fromRows(m.map((r, i) => r.map((x, j) => (i <= j ? x : m[j][i]))));
    const problem = createQapProblem(sym(rows), sym(rows.map((r) => r.map((x) => x * (1 + rng.uniform())))));
    const optimum = bruteForceOptimum(problem);
    const result = solveHahnGrant(problem, { maxIterations: 25 });
    assert.ok(result.bound! <= optimum, `t=${t}: bound ${result.bound} > optimum ${optimum}`);
    assert.equal(result.info.optimalityClaimWithdrawn, undefined, `t=${t}: the solver claimed an uncertified optimum`);
    if (result.optimal) {
      proofs++;
      assert.ok(result.cost - optimum <= 1e-12 * Math.abs(optimum), `t=${t}: cost ${result.cost}, optimum ${optimum}`);
    }
  }
  assert.ok(proofs > 0);
});
