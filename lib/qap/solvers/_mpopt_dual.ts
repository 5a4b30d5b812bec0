/**
 * The dual side of the mpopt port: libmpopt's graph-matching decomposition of a QAP (one unary factor per row item,
 * one uniqueness factor per column label, one pairwise factor for every pair of rows) and its message passing
 * ("diffused MPLP++" pairwise updates, then unary ↔ uniqueness updates), with a lower bound that is evaluated afresh
 * from the stored messages and made rigorous by a floating-point error allowance.
 *
 * Model. Unary i: U⁰[i, j] = L[i, j] + A[i,i]·B[j,j]. Pair {i, k}: θ(j, l) = A[i,k]·B[j,l] + A[k,i]·B[l,j] for j ≠ l
 * (j = l is infeasible). Uniqueness j: which row takes label j (exactly one; no dummy labels, since every row must be
 * matched and every label used: the original's shift of all costs to ≤ −1, there to keep its dummies unused, is
 * therefore not needed).
 *
 * Storage. Every reparametrisation libmpopt applies to a pairwise factor adds a vector to its rows or its columns, so
 * a pair factor is θ plus two message vectors: `msg[(i·n + k)·n + j]` is what pair {i, k} holds on i's side for label
 * j. θ is recomputed from A and B on the fly, so memory is n³ doubles (not the n⁴ of dense pair tables) while each
 * pass still costs O(n⁴) time. The uniqueness factor of label j stores `uniq[j·n + i]`, which is exactly the net
 * message unary i has sent it.
 *
 * Bound. For any message values the factor minima sum to a lower bound (Lagrangean duality): the unary costs are
 * rebuilt as U⁰ − Σ_k msg[i,k,·] − uniq[·,i] (so rounding drift of the in-place unaries cannot leak in), each factor's
 * minimum is taken, and a rigorous allowance for the rounding of those sums (γ_k·Σ|terms|) is subtracted.
 * @module
 */
import type { QapProblem } from "../problem.ts";

const UNIT = 2 ** -53;
const gamma = (k: number) => (k * UNIT) / (1 - k * UNIT);

/** Bytes the dual state of an n-item problem needs (messages n³, unaries/uniqueness/B copies 5·n², scratch). */
export function mpoptStateBytes(n: number): number {
  return 8 * (n * n * n + 6 * n * n + 4 * n);
}

/** Mutable dual state of one mpopt solve (the caller's problem is only read). */
export class MpoptDual {
  readonly n: number;
  /** B, row-major (read-only view of the problem's data). */
  readonly b: Float64Array;
  /** Bᵀ, row-major (so both θ terms read contiguous rows); null when B is symmetric. */
  readonly bt: Float64Array | null;
  /** A, row-major (read-only view). */
  readonly a: Float64Array;
  /** Original unary costs U⁰. */
  readonly unary0: Float64Array;
  /** Current (reparametrised) unary costs, updated in place by the messages. */
  readonly unary: Float64Array;
  /** Uniqueness factors: uniq[j·n + i] = cost of row i taking label j. */
  readonly uniq: Float64Array;
  /** Pair messages: msg[(i·n + k)·n + j] = pair {i,k}'s offset on i's side for label j. */
  readonly msg: Float64Array;
  /** The problem's constant. */
  readonly constant: number;
  readonly #scratch: Float64Array;
  readonly #scratch2: Float64Array;
  readonly #maxB: number;
  readonly #unary0Slack: number;

  constructor(problem: QapProblem) {
    const n = problem.n;
    this.n = n;
    this.a = problem.a.data as Float64Array;
    this.b = problem.b.data as Float64Array;
    let symmetricB = true;
    let maxB = 0;
    for (let j = 0; j < n && symmetricB; j++) {
      for (let l = j + 1; l < n; l++) {
        if (this.b[j * n + l] !== this.b[l * n + j]) {
          symmetricB = false;
          break;
        }
      }
    }
    for (let t = 0; t < n * n; t++) maxB = Math.max(maxB, Math.abs(this.b[t]));
    this.#maxB = maxB;
    if (symmetricB) this.bt = null;
    else {
      const bt = new Float64Array(n * n);
      for (let j = 0; j < n; j++) for (let l = 0; l < n; l++) bt[j * n + l] = this.b[l * n + j];
      this.bt = bt;
    }
    this.unary0 = new Float64Array(n * n);
    const lin = problem.linear ? problem.linear.data : null;
    let unary0Slack = 0;
    for (let i = 0; i < n; i++) {
      const aii = this.a[i * n + i];
      let worst = 0;
      for (let j = 0; j < n; j++) {
        const lij = lin ? lin[i * n + j] : 0, q = aii * this.b[j * n + j];
        this.unary0[i * n + j] = lij + q;
        worst = Math.max(worst, Math.abs(lij) + Math.abs(q));
      }
      unary0Slack += gamma(2) * worst;
    }
    this.#unary0Slack = unary0Slack;
    this.unary = this.unary0.slice();
    this.uniq = new Float64Array(n * n);
    this.msg = new Float64Array(n * n * n);
    this.constant = problem.constant;
    this.#scratch = new Float64Array(n);
    this.#scratch2 = new Float64Array(n);
  }

  /** Cost of pair {i, k} at labels (j, l), j ≠ l, in the current reparametrisation. */
  pairCost(i: number, j: number, k: number, l: number): number {
    const n = this.n;
    const theta = this.a[i * n + k] * this.b[j * n + l] + this.a[k * n + i] * this.b[l * n + j];
    return theta + this.msg[(i * n + k) * n + j] + this.msg[(k * n + i) * n + l];
  }

  /** libmpopt `send_messages_to_pairwise` for every unary: its whole cost, split evenly over its n − 1 pairs. */
  diffuseUnaries(): void {
    const n = this.n;
    if (n < 2) return;
    const share = 1 / (n - 1);
    const { unary, msg } = this;
    for (let i = 0; i < n; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) {
        const m = unary[row + j] * share;
        unary[row + j] = 0;
        for (let k = 0; k < n; k++) if (k !== i) msg[(row + k) * n + j] += m;
      }
    }
  }

  /** Row minima of pair {i, k}: out[j] = min_{l≠j} θ(j, l) + msg[k,i,l] (without i's own offset). */
  #rowMinima(i: number, k: number, out: Float64Array): void {
    const n = this.n, aik = this.a[i * n + k], aki = this.a[k * n + i];
    // θ(j, l) = A[i,k]·B[j,l] + A[k,i]·Bᵀ[j,l]
    if (this.bt === null) minimaSymmetric(out, n, aik + aki, this.b, this.msg, (k * n + i) * n);
    else minimaGeneral(out, n, aik, this.b, aki, this.bt, this.msg, (k * n + i) * n);
  }

  /** Column minima of pair {i, k}: out[l] = min_{j≠l} θ(j, l) + msg[i,k,j] (without k's own offset). */
  #columnMinima(i: number, k: number, out: Float64Array): void {
    const n = this.n, aik = this.a[i * n + k], aki = this.a[k * n + i];
    // θ(j, l) = A[i,k]·Bᵀ[l,j] + A[k,i]·B[l,j]
    if (this.bt === null) minimaSymmetric(out, n, aik + aki, this.b, this.msg, (i * n + k) * n);
    else minimaGeneral(out, n, aik, this.bt, aki, this.b, this.msg, (i * n + k) * n);
  }

  /**
   * libmpopt `send_messages_to_unaries` (MPLP++ edge update) for every pair {i < k}: half of the row min-marginals
   * to unary i, all column min-marginals to unary k, then all remaining row min-marginals to unary i. `stop` is asked
   * before the pairs of each row; when it says so the pass ends early (every state in between is a valid
   * reparametrisation) and false is returned.
   */
  updatePairs(stop: () => boolean = never): boolean {
    const n = this.n, msg = this.msg, unary = this.unary;
    const rows = this.#scratch, cols = this.#scratch2;
    for (let i = 0; i < n; i++) {
      if (stop()) return false;
      for (let k = i + 1; k < n; k++) {
        const ri = (i * n + k) * n, sk = (k * n + i) * n;
        this.#rowMinima(i, k, rows);
        for (let j = 0; j < n; j++) {
          const m = 0.5 * (rows[j] + msg[ri + j]);
          msg[ri + j] -= m;
          unary[i * n + j] += m;
        }
        this.#columnMinima(i, k, cols);
        for (let l = 0; l < n; l++) {
          const m = cols[l] + msg[sk + l];
          msg[sk + l] -= m;
          unary[k * n + l] += m;
        }
        this.#rowMinima(i, k, rows);
        for (let j = 0; j < n; j++) {
          const m = rows[j] + msg[ri + j];
          msg[ri + j] -= m;
          unary[i * n + j] += m;
        }
      }
    }
    return true;
  }

  /**
   * libmpopt's uniqueness messages: every unary keeps the mean of its two smallest costs on every label and sends the
   * rest to the uniqueness factors; then every uniqueness factor does the same towards the unaries.
   */
  updateUniqueness(): void {
    const n = this.n, unary = this.unary, uniq = this.uniq;
    if (n < 2) return;
    for (let i = 0; i < n; i++) {
      const row = i * n;
      const target = halfLeastTwo(unary, row, n);
      for (let j = 0; j < n; j++) {
        const m = unary[row + j] - target;
        unary[row + j] = target;
        uniq[j * n + i] += m;
      }
    }
    for (let j = 0; j < n; j++) {
      const row = j * n;
      const target = halfLeastTwo(uniq, row, n);
      for (let i = 0; i < n; i++) {
        const m = uniq[row + i] - target;
        uniq[row + i] = target;
        unary[i * n + j] += m;
      }
    }
  }

  /**
   * The dual objective for the current messages, evaluated afresh: Σ unary minima + Σ uniqueness minima + Σ pair
   * minima + c, minus a rigorous allowance for the rounding of this evaluation. Returns both (raw value, allowance),
   * or null when `stop` (asked before the pairs of each row) ends the evaluation early.
   */
  lowerBound(stop: () => boolean = never): { value: number; slack: number } | null {
    const n = this.n, msg = this.msg, uniq = this.uniq, unary0 = this.unary0;
    const g = gamma(n + 4);
    let total = this.constant, absTotal = Math.abs(this.constant), slack = this.#unary0Slack;
    // Unaries rebuilt from U⁰ and the messages.
    const vals = this.#scratch, abs = this.#scratch2;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        vals[j] = unary0[i * n + j] - uniq[j * n + i];
        abs[j] = Math.abs(unary0[i * n + j]) + Math.abs(uniq[j * n + i]);
      }
      for (let k = 0; k < n; k++) {
        if (k === i) continue;
        const base = (i * n + k) * n;
        for (let j = 0; j < n; j++) {
          const m = msg[base + j];
          vals[j] -= m;
          abs[j] += Math.abs(m);
        }
      }
      let best = Infinity, worstAbs = 0;
      for (let j = 0; j < n; j++) {
        if (vals[j] < best) best = vals[j];
        if (abs[j] > worstAbs) worstAbs = abs[j];
      }
      total += best;
      absTotal += Math.abs(best);
      slack += g * worstAbs;
    }
    // Uniqueness factors: stored values are exact.
    for (let j = 0; j < n; j++) {
      let best = Infinity;
      for (let i = 0; i < n; i++) if (uniq[j * n + i] < best) best = uniq[j * n + i];
      total += best;
      absTotal += Math.abs(best);
    }
    // Pairs: min over rows of (own offset + row minimum).
    const g6 = gamma(6), rows = this.#scratch;
    for (let i = 0; i < n; i++) {
      if (stop()) return null;
      for (let k = i + 1; k < n; k++) {
        const ri = (i * n + k) * n, sk = (k * n + i) * n;
        this.#rowMinima(i, k, rows);
        let best = Infinity, maxR = 0, maxS = 0;
        for (let j = 0; j < n; j++) {
          const v = rows[j] + msg[ri + j];
          if (v < best) best = v;
          maxR = Math.max(maxR, Math.abs(msg[ri + j]));
          maxS = Math.max(maxS, Math.abs(msg[sk + j]));
        }
        total += best;
        absTotal += Math.abs(best);
        const thetaAbs = (Math.abs(this.a[i * n + k]) + Math.abs(this.a[k * n + i])) * this.#maxB;
        slack += g6 * (thetaAbs + maxR + maxS);
      }
    }
    const factors = 2 * n + (n * (n - 1)) / 2 + 1;
    slack += gamma(factors + 1) * absTotal;
    return { value: total, slack };
  }

  /**
   * The bound of the decomposition before any message, in O(n²): Σ_i min_j U⁰[i,j] + Σ_pairs (a lower estimate of
   * min θ from the extreme off-diagonal entries of B) + c, with its rounding allowance. Valid whatever the current
   * state; used when a run stops before its first full bound evaluation.
   */
  initialBound(): { value: number; slack: number } {
    const n = this.n, a = this.a, b = this.b;
    let minB = Infinity, maxB = -Infinity;
    for (let j = 0; j < n; j++) {
      for (let l = 0; l < n; l++) {
        if (l === j) continue;
        const v = b[j * n + l];
        if (v < minB) minB = v;
        if (v > maxB) maxB = v;
      }
    }
    let total = this.constant, absTotal = Math.abs(this.constant), slack = this.#unary0Slack;
    for (let i = 0; i < n; i++) {
      let best = Infinity;
      for (let j = 0; j < n; j++) if (this.unary0[i * n + j] < best) best = this.unary0[i * n + j];
      total += best;
      absTotal += Math.abs(best);
    }
    const g = gamma(3);
    for (let i = 0; i < n; i++) {
      for (let k = i + 1; k < n; k++) {
        const aik = a[i * n + k], aki = a[k * n + i];
        // min over j ≠ l of aik·B[j,l] + aki·B[l,j] ≥ min of each term separately
        const low = (aik >= 0 ? aik * minB : aik * maxB) + (aki >= 0 ? aki * minB : aki * maxB);
        total += low;
        absTotal += Math.abs(low);
        slack += g * (Math.abs(aik) + Math.abs(aki)) * this.#maxB;
      }
    }
    slack += gamma(2 * n + (n * (n - 1)) / 2 + 2) * absTotal;
    return { value: total, slack };
  }
}

/** out[x] = min_{y≠x} w·m[x·n + y] + vec[off + y] (symmetric B: both θ terms fold into one). */
function minimaSymmetric(
  out: Float64Array,
  n: number,
  w: number,
  m: Float64Array,
  vec: Float64Array,
  off: number,
): void {
  for (let x = 0; x < n; x++) {
    const row = x * n;
    let best = Infinity;
    for (let y = 0; y < x; y++) {
      const v = w * m[row + y] + vec[off + y];
      if (v < best) best = v;
    }
    for (let y = x + 1; y < n; y++) {
      const v = w * m[row + y] + vec[off + y];
      if (v < best) best = v;
    }
    out[x] = best;
  }
}

/** out[x] = min_{y≠x} w1·m1[x·n + y] + w2·m2[x·n + y] + vec[off + y]. */
function minimaGeneral(
  out: Float64Array,
  n: number,
  w1: number,
  m1: Float64Array,
  w2: number,
  m2: Float64Array,
  vec: Float64Array,
  off: number,
): void {
  for (let x = 0; x < n; x++) {
    const row = x * n;
    let best = Infinity;
    for (let y = 0; y < x; y++) {
      const v = w1 * m1[row + y] + w2 * m2[row + y] + vec[off + y];
      if (v < best) best = v;
    }
    for (let y = x + 1; y < n; y++) {
      const v = w1 * m1[row + y] + w2 * m2[row + y] + vec[off + y];
      if (v < best) best = v;
    }
    out[x] = best;
  }
}

/** A stop test that never fires. */
const never = () => false;

/** Mean of the two smallest of values[offset .. offset + n) (n ≥ 2). */
function halfLeastTwo(values: Float64Array, offset: number, n: number): number {
  let m1 = Infinity, m2 = Infinity;
  for (let t = 0; t < n; t++) {
    const v = values[offset + t];
    if (v < m1) {
      m2 = m1;
      m1 = v;
    } else if (v < m2) m2 = v;
  }
  return 0.5 * (m1 + m2);
}
