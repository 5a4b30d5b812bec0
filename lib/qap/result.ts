/**
 * The shared solver contract: options every solver accepts, the result every solver returns, and the helpers that
 * resolve options and finish a result (cost recomputed from the permutation, bound checked against it).
 * @module
 */
import { checkInteger, checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import {
  definedOptions,
  type OptionSchema,
  type SchemaDefaults,
  schemaDefaults,
  validateOptions,
} from "../core/options.ts";
import { checkPermutation } from "../core/permutation.ts";
import { qapCostUnchecked } from "./objective.ts";
import {
  atIterations,
  type Certificate,
  certificateGap,
  certificateTolerance,
  isCertifiedOptimal,
} from "./certificate.ts";
import type { QapProblem } from "./problem.ts";

/** How a run ended. */
export type SolveStatus = "optimal" | "converged" | "max-iterations" | "time-limit" | "stalled" | "aborted" | "done";

/** One progress report, also one row of a result's trace. */
export interface ProgressEvent {
  /** Solver id. */
  solver: string;
  /** Iteration count so far (unit stated by each solver). */
  iteration: number;
  /** Seconds since the solve started. */
  seconds: number;
  /** Best objective value found so far (Infinity before the first). */
  cost: number;
  /** Best proven lower bound so far, or null for solvers without bounds. */
  bound: number | null;
  /** Branch and bound only: nodes explored so far. */
  nodes?: number;
  /** Branch and bound only: open nodes now. */
  openNodes?: number;
}

/** Options every solver accepts. Unknown keys throw. */
export interface SolverOptions {
  /** Seed of the solver's private random generator; default 0. */
  seed?: number;
  /** Wall-clock limit in seconds, checked at the points each solver documents; default Infinity. */
  timeLimit?: number;
  /** Called with progress now and then (at most every `progressInterval` seconds, and at the end). */
  onProgress?: (event: ProgressEvent) => void;
  /** Minimum seconds between progress callbacks; default 0.5. */
  progressInterval?: number;
  /** Aborts the solve at the next check; the result then has status "aborted" and the best solution so far. */
  signal?: AbortSignal;
}

/** Keys of {@link SolverOptions}, for solvers that extend it. */
export const COMMON_OPTION_KEYS = ["seed", "timeLimit", "onProgress", "progressInterval", "signal"] as const;

/** Defaults of {@link SolverOptions}. */
export const COMMON_DEFAULTS = Object.freeze({ seed: 0, timeLimit: Infinity, progressInterval: 0.5 });

/** What every solver returns. */
export interface SolveResult {
  /** Solver id. */
  solver: string;
  /** Problem size. */
  n: number;
  /** Best permutation found: row i ↦ column permutation[i]. */
  permutation: Int32Array;
  /** J(permutation), recomputed by qapCost. */
  cost: number;
  /** A proven lower bound on the optimum, or null when the solver gives none. */
  bound: number | null;
  /** True only when the solver proved `permutation` optimal. */
  optimal: boolean;
  /** cost − bound, or null without a bound. */
  gap: number | null;
  /** 0 when certified optimal, otherwise (cost − bound) / max(|cost|, |bound|); null without a bound. */
  relativeGap: number | null;
  /** How the run ended. */
  status: SolveStatus;
  /** Iterations done (unit documented per solver). */
  iterations: number;
  /** Wall-clock seconds. */
  seconds: number;
  /** Progress rows (iteration, seconds, cost, bound) recorded during the run. */
  trace: ProgressEvent[];
  /** The options used, defaults filled in (callbacks and signal left out). */
  options: Record<string, unknown>;
  /** Solver-specific facts (e.g. LAP calls); documented per solver. */
  info: Record<string, unknown>;
}

/** Merges `options` over `defaults` after checking that every key is known; validates the common keys. */
export function resolveOptions<T extends object>(
  fn: string,
  defaults: T,
  options: object | undefined,
): T & Required<Pick<SolverOptions, "seed" | "timeLimit" | "progressInterval">> & SolverOptions {
  const allowed = [...COMMON_OPTION_KEYS, ...Object.keys(defaults)];
  checkKnownKeys(options, allowed, fn);
  const merged = { ...COMMON_DEFAULTS, ...defaults, ...definedOptions(options) } as any;
  checkInteger(merged.seed, fn, "seed", 0, Number.MAX_SAFE_INTEGER);
  checkType(typeof merged.timeLimit === "number", fn, "timeLimit must be a number of seconds");
  checkRange(merged.timeLimit > 0, fn, `timeLimit must be positive, got ${merged.timeLimit}`);
  checkType(
    merged.onProgress === undefined || typeof merged.onProgress === "function",
    fn,
    "onProgress must be a function",
  );
  return merged;
}

/**
 * {@link resolveOptions} for a solver that declares its options (lib/core/options.ts `OptionSchema`): unknown keys and
 * the common options are checked as there, then every declared option against its declaration, once.
 * @example
 * const opts = resolveSchemaOptions("solveX", X_OPTIONS, options);
 */
export function resolveSchemaOptions<S extends OptionSchema>(
  fn: string,
  schema: S,
  options: object | undefined,
): SchemaDefaults<S> & Required<Pick<SolverOptions, "seed" | "timeLimit" | "progressInterval">> & SolverOptions {
  const opts = resolveOptions(fn, schemaDefaults(schema), options);
  validateOptions(fn, schema, opts as Record<string, unknown>);
  return opts as SchemaDefaults<S> & Required<Pick<SolverOptions, "seed" | "timeLimit" | "progressInterval">>;
}

/** Tracks wall-clock time, the time limit, the abort signal, progress callbacks and the trace of one solve. */
export class SolveClock {
  readonly start = performance.now();
  readonly trace: ProgressEvent[] = [];
  #lastReport = -Infinity;
  readonly #deadline: number;
  constructor(
    readonly solver: string,
    readonly options: {
      timeLimit: number;
      progressInterval: number;
      onProgress?: (e: ProgressEvent) => void;
      signal?: AbortSignal;
    },
  ) {
    this.#deadline = this.start + options.timeLimit * 1000;
  }
  /** Seconds since the start. */
  seconds(): number {
    return (performance.now() - this.start) / 1000;
  }
  /** True when the time limit has passed or the signal aborted. */
  expired(): boolean {
    return performance.now() > this.#deadline || this.options.signal?.aborted === true;
  }
  /** The status a run stopped by {@link expired} should report. */
  expiredStatus(): SolveStatus {
    return this.options.signal?.aborted ? "aborted" : "time-limit";
  }
  /** Records a trace row and calls onProgress if the interval has passed (always when `force`). */
  report(
    iteration: number,
    cost: number,
    bound: number | null,
    force = false,
    extra?: Pick<ProgressEvent, "nodes" | "openNodes">,
  ): void {
    const seconds = this.seconds();
    if (!force && seconds - this.#lastReport < this.options.progressInterval) return;
    this.#lastReport = seconds;
    const event: ProgressEvent = { solver: this.solver, iteration, seconds, cost, bound, ...extra };
    this.trace.push(event);
    this.options.onProgress?.(event);
  }
}

/** What a solver hands to {@link finishResult}. */
export interface RawOutcome {
  permutation: ArrayLike<number>;
  bound: number | null;
  optimal: boolean;
  status: SolveStatus;
  iterations: number;
  info?: Record<string, unknown>;
  /** The certificate the solver's bound and `optimal` claim were made under (certificate.ts); default: the problem's
   * certificate with the allowance for `iterations` dual rounds. */
  certificate?: Certificate;
}

/**
 * Builds the {@link SolveResult}: checks the permutation, recomputes the cost, refuses a NaN or infinite cost or bound
 * (RangeError), rejects a bound above the cost by more than the problem's rounding allowance (an internal error: a
 * bound must be valid), keeps `optimal` only when certificate.ts `isCertifiedOptimal` confirms it (otherwise
 * `optimal` is false, status "optimal" becomes "converged" and `info.optimalityClaimWithdrawn` is true: a solver
 * bug, which tests look for), records the final trace row.
 */
export function finishResult(
  problem: QapProblem,
  clock: SolveClock,
  resolvedOptions: object,
  outcome: RawOutcome,
): SolveResult {
  const permutation = checkPermutation(outcome.permutation, problem.n, `${clock.solver} (internal)`);
  const cost = qapCostUnchecked(problem, permutation);
  const { bound } = outcome;
  if (!Number.isFinite(cost)) {
    throw new RangeError(`${clock.solver}: the objective value is ${cost} (float64 overflow or a non-finite entry)`);
  }
  if (bound !== null && !Number.isFinite(bound)) {
    throw new RangeError(`${clock.solver}: the lower bound is ${bound} (a non-finite intermediate value)`);
  }
  const base = certificateTolerance(problem);
  const certificate = outcome.certificate ?? atIterations(base, outcome.iterations);
  if (bound !== null && !(bound <= cost + base.tolerance)) {
    throw new Error(`internal: ${clock.solver} bound ${bound} exceeds cost ${cost}`);
  }
  const optimal = outcome.optimal && isCertifiedOptimal(cost, bound, certificate);
  const withdrawn = outcome.optimal && !optimal;
  const status = withdrawn && outcome.status === "optimal" ? "converged" : outcome.status;
  const gap = certificateGap(cost, bound, certificate);
  clock.report(outcome.iterations, cost, bound, true);
  const options = Object.fromEntries(
    Object.entries(resolvedOptions).filter(([k, v]) => typeof v !== "function" && k !== "signal"),
  );
  return {
    solver: clock.solver,
    n: problem.n,
    permutation,
    cost,
    bound,
    optimal,
    gap: gap === null ? null : gap.absolute,
    relativeGap: gap === null ? null : gap.relative,
    status,
    iterations: outcome.iterations,
    seconds: clock.seconds(),
    trace: clock.trace,
    options,
    info: withdrawn ? { ...outcome.info, optimalityClaimWithdrawn: true } : outcome.info ?? {},
  };
}
