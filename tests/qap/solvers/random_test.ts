import assert from "node:assert/strict";
import { Rng } from "../../../lib/core/rng.ts";
import { solveRandom } from "../../../lib/qap/solvers/random.ts";
import { randomProblem } from "./_fixtures.ts";

Deno.test("solveRandom(problem, {seed}) returns new Rng(seed).permutation(n) with its cost", () => {
  const problem = randomProblem(9, 4);
  for (const seed of [0, 1, 99]) {
    const result = solveRandom(problem, { seed });
    assert.deepEqual(Array.from(result.permutation), Array.from(new Rng(seed).permutation(9)));
    assert.equal(result.bound, null);
    assert.equal(result.optimal, false);
    assert.equal(result.status, "done");
  }
  assert.notDeepEqual(
    Array.from(solveRandom(problem, { seed: 1 }).permutation),
    Array.from(solveRandom(problem, { seed: 2 }).permutation),
  );
});

Deno.test("solveRandom(problem) has no options of its own", () => {
  assert.throws(
    () => solveRandom(randomProblem(3, 1), { restarts: 2 } as never),
    /solveRandom: unknown option 'restarts'/,
  );
});
