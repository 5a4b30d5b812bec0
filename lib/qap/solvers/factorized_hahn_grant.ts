/**
 * Factorised Hahn–Grant dual ascent ("Ours", paper Alg. 2; spec §2.1): a lower bound and a primal solution for the
 * Koopmans–Beckmann QAP with symmetric factors, in O(n³) memory.
 *
 * Every assignment (i, j) owns a leader Λ[i,j] and the dual vectors U_ij, V_ij (length n−1) of its subproblem; the
 * shared reduced pair cost of {(i,j),(k,l)} is recomputed on the fly as
 * `R = 2·A[k,i]·B[l,j] − U_ij[pos_i(k)] − V_ij[pos_j(l)] − U_kl[pos_k(i)] − V_kl[pos_l(j)]`.
 * Layout: `gu[x·n² + k·n + l] = U_kl[pos_k(x)]` and `gv[y·n² + k·n + l] = V_kl[pos_l(y)]`, so building subproblem
 * (i,j) reads the other subproblems' duals as two contiguous n×n planes, and its own duals with stride n².
 *
 * Deviations from the original (documented on purpose): LAPs run in float64 (the original casts to float32, P8) with
 * the original's Jonker–Volgenant order of operations (the choice among non-unique duals drives the ascent; a
 * warm-started LAP was measured and proves fewer instances; augmenting row reduction is capped, see `_fhg_lap.ts`),
 * and the primal heuristic (shared `solveFaq` / `solveTwoOpt`) uses randomised FAQ starts and random-start 2-opt under
 * a time share (iteration 1 until it stops improving, then topped up to `heuristicTimeFraction` of the elapsed time)
 * instead of one deterministic FAQ repeated 100 times (P9), so dual ascent always gets most of the time; after a stall
 * without proof it keeps polishing the primal until `stallHeuristicPatience` repetitions fail.
 *
 * Two choices differ from the original on purpose, because they decide how high the bound climbs (every variant
 * keeps exactly feasible duals, so every bound is valid): LAPs alternate between the matrix and its transpose in a
 * checkerboard over (i + j + iteration) (`alternateOrientation`, default on; off = the original's fixed orientation),
 * and equal leaders are swept in descending index order. Measured against the original's final bounds: chr12a proved
 * (9552 vs its 9052), tai12a 219301 vs 216712, esc32a 40 vs 38, tai30a and tai50a past its bound in 0.3 s / 2 s
 * instead of 120 s / 180 s.
 * `iterations` counts outer iterations (one leader LAP + one sweep over the n² subproblems).
 * @module
 */
import { checkInteger, checkRange, checkType } from "../../core/errors.ts";
import { Rng } from "../../core/rng.ts";
import { LapWorkspace } from "../../lap/shortest_path.ts";
import type { QapProblem } from "../problem.ts";
import {
  finishResult,
  resolveOptions,
  SolveClock,
  type SolveResult,
  type SolverOptions,
  type SolveStatus,
} from "../result.ts";
import { solveFaq } from "./faq.ts";
import { solveTwoOpt } from "./two_opt.ts";
import { costOf, prepareSymmetricInput, reportedBound } from "./_fhg_input.ts";
import { solveJvInto } from "./_fhg_lap.ts";
import { repairLapDualsInto, solveLapAuctionInto } from "../../lap/auction.ts";
import { solveLapHungarianInto } from "../../lap/hungarian.ts";

/** LAP algorithms the dual ascent can use. */
export const FHG_LAP_ALGORITHMS = Object.freeze(["jv", "hungarian", "auction"] as const);

/** One of {@link FHG_LAP_ALGORITHMS}. */
export type FhgLapAlgorithm = typeof FHG_LAP_ALGORITHMS[number];

/** Read-only view of the dual state handed to {@link FhgOptions.onSweep} (a debugging / testing hook). */
export interface FhgSweepState {
  /** "leader" right after the leader LAP was banked; "sweep" after a complete subproblem sweep. */
  phase: "leader" | "sweep";
  /** Outer iteration (1-based). */
  iteration: number;
  /** Problem size. */
  n: number;
  /** Current lower bound LB (unrounded). */
  lowerBound: number;
  /** Leader Λ[i,j] (reduced). */
  leader(i: number, j: number): number;
  /** Shared reduced pair cost R_ij(k,l) = R_kl(i,j), for i ≠ k, j ≠ l. */
  pairCost(i: number, j: number, k: number, l: number): number;
}

/** Options of {@link solveFactorizedHahnGrant}. */
export interface FhgOptions extends SolverOptions {
  /** LAP algorithm: "jv" (Jonker–Volgenant in the original lapjv's order of operations, exact float64; default),
   * "hungarian" (lib/lap/hungarian.ts), "auction" (lib/lap/auction.ts forward–reverse auction, ε = 0.1 shrinking by
   * 0.9 per iteration; its duals are only ε-feasible and are repaired into exactly feasible ones before banking, so
   * the bound stays valid and `info.dualsExact` is false). */
  lap?: FhgLapAlgorithm;
  /** Checkerboard LAP orientation: in iteration t the LAP of subproblem (i,j) solves the transposed matrix when
   * i + j + t is odd (the leader LAP when t is odd), so the dual mass a LAP leaves in its column potentials alternates
   * between the rows and the columns of neighbouring subproblems and from one iteration to the next. Every LAP still
   * returns exactly feasible duals, so the bound stays valid; what changes is which optimal duals are banked, and that
   * decides how high the ascent climbs (measured: chr12a proved, tai30a past the original's final bound in 0.3 s
   * instead of > 12 s). Default true; false = the original's fixed orientation. */
  alternateOrientation?: boolean;
  /** Try every leader / subproblem LAP assignment as a primal candidate; default true. */
  updateWithLapSolutions?: boolean;
  /** Run the FAQ + 2-opt heuristic: in iteration 1 until `heuristicPatience` repetitions bring no improvement, then
   * one repetition at a time after a sweep while its share of the elapsed time is below `heuristicTimeFraction`;
   * default true. */
  primalHeuristic?: boolean;
  /** Most heuristic repetitions in the whole run; default 1000 (time is capped by heuristicTimeFraction). */
  heuristicRepetitions?: number;
  /** Iteration 1 stops the heuristic after this many repetitions without improvement; default 5. */
  heuristicPatience?: number;
  /** When the ascent stalls without a proof, heuristic repetitions continue until this many in a row bring no
   * improvement (0 = none), within the heuristic time cap: the bound has converged, so the remaining effort can only
   * improve the primal; default 100. */
  stallHeuristicPatience?: number;
  /** Heuristic time as a fraction of the elapsed time (and of timeLimit); default 0.2. */
  heuristicTimeFraction?: number;
  /** Heuristic total time cap in seconds; default 30. */
  heuristicMaxSeconds?: number;
  /** Stop after more than this many consecutive iterations with negligible bound gain; default 3. */
  maxStallIterations?: number;
  /** Relative tolerance of the gap and stall tests; default 1e-6. */
  epsilon?: number;
  /** Most outer iterations; default Infinity. */
  maxIterations?: number;
  /** Debug hook called after every leader step and every complete sweep (tests check the bound identity). */
  onSweep?: (state: FhgSweepState) => void;
}

/** Defaults of {@link FhgOptions} (the original's semantics apart from the documented deviations). */
export const FHG_DEFAULTS = Object.freeze({
  lap: "jv" as FhgLapAlgorithm,
  alternateOrientation: true,
  updateWithLapSolutions: true,
  primalHeuristic: true,
  heuristicRepetitions: 1000,
  heuristicPatience: 5,
  stallHeuristicPatience: 100,
  heuristicTimeFraction: 0.2,
  heuristicMaxSeconds: 30,
  maxStallIterations: 3,
  epsilon: 1e-6,
  maxIterations: Infinity,
  onSweep: undefined as ((state: FhgSweepState) => void) | undefined,
});

/** Bytes of dual state the factorised solver keeps for size n (U, V planes, leaders). */
export function fhgMemoryBytes(n: number): number {
  return 2 * 8 * n * n * n + 8 * n * n;
}

/**
 * Solves `problem` (symmetric A or B; the other is symmetrised exactly) by factorised Hahn–Grant dual ascent.
 * The result's `bound` is a valid lower bound (rounded up for integer data, `info.boundRoundedUp`), `optimal` is
 * true when the gap closed; `info` has `lapCalls`, `leaderLaps`, `heuristicSeconds`, `memoryBytes`, `dualsExact`.
 * Time limits are checked after every LAP and heuristic step.
 */
export function solveFactorizedHahnGrant(problem: QapProblem, options: FhgOptions = {}): SolveResult {
  const fn = "solveFactorizedHahnGrant";
  const opts = resolveOptions(fn, FHG_DEFAULTS, options);
  checkRange(
    FHG_LAP_ALGORITHMS.includes(opts.lap),
    fn,
    `lap must be one of ${FHG_LAP_ALGORITHMS.join(", ")}, got ${opts.lap}`,
  );
  for (const key of ["alternateOrientation", "updateWithLapSolutions", "primalHeuristic"] as const) {
    checkType(typeof opts[key] === "boolean", fn, `${key} must be a boolean, got ${String(opts[key])}`);
  }
  checkInteger(opts.heuristicRepetitions, fn, "heuristicRepetitions", 0);
  checkInteger(opts.heuristicPatience, fn, "heuristicPatience", 1);
  checkInteger(opts.stallHeuristicPatience, fn, "stallHeuristicPatience", 0);
  checkInteger(opts.maxStallIterations, fn, "maxStallIterations", 0);
  checkRange(
    opts.heuristicTimeFraction >= 0 && opts.heuristicTimeFraction <= 1,
    fn,
    `heuristicTimeFraction must be in [0, 1], got ${opts.heuristicTimeFraction}`,
  );
  checkRange(opts.heuristicMaxSeconds >= 0, fn, `heuristicMaxSeconds must be ≥ 0, got ${opts.heuristicMaxSeconds}`);
  checkRange(opts.epsilon >= 0 && opts.epsilon < 1, fn, `epsilon must be in [0, 1), got ${opts.epsilon}`);
  checkRange(opts.maxIterations >= 1, fn, `maxIterations must be ≥ 1, got ${opts.maxIterations}`);
  checkType(opts.onSweep === undefined || typeof opts.onSweep === "function", fn, "onSweep must be a function");

  const input = prepareSymmetricInput(problem, fn);
  const clock = new SolveClock("fhg", opts);
  const n = problem.n;
  if (n === 1) {
    return finishResult(problem, clock, opts, {
      permutation: [0],
      bound: costOf(input, [0]),
      optimal: true,
      status: "optimal",
      iterations: 0,
      info: { lapCalls: 0, leaderLaps: 0 },
    });
  }
  const m = n - 1, n2 = n * n, eps = opts.epsilon, integral = input.integral;
  const a = input.aShifted, b = input.bShifted;
  const gu = new Float64Array(n2 * n), gv = new Float64Array(n2 * n);
  const leaders = new Float64Array(n2);
  const sub = new Float64Array(m * m);
  const ws = new LapWorkspace(n, n);
  const order = new Int32Array(n2);
  const candidate = new Int32Array(n);
  const best = new Int32Array(n);
  let bestCost = Infinity;
  let lowerBound = input.shiftedConstant;
  let lapCalls = 0, leaderLaps = 0, iterations = 0, stall = 0, heuristicSeconds = 0;
  let status: SolveStatus = "converged", optimal = false;
  let auctionEpsilon = 0.1;
  const dualsExact = opts.lap !== "auction";

  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      leaders[i * n + j] = a[i * n + i] * b[j * n + j] + (input.linear ? input.linear[i * n + j] : 0);
    }
  }

  const tryCandidate = (p: Int32Array): void => {
    const c = costOf(input, p);
    if (c + 1e-8 < bestCost) {
      bestCost = c;
      best.set(p);
    }
  };
  const boundNow = () => reportedBound(lowerBound, bestCost, integral, n);

  // One LAP of size `size` on `cost` (already transposed by the caller when `transposed`) with the chosen algorithm;
  // exactly feasible duals and the assignment of the untransposed problem in ws; returns Σu + Σv.
  const lap = (cost: Float64Array, size: number, transposed: boolean): number => {
    const value = lapAsGiven(cost, size);
    if (transposed) {
      const { u, v, rowToCol, colToRow } = ws;
      for (let k = 0; k < size; k++) {
        const du = u[k];
        u[k] = v[k];
        v[k] = du;
        const r = rowToCol[k];
        rowToCol[k] = colToRow[k];
        colToRow[k] = r;
      }
    }
    return value;
  };
  const lapAsGiven = (cost: Float64Array, size: number): number => {
    lapCalls++;
    if (opts.lap === "jv") return solveJvInto(cost, size, ws);
    if (opts.lap === "hungarian") {
      solveLapHungarianInto(cost, size, size, ws);
      let total = 0;
      for (let k = 0; k < size; k++) total += ws.u[k] + ws.v[k];
      return total;
    }
    // Auction (spec: ε = 0.1, × 0.9 per outer iteration): ε-feasible duals, repaired into exactly feasible ones.
    solveLapAuctionInto(cost, size, size, ws, Math.max(auctionEpsilon, 1e-9), false);
    return repairLapDualsInto(cost, size, size, ws);
  };

  const leaderCost = new Float64Array(n2);
  const leaderStep = (): number => {
    const transposed = opts.alternateOrientation && iterations % 2 === 1;
    if (transposed) {
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) leaderCost[j * n + i] = leaders[i * n + j];
    } else leaderCost.set(leaders);
    const delta = lap(leaderCost, n, transposed);
    leaderLaps++;
    if (opts.updateWithLapSolutions) {
      for (let i = 0; i < n; i++) candidate[i] = ws.rowToCol[i];
      tryCandidate(candidate);
    }
    return delta;
  };

  const state: FhgSweepState = {
    phase: "leader",
    iteration: 0,
    n,
    lowerBound,
    leader: (i, j) => leaders[i * n + j],
    pairCost: (i, j, k, l) => {
      const uij = gu[k * n2 + i * n + j], vij = gv[l * n2 + i * n + j];
      return 2 * a[k * n + i] * b[l * n + j] - uij - vij - gu[i * n2 + k * n + l] - gv[j * n2 + k * n + l];
    },
  };
  const notify = (phase: "leader" | "sweep") => {
    if (!opts.onSweep) return;
    state.phase = phase;
    state.iteration = iterations;
    state.lowerBound = lowerBound;
    opts.onSweep(state);
  };

  const uvec = new Float64Array(m), vvec = new Float64Array(m);
  let heuristicReps = 0, polishedCost = NaN;
  const heuristicRng = new Rng(opts.seed);
  const heuristicBudget = Math.min(opts.heuristicMaxSeconds, opts.heuristicTimeFraction * opts.timeLimit);

  outer: for (;;) {
    iterations++;
    // (a) leader LAP
    const delta = leaderStep();
    if (clock.expired()) {
      status = clock.expiredStatus();
      break;
    }
    const lu = ws.u, lv = ws.v;
    // (b) primal heuristic in iteration 1 (topped up after later sweeps, see topUpHeuristic)
    if (iterations === 1 && opts.primalHeuristic && opts.heuristicRepetitions > 0) {
      const du = lu.slice(0, n), dv = lv.slice(0, n);
      const start = clock.seconds();
      runHeuristic(start, opts.heuristicPatience, heuristicBudget);
      heuristicSeconds = clock.seconds() - start;
      lu.set(du);
      lv.set(dv);
      if (clock.expired()) {
        status = clock.expiredStatus();
        break;
      }
    }
    // (c) bank the leader duals
    lowerBound += delta;
    for (let i = 0; i < n; i++) {
      const ui = lu[i];
      for (let j = 0; j < n; j++) leaders[i * n + j] -= ui + lv[j];
    }
    notify("leader");
    clock.report(iterations, bestCost, boundNow());
    // (d) optimality test
    if (iterations > 1 && isProven()) {
      optimal = true;
      status = "optimal";
      break;
    }
    // (e) spread every reduced leader over its subproblem's rows
    for (let k = 0; k < n; k++) {
      const plane = k * n2;
      for (let i = 0; i < n; i++) {
        if (i === k) continue;
        const row = i * n;
        for (let j = 0; j < n; j++) gu[plane + row + j] -= leaders[row + j] / m;
      }
    }
    // (f) sweep the subproblems in ascending leader order; equal leaders in descending index order (the tie order is
    // free; on degenerate data it matters: esc32a's bound stalls at 36 with ascending ties and reaches 40 with these)
    for (let x = 0; x < n2; x++) order[x] = x;
    order.sort((x, y) => leaders[x] - leaders[y] || y - x);
    for (let s = 0; s < n2; s++) {
      const ij = order[s], i = (ij / n) | 0, j = ij - i * n;
      // own duals (stride n²)
      for (let k = 0, kk = 0; k < n; k++) if (k !== i) uvec[kk++] = gu[k * n2 + ij];
      for (let l = 0, ll = 0; l < n; l++) if (l !== j) vvec[ll++] = gv[l * n2 + ij];
      const guPlane = i * n2, gvPlane = j * n2, bRow = j * n, aRow = i * n;
      // sub[kk·m + ll] (or sub[ll·m + kk] when this LAP is transposed) = R_ij(k, l)
      const transposed = opts.alternateOrientation && ((i + j + iterations) & 1) === 1;
      const rowStride = transposed ? 1 : m, colStride = transposed ? m : 1;
      for (let k = 0, kk = 0; k < n; k++) {
        if (k === i) continue;
        const ak = 2 * a[aRow + k], uk = uvec[kk], base = k * n, out = kk * rowStride;
        const gur = guPlane + base, gvr = gvPlane + base;
        for (let l = 0; l < j; l++) {
          sub[out + l * colStride] = ak * b[bRow + l] - uk - vvec[l] - gu[gur + l] - gv[gvr + l];
        }
        for (let l = j + 1; l < n; l++) {
          sub[out + (l - 1) * colStride] = ak * b[bRow + l] - uk - vvec[l - 1] - gu[gur + l] - gv[gvr + l];
        }
        kk++;
      }
      const value = lap(sub, m, transposed);
      const su = ws.u, sv = ws.v, rc = ws.rowToCol;
      for (let k = 0, kk = 0; k < n; k++) {
        if (k === i) continue;
        gu[k * n2 + ij] += su[kk];
        kk++;
      }
      for (let l = 0, ll = 0; l < n; l++) if (l !== j) gv[l * n2 + ij] += sv[ll++];
      if (opts.updateWithLapSolutions) {
        for (let k = 0, kk = 0; k < n; k++) {
          if (k === i) continue;
          const c = rc[kk++];
          candidate[k] = c < j ? c : c + 1;
        }
        candidate[i] = j;
        if (!samePermutation(candidate, best)) tryCandidate(candidate);
      }
      if (clock.expired()) {
        status = clock.expiredStatus();
        break outer;
      }
      leaders[ij] = value;
      if ((s & 63) === 63) clock.report(iterations, bestCost, boundNow());
    }
    notify("sweep");
    if (opts.primalHeuristic && !isProven()) topUpHeuristic();
    // (g) stall / limits
    const tol = Math.min(eps, eps * Math.abs(lowerBound), eps * Math.abs(bestCost));
    stall = delta < tol ? stall + 1 : 0;
    if (stall > opts.maxStallIterations) {
      status = "stalled";
      if (opts.primalHeuristic && opts.stallHeuristicPatience > 0 && !isProven()) {
        const start = clock.seconds();
        runHeuristic(start, opts.stallHeuristicPatience, heuristicBudget - heuristicSeconds);
        heuristicSeconds += clock.seconds() - start;
        if (clock.expired()) status = clock.expiredStatus();
      }
      break;
    }
    if (clock.expired()) {
      status = clock.expiredStatus();
      break;
    }
    if (iterations >= opts.maxIterations) {
      status = "max-iterations";
      break;
    }
    auctionEpsilon *= 0.9;
  }
  // (3) one last LAP on the leaders as a primal candidate
  leaderCost.set(leaders);
  lap(leaderCost, n, false);
  leaderLaps++;
  for (let i = 0; i < n; i++) candidate[i] = ws.rowToCol[i];
  tryCandidate(candidate);
  if (!optimal && isProven()) {
    optimal = true;
    status = "optimal";
  }

  return finishResult(problem, clock, opts, {
    permutation: best,
    bound: boundNow(),
    optimal,
    status,
    iterations,
    info: {
      lapCalls,
      leaderLaps,
      heuristicSeconds,
      memoryBytes: fhgMemoryBytes(n),
      dualsExact,
      boundRoundedUp: integral,
      heuristicRuns: heuristicReps,
      symmetrized: input.symmetrized,
      rawLowerBound: lowerBound,
    },
  });

  function isProven(): boolean {
    if (!Number.isFinite(bestCost)) return false;
    if (integral) return bestCost <= reportedBound(lowerBound, Infinity, true, n);
    return bestCost - lowerBound < Math.max(eps, eps * Math.abs(bestCost));
  }

  /** One repetition (shared FAQ and 2-opt solvers): a best not yet polished is improved first (FAQ started from it,
   * then 2-opt; r = 0: 2-opt only, as the original); then r = 0 FAQ from the barycenter + 2-opt, odd r FAQ from a
   * randomised start + 2-opt, even r > 0 2-opt from a random permutation. */
  function heuristicRepetition(r: number, overBudget: () => boolean): void {
    const timeLimit = Math.max(1e-3, opts.timeLimit - clock.seconds());
    const seed = heuristicRng.nextUint32();
    const descend = (start: ArrayLike<number> | undefined) => {
      const result = solveTwoOpt(problem, { initialPermutation: start, seed, scan: "continue", timeLimit });
      tryCandidate(result.permutation);
    };
    if (Number.isFinite(bestCost) && bestCost !== polishedCost) {
      // A new best (from a LAP solution or the last repetition): polish it by FAQ started there, then 2-opt.
      polishedCost = bestCost;
      if (r > 0) {
        const faq = solveFaq(problem, { initialPermutation: best.slice(), seed, timeLimit });
        tryCandidate(faq.permutation);
        if (overBudget()) return;
      }
      descend(best.slice());
      polishedCost = bestCost;
      if (overBudget()) return;
    }
    if (r > 0 && r % 2 === 0) descend(undefined);
    else {
      const faq = solveFaq(problem, { init: r === 0 ? "barycenter" : "random", seed, timeLimit });
      tryCandidate(faq.permutation);
      if (overBudget()) return;
      descend(faq.permutation);
    }
  }

  /** Repetitions until `patience` in a row bring no improvement or `budget` seconds (from `start`) are spent. */
  function runHeuristic(start: number, patience: number, budget: number): void {
    const overBudget = () => clock.expired() || clock.seconds() - start > budget;
    let sinceImprovement = 0;
    while (heuristicReps < opts.heuristicRepetitions && sinceImprovement < patience && !overBudget()) {
      const before = bestCost;
      heuristicRepetition(heuristicReps++, overBudget);
      sinceImprovement = bestCost < before ? 0 : sinceImprovement + 1;
    }
  }

  /** Later iterations: more repetitions while the heuristic's share of the elapsed time is below its fraction. */
  function topUpHeuristic(): void {
    for (;;) {
      if (heuristicReps >= opts.heuristicRepetitions) return;
      const now = clock.seconds();
      const allowed = Math.min(opts.heuristicTimeFraction * now, heuristicBudget);
      if (heuristicSeconds >= allowed) return;
      const deadline = now + allowed - heuristicSeconds;
      heuristicRepetition(heuristicReps++, () => clock.expired() || clock.seconds() > deadline);
      heuristicSeconds += clock.seconds() - now;
      if (clock.expired()) return;
    }
  }
}

function samePermutation(p: Int32Array, q: Int32Array): boolean {
  for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return false;
  return true;
}
