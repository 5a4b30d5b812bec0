/**
 * Factorised Hahn–Grant dual ascent ("Ours", paper Alg. 2; docs/method.md, "Hahn–Grant, factorised"): a lower bound
 * and a primal solution for the Koopmans–Beckmann QAP with symmetric factors, in O(n³) memory.
 *
 * The solver is a family in `fhg/`: the dual state (leaders, U/V planes, banking, the sweep, restriction to a child
 * node, its own round count: `fhg/dual_state.ts`), its LAPs through the `lib/lap` registry (`fhg/lap_runner.ts`), the
 * primal side (`fhg/primal.ts`), the stopping rule (`fhg/stopping.ts`, certificates from `../certificate.ts`), one
 * run driving them (`fhg/ascent.ts`) and the engine that starts such a run from declared options
 * (`fhg/engine.ts`, `createHahnGrantRun`). This module declares fhg's options ({@link FHG_OPTIONS}) and is the entry
 * point; branch and bound (`branch_and_bound.ts`) starts its root from the same engine.
 *
 * Deviations from the original (docs/method.md, "Deviations"): LAPs run in float64 (the original casts to float32)
 * with the original's Jonker–Volgenant order of operations (the choice among non-unique duals drives the ascent; a
 * warm-started LAP was measured and proves fewer instances; augmenting row reduction is capped, see
 * `lib/lap/lapjv.ts`), and the primal heuristic (shared `solveFaq` / `solveTwoOpt`) uses randomised FAQ starts and
 * random-start 2-opt under a time share (iteration 1 until it stops improving, then topped up to
 * `heuristicTimeFraction` of the elapsed time) instead of one deterministic FAQ repeated 100 times, so dual ascent
 * always gets most of the time; after a stall without proof it keeps polishing the primal until
 * `stallHeuristicPatience` repetitions fail. Optimality is claimed only under the rounding-safe certificate of
 * `lib/qap/certificate.ts` (never an absolute epsilon).
 *
 * Two choices differ from the original on purpose, because they decide how high the bound climbs (every variant
 * keeps exactly feasible duals, so every bound is valid): LAPs alternate between the matrix and its transpose in a
 * checkerboard over (i + j + iteration) (`alternateOrientation`, default on; off = the original's fixed orientation),
 * and equal leaders are swept in descending index order. Measured against the original's final bounds: chr12a proved
 * (9552 vs its 9052), tai12a 219301 vs 216712, esc32a 40 vs 38, tai30a and tai50a past its bound in 0.3 s / 2 s
 * instead of 120 s / 180 s.
 * `iterations` counts outer iterations (one leader LAP + one sweep over the n² subproblems).
 * @module
 */
import { option, schemaDefaults } from "../../core/options.ts";
import type { QapProblem } from "../problem.ts";
import { finishResult, resolveSchemaOptions, SolveClock, type SolveResult, type SolverOptions } from "../result.ts";
import { costOf } from "./_fhg_input.ts";
import { FHG_LAP_ALGORITHMS, type FhgLapAlgorithm } from "./fhg/lap_runner.ts";
import { dualStateBytes } from "./fhg/dual_state.ts";
import { availableMemoryBytes, checkMemoryBudget } from "../memory.ts";
import type { FhgSweepState } from "./fhg/ascent.ts";
import { createHahnGrantRun, HAHN_GRANT_ENGINE_OPTIONS } from "./fhg/engine.ts";

export { FHG_LAP_ALGORITHMS, type FhgLapAlgorithm, type FhgSweepState };

/** Options of {@link solveFactorizedHahnGrant}; each is declared (default, range, doc, flag) in {@link FHG_OPTIONS}. */
export interface FhgOptions extends SolverOptions {
  /** LAP algorithm: "jv" (Jonker–Volgenant in the original lapjv's order of operations, exact float64; default),
   * "hungarian" (lib/lap/hungarian.ts), "auction" (lib/lap/auction.ts forward–reverse auction, ε = 0.1 shrinking by
   * 0.9 per iteration; its duals are only ε-feasible and are repaired into exactly feasible ones before banking, so
   * the bound stays valid and `info.dualsExact` is false). */
  lap?: FhgLapAlgorithm;
  /** Checkerboard LAP orientation: in iteration t the LAP of subproblem (i,j) solves the transposed matrix when
   * i + j + t is odd (the leader LAP when t is odd), so the dual mass a LAP leaves in its column potentials alternates
   * between the rows and the columns of neighbouring subproblems and from one iteration to the next. Every LAP still
   * returns exactly feasible duals, so the bound stays valid; what changes is which optimal duals are banked, and that
   * decides how high the ascent climbs (measured: chr12a proved, tai30a past the original's final bound in 0.3 s
   * instead of > 12 s). Default true; false = the original's fixed orientation. */
  alternateOrientation?: boolean;
  /** Try every leader / subproblem LAP assignment as a primal candidate; default true. */
  updateWithLapSolutions?: boolean;
  /** Run the FAQ + 2-opt heuristic: in iteration 1 until `heuristicPatience` repetitions bring no improvement, then
   * one repetition at a time after a sweep while its share of the elapsed time is below `heuristicTimeFraction`;
   * default true. */
  primalHeuristic?: boolean;
  /** Most heuristic repetitions in the whole run; default 1000 (time is capped by heuristicTimeFraction). */
  heuristicRepetitions?: number;
  /** Iteration 1 stops the heuristic after this many repetitions without improvement; default 5. */
  heuristicPatience?: number;
  /** When the ascent stalls without a proof, heuristic repetitions continue until this many in a row bring no
   * improvement (0 = none), within the heuristic time cap: the bound has converged, so the remaining effort can only
   * improve the primal; default 100. */
  stallHeuristicPatience?: number;
  /** "time-share" (default): the heuristic's time follows `heuristicTimeFraction` / `heuristicMaxSeconds`; "count":
   * no clock — iteration 1 runs until `heuristicPatience` repetitions bring no gain, each later sweep adds one
   * repetition, the stall polish runs until `stallHeuristicPatience`, all capped by `heuristicRepetitions`
   * (reproducible on any machine). */
  heuristicSchedule?: "time-share" | "count";
  /** Heuristic time as a fraction of the elapsed time (and of timeLimit); default 0.2. */
  heuristicTimeFraction?: number;
  /** Heuristic total time cap in seconds; default 30. */
  heuristicMaxSeconds?: number;
  /** Stop after more than this many consecutive iterations with negligible bound gain; default 3. */
  maxStallIterations?: number;
  /** Relative tolerance of the gap and stall tests; default 1e-6. */
  epsilon?: number;
  /** Most outer iterations; default Infinity. */
  maxIterations?: number;
  /** Debug hook called after every leader step and every complete sweep (tests check the bound identity). */
  onSweep?: (state: FhgSweepState) => void;
  /** Refuse (before allocating) when the dual state needs more bytes than this; default: the memory available now. */
  memoryBudgetBytes?: number;
}

/** The declared options of fhg: the whole Hahn–Grant engine (fhg/engine.ts) and a memory budget. */
export const FHG_OPTIONS = Object.freeze({
  ...HAHN_GRANT_ENGINE_OPTIONS,
  memoryBudgetBytes: option.number<number | undefined>(
    undefined,
    "refuse (before allocating) when the n³ dual state needs more bytes; default: the memory available now",
    { min: 0, minExclusive: true, optional: true },
  ),
});

/** Defaults of {@link FhgOptions} (the original's semantics apart from the documented deviations). */
export const FHG_DEFAULTS = schemaDefaults(FHG_OPTIONS);

/** Bytes of dual state the factorised solver keeps for size n (U, V planes, leaders, working factors). */
export function fhgMemoryBytes(n: number): number {
  return dualStateBytes(n);
}

/**
 * Solves `problem` (symmetric A or B; the other is symmetrised exactly) by factorised Hahn–Grant dual ascent.
 * The result's `bound` is a valid lower bound (rounded up for integer data, `info.boundRoundedUp`), `optimal` is
 * true when the gap closed; `info` has `lapCalls`, `leaderLaps`, `heuristicSeconds`, `memoryBytes`, `dualsExact`.
 * Time limits are checked after every LAP and heuristic step.
 */
export function solveFactorizedHahnGrant(problem: QapProblem, options: FhgOptions = {}): SolveResult {
  const fn = "solveFactorizedHahnGrant";
  const opts = resolveSchemaOptions(fn, FHG_OPTIONS, options);
  const n = problem.n;
  checkMemoryBudget(fn, fhgMemoryBytes(n), opts.memoryBudgetBytes ?? availableMemoryBytes(), {
    what: `the n³ dual planes at n = ${n}`,
    hint: "use faq or two-opt, or raise memoryBudgetBytes",
    largestArrayEntries: n ** 3,
  });
  const clock = new SolveClock("fhg", opts);
  const { input, state, primal, ascent } = createHahnGrantRun(problem, opts, { fn, clock });
  if (n === 1) {
    return finishResult(problem, clock, opts, {
      permutation: [0],
      bound: costOf(input, [0]),
      optimal: true,
      status: "optimal",
      iterations: 0,
      info: { lapCalls: 0, leaderLaps: 0 },
    });
  }
  ascent.ascend();
  return finishResult(problem, clock, opts, {
    permutation: primal.best,
    bound: ascent.boundNow(),
    optimal: ascent.optimal,
    status: ascent.status,
    iterations: ascent.iterations,
    info: {
      lapCalls: ascent.lap.calls,
      leaderLaps: ascent.leaderLaps,
      heuristicSeconds: primal.seconds,
      memoryBytes: fhgMemoryBytes(n),
      dualsExact: ascent.lap.dualsExact,
      boundRoundedUp: ascent.certificate.integral,
      heuristicRuns: primal.repetitions,
      symmetrized: input.symmetrized,
      rawLowerBound: state.lowerBound,
    },
  });
}
