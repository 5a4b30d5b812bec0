/**
 * bnb's `maxNodes` (a node budget that gives the same result on any machine) and `incumbent` (a starting
 * permutation, e.g. fhg's).
 */
import assert from "node:assert/strict";
import { loadQaplibDat, loadQaplibSln } from "../../../lib/io/qaplib.ts";
import { solveQap } from "../../../lib/qap/registry.ts";
import { qapCost } from "../../../lib/qap/objective.ts";

const FIXTURES = new URL("../../fixtures/qaplib/", import.meta.url).pathname;

Deno.test("bnb maxNodes stops the search at the budget with status max-iterations and a valid bound", () => {
  const problem = loadQaplibDat(`${FIXTURES}nug12.dat`);
  const optimum = loadQaplibSln(`${FIXTURES}nug12.sln`).value;
  const options = { method: "bnb", maxNodes: 40, threads: 2, rootIterations: 20, heuristicTimeFraction: 0 } as const;
  const first = solveQap(problem, options);
  assert.equal(first.status, "max-iterations");
  assert.equal(first.optimal, false);
  assert.ok(first.iterations <= 40, `explored ${first.iterations} nodes`);
  assert.equal(first.info.threads, 1, "a node budget searches on one thread");
  assert.ok(first.bound !== null && first.bound <= optimum && first.cost >= optimum);
  const second = solveQap(problem, options);
  assert.equal(second.iterations, first.iterations);
  assert.equal(second.bound, first.bound);
  assert.deepEqual([...second.permutation], [...first.permutation]);
});

Deno.test("bnb with an ample node budget still proves the optimum", () => {
  const problem = loadQaplibDat(`${FIXTURES}nug12.dat`);
  const optimum = loadQaplibSln(`${FIXTURES}nug12.sln`).value;
  const result = solveQap(problem, { method: "bnb", maxNodes: 1e7 });
  assert.equal(result.status, "optimal");
  assert.equal(result.cost, optimum);
});

Deno.test("bnb takes a starting incumbent, and refuses one that is not a permutation of 0…n−1", () => {
  const problem = loadQaplibDat(`${FIXTURES}nug12.dat`);
  const solution = loadQaplibSln(`${FIXTURES}nug12.sln`);
  const incumbent = Int32Array.from(solution.permutation!);
  assert.equal(qapCost(problem, incumbent), solution.value);
  // With no time for the root's heuristic, the given optimum is the incumbent the search prunes against.
  const result = solveQap(problem, {
    method: "bnb",
    incumbent,
    threads: 1,
    heuristicTimeFraction: 0,
    heuristicRepetitions: 1,
  });
  assert.equal(result.status, "optimal");
  assert.equal(result.cost, solution.value);
  assert.throws(() => solveQap(problem, { method: "bnb", incumbent: [0, 1, 2] }), /incumbent/);
  assert.throws(() => solveQap(problem, { method: "bnb", incumbent: "x" as unknown as number[] }), /incumbent/);
});
