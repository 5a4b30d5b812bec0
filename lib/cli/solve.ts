/**
 * `deno task solve`: solve one QAP from a QAPLIB file or NumPy matrices with any registered solver.
 *
 *   deno task solve --solver ID (--qaplib FILE.dat | --a A.npy --b B.npy [--linear L.npy] [--constant C])
 *                   [--time-limit S] [--seed N] [--json] [--quiet]
 *                   [--lap ALG] [--no-lap-solutions] [--no-primal-heuristic]   (fhg, hg)
 *                   [--fixed-orientation]   (fhg)
 *                   [--threads N] [--checkpoint FILE] [--resume FILE] [--checkpoint-interval S]
 *                   [--memory-budget GIB]   (bnb)
 * @module
 */
import { existsSync } from "node:fs";
import { matrixFrom } from "../core/matrix.ts";
import { loadNpy } from "../io/npy.ts";
import { loadQaplibDat, loadQaplibSln } from "../io/qaplib.ts";
import { createQapProblem, type QapProblem } from "../qap/problem.ts";
import { getSolver, solveQap, SOLVER_IDS, solverRefusal } from "../qap/registry.ts";
import type { ProgressEvent, SolveResult } from "../qap/result.ts";
import { formatNumber, parseFlags, parseNumberFlag, runCli, UsageError } from "./_cli.ts";

/** LAP algorithms each dual-ascent solver accepts, default first (the help and the check both read this table). */
export const LAP_CHOICES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  fhg: ["jv", "hungarian", "auction"],
  hg: ["hungarian", "jv"],
  bnb: ["jv", "hungarian", "auction"],
});

const LAP_HELP = Object.entries(LAP_CHOICES).map(([id, laps]) =>
  `${id}: ${laps[0]} (default), ${laps.slice(1).join(", ")}`
)
  .join("; ");

const HELP = `Solve a quadratic assignment problem  min_p Σ A[i,k]·B[p_i,p_k] + Σ L[i,p_i] + c.

Usage:
  deno task solve --solver ID --qaplib FILE.dat [options]
  deno task solve --solver ID --a A.npy --b B.npy [--linear L.npy] [--constant C] [options]

Options:
  --solver ID          one of: ${SOLVER_IDS.join(", ")}
  --qaplib FILE.dat    QAPLIB instance; a FILE.sln beside it adds the best-known value to the summary
  --a, --b FILE.npy    square float matrices of equal size (NumPy .npy, C order)
  --linear FILE.npy    optional n×n linear term L
  --constant C         optional constant c (default 0)
  --time-limit S       wall-clock limit in seconds (default: none)
  --seed N             seed of the solver's random generator (default 0)
  --json               print exactly one JSON object on stdout
  --quiet              no progress lines on stderr
  fhg / hg only:
  --lap ALG            LAP algorithm — ${LAP_HELP}
  --no-lap-solutions   do not use LAP solutions as primal candidates
  --no-primal-heuristic  skip the FAQ + 2-opt heuristic
  --fixed-orientation  fhg: solve every LAP as given (the original's rule) instead of the checkerboard of
                       transposed LAPs (default; climbs much higher, see the README)
  bnb only (branch and bound: a certified optimum, or the best permutation and a global bound at the time limit;
  also takes --lap, --no-primal-heuristic, --fixed-orientation):
  --threads N          worker threads (default: all cores; 1 = search in the main thread)
  --checkpoint FILE    write the open nodes to FILE every --checkpoint-interval seconds (default 60) and at the end
  --resume FILE        continue from a checkpoint of the same problem (give the same FILE as --checkpoint to keep
                       updating it)
  --memory-budget GIB  refuse to start above this estimated memory (default 8)
`;

function loadMatrix(path: string, flag: string) {
  if (!existsSync(path)) throw new UsageError(`--${flag}: file not found: ${path}`);
  const array = loadNpy(path);
  if (array.shape.length !== 2) {
    throw new UsageError(`--${flag}: expected a 2-D array, got shape (${array.shape.join(", ")})`);
  }
  return matrixFrom(array.data, array.shape[0], array.shape[1], false);
}

function loadProblem(values: Record<string, unknown>): { problem: QapProblem; bestKnown: number | null } {
  const qaplib = values.qaplib as string | undefined;
  if (qaplib !== undefined) {
    if (values.a || values.b || values.linear || values.constant !== undefined) {
      throw new UsageError("give either --qaplib or --a/--b (with --linear/--constant), not both");
    }
    if (!existsSync(qaplib)) throw new UsageError(`--qaplib: file not found: ${qaplib}`);
    const problem = loadQaplibDat(qaplib);
    const sln = qaplib.replace(/\.dat$/, ".sln");
    const bestKnown = sln !== qaplib && existsSync(sln) ? loadQaplibSln(sln).value : null;
    return { problem, bestKnown };
  }
  if (!values.a || !values.b) throw new UsageError("give --qaplib FILE.dat, or both --a and --b (see --help)");
  const a = loadMatrix(values.a as string, "a");
  const b = loadMatrix(values.b as string, "b");
  const linear = values.linear ? loadMatrix(values.linear as string, "linear") : null;
  const constant = parseNumberFlag(values.constant as string | undefined, "constant") ?? 0;
  const problem = createQapProblem(a, b, { linear, constant, source: { kind: "npy", a: values.a, b: values.b } });
  return { problem, bestKnown: null };
}

function solverOptions(solver: string, values: Record<string, unknown>): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const seed = parseNumberFlag(values.seed as string | undefined, "seed", { integer: true, min: 0 });
  if (seed !== undefined) options.seed = seed;
  const timeLimit = parseNumberFlag(values["time-limit"] as string | undefined, "time-limit", { min: 0 });
  if (timeLimit !== undefined) {
    if (timeLimit <= 0) throw new UsageError("--time-limit must be positive");
    options.timeLimit = timeLimit;
  }
  const hgOnly = ["lap", "no-lap-solutions", "no-primal-heuristic", "fixed-orientation"].filter((f) =>
    values[f] !== undefined && values[f] !== false
  );
  if (hgOnly.length > 0 && solver !== "fhg" && solver !== "hg" && solver !== "bnb") {
    throw new UsageError(`--${hgOnly[0]} applies only to --solver fhg, hg or bnb`);
  }
  Object.assign(options, bnbOptions(solver, values));
  if (values.lap !== undefined) {
    const laps = LAP_CHOICES[solver];
    if (!laps.includes(values.lap as string)) {
      throw new UsageError(`--lap for --solver ${solver} must be one of ${laps.join(", ")}, got '${values.lap}'`);
    }
    options.lap = values.lap;
  }
  if (values["no-lap-solutions"]) {
    if (solver !== "fhg") throw new UsageError("--no-lap-solutions applies only to --solver fhg");
    options.updateWithLapSolutions = false;
  }
  if (values["fixed-orientation"]) {
    if (solver !== "fhg" && solver !== "bnb") {
      throw new UsageError("--fixed-orientation applies only to --solver fhg or bnb");
    }
    options.alternateOrientation = false;
  }
  if (values["no-primal-heuristic"]) {
    if (solver !== "fhg" && solver !== "bnb") {
      throw new UsageError("--no-primal-heuristic applies only to --solver fhg or bnb");
    }
    options.primalHeuristic = false;
  }
  return options;
}

/** The branch-and-bound flags as bnb options (a UsageError when given for another solver). */
function bnbOptions(solver: string, values: Record<string, unknown>): Record<string, unknown> {
  const given = BNB_FLAGS.filter((f) => values[f] !== undefined);
  if (given.length === 0) return {};
  if (solver !== "bnb") throw new UsageError(`--${given[0]} applies only to --solver bnb`);
  const options: Record<string, unknown> = {};
  const threads = parseNumberFlag(values.threads as string | undefined, "threads", { integer: true, min: 1 });
  if (threads !== undefined) options.threads = threads;
  if (values.checkpoint !== undefined) options.checkpoint = values.checkpoint;
  if (values.resume !== undefined) {
    if (!existsSync(values.resume as string)) throw new UsageError(`--resume: file not found: ${values.resume}`);
    options.resume = values.resume;
  }
  const interval = parseNumberFlag(values["checkpoint-interval"] as string | undefined, "checkpoint-interval", {
    min: 0,
  });
  if (interval !== undefined) {
    if (interval <= 0) throw new UsageError("--checkpoint-interval must be positive");
    options.checkpointInterval = interval;
  }
  const budget = parseNumberFlag(values["memory-budget"] as string | undefined, "memory-budget", { min: 0 });
  if (budget !== undefined) {
    if (budget <= 0) throw new UsageError("--memory-budget must be positive (GiB)");
    options.memoryBudgetBytes = budget * 2 ** 30;
  }
  return options;
}

const BNB_FLAGS = ["threads", "checkpoint", "resume", "checkpoint-interval", "memory-budget"] as const;

function progressLine(e: ProgressEvent): string {
  const bound = e.bound === null ? "" : `  bound ${formatNumber(e.bound)}`;
  const tree = e.nodes === undefined ? "" : `  open ${e.openNodes ?? 0}`;
  const unit = e.nodes === undefined ? "iteration" : "nodes";
  return `[${e.solver}] ${e.seconds.toFixed(1)} s  ${unit} ${e.iteration}  best ${formatNumber(e.cost)}${bound}${tree}`;
}

const FLAGS = {
  solver: { type: "string" },
  qaplib: { type: "string" },
  a: { type: "string" },
  b: { type: "string" },
  linear: { type: "string" },
  constant: { type: "string" },
  "time-limit": { type: "string" },
  seed: { type: "string" },
  json: { type: "boolean" },
  quiet: { type: "boolean" },
  lap: { type: "string" },
  "no-lap-solutions": { type: "boolean" },
  "no-primal-heuristic": { type: "boolean" },
  "fixed-orientation": { type: "boolean" },
  threads: { type: "string" },
  checkpoint: { type: "string" },
  resume: { type: "string" },
  "checkpoint-interval": { type: "string" },
  "memory-budget": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function resolveSolver(id: string | undefined) {
  if (!id) throw new UsageError(`--solver is required (one of: ${SOLVER_IDS.join(", ")})`);
  try {
    return getSolver(id);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function printResult(result: SolveResult, bestKnown: number | null, json: boolean): void {
  if (json) {
    console.log(JSON.stringify({
      solver: result.solver,
      n: result.n,
      cost: result.cost,
      bound: result.bound,
      optimal: result.optimal,
      permutation: Array.from(result.permutation),
      seconds: result.seconds,
      iterations: result.iterations,
      status: result.status,
      gap: result.gap,
    }));
    return;
  }
  const lines = [
    `solver      ${result.solver}`,
    `n           ${result.n}`,
    `cost        ${formatNumber(result.cost)}`,
    `bound       ${formatNumber(result.bound)}${result.gap !== null ? `   (gap ${formatNumber(result.gap)})` : ""}`,
    `optimal     ${result.optimal ? "yes (proven)" : "not proven"}`,
    `status      ${result.status}`,
    `iterations  ${result.iterations}`,
    `seconds     ${result.seconds.toFixed(3)}`,
  ];
  if (bestKnown !== null) {
    const gap = 100 * (result.cost - bestKnown) / Math.abs(bestKnown || 1);
    lines.push(`best known  ${formatNumber(bestKnown)}   (cost is ${gap.toFixed(3)} % above)`);
  }
  lines.push(`permutation ${Array.from(result.permutation).join(" ")}`);
  console.log(lines.join("\n"));
}

function main(): void {
  const { values } = parseFlags(Deno.args, FLAGS);
  if (values.help) {
    console.log(HELP);
    return;
  }
  const spec = resolveSolver(values.solver);
  const { problem, bestKnown } = loadProblem(values);
  const options = solverOptions(spec.id, values);
  if (!values.quiet && !values.json) options.onProgress = (e: ProgressEvent) => console.error(progressLine(e));
  const refusal = solverRefusal(spec, problem, options);
  if (refusal !== null) throw new UsageError(refusal);
  printResult(solveQap(problem, { method: spec.id, ...options }), bestKnown, values.json ?? false);
}

if (import.meta.main) await runCli("solve", main);
