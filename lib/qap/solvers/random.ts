/**
 * The random baseline: one uniformly random permutation from the seeded generator.
 * @module
 */
import { Rng } from "../../core/rng.ts";
import type { QapProblem } from "../problem.ts";
import { finishResult, resolveOptions, SolveClock, type SolveResult, type SolverOptions } from "../result.ts";

/** Options of {@link solveRandom}: only the common ones (`seed` picks the permutation). */
export type RandomOptions = SolverOptions;

/** Defaults of {@link RandomOptions} (no solver-specific options). */
export const RANDOM_DEFAULTS: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Returns `new Rng(seed).permutation(n)` with its cost; no bound, status "done", `iterations` = 1. The time limit
 * and signal are not consulted (the work is O(n)).
 */
export function solveRandom(problem: QapProblem, options: RandomOptions = {}): SolveResult {
  const opts = resolveOptions("solveRandom", RANDOM_DEFAULTS, options);
  const clock = new SolveClock("random", opts);
  const permutation = new Rng(opts.seed).permutation(problem.n);
  return finishResult(problem, clock, opts, {
    permutation,
    bound: null,
    optimal: false,
    status: "done",
    iterations: 1,
  });
}
