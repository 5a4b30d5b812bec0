/**
 * Metrics of a matching (docs/method.md, "Scores of a matching"): matching accuracy, the random baseline, the "Global?"
 * check, and the oracle cluster → class assignment of the unsupervised classifier.
 * @module
 */
import { checkInteger, checkRange, checkType } from "../core/errors.ts";
import { matchingAccuracy, permutationsEqual } from "../core/permutation.ts";
import { solveLap } from "../lap/shortest_path.ts";

export { matchingAccuracy };

/** Mean and standard deviation of the matching accuracy of a uniformly random permutation of n items (1/n and 1/n). */
export function randomBaseline(n: number): { mean: number; sd: number } {
  checkInteger(n, "randomBaseline", "n", 1);
  // number of fixed points of a random permutation: mean 1, variance 1 (n ≥ 2); for n = 1 it is always 1
  return { mean: 1 / n, sd: n === 1 ? 0 : 1 / n };
}

/** Tolerance of {@link isGlobalOptimum} (the original's `+ 1e-8`). */
export const GLOBAL_TOLERANCE = 1e-8;

/**
 * "Global?" of Tab. 1/7: true when `cost` ≤ brute-force cost + 1e-8 or the permutation equals the brute-force one.
 * Costs are reference costs (docs/method.md, Pitfalls P10).
 */
export function isGlobalOptimum(
  cost: number,
  permutation: ArrayLike<number>,
  bruteForceCost: number,
  bruteForcePermutation: ArrayLike<number>,
): boolean {
  checkType(typeof cost === "number" && typeof bruteForceCost === "number", "isGlobalOptimum", "costs must be numbers");
  return cost <= bruteForceCost + GLOBAL_TOLERANCE || permutationsEqual(permutation, bruteForcePermutation);
}

/** Fraction of positions where `predicted[i] === truth[i]`. */
export function classificationAccuracy(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  checkRange(
    predicted.length === truth.length,
    "classificationAccuracy",
    `predicted and truth must have the same length, got ${predicted.length} and ${truth.length}`,
  );
  if (predicted.length === 0) return 0;
  let hits = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === truth[i]) hits++;
  return hits / predicted.length;
}

/**
 * The oracle cluster → class map: count matrix F[c, y] over the items, Hungarian assignment maximising
 * Σ F. Needs clusterCount ≤ classCount. Returns map[c] = class.
 */
export function oracleAssignment(
  clusterLabels: ArrayLike<number>,
  trueLabels: ArrayLike<number>,
  clusterCount: number,
  classCount: number,
): Int32Array {
  const fn = "oracleAssignment";
  checkRange(
    clusterLabels.length === trueLabels.length,
    fn,
    `clusterLabels and trueLabels must have the same length, got ${clusterLabels.length} and ${trueLabels.length}`,
  );
  checkInteger(clusterCount, fn, "clusterCount", 1);
  checkInteger(classCount, fn, "classCount", clusterCount);
  const counts = new Float64Array(clusterCount * classCount);
  for (let i = 0; i < clusterLabels.length; i++) {
    const c = clusterLabels[i], y = trueLabels[i];
    checkRange(
      Number.isInteger(c) && c >= 0 && c < clusterCount,
      fn,
      `clusterLabels[${i}] must be in [0, ${clusterCount - 1}], got ${c}`,
    );
    checkRange(
      Number.isInteger(y) && y >= 0 && y < classCount,
      fn,
      `trueLabels[${i}] must be in [0, ${classCount - 1}], got ${y}`,
    );
    counts[c * classCount + y]++;
  }
  return solveLap({ rows: clusterCount, cols: classCount, data: counts }, { maximize: true }).rowToCol;
}
