/**
 * The Gromov–Wasserstein kernel: pairwise Euclidean distances ‖x_i − x_j‖₂ between rows (torch `cdist`, p = 2).
 * @module
 */
import { checkMatrix, type Matrix } from "../core/matrix.ts";

/** n×n matrix of Euclidean distances between the rows of `vectors` (exact zeros on the diagonal, symmetric). */
export function euclideanKernel(vectors: Matrix): Matrix {
  checkMatrix(vectors, "euclideanKernel", "vectors");
  const { rows: n, cols: d, data: x } = vectors;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * d;
    for (let j = i + 1; j < n; j++) {
      const rj = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = x[ri + t] - x[rj + t];
        s += diff * diff;
      }
      const dist = Math.sqrt(s);
      out[i * n + j] = dist;
      out[j * n + i] = dist;
    }
  }
  return { rows: n, cols: n, data: out };
}
