/**
 * `deno task solve`: solve one QAP from a QAPLIB file or NumPy matrices with any registered solver.
 *
 *   deno task solve --solver ID (--qaplib FILE.dat | --a A.npy --b B.npy [--linear L.npy] [--constant C])
 *                   [--time-limit S] [--seed N] [--json] [--quiet]
 *                   [--lap jv|hungarian|auction] [--no-lap-solutions] [--no-primal-heuristic]   (fhg, hg)
 *                   [--fixed-orientation]   (fhg)
 * @module
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { matrixFrom } from "../core/matrix.ts";
import { loadNpy } from "../io/npy.ts";
import { loadQaplibDat, loadQaplibSln } from "../io/qaplib.ts";
import { createQapProblem, type QapProblem } from "../qap/problem.ts";
import { getSolver, SOLVER_IDS } from "../qap/registry.ts";
import type { ProgressEvent } from "../qap/result.ts";
import { formatNumber, parseNumberFlag, runCli, UsageError } from "./_cli.ts";

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
  --lap ALG            LAP algorithm: jv (default), hungarian, auction
  --no-lap-solutions   do not use LAP solutions as primal candidates
  --no-primal-heuristic  skip the FAQ + 2-opt heuristic
  --fixed-orientation  fhg: solve every LAP as given (the original's rule) instead of the checkerboard of
                       transposed LAPs (default; climbs much higher, see the README)
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
  if (hgOnly.length > 0 && solver !== "fhg" && solver !== "hg") {
    throw new UsageError(`--${hgOnly[0]} applies only to --solver fhg or hg`);
  }
  if (values.lap !== undefined) {
    if (!["jv", "hungarian", "auction"].includes(values.lap as string)) {
      throw new UsageError(`--lap must be jv, hungarian or auction, got '${values.lap}'`);
    }
    options.lap = values.lap;
  }
  if (values["no-lap-solutions"]) {
    if (solver !== "fhg") throw new UsageError("--no-lap-solutions applies only to --solver fhg");
    options.updateWithLapSolutions = false;
  }
  if (values["fixed-orientation"]) {
    if (solver !== "fhg") throw new UsageError("--fixed-orientation applies only to --solver fhg");
    options.alternateOrientation = false;
  }
  if (values["no-primal-heuristic"]) {
    if (solver !== "fhg") throw new UsageError("--no-primal-heuristic applies only to --solver fhg");
    options.primalHeuristic = false;
  }
  return options;
}

function progressLine(e: ProgressEvent): string {
  const bound = e.bound === null ? "" : `  bound ${formatNumber(e.bound)}`;
  return `[${e.solver}] ${e.seconds.toFixed(1)} s  iteration ${e.iteration}  best ${formatNumber(e.cost)}${bound}`;
}

await runCli("solve", () => {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
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
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (!values.solver) throw new UsageError(`--solver is required (one of: ${SOLVER_IDS.join(", ")})`);
  let spec;
  try {
    spec = getSolver(values.solver);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { problem, bestKnown } = loadProblem(values);
  const options = solverOptions(spec.id, values);
  if (problem.n > spec.maxN) {
    throw new UsageError(`solver ${spec.id} handles n ≤ ${spec.maxN}, this problem has n = ${problem.n}`);
  }
  const showProgress = !values.quiet && !values.json;
  if (showProgress) options.onProgress = (e: ProgressEvent) => console.error(progressLine(e));
  const result = spec.solve(problem, options);
  if (values.json) {
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
});
