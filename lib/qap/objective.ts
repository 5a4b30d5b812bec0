/**
 * The single objective function every solver's reported cost comes from, and O(n) swap deltas for local search.
 * @module
 */
import { Adder } from "../core/sum.ts";
import { checkPermutation } from "../core/permutation.ts";
import type { QapProblem } from "./problem.ts";

/** J(p) = Σ_ik A[i,k]·B[p_i,p_k] + Σ_i L[i,p_i] + c, summed with compensation. Validates p. */
export function qapCost(problem: QapProblem, permutation: ArrayLike<number>): number {
  const p = checkPermutation(permutation, problem.n, "qapCost");
  return qapCostUnchecked(problem, p);
}

/** {@link qapCost} without validating the permutation (for hot paths that own a valid permutation). */
export function qapCostUnchecked(problem: QapProblem, p: ArrayLike<number>): number {
  const { n, constant } = problem;
  const a = problem.a.data, b = problem.b.data;
  const total = new Adder();
  for (let i = 0; i < n; i++) {
    const rowA = i * n, rowB = p[i] * n;
    let s = 0;
    for (let k = 0; k < n; k++) s += a[rowA + k] * b[rowB + p[k]];
    total.add(s);
  }
  if (problem.linear) {
    const l = problem.linear.data;
    for (let i = 0; i < n; i++) total.add(l[i * n + p[i]]);
  }
  total.add(constant);
  return +total;
}

/**
 * Change of J when p[r] and p[s] are swapped, in O(n); general (asymmetric) A, B and linear term.
 * `a`, `b`, `l` are the raw row-major data (l may be null) of an n×n problem. For symmetric A and B
 * {@link swapDeltaSymmetric} gives the identical value with half the work.
 */
export function swapDelta(
  a: Float64Array,
  b: Float64Array,
  l: Float64Array | null,
  n: number,
  p: ArrayLike<number>,
  r: number,
  s: number,
): number {
  const pr = p[r], ps = p[s];
  const rowR = r * n, rowS = s * n, bPr = pr * n, bPs = ps * n;
  let delta = 0;
  for (let k = 0; k < n; k++) {
    if (k === r || k === s) continue;
    const pk = p[k], kn = k * n, bPk = pk * n;
    delta += (a[rowR + k] - a[rowS + k]) * (b[bPs + pk] - b[bPr + pk]) +
      (a[kn + r] - a[kn + s]) * (b[bPk + ps] - b[bPk + pr]);
  }
  return addSwapPairTerms(delta, a, b, l, n, pr, ps, r, s);
}

/**
 * {@link swapDelta} for symmetric A and B (e.g. `problem.isSymmetric`): the two halves of the general sum are then
 * equal term by term, so one half is summed and doubled — bit-for-bit the same value, half the work. The result is
 * meaningless when A or B is not symmetric. Arguments as in {@link swapDelta}.
 */
export function swapDeltaSymmetric(
  a: Float64Array,
  b: Float64Array,
  l: Float64Array | null,
  n: number,
  p: ArrayLike<number>,
  r: number,
  s: number,
): number {
  const pr = p[r], ps = p[s];
  const rowR = r * n, rowS = s * n, bPr = pr * n, bPs = ps * n;
  let delta = 0;
  for (let k = 0; k < n; k++) {
    if (k === r || k === s) continue;
    const pk = p[k];
    delta += (a[rowR + k] - a[rowS + k]) * (b[bPs + pk] - b[bPr + pk]);
  }
  delta *= 2;
  return addSwapPairTerms(delta, a, b, l, n, pr, ps, r, s);
}

/** `delta` (the k ≠ r, s part of a swap delta) plus the terms of A's r, s block, then those of the linear term. */
function addSwapPairTerms(
  delta: number,
  a: Float64Array,
  b: Float64Array,
  l: Float64Array | null,
  n: number,
  pr: number,
  ps: number,
  r: number,
  s: number,
): number {
  const rowR = r * n, rowS = s * n, bPr = pr * n, bPs = ps * n;
  const bRR = b[bPr + pr], bSS = b[bPs + ps], bRS = b[bPr + ps], bSR = b[bPs + pr];
  delta += (a[rowR + r] - a[rowS + s]) * (bSS - bRR) + (a[rowR + s] - a[rowS + r]) * (bSR - bRS);
  if (l !== null) delta += l[rowR + ps] + l[rowS + pr] - l[rowR + pr] - l[rowS + ps];
  return delta;
}
