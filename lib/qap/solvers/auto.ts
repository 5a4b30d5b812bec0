/**
 * `auto`: certified where affordable. The factorised Hahn–Grant dual ascent (`fhg`) first; when it stops without a
 * proof, branch and bound (`bnb`) with the time that is left, until it proves or the time limit. The default of
 * `deno task solve` and `deno task match` (issue 19: on random 15 × 64 / 15 × 32 embeddings fhg stalled at cost
 * 152.64 after 3.8 s while bnb proved 151.52 in 2.5 s).
 *
 * The result is the proving stage's (cost, bound, `optimal`, its own certificate), or, without a proof, the cheaper
 * permutation of the two stages with the higher of their bounds (each a valid lower bound, so their maximum is one);
 * `optimal` then only when that pair passes certificate.ts with no dual rounds behind it. `info.provedBy` names the
 * stage that proved ("fhg", "bnb" or null), `info.stages` has each stage's solver, cost, bound, status, iterations
 * (fhg: dual-ascent iterations, bnb: nodes) and seconds; without a proof `iterations` is their sum.
 * Time: with a `timeLimit`, fhg gets at most `fhgTimeFraction` of it and bnb the rest, so the whole run respects it.
 * With `resume` the fhg stage is skipped (the checkpoint carries the incumbent); otherwise fhg's permutation is bnb's
 * first incumbent (bnb's `incumbent`), so bnb never ends with a worse permutation than fhg's.
 * @module
 */
import { existsSync } from "node:fs";
import { checkRange } from "../../core/errors.ts";
import { option, pickOptions, schemaDefaults } from "../../core/options.ts";
import { certificateTolerance, isCertifiedOptimal } from "../certificate.ts";
import type { QapProblem } from "../problem.ts";
import {
  finishResult,
  type ProgressEvent,
  resolveSchemaOptions,
  SolveClock,
  type SolveResult,
  type SolverOptions,
} from "../result.ts";
import { BNB_OPTIONS, type BnbOptions, solveBranchAndBound } from "./branch_and_bound.ts";
import { type FhgOptions, solveFactorizedHahnGrant } from "./factorized_hahn_grant.ts";

/** Options of {@link solveAuto}: the shared ones, fhg's share of the time, and those handed to fhg and/or bnb. */
export interface AutoOptions extends SolverOptions {
  /** Most of `timeLimit` the fhg stage may use (bnb gets the rest); default 0.5. */
  fhgTimeFraction?: number;
  /** LAP algorithm of both stages (fhg's and bnb's `lap`); default "jv". */
  lap?: BnbOptions["lap"];
  /** Checkerboard LAP orientation in both stages; default true. */
  alternateOrientation?: boolean;
  /** The FAQ + 2-opt heuristic in both stages; default true. */
  primalHeuristic?: boolean;
  /** bnb's worker threads; default all cores. */
  threads?: number;
  /** bnb's checkpoint file; default none. */
  checkpoint?: string;
  /** Seconds between bnb's checkpoints; default 60. */
  checkpointInterval?: number;
  /** Continue bnb from this checkpoint (the fhg stage is skipped); default none. */
  resume?: string;
  /** bnb's memory budget in bytes; default 8 GiB. */
  memoryBudgetBytes?: number;
  /** bnb's RLT-2 levels ("auto", "on", "off"); default "auto". */
  rlt2?: BnbOptions["rlt2"];
}

/**
 * The declared options of auto (lib/core/options.ts): fhg's share of the time, and bnb's declarations of the options
 * it hands on (LAP, orientation and heuristic to both stages; threads, checkpoints and memory budget to bnb).
 */
export const AUTO_OPTIONS = Object.freeze({
  fhgTimeFraction: option.number(0.5, "most of timeLimit the fhg stage may use (bnb gets the rest)", {
    min: 0,
    minExclusive: true,
    max: 1,
  }),
  ...pickOptions(BNB_OPTIONS, [
    "lap",
    "alternateOrientation",
    "primalHeuristic",
    "threads",
    "checkpoint",
    "checkpointInterval",
    "resume",
    "memoryBudgetBytes",
    "rlt2",
  ]),
});

/** Defaults of {@link AutoOptions}. */
export const AUTO_DEFAULTS = schemaDefaults(AUTO_OPTIONS);

/** What `info.stages` holds per stage. */
export interface AutoStage {
  solver: string;
  cost: number;
  bound: number | null;
  optimal: boolean;
  status: string;
  iterations: number;
  seconds: number;
}

function stageOf(r: SolveResult): AutoStage {
  const { solver, cost, bound, optimal, status, iterations, seconds } = r;
  return { solver, cost, bound, optimal, status, iterations, seconds };
}

/**
 * Solves `problem` with fhg, then (unless fhg proved) bnb until proven or the time limit; see the module doc. Takes
 * what fhg and bnb take (a symmetric A or B).
 *
 *   const r = solveAuto(problem, { timeLimit: 60 });
 *   console.log(r.optimal ? `proven by ${r.info.provedBy}` : `gap ${r.relativeGap}`);
 */
export function solveAuto(problem: QapProblem, options: AutoOptions = {}): SolveResult {
  const fn = "solveAuto";
  const opts = resolveSchemaOptions(fn, AUTO_OPTIONS, options);
  // bnb's own refusal of an existing checkpoint file, before the fhg stage rather than after it
  checkRange(
    !(opts.checkpoint && opts.checkpoint !== opts.resume && existsSync(opts.checkpoint)),
    fn,
    `checkpoint ${opts.checkpoint} exists; resume it (resume: the same path) or remove it first`,
  );
  const clock = new SolveClock("auto", opts);
  // Each stage's progress and trace rows, on auto's clock (seconds since auto started).
  const onStage = (offset: number) => (e: ProgressEvent) => opts.onProgress?.({ ...e, seconds: e.seconds + offset });
  const keepTrace = (r: SolveResult, offset: number) =>
    clock.trace.push(...r.trace.map((e) => ({ ...e, seconds: e.seconds + offset })));
  const shared = {
    seed: opts.seed,
    lap: opts.lap,
    alternateOrientation: opts.alternateOrientation,
    primalHeuristic: opts.primalHeuristic,
    progressInterval: opts.progressInterval,
    signal: opts.signal,
  };
  const stages: SolveResult[] = [];
  if (opts.resume === undefined) {
    const offset = clock.seconds();
    const fhgOptions: FhgOptions = {
      ...shared,
      onProgress: onStage(offset),
      timeLimit: opts.timeLimit * opts.fhgTimeFraction,
    };
    const fhg = solveFactorizedHahnGrant(problem, fhgOptions);
    stages.push(fhg);
    keepTrace(fhg, offset);
  }
  const first = stages[0];
  // bnb runs after an unproven fhg with time left, and always when resuming (it reports an expired clock itself)
  if (first === undefined || (!first.optimal && !clock.expired())) {
    const offset = clock.seconds();
    const bnbOptions: BnbOptions = {
      ...shared,
      incumbent: first?.permutation, // fhg's permutation: bnb's first incumbent
      onProgress: onStage(offset),
      timeLimit: opts.timeLimit - clock.seconds(),
      threads: opts.threads,
      checkpoint: opts.checkpoint,
      checkpointInterval: opts.checkpointInterval,
      resume: opts.resume,
      memoryBudgetBytes: opts.memoryBudgetBytes,
      rlt2: opts.rlt2,
    };
    const bnb = solveBranchAndBound(problem, bnbOptions);
    stages.push(bnb);
    keepTrace(bnb, offset);
  }
  const info = { provedBy: null as string | null, stages: stages.map(stageOf) };
  const prover = stages.find((r) => r.optimal);
  const publicOptions = Object.fromEntries(
    Object.entries(opts).filter(([k, v]) => typeof v !== "function" && k !== "signal"),
  );
  if (prover) {
    // The proving stage's result as is (its certificate checked its claim), under auto's name and clock.
    clock.report(prover.iterations, prover.cost, prover.bound, true);
    return {
      ...prover,
      solver: "auto",
      seconds: clock.seconds(),
      trace: clock.trace,
      options: publicOptions,
      info: { ...prover.info, ...info, provedBy: prover.solver },
    };
  }
  // No proof: the cheaper permutation, the higher bound (both bounds are valid lower bounds of the same problem).
  const best = stages.reduce((a, b) => (b.cost < a.cost ? b : a));
  const bounds = stages.map((r) => r.bound).filter((b): b is number => b !== null);
  const bound = bounds.length > 0 ? Math.min(best.cost, Math.max(...bounds)) : null;
  const certificate = certificateTolerance(problem);
  const optimal = isCertifiedOptimal(best.cost, bound, certificate);
  const last = stages[stages.length - 1];
  return finishResult(problem, clock, opts, {
    permutation: best.permutation,
    bound,
    optimal,
    status: optimal ? "optimal" : last.status,
    iterations: stages.reduce((s, r) => s + r.iterations, 0),
    certificate,
    info: { ...info, provedBy: optimal ? "fhg + bnb" : null },
  });
}
