/**
 * Eigenvalue lower bounds for the Koopmans–Beckmann QAP J(X) = ⟨A, X·B·Xᵀ⟩ + ⟨L, X⟩ + c over permutation matrices X.
 *
 * - EVB, the plain eigenvalue bound (Finke, Burkard & Rendl 1987): ⟨A, X·B·Xᵀ⟩ ≥ ⟨λ(A), μ(B)⟩₋ (the minimal scalar
 *   product: eigenvalues of A ascending against those of B descending) for every orthogonal X, plus one LAP over L.
 * - PB, the projected eigenvalue bound (Hadley, Rendl & Wolkowicz 1992): with V an n×(n−1) orthonormal basis of e⊥,
 *   every permutation is X = eeᵀ/n + V·Y·Vᵀ with Y orthogonal, and for symmetric A, B
 *   ⟨A, X·B·Xᵀ⟩ = ⟨Â, Y·B̂·Yᵀ⟩ + (2/n)·rᵀ·X·s − sum(A)·sum(B)/n², Â = VᵀAV, B̂ = VᵀBV, r = A·e, s = B·e,
 *   so PB = ⟨λ(Â), μ(B̂)⟩₋ − sum(A)·sum(B)/n² + LAP(L + (2/n)·r·sᵀ) + c. V is the Householder reflector that maps
 *   e/√n to the last unit vector, so Â is a leading block of H·A·H, formed in O(n²).
 *
 * Data handling, all exact identities: the diagonals contribute Σᵢ A[i,i]·B[pᵢ,pᵢ], a linear term, so they are moved
 * into L (A[i,i]·B[j,j] added to L[i,j]) and zeroed (option `diagonal: "linear"`, default; "quadratic" keeps them).
 * Asymmetric factors: with A = Aₛ + Aₖ (symmetric + skew) and likewise B, ⟨A, XBXᵀ⟩ = ⟨Aₛ, XBₛXᵀ⟩ + ⟨Aₖ, XBₖXᵀ⟩, and
 * the skew part is ≥ −‖Aₖ‖_F·‖Bₖ‖_F (Cauchy–Schwarz; it vanishes when either factor is symmetric), so the bounds are
 * valid for any data. Rounding: the result has a rounding allowance subtracted (eigenvalue backward error, the LAP's
 * and the sums' rounding, see {@link eigenBoundAllowance}); integral problems round the result up. Entries whose
 * products overflow float64 are refused.
 *
 * For branch and bound, {@link EigenBoundWorkspace} + {@link eigenBoundInto} / {@link residualEigenBoundInto} reuse
 * every buffer (no allocation per call).
 * @module
 */
import { checkKnownKeys, checkRange, checkType } from "../../core/errors.ts";
import {
  eigenvalueErrorBound,
  symmetricEigenvaluesInto,
  SymmetricEigenWorkspace,
} from "../../linalg/symmetric_eigen.ts";
import { solveLapInto } from "../../lap/shortest_path.ts";
import { LapWorkspace } from "../../lap/workspace.ts";
import type { QapProblem } from "../problem.ts";

const UNIT_ROUNDOFF = 2 ** -53;

/** Largest magnitude below which float64 integers (and so the integral round-up) are exact. */
const EXACT_INTEGER_LIMIT = 2 ** 52;

/** Where the diagonals of A and B go: into the linear term (default) or kept in the quadratic part. */
export type EigenBoundDiagonal = "linear" | "quadratic";

/** Which eigenvalue bound: "pb" = projected (Hadley, Rendl & Wolkowicz), "evb" = plain eigenvalue bound. */
export type EigenBoundKind = "pb" | "evb";

/** Scratch buffers for eigenvalue bounds of problems up to a given size; reuse one per thread. */
export class EigenBoundWorkspace {
  /** Largest n the buffers hold. */
  capacity: number;
  /** Symmetric part of A (n×n), later its projection. */
  a: Float64Array;
  /** Symmetric part of B (n×n), later its projection. */
  b: Float64Array;
  /** LAP cost matrix (n×n). */
  cost: Float64Array;
  /** Row sums r = A·e. */
  r: Float64Array;
  /** Row sums s = B·e. */
  s: Float64Array;
  /** Householder scratch. */
  q: Float64Array;
  /** Diagonal of A (moved into the linear term). */
  diagA: Float64Array;
  /** Diagonal of B. */
  diagB: Float64Array;
  /** Eigenvalues of (projected) A, ascending. */
  eigA: Float64Array;
  /** Eigenvalues of (projected) B, ascending. */
  eigB: Float64Array;
  /** Eigenvalue scratch. */
  eigen: SymmetricEigenWorkspace;
  /** LAP scratch; after a call, `lap.rowToCol` holds the linear part's assignment. */
  lap: LapWorkspace;
  /** Rounding allowance subtracted by the last call. */
  lastAllowance = 0;
  /** Per-side facts of the last call: Frobenius norm, skew-part norm, sum of entries (after moving the diagonal). */
  sideA: SideFacts = { norm: 0, skew: 0, sum: 0 };
  /** As {@link EigenBoundWorkspace.sideA}, for B. */
  sideB: SideFacts = { norm: 0, skew: 0, sum: 0 };
  /** Rows of the last residual call whose A-side facts are cached (see {@link residualEigenBoundInto}). */
  cachedRows: Int32Array;
  /** Number of cached rows (−1 = nothing cached). */
  cachedSize = -1;
  /** Problem, kind and diagonal placement the cached A side belongs to. */
  cachedKey: { problem: QapProblem | null; kind: EigenBoundKind } = { problem: null, kind: "pb" };
  /** Residual calls that reused the cached A side. */
  cacheHits = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    const c = Math.max(capacity, 1);
    this.a = new Float64Array(c * c);
    this.b = new Float64Array(c * c);
    this.cost = new Float64Array(c * c);
    this.r = new Float64Array(c);
    this.s = new Float64Array(c);
    this.q = new Float64Array(c);
    this.diagA = new Float64Array(c);
    this.diagB = new Float64Array(c);
    this.eigA = new Float64Array(c);
    this.eigB = new Float64Array(c);
    this.eigen = new SymmetricEigenWorkspace(c);
    this.lap = new LapWorkspace(c);
    this.cachedRows = new Int32Array(c);
  }

  /** Grows the buffers when a larger problem comes (never shrinks them). */
  ensure(n: number): void {
    if (n > this.capacity) Object.assign(this, new EigenBoundWorkspace(n));
  }
}

/** What the bound needs from one quadratic factor besides its spectrum, row sums and diagonal. */
interface SideFacts {
  /** Frobenius norm of the factor as given. */
  norm: number;
  /** Frobenius norm of its skew part. */
  skew: number;
  /** Sum of the entries of its symmetric part after moving the diagonal. */
  sum: number;
}

/** Frobenius norm with scaling (no spurious overflow or underflow). */
function frobenius(x: Float64Array, len: number): number {
  let max = 0;
  for (let k = 0; k < len; k++) max = Math.max(max, Math.abs(x[k]));
  if (max === 0 || !Number.isFinite(max)) return max;
  let sum = 0;
  for (let k = 0; k < len; k++) {
    const y = x[k] / max;
    sum += y * y;
  }
  return max * Math.sqrt(sum);
}

/**
 * Splits the n×n matrix in `m` (row-major) into its symmetric part, written back to `m`, and returns the Frobenius
 * norm of its skew part (A − Aᵀ)/2.
 */
function symmetrizeInPlace(m: Float64Array, n: number): number {
  let max = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) max = Math.max(max, Math.abs(m[i * n + k] - m[k * n + i]));
  }
  if (max === 0) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) {
      const x = m[i * n + k], y = m[k * n + i];
      const t = (x - y) / max;
      sum += 2 * t * t;
      const mean = 0.5 * x + 0.5 * y;
      m[i * n + k] = mean;
      m[k * n + i] = mean;
    }
  }
  return 0.5 * max * Math.sqrt(sum);
}

/**
 * Overwrites the leading (n−1)×(n−1) block of `out` (compact, stride n−1) with VᵀMV for the symmetric n×n matrix M
 * in `m`, V = the first n−1 columns of the Householder reflector H that maps e/√n to the last unit vector. `rowSums`
 * holds M·e. O(n²).
 */
function projectInto(m: Float64Array, n: number, rowSums: Float64Array, q: Float64Array, out: Float64Array): void {
  const last = n - 1, invSqrt = 1 / Math.sqrt(n);
  // w = e/√n − e_last; wᵀw = 2 − 2/√n.
  const wLast = invSqrt - 1;
  const beta = 2 / (2 - 2 * invSqrt);
  // p = β·M·w into q, then K = β·wᵀp/2, q = p − K·w.
  let wp = 0;
  for (let i = 0; i < n; i++) {
    const p = beta * (rowSums[i] * invSqrt - m[i * n + last]);
    q[i] = p;
    wp += (i === last ? wLast : invSqrt) * p;
  }
  const kk = 0.5 * beta * wp;
  for (let i = 0; i < n; i++) q[i] -= kk * (i === last ? wLast : invSqrt);
  // (H·M·H)[i,k] = M[i,k] − w_i·q_k − q_i·w_k for i, k < last (there w_i = 1/√n).
  for (let i = 0; i < last; i++) {
    const qi = q[i], row = i * n, o = i * last;
    for (let k = 0; k < last; k++) out[o + k] = m[row + k] - invSqrt * (q[k] + qi);
  }
}

/** Σₖ λₖ·μ_{n−1−k} for ascending λ and μ (the minimal scalar product). */
function minimalScalarProduct(lambda: Float64Array, mu: Float64Array, n: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += lambda[k] * mu[n - 1 - k];
  return s;
}

/**
 * The rounding allowance subtracted from an eigenvalue bound of size n, from ‖A‖_F, ‖B‖_F (of the factors as given),
 * the LAP's magnitude (below) and the magnitude of the remaining terms (|c|, skew term, sum(A)·sum(B)/n²):
 * each computed eigenvalue is off by at most δ = {@link eigenvalueErrorBound} + 8·n·u·‖·‖_F (forming Â = VᵀAV), so the
 * minimal scalar product is off by ≤ √n·(‖B‖_F·δ_A + ‖A‖_F·δ_B) + n·δ_A·δ_B + 2n·u·‖A‖_F·‖B‖_F (Weyl, Cauchy–Schwarz,
 * summation); the row sums r, s and sum(A)·sum(B), formed with cancellation, shift the cross term and the sum term by
 * ≤ 8n²·u·‖A‖_F·‖B‖_F (Σ|A| ≤ n·‖A‖_F); the LAP by ≤ 2(n + 4)·u·Σᵢ maxⱼ(|Lᵢⱼ| + |A[i,i]·B[j,j]| + |(2/n)·rᵢ·sⱼ|)
 * (`lapMagnitude`); the final sums by 8·u·(other terms); plus n⁴·2⁻¹⁰⁰⁰ against gradual underflow.
 */
export function eigenBoundAllowance(
  n: number,
  normA: number,
  normB: number,
  lapMagnitude: number,
  otherMagnitude: number,
): number {
  const deltaA = eigenvalueErrorBound(n, normA) + 8 * n * UNIT_ROUNDOFF * normA;
  const deltaB = eigenvalueErrorBound(n, normB) + 8 * n * UNIT_ROUNDOFF * normB;
  const quadratic = Math.sqrt(n) * (normB * deltaA + normA * deltaB) + n * deltaA * deltaB +
    (2 * n + 8 * n * n) * UNIT_ROUNDOFF * normA * normB;
  return quadratic + UNIT_ROUNDOFF * (2 * (n + 4) * lapMagnitude + 8 * otherMagnitude) + n * n * n * n * 2 ** -1000;
}

/**
 * Prepares one factor held in `m` (n×n, any symmetry; overwritten): symmetrises it, moves its diagonal to `diag`
 * (zeros when the diagonal stays quadratic), writes its row sums to `rowSums` and the eigenvalues of its projection
 * (PB) or of itself (EVB) to `eig` (ascending). `scratch` (≥ (n−1)²) and `q` are scratch. Returns the side's facts.
 */
function prepareSide(
  ws: EigenBoundWorkspace,
  m: Float64Array,
  n: number,
  kind: EigenBoundKind,
  moveDiagonal: boolean,
  diag: Float64Array,
  rowSums: Float64Array,
  eig: Float64Array,
  facts: SideFacts,
): void {
  facts.norm = frobenius(m, n * n);
  facts.skew = symmetrizeInPlace(m, n);
  for (let i = 0; i < n; i++) {
    diag[i] = moveDiagonal ? m[i * n + i] : 0;
    if (moveDiagonal) m[i * n + i] = 0;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let k = 0; k < n; k++) r += m[i * n + k];
    rowSums[i] = r;
    sum += r;
  }
  facts.sum = sum;
  if (kind === "pb" && n > 1) {
    projectInto(m, n, rowSums, ws.q, ws.cost);
    symmetricEigenvaluesInto(ws.cost, n - 1, eig, ws.eigen);
  } else {
    symmetricEigenvaluesInto(m, n, eig, ws.eigen);
  }
}

/**
 * Combines the prepared sides (ws.eigA / eigB, r / s, diagA / diagB, sideA / sideB) with the linear term `linear`
 * (n×n or null) and the constant into the bound; see {@link eigenBoundInto}.
 */
function combine(
  ws: EigenBoundWorkspace,
  n: number,
  linear: Float64Array | null,
  constant: number,
  kind: EigenBoundKind,
  integral: boolean,
): number {
  const { sideA, sideB, r, s, cost } = ws;
  const normA = sideA.norm, normB = sideB.norm;
  const skewTerm = -(sideA.skew * sideB.skew);
  if (!Number.isFinite(normA * normB) || !Number.isFinite(skewTerm)) {
    throw new RangeError(
      `eigenvalue bound: entries too large for float64 (‖A‖_F·‖B‖_F = ${normA.toExponential(2)}·${
        normB.toExponential(2)
      } overflows)`,
    );
  }
  const projected = kind === "pb" && n > 1;
  const sumTerm = projected ? -(sideA.sum * sideB.sum) / (n * n) : 0;
  const quadratic = minimalScalarProduct(ws.eigA, ws.eigB, projected ? n - 1 : n) + sumTerm;
  // Linear part: L + diag(A)·diag(B)ᵀ (+ (2/n)·r·sᵀ for PB).
  const cross = projected ? 2 / n : 0;
  let lapMagnitude = 0;
  for (let i = 0; i < n; i++) {
    const row = i * n, da = ws.diagA[i], ri = cross * r[i];
    let rowMax = 0;
    for (let j = 0; j < n; j++) {
      const lij = linear ? linear[row + j] : 0, dd = da * ws.diagB[j], rs = ri * s[j];
      cost[row + j] = lij + dd + rs;
      rowMax = Math.max(rowMax, Math.abs(lij) + Math.abs(dd) + Math.abs(rs));
    }
    lapMagnitude += rowMax;
  }
  const lapValue = solveLapInto(cost, n, n, ws.lap);
  const raw = quadratic + lapValue + constant + skewTerm;
  const allowance = eigenBoundAllowance(
    n,
    normA,
    normB,
    lapMagnitude,
    Math.abs(constant) + Math.abs(skewTerm) + Math.abs(sumTerm),
  );
  if (!Number.isFinite(raw) || !Number.isFinite(allowance)) {
    throw new RangeError(`eigenvalue bound: intermediate values overflow float64 (got ${raw})`);
  }
  ws.lastAllowance = allowance;
  const bound = raw - allowance;
  return integral && Math.abs(bound) < EXACT_INTEGER_LIMIT ? Math.ceil(bound) : bound;
}

/**
 * Eigenvalue bound (PB by default, `kind` "evb" for the plain one) of the n×n problem given as raw row-major data:
 * `a`, `b` (any symmetry), `linear` (or null) and `constant`. `integral` = true only when every J(p) is an integer
 * (e.g. QapProblem.isIntegral): the bound is then rounded up. Returns a value ≤ J(p) for every permutation p (rounding
 * allowance subtracted, stored in `ws.lastAllowance`). Does not validate (entries must be finite); never mutates its
 * inputs; allocates nothing once `ws` is large enough.
 */
export function eigenBoundInto(
  ws: EigenBoundWorkspace,
  a: Float64Array,
  b: Float64Array,
  linear: Float64Array | null,
  n: number,
  constant: number,
  kind: EigenBoundKind = "pb",
  integral = false,
  diagonal: EigenBoundDiagonal = "linear",
): number {
  ws.ensure(n);
  ws.cachedSize = -1;
  ws.a.set(a.subarray(0, n * n));
  ws.b.set(b.subarray(0, n * n));
  const move = diagonal === "linear";
  prepareSide(ws, ws.a, n, kind, move, ws.diagA, ws.r, ws.eigA, ws.sideA);
  prepareSide(ws, ws.b, n, kind, move, ws.diagB, ws.s, ws.eigB, ws.sideB);
  return combine(ws, n, linear, constant, kind, integral);
}

/**
 * Eigenvalue bound of a branch-and-bound node's residual problem: the m unassigned rows `rows[0..m)` and columns
 * `cols[0..m)` of `problem` (quadratic factors A[rows, rows] and B[cols, cols]), with the node's m×m row-major linear
 * term `linear` (original linear term plus the interactions with the fixed assignments; null = none) and constant
 * (the fixed part's cost). Integral problems are rounded up. Same guarantees as {@link eigenBoundInto}; allocates
 * nothing once `ws` holds m. The A side (spectrum, row sums, diagonal of A[rows, rows]) is cached in `ws`: a call
 * with the same problem, kind and `rows` as the previous residual call (e.g. sibling nodes that branch on the same
 * row) skips it, which saves about 40 % of the cost. Do not mutate a problem's matrices between calls.
 */
export function residualEigenBoundInto(
  ws: EigenBoundWorkspace,
  problem: QapProblem,
  rows: ArrayLike<number>,
  cols: ArrayLike<number>,
  m: number,
  linear: Float64Array | null,
  constant: number,
  kind: EigenBoundKind = "pb",
): number {
  ws.ensure(m);
  const n = problem.n, pa = problem.a.data, pb = problem.b.data, a = ws.a, b = ws.b;
  let cached = ws.cachedSize === m && ws.cachedKey.problem === problem && ws.cachedKey.kind === kind;
  for (let i = 0; cached && i < m; i++) cached = ws.cachedRows[i] === rows[i];
  if (cached) {
    ws.cacheHits++;
  } else {
    for (let i = 0; i < m; i++) {
      const ra = rows[i] * n, o = i * m;
      for (let k = 0; k < m; k++) a[o + k] = pa[ra + rows[k]];
      ws.cachedRows[i] = rows[i];
    }
    prepareSide(ws, a, m, kind, true, ws.diagA, ws.r, ws.eigA, ws.sideA);
    ws.cachedSize = m;
    ws.cachedKey.problem = problem;
    ws.cachedKey.kind = kind;
  }
  for (let i = 0; i < m; i++) {
    const rb = cols[i] * n, o = i * m;
    for (let k = 0; k < m; k++) b[o + k] = pb[rb + cols[k]];
  }
  prepareSide(ws, b, m, kind, true, ws.diagB, ws.s, ws.eigB, ws.sideB);
  return combine(ws, m, linear, constant, kind, problem.isIntegral);
}

/** Options of {@link projectedEigenvalueBound} and {@link eigenvalueBound}. */
export interface EigenBoundOptions {
  /** Where the diagonals go: "linear" (default) or "quadratic". */
  diagonal?: EigenBoundDiagonal;
}

/** A bound with its cost. */
export interface BoundResult {
  /** The lower bound (≤ J(p) for every permutation p; rounded up for integral problems). */
  bound: number;
  /** Wall-clock seconds spent. */
  seconds: number;
  /** Rounding allowance subtracted before rounding. */
  allowance: number;
}

function checkedBound(problem: QapProblem, options: EigenBoundOptions, kind: EigenBoundKind, fn: string): BoundResult {
  checkType(
    problem !== null && typeof problem === "object" && Number.isInteger(problem.n) &&
      problem.a?.data instanceof Float64Array && problem.b?.data instanceof Float64Array,
    fn,
    `problem must be a QapProblem, got ${typeof problem}`,
  );
  checkKnownKeys(options, ["diagonal"], fn);
  const diagonal = options.diagonal ?? "linear";
  checkRange(
    diagonal === "linear" || diagonal === "quadratic",
    fn,
    `diagonal must be "linear" or "quadratic", got ${String(diagonal)}`,
  );
  const start = performance.now();
  const ws = new EigenBoundWorkspace(problem.n);
  const bound = eigenBoundInto(
    ws,
    problem.a.data,
    problem.b.data,
    problem.linear ? problem.linear.data : null,
    problem.n,
    problem.constant,
    kind,
    problem.isIntegral,
    diagonal,
  );
  return { bound, seconds: (performance.now() - start) / 1000, allowance: ws.lastAllowance };
}

/**
 * Projected eigenvalue bound PB (Hadley, Rendl & Wolkowicz 1992) of `problem`, linear term and constant included;
 * valid for any data (see the module doc). O(n³).
 */
export function projectedEigenvalueBound(problem: QapProblem, options: EigenBoundOptions = {}): BoundResult {
  return checkedBound(problem, options, "pb", "projectedEigenvalueBound");
}

/** Plain eigenvalue bound EVB (Finke, Burkard & Rendl 1987) of `problem`; valid for any data. O(n³). */
export function eigenvalueBound(problem: QapProblem, options: EigenBoundOptions = {}): BoundResult {
  return checkedBound(problem, options, "evb", "eigenvalueBound");
}
