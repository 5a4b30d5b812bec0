/** fhg's `heuristicSchedule: "count"`: the heuristic's work does not depend on the clock. */
import assert from "node:assert/strict";
import { loadQaplibDat } from "../../../lib/io/qaplib.ts";
import { solveQap } from "../../../lib/qap/registry.ts";

const FIXTURES = new URL("../../fixtures/qaplib/", import.meta.url).pathname;

/** Busy-waits `ms` milliseconds (a slow machine, seen from the solver's clock). */
function stall(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* wait */ }
}

Deno.test("fhg with heuristicSchedule count gives the same result on a slow and a fast machine", () => {
  const problem = loadQaplibDat(`${FIXTURES}tai12a.dat`);
  const options = { method: "fhg", maxIterations: 8, heuristicSchedule: "count", heuristicRepetitions: 20 } as const;
  const fast = solveQap(problem, options);
  const slow = solveQap(problem, { ...options, onSweep: () => stall(15) });
  assert.deepEqual([...slow.permutation], [...fast.permutation]);
  assert.equal(slow.cost, fast.cost);
  assert.equal(slow.bound, fast.bound);
  assert.equal(slow.iterations, fast.iterations);
  assert.equal(
    slow.info.heuristicRepetitions ?? slow.info.repetitions,
    fast.info.heuristicRepetitions ?? fast.info.repetitions,
  );
});

Deno.test("fhg refuses an unknown heuristic schedule", () => {
  const problem = loadQaplibDat(`${FIXTURES}tai12a.dat`);
  assert.throws(() => solveQap(problem, { method: "fhg", heuristicSchedule: "fast" as "count" }), /heuristicSchedule/);
});
