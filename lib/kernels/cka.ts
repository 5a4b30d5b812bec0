/**
 * The CKA kernel of the original code (docs/method.md, "Kernels and losses"; Pitfalls P4): rows divided by their own
 * unbiased standard deviation across features, G = X·Xᵀ, rows centred (G·H, not H·G·H), scaled by sqrt(Σ_ij
 * G_c[i,j]·G_c[j,i]). Not symmetric.
 * @module
 */
import { checkRange } from "../core/errors.ts";
import { checkMatrix, type Matrix } from "../core/matrix.ts";

/** The (asymmetric) CKA kernel of the rows of `vectors`; needs ≥ 2 features and no constant row. */
export function ckaKernel(vectors: Matrix): Matrix {
  const fn = "ckaKernel";
  checkMatrix(vectors, fn, "vectors");
  const { rows: n, cols: d, data } = vectors;
  checkRange(d >= 2, fn, `vectors need at least 2 features for a standard deviation, got ${d}`);
  // (1) per-vector std scaling (unbiased, N − 1)
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let mean = 0;
    for (let t = 0; t < d; t++) mean += data[row + t];
    mean /= d;
    let ss = 0;
    for (let t = 0; t < d; t++) ss += (data[row + t] - mean) ** 2;
    const std = Math.sqrt(ss / (d - 1));
    checkRange(std > 0, fn, `row ${i} of vectors is constant (standard deviation 0)`);
    for (let t = 0; t < d; t++) x[row + t] = data[row + t] / std;
  }
  // (2) G = X Xᵀ, (3) row-centre
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += x[i * d + t] * x[j * d + t];
      g[i * n + j] = s;
      g[j * n + i] = s;
    }
  }
  for (let i = 0; i < n; i++) {
    let mean = 0;
    for (let j = 0; j < n; j++) mean += g[i * n + j];
    mean /= n;
    for (let j = 0; j < n; j++) g[i * n + j] -= mean;
  }
  // (4) normaliser sqrt(Σ_ij G_c[i,j]·G_c[j,i]) = sqrt(trace(G_c G_c))
  let tr = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) tr += g[i * n + j] * g[j * n + i];
  checkRange(tr > 0, fn, `the centred Gram matrix has a non-positive normaliser (${tr}); need ≥ 2 distinct vectors`);
  const scale = 1 / Math.sqrt(tr);
  for (let k = 0; k < g.length; k++) g[k] *= scale;
  return { rows: n, cols: n, data: g };
}
