/**
 * The Gilmore–Lawler lower bound (Gilmore 1962, Lawler 1963) in the form HeuristicLab's QAPLIB tests publish: for
 * every pair (row i of A, row j of B) the smallest possible contribution of "i goes to j",
 * l[i,j] = A[i,i]·B[j,j] + minimal scalar product of A's row i and B's row j without their diagonals (one sorted
 * ascending, the other descending), then one LAP over l. Valid for asymmetric A, B (only rows are used); a linear
 * term is added to l and the constant to the result. Cost O(n³ + n² log n).
 *
 * Rounding: integer data whose magnitudes stay below 2⁵² is computed exactly (the published integer values); other
 * data gets a rounding allowance subtracted ({@link gilmoreLawlerAllowance}), so the bound never exceeds the optimum
 * because of float64 rounding. {@link GilmoreLawlerWorkspace} + {@link gilmoreLawlerBoundInto} /
 * {@link residualGilmoreLawlerBoundInto} reuse every buffer (branch-and-bound nodes).
 * @module
 */
import { checkType } from "../../core/errors.ts";
import { solveLapInto } from "../../lap/shortest_path.ts";
import { LapWorkspace } from "../../lap/workspace.ts";
import type { QapProblem } from "../problem.ts";

const UNIT_ROUNDOFF = 2 ** -53;

/** Magnitude below which integer sums and products are exact in float64 (with headroom). */
const EXACT_INTEGER_LIMIT = 2 ** 52;

/** Scratch buffers for Gilmore–Lawler bounds of problems up to a given size; reuse one per thread. */
export class GilmoreLawlerWorkspace {
  /** Largest n the buffers hold. */
  capacity: number;
  /** Rows of A without diagonal, each sorted ascending (n·(n−1)). */
  sa: Float64Array;
  /** Rows of B without diagonal, each sorted ascending (n·(n−1)). */
  sb: Float64Array;
  /** LAP cost matrix (n×n). */
  cost: Float64Array;
  /** Diagonal of A. */
  diagA: Float64Array;
  /** Diagonal of B. */
  diagB: Float64Array;
  /** Euclidean norms of A's rows without diagonal (rounding allowance). */
  normA: Float64Array;
  /** Euclidean norms of B's rows without diagonal. */
  normB: Float64Array;
  /** LAP scratch; after a call, `lap.rowToCol` holds the bound's assignment. */
  lap: LapWorkspace;
  /** Rounding allowance subtracted by the last call (0 when computed exactly). */
  lastAllowance = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    const c = Math.max(capacity, 1);
    this.sa = new Float64Array(c * c);
    this.sb = new Float64Array(c * c);
    this.cost = new Float64Array(c * c);
    this.diagA = new Float64Array(c);
    this.diagB = new Float64Array(c);
    this.normA = new Float64Array(c);
    this.normB = new Float64Array(c);
    this.lap = new LapWorkspace(c);
  }

  /** Grows the buffers when a larger problem comes (never shrinks them). */
  ensure(n: number): void {
    if (n > this.capacity) Object.assign(this, new GilmoreLawlerWorkspace(n));
  }
}

/** Sorts each of the n rows of length m in `x` (row k at k·m) ascending, in place, without allocating. */
function sortRows(x: Float64Array, n: number, m: number): void {
  for (let r = 0; r < n; r++) {
    const base = r * m;
    for (let k = 1; k < m; k++) {
      const v = x[base + k];
      let t = k - 1;
      while (t >= 0 && x[base + t] > v) {
        x[base + t + 1] = x[base + t];
        t--;
      }
      x[base + t + 1] = v;
    }
  }
}

/**
 * The rounding allowance of a Gilmore–Lawler bound of size n: u·(n + 4)·Σᵢ maxⱼ(‖aᵢ‖·‖bⱼ‖ + |A[i,i]·B[j,j]| +
 * |L[i,j]|) + u·|c| (each LAP entry is a sum of n − 1 products, bounded through Cauchy–Schwarz by the row norms;
 * the LAP sums n entries) plus n³·2⁻¹⁰⁰⁰ against gradual underflow. Passed the precomputed row magnitude sum.
 */
export function gilmoreLawlerAllowance(n: number, rowMagnitudeSum: number, constant: number): number {
  return UNIT_ROUNDOFF * ((2 * n + 8) * rowMagnitudeSum + 2 * Math.abs(constant)) + n * n * n * 2 ** -1000;
}

/**
 * Core: sa, sb (rows without diagonal, unsorted), diagA, diagB already filled for size n; see gilmoreLawlerBoundInto.
 */
function boundFromWorkspace(
  ws: GilmoreLawlerWorkspace,
  n: number,
  linear: Float64Array | null,
  constant: number,
  integral: boolean,
): number {
  const m = n - 1, sa = ws.sa, sb = ws.sb, cost = ws.cost;
  for (let r = 0; r < n; r++) {
    let qa = 0, qb = 0;
    for (let k = 0; k < m; k++) {
      qa += sa[r * m + k] * sa[r * m + k];
      qb += sb[r * m + k] * sb[r * m + k];
    }
    ws.normA[r] = Math.sqrt(qa);
    ws.normB[r] = Math.sqrt(qb);
  }
  sortRows(sa, n, m);
  sortRows(sb, n, m);
  let magnitude = 0;
  for (let i = 0; i < n; i++) {
    const ra = i * m, aii = ws.diagA[i], na = ws.normA[i];
    let rowMax = 0;
    for (let j = 0; j < n; j++) {
      const rb = j * m;
      // minimal scalar product: ascending A row against descending B row
      let s = 0;
      for (let k = 0; k < m; k++) s += sa[ra + k] * sb[rb + m - 1 - k];
      const dd = aii * ws.diagB[j], lij = linear ? linear[i * n + j] : 0;
      cost[i * n + j] = s + dd + lij;
      const mag = na * ws.normB[j] + Math.abs(dd) + Math.abs(lij);
      if (mag > rowMax) rowMax = mag;
    }
    magnitude += rowMax;
  }
  const raw = solveLapInto(cost, n, n, ws.lap) + constant;
  const exact = integral && magnitude + Math.abs(constant) < EXACT_INTEGER_LIMIT;
  const allowance = exact ? 0 : gilmoreLawlerAllowance(n, magnitude, constant);
  if (!Number.isFinite(raw) || !Number.isFinite(allowance)) {
    throw new RangeError(`gilmoreLawlerBound: intermediate values overflow float64 (got ${raw})`);
  }
  ws.lastAllowance = allowance;
  const bound = raw - allowance;
  return integral && !exact && Math.abs(bound) < EXACT_INTEGER_LIMIT ? Math.ceil(bound) : bound;
}

/**
 * Gilmore–Lawler bound of the n×n problem given as raw row-major data `a`, `b` (any symmetry), `linear` (or null)
 * and `constant`. `integral` = true only when A, B, L and c are integers: exact below 2⁵², otherwise rounded up after
 * the allowance. Returns a value ≤ J(p) for every permutation p. Does not validate; never mutates its inputs;
 * allocates nothing once `ws` is large enough.
 */
export function gilmoreLawlerBoundInto(
  ws: GilmoreLawlerWorkspace,
  a: Float64Array,
  b: Float64Array,
  linear: Float64Array | null,
  n: number,
  constant: number,
  integral = false,
): number {
  ws.ensure(n);
  const m = n - 1;
  for (let i = 0; i < n; i++) {
    ws.diagA[i] = a[i * n + i];
    ws.diagB[i] = b[i * n + i];
    let k = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      ws.sa[i * m + k] = a[i * n + j];
      ws.sb[i * m + k] = b[i * n + j];
      k++;
    }
  }
  return boundFromWorkspace(ws, n, linear, constant, integral);
}

/**
 * Gilmore–Lawler bound of a branch-and-bound node's residual problem: the m unassigned rows `rows[0..m)` and columns
 * `cols[0..m)` of `problem` (quadratic factors A[rows, rows], B[cols, cols]) with the node's m×m row-major linear
 * term (null = none) and constant. Same guarantees as {@link gilmoreLawlerBoundInto} (integrality from the problem).
 */
export function residualGilmoreLawlerBoundInto(
  ws: GilmoreLawlerWorkspace,
  problem: QapProblem,
  rows: ArrayLike<number>,
  cols: ArrayLike<number>,
  m: number,
  linear: Float64Array | null,
  constant: number,
): number {
  ws.ensure(m);
  const n = problem.n, pa = problem.a.data, pb = problem.b.data, w = m - 1;
  for (let i = 0; i < m; i++) {
    const ra = rows[i] * n, rb = cols[i] * n;
    ws.diagA[i] = pa[ra + rows[i]];
    ws.diagB[i] = pb[rb + cols[i]];
    let k = 0;
    for (let j = 0; j < m; j++) {
      if (j === i) continue;
      ws.sa[i * w + k] = pa[ra + rows[j]];
      ws.sb[i * w + k] = pb[rb + cols[j]];
      k++;
    }
  }
  return boundFromWorkspace(ws, m, linear, constant, problem.isIntegral);
}

/**
 * Gilmore–Lawler bound of `problem`: a number ≤ J(p) for every permutation p. Integer problems give the integer
 * values published for QAPLIB (e.g. HeuristicLab's unit tests).
 */
export function gilmoreLawlerBound(problem: QapProblem): number {
  checkType(
    problem !== null && typeof problem === "object" && Number.isInteger(problem.n) &&
      problem.a?.data instanceof Float64Array,
    "gilmoreLawlerBound",
    `problem must be a QapProblem, got ${typeof problem}`,
  );
  const n = problem.n;
  return gilmoreLawlerBoundInto(
    new GilmoreLawlerWorkspace(n),
    problem.a.data,
    problem.b.data,
    problem.linear ? problem.linear.data : null,
    n,
    problem.constant,
    problem.isIntegral,
  );
}
