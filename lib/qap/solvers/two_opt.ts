/**
 * 2-opt local search with SciPy's semantics (`quadratic_assignment(method="2opt")`): scan the pairs
 * (i < j) in lexicographic order, swap p_i and p_j, keep the swap if the objective drops **strictly**, and then
 * restart the scan from (0, 1); stop after a full scan without improvement. Each trial costs O(n) through
 * {@link swapDelta} ({@link swapDeltaSymmetric}, the same value with half the work, for symmetric A, B) instead of
 * SciPy's O(n²) recomputation, so the same local optimum is reached from the same start (up to floating-point ties:
 * a swap counts as improving when its delta is below −τ, τ a tiny multiple of the problem's scale, which never matters
 * for integer data). `scan: "continue"` resumes after the accepted pair
 * instead of restarting (a faster, different descent).
 * @module
 */
import { checkInteger, checkRange, checkType } from "../../core/errors.ts";
import { checkPermutation } from "../../core/permutation.ts";
import { Rng } from "../../core/rng.ts";
import { qapCostUnchecked, swapDelta, swapDeltaSymmetric } from "../objective.ts";
import type { QapProblem } from "../problem.ts";
import {
  finishResult,
  resolveOptions,
  SolveClock,
  type SolveResult,
  type SolverOptions,
  type SolveStatus,
} from "../result.ts";

/** Options of {@link solveTwoOpt}. */
export interface TwoOptOptions extends SolverOptions {
  /** Number of starts (the first from the guess if given, the others random); best result kept. Default 1. */
  restarts?: number;
  /** Full start permutation for the first descent. */
  initialPermutation?: ArrayLike<number>;
  /** Partial start: [row, column] pairs; other rows get the remaining columns at random (SciPy `partial_guess`). */
  partialGuess?: ArrayLike<ArrayLike<number>>;
  /** "restart" (SciPy: rescan from (0, 1) after each accepted swap) or "continue" (resume after it). */
  scan?: "restart" | "continue";
  /** Maximise instead of minimise; default false. */
  maximize?: boolean;
}

/** Defaults of {@link TwoOptOptions}. */
export const TWO_OPT_DEFAULTS: Readonly<{
  restarts: number;
  initialPermutation: ArrayLike<number> | undefined;
  partialGuess: ArrayLike<ArrayLike<number>> | undefined;
  scan: "restart" | "continue";
  maximize: boolean;
}> = Object.freeze({
  restarts: 1,
  initialPermutation: undefined,
  partialGuess: undefined,
  scan: "restart",
  maximize: false,
});

function checkPartialGuess(guess: unknown, n: number, fn: string): Int32Array {
  checkType(
    Array.isArray(guess) || ArrayBuffer.isView(guess),
    fn,
    `partialGuess must be an array of [row, column] pairs, got ${typeof guess}`,
  );
  const arr = guess as ArrayLike<ArrayLike<number>>;
  const out = new Int32Array(n).fill(-1);
  const used = new Uint8Array(n);
  for (let k = 0; k < arr.length; k++) {
    const pair = arr[k];
    checkType(
      pair !== null && typeof pair === "object" && pair.length === 2,
      fn,
      `partialGuess[${k}] must be a [row, column] pair, got ${String(pair)}`,
    );
    const [i, j] = [pair[0], pair[1]];
    checkRange(
      Number.isInteger(i) && i >= 0 && i < n,
      fn,
      `partialGuess[${k}] row must be an integer in [0, ${n - 1}], got ${i}`,
    );
    checkRange(
      Number.isInteger(j) && j >= 0 && j < n,
      fn,
      `partialGuess[${k}] column must be an integer in [0, ${n - 1}], got ${j}`,
    );
    checkRange(out[i] === -1, fn, `partialGuess row ${i} appears twice`);
    checkRange(!used[j], fn, `partialGuess column ${j} appears twice`);
    out[i] = j;
    used[j] = 1;
  }
  return out;
}

/** Fills rows without a guess (−1) with the unused columns in random order (SciPy: rng.permutation of the rest). */
function fillGuess(guess: Int32Array, rng: Rng, out: Int32Array): void {
  const n = guess.length;
  const used = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (guess[i] >= 0) used[guess[i]] = 1;
  const free: number[] = [];
  for (let j = 0; j < n; j++) if (!used[j]) free.push(j);
  rng.shuffle(free);
  let f = 0;
  for (let i = 0; i < n; i++) out[i] = guess[i] >= 0 ? guess[i] : free[f++];
}

/**
 * One descent from `p` (modified in place). Returns pairs tried and whether the clock stopped it.
 * `sign` = +1 minimise, −1 maximise; a swap is taken when sign·delta < −tiny.
 */
function descend(
  problem: QapProblem,
  p: Int32Array,
  sign: number,
  tiny: number,
  restart: boolean,
  clock: SolveClock,
): { tried: number; swaps: number; expired: boolean } {
  const n = problem.n, a = problem.a.data, b = problem.b.data, l = problem.linear ? problem.linear.data : null;
  const delta = problem.isSymmetric ? swapDeltaSymmetric : swapDelta;
  let tried = 0, swaps = 0;
  if (restart) {
    let improved = true;
    while (improved) {
      improved = false;
      for (let i = 0; i < n - 1 && !improved; i++) {
        if (clock.expired()) return { tried, swaps, expired: true };
        for (let j = i + 1; j < n; j++) {
          tried++;
          if (sign * delta(a, b, l, n, p, i, j) < -tiny) {
            const t = p[i];
            p[i] = p[j];
            p[j] = t;
            swaps++;
            improved = true;
            break;
          }
        }
      }
    }
  } else {
    // Cyclic scan over the pairs; stop after a full cycle (n(n−1)/2 trials) without improvement.
    const pairs = (n * (n - 1)) / 2;
    let sinceLast = 0, i = 0, j = 1;
    while (sinceLast < pairs) {
      if (j === i + 1 && clock.expired()) return { tried, swaps, expired: true };
      tried++;
      sinceLast++;
      if (sign * delta(a, b, l, n, p, i, j) < -tiny) {
        const t = p[i];
        p[i] = p[j];
        p[j] = t;
        swaps++;
        sinceLast = 0;
      }
      if (++j === n) {
        if (++i === n - 1) i = 0;
        j = i + 1;
      }
    }
  }
  return { tried, swaps, expired: false };
}

/**
 * Solves the QAP by 2-opt local search, best of `restarts` descents; general (asymmetric) A, B and linear
 * term. The time limit and signal are checked before each row of the pair scan; a descent cut short returns its
 * current permutation. `iterations` = swap trials (pairs i < j evaluated) over all descents. Status "converged"
 * (every descent reached a 2-opt local optimum) or "time-limit" / "aborted". `info`: `descents`, `swaps`. Bound: none.
 */
export function solveTwoOpt(problem: QapProblem, options: TwoOptOptions = {}): SolveResult {
  const fn = "solveTwoOpt";
  const opts = resolveOptions(fn, TWO_OPT_DEFAULTS, options);
  checkInteger(opts.restarts, fn, "restarts", 1);
  checkRange(
    opts.scan === "restart" || opts.scan === "continue",
    fn,
    `scan must be "restart" or "continue", got ${String(opts.scan)}`,
  );
  checkType(typeof opts.maximize === "boolean", fn, `maximize must be a boolean, got ${typeof opts.maximize}`);
  const n = problem.n;
  checkRange(
    opts.initialPermutation === undefined || opts.partialGuess === undefined,
    fn,
    "give initialPermutation or partialGuess, not both",
  );
  const full = opts.initialPermutation === undefined
    ? null
    : checkPermutation(opts.initialPermutation, n, fn, "initialPermutation");
  const guess = opts.partialGuess === undefined ? null : checkPartialGuess(opts.partialGuess, n, fn);
  const clock = new SolveClock("two-opt", opts);
  const rng = new Rng(opts.seed);
  const sign = opts.maximize ? -1 : 1;
  // Rounding scale of one swap delta: ~4n products of |A|·|B| plus four linear entries.
  let maxA = 0, maxB = 0, maxL = 0;
  for (const x of problem.a.data) maxA = Math.max(maxA, Math.abs(x));
  for (const x of problem.b.data) maxB = Math.max(maxB, Math.abs(x));
  if (problem.linear) { for (const x of problem.linear.data) maxL = Math.max(maxL, Math.abs(x)); }
  const tiny = 1e-11 * (4 * n * maxA * maxB + 4 * maxL);
  const p = new Int32Array(n);
  let best: Int32Array | null = null, bestCost = 0, tried = 0, swaps = 0, descents = 0, expired = false;
  for (let r = 0; r < opts.restarts; r++) {
    if (r > 0 && clock.expired()) {
      expired = true;
      break;
    }
    if (r === 0 && full) p.set(full);
    else if (r === 0 && guess) fillGuess(guess, rng, p);
    else p.set(rng.permutation(n));
    const run = descend(problem, p, sign, tiny, opts.scan === "restart", clock);
    tried += run.tried;
    swaps += run.swaps;
    descents++;
    const cost = qapCostUnchecked(problem, p);
    if (best === null || sign * cost < sign * bestCost) {
      best = p.slice();
      bestCost = cost;
    }
    clock.report(tried, bestCost, null);
    if (run.expired) {
      expired = true;
      break;
    }
  }
  const status: SolveStatus = expired ? clock.expiredStatus() : "converged";
  return finishResult(problem, clock, opts, {
    permutation: best!,
    bound: null,
    optimal: false,
    status,
    iterations: tried,
    info: { descents, swaps },
  });
}
