/**
 * FAQ (Vogelstein et al. 2015), the Frank–Wolfe relaxation SciPy's `quadratic_assignment(method="faq")` runs
 * (docs/method.md, "Other solvers"): start from a doubly-stochastic P (barycenter J = 1/n, a random (J + K)/2, or a
 * given permutation); per iteration the gradient G = A·P·Bᵀ + Aᵀ·P·B (+ L), the direction Q = LAP(G), the exact line
 * search on the quadratic f(αP + (1−α)Q) in closed form (SciPy's rule: interior critical point if f is convex there,
 * else the better end, ties → Q), stop when ‖P_old − P_new‖_F / √n < tol; finally the permutation maximising Σ P[i,
 * p_i].
 *
 * LAPs use SciPy's own algorithm (Crouse's shortest augmenting path, `lap/scipy_crouse.ts`) so that tied directions —
 * common on integer data — are broken as SciPy breaks them.
 *
 * Speed: A·P·Bᵀ is kept and updated, never recomputed: P_new = αP + (1−α)Q ⇒ A·P_new·Bᵀ = α·A·P·Bᵀ + (1−α)·A·Q·Bᵀ, and
 * A·Q·Bᵀ = A·(B with columns gathered by Q)ᵀ is one n³ row-dot product per iteration (two for asymmetric input, whose
 * second gradient half Aᵀ·P·B differs). Line-search coefficients are O(n²) inner products of these.
 * @module
 */
import { checkInteger, checkRange, checkType } from "../../core/errors.ts";
import { checkPermutation } from "../../core/permutation.ts";
import { Rng } from "../../core/rng.ts";
import { qapCostUnchecked } from "../objective.ts";
import type { QapProblem } from "../problem.ts";
import {
  finishResult,
  resolveOptions,
  SolveClock,
  type SolveResult,
  type SolverOptions,
  type SolveStatus,
} from "../result.ts";
import { gatherColumnsInto, matMulInto, productRowsInto, transposeInto } from "./_dense.ts";
import { finishingStop, forRowBlocks, greedyRoundInto } from "./_deadline.ts";
import { availableMemoryBytes, checkMemoryBudget, float64Bytes } from "../memory.ts";
import { solveLapScipyInto } from "../../lap/scipy_crouse.ts";
import { LapWorkspace } from "../../lap/workspace.ts";

/** Options of {@link solveFaq}. */
export interface FaqOptions extends SolverOptions {
  /** Frank–Wolfe iterations per start (SciPy `maxiter`); default 30. */
  maxIterations?: number;
  /** Stop a start when ‖P_old − P_new‖_F / √n < tolerance (SciPy `tol`); default 0.03. */
  tolerance?: number;
  /** First start: "barycenter" (P = 1/n, deterministic) or "random" ((J + K)/2, K random doubly stochastic). */
  init?: "barycenter" | "random";
  /** Number of starts; the first uses `init` (or `initialPermutation`), the others are random. Default 1. */
  starts?: number;
  /** Maximise instead of minimise; default false. */
  maximize?: boolean;
  /** A permutation to start the first run from (overrides `init` for that run). */
  initialPermutation?: ArrayLike<number>;
}

/** Defaults of {@link FaqOptions} (SciPy's `quadratic_assignment` FAQ defaults). */
export const FAQ_DEFAULTS: Readonly<{
  maxIterations: number;
  tolerance: number;
  init: "barycenter" | "random";
  starts: number;
  maximize: boolean;
  initialPermutation: ArrayLike<number> | undefined;
}> = Object.freeze({
  maxIterations: 30,
  tolerance: 0.03,
  init: "barycenter",
  starts: 1,
  maximize: false,
  initialPermutation: undefined,
});

/**
 * SciPy `_doubly_stochastic`: Sinkhorn row/column scaling of a positive matrix until sums are within tol of 1 (or
 * `stop` answers true; the scaling reached so far is applied).
 */
function doublyStochasticInto(
  p: Float64Array,
  n: number,
  r: Float64Array,
  c: Float64Array,
  stop: () => boolean,
  tol = 1e-3,
): void {
  // c = 1 / column sums; r = 1 / (P c)
  c.fill(0, 0, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[j] += p[i * n + j];
  for (let j = 0; j < n; j++) c[j] = 1 / c[j];
  const rowDotC = (i: number) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += p[i * n + j] * c[j];
    return s;
  };
  for (let i = 0; i < n; i++) r[i] = 1 / rowDotC(i);
  for (let it = 0; it < 1000 && !stop(); it++) {
    // Converged when every row and column sum of diag(r)·P·diag(c) is within tol of 1 (checked before updating).
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = Math.abs(r[i] * rowDotC(i) - 1) < tol;
    for (let j = 0; j < n && ok; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += r[i] * p[i * n + j];
      ok = Math.abs(s * c[j] - 1) < tol;
    }
    if (ok) break;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += r[i] * p[i * n + j];
      c[j] = 1 / s;
    }
    for (let i = 0; i < n; i++) r[i] = 1 / rowDotC(i);
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) p[i * n + j] *= r[i] * c[j];
}

/** Scratch buffers of one FAQ solve. */
class FaqWorkspace {
  readonly p: Float64Array;
  readonly mp: Float64Array; // A·P·Bᵀ
  readonly np: Float64Array; // Aᵀ·P·B (aliases mp for symmetric problems)
  readonly mq: Float64Array; // A·Q·Bᵀ
  readonly nq: Float64Array; // Aᵀ·Q·B (aliases mq for symmetric problems)
  readonly gather: Float64Array;
  readonly tmp: Float64Array;
  readonly lapCost: Float64Array;
  readonly at: Float64Array | null; // Aᵀ (asymmetric only)
  readonly bt: Float64Array | null; // Bᵀ (asymmetric only)
  readonly r: Float64Array;
  readonly c: Float64Array;
  readonly lap: LapWorkspace;
  constructor(problem: QapProblem) {
    const n = problem.n, nn = n * n, sym = problem.isSymmetric;
    this.p = new Float64Array(nn);
    this.mp = new Float64Array(nn);
    this.np = sym ? this.mp : new Float64Array(nn);
    this.mq = new Float64Array(nn);
    this.nq = sym ? this.mq : new Float64Array(nn);
    this.gather = new Float64Array(nn);
    this.tmp = new Float64Array(nn);
    this.lapCost = new Float64Array(nn);
    this.at = sym ? null : new Float64Array(nn);
    this.bt = sym ? null : new Float64Array(nn);
    if (this.at && this.bt) {
      transposeInto(this.at, problem.a.data, n);
      transposeInto(this.bt, problem.b.data, n);
    }
    this.r = new Float64Array(n);
    this.c = new Float64Array(n);
    this.lap = new LapWorkspace(n);
  }
}

/**
 * mq = A·Q·Bᵀ and nq = Aᵀ·Q·B for the permutation matrix Q[k, cols[k]] = 1, in row blocks; false when `stop`
 * ended it early (mq / nq then partly written).
 */
function permutationProducts(
  problem: QapProblem,
  ws: FaqWorkspace,
  cols: ArrayLike<number>,
  mq: Float64Array,
  nq: Float64Array,
  stop: () => boolean,
): boolean {
  const n = problem.n;
  // (A·Q·Bᵀ)[i,l] = Σ_k A[i,k]·B[l, cols[k]]
  gatherColumnsInto(ws.gather, problem.b.data, cols, n);
  const gather = ws.gather, a = problem.a.data;
  if (!forRowBlocks(n, stop, (r0, r1) => productRowsInto(mq, a, gather, n, r0, r1))) return false;
  if (ws.at && ws.bt) {
    // (Aᵀ·Q·B)[i,l] = Σ_k Aᵀ[i,k]·Bᵀ[l, cols[k]]
    gatherColumnsInto(ws.gather, ws.bt, cols, n);
    const at = ws.at;
    if (!forRowBlocks(n, stop, (r0, r1) => productRowsInto(nq, at, gather, n, r0, r1))) return false;
  }
  return true;
}

/** out = x·P·yᵀ (x, y n×n; P in ws.p) in row blocks through ws.tmp; false when `stop` ended it early. */
function sandwichInto(
  out: Float64Array,
  x: Float64Array,
  y: Float64Array,
  ws: FaqWorkspace,
  n: number,
  stop: () => boolean,
): boolean {
  const { tmp, p } = ws;
  return forRowBlocks(n, stop, (r0, r1) => {
    matMulInto(tmp, x, p, n, r0, r1);
    productRowsInto(out, tmp, y, n, r0, r1);
  });
}

/**
 * Sets ws.p, ws.mp, ws.np to the start: barycenter, random (J + K)/2, or a permutation matrix. Returns false when
 * `stop` ended it early (ws.p is then a usable start to project, ws.mp / ws.np are not ready).
 */
function initialize(
  problem: QapProblem,
  ws: FaqWorkspace,
  kind: "barycenter" | "random" | "permutation",
  rng: Rng,
  start: Int32Array | null,
  stop: () => boolean,
): boolean {
  const n = problem.n, nn = n * n, a = problem.a.data, b = problem.b.data;
  const { p, mp, np } = ws;
  if (kind === "permutation" && start) {
    p.fill(0);
    for (let i = 0; i < n; i++) p[i * n + start[i]] = 1;
    return permutationProducts(problem, ws, start, mp, np, stop);
  } else if (kind === "barycenter") {
    p.fill(1 / n);
    // A·J·Bᵀ = rowsum(A)·rowsum(B)ᵀ / n; Aᵀ·J·B = colsum(A)·colsum(B)ᵀ / n
    const ra = ws.r, rb = ws.c;
    for (let i = 0; i < n; i++) {
      let sa = 0, sb = 0;
      for (let k = 0; k < n; k++) {
        sa += a[i * n + k];
        sb += b[i * n + k];
      }
      ra[i] = sa;
      rb[i] = sb / n;
    }
    for (let i = 0; i < n; i++) for (let l = 0; l < n; l++) mp[i * n + l] = ra[i] * rb[l];
    if (np !== mp) {
      ra.fill(0);
      rb.fill(0);
      for (let k = 0; k < n; k++) {
        for (let i = 0; i < n; i++) {
          ra[i] += a[k * n + i];
          rb[i] += b[k * n + i] / n;
        }
      }
      for (let i = 0; i < n; i++) for (let l = 0; l < n; l++) np[i * n + l] = ra[i] * rb[l];
    }
  } else {
    for (let k = 0; k < nn; k++) p[k] = rng.uniform();
    doublyStochasticInto(p, n, ws.r, ws.c, stop);
    for (let k = 0; k < nn; k++) p[k] = (p[k] + 1 / n) / 2;
    // A·P·Bᵀ: tmp = A·P, then tmp·Bᵀ as row dots with B
    if (!sandwichInto(mp, a, b, ws, n, stop)) return false;
    if (ws.at && ws.bt && !sandwichInto(np, ws.at, ws.bt, ws, n, stop)) return false;
  }
  return true;
}

/** Outcome of one Frank–Wolfe step. */
type StepOutcome = "continue" | "converged" | "stopped";

/**
 * One Frank–Wolfe step on the state in `ws`: gradient, direction Q = LAP(G), line search, update. "stopped" when
 * `stop` interrupted the LAP or the product (the state is then left as it was before the step).
 */
function frankWolfeStep(
  problem: QapProblem,
  ws: FaqWorkspace,
  opts: { tolerance: number; maximize: boolean },
  stop: () => boolean,
): StepOutcome {
  const n = problem.n, nn = n * n;
  const { p, mp, np, mq, nq, lapCost, lap } = ws;
  const l = problem.linear ? problem.linear.data : null;
  const sign = opts.maximize ? -1 : 1;
  // Gradient G = A·P·Bᵀ + Aᵀ·P·B (+ L); direction Q = LAP(G) (min), or LAP(−G) when maximising.
  for (let k = 0; k < nn; k++) lapCost[k] = sign * (mp[k] + np[k] + (l ? l[k] : 0));
  if (Number.isNaN(solveLapScipyInto(lapCost, n, n, lap, stop))) return "stopped";
  const cols = lap.rowToCol;
  if (!permutationProducts(problem, ws, cols, mq, nq, stop)) return "stopped";
  // Inner products for f(Q + α'R), R = P − Q: a = ⟨A·R·Bᵀ, R⟩, b = ⟨A·Q·Bᵀ, R⟩ + ⟨A·R·Bᵀ, Q⟩ + ⟨L, R⟩.
  let mpP = 0, mqP = 0, lP = 0, pp = 0, mpQ = 0, mqQ = 0, lQ = 0, pQ = 0;
  for (let k = 0; k < nn; k++) {
    const pk = p[k];
    mpP += mp[k] * pk;
    mqP += mq[k] * pk;
    pp += pk * pk;
  }
  for (let i = 0; i < n; i++) {
    const k = i * n + cols[i];
    mpQ += mp[k];
    mqQ += mq[k];
    pQ += p[k];
  }
  if (l) {
    for (let k = 0; k < nn; k++) lP += l[k] * p[k];
    for (let i = 0; i < n; i++) lQ += l[i * n + cols[i]];
  }
  const qa = mpP - mpQ - mqP + mqQ;
  const qb = (mqP - mqQ) + (mpQ - mqQ) + (lP - lQ);
  // SciPy: alpha weights P (P_new = αP + (1−α)Q); interior minimiser if convex (for the sense) and inside [0, 1],
  // else argmin over the ends {0 → Q, 1 → P} with ties going to Q.
  let alpha: number;
  const critical = -qb / (2 * qa);
  if (qa * sign > 0 && critical >= 0 && critical <= 1) alpha = critical;
  else alpha = (qb + qa) * sign < 0 ? 1 : 0;
  // ‖P − P_new‖_F = (1 − α)·‖P − Q‖_F, with ‖P − Q‖² = ΣP² − 2ΣP[i,q_i] + n.
  const step = (1 - alpha) * Math.sqrt(Math.max(0, pp - 2 * pQ + n));
  const beta = 1 - alpha;
  for (let k = 0; k < nn; k++) {
    p[k] *= alpha;
    mp[k] = alpha * mp[k] + beta * mq[k];
  }
  if (np !== mp) { for (let k = 0; k < nn; k++) np[k] = alpha * np[k] + beta * nq[k]; }
  for (let i = 0; i < n; i++) p[i * n + cols[i]] += beta;
  return step / Math.sqrt(n) < opts.tolerance ? "converged" : "continue";
}

/**
 * Projection: the permutation maximising Σ P[i, p_i] (SciPy's LAP), written into `out`. When the time limit plus
 * its grace runs out first, P is rounded greedily instead (so a run never overruns by much).
 */
function project(ws: FaqWorkspace, n: number, clock: SolveClock, out: Int32Array): void {
  const { p, lapCost, lap } = ws;
  for (let k = 0; k < n * n; k++) lapCost[k] = -p[k];
  if (Number.isNaN(solveLapScipyInto(lapCost, n, n, lap, finishingStop(clock)))) greedyRoundInto(p, n, out);
  else out.set(lap.rowToCol.subarray(0, n));
}

/**
 * One Frank–Wolfe run from the state in `ws`; writes the projected permutation into `out`. Returns the iterations
 * done, whether the tolerance test stopped it and whether the clock did.
 */
function runFaq(
  problem: QapProblem,
  ws: FaqWorkspace,
  opts: { maxIterations: number; tolerance: number; maximize: boolean },
  clock: SolveClock,
  out: Int32Array,
): { iterations: number; converged: boolean; expired: boolean } {
  const stop = () => clock.expired();
  let iterations = 0, converged = false, expired = false;
  for (let it = 1; it <= opts.maxIterations; it++) {
    const outcome = stop() ? "stopped" : frankWolfeStep(problem, ws, opts, stop);
    if (outcome === "stopped") {
      expired = true;
      break;
    }
    iterations = it;
    if (outcome === "converged") {
      converged = true;
      break;
    }
  }
  project(ws, problem.n, clock, out);
  return { iterations, converged, expired };
}

/**
 * Solves the QAP with FAQ (Frank–Wolfe), the best of `starts` runs. Works for asymmetric A, B and uses the linear term
 * in the gradient and the line search (SciPy has none; the original dropped it with a warning). Time limit and signal
 * are checked before every Frank–Wolfe iteration and inside its O(n³) parts (before every LAP row, between row blocks
 * of the products); a run cut short is still projected (that LAP may take 5 % of the limit + 0.25 s longer, then P is
 * rounded greedily), so a result always exists within 10 % + 0.5 s of the limit. `iterations` = Frank–Wolfe iterations
 * summed over runs. Status "converged" when every run met the tolerance, else "max-iterations" (or "time-limit" /
 * "aborted"). `info`: `starts` (runs done), `converged` (runs that met the tolerance), `lapCalls`. Bound: none (null).
 */
export function solveFaq(problem: QapProblem, options: FaqOptions = {}): SolveResult {
  const fn = "solveFaq";
  const opts = resolveOptions(fn, FAQ_DEFAULTS, options);
  checkInteger(opts.maxIterations, fn, "maxIterations", 1);
  checkType(typeof opts.tolerance === "number", fn, `tolerance must be a number, got ${typeof opts.tolerance}`);
  checkRange(opts.tolerance >= 0, fn, `tolerance must be ≥ 0, got ${opts.tolerance}`);
  checkRange(
    opts.init === "barycenter" || opts.init === "random",
    fn,
    `init must be "barycenter" or "random", got ${String(opts.init)}`,
  );
  checkInteger(opts.starts, fn, "starts", 1);
  checkType(typeof opts.maximize === "boolean", fn, `maximize must be a boolean, got ${typeof opts.maximize}`);
  const n = problem.n;
  const start = opts.initialPermutation === undefined
    ? null
    : checkPermutation(opts.initialPermutation, n, fn, "initialPermutation");
  const arrays = problem.isSymmetric ? 6 : 10;
  checkMemoryBudget(fn, float64Bytes(arrays * n * n), availableMemoryBytes(), {
    what: `the ${arrays} n×n work matrices at n = ${n}`,
    hint: "use two-opt (O(n) memory) or a machine with more memory",
  });
  const clock = new SolveClock("faq", opts);
  const stop = () => clock.expired();
  const rng = new Rng(opts.seed);
  const ws = new FaqWorkspace(problem);
  const perm = new Int32Array(n);
  let best: Int32Array | null = null, bestCost = 0;
  let iterations = 0, runs = 0, convergedRuns = 0, expired = false;
  for (let s = 0; s < opts.starts; s++) {
    if (s > 0 && stop()) {
      expired = true;
      break;
    }
    const kind = s === 0 ? (start ? "permutation" : opts.init) : "random";
    const ready = initialize(problem, ws, kind, rng, start, stop);
    if (!ready && s > 0) {
      expired = true; // a later start cut short adds nothing
      break;
    }
    if (!ready) project(ws, n, clock, perm);
    const run = ready ? runFaq(problem, ws, opts, clock, perm) : { iterations: 0, converged: false, expired: true };
    iterations += run.iterations;
    runs++;
    if (run.converged) convergedRuns++;
    const cost = qapCostUnchecked(problem, perm);
    if (best === null || (opts.maximize ? cost > bestCost : cost < bestCost)) {
      best = perm.slice();
      bestCost = cost;
    }
    clock.report(iterations, bestCost, null);
    if (run.expired) {
      expired = true;
      break;
    }
  }
  const status: SolveStatus = expired ? clock.expiredStatus() : convergedRuns === runs ? "converged" : "max-iterations";
  return finishResult(problem, clock, opts, {
    permutation: best!,
    bound: null,
    optimal: false,
    status,
    iterations,
    info: { starts: runs, converged: convergedRuns, lapCalls: iterations + runs },
  });
}
