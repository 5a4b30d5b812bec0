/**
 * Classic Hahn–Grant dual ascent on the dense Lawler cost tensor (docs/method.md, "Hahn–Grant dual ascent"; the first
 * row of the ablation Tab. 4/5). Keeps all n²·(n−1)² reduced pair costs: block (i,j) row k′ column l′ holds C[i,j,k,l]
 * for k ≠ i, l ≠ j, which is what makes it O(n⁴) in memory; a clear RangeError is thrown when that exceeds
 * `memoryBudgetBytes`.
 *
 * Deviations from the original, on purpose: the factors are shifted to be non-negative first (as in the factorised
 * solver, Pitfalls P5) so the bound is valid at every moment, not only after the first sweep; the forbidden entries of
 * a subproblem (row i / column j) are left out instead of stored as +∞, so the LAP is (n−1)×(n−1) and no O(n⁴) mask
 * restore runs per subproblem (same values and bound, far less time). No primal heuristics: the only primal solution is
 * the final LAP on the leaders. `iterations` counts outer iterations (leader LAP + sweep). Bounds and the optimality
 * claim follow certificate.ts (raw bound minus a rounding allowance relative to the problem's magnitude; no absolute
 * epsilon). Parts: a dense dual state, the leader step, the sweep, the driver.
 * @module
 */
import { checkRange } from "../../core/errors.ts";
import { option, schemaDefaults } from "../../core/options.ts";
import { LapWorkspace } from "../../lap/shortest_path.ts";
import type { QapProblem } from "../problem.ts";
import {
  finishResult,
  resolveSchemaOptions,
  SolveClock,
  type SolveResult,
  type SolverOptions,
  type SolveStatus,
} from "../result.ts";
import { costOf, type PreparedInput, prepareSymmetricInput, reportedBound } from "./_fhg_input.ts";
import { atIterations, certificateTolerance, certifiedBound, isCertifiedOptimal } from "../certificate.ts";
import { getLapAlgorithm, HAHN_GRANT_LAPS, type LapDualSolve } from "../../lap/algorithms.ts";

/** Options of {@link solveHahnGrant}. */
export interface HahnGrantOptions extends SolverOptions {
  /** LAP algorithm: "hungarian" (lib/lap/hungarian.ts, the original's choice; default) or "jv". */
  lap?: "hungarian" | "jv";
  /** Largest dense tensor allowed, in bytes; default 512 MiB (n ≈ 90). */
  memoryBudgetBytes?: number;
  /** Stop after more than this many consecutive iterations with bound gain ≤ ε·|LB|; default 3. */
  maxStallIterations?: number;
  /** Relative tolerance of the stall test (optimality is certificate.ts `isCertifiedOptimal`); default 1e-6. */
  epsilon?: number;
  /** Most outer iterations; default Infinity. */
  maxIterations?: number;
}

/** The declared options of {@link solveHahnGrant} (default, range, doc, CLI flag). */
export const HAHN_GRANT_OPTIONS = Object.freeze({
  lap: option.choice(["hungarian", "jv"] as const, "hungarian", "LAP algorithm: hungarian (the original's) or jv"),
  memoryBudgetBytes: option.number(512 * 1024 * 1024, "largest dense n⁴ tensor allowed, in bytes (512 MiB: n ≈ 90)", {
    min: 0,
    minExclusive: true,
  }),
  maxStallIterations: option.integer(3, "stop after more than this many iterations in a row with gain ≤ ε·|LB|", {
    min: 0,
  }),
  epsilon: option.number(1e-6, "relative tolerance of the stall test", { min: 0, max: 1, maxExclusive: true }),
  maxIterations: option.number(Infinity, "most outer iterations (leader LAP + sweep)", { min: 1 }),
});

/** Defaults of {@link HahnGrantOptions}. */
export const HAHN_GRANT_DEFAULTS = schemaDefaults(HAHN_GRANT_OPTIONS);

/** Bytes of the dense reduced-cost tensor classic Hahn–Grant needs for size n. */
export function hahnGrantMemoryBytes(n: number): number {
  return 8 * n * n * Math.max(0, n - 1) * Math.max(0, n - 1);
}

/** The LAP of one step, with the chosen algorithm (lib/lap registry); duals and assignment land in `ws`. */
class HgLap {
  readonly ws: LapWorkspace;
  calls = 0;
  readonly #solveDuals: LapDualSolve;
  constructor(kind: "hungarian" | "jv", n: number) {
    this.ws = new LapWorkspace(n, n);
    this.#solveDuals = getLapAlgorithm(HAHN_GRANT_LAPS[kind]).solveDuals;
  }
  /** Solves the size×size LAP on `cost` (consumed) and returns Σu + Σv. */
  solve(cost: Float64Array, size: number): number {
    this.calls++;
    return this.#solveDuals(cost, size, this.ws, 0);
  }
}

/**
 * The dual state of classic Hahn–Grant: block (i,j) of `pairs` (m×m, m = n − 1) holds the reduced pair costs
 * C[i,j,k,l] for k ≠ i, l ≠ j; `leaders` the reduced Λ[i,j]; `lowerBound` the banked total. For every permutation p,
 * J(p) = lowerBound + Σ_i Λ[i,p_i] + Σ_{i≠k} C[i,p_i,k,p_k] with every reduced cost ≥ 0, which is why lowerBound is a
 * bound.
 */
interface DenseDualState {
  readonly n: number;
  readonly m: number;
  readonly pairs: Float64Array;
  readonly leaders: Float64Array;
  lowerBound: number;
}

/** The initial state: shifted products A[i,k]·B[j,l] as pair costs, diagonal products plus L as leaders. */
function initialDualState(input: PreparedInput): DenseDualState {
  const n = input.n, m = n - 1, block = m * m;
  const a = input.aShifted, b = input.bShifted;
  const pairs = new Float64Array(n * n * block);
  const leaders = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const ij = i * n + j, base = ij * block;
      leaders[ij] = a[i * n + i] * b[j * n + j] + (input.linear ? input.linear[ij] : 0);
      for (let k = 0, kk = 0; k < n; k++) {
        if (k === i) continue;
        const aik = a[i * n + k];
        for (let l = 0, ll = 0; l < n; l++) if (l !== j) pairs[base + kk * m + ll++] = aik * b[j * n + l];
        kk++;
      }
    }
  }
  return { n, m, pairs, leaders, lowerBound: input.shiftedConstant };
}

/** LAP on a copy of the leaders into `scratch`; the duals stay in `lap.ws` for {@link bankLeaderDuals}. */
function leaderLap(state: DenseDualState, lap: HgLap, scratch: Float64Array): number {
  scratch.set(state.leaders);
  return lap.solve(scratch, state.n);
}

/** Adds the leader LAP's value to the bound and subtracts its duals from the leaders. */
function bankLeaderDuals(state: DenseDualState, lap: HgLap, delta: number): void {
  const { n, leaders } = state, { u, v } = lap.ws;
  state.lowerBound += delta;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) leaders[i * n + j] -= u[i] + v[j];
}

/** Spreads every reduced leader over its subproblem (each entry gains Λ/(n−1): every assignment gains Λ). */
function spreadLeaders(state: DenseDualState): void {
  const { n, m, pairs, leaders } = state, block = m * m;
  for (let ij = 0; ij < n * n; ij++) {
    const add = leaders[ij] / m, base = ij * block;
    for (let e = 0; e < block; e++) pairs[base + e] += add;
  }
}

/** Complementary cost transfer into subproblem (i,j): C[i,j,k,l] += C[k,l,i,j]; C[k,l,i,j] ← 0. */
function pullComplementaryCosts(state: DenseDualState, i: number, j: number): void {
  const { n, m, pairs } = state, block = m * m, base = (i * n + j) * block;
  for (let k = 0, kk = 0; k < n; k++) {
    if (k === i) continue;
    const pi = i < k ? i : i - 1;
    for (let l = 0, ll = 0; l < n; l++) {
      if (l === j) continue;
      const pj = j < l ? j : j - 1;
      const other = (k * n + l) * block + pi * m + pj;
      pairs[base + kk * m + ll] += pairs[other];
      pairs[other] = 0;
      ll++;
    }
    kk++;
  }
}

/** Solves subproblem (i,j) after the transfer, reduces its block by the LAP duals and makes its value the leader. */
function solveSubproblem(state: DenseDualState, lap: HgLap, i: number, j: number, sub: Float64Array): void {
  const { n, m, pairs } = state, block = m * m, ij = i * n + j, base = ij * block;
  pullComplementaryCosts(state, i, j);
  for (let e = 0; e < block; e++) sub[e] = pairs[base + e];
  const value = lap.solve(sub, m);
  const { u, v } = lap.ws;
  for (let kk = 0; kk < m; kk++) {
    const uk = u[kk], row = base + kk * m;
    for (let ll = 0; ll < m; ll++) pairs[row + ll] -= uk + v[ll];
  }
  state.leaders[ij] = value;
}

/**
 * One sweep: spreads the leaders, then solves the subproblems in ascending reduced-leader order (ties by index).
 * Returns false when the clock expired after a subproblem (the state is then mid-sweep but still a valid bound).
 */
function sweep(state: DenseDualState, lap: HgLap, clock: SolveClock, order: Int32Array, sub: Float64Array): boolean {
  const { n, leaders } = state, n2 = n * n;
  spreadLeaders(state);
  for (let x = 0; x < n2; x++) order[x] = x;
  order.sort((x, y) => leaders[x] - leaders[y] || x - y);
  for (let s = 0; s < n2; s++) {
    const ij = order[s], i = (ij / n) | 0;
    solveSubproblem(state, lap, i, ij - i * n, sub);
    if (clock.expired()) return false;
  }
  return true;
}

/** Checks that the dense tensor fits the budget; returns its size in bytes. */
function checkDenseMemory(opts: { memoryBudgetBytes: number }, n: number): number {
  const fn = "solveHahnGrant";
  const bytes = hahnGrantMemoryBytes(n);
  checkRange(
    bytes <= opts.memoryBudgetBytes,
    fn,
    `the dense n⁴ costs need ${(bytes / 2 ** 20).toFixed(0)} MiB at n = ${n}, over memoryBudgetBytes = ` +
      `${(opts.memoryBudgetBytes / 2 ** 20).toFixed(0)} MiB; use fhg (O(n³) memory) or raise memoryBudgetBytes`,
  );
  return bytes;
}

/**
 * Solves `problem` (symmetric A or B; the other is symmetrised exactly) by classic Hahn–Grant dual ascent. The
 * result's bound is valid (rounded up for integer data); `info` has `lapCalls`, `leaderLaps`, `memoryBytes`.
 */
export function solveHahnGrant(problem: QapProblem, options: HahnGrantOptions = {}): SolveResult {
  const fn = "solveHahnGrant";
  const opts = resolveSchemaOptions(fn, HAHN_GRANT_OPTIONS, options);
  const n = problem.n;
  const bytes = checkDenseMemory(opts, n);
  const input = prepareSymmetricInput(problem, fn);
  const clock = new SolveClock("hg", opts);
  const eps = opts.epsilon, certificate = certificateTolerance(input);
  if (n === 1) {
    return finishResult(problem, clock, opts, {
      permutation: [0],
      bound: certifiedBound(costOf(input, [0]), certificate),
      optimal: true,
      status: "optimal",
      iterations: 0,
      info: { lapCalls: 0, leaderLaps: 0, memoryBytes: 0 },
    });
  }
  const state = initialDualState(input);
  const lap = new HgLap(opts.lap, n);
  const leaderCost = new Float64Array(n * n), sub = new Float64Array((n - 1) * (n - 1));
  const order = new Int32Array(n * n);
  let leaderLaps = 0, iterations = 0, stall = 0;
  let status: SolveStatus = "stalled";
  for (;;) {
    iterations++;
    const delta = leaderLap(state, lap, leaderCost);
    leaderLaps++;
    if (clock.expired()) {
      status = clock.expiredStatus();
      break;
    }
    bankLeaderDuals(state, lap, delta);
    clock.report(
      iterations,
      Infinity,
      reportedBound(state.lowerBound, Infinity, atIterations(certificate, iterations)),
    );
    if (!sweep(state, lap, clock, order, sub)) {
      status = clock.expiredStatus();
      break;
    }
    // Stopping rule: more than maxStallIterations leader gains in a row of at most ε·|LB| (so a zero gain always
    // counts and LB = 0 cannot loop forever), or the iteration cap.
    stall = delta <= eps * Math.abs(state.lowerBound) ? stall + 1 : 0;
    if (stall > opts.maxStallIterations) break;
    if (iterations >= opts.maxIterations) {
      status = "max-iterations";
      break;
    }
  }
  leaderLap(state, lap, leaderCost);
  leaderLaps++;
  const permutation = lap.ws.rowToCol.slice(0, n);
  const cost = costOf(input, permutation);
  const final = atIterations(certificate, iterations);
  const bound = reportedBound(state.lowerBound, cost, final);
  const optimal = isCertifiedOptimal(cost, bound, final);
  if (optimal) status = "optimal";
  return finishResult(problem, clock, opts, {
    permutation,
    bound,
    optimal,
    status,
    iterations,
    certificate: final,
    info: {
      lapCalls: lap.calls,
      leaderLaps,
      memoryBytes: bytes,
      boundRoundedUp: final.integral,
      symmetrized: input.symmetrized,
    },
  });
}
