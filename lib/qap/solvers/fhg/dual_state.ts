/**
 * The dual state of factorised Hahn–Grant (docs/method.md, "Hahn–Grant, factorised"): a lower bound LB, a leader
 * Λ[i,j] per assignment and the dual vectors U_ij, V_ij (length n−1) of every subproblem, stored as n planes each so
 * that the shared reduced pair cost of {(i,j),(k,l)} is recomputed on the fly as
 * `R_ij(k,l) = 2·A[k,i]·B[l,j] − U_ij[k] − V_ij[l] − U_kl[i] − V_kl[j]`.
 * Layout: `gu[x·n² + k·n + l] = U_kl[x]` and `gv[y·n² + k·n + l] = V_kl[y]` (the entry at x = k / y = l is unused), so
 * building subproblem (i,j) reads the other subproblems' duals as two contiguous n×n planes, and its own duals with
 * stride n².
 *
 * The bound identity: between steps (after {@link HahnGrantDualState.bankLeaders} and after a complete
 * {@link HahnGrantDualState.sweep}), for every permutation p,
 * `J(p) = LB + Σ_i Λ[i,p_i] + Σ_{i<k} R_{i,p_i}(k,p_k)` with every Λ ≥ 0 and R ≥ 0, so LB is a lower bound.
 * {@link HahnGrantDualState.restrict} fixes one assignment and keeps the identity on the residual problem, which is
 * how branch and bound starts a child from its parent's duals.
 * @module
 */
import { atIterations, type Certificate } from "../../certificate.ts";
import type { HahnGrantLapRunner } from "./lap_runner.ts";

/** Reusable scratch for the steps of a dual state of size ≤ capacity (one per thread, shared by all states). */
export class HahnGrantScratch {
  /** Leader matrix handed to the leader LAP (possibly transposed). */
  readonly leaderCost: Float64Array;
  /** One subproblem's reduced costs. */
  readonly sub: Float64Array;
  /** One subproblem's own row / column duals. */
  readonly uvec: Float64Array;
  readonly vvec: Float64Array;
  /** Sweep order of the subproblems. */
  readonly order: Int32Array;
  /** Assignment read off a subproblem LAP (local indices). */
  readonly candidate: Int32Array;

  constructor(readonly capacity: number) {
    const n = Math.max(1, capacity);
    this.leaderCost = new Float64Array(n * n);
    this.sub = new Float64Array(n * n);
    this.uvec = new Float64Array(n);
    this.vvec = new Float64Array(n);
    this.order = new Int32Array(n * n);
    this.candidate = new Int32Array(n);
  }
}

/** Callbacks of one {@link HahnGrantDualState.sweep}. */
export interface SweepHooks {
  /** Receives the assignment of each subproblem LAP, completed by the subproblem's own (i,j), in local indices. */
  onCandidate?: (candidate: Int32Array, i: number, j: number) => void;
  /** Checked after every LAP; true stops the sweep (the state is then mid-sweep and must not be reused). */
  shouldStop: () => boolean;
  /** Called every {@link SWEEP_REPORT_STRIDE} subproblems (progress reporting). */
  onStride?: () => void;
}

/** Subproblems between two {@link SweepHooks.onStride} calls. */
export const SWEEP_REPORT_STRIDE = 64;

/** The arrays and bound that make up a {@link HahnGrantDualState}. */
export interface DualStateParts {
  n: number;
  a: Float64Array;
  b: Float64Array;
  leaders: Float64Array;
  gu: Float64Array;
  gv: Float64Array;
  lowerBound: number;
  boundValid: boolean;
  /** Dual rounds behind the state (see {@link HahnGrantDualState.rounds}); 1 when left out. */
  rounds?: number;
}

/** Bytes of dual state kept for size n (U, V planes, leaders, working factors). */
export function dualStateBytes(n: number): number {
  return 2 * 8 * n * n * n + 3 * 8 * n * n;
}

/** The Hahn–Grant dual state of a (residual) QAP with symmetric factors; see the module doc. */
export class HahnGrantDualState {
  /** Size of the (residual) problem. */
  readonly n: number;
  /** Working factors: symmetric, row-major n×n. */
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** Leaders Λ[i·n + j]. */
  readonly leaders: Float64Array;
  /** Row-dual planes (see the module doc). */
  readonly gu: Float64Array;
  /** Column-dual planes. */
  readonly gv: Float64Array;
  /** The lower bound LB (a sum of banked LAP values, unrounded); a bound only while {@link boundValid}. */
  lowerBound: number;
  /**
   * True when every pair cost R is ≥ 0, so LB is a lower bound: from the start when the off-diagonal products
   * a[k,i]·b[l,j] cannot be negative (non-negative factors: fhg's shift), otherwise from the first complete sweep on
   * (each subproblem LAP leaves reduced costs ≥ 0, and nothing later makes them negative).
   */
  boundValid: boolean;
  /**
   * Dual rounds behind {@link lowerBound}, counted by the state itself: one for the initial state (its leaders are
   * rounded products), one per banked leader LAP, one per sweep (counted when it starts, so a sweep stopped half-way
   * counts too), and a restricted child starts one above its parent. The rounding allowance of the bound grows with
   * it ({@link certificate}); every user of the state (fhg, the bnb root and nodes) reads this one count, so a proof
   * and the claim built on it always use the same allowance.
   */
  rounds = 1;
  /** Leader-LAP duals of the last {@link solveLeaders}, banked by {@link bankLeaders}. */
  readonly leaderU: Float64Array;
  readonly leaderV: Float64Array;

  private constructor(n: number, a: Float64Array, b: Float64Array, lowerBound: number, boundValid: boolean) {
    this.n = n;
    this.boundValid = boundValid;
    this.a = a;
    this.b = b;
    this.leaders = new Float64Array(n * n);
    this.gu = new Float64Array(n * n * n);
    this.gv = new Float64Array(n * n * n);
    this.lowerBound = lowerBound;
    this.leaderU = new Float64Array(n);
    this.leaderV = new Float64Array(n);
  }

  /**
   * The initial state of J(p) = Σ a[i,k]·b[p_i,p_k] + Σ linear[i,p_i] + constant, for symmetric a, b (taken, not
   * copied: the caller hands over its working copies): Λ[i,j] = a_ii·b_jj + linear[i,j], all duals 0, LB = constant;
   * {@link boundValid} when no off-diagonal product of a and b is negative.
   */
  static initial(
    n: number,
    a: Float64Array,
    b: Float64Array,
    linear: Float64Array | null,
    constant: number,
  ): HahnGrantDualState {
    const state = new HahnGrantDualState(n, a, b, constant, offDiagonalProductsNonNegative(a, b, n));
    const leaders = state.leaders;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) leaders[i * n + j] = a[i * n + i] * b[j * n + j] + (linear ? linear[i * n + j] : 0);
    }
    return state;
  }

  /** A state from its parts (e.g. sent to a worker thread); the arrays are taken, not copied. */
  static fromParts(parts: DualStateParts): HahnGrantDualState {
    const { n, a, b, leaders, gu, gv, lowerBound, boundValid, rounds } = parts;
    if (
      a.length !== n * n || b.length !== n * n || leaders.length !== n * n || gu.length !== n ** 3 ||
      gv.length !== n ** 3
    ) {
      throw new RangeError(`HahnGrantDualState.fromParts: arrays do not match n = ${n}`);
    }
    const state = new HahnGrantDualState(n, a, b, lowerBound, boundValid);
    state.leaders.set(leaders);
    state.gu.set(gu);
    state.gv.set(gv);
    state.rounds = rounds ?? 1;
    return state;
  }

  /** The parts of this state (views of its arrays, not copies). */
  parts(): DualStateParts {
    const { n, a, b, leaders, gu, gv, lowerBound, boundValid, rounds } = this;
    return { n, a, b, leaders, gu, gv, lowerBound, boundValid, rounds };
  }

  /** `base` (the problem's certificate, lib/qap/certificate.ts) with the rounding allowance of {@link rounds}. */
  certificate(base: Certificate): Certificate {
    return atIterations(base, this.rounds);
  }

  /** Leader Λ[i,j]. */
  leader(i: number, j: number): number {
    return this.leaders[i * this.n + j];
  }

  /** Shared reduced pair cost R_ij(k,l) = R_kl(i,j), for i ≠ k, j ≠ l. */
  pairCost(i: number, j: number, k: number, l: number): number {
    const n = this.n, n2 = n * n, gu = this.gu, gv = this.gv;
    return 2 * this.a[k * n + i] * this.b[l * n + j] - gu[k * n2 + i * n + j] - gv[l * n2 + i * n + j] -
      gu[i * n2 + k * n + l] - gv[j * n2 + k * n + l];
  }

  /**
   * Solves the LAP over the leaders (on the transpose when `transposed`); keeps its duals for {@link bankLeaders},
   * leaves its assignment in `lap.ws.rowToCol` and returns its value (the bound gain of banking it).
   */
  solveLeaders(lap: HahnGrantLapRunner, scratch: HahnGrantScratch, transposed: boolean): number {
    const n = this.n, leaders = this.leaders, cost = scratch.leaderCost;
    if (transposed) {
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cost[j * n + i] = leaders[i * n + j];
    } else cost.set(leaders);
    const delta = lap.solve(cost, n, transposed);
    this.leaderU.set(lap.ws.u.subarray(0, n));
    this.leaderV.set(lap.ws.v.subarray(0, n));
    return delta;
  }

  /** Banks the last leader LAP: LB += delta, Λ[i,j] −= u_i + v_j (every Λ stays ≥ 0). */
  bankLeaders(delta: number): void {
    const n = this.n, leaders = this.leaders, lu = this.leaderU, lv = this.leaderV;
    this.rounds++;
    this.lowerBound += delta;
    for (let i = 0; i < n; i++) {
      const ui = lu[i];
      for (let j = 0; j < n; j++) leaders[i * n + j] -= ui + lv[j];
    }
  }

  /**
   * One sweep: spreads every reduced leader evenly over its subproblem's rows, then solves the n² subproblems in
   * ascending leader order (equal leaders in descending index order: on degenerate data the tie order decides how
   * high the bound climbs — esc32a stalls at 36 with ascending ties and reaches 40 with these) and banks each LAP's
   * duals and value. With `alternate`, the LAP of subproblem (i,j) runs on the transposed matrix when
   * i + j + iteration is odd. Returns false when `hooks.shouldStop` ended it early.
   */
  sweep(
    lap: HahnGrantLapRunner,
    scratch: HahnGrantScratch,
    iteration: number,
    alternate: boolean,
    hooks: SweepHooks,
  ): boolean {
    const n = this.n, m = n - 1, n2 = n * n;
    const { a, b, gu, gv, leaders } = this;
    const { sub, uvec, vvec, candidate } = scratch;
    this.rounds++;
    if (!this.#spreadLeaders(hooks.shouldStop)) return false;
    const order = scratch.order.subarray(0, n2), found = candidate.subarray(0, n);
    for (let x = 0; x < n2; x++) order[x] = x;
    order.sort((x, y) => leaders[x] - leaders[y] || y - x);
    for (let s = 0; s < n2; s++) {
      const ij = order[s], i = (ij / n) | 0, j = ij - i * n;
      // own duals (stride n²)
      for (let k = 0, kk = 0; k < n; k++) if (k !== i) uvec[kk++] = gu[k * n2 + ij];
      for (let l = 0, ll = 0; l < n; l++) if (l !== j) vvec[ll++] = gv[l * n2 + ij];
      const guPlane = i * n2, gvPlane = j * n2, bRow = j * n, aRow = i * n;
      // sub[kk·m + ll] (or sub[ll·m + kk] when this LAP is transposed) = R_ij(k, l)
      const transposed = alternate && ((i + j + iteration) & 1) === 1;
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
      const value = lap.solve(sub, m, transposed);
      const su = lap.ws.u, sv = lap.ws.v, rc = lap.ws.rowToCol;
      for (let k = 0, kk = 0; k < n; k++) {
        if (k === i) continue;
        gu[k * n2 + ij] += su[kk];
        kk++;
      }
      for (let l = 0, ll = 0; l < n; l++) if (l !== j) gv[l * n2 + ij] += sv[ll++];
      if (hooks.onCandidate) {
        for (let k = 0, kk = 0; k < n; k++) {
          if (k === i) continue;
          const c = rc[kk++];
          candidate[k] = c < j ? c : c + 1;
        }
        candidate[i] = j;
        hooks.onCandidate(found, i, j);
      }
      if (hooks.shouldStop()) return false;
      leaders[ij] = value;
      if (hooks.onStride && s % SWEEP_REPORT_STRIDE === SWEEP_REPORT_STRIDE - 1) hooks.onStride();
    }
    this.boundValid = true;
    return true;
  }

  /** Moves Λ[i,j]/(n−1) into each row k ≠ i of subproblem (i,j) (U_ij[k] −= Λ[i,j]/(n−1)); checks `shouldStop`
   * after every plane (n² entries) and returns false when it stopped (at n = 1000 the whole step is 10⁹ updates). */
  #spreadLeaders(shouldStop: () => boolean): boolean {
    const n = this.n, m = n - 1, n2 = n * n, gu = this.gu, leaders = this.leaders;
    for (let k = 0; k < n; k++) {
      const plane = k * n2;
      for (let i = 0; i < n; i++) {
        if (i === k) continue;
        const row = i * n;
        for (let j = 0; j < n; j++) gu[plane + row + j] -= leaders[row + j] / m;
      }
      if (shouldStop()) return false;
    }
    return true;
  }

  /**
   * The residual state after fixing row `i0` to column `j0` (local indices): size n − 1, LB' = LB + Λ[i0,j0],
   * Λ'[k,l] = Λ[k,l] + R_{i0 j0}(k,l), every other dual restricted. The identity holds for it on every completion of
   * the fixed assignment, so LB' bounds them all. This state is left unchanged.
   */
  restrict(i0: number, j0: number): HahnGrantDualState {
    const n = this.n, n2 = n * n, c = n - 1, c2 = c * c;
    const a = new Float64Array(c2), b = new Float64Array(c2);
    for (let x = 0, xx = 0; x < n; x++) {
      if (x === i0) continue;
      for (let y = 0, yy = 0; y < n; y++) if (y !== i0) a[xx * c + yy++] = this.a[x * n + y];
      xx++;
    }
    for (let x = 0, xx = 0; x < n; x++) {
      if (x === j0) continue;
      for (let y = 0, yy = 0; y < n; y++) if (y !== j0) b[xx * c + yy++] = this.b[x * n + y];
      xx++;
    }
    const child = new HahnGrantDualState(c, a, b, this.lowerBound + this.leaders[i0 * n + j0], this.boundValid);
    child.rounds = this.rounds + 1;
    const gu = this.gu, gv = this.gv, cgu = child.gu, cgv = child.gv, cl = child.leaders;
    for (let k = 0, kk = 0; k < n; k++) {
      if (k === i0) continue;
      for (let l = 0, ll = 0; l < n; l++) {
        if (l === j0) continue;
        cl[kk * c + ll] = this.leaders[k * n + l] + this.pairCost(i0, j0, k, l);
        ll++;
      }
      kk++;
    }
    // gu planes: drop plane i0, row i0 and column j0 of every plane; gv planes: drop plane j0, same rows / columns.
    for (let x = 0, xx = 0; x < n; x++) {
      if (x === i0) continue;
      copyPlane(gu, x * n2, cgu, xx * c2, n, i0, j0);
      xx++;
    }
    for (let y = 0, yy = 0; y < n; y++) {
      if (y === j0) continue;
      copyPlane(gv, y * n2, cgv, yy * c2, n, i0, j0);
      yy++;
    }
    return child;
  }
}

/** True when a[k,i]·b[l,j] ≥ 0 for all k ≠ i, l ≠ j (the initial pair costs are then non-negative). */
function offDiagonalProductsNonNegative(a: Float64Array, b: Float64Array, n: number): boolean {
  const range = (m: Float64Array) => {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        if (i === k) continue;
        const x = m[i * n + k];
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
    }
    return { nonNegative: lo >= 0, nonPositive: hi <= 0 };
  };
  const ra = range(a), rb = range(b);
  return (ra.nonNegative && rb.nonNegative) || (ra.nonPositive && rb.nonPositive) ||
    (ra.nonNegative && ra.nonPositive) || (rb.nonNegative && rb.nonPositive);
}

/** Copies the n×n plane at `from` without row `skipRow` and column `skipCol` into the (n−1)×(n−1) plane at `to`. */
function copyPlane(
  src: Float64Array,
  from: number,
  dst: Float64Array,
  to: number,
  n: number,
  skipRow: number,
  skipCol: number,
): void {
  const c = n - 1;
  for (let k = 0, kk = 0; k < n; k++) {
    if (k === skipRow) continue;
    const s = from + k * n, d = to + kk * c;
    for (let l = 0; l < skipCol; l++) dst[d + l] = src[s + l];
    for (let l = skipCol + 1; l < n; l++) dst[d + l - 1] = src[s + l];
    kk++;
  }
}
