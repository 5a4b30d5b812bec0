/**
 * Entropic Gromov–Wasserstein (docs/method.md, "Other solvers"; POT `entropic_gromov_wasserstein`, square loss) rounded
 * to a permutation. Projected gradient: T₀ = p·qᵀ with uniform p = q = 1/n; per iteration the gradient G of the GW loss
 * at T, then T ← Sinkhorn(p, q, G, ε); ‖T − T_prev‖_F is checked every 10th iteration against `tolerance`. The plan is
 * rounded by the maximum-weight assignment (LAP on −T).
 *
 * Inputs (the original's rule, valid for any A, B): C1 = −A, C2 = B. With fixed uniform marginals the square-loss GW
 * objective Σ (C1[i,k] − C2[j,l])²·T[i,j]·T[k,l] equals a constant plus 2·Σ A[i,k]·B[j,l]·T[i,j]·T[k,l], i.e. twice the
 * relaxed QAP objective, so its plans target J. Symmetric inputs use POT's gradient G = 2·(constC − 2·C1·T·C2ᵀ), constC
 * = (C1∘C1)p·1ᵀ + 1·((C2∘C2)q)ᵀ. Asymmetric inputs use the exact gradient of the same objective, the mean of that
 * expression and its transposed twin (C1ᵀ, C2ᵀ) — what POT does with `symmetric=False`. A linear term L (absent in the
 * original) enters as 2·L, matching the factor 2 above.
 *
 * Sinkhorn is run in the stabilised (log-absorbing) form: G is shifted by row and column minima into potentials f, g
 * (which leaves the plan unchanged), the kernel exp(−(G − f − g)/ε) is iterated with POT's update order (v = q / Kᵀu, u
 * = p / K·v, marginal error checked every 10 iterations), and scalings leaving [1e−100, 1e100] are absorbed into f, g.
 * So small ε does not underflow where POT's plain kernel would; when POT's kernel is fine the plans agree up to the
 * Sinkhorn tolerance.
 * @module
 */
import { checkInteger, checkRange, checkType } from "../../core/errors.ts";
import { LapWorkspace, solveLapInto } from "../../lap/shortest_path.ts";
import type { QapProblem } from "../problem.ts";
import {
  finishResult,
  resolveOptions,
  SolveClock,
  type SolveResult,
  type SolverOptions,
  type SolveStatus,
} from "../result.ts";
import { matMulInto, productRowsInto, transposeInto } from "./_dense.ts";
import { finishingStop, forRowBlocks, greedyRoundInto } from "./_deadline.ts";
import { availableMemoryBytes, checkMemoryBudget, float64Bytes } from "../memory.ts";

/** Options of {@link solveEntropicGw}. */
export interface EntropicGwOptions extends SolverOptions {
  /** Entropic regularisation ε > 0 (POT default 0.1). */
  epsilon?: number;
  /** Outer projected-gradient iterations (POT `max_iter`); default 1000. */
  maxIterations?: number;
  /** Stop when ‖T − T_prev‖_F < tolerance (checked every 10th iteration; POT `tol`); default 1e−9. */
  tolerance?: number;
  /** Sinkhorn iterations per projection (POT `numItermax`); default 1000. */
  sinkhornIterations?: number;
  /** Sinkhorn marginal-error threshold (POT `stopThr`); default 1e−9. */
  sinkhornTolerance?: number;
}

/** Defaults of {@link EntropicGwOptions} (POT's). */
export const ENTROPIC_GW_DEFAULTS: Readonly<{
  epsilon: number;
  maxIterations: number;
  tolerance: number;
  sinkhornIterations: number;
  sinkhornTolerance: number;
}> = Object.freeze({
  epsilon: 0.1,
  maxIterations: 1000,
  tolerance: 1e-9,
  sinkhornIterations: 1000,
  sinkhornTolerance: 1e-9,
});

const SCALE_LIMIT = 1e100;

/** Buffers of the stabilised Sinkhorn. */
interface SinkhornState {
  k: Float64Array;
  f: Float64Array;
  g: Float64Array;
  u: Float64Array;
  v: Float64Array;
  uPrev: Float64Array;
  vPrev: Float64Array;
  work: Float64Array;
}

function kernelInto(s: SinkhornState, cost: Float64Array, n: number, eps: number): void {
  const { k, f, g } = s;
  for (let i = 0; i < n; i++) {
    const row = i * n, fi = f[i];
    for (let j = 0; j < n; j++) k[row + j] = Math.exp(-(cost[row + j] - fi - g[j]) / eps);
  }
}

/**
 * Plan of the entropic OT problem min ⟨cost, T⟩ − ε·H(T) with marginals 1/n, written into `plan`. Returns the
 * number of Sinkhorn iterations, whether a numerical error stopped it (POT then keeps the previous scalings) and
 * whether `stop` (the time limit, asked before every iteration) did — then `plan` is not written.
 */
function sinkhornInto(
  plan: Float64Array,
  cost: Float64Array,
  n: number,
  eps: number,
  maxIter: number,
  stopThr: number,
  s: SinkhornState,
  stop: () => boolean,
): { iterations: number; numericalError: boolean; stopped: boolean } {
  const { k, f, g, u, v, uPrev, vPrev, work } = s;
  const mass = 1 / n;
  // Potentials from row minima then column minima: every row and column of the kernel holds a 1.
  for (let i = 0; i < n; i++) {
    let m = Infinity;
    for (let j = 0; j < n; j++) m = Math.min(m, cost[i * n + j]);
    f[i] = m;
  }
  for (let j = 0; j < n; j++) {
    let m = Infinity;
    for (let i = 0; i < n; i++) m = Math.min(m, cost[i * n + j] - f[i]);
    g[j] = m;
  }
  kernelInto(s, cost, n, eps);
  u.fill(mass, 0, n);
  v.fill(mass, 0, n);
  let it = 0, numericalError = false;
  for (; it < maxIter; it++) {
    if (stop()) return { iterations: it, numericalError, stopped: true };
    uPrev.set(u);
    vPrev.set(v);
    // v = q / Kᵀu
    work.fill(0, 0, n);
    for (let i = 0; i < n; i++) {
      const ui = u[i], row = i * n;
      for (let j = 0; j < n; j++) work[j] += ui * k[row + j];
    }
    let bad = false;
    for (let j = 0; j < n; j++) {
      if (work[j] === 0) bad = true;
      v[j] = mass / work[j];
    }
    // u = p / K·v
    for (let i = 0; i < n; i++) {
      const row = i * n;
      let t = 0;
      for (let j = 0; j < n; j++) t += k[row + j] * v[j];
      u[i] = mass / t;
    }
    let big = false;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(u[i]) || !Number.isFinite(v[i])) bad = true;
      if (u[i] > SCALE_LIMIT || u[i] < 1 / SCALE_LIMIT || v[i] > SCALE_LIMIT || v[i] < 1 / SCALE_LIMIT) big = true;
    }
    if (bad) {
      u.set(uPrev);
      v.set(vPrev);
      numericalError = true;
      break;
    }
    if (big) {
      // Absorb the scalings into the potentials and restart the scalings at 1.
      for (let i = 0; i < n; i++) {
        f[i] += eps * Math.log(u[i]);
        g[i] += eps * Math.log(v[i]);
      }
      kernelInto(s, cost, n, eps);
      u.fill(1, 0, n);
      v.fill(1, 0, n);
    }
    if (it % 10 === 0) {
      // Column-marginal error of diag(u)·K·diag(v).
      work.fill(0, 0, n);
      for (let i = 0; i < n; i++) {
        const ui = u[i], row = i * n;
        for (let j = 0; j < n; j++) work[j] += ui * k[row + j];
      }
      let err = 0;
      for (let j = 0; j < n; j++) {
        const d = work[j] * v[j] - mass;
        err += d * d;
      }
      if (Math.sqrt(err) < stopThr) {
        it++;
        break;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const row = i * n, ui = u[i];
    for (let j = 0; j < n; j++) plan[row + j] = ui * k[row + j] * v[j];
  }
  return { iterations: it, numericalError, stopped: false };
}

/**
 * The fixed parts of the GW gradient (constC terms, transposes for asymmetric input) and the O(n³) products, computed
 * in row blocks so a time limit can stop them.
 */
class GwWork {
  readonly n: number;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly l: Float64Array | null;
  readonly at: Float64Array | null;
  readonly bt: Float64Array | null;
  /** constC[i,j] = Σ_k C1[i,k]²·p_k + Σ_l C2[j,l]²·q_l (rows); the transposed twin uses columns. */
  readonly rowA: Float64Array;
  readonly rowB: Float64Array;
  readonly colA: Float64Array;
  readonly colB: Float64Array;
  readonly tmp: Float64Array;
  /** A·T·Bᵀ of the last {@link products}. */
  readonly atb: Float64Array;
  /** Aᵀ·T·B of the last {@link products} (aliases atb for symmetric input). */
  readonly atb2: Float64Array;

  constructor(problem: QapProblem) {
    const n = problem.n, nn = n * n, a = problem.a.data, b = problem.b.data, mass = 1 / n;
    this.n = n;
    this.a = a;
    this.b = b;
    this.l = problem.linear ? problem.linear.data : null;
    this.rowA = new Float64Array(n);
    this.rowB = new Float64Array(n);
    this.colA = new Float64Array(n);
    this.colB = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        const x = a[i * n + k], y = b[i * n + k];
        this.rowA[i] += x * x * mass;
        this.rowB[i] += y * y * mass;
        this.colA[k] += x * x * mass;
        this.colB[k] += y * y * mass;
      }
    }
    const sym = problem.isSymmetric;
    this.at = sym ? null : new Float64Array(nn);
    this.bt = sym ? null : new Float64Array(nn);
    if (this.at && this.bt) {
      transposeInto(this.at, a, n);
      transposeInto(this.bt, b, n);
    }
    this.tmp = new Float64Array(nn);
    this.atb = new Float64Array(nn);
    this.atb2 = sym ? this.atb : new Float64Array(nn);
  }

  /** atb = A·T·Bᵀ (and atb2 = Aᵀ·T·B when asymmetric) in row blocks; false when `stop` ended it early. */
  products(t: Float64Array, stop: () => boolean): boolean {
    const { n, a, b, at, bt, tmp, atb, atb2 } = this;
    const done = forRowBlocks(n, stop, (r0, r1) => {
      matMulInto(tmp, a, t, n, r0, r1);
      productRowsInto(atb, tmp, b, n, r0, r1);
    });
    if (!done || !at || !bt) return done;
    return forRowBlocks(n, stop, (r0, r1) => {
      matMulInto(tmp, at, t, n, r0, r1);
      productRowsInto(atb2, tmp, bt, n, r0, r1);
    });
  }

  /**
   * The GW gradient at T into `grad`; false when `stop` ended it early. C1 = −A, C2 = B ⇒ −2·C1·T·C2ᵀ = 2·A·T·Bᵀ.
   * Symmetric: G = 2·(constC + 2·A·T·Bᵀ); asymmetric: mean with the transposed twin
   * ⇒ G = constC + constCᵗ + 2·(A·T·Bᵀ + Aᵀ·T·B). A linear term enters as 2·L.
   */
  gradientInto(grad: Float64Array, t: Float64Array, stop: () => boolean): boolean {
    if (!this.products(t, stop)) return false;
    const { n, l, rowA, rowB, colA, colB, atb, atb2 } = this;
    const sym = this.at === null;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const k = i * n + j;
        const lin = l ? 2 * l[k] : 0;
        grad[k] = sym
          ? 2 * (rowA[i] + rowB[j] + 2 * atb[k]) + lin
          : rowA[i] + rowB[j] + colA[i] + colB[j] + 2 * (atb[k] + atb2[k]) + lin;
      }
    }
    return true;
  }

  /** POT's gw_dist (symmetric form): Σ (constC − C1·T·C2ᵀ)∘T = Σ (constC + A·T·Bᵀ)∘T; null when `stop` ended it. */
  lossOf(plan: Float64Array, stop: () => boolean): number | null {
    if (!this.products(plan, stop)) return null;
    const { n, rowA, rowB, atb } = this;
    let loss = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) loss += (rowA[i] + rowB[j] + atb[i * n + j]) * plan[i * n + j];
    }
    return loss;
  }
}

/**
 * Solves the QAP approximately by entropic Gromov–Wasserstein (see the module notes for the input rule, the
 * asymmetric gradient and the stabilised Sinkhorn), then rounds the plan with a maximum-weight LAP. The time limit
 * and signal are checked before every outer iteration, between row blocks of its O(n³) products and before every
 * Sinkhorn iteration; a stopped run rounds its last complete plan (that LAP may take 5 % of the limit + 0.25 s
 * longer, then the plan is rounded greedily), so a run ends within 10 % + 0.5 s of its limit. `iterations` = outer
 * iterations. Status "converged" or "max-iterations" (or "time-limit" / "aborted"). `info`: `sinkhornIterations`
 * (total), `numericalErrors` (Sinkhorn runs stopped by an overflow or a zero, POT's "numerical errors" warning),
 * `gwLoss` (final Σ (constC − C1·T·C2ᵀ)∘T as POT's gw_dist, symmetric form; null when the time limit left no time
 * to compute it). Bound: none.
 */
export function solveEntropicGw(problem: QapProblem, options: EntropicGwOptions = {}): SolveResult {
  const fn = "solveEntropicGw";
  const opts = resolveOptions(fn, ENTROPIC_GW_DEFAULTS, options);
  checkType(typeof opts.epsilon === "number", fn, `epsilon must be a number, got ${typeof opts.epsilon}`);
  checkRange(
    opts.epsilon > 0 && Number.isFinite(opts.epsilon),
    fn,
    `epsilon must be positive and finite, got ${opts.epsilon}`,
  );
  checkInteger(opts.maxIterations, fn, "maxIterations", 1);
  checkInteger(opts.sinkhornIterations, fn, "sinkhornIterations", 1);
  for (const key of ["tolerance", "sinkhornTolerance"] as const) {
    checkType(typeof opts[key] === "number", fn, `${key} must be a number, got ${typeof opts[key]}`);
    checkRange(opts[key] >= 0, fn, `${key} must be ≥ 0, got ${opts[key]}`);
  }
  const n = problem.n, nn = n * n;
  const arrays = problem.isSymmetric ? 6 : 9;
  checkMemoryBudget(fn, float64Bytes(arrays * nn), availableMemoryBytes(), {
    what: `the ${arrays} n×n work matrices at n = ${n}`,
    hint: "use two-opt (O(n) memory) or a machine with more memory",
  });
  const clock = new SolveClock("entropic-gw", opts);
  const stop = () => clock.expired();
  const gw = new GwWork(problem);
  let plan = new Float64Array(nn).fill(1 / nn);
  let prev = new Float64Array(nn);
  const grad = new Float64Array(nn);
  const state: SinkhornState = {
    k: new Float64Array(nn),
    f: new Float64Array(n),
    g: new Float64Array(n),
    u: new Float64Array(n),
    v: new Float64Array(n),
    uPrev: new Float64Array(n),
    vPrev: new Float64Array(n),
    work: new Float64Array(n),
  };
  let iterations = 0, sinkhornTotal = 0, numericalErrors = 0, err = 1, expired = false;
  while (err > opts.tolerance && iterations < opts.maxIterations) {
    [prev, plan] = [plan, prev];
    const sk = gw.gradientInto(grad, prev, stop)
      ? sinkhornInto(plan, grad, n, opts.epsilon, opts.sinkhornIterations, opts.sinkhornTolerance, state, stop)
      : null;
    if (sk === null || sk.stopped) {
      [prev, plan] = [plan, prev]; // keep the last complete plan
      expired = true;
      break;
    }
    sinkhornTotal += sk.iterations;
    if (sk.numericalError) numericalErrors++;
    if (iterations % 10 === 0) {
      let sq = 0;
      for (let k = 0; k < nn; k++) {
        const d = plan[k] - prev[k];
        sq += d * d;
      }
      err = Math.sqrt(sq);
    }
    iterations++;
    clock.report(iterations, Infinity, null);
  }
  const gwLoss = gw.lossOf(plan, stop);
  // Rounding: the permutation of maximum total plan weight (greedy if the time limit's grace runs out).
  const permutation = new Int32Array(n);
  for (let k = 0; k < nn; k++) grad[k] = -plan[k];
  const lap = new LapWorkspace(n);
  if (Number.isNaN(solveLapInto(grad, n, n, lap, finishingStop(clock)))) greedyRoundInto(plan, n, permutation);
  else permutation.set(lap.rowToCol.subarray(0, n));
  const status: SolveStatus = expired ? clock.expiredStatus() : err <= opts.tolerance ? "converged" : "max-iterations";
  return finishResult(problem, clock, opts, {
    permutation,
    bound: null,
    optimal: false,
    status,
    iterations,
    info: { sinkhornIterations: sinkhornTotal, numericalErrors, gwLoss },
  });
}
