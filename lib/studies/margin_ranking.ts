/**
 * Does a margin predict correctness? Scores of a ranking of matched pairs by their margin (issue 20 item 3): the
 * area under the ROC curve of the margin for correct vs wrong pairs, the precision of the k pairs with the largest
 * margins, and the accuracy of the pairs within margin quantiles. Pure functions of (margin, correct) lists; ties are
 * handled as a random order among equal margins would on average (mid-ranks), so no result depends on input order.
 * @module
 */
import { checkInteger, checkRange, checkType } from "../core/errors.ts";

function checkPairs(margins: ArrayLike<number>, correct: ArrayLike<boolean>, fn: string): void {
  checkType(
    margins !== null && typeof margins === "object" && typeof margins.length === "number",
    fn,
    "margins must be an array of numbers",
  );
  checkRange(
    correct?.length === margins.length,
    fn,
    `margins and correct need the same length, got ${margins.length} and ${correct?.length}`,
  );
  for (let i = 0; i < margins.length; i++) {
    checkRange(!Number.isNaN(margins[i]), fn, `margins[${i}] is NaN`);
  }
}

/**
 * Mid-ranks of `values` (1 = smallest; equal values share the mean of their ranks).
 *
 * @example
 * midRanks([0.3, 0.1, 0.3]); // Float64Array [2.5, 1, 2.5]
 */
export function midRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 … end
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Area under the ROC curve of the margin as a score for "this pair is correct": the probability that a correct pair
 * has a larger margin than a wrong one (ties count one half; Mann–Whitney U / (#correct · #wrong)). 0.5 = no better
 * than chance, 1 = every correct pair has a larger margin than every wrong one. Null when all pairs are correct or
 * all are wrong (undefined).
 *
 * @example
 * marginAuc([3, 2, 1, 0], [true, false, true, false]); // 0.75
 */
export function marginAuc(margins: ArrayLike<number>, correct: ArrayLike<boolean>): number | null {
  checkPairs(margins, correct, "marginAuc");
  const ranks = midRanks(margins);
  let positives = 0, rankSum = 0;
  for (let i = 0; i < ranks.length; i++) {
    if (correct[i]) {
      positives++;
      rankSum += ranks[i];
    }
  }
  const negatives = ranks.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
}

/**
 * Precision of the `k` pairs with the largest margins: the fraction of them that are correct. When equal margins
 * straddle the cut, the tied group counts with its share of correct pairs (the expected precision of a random order
 * among the ties). k = the number of pairs gives the accuracy of the matching.
 *
 * @example
 * precisionAtK([5, 4, 4, 1], [true, false, true, false], 2); // 0.75 (the top pair, then half of the tie)
 */
export function precisionAtK(margins: ArrayLike<number>, correct: ArrayLike<boolean>, k: number): number {
  const fn = "precisionAtK";
  checkPairs(margins, correct, fn);
  const n = margins.length;
  checkInteger(k, fn, "k", 1, Math.max(1, n));
  checkRange(n > 0, fn, "needs at least one pair");
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => margins[b] - margins[a] || a - b);
  let taken = 0, hits = 0;
  for (let start = 0; start < n && taken < k;) {
    let end = start + 1;
    while (end < n && margins[order[end]] === margins[order[start]]) end++;
    let groupHits = 0;
    for (let s = start; s < end; s++) if (correct[order[s]]) groupHits++;
    const slots = Math.min(end - start, k - taken);
    hits += groupHits * slots / (end - start);
    taken += slots;
    start = end;
  }
  return hits / k;
}

/** The pairs of one margin quantile bin. */
export interface QuantileBin {
  /** 1 = the smallest margins … `bins` = the largest. */
  bin: number;
  /** Pairs in the bin (equal margins never straddle two bins, so counts can differ). */
  pairs: number;
  /** Correct pairs in the bin. */
  correct: number;
  /** correct / pairs (NaN for an empty bin). */
  accuracy: number;
  /** Smallest and largest margin in the bin (NaN for an empty bin). */
  lowest: number;
  highest: number;
}

/**
 * Accuracy of the pairs within `bins` margin quantiles (bin 1: the smallest margins). A pair's bin comes from its
 * mid-rank, so equal margins share a bin.
 *
 * @example
 * accuracyByQuantile([0, 1, 2, 3], [false, false, true, true], 2).map((b) => b.accuracy); // [0, 1]
 */
export function accuracyByQuantile(
  margins: ArrayLike<number>,
  correct: ArrayLike<boolean>,
  bins: number,
): QuantileBin[] {
  const fn = "accuracyByQuantile";
  checkPairs(margins, correct, fn);
  checkInteger(bins, fn, "bins", 1);
  const n = margins.length;
  const out: QuantileBin[] = Array.from({ length: bins }, (_, b) => ({
    bin: b + 1,
    pairs: 0,
    correct: 0,
    accuracy: NaN,
    lowest: NaN,
    highest: NaN,
  }));
  const ranks = midRanks(margins);
  for (let i = 0; i < n; i++) {
    const bin = out[Math.min(bins - 1, Math.floor((ranks[i] - 0.5) / n * bins))];
    bin.pairs++;
    if (correct[i]) bin.correct++;
    if (!(margins[i] >= bin.lowest)) bin.lowest = margins[i];
    if (!(margins[i] <= bin.highest)) bin.highest = margins[i];
  }
  for (const bin of out) bin.accuracy = bin.pairs ? bin.correct / bin.pairs : NaN;
  return out;
}

/**
 * Spearman rank correlation of `x` and `y` (Pearson correlation of their mid-ranks); null when either is constant.
 *
 * @example
 * spearman([1, 2, 3], [10, 30, 20]); // 0.5
 */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  checkRange(x.length === y.length, "spearman", `x and y need the same length, got ${x.length} and ${y.length}`);
  const rx = midRanks(x), ry = midRanks(y), n = x.length;
  const mean = (n + 1) / 2;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) ** 2;
    syy += (ry[i] - mean) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}
