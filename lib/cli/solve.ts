/**
 * `deno task solve`: solve one QAP from a QAPLIB file or NumPy matrices with any registered solver.
 *
 *   deno task solve [--solver ID] (--qaplib FILE.dat | --a A.npy --b B.npy [--linear L.npy] [--constant C])
 *                   [--time-limit S] [--seed N] [--json] [--quiet] [solver options]
 *
 * The solver options and their --help lines come from the solvers' declared options (lib/cli/solver_flags.ts); a
 * flag the chosen solver does not declare is a one-line error. The default solver is `auto` (fhg, then branch and
 * bound until proven or the time limit). Text output prints the permutation 1-based for QAPLIB input (as its .sln
 * files) and 0-based for .npy input, labelled; `--json` is always 0-based.
 * @module
 */
import { existsSync } from "node:fs";
import { type Matrix, matrixFrom } from "../core/matrix.ts";
import { loadNpy } from "../io/npy.ts";
import { loadQaplibDat, loadQaplibSln } from "../io/qaplib.ts";
import { createQapProblem, type QapProblem } from "../qap/problem.ts";
import { DEFAULT_SOLVER_ID, getSolver, solveQap, SOLVER_IDS, solverRefusal, SOLVERS } from "../qap/registry.ts";
import type { ProgressEvent, SolveResult } from "../qap/result.ts";
import {
  formatNumber,
  parseFlags,
  parseNumberFlag,
  readInputFile,
  runCli,
  UsageError,
  withoutInternalName,
} from "./_cli.ts";
import { flagParseOptions, optionsFromFlags, solverFlags, solverFlagsHelp } from "./solver_flags.ts";
import {
  computeMargins,
  formatMarginsTable,
  marginsFlagHelp,
  marginsJson,
  type MarginsWithSpread,
  parseMarginsFlag,
} from "../qap/margins/format.ts";

/** The flags of every registered solver's declared options. */
export const SOLVER_FLAGS = solverFlags(SOLVERS);

/** The flags every solver takes (the shared options) and the input / output flags. */
const COMMON_FLAGS = {
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
  margins: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const FLAGS = { ...flagParseOptions(SOLVER_FLAGS), ...COMMON_FLAGS };

/** The --help text: the shared flags, then every declared solver option with the solvers that take it. */
export const HELP = `Solve a quadratic assignment problem  min_p Σ A[i,k]·B[p_i,p_k] + Σ L[i,p_i] + c.

Usage:
  deno task solve [--solver ID] --qaplib FILE.dat [options]
  deno task solve [--solver ID] --a A.npy --b B.npy [--linear L.npy] [--constant C] [options]

Options:
  --solver ID          one of: ${SOLVER_IDS.join(", ")}
                       (default ${DEFAULT_SOLVER_ID}: fhg, then branch and bound with the time left until proven)
  --qaplib FILE.dat    QAPLIB instance; a FILE.sln beside it adds the best-known value to the summary
  --a, --b FILE.npy    square float matrices of equal size (NumPy .npy, C order)
  --linear FILE.npy    optional n×n linear term L
  --constant C         optional constant c (default 0)
  --time-limit S       wall-clock limit in seconds for the whole run (default: none)
  --seed N             seed of the solver's random generator (default 0)
  --json               print exactly one JSON object on stdout (permutation 0-based)
  --quiet              no progress lines on stderr
${marginsFlagHelp()}

Output: cost, bound, "yes (proven)" or "not proven (gap …)", and the permutation: 1-based for --qaplib input (as
QAPLIB's .sln files), 0-based for .npy input (row i → column p[i]); the line says which.

Solver options (from each solver's declared options; the brackets name the solvers that take one, with their
choices and defaults; any other solver refuses it):
${solverFlagsHelp(SOLVER_FLAGS)}
`;

/** The square matrix of `--flag path` (.npy, 2-D, finite; `size`×`size` when given); errors in the user's terms. */
function loadMatrix(path: string, flag: string, size?: number): Matrix {
  const array = readInputFile(flag, path, loadNpy, ".npy file");
  const where = `--${flag} ${path}`;
  if (array.shape.length !== 2) {
    throw new UsageError(`${where}: expected a 2-D array (a matrix), got shape (${array.shape.join(", ")})`);
  }
  const [rows, cols] = array.shape;
  if (rows !== cols) throw new UsageError(`${where}: the matrix must be square, got ${rows}×${cols}`);
  if (size !== undefined && rows !== size) {
    throw new UsageError(`${where}: must be ${size}×${size} like --a, got ${rows}×${cols}`);
  }
  if (rows === 0) throw new UsageError(`${where}: the matrix is empty (0×0)`);
  const bad = array.data.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) {
    throw new UsageError(
      `${where}: entries must be finite numbers, got ${array.data[bad]} at [${Math.floor(bad / cols)}, ${bad % cols}]`,
    );
  }
  return matrixFrom(array.data, rows, cols, false);
}

/** What the problem came from: QAPLIB (1-based permutations, a best-known value when a .sln lies beside it) or .npy. */
interface LoadedProblem {
  problem: QapProblem;
  bestKnown: number | null;
  qaplib: boolean;
}

/** The best-known value from the .sln beside a QAPLIB .dat, or null (a malformed .sln is reported, not fatal). */
function bestKnownBeside(dat: string): number | null {
  const sln = dat.replace(/\.dat$/, ".sln");
  if (sln === dat || !existsSync(sln)) return null;
  try {
    return readInputFile("qaplib", sln, loadQaplibSln, "QAPLIB .sln file").value;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`solve: ignoring the solution file beside --qaplib (${error.message.replace(/^--qaplib /, "")})`);
    return null;
  }
}

function loadProblem(values: Record<string, unknown>): LoadedProblem {
  const qaplib = values.qaplib as string | undefined;
  if (qaplib !== undefined) {
    if (values.a || values.b || values.linear || values.constant !== undefined) {
      throw new UsageError("give either --qaplib or --a/--b (with --linear/--constant), not both");
    }
    const problem = readInputFile("qaplib", qaplib, loadQaplibDat, "QAPLIB .dat file");
    return { problem, bestKnown: bestKnownBeside(qaplib), qaplib: true };
  }
  if (!values.a || !values.b) throw new UsageError("give --qaplib FILE.dat, or both --a and --b (see --help)");
  const a = loadMatrix(values.a as string, "a");
  const b = loadMatrix(values.b as string, "b", a.rows);
  const linear = values.linear ? loadMatrix(values.linear as string, "linear", a.rows) : null;
  const constant = parseNumberFlag(values.constant as string | undefined, "constant") ?? 0;
  try {
    const problem = createQapProblem(a, b, { linear, constant, source: { kind: "npy", a: values.a, b: values.b } });
    return { problem, bestKnown: null, qaplib: false };
  } catch (error) {
    // what is left to refuse is the magnitude of the entries (certificate.ts): name the files
    if (!(error instanceof RangeError)) throw error;
    throw new UsageError(`--a ${values.a} / --b ${values.b}: ${withoutInternalName(error.message)}`, { cause: error });
  }
}

/** The solver's options from the flags: the shared ones, then those it declares (a flag it does not is an error). */
function solverOptions(spec: ReturnType<typeof getSolver>, values: Record<string, unknown>): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const seed = parseNumberFlag(values.seed as string | undefined, "seed", { integer: true, min: 0 });
  if (seed !== undefined) options.seed = seed;
  const timeLimit = parseNumberFlag(values["time-limit"] as string | undefined, "time-limit", { min: 0 });
  if (timeLimit !== undefined) {
    if (timeLimit <= 0) throw new UsageError("--time-limit must be positive");
    options.timeLimit = timeLimit;
  }
  return { ...options, ...optionsFromFlags(spec, SOLVER_FLAGS, values) };
}

function progressLine(e: ProgressEvent): string {
  const bound = e.bound === null ? "" : `  bound ${formatNumber(e.bound)}`;
  const tree = e.nodes === undefined ? "" : `  open ${e.openNodes ?? 0}`;
  const unit = e.nodes === undefined ? "iteration" : "nodes";
  return `[${e.solver}] ${e.seconds.toFixed(1)} s  ${unit} ${e.iteration}  best ${formatNumber(e.cost)}${bound}${tree}`;
}

function resolveSolver(id: string | undefined) {
  if (id === undefined) return getSolver(DEFAULT_SOLVER_ID);
  try {
    return getSolver(id);
  } catch (error) {
    throw new UsageError(`--solver: ${(error as Error).message}`);
  }
}

/** The permutation as text: 1-based for QAPLIB input (as its .sln files), 0-based for .npy input (as NumPy). */
function permutationLine(permutation: ArrayLike<number>, oneBased: boolean): string {
  const values = Array.from(permutation, (j) => j + (oneBased ? 1 : 0));
  const label = oneBased ? "1-based, as QAPLIB's .sln: facility i → location p(i)" : "0-based: row i → column p[i]";
  return `permutation (${label})\n            ${values.join(" ")}`;
}

function printResult(
  result: SolveResult,
  loaded: LoadedProblem,
  json: boolean,
  margins: MarginsWithSpread | null = null,
): void {
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
      ...(result.info.provedBy !== undefined ? { provedBy: result.info.provedBy } : {}),
      ...(margins ? marginsJson(margins) : {}),
    }));
    return;
  }
  const relative = result.relativeGap !== null && result.relativeGap > 0
    ? `, ${formatNumber(100 * result.relativeGap, 3)} %`
    : "";
  const proof = result.optimal
    ? `yes (proven${typeof result.info.provedBy === "string" ? ` by ${result.info.provedBy}` : ""})`
    : result.bound === null
    ? "not proven (this solver gives no bound)"
    : `not proven (gap ${formatNumber(result.gap)}${relative})`;
  const lines = [
    `solver      ${result.solver}`,
    `n           ${result.n}`,
    `cost        ${formatNumber(result.cost)}`,
    `bound       ${formatNumber(result.bound)}`,
    `optimal     ${proof}`,
    `status      ${result.status}`,
    `iterations  ${result.iterations}`,
    `seconds     ${result.seconds.toFixed(3)}`,
  ];
  if (loaded.bestKnown !== null) {
    const gap = 100 * (result.cost - loaded.bestKnown) / Math.abs(loaded.bestKnown || 1);
    lines.push(`best known  ${formatNumber(loaded.bestKnown)}   (cost is ${gap.toFixed(3)} % above)`);
  }
  lines.push(permutationLine(result.permutation, loaded.qaplib));
  if (margins) lines.push(formatMarginsTable(margins, { oneBased: loaded.qaplib }));
  console.log(lines.join("\n"));
}

function main(): void {
  const { values } = parseFlags(Deno.args, FLAGS);
  if (values.help) {
    console.log(HELP);
    return;
  }
  const spec = resolveSolver(values.solver);
  const marginsMode = parseMarginsFlag(values.margins);
  const options = solverOptions(spec, values);
  const loaded = loadProblem(values);
  if (!values.quiet && !values.json) options.onProgress = (e: ProgressEvent) => console.error(progressLine(e));
  const refusal = solverRefusal(spec, loaded.problem, options);
  if (refusal !== null) {
    throw new UsageError(values.solver === undefined ? `${refusal} (pick one with --solver)` : refusal);
  }
  const result = solveQap(loaded.problem, { method: spec.id, ...options });
  const margins = marginsMode === null ? null : computeMargins(loaded.problem, result.permutation, marginsMode, {
    bound: result.bound,
    timeLimit: options.timeLimit as number | undefined,
    quiet: values.quiet || values.json,
  });
  printResult(result, loaded, values.json ?? false, margins);
}

if (import.meta.main) await runCli("solve", main);
