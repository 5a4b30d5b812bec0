/**
 * "Bring your own embeddings" (notebook 07): match the rows of two `.npy` files — one vision embedding and one
 * language embedding per concept (or per item with labels, averaged into classes) — and show what the solver proves:
 * the certificate (cost, lower bound, gap), the kernels aligned by the matching and the matched pairs. The same steps
 * as `deno task match`, as data for a notebook.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import { readEmbeddings } from "../embeddings/store.ts";
import { loadNpy, saveNpy } from "../io/npy.ts";
import type { MetricId } from "../kernels/metrics.ts";
import { blindMatch, type BlindMatchResult } from "../pipeline/blind_match.ts";
import { type MatchReport, matchReport, matchSide, matchTruth, storedSide } from "../pipeline/match_report.ts";
import { plotHeatmaps } from "../plots/heatmap.ts";
import type { PlotlyFigure } from "../plots/style.ts";
import { alignKernel } from "./toy_problem.ts";

/** Options of {@link matchNpyFiles}. */
export interface OwnEmbeddingsOptions {
  /**
   * Names of the vision rows (a `.json` array file or the names). Alone, they name both files' rows and row i ↔ row i
   * is the truth; with `languageNames`, rows with equal names are the true pairs.
   */
  names?: string | readonly string[] | null;
  /** Names of the language rows, when the language file has its own row order (a `.json` array file or the names). */
  languageNames?: string | readonly string[] | null;
  /** Per-row class labels of the vision file (rows with one label are averaged into a class vector), or null. */
  visionLabels?: readonly (string | number)[] | null;
  /** Per-row class labels of the language file, or null. */
  languageLabels?: readonly (string | number)[] | null;
  /** Distortion metric (default "gw", the paper's). */
  metric?: MetricId;
  /** Solver id (default "fhg", the paper's; it gives a lower bound). */
  solver?: string;
  /** Seconds for the solver (default 10). */
  timeLimit?: number;
  /** Solver seed (default 0). */
  seed?: number;
}

/** Frozen defaults of {@link OwnEmbeddingsOptions}. */
export const OWN_EMBEDDINGS_DEFAULTS = Object.freeze({
  metric: "gw" as MetricId,
  solver: "fhg",
  timeLimit: 10,
  seed: 0,
});

/** What {@link matchNpyFiles} returns: the match, its report (pairs, certificate) and the concept names. */
export interface OwnEmbeddingsMatch {
  /** The blind match (kernels, problem, solver result). */
  result: BlindMatchResult;
  /** The report of `deno task match --json`. */
  report: MatchReport;
  /** Name of every vision row (class), or null. */
  visionNames: string[] | null;
  /** Name of every language row (class), or null. */
  languageNames: string[] | null;
}

function readNames(names: string | readonly string[], fn: string): string[] {
  if (typeof names !== "string") return [...names];
  checkRange(existsSync(names), fn, `names file not found, got ${names}`);
  const parsed = JSON.parse(readFileSync(names, "utf8"));
  checkType(
    Array.isArray(parsed) && parsed.every((s) => typeof s === "string"),
    fn,
    `${names} must hold a JSON array of strings`,
  );
  return parsed;
}

/**
 * Loads `visionPath` and `languagePath` (rows × dim `.npy`, any float dtype), builds the two standardised kernels,
 * solves the QAP and returns the match. The truth is row i ↔ row i when `names` are given (or both sides carry
 * integer labels / the same class names), else unknown (accuracy null).
 */
export function matchNpyFiles(
  visionPath: string,
  languagePath: string,
  options: OwnEmbeddingsOptions = {},
): OwnEmbeddingsMatch {
  const fn = "matchNpyFiles";
  checkKnownKeys(
    options,
    ["names", "languageNames", "visionLabels", "languageLabels", "metric", "solver", "timeLimit", "seed"],
    fn,
  );
  const { metric, solver, timeLimit, seed } = {
    ...OWN_EMBEDDINGS_DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  } as typeof OWN_EMBEDDINGS_DEFAULTS;
  const side = (path: string, labels: readonly (string | number)[] | null | undefined, name: string) => {
    const array = loadNpy(path);
    checkRange(array.shape.length === 2, fn, `${name} must be a 2-D array (rows × dim), got shape [${array.shape}]`);
    return matchSide(
      { rows: array.shape[0], cols: array.shape[1], data: Float64Array.from(array.data) },
      labels ?? null,
      name,
    );
  };
  const vision = side(visionPath, options.visionLabels, "vision");
  const language = side(languagePath, options.languageLabels, "language");
  const n = vision.vectors.rows;
  checkRange(
    language.vectors.rows === n,
    fn,
    `both sides need the same number of concepts, got ${n} vision and ${language.vectors.rows} language`,
  );
  const names = options.names ? readNames(options.names, fn) : undefined;
  const ownNames = options.languageNames ? readNames(options.languageNames, fn) : undefined;
  checkType(!ownNames || names !== undefined, fn, "languageNames needs names (of the vision rows) too");
  let source: { labels?: readonly string[]; pairing?: readonly number[] } = names ? { labels: names } : {};
  if (names && ownNames) {
    checkRange(ownNames.length === n, fn, `languageNames needs ${n} names, got ${ownNames.length}`);
    source = {
      pairing: names.map((name) => {
        const j = ownNames.indexOf(name);
        checkRange(j >= 0, fn, `vision concept '${name}' is not among languageNames`);
        return j;
      }),
    };
  }
  const resolved = matchTruth(vision, language, source, n);
  const truth = { ...resolved, names: resolved.names ?? names ?? null };
  const result = blindMatch(vision.vectors, language.vectors, {
    metric,
    solver,
    truth: truth.truth,
    solverOptions: { seed, timeLimit },
  });
  const languageNames = language.names ?? ownNames ?? (names ? [...names] : null);
  return {
    result,
    report: matchReport(result, metric, solver, truth, languageNames),
    visionNames: truth.names,
    languageNames,
  };
}

/** The certificate as table rows: cost, lower bound, gap (absolute and relative), proven optimal, accuracy. */
export function certificateRows(match: OwnEmbeddingsMatch): { quantity: string; value: string }[] {
  const r = match.report;
  const relative = r.bound === null ? null : (r.cost - r.bound) / Math.max(Math.abs(r.cost), 1e-300);
  const num = (x: number | null, digits = 6) => (x === null ? "— (this solver gives no bound)" : x.toPrecision(digits));
  return [
    { quantity: "cost J(p) of the matching found", value: num(r.cost) },
    { quantity: "lower bound on every matching's cost", value: num(r.bound) },
    { quantity: "gap = cost − bound", value: r.bound === null ? "—" : num(r.cost - r.bound, 3) },
    { quantity: "relative gap", value: relative === null ? "—" : `${(100 * relative).toFixed(4)} %` },
    { quantity: "proven optimal", value: r.optimal ? "yes: no matching has a lower cost" : `no (${r.status})` },
    { quantity: "solver, seconds", value: `${r.solver}, ${r.seconds.toFixed(2)} s` },
    {
      quantity: "matching accuracy",
      value: r.accuracy === null
        ? "— (no ground truth)"
        : `${r.correct}/${r.n} = ${(100 * r.accuracy).toFixed(0)} % (random: ${(100 / r.n).toFixed(0)} %)`,
    },
  ];
}

/** The matched pairs as table rows (vision concept → language concept, ✓/✗ when the truth is known). */
export function matchedPairRows(match: OwnEmbeddingsMatch): Record<string, string | number>[] {
  return match.report.pairs.map((p) => ({
    vision: p.visionName ?? p.vision,
    "matched to": p.languageName ?? p.language,
    ...(p.correct === null ? {} : { correct: p.correct ? "✓" : "✗" }),
  }));
}

/**
 * Three heatmaps on one colour scale: the vision kernel, the language kernel in its own row order, and the language
 * kernel reordered by the matching — when the matching is good, the third looks like the first.
 */
export function alignedKernelsFigure(match: OwnEmbeddingsMatch, title?: string): PlotlyFigure {
  const { kernelVision, kernelLanguage, permutation } = match.result;
  const vNames = match.visionNames ?? Array.from({ length: permutation.length }, (_, i) => String(i));
  const lNames = match.languageNames ?? vNames;
  return plotHeatmaps([
    { title: "Vision kernel K_V", values: kernelVision, xLabels: vNames, yLabels: vNames },
    { title: "Language kernel K_L (own order)", values: kernelLanguage, xLabels: lNames, yLabels: lNames },
    {
      title: "K_L reordered by the matching",
      values: alignKernel(kernelLanguage, permutation),
      xLabels: Array.from(permutation, (j) => lNames[j]),
      yLabels: Array.from(permutation, (j) => lNames[j]),
    },
  ], { title: title ?? `Kernels before and after matching (${match.report.metric}, ${match.report.solver})` });
}

/**
 * Writes the example inputs of notebook 07 into `dir`: class-mean vectors (raw mean, L2-normalised) of a stored
 * vision and language embedding of `dataset` as `<dataset>-<model>-classes.npy` (float32), the language rows in the
 * row order `languageOrder` (a permutation of the classes, so that the files do not give the pairing away), and the
 * class names of each file as `<file stem>.json`. Returns the paths.
 */
export function writeClassMeanExample(
  dataset: string,
  visionModel: string,
  languageModel: string,
  dir: string,
  languageOrder: readonly number[] | null = null,
  root?: string,
): { vision: string; language: string; visionNames: string; languageNames: string } {
  mkdirSync(dir, { recursive: true });
  const vision = storedSide(readEmbeddings(dataset, visionModel, root), "vision");
  const language = storedSide(readEmbeddings(dataset, languageModel, root), "language");
  const stem = (model: string) => join(dir, `${dataset}-${model}-classes`);
  const out = {
    vision: `${stem(visionModel)}.npy`,
    language: `${stem(languageModel)}.npy`,
    visionNames: `${stem(visionModel)}.json`,
    languageNames: `${stem(languageModel)}.json`,
  };
  const { rows, cols } = language.vectors;
  const order = languageOrder ?? Array.from({ length: rows }, (_, i) => i);
  checkRange(
    order.length === rows && new Set(order).size === rows &&
      order.every((i) => Number.isInteger(i) && i >= 0 && i < rows),
    "writeClassMeanExample",
    `languageOrder must be a permutation of 0..${rows - 1}`,
  );
  const reordered = new Float64Array(rows * cols);
  order.forEach((from, to) => reordered.set(language.vectors.data.subarray(from * cols, (from + 1) * cols), to * cols));
  saveNpy(out.vision, vision.vectors.data, [vision.vectors.rows, vision.vectors.cols], "float32");
  saveNpy(out.language, reordered, [rows, cols], "float32");
  writeFileSync(out.visionNames, JSON.stringify(vision.names) + "\n");
  writeFileSync(out.languageNames, JSON.stringify(order.map((i) => language.names![i])) + "\n");
  return out;
}
