import assert from "node:assert/strict";
import { Rng } from "../../../lib/core/rng.ts";
import { qapCost } from "../../../lib/qap/objective.ts";
import { prepareSymmetricInput } from "../../../lib/qap/solvers/_fhg_input.ts";
import { HahnGrantDualState, HahnGrantScratch } from "../../../lib/qap/solvers/fhg/dual_state.ts";
import { HahnGrantLapRunner } from "../../../lib/qap/solvers/fhg/lap_runner.ts";
import { bruteForceOptimum, randomGwProblem } from "./_hg_fixtures.ts";

/** LB + Σ Λ[i,p_i] + Σ_{i<k} R_{i,p_i}(k,p_k) over the state's own (local) indices. */
function identityValue(state: HahnGrantDualState, p: ArrayLike<number>): number {
  let total = state.lowerBound;
  for (let i = 0; i < state.n; i++) {
    total += state.leader(i, p[i]);
    for (let k = i + 1; k < state.n; k++) total += state.pairCost(i, p[i], k, p[k]);
  }
  return total;
}

Deno.test("HahnGrantDualState: the bound identity holds after banking and sweeping, and restrict(i, j) keeps it on every completion", () => {
  const rng = new Rng(11);
  for (let t = 0; t < 40; t++) {
    const n = 5 + (t % 4);
    const problem = randomGwProblem(n, 500 + t, 0.4);
    const input = prepareSymmetricInput(problem, "test");
    const state = HahnGrantDualState.initial(n, input.aShifted, input.bShifted, input.linear, input.shiftedConstant);
    const lap = new HahnGrantLapRunner(n, "jv"), scratch = new HahnGrantScratch(n);
    for (let it = 1; it <= 1 + (t % 3); it++) {
      state.bankLeaders(state.solveLeaders(lap, scratch, it % 2 === 1));
      assert.ok(state.sweep(lap, scratch, it, true, { shouldStop: () => false }));
    }
    state.bankLeaders(state.solveLeaders(lap, scratch, false));
    for (let r = 0; r < 5; r++) {
      const p = rng.permutation(n);
      const j = qapCost(problem, p);
      assert.ok(Math.abs(identityValue(state, p) - j) <= 1e-9 * Math.max(1, Math.abs(j)));
    }
    // Fix row i0 → column j0, then a second assignment: completions keep the identity, the bound only grows.
    const i0 = t % n, j0 = (3 * t) % n;
    const child = state.restrict(i0, j0);
    assert.equal(child.n, n - 1);
    assert.ok(child.lowerBound >= state.lowerBound);
    const grandchild = child.restrict(0, child.n - 1);
    for (let r = 0; r < 5; r++) {
      const q = rng.permutation(n - 1);
      // completion of the child: local row k ↦ local column q[k]; back to original indices
      const full = new Int32Array(n);
      full[i0] = j0;
      for (let k = 0, kk = 0; k < n; k++) {
        if (k === i0) continue;
        const c = q[kk++];
        full[k] = c < j0 ? c : c + 1;
      }
      const j = qapCost(problem, full);
      assert.ok(Math.abs(identityValue(child, q) - j) <= 1e-9 * Math.max(1, Math.abs(j)), `t = ${t}`);
      assert.ok(child.lowerBound <= j + 1e-9 * Math.abs(j));
    }
    assert.ok(grandchild.lowerBound >= child.lowerBound);
    // A restricted state is a working state: the ascent continues on it with a valid, non-decreasing bound.
    const before = child.lowerBound;
    child.bankLeaders(child.solveLeaders(lap, scratch, false));
    assert.ok(child.lowerBound >= before);
    assert.ok(child.sweep(lap, scratch, 1, true, { shouldStop: () => false }));
  }
});

Deno.test("HahnGrantDualState.fromParts round-trips parts() and rejects arrays of the wrong size", () => {
  const problem = randomGwProblem(6, 1, 0.3);
  const input = prepareSymmetricInput(problem, "test");
  const state = HahnGrantDualState.initial(6, input.aShifted, input.bShifted, input.linear, input.shiftedConstant);
  const copy = HahnGrantDualState.fromParts(structuredClone(state.parts()));
  assert.deepEqual(copy.leaders, state.leaders);
  assert.equal(copy.lowerBound, state.lowerBound);
  assert.throws(() => HahnGrantDualState.fromParts({ ...state.parts(), n: 5 }), /do not match n = 5/);
});

Deno.test("HahnGrantDualState on unshifted factors with negative entries is a bound only from its first complete sweep on", () => {
  let invalidAtStart = 0;
  for (let t = 0; t < 60; t++) {
    const n = 5 + (t % 4);
    const problem = randomGwProblem(n, 800 + t, 0.5);
    const optimum = bruteForceOptimum(problem);
    const input = prepareSymmetricInput(problem, "test", "none");
    const state = HahnGrantDualState.initial(n, input.aShifted, input.bShifted, input.linear, input.shiftedConstant);
    if (!state.boundValid) invalidAtStart++;
    const lap = new HahnGrantLapRunner(n, "jv"), scratch = new HahnGrantScratch(n);
    state.bankLeaders(state.solveLeaders(lap, scratch, false));
    assert.ok(state.sweep(lap, scratch, 1, true, { shouldStop: () => false }));
    assert.ok(state.boundValid);
    for (let it = 2; it <= 4; it++) {
      state.bankLeaders(state.solveLeaders(lap, scratch, it % 2 === 1));
      assert.ok(
        state.lowerBound <= optimum + 1e-9 * Math.abs(optimum),
        `t = ${t}: LB ${state.lowerBound} > ${optimum}`,
      );
      assert.ok(state.sweep(lap, scratch, it, true, { shouldStop: () => false }));
    }
    // the min-shifted factors of the same problem are a bound from the start
    const shifted = prepareSymmetricInput(problem, "test");
    assert.ok(HahnGrantDualState.initial(n, shifted.aShifted, shifted.bShifted, null, 0).boundValid);
  }
  assert.ok(invalidAtStart > 30, `only ${invalidAtStart} of 60 GW instances start with negative pair costs`);
});
