/**
 * The RLT-2 dual ascent lower bound (Adams, Guignard, Hahn, Hightower 2007, "A level-2 reformulation–linearization
 * technique bound for the quadratic assignment problem"), as a measured prototype for issue 19: a bound for a whole
 * QAP, not yet wired into branch and bound.
 *
 * The state keeps, for every permutation p, the identity
 * `J(p) = LB + Σ_i Λ[i,p_i] + Σ_{pairs P ⊂ p} R[P] + Σ_{triples T ⊂ p} D[T]`, where an assignment is (row, col), a
 * pair P = {(i,j),(k,l)} has i ≠ k, j ≠ l and a triple has three distinct rows and columns. Start: Λ[i,j] =
 * A[i,i]·B[j,j] + L[i,j], R[{(i,j),(k,l)}] = A[i,k]·B[j,l] + A[k,i]·B[l,j] (one "shared" value per unordered pair, as
 * fhg's pair cost), D = 0, LB = c. Whenever every R and D is ≥ 0, LB + (any leader LAP value) is a lower bound.
 * Every step keeps the identity for every p:
 * - leader step: LAP over Λ; LB += its value, Λ −= its duals;
 * - spread Λ: R[{(i,j),(k,l)}] += (Λ[i,j] + Λ[k,l])/(n−1), Λ = 0 (p ⊃ (i,j) holds n−1 pairs containing it);
 * - spread R: a fraction f of R[P] goes to each of the (n−2)² triples containing P as f·R[P]/(n−2);
 * - triple sweep: for every pair P, a LAP of size n−2 over rows m ∉ P, cols q ∉ P of D[P ∪ (m,q)] (for p ⊃ P the
 *   n−2 triples of p containing P are one per row m); D −= its duals, R[P] += its value;
 * - pair sweep: for every assignment (i,j), the Hahn–Grant subproblem: a LAP of size n−1 over R[{(i,j),(k,l)}];
 *   R −= its duals, Λ[i,j] += its value.
 * R and D are shared (one value seen by every LAP that contains it, updated in place, Gauss–Seidel), which is what
 * couples the levels: a triple's mass, spread from three pairs, is taken back by whichever of its pairs' LAPs uses it.
 *
 * One iteration (the kept schedule): spread Λ, spread R (`spreadFraction`, default 1), the triple sweep over the
 * pairs in ascending order of R before the spread, then `level1Sweeps` (default 1) rounds of (pair sweep in ascending
 * Λ order, leader step), spreading Λ between them. Measured (tests/bench/rlt2_probe.ts, 2 busy cores): index order
 * instead of ascending stalls far lower (nug12 543 vs 576 after 30 iterations); spreading half of R or two level-1
 * rounds climb faster in the first ~10 iterations (nug20 2415 vs 2364 after 10) but end lower (nug15 1141–1145 vs
 * 1149 after 40, nug20 2456 vs 2476 after 30). Spreading all of R can stall at a non-optimal fixed point on tiny
 * problems (n = 3: each triple's mass goes to the first of its pairs the sweep reaches; 20 of 100 random instances),
 * where `spreadFraction: 0.5` was exact on all of them.
 * {@link Rlt2DualState.restrict} starts a child (one assignment fixed) from its parent's state.
 *
 * Validity: with `shift: "min"` (default, as fhg) the factors are shifted to A − min A, B − min B ≥ 0 (the constant
 * absorbs it: J is unchanged), so every R ≥ 0 from the start and the bound holds after every leader step. With
 * `shift: "none"` and negative products the initial R can be negative; after one complete iteration every D (the
 * triple sweep left each triple reduced by its last pair's LAP) and every R (likewise by the pair sweep) is ≥ 0, so
 * the bound counts only from then on ({@link Rlt2DualState.boundValid}); before that the reported bound is −Infinity.
 *
 * Storage: R dense over ordered pairs of assignments (n⁴ doubles, both copies kept equal); D one value per unordered
 * triple, indexed by its sorted rows r1 < r2 < r3 (C(n,3) row triples) and their columns as c1·n² + c2·n + c3
 * (C(n,3)·n³ doubles: 73 MB at n = 20, 877 MB at n = 30); refused with a RangeError above `memoryBudgetBytes`.
 * Rounding: each step changes every stored value O(1) times and counts one dual round; the bound is reported as
 * certificate.ts `certifiedBound` under `atIterations(certificate, rounds)` (integer data: rounded up).
 * @module
 */
import { checkRange } from "../../core/errors.ts";
import { getLapAlgorithm, HAHN_GRANT_LAPS, type LapDualSolve } from "../../lap/algorithms.ts";
import { LapWorkspace } from "../../lap/workspace.ts";
import { atIterations, certificateTolerance, certifiedBound } from "../certificate.ts";
import type { QapProblem } from "../problem.ts";

/** How the factors are shifted before the ascent ("min": A − min A, B − min B ≥ 0; "none": as given). */
export type Rlt2Shift = "min" | "none";

/** Order of the pairs in the triple sweep: ascending R before the spread (ties by index), or by index. */
export type Rlt2PairOrder = "ascending" | "index";

/** The schedule of one {@link Rlt2DualState.iterate}. */
export interface Rlt2Schedule {
  /** Fraction of each R[P] spread onto its triples, in (0, 1]; default 1. */
  spreadFraction?: number;
  /** Pair-sweep + leader-step rounds after each triple sweep (≥ 1); default 1. */
  level1Sweeps?: number;
  /** Order of the triple sweep; default "ascending". */
  pairOrder?: Rlt2PairOrder;
}

/** Options of {@link rlt2Bound}. */
export interface Rlt2Options extends Rlt2Schedule {
  /** Most iterations; default 20. */
  maxIterations?: number;
  /** Seconds; the ascent stops at the first check after it (every 256 triple LAPs); default Infinity. */
  timeLimit?: number;
  /** Factor shift; default "min". */
  shift?: Rlt2Shift;
  /** Stop once the reported bound reaches this value (e.g. an incumbent's cost: the bound then proves it); default
   * Infinity. */
  stopAt?: number;
  /** Refuse (before allocating) when the state needs more bytes; default 2 GiB (n ≈ 34). */
  memoryBudgetBytes?: number;
  /** Called after the first leader step (iteration 0) and after every complete iteration, with the reported bound
   * (−Infinity while not yet valid) and the seconds since the start. */
  onIteration?: (iteration: number, bound: number, seconds: number) => void;
}

/** What {@link rlt2Bound} returns. */
export interface Rlt2Result {
  /** The certified lower bound (−Infinity when no complete iteration made it valid). */
  bound: number;
  /** The raw LB behind it. */
  rawBound: number;
  /** Complete iterations. */
  iterations: number;
  /** Wall-clock seconds, allocation included. */
  seconds: number;
  /** Dual rounds the rounding allowance covers. */
  rounds: number;
  /** Bytes of the state. */
  memoryBytes: number;
}

/** Default memory budget of {@link rlt2Bound}: 2 GiB. */
export const RLT2_DEFAULT_MEMORY_BUDGET = 2 * 1024 ** 3;

/** C(n, 3). */
function choose3(n: number): number {
  return n < 3 ? 0 : (n * (n - 1) * (n - 2)) / 6;
}

/** Bytes of the RLT-2 state for size n (triples, pairs, leaders, index and scratch). */
export function rlt2MemoryBytes(n: number): number {
  const n2 = n * n;
  return 8 * choose3(n) * n * n2 + 8 * n2 * n2 + 4 * n * n2 + 16 * (n2 * n2) / 2 + 8 * 3 * n2;
}

/** The arrays and scalars of an {@link Rlt2DualState} (e.g. to send it to a worker thread). */
export interface Rlt2StateParts {
  n: number;
  leaders: Float64Array;
  pairs: Float64Array;
  triples: Float64Array;
  lowerBound: number;
  boundValid: boolean;
  rounds: number;
}

/** The RLT-2 dual state of a QAP (see the module doc for the identity it keeps). */
export class Rlt2DualState {
  /** Problem size. */
  readonly n: number;
  /** Leaders Λ[i·n + j]. */
  readonly leaders: Float64Array;
  /** Shared pair costs: R at (i·n + j)·n² + k·n + l, equal to its mirror; entries with i = k or j = l stay 0. */
  readonly pairs: Float64Array;
  /** Shared triple costs D (see the module doc for the index). */
  readonly triples: Float64Array;
  /** Offset in {@link triples} of row triple r1 < r2 < r3, at (r1·n + r2)·n + r3 (−1 for unsorted rows). */
  readonly tripleBase: Int32Array;
  /** The banked lower bound (unrounded); a bound only while {@link boundValid}. */
  lowerBound: number;
  /** True when every R and D is ≥ 0 (up to rounding), so {@link lowerBound} is a lower bound. */
  boundValid: boolean;
  /** Dual rounds behind the state: 1 at the start, one per step (leader step, spread, sweep). */
  rounds = 1;
  /** Bytes held. */
  readonly memoryBytes: number;

  readonly #solveDuals: LapDualSolve;
  readonly #ws: LapWorkspace;
  readonly #sub: Float64Array;
  readonly #pairList: Int32Array;
  readonly #pairOrder: Int32Array;
  readonly #pairKeys: Float64Array;
  readonly #leaderOrder: Int32Array;
  readonly #leaderKeys: Float64Array;
  /** Index in {@link triples} of each cell of the current triple LAP (scatter without recomputing it). */
  readonly #cell: Int32Array;

  private constructor(n: number, lowerBound: number) {
    const n2 = n * n, pairCount = (n2 * (n - 1) * (n - 1)) / 2;
    this.n = n;
    this.lowerBound = lowerBound;
    this.boundValid = false;
    this.memoryBytes = rlt2MemoryBytes(n);
    this.leaders = new Float64Array(n2);
    this.pairs = new Float64Array(n2 * n2);
    this.triples = new Float64Array(choose3(n) * n * n2);
    this.tripleBase = new Int32Array(n * n2).fill(-1);
    for (let r3 = 2, t = 0; r3 < n; r3++) {
      for (let r2 = 1; r2 < r3; r2++) {
        for (let r1 = 0; r1 < r2; r1++) this.tripleBase[(r1 * n + r2) * n + r3] = n * n2 * t++;
      }
    }
    this.#pairList = new Int32Array(pairCount);
    for (let i = 0, x = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        for (let k = i + 1; k < n; k++) {
          for (let l = 0; l < n; l++) if (l !== j) this.#pairList[x++] = (i * n + j) * n2 + k * n + l;
        }
      }
    }
    this.#pairOrder = new Int32Array(pairCount);
    for (let x = 0; x < pairCount; x++) this.#pairOrder[x] = x;
    this.#pairKeys = new Float64Array(pairCount);
    this.#leaderOrder = new Int32Array(n2);
    for (let x = 0; x < n2; x++) this.#leaderOrder[x] = x;
    this.#leaderKeys = new Float64Array(n2);
    this.#solveDuals = getLapAlgorithm(HAHN_GRANT_LAPS.jv).solveDuals;
    this.#ws = new LapWorkspace(n);
    this.#sub = new Float64Array(n2);
    this.#cell = new Int32Array(n2);
  }

  /**
   * The initial state of `problem` (its matrices are read, never changed). Throws a RangeError naming the bytes when
   * the state exceeds `memoryBudgetBytes`.
   */
  static initial(
    problem: QapProblem,
    shift: Rlt2Shift = "min",
    memoryBudgetBytes = RLT2_DEFAULT_MEMORY_BUDGET,
  ): Rlt2DualState {
    const fn = "Rlt2DualState.initial";
    const n = problem.n, n2 = n * n, bytes = rlt2MemoryBytes(n);
    checkRange(
      bytes <= memoryBudgetBytes,
      fn,
      `the RLT-2 state needs ${(bytes / 2 ** 20).toFixed(0)} MiB at n = ${n}, over memoryBudgetBytes = ` +
        `${(memoryBudgetBytes / 2 ** 20).toFixed(0)} MiB; raise memoryBudgetBytes or use fhg (O(n³) memory)`,
    );
    checkRange(choose3(n) * n * n2 < 2 ** 31, fn, `n = ${n} is too large for the triple index`);
    const a0 = problem.a.data, b0 = problem.b.data, lin = problem.linear ? problem.linear.data : null;
    let minA = Infinity, minB = Infinity, sumA = 0, sumB = 0;
    for (let t = 0; t < n2; t++) {
      minA = Math.min(minA, a0[t]);
      minB = Math.min(minB, b0[t]);
      sumA += a0[t];
      sumB += b0[t];
    }
    if (shift === "none") minA = minB = 0;
    const a = new Float64Array(n2), b = new Float64Array(n2);
    for (let t = 0; t < n2; t++) {
      a[t] = a0[t] - minA;
      b[t] = b0[t] - minB;
    }
    const constant = problem.constant + minB * sumA + minA * sumB - minA * minB * n2;
    const state = new Rlt2DualState(n, constant);
    const { leaders, pairs } = state;
    let nonNegative = true;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const ij = i * n + j;
        leaders[ij] = a[i * n + i] * b[j * n + j] + (lin ? lin[ij] : 0);
        for (let k = 0; k < n; k++) {
          if (k === i) continue;
          const aik = a[i * n + k], aki = a[k * n + i], row = ij * n2 + k * n;
          for (let l = 0; l < n; l++) {
            if (l === j) continue;
            const r = aik * b[j * n + l] + aki * b[l * n + j];
            pairs[row + l] = r;
            if (r < 0) nonNegative = false;
          }
        }
      }
    }
    state.boundValid = nonNegative;
    return state;
  }

  /** A state from its parts (copied), e.g. received by a worker thread. */
  static fromParts(parts: Rlt2StateParts): Rlt2DualState {
    const { n, leaders, pairs, triples, lowerBound, boundValid, rounds } = parts;
    const state = new Rlt2DualState(n, lowerBound);
    checkRange(
      leaders.length === n * n && pairs.length === state.pairs.length && triples.length === state.triples.length,
      "Rlt2DualState.fromParts",
      `arrays do not match n = ${n}`,
    );
    state.leaders.set(leaders);
    state.pairs.set(pairs);
    state.triples.set(triples);
    state.boundValid = boundValid;
    state.rounds = rounds;
    return state;
  }

  /** The parts of this state (views of its arrays, not copies). */
  parts(): Rlt2StateParts {
    const { n, leaders, pairs, triples, lowerBound, boundValid, rounds } = this;
    return { n, leaders, pairs, triples, lowerBound, boundValid, rounds };
  }

  /** Leader step: LAP over Λ, LB += its value, Λ −= its duals (Λ ≥ 0 after it). Returns the value. */
  leaderStep(): number {
    const n = this.n, leaders = this.leaders, sub = this.#sub, ws = this.#ws;
    this.rounds++;
    sub.set(leaders);
    const value = this.#solveDuals(sub, n, ws, 0);
    const u = ws.u, v = ws.v;
    for (let i = 0; i < n; i++) {
      const ui = u[i];
      for (let j = 0; j < n; j++) leaders[i * n + j] -= ui + v[j];
    }
    this.lowerBound += value;
    return value;
  }

  /** Spread Λ: R[{(i,j),(k,l)}] += (Λ[i,j] + Λ[k,l])/(n−1) on both copies, Λ = 0 (no-op for n = 1). */
  spreadLeaders(): void {
    const n = this.n, n2 = n * n, leaders = this.leaders, pairs = this.pairs;
    if (n < 2) return;
    this.rounds++;
    const g = 1 / (n - 1);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const ij = i * n + j, lij = leaders[ij];
        for (let k = 0; k < n; k++) {
          if (k === i) continue;
          const row = ij * n2 + k * n, lrow = k * n;
          for (let l = 0; l < n; l++) if (l !== j) pairs[row + l] += (lij + leaders[lrow + l]) * g;
        }
      }
    }
    leaders.fill(0);
  }

  /** Spread R: each triple gains f·(R of its three pairs)/(n−2), every R is scaled by 1 − f (no-op for n < 3). */
  spreadPairs(fraction: number): void {
    const n = this.n, n2 = n * n, pairs = this.pairs, d = this.triples, tb = this.tripleBase;
    if (n < 3) return;
    this.rounds++;
    const g = fraction / (n - 2);
    for (let r3 = 2; r3 < n; r3++) {
      for (let r2 = 1; r2 < r3; r2++) {
        for (let r1 = 0; r1 < r2; r1++) {
          const base = tb[(r1 * n + r2) * n + r3];
          for (let c1 = 0; c1 < n; c1++) {
            const p1 = (r1 * n + c1) * n2;
            for (let c2 = 0; c2 < n; c2++) {
              if (c2 === c1) continue;
              const r12 = pairs[p1 + r2 * n + c2], p13 = p1 + r3 * n, p23 = (r2 * n + c2) * n2 + r3 * n;
              const row = base + c1 * n2 + c2 * n;
              for (let c3 = 0; c3 < n; c3++) {
                if (c3 === c1 || c3 === c2) continue;
                d[row + c3] += (r12 + pairs[p13 + c3] + pairs[p23 + c3]) * g;
              }
            }
          }
        }
      }
    }
    const keep = 1 - fraction;
    for (let t = 0; t < pairs.length; t++) pairs[t] *= keep;
  }

  /** Records the sort keys of the next triple sweep (R before the spread). */
  #rankPairs(order: Rlt2PairOrder): void {
    const list = this.#pairList, keys = this.#pairKeys, po = this.#pairOrder, pairs = this.pairs;
    for (let x = 0; x < list.length; x++) po[x] = x;
    if (order === "index") return;
    for (let x = 0; x < list.length; x++) keys[x] = pairs[list[x]];
    po.sort((x, y) => keys[x] - keys[y] || x - y);
  }

  /**
   * Triple sweep: for every pair P in the order set by the last {@link iterate} (index order otherwise), the LAP of
   * size n−2 over D[P ∪ (m,q)]; D −= its duals, R[P] += its value. Checks `shouldStop` every 256 LAPs; returns false
   * when it stopped (the identity still holds).
   */
  tripleSweep(shouldStop: () => boolean = () => false): boolean {
    const n = this.n, n2 = n * n, s = n - 2;
    if (n < 3) return true;
    this.rounds++;
    const { pairs, triples: d, tripleBase: tb } = this;
    const list = this.#pairList, po = this.#pairOrder, sub = this.#sub, ws = this.#ws, solve = this.#solveDuals;
    const cell = this.#cell;
    for (let t = 0; t < list.length; t++) {
      const code = list[po[t]], ij = (code / n2) | 0, kl = code - ij * n2;
      const i = (ij / n) | 0, j = ij - i * n, k = (kl / n) | 0, l = kl - k * n;
      for (let m = 0, mm = 0; m < n; m++) {
        if (m === i || m === k) continue;
        let base: number, stride: number;
        if (m < i) {
          base = tb[(m * n + i) * n + k] + j * n + l;
          stride = n2;
        } else if (m < k) {
          base = tb[(i * n + m) * n + k] + j * n2 + l;
          stride = n;
        } else {
          base = tb[(i * n + k) * n + m] + j * n2 + l * n;
          stride = 1;
        }
        for (let q = 0, x = mm * s; q < n; q++) {
          if (q === j || q === l) continue;
          const at = base + q * stride;
          cell[x] = at;
          sub[x++] = d[at];
        }
        mm++;
      }
      const value = solve(sub, s, ws, 0);
      const u = ws.u, v = ws.v;
      for (let mm = 0, x = 0; mm < s; mm++) {
        const um = u[mm];
        for (let qq = 0; qq < s; qq++, x++) d[cell[x]] -= um + v[qq];
      }
      pairs[code] += value;
      pairs[kl * n2 + ij] += value;
      if ((t & 255) === 255 && shouldStop()) return false;
    }
    return true;
  }

  /**
   * Pair sweep (the Hahn–Grant subproblems): for every assignment (i,j), in ascending order of Λ as it was before the
   * last {@link spreadLeaders} when called from {@link iterate} (index order otherwise), the LAP of size n−1 over
   * R[{(i,j),(k,l)}]; R −= its duals (both copies), Λ[i,j] += its value. Returns false when `shouldStop` ended it.
   */
  pairSweep(shouldStop: () => boolean = () => false): boolean {
    const n = this.n, n2 = n * n, m = n - 1;
    this.rounds++;
    const { pairs, leaders } = this, order = this.#leaderOrder, sub = this.#sub, ws = this.#ws;
    for (let s = 0; s < n2; s++) {
      const ij = order[s], i = (ij / n) | 0, j = ij - i * n, base = ij * n2;
      for (let k = 0, kk = 0; k < n; k++) {
        if (k === i) continue;
        const row = base + k * n, out = kk * m;
        for (let l = 0, ll = 0; l < n; l++) if (l !== j) sub[out + ll++] = pairs[row + l];
        kk++;
      }
      const value = this.#solveDuals(sub, m, ws, 0);
      const u = ws.u, v = ws.v;
      for (let k = 0, kk = 0; k < n; k++) {
        if (k === i) continue;
        const row = base + k * n, uk = u[kk];
        for (let l = 0, ll = 0; l < n; l++) {
          if (l === j) continue;
          const r = pairs[row + l] - (uk + v[ll++]);
          pairs[row + l] = r;
          pairs[(k * n + l) * n2 + ij] = r;
        }
        kk++;
      }
      leaders[ij] += value;
      if ((s & 15) === 15 && shouldStop()) return false;
    }
    return true;
  }

  /** Sets the pair-sweep order: ascending current Λ, equal ones in descending index (as fhg). */
  #rankLeaders(): void {
    const n2 = this.n * this.n, keys = this.#leaderKeys, order = this.#leaderOrder;
    keys.set(this.leaders);
    for (let x = 0; x < n2; x++) order[x] = x;
    order.sort((x, y) => keys[x] - keys[y] || y - x);
  }

  /**
   * One iteration of the schedule (module doc): spread Λ, spread R, triple sweep, then `level1Sweeps` × (pair sweep,
   * leader step). Sets {@link boundValid} when it completes. Returns false when `shouldStop` ended it early.
   */
  iterate(schedule: Rlt2Schedule = {}, shouldStop: () => boolean = () => false): boolean {
    const fraction = schedule.spreadFraction ?? 1, sweeps = schedule.level1Sweeps ?? 1;
    this.#rankLeaders();
    this.spreadLeaders();
    this.#rankPairs(schedule.pairOrder ?? "ascending");
    this.spreadPairs(fraction);
    if (!this.tripleSweep(shouldStop)) return false;
    for (let s = 0; s < sweeps; s++) {
      if (s > 0) {
        this.#rankLeaders();
        this.spreadLeaders();
      }
      if (!this.pairSweep(shouldStop)) return false;
      this.leaderStep();
    }
    this.boundValid = true;
    return true;
  }

  /**
   * The state of the residual problem after fixing row `i0` to column `j0` (a branch-and-bound child, warm-started
   * from this state, which is left unchanged): size n − 1 (rows without i0, columns without j0, in order),
   * LB' = LB + Λ[i0,j0], Λ'[k,l] = Λ[k,l] + R[{(i0,j0),(k,l)}], R'[P] = R[P] + D[P ∪ (i0,j0)], D' = D on the
   * triples avoiding i0 and j0. For every p with p[i0] = j0 the identity holds for its restriction, so LB' (and any
   * later ascent on the child) bounds every completion. Costs one dual round more than this state.
   */
  restrict(i0: number, j0: number, memoryBudgetBytes = RLT2_DEFAULT_MEMORY_BUDGET): Rlt2DualState {
    const n = this.n, n2 = n * n, c = n - 1, c2 = c * c;
    checkRange(
      Number.isInteger(i0) && Number.isInteger(j0) && i0 >= 0 && j0 >= 0 && i0 < n && j0 < n && n > 1,
      "Rlt2DualState.restrict",
      `needs 0 ≤ i0, j0 < n = ${n} (n ≥ 2), got ${i0}, ${j0}`,
    );
    checkRange(
      rlt2MemoryBytes(c) <= memoryBudgetBytes,
      "Rlt2DualState.restrict",
      `the child state needs ${(rlt2MemoryBytes(c) / 2 ** 20).toFixed(0)} MiB, over memoryBudgetBytes`,
    );
    const child = new Rlt2DualState(c, this.lowerBound + this.leaders[i0 * n + j0]);
    child.boundValid = this.boundValid;
    child.rounds = this.rounds + 1;
    const { leaders, pairs, triples: d, tripleBase: tb } = this;
    const rowOf = (x: number) => (x < i0 ? x : x + 1), colOf = (y: number) => (y < j0 ? y : y + 1);
    const fixed = (i0 * n + j0) * n2;
    for (let k = 0; k < c; k++) {
      for (let l = 0; l < c; l++) {
        const K = rowOf(k), L = colOf(l);
        child.leaders[k * c + l] = leaders[K * n + L] + pairs[fixed + K * n + L];
      }
    }
    // the triple {(i0,j0),(K,L),(M,Q)} with K < M: its rows sorted, its columns in that order
    const tripleWithFixed = (K: number, L: number, M: number, Q: number) =>
      i0 < K
        ? tb[(i0 * n + K) * n + M] + j0 * n2 + L * n + Q
        : i0 < M
        ? tb[(K * n + i0) * n + M] + L * n2 + j0 * n + Q
        : tb[(K * n + M) * n + i0] + L * n2 + Q * n + j0;
    for (let k = 0; k < c; k++) {
      for (let l = 0; l < c; l++) {
        const K = rowOf(k), L = colOf(l), src = (K * n + L) * n2, dst = (k * c + l) * c2;
        for (let m = 0; m < c; m++) {
          if (m === k) continue;
          const M = rowOf(m);
          for (let q = 0; q < c; q++) {
            if (q === l) continue;
            const Q = colOf(q);
            const extra = n < 3 ? 0 : K < M ? d[tripleWithFixed(K, L, M, Q)] : d[tripleWithFixed(M, Q, K, L)];
            child.pairs[dst + m * c + q] = pairs[src + M * n + Q] + extra;
          }
        }
      }
    }
    const ctb = child.tripleBase, cd = child.triples;
    for (let r3 = 2; r3 < c; r3++) {
      for (let r2 = 1; r2 < r3; r2++) {
        for (let r1 = 0; r1 < r2; r1++) {
          const to = ctb[(r1 * c + r2) * c + r3], from = tb[(rowOf(r1) * n + rowOf(r2)) * n + rowOf(r3)];
          for (let c1 = 0; c1 < c; c1++) {
            for (let c2v = 0; c2v < c; c2v++) {
              const rowTo = to + c1 * c2 + c2v * c, rowFrom = from + colOf(c1) * n2 + colOf(c2v) * n;
              for (let c3 = 0; c3 < c; c3++) cd[rowTo + c3] = d[rowFrom + colOf(c3)];
            }
          }
        }
      }
    }
    return child;
  }

  /** The identity's right-hand side LB + ΣΛ + ΣR + ΣD along permutation p (equals J(p) up to rounding). */
  identityValue(p: ArrayLike<number>): number {
    const n = this.n, n2 = n * n, { leaders, pairs, triples, tripleBase } = this;
    let total = this.lowerBound;
    for (let i = 0; i < n; i++) {
      total += leaders[i * n + p[i]];
      for (let k = i + 1; k < n; k++) {
        total += pairs[(i * n + p[i]) * n2 + k * n + p[k]];
        for (let m = k + 1; m < n; m++) total += triples[tripleBase[(i * n + k) * n + m] + p[i] * n2 + p[k] * n + p[m]];
      }
    }
    return total;
  }

  /** The smallest Λ, R and D over valid entries (tests: all ≥ −rounding once {@link boundValid}). */
  minReducedCosts(): { leader: number; pair: number; triple: number } {
    const n = this.n, n2 = n * n;
    let leader = Infinity, pair = Infinity, triple = Infinity;
    for (let t = 0; t < n2; t++) leader = Math.min(leader, this.leaders[t]);
    for (const code of this.#pairList) pair = Math.min(pair, this.pairs[code]);
    for (let r3 = 2; r3 < n; r3++) {
      for (let r2 = 1; r2 < r3; r2++) {
        for (let r1 = 0; r1 < r2; r1++) {
          const base = this.tripleBase[(r1 * n + r2) * n + r3];
          for (let c1 = 0; c1 < n; c1++) {
            for (let c2 = 0; c2 < n; c2++) {
              if (c2 === c1) continue;
              for (let c3 = 0; c3 < n; c3++) {
                if (c3 !== c1 && c3 !== c2) triple = Math.min(triple, this.triples[base + c1 * n2 + c2 * n + c3]);
              }
            }
          }
        }
      }
    }
    return { leader, pair, triple };
  }
}

/**
 * The RLT-2 dual ascent bound of `problem` (any A, B, linear term and constant; the caller's matrices are never
 * changed): a leader step, then up to `maxIterations` iterations of the schedule within `timeLimit`, until the bound
 * reaches `stopAt`. Throws a
 * RangeError on bad options or when the state exceeds `memoryBudgetBytes`.
 *
 * Example: `rlt2Bound(loadQaplibDat("nug12.dat"), { maxIterations: 10 }).bound` (≤ 578, the optimum).
 */
export function rlt2Bound(problem: QapProblem, options: Rlt2Options = {}): Rlt2Result {
  const fn = "rlt2Bound";
  const maxIterations = options.maxIterations ?? 20, timeLimit = options.timeLimit ?? Infinity;
  const fraction = options.spreadFraction ?? 1, sweeps = options.level1Sweeps ?? 1;
  checkRange(maxIterations >= 0, fn, `maxIterations must be ≥ 0, got ${maxIterations}`);
  checkRange(timeLimit > 0, fn, `timeLimit must be > 0 seconds, got ${timeLimit}`);
  checkRange(fraction > 0 && fraction <= 1, fn, `spreadFraction must be in (0, 1], got ${fraction}`);
  checkRange(Number.isInteger(sweeps) && sweeps >= 1, fn, `level1Sweeps must be an integer ≥ 1, got ${sweeps}`);
  const start = performance.now(), deadline = start + timeLimit * 1000;
  const seconds = () => (performance.now() - start) / 1000;
  const shouldStop = () => performance.now() > deadline;
  const state = Rlt2DualState.initial(problem, options.shift ?? "min", options.memoryBudgetBytes);
  const base = certificateTolerance(problem);
  let raw = -Infinity, rounds = state.rounds;
  const report = (iteration: number) => {
    if (state.boundValid) {
      raw = state.lowerBound;
      rounds = state.rounds;
    }
    const bound = certifiedBound(raw, atIterations(base, rounds)) + 0; // + 0: never report −0
    options.onIteration?.(iteration, bound, seconds());
    return bound;
  };
  state.leaderStep();
  let bound = report(0), iterations = 0;
  const schedule = { spreadFraction: fraction, level1Sweeps: sweeps, pairOrder: options.pairOrder };
  const stopAt = options.stopAt ?? Infinity;
  while (iterations < maxIterations && bound < stopAt && !shouldStop()) {
    if (!state.iterate(schedule, shouldStop)) break;
    bound = report(++iterations);
  }
  return { bound, rawBound: raw, iterations, seconds: seconds(), rounds, memoryBytes: state.memoryBytes };
}
