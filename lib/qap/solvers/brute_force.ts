/**
 * Exhaustive enumeration for n ≤ 12: Heap's algorithm visits all n! permutations, each one transposition from the last,
 * so the cost is carried along with an O(n) swap delta (objective.ts `swapDelta`, or `swapDeltaSymmetric` with halved
 * work for symmetric A, B): ≈ n·n! work, no allocation. Ties are broken as in the original (docs/method.md, Pitfalls
 * P20): the lexicographically smallest optimal permutation wins. Because incremental sums drift, every permutation
 * within a small tolerance of the best is re-evaluated exactly (compensated {@link qapCostUnchecked}, the same function
 * that reports costs), and only exact values are compared.
 * @module
 */
import { checkInteger, checkRange } from "../../core/errors.ts";
import { identityPermutation } from "../../core/permutation.ts";
import { certificateTolerance, certifiedBound } from "../certificate.ts";
import { qapCostUnchecked, swapDelta, swapDeltaSymmetric } from "../objective.ts";
import type { QapProblem } from "../problem.ts";
import { finishResult, resolveOptions, SolveClock, type SolveResult, type SolverOptions } from "../result.ts";

/** Options of {@link solveBruteForce}. */
export interface BruteForceOptions extends SolverOptions {
  /** Largest n accepted (n! grows fast: 12! ≈ 4.8·10⁸); at most 12. Default 12. */
  maxN?: number;
}

/** Defaults of {@link BruteForceOptions}. */
export const BRUTE_FORCE_DEFAULTS: Readonly<{ maxN: number }> = Object.freeze({ maxN: 12 });

/** Hard ceiling of {@link BruteForceOptions.maxN}. */
export const BRUTE_FORCE_MAX_N = 12;

/** True when p is lexicographically smaller than q. */
function lexLess(p: Int32Array, q: Int32Array): boolean {
  for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return p[i] < q[i];
  return false;
}

/**
 * Finds a global minimum of J by enumerating every permutation. Throws a RangeError when n > maxN. Time limit and
 * signal are checked every 2¹⁶ permutations; when they stop the run the best permutation so far is returned with status
 * "time-limit" / "aborted", `optimal` false and no bound. A complete run returns status "optimal", `optimal` true and
 * bound = the cost less its rounding allowance (certificate.ts `certifiedBound`; = cost for integer data, whose costs
 * are exact). `iterations` = permutations visited. `info`: `exactEvaluations` (candidates re-evaluated exactly).
 */
export function solveBruteForce(problem: QapProblem, options: BruteForceOptions = {}): SolveResult {
  const fn = "solveBruteForce";
  const opts = resolveOptions(fn, BRUTE_FORCE_DEFAULTS, options);
  checkInteger(opts.maxN, fn, "maxN", 1, BRUTE_FORCE_MAX_N);
  const n = problem.n;
  checkRange(n <= opts.maxN, fn, `problem size must be at most maxN = ${opts.maxN} (n! permutations), got n = ${n}`);
  const clock = new SolveClock("brute-force", opts);
  const a = problem.a.data, b = problem.b.data, l = problem.linear ? problem.linear.data : null;
  const symmetric = problem.isSymmetric;
  const p = identityPermutation(n);
  const best = p.slice();
  let bestCost = qapCostUnchecked(problem, p);
  let current = bestCost;
  // Candidate test tolerance: far above the drift of the running sum (resynchronised every 2¹⁶ steps), relative to
  // the problem's magnitude S ≥ |J(p)|, so it is right at every scale.
  const certificate = certificateTolerance(problem);
  const tol = 1e-9 * certificate.scale;
  const c = new Int32Array(n);
  let visited = 1, exact = 0, expired = false;
  let i = 1;
  while (i < n) {
    if (c[i] < i) {
      const r = (i & 1) === 0 ? 0 : c[i];
      current += symmetric ? swapDeltaSymmetric(a, b, l, n, p, r, i) : swapDelta(a, b, l, n, p, r, i);
      const t = p[r];
      p[r] = p[i];
      p[i] = t;
      visited++;
      if (current <= bestCost + tol) {
        // Candidate: re-evaluate exactly (also resynchronises the running sum).
        current = qapCostUnchecked(problem, p);
        exact++;
        if (current < bestCost || (current === bestCost && lexLess(p, best))) {
          bestCost = current;
          best.set(p);
        }
      }
      if ((visited & 0xffff) === 0) {
        current = qapCostUnchecked(problem, p);
        if (clock.expired()) {
          expired = true;
          break;
        }
        clock.report(visited, bestCost, null);
      }
      c[i]++;
      i = 1;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return finishResult(problem, clock, opts, {
    permutation: best,
    // Integral data: every J(p) is computed exactly, so the best cost is itself the bound; otherwise lower it by the
    // rounding allowance of a computed objective value.
    bound: expired ? null : certificate.integral ? bestCost : certifiedBound(bestCost, certificate),
    optimal: !expired,
    status: expired ? clock.expiredStatus() : "optimal",
    iterations: visited,
    certificate,
    info: { exactEvaluations: exact },
  });
}
