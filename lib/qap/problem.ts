/**
 * The QAP in Koopmans–Beckmann form: minimise J(p) = Σ_ik A[i,k]·B[p_i,p_k] + Σ_i L[i,p_i] + c over permutations p.
 * Problems are validated copies, frozen, so no solver can change what a caller passed (docs/method.md, Pitfalls P23).
 * @module
 */
import { checkFinite, checkRange, checkType } from "../core/errors.ts";
import { checkMatrix, isIntegral, isSymmetric, type Matrix } from "../core/matrix.ts";
import { checkMagnitudes, maxAbs } from "./certificate.ts";

/** A validated, read-only QAP instance. */
export interface QapProblem {
  /** Problem size (number of items on each side). */
  readonly n: number;
  /** n×n quadratic factor on the row (vision) side. */
  readonly a: Matrix;
  /** n×n quadratic factor on the column (language) side. */
  readonly b: Matrix;
  /** Optional n×n linear term L[i, j] (cost of assigning i to j), or null. */
  readonly linear: Matrix | null;
  /** Constant added to every objective value. */
  readonly constant: number;
  /** True when both A and B are exactly symmetric. */
  readonly isSymmetric: boolean;
  /** True when A, B, L and c are all integers (QAPLIB); solvers then round bounds up. */
  readonly isIntegral: boolean;
  /** Free-form provenance (instance name, metric, data set). */
  readonly source?: Readonly<Record<string, unknown>>;
}

/** Options of {@link createQapProblem}. */
export interface QapProblemOptions {
  /** Linear term L (n×n); default none. */
  linear?: Matrix | null;
  /** Constant c; default 0. */
  constant?: number;
  /** Provenance stored on the problem. */
  source?: Record<string, unknown>;
}

function frozenCopy(m: Matrix): Matrix {
  return Object.freeze({ rows: m.rows, cols: m.cols, data: m.data.slice() });
}

/**
 * Validates and copies A, B (and L) into a frozen {@link QapProblem}. Errors name the argument: non-square or
 * mismatched sizes, n = 0, NaN or infinite entries; data whose products overflow float64 ("entries too large") or
 * underflow into subnormals ("entries too small") is refused (certificate.ts `checkMagnitudes`).
 */
export function createQapProblem(a: Matrix, b: Matrix, options: QapProblemOptions = {}): QapProblem {
  const fn = "createQapProblem";
  checkMatrix(a, fn, "a");
  checkMatrix(b, fn, "b");
  checkRange(a.rows === a.cols, fn, `a must be square, got ${a.rows}×${a.cols}`);
  checkRange(b.rows === b.cols, fn, `b must be square, got ${b.rows}×${b.cols}`);
  checkRange(a.rows === b.rows, fn, `a and b must have the same size, got ${a.rows}×${a.cols} and ${b.rows}×${b.cols}`);
  const n = a.rows;
  checkRange(n > 0, fn, "problem size must be at least 1, got 0");
  const linear = options.linear ?? null;
  if (linear !== null) {
    checkMatrix(linear, fn, "linear");
    checkRange(
      linear.rows === n && linear.cols === n,
      fn,
      `linear must be ${n}×${n}, got ${linear.rows}×${linear.cols}`,
    );
  }
  const constant = options.constant ?? 0;
  checkType(typeof constant === "number", fn, `constant must be a number, got ${typeof constant}`);
  checkFinite([constant], fn, "constant");
  checkMagnitudes(fn, n, maxAbs(a.data), maxAbs(b.data), linear ? maxAbs(linear.data) : 0, constant);
  const aCopy = frozenCopy(a), bCopy = frozenCopy(b);
  const linearCopy = linear ? frozenCopy(linear) : null;
  return Object.freeze({
    n,
    a: aCopy,
    b: bCopy,
    linear: linearCopy,
    constant,
    isSymmetric: isSymmetric(aCopy) && isSymmetric(bCopy),
    isIntegral: isIntegral(aCopy) && isIntegral(bCopy) && (linearCopy === null || isIntegral(linearCopy)) &&
      Number.isInteger(constant),
    source: options.source ? Object.freeze({ ...options.source }) : undefined,
  });
}

/** Throws a RangeError naming the solver and the solvers that do accept asymmetric input, unless A and B are symmetric. */
export function requireSymmetric(problem: QapProblem, fn: string, alternatives: string): void {
  checkRange(
    problem.isSymmetric,
    fn,
    `needs symmetric A and B (this problem is asymmetric); solvers that accept it: ${alternatives}`,
  );
}
