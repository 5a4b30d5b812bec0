/**
 * Eigenvalues (and optionally eigenvectors) of dense real symmetric matrices in float64: Householder reduction to
 * tridiagonal form (lower triangle only, rows scaled against underflow) followed by the implicit QL algorithm with
 * Wilkinson shifts (Wilkinson & Reinsch, Handbook for Automatic Computation II, procedures tred1/tred2 and
 * tql1/tql2). Both steps are backward stable: the computed eigenvalues are the exact eigenvalues of A + E with ‖E‖₂ a
 * small multiple of n·u·‖A‖_F (u = 2⁻⁵³), so by Weyl's inequality each one is off by at most that much
 * ({@link eigenvalueErrorBound}). Cost ≈ (4/3)·n³ flops for the values, ≈ 9·n³ with the vectors.
 *
 * `SymmetricEigenWorkspace` + `symmetricEigenvaluesInto` / `symmetricEigenInto` reuse every buffer (branch and bound
 * calls them on every node); `symmetricEigenvalues` is the checked public entry.
 * @module
 */
import { checkRange } from "../core/errors.ts";
import { checkMatrix, type Matrix } from "../core/matrix.ts";

/** Most QL iterations per eigenvalue before giving up (2–3 are typical). */
const MAX_QL_ITERATIONS = 60;

/** Unit roundoff of float64. */
const UNIT_ROUNDOFF = 2 ** -53;

/** Deflation threshold of QL: |e[m]| ≤ ε·(|d[m]| + |d[m+1]|) with ε = 2⁻⁵² (the spacing of floats near 1). */
const MACHINE_EPSILON = 2 ** -52;

/** Scratch buffers for eigenvalue problems up to a given size. */
export class SymmetricEigenWorkspace {
  /** Working copy of the matrix (capacity²). */
  a: Float64Array;
  /** Off-diagonal of the tridiagonal form (capacity). */
  e: Float64Array;
  /** Sort order of the eigenvalues (capacity). */
  order: Int32Array;
  /** Scratch vector (capacity). */
  scratch: Float64Array;
  /** Largest n the buffers hold. */
  capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.a = new Float64Array(capacity * capacity);
    this.e = new Float64Array(capacity);
    this.order = new Int32Array(capacity);
    this.scratch = new Float64Array(capacity);
  }

  /** Grows the buffers when a larger matrix comes (never shrinks them). */
  ensure(n: number): void {
    if (n > this.capacity) Object.assign(this, new SymmetricEigenWorkspace(n));
  }
}

/**
 * √(x² + y²) without spurious overflow or underflow, and exactly scale-invariant under powers of two (Math.hypot is
 * much slower in V8).
 */
function pythag(x: number, y: number): number {
  const ax = Math.abs(x), ay = Math.abs(y);
  if (ax > ay) {
    const r = ay / ax;
    return ax * Math.sqrt(1 + r * r);
  }
  if (ay === 0) return 0;
  const r = ax / ay;
  return ay * Math.sqrt(1 + r * r);
}

/**
 * Householder tridiagonalisation of the n×n row-major symmetric matrix in `a` (lower triangle read, overwritten):
 * diagonal to `d`, sub-diagonal to `e[1..n)` with e[0] = 0. With `vectors`, `a` ends as the orthogonal Q of
 * A = Q·T·Qᵀ (Wilkinson & Reinsch tred2; `scratch` ≥ n entries, distinct from e); otherwise its contents are
 * scratch (tred1).
 */
function tridiagonalize(
  a: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  vectors = false,
  scratch: Float64Array = e,
): void {
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1, ri = i * n;
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(a[ri + k]);
      if (scale === 0) {
        e[i] = a[ri + l];
      } else {
        for (let k = 0; k <= l; k++) {
          a[ri + k] /= scale;
          h += a[ri + k] * a[ri + k];
        }
        let f = a[ri + l];
        let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[ri + l] = f - g;
        f = 0;
        // p = A·u / h into e[0..l] from the lower triangle of the leading (l+1)×(l+1) block, row by row.
        for (let j = 0; j <= l; j++) e[j] = 0;
        for (let j = 0; j <= l; j++) {
          const rj = j * n, uj = a[ri + j];
          let acc = a[rj + j] * uj;
          for (let k = 0; k < j; k++) {
            const ajk = a[rj + k];
            acc += ajk * a[ri + k];
            e[k] += ajk * uj;
          }
          e[j] += acc;
        }
        for (let j = 0; j <= l; j++) {
          if (vectors) a[j * n + i] = a[ri + j] / h;
          e[j] /= h;
          f += e[j] * a[ri + j];
        }
        const hh = f / (h + h);
        // A ← A − u·qᵀ − q·uᵀ with q = p − hh·u (lower triangle).
        for (let j = 0; j <= l; j++) {
          const rj = j * n;
          f = a[ri + j];
          g = e[j] - hh * f;
          e[j] = g;
          for (let k = 0; k <= j; k++) a[rj + k] -= f * e[k] + g * a[ri + k];
        }
      }
    } else {
      e[i] = a[ri + l];
    }
    d[i] = h;
  }
  e[0] = 0;
  if (!vectors) {
    for (let i = 0; i < n; i++) d[i] = a[i * n + i];
    return;
  }
  // Accumulate Q from the stored Householder vectors.
  d[0] = 0;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    if (d[i] !== 0) {
      // g = (row i of the reflector)·Q over the leading i×i block, then Q ← Q − (column i)·g, row by row.
      for (let j = 0; j < i; j++) scratch[j] = 0;
      for (let k = 0; k < i; k++) {
        const rk = k * n, aik = a[ri + k];
        for (let j = 0; j < i; j++) scratch[j] += aik * a[rk + j];
      }
      for (let k = 0; k < i; k++) {
        const rk = k * n, aki = a[rk + i];
        for (let j = 0; j < i; j++) a[rk + j] -= scratch[j] * aki;
      }
    }
    d[i] = a[ri + i];
    a[ri + i] = 1;
    for (let j = 0; j < i; j++) a[j * n + i] = a[ri + j] = 0;
  }
}

/**
 * Implicit QL with Wilkinson shifts on the symmetric tridiagonal matrix (diagonal d, sub-diagonal e[1..n)):
 * eigenvalues to `d` (unsorted); with `z` (n×n row-major, the TRANSPOSE of the tridiagonalisation's Q) the rotations
 * are applied to its rows, so row k of z ends as the eigenvector of d[k]. Throws a RangeError when an eigenvalue needs more than
 * MAX_QL_ITERATIONS.
 */
function tridiagonalQl(d: Float64Array, e: Float64Array, n: number, z: Float64Array | null = null): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iterations = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= MACHINE_EPSILON * dd) break;
      }
      if (m !== l) {
        if (iterations++ === MAX_QL_ITERATIONS) {
          throw new RangeError(`symmetricEigenvalues: QL did not converge for eigenvalue ${l}`);
        }
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = pythag(g, 1);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
        let s = 1, c = 1, p = 0;
        let i: number;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i], b = c * e[i];
          r = pythag(f, g);
          e[i + 1] = r;
          if (r === 0) {
            // Underflow: the matrix splits here; deflate and restart.
            d[i + 1] -= p;
            e[m] = 0;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          if (z !== null) {
            const r0 = i * n, r1 = r0 + n;
            for (let k = 0; k < n; k++) {
              const f1 = z[r1 + k], f0 = z[r0 + k];
              z[r1 + k] = s * f0 + c * f1;
              z[r0 + k] = c * f0 - s * f1;
            }
          }
        }
        if (r === 0 && i >= l) continue;
        d[l] -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
}

/**
 * Eigenvalues of the n×n row-major symmetric matrix `matrix` (only its lower triangle is read) into `out[0..n)`,
 * ascending. Does not validate (see {@link symmetricEigenvalues}); never mutates `matrix`; allocates nothing once
 * `ws` is large enough. Returns `out`.
 */
export function symmetricEigenvaluesInto(
  matrix: Float64Array,
  n: number,
  out: Float64Array,
  ws: SymmetricEigenWorkspace,
): Float64Array {
  ws.ensure(n);
  if (n === 0) return out;
  const a = ws.a;
  a.set(matrix.subarray(0, n * n));
  tridiagonalize(a, n, out, ws.e);
  tridiagonalQl(out, ws.e, n);
  out.subarray(0, n).sort();
  return out;
}

/**
 * Eigenvalues and eigenvectors of the n×n row-major symmetric matrix `matrix` (lower triangle read): eigenvalues to
 * `values[0..n)` (ascending), the orthonormal eigenvectors to the columns of `vectors` (n×n row-major: column k, i.e.
 * vectors[i·n + k], belongs to values[k]). Does not validate; never mutates `matrix`; allocates nothing once `ws` is
 * large enough (`ws.order` sorts). Cost ≈ 9·n³ flops.
 */
export function symmetricEigenInto(
  matrix: Float64Array,
  n: number,
  values: Float64Array,
  vectors: Float64Array,
  ws: SymmetricEigenWorkspace,
): void {
  ws.ensure(n);
  if (n === 0) return;
  const q = ws.a;
  q.set(matrix.subarray(0, n * n));
  tridiagonalize(q, n, values, ws.e, true, ws.scratch);
  // QL rotates rows of Qᵀ (contiguous): use `vectors` as the transposed buffer.
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) vectors[k * n + i] = q[i * n + k];
  tridiagonalQl(values, ws.e, n, vectors);
  const order = ws.order;
  for (let k = 0; k < n; k++) order[k] = k;
  order.subarray(0, n).sort((x, y) => values[x] - values[y]);
  q.set(vectors.subarray(0, n * n));
  for (let k = 0; k < n; k++) ws.e[k] = values[order[k]];
  for (let k = 0; k < n; k++) values[k] = ws.e[k];
  for (let k = 0; k < n; k++) {
    const src = order[k] * n;
    for (let i = 0; i < n; i++) vectors[i * n + k] = q[src + i];
  }
}

/**
 * Eigenvalues (ascending) of a symmetric matrix. Throws a RangeError for a non-square or asymmetric matrix or one
 * with NaN / infinite entries. Never mutates `matrix`.
 */
export function symmetricEigenvalues(matrix: Matrix): Float64Array {
  const fn = "symmetricEigenvalues";
  checkMatrix(matrix, fn, "matrix");
  const n = matrix.rows;
  checkRange(n === matrix.cols, fn, `matrix must be square, got ${n}×${matrix.cols}`);
  const d = matrix.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      checkRange(d[i * n + j] === d[j * n + i], fn, `matrix must be symmetric, differs at [${i}, ${j}]`);
    }
  }
  let maxAbs = 0;
  for (let k = 0; k < d.length; k++) maxAbs = Math.max(maxAbs, Math.abs(d[k]));
  checkRange(
    maxAbs * n < 1e300,
    fn,
    `matrix entries too large for float64 eigenvalues (max |entry| ${maxAbs.toExponential(2)})`,
  );
  const out = new Float64Array(n);
  return symmetricEigenvaluesInto(d, n, out, new SymmetricEigenWorkspace(n));
}

/**
 * A conservative bound on |computed − exact| for every eigenvalue returned by {@link symmetricEigenvaluesInto} or
 * {@link symmetricEigenInto} for an n×n matrix with Frobenius norm `frobenius`: 16·n²·u·‖A‖_F (the a-priori
 * backward-error bound of n Householder steps and the QL sweeps, each O(n·u)·‖A‖, with a generous constant; measured
 * errors are ~√n·u·‖A‖, see tests/linalg) plus a tiny absolute slack for gradual underflow.
 */
export function eigenvalueErrorBound(n: number, frobenius: number): number {
  const m = Math.max(n, 1);
  return 16 * m * m * UNIT_ROUNDOFF * frobenius + n * n * 2 ** -1000;
}
