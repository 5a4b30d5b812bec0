/**
 * `deno task match`: blind-match your own vision and language embeddings (no paired data used for matching).
 *
 *   deno task match --vision V.npy|V.json --language L.npy|L.json [--labels NAMES] [--pairing identity|FILE]
 *                   [--vision-labels FILE --language-labels FILE] [--metric gw|cka|mknn|inner-product] [--k N]
 *                   [--solver ID] [--seed N] [--time-limit S] [--json]
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Matrix } from "../core/matrix.ts";
import { checkEmbeddingRows, classVectors, createEmbeddingSet, normalizeRows } from "../embeddings/embedding_set.ts";
import { readEmbeddingsFile } from "../embeddings/store.ts";
import { loadNpy } from "../io/npy.ts";
import { METRIC_IDS, type MetricId } from "../kernels/metrics.ts";
import { blindMatch } from "../pipeline/blind_match.ts";
import { SOLVER_IDS } from "../qap/registry.ts";
import { formatNumber, parseNumberFlag, runCli, UsageError } from "./_cli.ts";

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
  --solver ID            one of: ${SOLVER_IDS.join(", ")} (default fhg; faq for the asymmetric cka/mknn kernels)
  --seed N               solver seed (default 0)
  --time-limit S         solver wall-clock limit in seconds (default none)
Output:
  --json                 print one JSON object on stdout instead of text
  --help                 this text

Prints the permutation (vision item → language item), the QAP cost, the solver's lower bound (if any), the GW
reference cost per n², and, when a ground truth is known, the matching accuracy beside the random baseline 1/n.
User errors print one line "match: <message>" on stderr and exit with code 2.
`;

interface Side {
  vectors: Matrix;
  names: string[] | null;
  integerClasses: boolean;
}

function readLabelsFile(path: string, flag: string): (string | number)[] {
  if (!existsSync(path)) throw new UsageError(`--${flag}: file not found: ${path}`);
  if (path.endsWith(".npy")) return Array.from(loadNpy(path).data);
  const text = readFileSync(path, "utf8");
  if (path.endsWith(".json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`--${flag}: ${path} is not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(parsed) || parsed.some((x) => typeof x !== "string" && typeof x !== "number")) {
      throw new UsageError(`--${flag}: ${path} must hold a JSON array of strings or numbers`);
    }
    return parsed;
  }
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  return lines.map((l) => l.trim());
}

function checkNoDuplicates(names: readonly (string | number)[], what: string): void {
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const key = String(name);
    if (seen.has(key)) throw new UsageError(`${what}: duplicate label '${key}' (items ${seen.get(key)} and ${i})`);
    seen.set(key, i);
  });
}

/** NaN / infinite values and zero rows, reported as one-line usage errors naming the flag. */
function checkRows(matrix: Matrix, flag: string): void {
  try {
    checkEmbeddingRows(matrix, "match", `--${flag}`, 1);
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^match: /, ""));
  }
}

function loadSide(path: string, flag: string, labelsPath: string | undefined): Side {
  if (!existsSync(path)) throw new UsageError(`--${flag}: file not found: ${path}`);
  if (path.endsWith(".json")) {
    if (labelsPath) throw new UsageError(`--${flag}-labels: not needed with a manifest (it has labels)`);
    const { set, manifest } = readEmbeddingsFile(path);
    checkRows(set.vectors, flag);
    return {
      vectors: classVectors(set, { classCount: manifest.classNames.length }),
      names: manifest.classNames,
      integerClasses: false,
    };
  }
  if (!path.endsWith(".npy")) throw new UsageError(`--${flag}: expected a .npy file or a manifest .json, got ${path}`);
  const array = loadNpy(path);
  if (array.shape.length !== 2) {
    throw new UsageError(`--${flag}: expected a 2-D array (items × dim), got shape (${array.shape.join(", ")})`);
  }
  const matrix: Matrix = { rows: array.shape[0], cols: array.shape[1], data: array.data };
  checkRows(matrix, flag);
  if (!labelsPath) return { vectors: normalizeRows(matrix), names: null, integerClasses: false };
  const labels = readLabelsFile(labelsPath, `${flag}-labels`);
  if (labels.length !== matrix.rows) {
    throw new UsageError(`--${flag}-labels: needs one label per row (${matrix.rows}), got ${labels.length}`);
  }
  const numeric = labels.every((y) => typeof y === "number" || /^\d+$/.test(String(y)));
  if (numeric) {
    const ints = labels.map(Number);
    const set = createEmbeddingSet(matrix, ints);
    const classCount = Math.max(...ints) + 1;
    const present = new Set(ints);
    for (let c = 0; c < classCount; c++) {
      if (!present.has(c)) {
        throw new UsageError(`--${flag}-labels: class ${c} has no rows (labels must be 0..${classCount - 1})`);
      }
    }
    return { vectors: classVectors(set, { classCount }), names: null, integerClasses: true };
  }
  const names: string[] = [];
  const index = new Map<string, number>();
  const ints = labels.map((y) => {
    const key = String(y);
    if (!index.has(key)) {
      index.set(key, names.length);
      names.push(key);
    }
    return index.get(key)!;
  });
  return { vectors: classVectors(createEmbeddingSet(matrix, ints, names)), names, integerClasses: false };
}

/** Builds the ground truth (language index of every vision item) or null. */
function groundTruth(
  vision: Side,
  language: Side,
  values: Record<string, unknown>,
  n: number,
): { truth: Int32Array | null; names: string[] | null } {
  const pairing = values.pairing as string | undefined;
  const labels = values.labels as string | undefined;
  if (pairing !== undefined && labels !== undefined) throw new UsageError("give --labels or --pairing, not both");
  if (labels !== undefined) {
    const names = readLabelsFile(labels, "labels").map(String);
    if (names.length !== n) throw new UsageError(`--labels: needs one name per item (${n}), got ${names.length}`);
    checkNoDuplicates(names, "--labels");
    return { truth: Int32Array.from({ length: n }, (_, i) => i), names };
  }
  if (pairing === "identity") return { truth: Int32Array.from({ length: n }, (_, i) => i), names: vision.names };
  if (pairing !== undefined) {
    const raw = readLabelsFile(pairing, "pairing").map(Number);
    if (raw.length !== n) {
      throw new UsageError(`--pairing: needs one language index per vision item (${n}), got ${raw.length}`);
    }
    const seen = new Uint8Array(n);
    raw.forEach((j, i) => {
      if (!Number.isInteger(j) || j < 0 || j >= n) {
        throw new UsageError(`--pairing: entry ${i} must be an index in [0, ${n - 1}], got ${j}`);
      }
      if (seen[j]) throw new UsageError(`--pairing: language index ${j} appears twice (not a one-to-one pairing)`);
      seen[j] = 1;
    });
    return { truth: Int32Array.from(raw), names: vision.names };
  }
  if (vision.integerClasses && language.integerClasses) {
    return { truth: Int32Array.from({ length: n }, (_, i) => i), names: null };
  }
  if (vision.names && language.names) {
    const where = new Map(language.names.map((name, j) => [name, j]));
    const truth = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const j = where.get(vision.names[i]);
      if (j === undefined) {
        throw new UsageError(`class '${vision.names[i]}' of the vision side has no language class of that name`);
      }
      truth[i] = j;
    }
    return { truth, names: vision.names };
  }
  return { truth: null, names: vision.names };
}

function main(): void {
  const { values } = parseArgs({
    args: Deno.args,
    strict: true,
    allowPositionals: false,
    options: {
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
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (!values.vision || !values.language) {
    throw new UsageError("both --vision and --language are required (see --help)");
  }
  const metric = (values.metric ?? "gw") as MetricId;
  if (!(METRIC_IDS as readonly string[]).includes(metric)) {
    throw new UsageError(`--metric must be one of ${METRIC_IDS.join(", ")}, got '${metric}'`);
  }
  const k = parseNumberFlag(values.k, "k", { integer: true, min: 1 }) ?? 4;
  const seed = parseNumberFlag(values.seed, "seed", { integer: true, min: 0 }) ?? 0;
  const timeLimit = parseNumberFlag(values["time-limit"], "time-limit", { min: 0 });
  if (timeLimit === 0) throw new UsageError("--time-limit must be positive, got '0'");
  const symmetric = metric === "gw" || metric === "inner-product";
  const solver = values.solver ?? (symmetric ? "fhg" : "faq");
  if (!SOLVER_IDS.includes(solver)) {
    throw new UsageError(`--solver must be one of ${SOLVER_IDS.join(", ")}, got '${solver}'`);
  }

  const vision = loadSide(values.vision, "vision", values["vision-labels"]);
  const language = loadSide(values.language, "language", values["language-labels"]);
  const n = vision.vectors.rows;
  if (n !== language.vectors.rows) {
    throw new UsageError(`the two sides have different item counts: vision ${n}, language ${language.vectors.rows}`);
  }
  if (n < 3) throw new UsageError(`blind matching needs at least 3 items, got ${n}`);
  if (metric === "mknn" && k > n - 1) throw new UsageError(`--k must be at most n − 1 = ${n - 1}, got ${k}`);
  for (const side of [vision, language]) if (side.names) checkNoDuplicates(side.names, "class names");
  const { truth, names } = groundTruth(vision, language, values, n);

  const result = blindMatch(vision.vectors, language.vectors, {
    metric,
    k,
    solver,
    truth,
    solverOptions: { seed, ...(timeLimit !== undefined ? { timeLimit } : {}) },
  });
  const p = result.permutation;
  const languageNames = language.names ?? (values.labels ? names : null);
  const report = {
    n,
    metric,
    solver,
    permutation: Array.from(p),
    cost: result.cost,
    bound: result.bound,
    gap: result.solve.gap,
    optimal: result.optimal,
    status: result.solve.status,
    referenceCost: result.referenceCost,
    accuracy: truth ? result.accuracy : null,
    correct: truth ? Math.round(result.accuracy * n) : null,
    randomBaseline: result.randomBaseline,
    seconds: result.solve.seconds,
    pairs: Array.from(p, (j, i) => ({
      vision: i,
      language: j,
      visionName: names?.[i] ?? null,
      languageName: languageNames?.[j] ?? null,
      correct: truth ? truth[i] === j : null,
    })),
  };
  if (values.json) {
    console.log(JSON.stringify(report));
    return;
  }
  const lines = [
    `n = ${n}, metric ${metric}, solver ${solver} (${result.solve.status}, ${formatNumber(result.solve.seconds)} s)`,
    `cost            ${formatNumber(result.cost)}`,
    `bound           ${formatNumber(result.bound)}${result.optimal ? " (optimal)" : ""}`,
    `reference cost  ${formatNumber(result.referenceCost)}  (Σ(K_V − K_L[p][:,p])² / n², standardised kernels)`,
    truth
      ? `accuracy        ${formatNumber(result.accuracy)} (${report.correct}/${n}); random baseline ${
        formatNumber(1 / n)
      } ± ${formatNumber(result.randomBaseline.sd)}`
      : `accuracy        — (no ground truth: give --labels, --pairing or labelled inputs)`,
    `permutation (vision → language):`,
    ...report.pairs.map((pair) =>
      `  ${pair.vision}${pair.visionName !== null ? ` ${pair.visionName}` : ""} → ${pair.language}${
        pair.languageName !== null ? ` ${pair.languageName}` : ""
      }${pair.correct === null ? "" : pair.correct ? "  ✓" : "  ✗"}`
    ),
  ];
  console.log(lines.join("\n"));
}

if (import.meta.main) await runCli("match", main);
