/**
 * Labelled embedding rows: a `rows × dim` Float64Array matrix plus one class label per row. Both modalities use it
 * (a vision row is one image, a language row is one prompt / caption / definition). Class vectors are the plain mean
 * of a class's raw rows, then L2-normalised (docs/method.md, "Class vectors"; Pitfalls P1).
 * @module
 */
import { checkFinite, checkRange, checkType } from "../core/errors.ts";
import { checkMatrix, type Matrix } from "../core/matrix.ts";

/** Rows of embeddings with a class label per row. */
export interface EmbeddingSet {
  /** rows × dim embedding values (row-major Float64Array). */
  readonly vectors: Matrix;
  /** Class index of each row (length rows), 0-based, in dataset label order. */
  readonly labels: Int32Array;
  /** Class names in label order (length ≥ max label + 1), or null when unknown. */
  readonly classNames: readonly string[] | null;
}

/** Guard of the L2 normalisation: x / max(‖x‖, ε) (torch `F.normalize` default). */
export const NORMALIZE_EPSILON = 1e-12;

/**
 * Builds a validated {@link EmbeddingSet} (copies its inputs). Labels must be integers ≥ 0, one per row; vectors
 * finite; class names unique and covering every label.
 */
export function createEmbeddingSet(
  vectors: Matrix,
  labels: ArrayLike<number>,
  classNames: readonly string[] | null = null,
): EmbeddingSet {
  const fn = "createEmbeddingSet";
  checkMatrix(vectors, fn, "vectors");
  checkType(
    labels !== null && typeof labels === "object" && typeof labels.length === "number",
    fn,
    "labels must be an array of integers",
  );
  checkRange(
    labels.length === vectors.rows,
    fn,
    `labels must have one entry per row (${vectors.rows}), got ${labels.length}`,
  );
  const out = new Int32Array(labels.length);
  let maxLabel = -1;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    checkRange(Number.isInteger(y) && y >= 0 && y < 2 ** 31, fn, `labels[${i}] must be an integer ≥ 0, got ${y}`);
    out[i] = y;
    if (y > maxLabel) maxLabel = y;
  }
  if (classNames !== null) {
    checkType(Array.isArray(classNames), fn, "classNames must be an array of strings or null");
    checkRange(
      classNames.length > maxLabel,
      fn,
      `classNames must name every label (max label ${maxLabel}), got ${classNames.length} names`,
    );
    checkUniqueNames(classNames, fn, "classNames");
  }
  return Object.freeze({
    vectors: Object.freeze({ rows: vectors.rows, cols: vectors.cols, data: vectors.data.slice() }),
    labels: out,
    classNames: classNames === null ? null : Object.freeze([...classNames]),
  });
}

/** Throws a RangeError naming the first duplicate (or non-string) entry of `names`. */
export function checkUniqueNames(names: readonly unknown[], fn: string, what: string): void {
  const seen = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    checkType(typeof name === "string", fn, `${what}[${i}] must be a string, got ${typeof name}`);
    const before = seen.get(name as string);
    checkRange(before === undefined, fn, `${what} has a duplicate: '${name}' at ${before} and ${i}`);
    seen.set(name as string, i);
  }
}

/** Options of {@link classVectors}. */
export interface ClassVectorOptions {
  /** Number of classes (rows of the result); default max label + 1. */
  classCount?: number;
  /** Use only these row indices (e.g. a seed's random half); default all rows. */
  rowIndices?: ArrayLike<number> | null;
  /** L2-normalise each class mean (default true). */
  normalize?: boolean;
}

/** Defaults of {@link ClassVectorOptions}. */
export const CLASS_VECTOR_DEFAULTS = Object.freeze({ classCount: undefined, rowIndices: null, normalize: true });

/**
 * Class vectors: the plain mean of the raw rows of each class (optionally only the rows in `rowIndices`), then
 * L2-normalised `x / max(‖x‖, 1e-12)`. Works for ragged groups (any number of rows per class). A class without rows
 * is an error (its mean is undefined).
 */
export function classVectors(set: EmbeddingSet, options: ClassVectorOptions = {}): Matrix {
  const fn = "classVectors";
  checkType(
    set !== null && typeof set === "object" && set.labels instanceof Int32Array,
    fn,
    "set must be an EmbeddingSet",
  );
  for (const key of Object.keys(options)) {
    if (!(key in CLASS_VECTOR_DEFAULTS)) {
      throw new TypeError(`${fn}: unknown option '${key}' (allowed: ${Object.keys(CLASS_VECTOR_DEFAULTS).join(", ")})`);
    }
  }
  const { rows, cols: dim, data } = set.vectors;
  let maxLabel = -1;
  for (let i = 0; i < set.labels.length; i++) if (set.labels[i] > maxLabel) maxLabel = set.labels[i];
  const classCount = options.classCount ?? maxLabel + 1;
  checkRange(
    Number.isInteger(classCount) && classCount > maxLabel,
    fn,
    `classCount must be an integer > max label ${maxLabel}, got ${classCount}`,
  );
  const indices = options.rowIndices ?? null;
  const count = indices === null ? rows : indices.length;
  const sums = new Float64Array(classCount * dim);
  const counts = new Float64Array(classCount);
  for (let t = 0; t < count; t++) {
    const r = indices === null ? t : indices[t];
    checkRange(
      Number.isInteger(r) && r >= 0 && r < rows,
      fn,
      `rowIndices[${t}] must be a row index in [0, ${rows - 1}], got ${r}`,
    );
    const y = set.labels[r];
    counts[y]++;
    const src = r * dim, dst = y * dim;
    for (let j = 0; j < dim; j++) sums[dst + j] += data[src + j];
  }
  for (let c = 0; c < classCount; c++) {
    checkRange(counts[c] > 0, fn, `class ${c}${set.classNames ? ` ('${set.classNames[c]}')` : ""} has no rows`);
    const row = c * dim;
    for (let j = 0; j < dim; j++) sums[row + j] /= counts[c];
  }
  const out = { rows: classCount, cols: dim, data: sums };
  return options.normalize === false ? out : normalizeRows(out);
}

/** Each row divided by max(‖row‖₂, 1e-12), as a new matrix. */
export function normalizeRows(matrix: Matrix): Matrix {
  checkMatrix(matrix, "normalizeRows", "matrix", false);
  const { rows, cols, data } = matrix;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) s += data[row + j] * data[row + j];
    const scale = 1 / Math.max(Math.sqrt(s), NORMALIZE_EPSILON);
    for (let j = 0; j < cols; j++) out[row + j] = data[row + j] * scale;
  }
  return { rows, cols, data: out };
}

/**
 * Checks embeddings a user brought for matching: finite values (names the first NaN row), no all-zero row, at least
 * `minRows` rows. `name` is used in messages ("vision", "language").
 */
export function checkEmbeddingRows(matrix: Matrix, fn: string, name: string, minRows = 3): void {
  checkMatrix(matrix, fn, name, false);
  const { rows, cols, data } = matrix;
  checkRange(rows >= minRows, fn, `${name} needs at least ${minRows} items, got ${rows}`);
  checkRange(cols >= 1, fn, `${name} needs at least 1 dimension, got ${cols}`);
  for (let i = 0; i < rows; i++) {
    let zero = true;
    for (let j = 0; j < cols; j++) {
      const x = data[i * cols + j];
      if (!Number.isFinite(x)) {
        throw new RangeError(`${fn}: ${name} row ${i} has a non-finite value (${x}) at column ${j}`);
      }
      if (x !== 0) zero = false;
    }
    checkRange(!zero, fn, `${name} row ${i} is a zero vector (cannot be normalised)`);
  }
  checkFinite([rows], fn, "rows");
}
