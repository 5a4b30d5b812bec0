/**
 * Helpers shared by the embedding-based study sections (Sec. 3, 5.1, 5.4): model discovery and model families,
 * config checks and "mean ± std" cells.
 * @module
 */
import { checkType } from "../core/errors.ts";
import { DEFAULT_STORE_ROOT } from "../embeddings/store.ts";
import { FALLBACK_COLORS, type PlotlyFigure, SERIES_STYLES, withAlpha } from "../plots/style.ts";
import { storedModels } from "./run_data.ts";
import { meanStd } from "./study.ts";

/** Control "models" of Sec. 3 (pixel values, Gaussian noise, randomly initialised networks), by id. */
export function isControlModel(model: string): boolean {
  return CONTROL_FAMILIES.has(modelFamily(model));
}

/** Families of the control "models". */
export const CONTROL_FAMILIES: ReadonlySet<string> = new Set(["pixel-values", "random", "random-vit"]);

/**
 * Family of a vision model id, used as hue in the plots: the paper's classes ("clip", "deit", "dinov2", "dino",
 * "convnext"), the controls ("pixel-values" = "pixels…", "random" = i.i.d. Gaussian "gaussian…", "random-vit" = any
 * other "random-…" id, a randomly initialised network) and otherwise the first dash-separated part of the id
 * ("mobilenet-v1-0.75" → "mobilenet").
 */
export function modelFamily(model: string): string {
  const id = model.toLowerCase();
  if (id.startsWith("pixel")) return "pixel-values";
  if (id === "random" || id.startsWith("gaussian") || id.startsWith("random-gaussian")) return "random";
  if (id.startsWith("random-")) return "random-vit";
  for (const family of ["dinov2", "dino", "clip", "deit", "convnext"]) if (id.startsWith(family)) return family;
  return id.split("-")[0];
}

const PAPER_FAMILIES = new Set(["clip", "deit", "dinov2", "dino", "convnext", "pixel-values", "random", "random-vit"]);

/** Style id of a vision model: its paper family when it has one (paper colours), else the model id itself. */
export function modelStyleId(model: string): string {
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
 * Notes on missing input data: the configured `wanted` data sets without runs (when some ran), or that nothing ran
 * (when `runCount` is 0) — each naming the embedding store `storeRoot`.
 */
export function missingDataNotes(
  runCount: number,
  present: readonly string[],
  wanted: readonly string[],
  storeRoot: string,
): string[] {
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
