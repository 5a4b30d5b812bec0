import assert from "node:assert/strict";
import { budgetedOptions, limitNote, splitTimings } from "../../lib/studies/budgets.ts";
import { syntheticAblationProblem } from "../../lib/studies/ablation.ts";
import { getSolver, solveQap } from "../../lib/qap/registry.ts";

Deno.test("budgetedOptions: counts per solver, no time limit with a budget, bnb on one thread", () => {
  assert.equal(budgetedOptions("fhg", { iterations: 50 }).maxIterations, 50);
  assert.equal(budgetedOptions("fhg", { iterations: 50 }).timeLimit, undefined);
  assert.equal(budgetedOptions("hg", { iterations: 7 }).maxIterations, 7);
  assert.equal(budgetedOptions("mpopt", { batches: 3 }).maxBatches, 3);
  const bnb = budgetedOptions("bnb", { iterations: 20, nodes: 100 });
  assert.equal(bnb.threads, 1);
  assert.equal(bnb.rootIterations, 20);
  assert.equal(bnb.maxNodes, Object.hasOwn(getSolver("bnb").defaults, "maxNodes") ? 100 : undefined);
  // fhg's heuristic is made clock-free: the solver's count schedule where it has one, else no time share
  const fhg = budgetedOptions("fhg", {});
  assert.ok(
    fhg.heuristicSchedule === "count" || (fhg.heuristicTimeFraction === 0 && fhg.heuristicRepetitions === 100),
    JSON.stringify(fhg),
  );
  assert.equal(budgetedOptions("fhg", { heuristicRepetitions: 7 }).heuristicRepetitions, 7);
  // seconds only where asked, and never for solvers that take none
  assert.deepEqual(budgetedOptions("faq", null, 5), { timeLimit: 5 });
  assert.deepEqual(budgetedOptions("brute-force", null, 5), {});
  assert.deepEqual(budgetedOptions("random", undefined), {});
  assert.throws(() => budgetedOptions("fhg", { iterations: 0 }), /budget.iterations must be an integer ≥ 1/);
  assert.throws(() => budgetedOptions("fhg", null, -1), /timeLimit must be positive/);
});

Deno.test("budgetedOptions: fhg and bnb under a budget give the same result twice (nothing read from the clock)", () => {
  const problem = syntheticAblationProblem(9, 32, 3);
  for (const method of ["fhg", "bnb"]) {
    const options = { method, seed: 1, ...budgetedOptions(method, { iterations: 30, nodes: 200 }) };
    const a = solveQap(problem, options), b = solveQap(problem, options);
    assert.deepEqual(Array.from(a.permutation), Array.from(b.permutation), method);
    assert.equal(a.cost, b.cost, method);
    assert.equal(a.bound, b.bound, method);
    assert.equal(a.iterations, b.iterations, method);
    assert.equal(a.status, b.status, method);
    assert.ok(a.bound! <= a.cost + 1e-9);
  }
});

Deno.test("splitTimings moves the timing columns into their own rows, keyed; limitNote names budgets and seconds", () => {
  const rows = [{ n: 5, seed: 1, cost: 2, seconds: 0.5 }, { n: 6, seed: 1, cost: 3, seconds: 1.5 }];
  const { rows: clean, timings } = splitTimings(rows, ["n", "seed"]);
  assert.deepEqual(clean, [{ n: 5, seed: 1, cost: 2 }, { n: 6, seed: 1, cost: 3 }]);
  assert.deepEqual(timings, [{ n: 5, seed: 1, seconds: 0.5 }, { n: 6, seed: 1, seconds: 1.5 }]);
  assert.equal(rows[0].seconds, 0.5, "the input rows are not changed");
  const note = limitNote({ 12: { iterations: 300, nodes: 20000 } }, { 40: 300 });
  assert.match(note, /n = 12: 300 iterations, 20000 nodes/);
  assert.match(note, /n = 40: 300 s/);
  assert.match(note, /same on any machine/);
  assert.doesNotMatch(limitNote({}, { 40: 300 }), /same on any machine/);
});
