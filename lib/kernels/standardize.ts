/**
 * Off-diagonal kernel standardisation (docs/method.md, "Standardisation"; Pitfalls P2): K' = (K − μ)/σ with μ and the
 * unbiased σ of the n(n−1) off-diagonal entries, then a zero diagonal.
 * @module
 */
import { checkRange } from "../core/errors.ts";
import { checkMatrix, type Matrix } from "../core/matrix.ts";

/** Mean and unbiased standard deviation of the off-diagonal entries of a square matrix (n ≥ 2). */
export function offDiagonalStats(kernel: Matrix): { mean: number; std: number } {
  const fn = "offDiagonalStats";
  checkMatrix(kernel, fn, "kernel");
  const { rows: n, cols, data } = kernel;
  checkRange(n === cols, fn, `kernel must be square, got ${n}×${cols}`);
  const count = n * (n - 1);
  checkRange(count >= 2, fn, `kernel needs n ≥ 2 for an unbiased std of off-diagonal entries, got n = ${n}`);
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) sum += data[i * n + j];
  const mean = sum / count;
  let ss = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) ss += (data[i * n + j] - mean) ** 2;
  return { mean, std: Math.sqrt(ss / (count - 1)) };
}

/** The standardised kernel as a new matrix; throws when all off-diagonal entries are equal (σ = 0). */
export function standardizeKernel(kernel: Matrix): Matrix {
  const fn = "standardizeKernel";
  const { mean, std } = offDiagonalStats(kernel);
  checkRange(std > 0, fn, `kernel off-diagonal entries are all equal (${mean}); cannot standardise`);
  const n = kernel.rows, data = kernel.data;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = i === j ? 0 : (data[i * n + j] - mean) / std;
  }
  return { rows: n, cols: n, data: out };
}
