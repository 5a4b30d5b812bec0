/**
 * `deno task match`: blind-match your own vision and language embeddings (no paired data used for matching).
 *
 *   deno task match --vision V.npy|V.json --language L.npy|L.json [--labels NAMES] [--pairing identity|FILE]
 *                   [--vision-labels FILE --language-labels FILE] [--metric gw|cka|mknn|inner-product] [--k N]
 *                   [--solver ID] [--seed N] [--time-limit S] [solver options] [--json]
 *
 * The default solver is `auto` (fhg, then branch and bound until proven) for the symmetric kernels, faq for cka /
 * mknn; the solver options are the flags lib/cli/solver_flags.ts derives from the solvers' declared options.
 * @module
 */
import { readFileSync } from "node:fs";
import { readEmbeddingsFile } from "../embeddings/store.ts";
import { loadNpy } from "../io/npy.ts";
import { getMetric, METRIC_IDS, type MetricId } from "../kernels/metrics.ts";
import { blindMatch } from "../pipeline/blind_match.ts";
import {
  formatMatchReport,
  matchReport,
  type MatchSide,
  matchSide,
  matchTruth,
  storedSide,
  type TruthSource,
} from "../pipeline/match_report.ts";
import { DEFAULT_SOLVER_ID, getSolver, SOLVER_IDS, SOLVERS } from "../qap/registry.ts";
import { checkInputFile, parseFlags, parseNumberFlag, readInputFile, runCli, UsageError } from "./_cli.ts";
import { flagParseOptions, optionsFromFlags, solverFlags } from "./solver_flags.ts";
import {
  computeMargins,
  formatMatchMargins,
  marginsFlagHelp,
  marginsJson,
  parseMarginsFlag,
} from "../qap/margins/format.ts";

const HELP = `Blind-match vision embeddings to language embeddings by solving a quadratic assignment problem
(kernels of both sides, standardised; the matching never looks at which row pairs with which).

Usage:
  deno task match --vision V.npy --language L.npy [options]

Inputs (each side):
  --vision FILE          .npy (rows = items × dim) or an embedding-store manifest .json (rows are averaged per
                         class label, classes named by the manifest's classNames)
  --language FILE        same for the language side; both sides need the same number of items (≥ 3)
  --vision-labels FILE   per-row class labels of a .npy side (.json array, .npy, or one per line); rows with the
  --language-labels FILE   same label are averaged into one class vector (raw mean, then L2-normalised).
                         Integer labels: class c on one side is class c on the other. Name labels: classes are
                         paired by name (known pairing, accuracy reported).
Ground truth (optional, for the accuracy):
  --labels FILE          item names (.json array or one per line) naming item i of BOTH sides: row i of the
                         vision side is the true partner of row i of the language side
  --pairing P            "identity" (row i ↔ row i) or a file with the language index of every vision item
Matching:
  --metric M             ${METRIC_IDS.join(" | ")} (default gw)
  --k N                  neighbours of the mknn kernel (default 4)
  --solver ID            default ${DEFAULT_SOLVER_ID}: fhg, then branch and bound until proven or the time limit (faq
                         for the asymmetric cka/mknn kernels); one of: ${SOLVER_IDS.join(", ")}
  --seed N               solver seed (default 0)
  --time-limit S         solver wall-clock limit in seconds (default none)
  (solver options)       every solver option \`deno task solve --help\` lists (e.g. --threads N, --memory-budget GIB),
                         for the solvers that declare it
Output:
  --json                 print one JSON object on stdout instead of text
${marginsFlagHelp(25)}
  --help                 this text

Prints the permutation (0-based: vision item → language item), the QAP cost, the solver's lower bound (if any)
and whether the cost is proven optimal (else the gap), the GW reference cost per n², and, when a ground truth is
known, the matching accuracy beside the random baseline 1/n. User errors print one line "match: <message>" on stderr
and exit with code 2.
`;

/** The flags of every registered solver's declared options (lib/cli/solver_flags.ts), as in `deno task solve`. */
const SOLVER_FLAGS = solverFlags(SOLVERS);

const FLAGS = {
  ...flagParseOptions(SOLVER_FLAGS),
  vision: { type: "string" },
  language: { type: "string" },
  "vision-labels": { type: "string" },
  "language-labels": { type: "string" },
  labels: { type: "string" },
  pairing: { type: "string" },
  metric: { type: "string" },
  k: { type: "string" },
  solver: { type: "string" },
  seed: { type: "string" },
  "time-limit": { type: "string" },
  json: { type: "boolean" },
  margins: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseFlags<typeof FLAGS>>["values"];

/** Labels from a .json array, a .npy array or a text file with one label per line. */
function readLabelsFile(path: string, flag: string): (string | number)[] {
  if (path.endsWith(".npy")) return Array.from(readInputFile(flag, path, loadNpy, ".npy file").data);
  checkInputFile(path, flag, "labels file (.json array or one per line)");
  const text = readFileSync(path, "utf8");
  if (path.endsWith(".json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`--${flag} ${path}: not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(parsed) || parsed.some((x) => typeof x !== "string" && typeof x !== "number")) {
      throw new UsageError(`--${flag} ${path}: must hold a JSON array of strings or numbers`);
    }
    return parsed;
  }
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  return lines.map((l) => l.trim());
}

function loadSide(path: string, flag: string, labelsPath: string | undefined): MatchSide {
  if (path.endsWith(".json")) {
    if (labelsPath) throw new UsageError(`--${flag}-labels: not needed with a manifest (it has labels)`);
    return storedSide(readInputFile(flag, path, readEmbeddingsFile, "manifest .json"), `--${flag}`);
  }
  if (!path.endsWith(".npy")) throw new UsageError(`--${flag} ${path}: expected a .npy file or a manifest .json`);
  const array = readInputFile(flag, path, loadNpy, ".npy file");
  if (array.shape.length !== 2) {
    throw new UsageError(
      `--${flag} ${path}: expected a 2-D array (items × dim), got shape (${array.shape.join(", ")})`,
    );
  }
  const labels = labelsPath ? readLabelsFile(labelsPath, `${flag}-labels`) : null;
  return matchSide({ rows: array.shape[0], cols: array.shape[1], data: array.data }, labels, `--${flag}`);
}

function truthSource(values: Values): TruthSource {
  const source: TruthSource = {};
  if (values.labels !== undefined) source.labels = readLabelsFile(values.labels, "labels").map(String);
  if (values.pairing === "identity") source.pairing = "identity";
  else if (values.pairing !== undefined) source.pairing = readLabelsFile(values.pairing, "pairing").map(Number);
  return source;
}

function parseMetric(value: string | undefined): MetricId {
  const metric = value ?? "gw";
  try {
    getMetric(metric);
  } catch {
    throw new UsageError(`--metric must be one of ${METRIC_IDS.join(", ")}, got '${metric}'`);
  }
  return metric as MetricId;
}

function main(): void {
  const { values } = parseFlags(Deno.args, FLAGS);
  if (values.help) return void console.log(HELP);
  if (!values.vision || !values.language) {
    throw new UsageError("both --vision and --language are required (see --help)");
  }
  const metric = parseMetric(values.metric);
  const marginsMode = parseMarginsFlag(values.margins);
  const k = parseNumberFlag(values.k, "k", { integer: true, min: 1 }) ?? 4;
  const seed = parseNumberFlag(values.seed, "seed", { integer: true, min: 0 }) ?? 0;
  const timeLimit = parseNumberFlag(values["time-limit"], "time-limit", { min: 0 });
  if (timeLimit === 0) throw new UsageError("--time-limit must be positive, got '0'");
  const symmetric = metric === "gw" || metric === "inner-product";
  if (marginsMode !== null && !symmetric) {
    throw new UsageError(`--margins needs a symmetric kernel (--metric gw or inner-product), got --metric ${metric}`);
  }
  const solver = values.solver ?? (symmetric ? DEFAULT_SOLVER_ID : "faq");
  let spec;
  try {
    spec = getSolver(solver);
  } catch (error) {
    throw new UsageError(`--solver: ${(error as Error).message}`);
  }
  const declared = optionsFromFlags(spec, SOLVER_FLAGS, values);
  const vision = loadSide(values.vision, "vision", values["vision-labels"]);
  const language = loadSide(values.language, "language", values["language-labels"]);
  const n = vision.vectors.rows;
  // what blindMatch would refuse, in the user's terms
  const items = (side: MatchSide, flag: string, path: string) =>
    `--${flag} ${path} has ${side.vectors.rows} ${side.names || side.integerClasses ? "classes" : "items"}`;
  if (language.vectors.rows !== n) {
    throw new UsageError(
      `${items(vision, "vision", values.vision)}, ${
        items(language, "language", values.language)
      }: both sides need the same number`,
    );
  }
  if (n < 3) throw new UsageError(`${items(vision, "vision", values.vision)}: matching needs at least 3`);
  if (metric === "mknn" && k > n - 1) throw new UsageError(`--k must be at most n − 1 = ${n - 1}, got ${k}`);
  const source = truthSource(values);
  const truth = matchTruth(vision, language, source, n);
  const result = blindMatch(vision.vectors, language.vectors, {
    metric,
    k,
    solver,
    truth: truth.truth,
    solverOptions: { seed, ...(timeLimit !== undefined ? { timeLimit } : {}), ...declared },
  });
  const report = matchReport(result, metric, solver, truth, language.names ?? (source.labels ? truth.names : null));
  const margins = marginsMode === null ? null : computeMargins(result.problem, result.permutation, marginsMode, {
    bound: result.bound,
    timeLimit,
    quiet: values.json,
  });
  if (values.json) console.log(JSON.stringify({ ...report, ...(margins ? marginsJson(margins) : {}) }));
  else {console.log(
      [formatMatchReport(report), ...(margins ? [formatMatchMargins(margins, report.pairs)] : [])].join("\n"),
    );}
}

if (import.meta.main) await runCli("match", main);
