/**
 * Dense row-major float64 matrices: `data[i * cols + j]` holds row i, column j.
 * @module
 */
import { checkFinite, checkRange, checkType } from "./errors.ts";

/** A dense row-major matrix of float64 values. */
export interface Matrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Row-major values, length rows × cols. */
  readonly data: Float64Array;
}

/** A rows × cols matrix of zeros (or filled with `fill`). */
export function zeros(rows: number, cols: number, fill = 0): Matrix {
  const data = new Float64Array(rows * cols);
  if (fill !== 0) data.fill(fill);
  return { rows, cols, data };
}

/** Wraps (copies unless `copy` is false) `data` as a rows × cols matrix after checking its length. */
export function matrixFrom(data: ArrayLike<number>, rows: number, cols: number, copy = true): Matrix {
  checkRange(data.length === rows * cols, "matrixFrom", `data length must be ${rows}×${cols}, got ${data.length}`);
  const values = !copy && data instanceof Float64Array ? data : Float64Array.from(data);
  return { rows, cols, data: values };
}

/** Builds a matrix from an array of equal-length rows. */
export function fromRows(rows: ArrayLike<number>[]): Matrix {
  checkType(Array.isArray(rows), "fromRows", "rows must be an array of rows");
  const n = rows.length;
  const m = n === 0 ? 0 : rows[0].length;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    checkRange(rows[i].length === m, "fromRows", `row ${i} has length ${rows[i].length}, expected ${m}`);
    for (let j = 0; j < m; j++) out[i * m + j] = rows[i][j];
  }
  return { rows: n, cols: m, data: out };
}

/** Rows of a matrix as plain number arrays (for display and JSON). */
export function toRows(matrix: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < matrix.rows; i++) {
    out.push(Array.from(matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols)));
  }
  return out;
}

/** A deep copy. */
export function copyMatrix(matrix: Matrix): Matrix {
  return { rows: matrix.rows, cols: matrix.cols, data: matrix.data.slice() };
}

/** The transpose as a new matrix. */
export function transpose(matrix: Matrix): Matrix {
  const { rows, cols, data } = matrix;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j];
  return { rows: cols, cols: rows, data: out };
}

/** True when the matrix is square and `|M[i,j] − M[j,i]| ≤ tol·max(1, |M[i,j]|)` for all i, j. */
export function isSymmetric(matrix: Matrix, tol = 0): boolean {
  const { rows, cols, data } = matrix;
  if (rows !== cols) return false;
  for (let i = 0; i < rows; i++) {
    for (let j = i + 1; j < rows; j++) {
      const x = data[i * rows + j], y = data[j * rows + i];
      if (Math.abs(x - y) > tol * Math.max(1, Math.abs(x))) return false;
    }
  }
  return true;
}

/** True when every entry is an integer. */
export function isIntegral(matrix: Matrix): boolean {
  const d = matrix.data;
  for (let i = 0; i < d.length; i++) if (!Number.isInteger(d[i])) return false;
  return true;
}

/** (M + Mᵀ)/2 as a new matrix. */
export function symmetrize(matrix: Matrix): Matrix {
  const n = matrix.rows;
  checkRange(n === matrix.cols, "symmetrize", `matrix must be square, got ${n}×${matrix.cols}`);
  const out = new Float64Array(n * n);
  const d = matrix.data;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = 0.5 * (d[i * n + j] + d[j * n + i]);
  return { rows: n, cols: n, data: out };
}

/** Checks that `value` is a Matrix with a Float64Array of the right length and (optionally) finite entries. */
export function checkMatrix(value: unknown, fn: string, name: string, finite = true): Matrix {
  const m = value as Matrix;
  checkType(
    m !== null && typeof m === "object" && m.data instanceof Float64Array && Number.isInteger(m.rows) &&
      Number.isInteger(m.cols),
    fn,
    `${name} must be a Matrix {rows, cols, data: Float64Array}`,
  );
  checkRange(
    m.data.length === m.rows * m.cols,
    fn,
    `${name}.data has length ${m.data.length}, expected ${m.rows}×${m.cols}`,
  );
  if (finite) checkFinite(m.data, fn, name, m.cols);
  return m;
}

/** Minimum entry. */
export function minEntry(matrix: Matrix): number {
  let best = Infinity;
  for (const x of matrix.data) if (x < best) best = x;
  return best;
}

/** Maximum entry. */
export function maxEntry(matrix: Matrix): number {
  let best = -Infinity;
  for (const x of matrix.data) if (x > best) best = x;
  return best;
}

/** Sum of all entries (compensated). */
export function sumEntries(matrix: Matrix): number {
  let sum = 0, comp = 0;
  for (const x of matrix.data) {
    const t = sum + x;
    comp += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
    sum = t;
  }
  return sum + comp;
}

/** C = A·B as a new matrix (i-k-j loop order). */
export function matMul(a: Matrix, b: Matrix): Matrix {
  checkRange(a.cols === b.rows, "matMul", `inner sizes differ: ${a.rows}×${a.cols} · ${b.rows}×${b.cols}`);
  const n = a.rows, m = b.cols, p = a.cols;
  const out = new Float64Array(n * m);
  const ad = a.data, bd = b.data;
  for (let i = 0; i < n; i++) {
    const oRow = i * m;
    for (let k = 0; k < p; k++) {
      const aik = ad[i * p + k];
      if (aik === 0) continue;
      const bRow = k * m;
      for (let j = 0; j < m; j++) out[oRow + j] += aik * bd[bRow + j];
    }
  }
  return { rows: n, cols: m, data: out };
}

/** The rows `indices` of `matrix`, in that order, as a new matrix. */
export function selectRows(matrix: Matrix, indices: ArrayLike<number>): Matrix {
  const { rows, cols, data } = matrix;
  const out = new Float64Array(indices.length * cols);
  for (let a = 0; a < indices.length; a++) {
    const r = indices[a];
    checkRange(
      Number.isInteger(r) && r >= 0 && r < rows,
      "selectRows",
      `indices[${a}] must be in [0, ${rows - 1}], got ${r}`,
    );
    out.set(data.subarray(r * cols, (r + 1) * cols), a * cols);
  }
  return { rows: indices.length, cols, data: out };
}
