/**
 * The mutual k-NN kernel (docs/method.md, "Kernels and losses"; Pitfalls P4): S = X·Xᵀ with the diagonal set to −ε (so
 * no point is its own neighbour), K[i,j] = 1/sqrt(n·k) when j is among the k largest entries of row i, else 0. Not
 * symmetric. As in the original, a row with fewer than k similarities above −ε picks itself. Then Σ_ij
 * K_V[i,j]·K_L[i,j] = (1/n)·Σ_i |N_k^V(i) ∩ N_k^L(i)| / k.
 * @module
 */
import { checkInteger } from "../core/errors.ts";
import { checkMatrix, type Matrix } from "../core/matrix.ts";

/** Machine epsilon of float64, the value the original puts on the similarity diagonal (negated). */
export const FLOAT64_EPSILON = 2.220446049250313e-16;

/**
 * Mutual k-NN kernel of the rows of `vectors` with `k` neighbours (1 ≤ k ≤ n − 1). Ties are broken towards the
 * smaller column index (torch `topk` leaves ties unspecified).
 */
export function mutualKnnKernel(vectors: Matrix, k: number): Matrix {
  const fn = "mutualKnnKernel";
  checkMatrix(vectors, fn, "vectors");
  const { rows: n, cols: d, data: x } = vectors;
  checkInteger(k, fn, "k", 1, Math.max(1, n - 1));
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let dot = 0;
      for (let t = 0; t < d; t++) dot += x[i * d + t] * x[j * d + t];
      s[i * n + j] = dot;
      s[j * n + i] = dot;
    }
    s[i * n + i] = -FLOAT64_EPSILON;
  }
  const out = new Float64Array(n * n);
  const value = 1 / Math.sqrt(n * k);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) order[j] = j;
    // partial selection sort of the k largest (k is small); stable towards lower index on ties
    for (let r = 0; r < k; r++) {
      let best = r;
      for (let j = r + 1; j < n; j++) {
        const a = s[row + order[j]], b = s[row + order[best]];
        if (a > b || (a === b && order[j] < order[best])) best = j;
      }
      const t = order[r];
      order[r] = order[best];
      order[best] = t;
      out[row + order[r]] = value;
    }
  }
  return { rows: n, cols: n, data: out };
}
