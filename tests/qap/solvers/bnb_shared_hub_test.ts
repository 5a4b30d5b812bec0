import assert from "node:assert/strict";
import { Rng } from "../../../lib/core/rng.ts";
import { matrixFrom } from "../../../lib/core/matrix.ts";
import { createQapProblem } from "../../../lib/qap/problem.ts";
import { solveBranchAndBound } from "../../../lib/qap/solvers/branch_and_bound.ts";
import { solveBruteForce } from "../../../lib/qap/solvers/brute_force.ts";
import { HahnGrantDualState } from "../../../lib/qap/solvers/fhg/dual_state.ts";
import { HahnGrantLapRunner } from "../../../lib/qap/solvers/fhg/lap_runner.ts";
import { HahnGrantScratch } from "../../../lib/qap/solvers/fhg/dual_state.ts";
import { child, rootFrame } from "../../../lib/qap/solvers/bnb/search.ts";
import { type HubLayout, SharedHub, stateSlotsFor } from "../../../lib/qap/solvers/bnb/shared_hub.ts";

/** A root state of a random symmetric instance after two complete dual iterations (non-trivial duals everywhere). */
function improvedRoot(n: number, seed: number): HahnGrantDualState {
  const rng = new Rng(seed);
  const sym = () => {
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let k = i; k < n; k++) m[i * n + k] = m[k * n + i] = rng.uniform() * 10;
    return m;
  };
  const state = HahnGrantDualState.initial(n, sym(), sym(), null, 0);
  const lap = new HahnGrantLapRunner(n, "jv"), scratch = new HahnGrantScratch(n);
  for (let it = 1; it <= 2; it++) {
    state.bankLeaders(state.solveLeaders(lap, scratch, false));
    state.sweep(lap, scratch, it, true, { shouldStop: () => false });
  }
  state.bankLeaders(state.solveLeaders(lap, scratch, false));
  return state;
}

Deno.test("bnb shared hub: a handed-over node travels with its dual state, read back bit for bit (frees its slot)", () => {
  const n = 7, layout: HubLayout = { n, threads: 2, poolCapacity: 8, dumpCapacity: 8, stateSlots: 2 };
  const hub = SharedHub.create(layout, null, Infinity, []);
  const root = rootFrame(improvedRoot(n, 3), 9);
  const sent = child(child(root, 2, 4), 0, 5);
  const task = { rows: sent.fixedRows, cols: sent.fixedCols, bound: sent.state.lowerBound, rounds: sent.rounds + 1 };
  hub.lock();
  assert.equal(hub.pushPool(task, sent), true);
  const taken = hub.popPool();
  hub.unlock();
  assert.ok(taken.frame, "the node came with its state");
  const got = taken.frame!, want = sent.state.parts(), have = got.state.parts();
  assert.deepEqual(Array.from(got.rows), Array.from(sent.rows));
  assert.deepEqual(Array.from(got.cols), Array.from(sent.cols));
  assert.deepEqual(Array.from(got.fixedRows), Array.from(sent.fixedRows));
  for (const key of ["a", "b", "leaders", "gu", "gv"] as const) {
    assert.deepEqual(Array.from(have[key]), Array.from(want[key]), key);
  }
  assert.equal(have.n, n - 2);
  assert.equal(have.lowerBound, want.lowerBound);
  assert.equal(have.boundValid, want.boundValid);
  // the frame keeps the larger round count of the state and the task (the task's bound may have one more round)
  assert.equal(got.rounds, task.rounds);
  // the slot was freed: two more nodes get states, a third (slots full) travels without one
  hub.lock();
  for (let k = 0; k < 3; k++) hub.pushPool(task, sent);
  const frames = [hub.popPool(), hub.popPool(), hub.popPool()].map((t) => t.frame !== null);
  hub.unlock();
  assert.deepEqual(frames.sort(), [false, true, true]);
});

Deno.test("bnb shared hub: state slots stay within 64 MiB (none when one state is larger) and one per thread", () => {
  assert.equal(stateSlotsFor(20, 2), 2);
  assert.equal(stateSlotsFor(20, 8), 8);
  assert.equal(stateSlotsFor(160, 2), 1); // 2·159³ doubles ≈ 64 MB
  assert.equal(stateSlotsFor(300, 4), 0);
});

Deno.test("bnb on two threads proves the brute-force optimum of random instances while nodes are handed over with their dual states", () => {
  let handed = 0, withState = 0;
  for (let seed = 1; seed <= 6; seed++) {
    const n = 9, rng = new Rng(100 + seed);
    const sym = () => {
      const m = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let k = i; k < n; k++) {
          m[i * n + k] = m[k * n + i] = seed % 2 ? Math.floor(rng.uniform() * 10) : rng.normal();
        }
      }
      return matrixFrom(m, n, n);
    };
    const linear = seed % 3 === 0
      ? matrixFrom(Float64Array.from({ length: n * n }, () => rng.uniform()), n, n)
      : undefined;
    const problem = createQapProblem(sym(), sym(), { linear });
    // a weak root (no heuristic, 2 iterations) leaves a tree that both threads share
    const result = solveBranchAndBound(problem, {
      threads: 2,
      primalHeuristic: false,
      rootIterations: 2,
      symmetry: false,
    });
    const exact = solveBruteForce(problem);
    assert.equal(result.optimal, true, `seed ${seed}`);
    assert.ok(Math.abs(result.cost - exact.cost) <= 1e-9 * Math.max(1, Math.abs(exact.cost)), `seed ${seed}`);
    assert.ok(result.bound! <= exact.cost + 1e-9 * Math.max(1, Math.abs(exact.cost)), `seed ${seed}`);
    handed += result.info.handedOver as number;
    withState += result.info.handedOverWithState as number;
  }
  assert.ok(handed > 0, "some nodes were handed over");
  assert.ok(withState > 0 && withState <= handed, `${withState} of ${handed} handed over with their states`);
});
