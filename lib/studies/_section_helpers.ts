/**
 * Helpers shared by the embedding-based study sections (Sec. 3, 5.1, 5.4): model discovery and model families,
 * config checks and "mean ± std" cells.
 * @module
 */
import { isAbsolute, relative } from "node:path";
import { checkType } from "../core/errors.ts";
import { REPOSITORY_ROOT } from "../core/paths.ts";
import { CONTROL_FAMILIES, visionModelFamily } from "../embed/vision_models.ts";
import { DEFAULT_STORE_ROOT } from "../embeddings/store.ts";
import { FALLBACK_COLORS, type PlotlyFigure, SERIES_STYLES, withAlpha } from "../plots/style.ts";
import { storedModels } from "./run_data.ts";
import { meanStd } from "./study.ts";

/** Control "models" of Sec. 3 (pixel values, Gaussian noise, randomly initialised networks), by id. */
export function isControlModel(model: string): boolean {
  return CONTROL_FAMILIES.has(modelFamily(model));
}

/** Family of a vision model id (the plots' hue), as the model's entry in lib/embed/vision_models.ts states it. */
export function modelFamily(model: string): string {
  return visionModelFamily(model);
}

/** The model grid of a class-level embedding section (5.1, 5.4): the data sets and the models to pair on each. */
export interface ModelGrid {
  /** Data set ids in the store (default ["cifar10"]; the paper also uses CINIC-10). */
  datasets: string[];
  /** Vision model ids, or null for every non-control vision model stored for the data set. */
  visionModels: string[] | null;
  /** Language model ids, or null for every language model stored for the data set. */
  languageModels: string[] | null;
}

/** The paper's grid for the class-level sections (5.1, 5.4; their `full` presets): CIFAR-10 and CINIC-10, 20 seeds. */
export const PAPER_CLASS_GRID: Readonly<{ datasets: readonly string[]; seedCount: number }> = Object.freeze({
  datasets: Object.freeze(["cifar10", "cinic10"]),
  seedCount: 20,
});

/** Preferred language models when a figure needs one (closest to the paper's sentence encoders first). */
export const PREFERRED_LANGUAGE_MODELS: readonly string[] = Object.freeze([
  "all-mpnet-base-v2",
  "use-lite",
  "glove-100d",
]);

const PAPER_FAMILIES = new Set(["clip", "deit", "dinov2", "dino", "convnext", "pixel-values", "random", "random-vit"]);

/** Style id of a vision model: the model's own registered style, else its paper family, else the model id. */
export function modelStyleId(model: string): string {
  if (Object.hasOwn(SERIES_STYLES, model)) return model;
  const family = modelFamily(model);
  return PAPER_FAMILIES.has(family) ? family : model;
}

/** Throws a TypeError for keys of `config` that `defaults` does not have (options are never ignored). */
export function checkConfigKeys(config: object, defaults: object, fn: string): void {
  checkType(config !== null && typeof config === "object", fn, "config must be an object");
  for (const key of Object.keys(config)) {
    if (!(key in defaults)) {
      throw new TypeError(`${fn}: unknown config key '${key}' (allowed: ${Object.keys(defaults).join(", ")})`);
    }
  }
}

/**
 * The models of `kind` a section uses for `dataset`: the configured list, or (when `models` is null) every model of
 * that kind in the store, without controls unless `includeControls`.
 */
export function resolveModels(
  models: readonly string[] | null,
  dataset: string,
  kind: "vision" | "language",
  root = DEFAULT_STORE_ROOT,
  includeControls = false,
): string[] {
  if (models !== null) {
    checkType(
      Array.isArray(models) && models.every((m) => typeof m === "string"),
      "resolveModels",
      "models must be an array of model ids or null",
    );
    return [...models];
  }
  const found = storedModels(dataset, kind, root);
  return kind === "vision" && !includeControls ? found.filter((m) => !isControlModel(m)) : found;
}

/** `preferred` ids first (in order) among `available`, else the first available; null when none. */
export function pickModel(preferred: readonly string[], available: readonly string[]): string | null {
  for (const id of preferred) if (available.includes(id)) return id;
  return available[0] ?? null;
}

/** The first configured (or stored) non-control vision model of `dataset`, as a list of at most one (smoke presets). */
export function firstVisionModel(models: readonly string[] | null, dataset: string, root: string): string[] {
  const given = Array.isArray(models) && models.length > 0 ? models : null;
  return resolveModels(given, dataset, "vision", root).slice(0, 1);
}

/**
 * One language model of `dataset` as a list of at most one (smoke presets): `preferred` when available, else the
 * closest to the paper's ({@link PREFERRED_LANGUAGE_MODELS}), else the first.
 */
export function oneLanguageModel(
  models: readonly string[] | null,
  dataset: string,
  root: string,
  preferred: string | null = null,
): string[] {
  const given = Array.isArray(models) && models.length > 0 ? models : null;
  const all = resolveModels(given, dataset, "language", root);
  if (preferred && all.includes(preferred)) return [preferred];
  const picked = pickModel(PREFERRED_LANGUAGE_MODELS, all);
  return picked === null ? [] : [picked];
}

/**
 * The smoke presets' model choice of an embedding section: its first data set, that set's first vision model and one
 * language model ({@link oneLanguageModel}, `preferred` first).
 */
export function oneModelPair(config: ModelGrid, root: string, preferred: string | null = null): ModelGrid {
  const dataset = config.datasets[0];
  return {
    datasets: [dataset],
    visionModels: firstVisionModel(config.visionModels, dataset, root),
    languageModels: oneLanguageModel(config.languageModels, dataset, root, preferred),
  };
}

/** Throws a RangeError naming `fn` for each of `keys` of `config` that is not an integer ≥ 1. */
export function checkCounts<C extends object>(config: C, keys: readonly (keyof C & string)[], fn: string): void {
  for (const key of keys) {
    const value = config[key];
    if (!Number.isInteger(value) || (value as number) < 1) {
      throw new RangeError(`${fn}: ${key} must be an integer ≥ 1, got ${value}`);
    }
  }
}

/** Options of {@link formatMeanStd}. */
export interface FormatMeanStdOptions {
  /** Multiply by this before printing (100 for %); default 1. */
  scale?: number;
  /** Decimals; default 2. */
  decimals?: number;
  /** Tab. 3 quirk: round the fraction to 2 decimals, ×100, truncate to an integer (0.29 → "28"). Default false. */
  truncatePercent?: boolean;
}

/** "mean ± std" (sample std, ddof 1) of `values`; "–" when empty. */
export function formatMeanStd(values: readonly number[], options: FormatMeanStdOptions = {}): string {
  if (values.length === 0) return "–";
  const { mean, std } = meanStd([...values]);
  if (options.truncatePercent) {
    const cell = (x: number) => String(Math.trunc(Math.round(x * 100) / 100 * 100));
    return `${cell(mean)} ± ${cell(std)}`;
  }
  const scale = options.scale ?? 1, decimals = options.decimals ?? 2;
  return `${(mean * scale).toFixed(decimals)} ± ${(std * scale).toFixed(decimals)}`;
}

/**
 * `path` as study outputs print it: relative to the repository root when inside it (so notes and tables are the same
 * on every machine), else as given.
 *
 * @example
 * displayPath(join(REPOSITORY_ROOT, "data", "embeddings")); // "data/embeddings"
 */
export function displayPath(path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(REPOSITORY_ROOT, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

/**
 * Notes on missing input data: the configured `wanted` data sets without runs (when some ran), or that nothing ran
 * (when `runCount` is 0) — each naming the embedding store `storeRoot`.
 */
export function missingDataNotes(
  runCount: number,
  present: readonly string[],
  wanted: readonly string[],
  storeRoot: string,
): string[] {
  storeRoot = displayPath(storeRoot);
  if (runCount === 0) {
    return [
      `No runs: no stored embeddings found for ${wanted.join(", ")} under ${storeRoot} (run \`deno task embed\`).`,
    ];
  }
  const missing = wanted.filter((d) => !present.includes(d));
  return missing.length > 0
    ? [`No runs for ${missing.join(", ")}: no vision (or language) embeddings of it in ${storeRoot}.`]
    : [];
}

/**
 * Gives every series of `figure` whose id has no paper style its own colour from {@link FALLBACK_COLORS}, in order of
 * appearance (the hash-based fallback of `seriesStyle` can give two models the same colour). A series is identified
 * by its trace's `legendgroup` (line, band, fit) or `name` (points); bands keep their transparency. Returns `figure`,
 * which must be one the caller just built (it is changed in place).
 */
export function distinctFallbackColors(figure: PlotlyFigure): PlotlyFigure {
  const known = new Set([...Object.keys(SERIES_STYLES), ...Object.values(SERIES_STYLES).map((s) => s.label)]);
  const assigned = new Map<string, string>();
  for (const trace of figure.data) {
    const key = String(trace.legendgroup ?? trace.name ?? "");
    if (!key || known.has(key) || trace.type === "heatmap") continue;
    let color = assigned.get(key);
    if (!color) assigned.set(key, color = FALLBACK_COLORS[assigned.size % FALLBACK_COLORS.length]);
    if (trace.fill) {
      trace.fillcolor = withAlpha(color, 0.2);
      continue;
    }
    if (trace.line) trace.line = { ...(trace.line as object), color };
    if (trace.marker) trace.marker = { ...(trace.marker as object), color };
  }
  return figure;
}
