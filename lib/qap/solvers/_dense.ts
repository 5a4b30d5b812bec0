/**
 * Internal dense n×n kernels shared by the baseline solvers (FAQ, entropic GW): row-major Float64Array, written into
 * caller-owned buffers so hot loops allocate nothing.
 * @module
 */

/**
 * out[i,l] = Σ_k x[i,k]·y[l,k] (i.e. x·yᵀ), n×n row-major. Row-by-row dot products, four accumulators.
 * `out` must not alias `x` or `y`. Only rows [rowStart, rowEnd) of `out` are written (all by default), so a caller
 * can compute the product in row blocks and check a time limit between them.
 */
export function productRowsInto(
  out: Float64Array,
  x: Float64Array,
  y: Float64Array,
  n: number,
  rowStart = 0,
  rowEnd = n,
): void {
  const n4 = n - (n % 4);
  for (let i = rowStart; i < rowEnd; i++) {
    const xi = i * n;
    for (let l = 0; l < n; l++) {
      const yl = l * n;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let k = 0;
      for (; k < n4; k += 4) {
        s0 += x[xi + k] * y[yl + k];
        s1 += x[xi + k + 1] * y[yl + k + 1];
        s2 += x[xi + k + 2] * y[yl + k + 2];
        s3 += x[xi + k + 3] * y[yl + k + 3];
      }
      for (; k < n; k++) s0 += x[xi + k] * y[yl + k];
      out[xi + l] = (s0 + s1) + (s2 + s3);
    }
  }
}

/**
 * out = x·y for n×n row-major matrices (i-k-j order). `out` must not alias `x` or `y`. Only rows
 * [rowStart, rowEnd) of `out` are written (all by default).
 */
export function matMulInto(
  out: Float64Array,
  x: Float64Array,
  y: Float64Array,
  n: number,
  rowStart = 0,
  rowEnd = n,
): void {
  out.fill(0, rowStart * n, rowEnd * n);
  for (let i = rowStart; i < rowEnd; i++) {
    const oi = i * n;
    for (let k = 0; k < n; k++) {
      const xik = x[oi + k];
      if (xik === 0) continue;
      const yk = k * n;
      for (let j = 0; j < n; j++) out[oi + j] += xik * y[yk + j];
    }
  }
}

/** out = xᵀ for an n×n row-major matrix. `out` must not alias `x`. */
export function transposeInto(out: Float64Array, x: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = x[i * n + j];
}

/**
 * out[l,k] = y[l, cols[k]] (columns of y gathered by `cols`), so that productRowsInto(m, x, out) gives x·Q·yᵀ for the
 * permutation matrix Q[k, cols[k]] = 1.
 */
export function gatherColumnsInto(out: Float64Array, y: Float64Array, cols: ArrayLike<number>, n: number): void {
  for (let l = 0; l < n; l++) {
    const row = l * n;
    for (let k = 0; k < n; k++) out[row + k] = y[row + cols[k]];
  }
}
