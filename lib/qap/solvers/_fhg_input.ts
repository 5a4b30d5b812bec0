/**
 * Internal input preparation shared by the Hahn–Grant solvers: exact symmetrisation (spec P6), the minimum shift with
 * its constant correction (spec P5) and integer-aware rounding of bounds. Works on copies (spec P23).
 * @module
 */
import { checkRange } from "../../core/errors.ts";
import { isSymmetric, type Matrix, symmetrize } from "../../core/matrix.ts";
import type { QapProblem } from "../problem.ts";

/** Solvers that accept asymmetric A and B (named in the refusal message). */
export const ASYMMETRIC_ALTERNATIVES = "faq, two-opt, brute-force, random";

/** Symmetric working copies of a problem's factors, before and after the minimum shift. */
export interface PreparedInput {
  n: number;
  /** Symmetric A (a copy; symmetrised when it was asymmetric and B symmetric). */
  a: Float64Array;
  /** Symmetric B. */
  b: Float64Array;
  /** A − min(A) ≥ 0. */
  aShifted: Float64Array;
  /** B − min(B) ≥ 0. */
  bShifted: Float64Array;
  /** Linear term or null. */
  linear: Float64Array | null;
  /** Original constant c. */
  constant: number;
  /** c + min(B)·ΣA + min(A)·ΣB − min(A)·min(B)·n², so J is unchanged with the shifted factors. */
  shiftedConstant: number;
  /** Which factor was symmetrised ("a", "b" or null). */
  symmetrized: "a" | "b" | null;
  /** True for integer data: every J(p) is an integer, so bounds may be rounded up. */
  integral: boolean;
}

/**
 * Copies and symmetrises the factors (exact when the other factor is symmetric: Σ A_ik B_pipk only sees (A + Aᵀ)/2
 * then), shifts them to be non-negative and corrects the constant. Throws a RangeError naming the solvers that accept
 * the problem when both A and B are asymmetric.
 */
export function prepareSymmetricInput(problem: QapProblem, fn: string): PreparedInput {
  const n = problem.n;
  let a: Matrix = problem.a, b: Matrix = problem.b;
  let symmetrized: "a" | "b" | null = null;
  if (!problem.isSymmetric) {
    const symA = isSymmetric(a), symB = isSymmetric(b);
    checkRange(
      symA || symB,
      fn,
      `needs a symmetric A or B (both are asymmetric here); solvers that accept it: ${ASYMMETRIC_ALTERNATIVES}`,
    );
    if (!symA) {
      a = symmetrize(a);
      symmetrized = "a";
    } else {
      b = symmetrize(b);
      symmetrized = "b";
    }
  }
  const aData = a.data.slice(), bData = b.data.slice();
  let minA = Infinity, minB = Infinity, sumA = 0, sumB = 0;
  for (let k = 0; k < n * n; k++) {
    if (aData[k] < minA) minA = aData[k];
    if (bData[k] < minB) minB = bData[k];
    sumA += aData[k];
    sumB += bData[k];
  }
  const aShifted = new Float64Array(n * n), bShifted = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) {
    aShifted[k] = aData[k] - minA;
    bShifted[k] = bData[k] - minB;
  }
  return {
    n,
    a: aData,
    b: bData,
    aShifted,
    bShifted,
    linear: problem.linear ? problem.linear.data.slice() : null,
    constant: problem.constant,
    shiftedConstant: problem.constant + minB * sumA + minA * sumB - minA * minB * n * n,
    symmetrized,
    integral: problem.isIntegral,
  };
}

/** J(p) on symmetric row-major factors (plain float64 sum; reported costs are recomputed by qapCost). */
export function costOf(input: PreparedInput, p: ArrayLike<number>): number {
  const { n, a, b, linear } = input;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const row = i * n, brow = p[i] * n;
    let s = 0.5 * a[row + i] * b[brow + p[i]];
    for (let k = i + 1; k < n; k++) s += a[row + k] * b[brow + p[k]];
    total += 2 * s;
  }
  if (linear) { for (let i = 0; i < n; i++) total += linear[i * n + p[i]]; }
  return total + input.constant;
}

/**
 * The bound to report: for integral data ⌈LB − tol⌉ (every J(p) is an integer; tol absorbs float64 rounding of the
 * dual sums), otherwise LB; never above the best cost found (LB ≤ J* ≤ best, so this only removes rounding noise).
 */
export function reportedBound(lowerBound: number, bestCost: number, integral: boolean, n: number): number {
  let bound = lowerBound;
  if (integral && Number.isFinite(bound)) bound = Math.ceil(bound - 1e-9 * n * Math.max(1, Math.abs(bound)));
  return Math.min(bound, bestCost);
}
