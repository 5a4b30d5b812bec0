/**
 * Internal: keeping a time limit inside the O(n³) steps of the baseline solvers (FAQ, entropic GW). Long products run
 * in row blocks with a clock check between blocks; the finishing step (rounding a plan to a permutation) may use a
 * short grace period past the limit and falls back to a greedy rounding when even that runs out. Together they keep
 * a run within 10 % + 0.5 s of its time limit at any n.
 * @module
 */
import type { SolveClock } from "../result.ts";

/** Rows per block so that one block of an n³ product is about 2²³ multiply-adds (milliseconds). */
export function blockRows(n: number): number {
  return Math.max(1, Math.ceil(2 ** 23 / Math.max(1, n * n)));
}

/**
 * Calls `step(r0, r1)` for consecutive row blocks of [0, n), asking `stop` before each; returns false when it
 * stopped early (some rows not done), true when every row was done.
 */
export function forRowBlocks(n: number, stop: () => boolean, step: (r0: number, r1: number) => void): boolean {
  const size = blockRows(n);
  for (let r0 = 0; r0 < n; r0 += size) {
    if (stop()) return false;
    step(r0, Math.min(n, r0 + size));
  }
  return true;
}

/**
 * A stop test for a finishing step: true once the time limit plus a grace of 5 % of it + 0.25 s (half the
 * allowed overrun) has passed, or the signal aborted. Never true without a time limit or signal.
 */
export function finishingStop(clock: SolveClock): () => boolean {
  const limit = clock.options.timeLimit;
  const end = clock.start + 1000 * (limit + 0.05 * limit + 0.25);
  const signal = clock.options.signal;
  return () => performance.now() > end || signal?.aborted === true;
}

/**
 * Greedy rounding of an n×n weight matrix to a permutation (a fallback when the exact maximum-weight LAP cannot
 * finish in time): rows in order of decreasing largest weight each take their heaviest free column. O(n²).
 */
export function greedyRoundInto(weights: Float64Array, n: number, out: Int32Array): void {
  const best = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j < n; j++) m = Math.max(m, weights[i * n + j]);
    best[i] = m;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => best[b] - best[a] || a - b);
  const used = new Uint8Array(n);
  for (const i of order) {
    let pick = -1, m = -Infinity;
    for (let j = 0; j < n; j++) {
      if (!used[j] && (pick === -1 || weights[i * n + j] > m)) {
        pick = j;
        m = weights[i * n + j];
      }
    }
    used[pick] = 1;
    out[i] = pick;
  }
}
