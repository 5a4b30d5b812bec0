/**
 * The Hahn–Grant dual state margins are read from: the factorised dual ascent (lib/qap/solvers/fhg/dual_state.ts,
 * the same parts `fhg` and `bnb` drive) run on the problem, with every LAP assignment it produces offered to an
 * {@link AlternativeTable} of the given permutation. Unlike a solve it does not stop at a proof: it keeps iterating
 * while the per-row gaps between the alternatives' bounds and the best alternatives seen shrink, since those are
 * what margins need. It ends with a banked leader LAP, so the state satisfies the bound identity
 * J(q) = LB + Σ Λ[i,q_i] + Σ R ≥ LB + Λ[i,j] for every q with q(i) = j.
 * @module
 */
import { atIterations, type Certificate, certificateTolerance, certifiedBound } from "../certificate.ts";
import type { QapProblem } from "../problem.ts";
import { type PreparedInput, prepareSymmetricInput } from "../solvers/_fhg_input.ts";
import { dualStateBytes, HahnGrantDualState, HahnGrantScratch } from "../solvers/fhg/dual_state.ts";
import { availableMemoryBytes, checkMemoryBudget } from "../memory.ts";
import { HahnGrantLapRunner } from "../solvers/fhg/lap_runner.ts";
import { AlternativeTable } from "./alternatives.ts";

/** Settings of {@link ascendForMargins}. */
export interface DualRootSettings {
  /** Most outer iterations (leader LAP + sweep); at least 1. */
  maxIterations: number;
  /** Stop when an iteration closes less than this fraction of the summed per-row gaps, 3 times in a row. */
  minGain: number;
  /** True when the time is up (checked between iterations; a sweep always completes). */
  expired: () => boolean;
}

/** The dual state after the ascent, with what it was computed under. */
export interface DualRoot {
  input: PreparedInput;
  /** Certificate of the working input with no rounds (use {@link atIterations} with {@link DualRoot.rounds}). */
  certificate: Certificate;
  /** Consistent dual state with banked leaders (reduced leaders Λ ≥ 0, bound identity holds). */
  state: HahnGrantDualState;
  /** Dual-update rounds behind the state (for the rounding allowance). */
  rounds: number;
  /** Outer iterations run. */
  iterations: number;
  /** Best alternatives seen per row. */
  alternatives: AlternativeTable;
}

/**
 * Raw (uncertified) lower bound on every permutation q with q(i) ≠ given[i]: LB + min over j ≠ given[i] of Λ[i,j].
 * Writes one value per row into `out` and returns it.
 */
export function rowAlternativeBounds(
  state: HahnGrantDualState,
  given: ArrayLike<number>,
  out: Float64Array = new Float64Array(state.n),
): Float64Array {
  const n = state.n, leaders = state.leaders;
  for (let i = 0; i < n; i++) {
    let m = Infinity;
    for (let j = 0; j < n; j++) if (j !== given[i] && leaders[i * n + j] < m) m = leaders[i * n + j];
    out[i] = state.lowerBound + m;
  }
  return out;
}

/**
 * Raw lower bounds on every permutation q with q(i) ≠ given[i], one per row, tighter than
 * {@link rowAlternativeBounds}: J(q) ≥ LB + Σ_k Λ[k,q_k] (the other terms of the identity are ≥ 0), and the sum is at
 * least the value of the LAP over Λ with the pair (i, given[i]) priced out of reach (a cost above any assignment
 * without it). That value is read from the LAP's exactly feasible duals, so it is a lower bound like every banked
 * leader LAP; one LAP of size n per row. The state is left unchanged.
 */
export function rowLapBounds(state: HahnGrantDualState, given: ArrayLike<number>): Float64Array {
  const n = state.n, leaders = state.leaders;
  const lap = new HahnGrantLapRunner(n, "jv"), cost = new Float64Array(n * n), out = new Float64Array(n);
  let reach = 0; // Σ_k max_l Λ[k,l] + 1 ≥ every assignment's sum
  for (let k = 0; k < n; k++) {
    let m = 0;
    for (let l = 0; l < n; l++) m = Math.max(m, leaders[k * n + l]);
    reach += m;
  }
  reach = 2 * reach + 1;
  for (let i = 0; i < n; i++) {
    cost.set(leaders);
    cost[i * n + given[i]] = reach;
    out[i] = state.lowerBound + lap.solve(cost, n, false);
  }
  return out;
}

/** Σ over rows of max(0, best alternative seen − certified bound on alternatives): what the ascent tries to close. */
function openGap(root: DualRoot, given: Int32Array, scratch: Float64Array): number {
  const cert = atIterations(root.certificate, root.rounds);
  const bounds = rowAlternativeBounds(root.state, given, scratch);
  let total = 0;
  for (let i = 0; i < root.state.n; i++) {
    const gap = root.alternatives.costs[i] - certifiedBound(bounds[i], cert);
    if (gap > 2 * cert.tolerance) total += gap;
  }
  return total;
}

/**
 * Runs the dual ascent on `problem` (symmetric A or B, as fhg; n ≥ 2) and collects alternatives to `given`. The
 * factors are used as given (bnb's shift "none"), so the state is a bound from the first complete sweep on; at least
 * one iteration runs.
 */
export function ascendForMargins(problem: QapProblem, given: Int32Array, settings: DualRootSettings): DualRoot {
  const fn = "marginsOf";
  const n = problem.n;
  checkMemoryBudget(fn, dualStateBytes(n), availableMemoryBytes(), {
    what: `the n³ dual planes at n = ${n}`,
    hint: "margins need the Hahn–Grant dual state; use a smaller problem",
    largestArrayEntries: n ** 3,
  });
  const input = prepareSymmetricInput(problem, fn, "none");
  const certificate = certificateTolerance(input);
  const state = HahnGrantDualState.initial(n, input.aShifted, input.bShifted, input.linear, input.shiftedConstant);
  const alternatives = new AlternativeTable(input, given);
  alternatives.offerSwapNeighbours();
  const lap = new HahnGrantLapRunner(n, "jv"), scratch = new HahnGrantScratch(n);
  // one round for the initial state (its leaders are rounded products), one per banked LAP and per sweep
  const root: DualRoot = { input, certificate, state, rounds: 1, iterations: 0, alternatives };
  const bankLeaders = (transposed: boolean) => {
    state.bankLeaders(state.solveLeaders(lap, scratch, transposed));
    root.rounds++;
    alternatives.offer(lap.ws.rowToCol.subarray(0, n));
  };
  const hooks = { onCandidate: (q: Int32Array) => void alternatives.offer(q), shouldStop: () => false };
  const gapScratch = new Float64Array(n);
  let previous = Infinity, weak = 0;
  bankLeaders(false);
  while (root.iterations < settings.maxIterations) {
    root.iterations++;
    state.sweep(lap, scratch, root.iterations, true, hooks);
    root.rounds++;
    bankLeaders(root.iterations % 2 === 1);
    const gap = openGap(root, given, gapScratch);
    if (gap === 0) break;
    weak = previous - gap < settings.minGain * previous ? weak + 1 : 0;
    previous = gap;
    if (weak >= 3 || settings.expired()) break;
  }
  return root;
}
