import assert from "node:assert/strict";
import { solveEntropicGw } from "../../../lib/qap/solvers/entropic_gw.ts";
import { solveFaq } from "../../../lib/qap/solvers/faq.ts";
import { blockRows, forRowBlocks, greedyRoundInto } from "../../../lib/qap/solvers/_deadline.ts";
import { checkPermutation } from "../../../lib/core/permutation.ts";
import { randomProblem } from "./_fixtures.ts";

/** A signal that reads as aborted from its `after`-th read on, and counts the reads (how often a solver looks). */
function abortAfter(after: number): { signal: AbortSignal; reads: () => number } {
  let reads = 0;
  const fake = {
    get aborted() {
      return ++reads >= after;
    },
  };
  return { signal: fake as unknown as AbortSignal, reads: () => reads };
}

Deno.test("faq looks at the clock inside a Frank–Wolfe iteration (LAP rows, product blocks), not only between them", () => {
  const problem = randomProblem(40, 3, { symmetric: true });
  const full = solveFaq(problem, {});
  assert.ok(full.iterations >= 2, "the unstopped run takes several iterations");
  const { signal, reads } = abortAfter(3); // the 1st read is before iteration 1; the 3rd falls inside it
  const stopped = solveFaq(problem, { signal });
  assert.equal(stopped.status, "aborted");
  assert.equal(stopped.iterations, 0, "iteration 1 was abandoned, not finished");
  assert.ok(reads() > 3, "the projection asks too");
  checkPermutation(stopped.permutation, 40, "test");
});

Deno.test("faq asymmetric with random starts: a stop during a later start's initialisation keeps the best result", () => {
  const problem = randomProblem(30, 5);
  const { signal } = abortAfter(200);
  const r = solveFaq(problem, { signal, starts: 50, init: "random" });
  assert.equal(r.status, "aborted");
  assert.ok((r.info.starts as number) < 50);
  checkPermutation(r.permutation, 30, "test");
});

Deno.test("entropic-gw looks at the clock inside an outer iteration (product blocks, every Sinkhorn iteration)", () => {
  const problem = randomProblem(30, 4, { symmetric: true });
  const { signal } = abortAfter(3);
  const r = solveEntropicGw(problem, { signal });
  assert.equal(r.status, "aborted");
  assert.equal(r.iterations, 0, "outer iteration 1 was abandoned");
  assert.equal(r.info.gwLoss, null, "no time left for the loss");
  checkPermutation(r.permutation, 30, "test");
  const free = solveEntropicGw(problem, { maxIterations: 3 });
  assert.equal(typeof free.info.gwLoss, "number");
});

Deno.test("forRowBlocks covers [0, n) in blocks and stops between blocks; blockRows shrinks with n", () => {
  const seen: number[] = [];
  assert.equal(forRowBlocks(5, () => false, (r0, r1) => seen.push(r0, r1)), true);
  assert.deepEqual(seen, [0, 5]);
  let asks = 0;
  const done: number[] = [];
  assert.equal(forRowBlocks(3000, () => ++asks > 2, (r0, r1) => done.push(r1 - r0)), false);
  assert.equal(done.length, 2);
  assert.ok(blockRows(3000) < blockRows(300) && blockRows(10) >= 10);
});

Deno.test("greedyRoundInto gives a permutation that takes each row's heaviest free column, heaviest rows first", () => {
  // Row 1's best (9, column 0) comes first; row 0 then takes its best free column (2); row 2 gets column 1.
  const w = Float64Array.from([8, 1, 7, 9, 0, 0, 5, 2, 6]);
  const out = new Int32Array(3);
  greedyRoundInto(w, 3, out);
  assert.deepEqual(Array.from(out), [2, 0, 1]);
});
