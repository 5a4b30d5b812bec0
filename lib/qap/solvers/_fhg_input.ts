/**
 * Internal input preparation shared by the Hahn–Grant solvers: exact symmetrisation (docs/method.md, Pitfalls P6), the
 * minimum shift with its constant correction (Pitfalls P5), the magnitude check and rounding-safe bounds
 * (certificate.ts). Works on copies (Pitfalls P23).
 * @module
 */
import { checkRange } from "../../core/errors.ts";
import { isSymmetric, type Matrix, symmetrize } from "../../core/matrix.ts";
import type { QapProblem } from "../problem.ts";
import { type Certificate, certifiedBound, checkMagnitudes, maxAbs } from "../certificate.ts";

/**
 * Where the refusal message points for solvers that accept asymmetric A and B. The list itself comes from the registry
 * (lib/qap/registry.ts `asymmetricSolverIds`, which imports the solvers, so it cannot be imported here); `solveQap`
 * refuses such problems with that list before a solver runs.
 */
export const ASYMMETRIC_ALTERNATIVES =
  "the solvers with acceptsAsymmetric in lib/qap/registry.ts (solveQap names them)";

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
 * How the working factors are shifted: "min" makes both non-negative (A − min A, B − min B; the original's rule and
 * fhg's), "none" keeps them as they are. Any shift leaves J unchanged (the constant absorbs it: Σ_ik B_{p_i p_k} is
 * the same for every p), and every shift gives a valid Hahn–Grant bound, but not the same one: on the GW kernels of
 * the synthetic instances "none" ends 4–8 % higher (synth-gw-N20-s0 / -s1 after 200 iterations: 114.9 / 110.6
 * instead of 109.2 / 102.4); on non-negative QAPLIB data with zero entries both are the same.
 */
export type FactorShift = "min" | "none";

/**
 * Copies and symmetrises the factors (exact when the other factor is symmetric: Σ A_ik B_pipk only sees (A + Aᵀ)/2
 * then), shifts them (`shift`, default "min": non-negative) and corrects the constant. Throws a RangeError naming the
 * solvers that accept the problem when both A and B are asymmetric.
 */
export function prepareSymmetricInput(problem: QapProblem, fn: string, shift: FactorShift = "min"): PreparedInput {
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
  // Problems from createQapProblem passed this already; a hand-built one must not reach the dual ascent either.
  checkMagnitudes(
    fn,
    n,
    maxAbs(aData),
    maxAbs(bData),
    problem.linear ? maxAbs(problem.linear.data) : 0,
    problem.constant,
  );
  let minA = Infinity, minB = Infinity, sumA = 0, sumB = 0;
  for (let k = 0; k < n * n; k++) {
    if (aData[k] < minA) minA = aData[k];
    if (bData[k] < minB) minB = bData[k];
    sumA += aData[k];
    sumB += bData[k];
  }
  if (shift === "none") minA = minB = 0;
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
 * The bound to report: certificate.ts `certifiedBound` (LB minus the scale-relative rounding allowance, rounded up for
 * integral data), never above the best cost found (LB ≤ J* ≤ best, so the minimum only removes rounding noise; it
 * never lifts a bound).
 */
export function reportedBound(lowerBound: number, bestCost: number, certificate: Certificate): number {
  return Math.min(certifiedBound(lowerBound, certificate), bestCost);
}
