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
