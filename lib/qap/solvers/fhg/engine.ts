/**
 * The Hahn–Grant engine: ONE entry, {@link createHahnGrantRun}, that every user of the factorised dual ascent starts
 * from (fhg for a whole solve, bnb at its root; bnb's nodes restrict the run's state and use its LAP runner). It owns
 * - the options: {@link HAHN_GRANT_ENGINE_OPTIONS} declares them once (type, default, range, doc, CLI flag);
 *   fhg's schema is all of them, bnb's picks the LAP and primal ones, and each solver validates its options once
 *   against its schema (lib/core/options.ts `validateOptions`, via lib/qap/result.ts `resolveSchemaOptions`);
 * - the LAP choice: the `lap` option names a `lib/lap` registry entry (`HAHN_GRANT_LAPS`), see `lap_runner.ts`;
 * - the prepared input (symmetrised, shifted copies), the certificate, the dual state and the primal side, with the
 *   heuristic budget derived from the options in one place;
 * - the round count: the dual state counts its own rounds (`HahnGrantDualState.rounds`), so a proof at the root and
 *   the claim built on it use the same rounding allowance.
 * @module
 */
import { option, type OptionSchema } from "../../../core/options.ts";
import type { QapProblem } from "../../problem.ts";
import type { SolveClock } from "../../result.ts";
import { type Certificate, certificateTolerance } from "../../certificate.ts";
import { type FactorShift, type PreparedInput, prepareSymmetricInput } from "../_fhg_input.ts";
import { HAHN_GRANT_LAP_CHOICES } from "../../../lap/algorithms.ts";
import { HahnGrantDualState } from "./dual_state.ts";
import { HahnGrantPrimal } from "./primal.ts";
import { type AscentSettings, type FhgSweepState, HahnGrantAscent } from "./ascent.ts";

/** The declared options of the Hahn–Grant dual ascent and its primal side (see the module doc). */
export const HAHN_GRANT_ENGINE_OPTIONS = Object.freeze({
  lap: option.choice(
    HAHN_GRANT_LAP_CHOICES,
    "jv",
    "LAP of the dual ascent: jv (exact, lapjv's order), hungarian, auction (ε-feasible duals, repaired)",
  ),
  alternateOrientation: option.boolean(
    true,
    "checkerboard LAP orientation (LAPs alternate between a matrix and its transpose); false: the original's fixed one",
  ),
  updateWithLapSolutions: option.boolean(true, "try every leader / subproblem LAP assignment as a primal candidate"),
  primalHeuristic: option.boolean(true, "run the FAQ + 2-opt heuristic (iteration 1, then within its time share)"),
  heuristicRepetitions: option.integer(1000, "most heuristic repetitions in the whole run", { min: 0 }),
  heuristicPatience: option.integer(5, "iteration 1 stops the heuristic after this many repetitions without gain", {
    min: 1,
  }),
  stallHeuristicPatience: option.integer(
    100,
    "after a stall without proof, heuristic repetitions until this many in a row bring no gain (0: none)",
    { min: 0 },
  ),
  heuristicSchedule: option.choice(
    ["time-share", "count"] as const,
    "time-share",
    "time-share: the heuristic gets heuristicTimeFraction of the time; count: repetitions and patience only, no clock",
  ),
  heuristicTimeFraction: option.number(0.2, "heuristic time as a fraction of the elapsed time and of timeLimit", {
    min: 0,
    max: 1,
  }),
  heuristicMaxSeconds: option.number(30, "heuristic time cap in seconds", { min: 0 }),
  maxStallIterations: option.integer(3, "stop after more than this many iterations in a row without bound gain", {
    min: 0,
  }),
  epsilon: option.number(1e-6, "relative tolerance of the stall test", { min: 0, max: 1, maxExclusive: true }),
  maxIterations: option.number(Infinity, "most outer iterations (leader LAP + sweep)", { min: 1 }),
  onSweep: option.callback<(state: FhgSweepState) => void>(
    "debug hook after every leader step and complete sweep (tests check the bound identity)",
  ),
}) satisfies OptionSchema;

/** Names of the engine options that drive the primal side (bnb declares these for its root). */
export const PRIMAL_OPTION_NAMES = [
  "updateWithLapSolutions",
  "primalHeuristic",
  "heuristicRepetitions",
  "heuristicPatience",
  "stallHeuristicPatience",
  "heuristicSchedule",
  "heuristicTimeFraction",
  "heuristicMaxSeconds",
] as const;

/** The resolved settings of one run: every engine option plus the shared seed and time limit. */
export interface HahnGrantRunSettings extends AscentSettings {
  heuristicSchedule: "time-share" | "count";
  heuristicTimeFraction: number;
  heuristicMaxSeconds: number;
  timeLimit: number;
  seed: number;
}

/** Where a run comes from: the calling solver's name (for errors), its clock, how to shift the factors. */
export interface HahnGrantRunContext {
  /** The calling function's name, for error messages. */
  fn: string;
  clock: SolveClock;
  /** How the working factors are shifted (_fhg_input.ts); default "min". */
  shift?: FactorShift;
  /** The input, when the caller prepared it already (its working copies are handed to the dual state). */
  input?: PreparedInput;
}

/** One run of the engine: input, certificate, dual state, primal side and the ascent that drives them. */
export interface HahnGrantRun {
  readonly input: PreparedInput;
  /** The problem's certificate (allowance for 0 rounds; the state adds its own rounds). */
  readonly certificate: Certificate;
  readonly state: HahnGrantDualState;
  readonly primal: HahnGrantPrimal;
  readonly ascent: HahnGrantAscent;
}

/**
 * Starts a Hahn–Grant run on `problem` with resolved `settings` (validated by the caller's schema): symmetric shifted
 * copies of the factors, the certificate, the initial dual state, the primal side with its heuristic budget and the
 * ascent. Call `run.ascent.ascend()` to iterate. Throws a RangeError when both factors are asymmetric.
 * @example
 * const run = createHahnGrantRun(problem, settings, { fn: "solveX", clock });
 * run.ascent.ascend();
 * const bound = run.ascent.boundNow();
 */
export function createHahnGrantRun(
  problem: QapProblem,
  settings: HahnGrantRunSettings,
  context: HahnGrantRunContext,
): HahnGrantRun {
  const input = context.input ?? prepareSymmetricInput(problem, context.fn, context.shift ?? "min");
  const certificate = certificateTolerance(input);
  const state = HahnGrantDualState.initial(
    problem.n,
    input.aShifted,
    input.bShifted,
    input.linear,
    input.shiftedConstant,
  );
  const primal = new HahnGrantPrimal(problem, input, context.clock, {
    heuristicRepetitions: settings.heuristicRepetitions,
    // "count": no time share; iteration 1 runs to its patience, each later sweep adds one repetition, the stall polish
    // runs to its patience, all under the repetition cap: the same work on any machine when there is no time limit.
    counted: settings.heuristicSchedule === "count",
    heuristicTimeFraction: settings.heuristicTimeFraction,
    heuristicBudget: settings.heuristicSchedule === "count"
      ? Infinity
      : Math.min(settings.heuristicMaxSeconds, settings.heuristicTimeFraction * settings.timeLimit),
    timeLimit: settings.timeLimit,
    seed: settings.seed,
    improvementMargin: certificate.tolerance,
  });
  const ascent = new HahnGrantAscent(certificate, state, context.clock, settings, primal);
  return { input, certificate, state, primal, ascent };
}
