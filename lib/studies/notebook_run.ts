/**
 * The memoised study runner of the section notebooks. A notebook cell calls `runStudySection(id, preset)` and gets
 * the section's `StudyOutput`; the first call runs the section, later calls (any cell, any order) reuse the same
 * promise, so every cell re-runs alone without recomputing. Presets: the section's own `quick` and `full`, plus
 * `smoke`, a tiny config derived from `quick` by a per-section shrink (first sizes, one seed, one model pair, short
 * time limits) so that the test suite can execute every notebook in seconds. The preset defaults to the environment
 * variable BLIND_MATCH_PRESET, else "quick". Embedding-store paths are made absolute (repository `data/embeddings`)
 * because the Jupyter kernel runs in notebooks/.
 * @module
 */
import { join } from "node:path";
import { checkRange, checkType } from "../core/errors.ts";
import { REPO_ROOT } from "../notebook/runner.ts";
import { modelFamily, pickModel, resolveModels } from "./_section_helpers.ts";
import { PREFERRED_LANGUAGE_MODELS } from "./small_scale.ts";
import { getSection } from "./sections.ts";
import { runSection, type StudyOutput } from "./study.ts";

/** Presets a notebook can run: `smoke` (tests, seconds), `quick` (2-core machine, minutes), `full` (paper grid). */
export const NOTEBOOK_PRESETS = Object.freeze(["smoke", "quick", "full"] as const);

/** One of {@link NOTEBOOK_PRESETS}. */
export type NotebookPreset = typeof NOTEBOOK_PRESETS[number];

/** Name of the environment variable that overrides the default preset. */
export const PRESET_ENV_VAR = "BLIND_MATCH_PRESET";

/** Embedding store used by notebooks: the repository's `data/embeddings`, absolute (independent of the cwd). */
export const NOTEBOOK_STORE_ROOT: string = join(REPO_ROOT, "data", "embeddings");

function isPreset(value: unknown): value is NotebookPreset {
  return typeof value === "string" && (NOTEBOOK_PRESETS as readonly string[]).includes(value);
}

/**
 * The preset notebooks use by default: BLIND_MATCH_PRESET when set (and readable), else "quick".
 * Throws a RangeError naming the variable when it holds anything other than "smoke", "quick" or "full".
 */
export function notebookPreset(): NotebookPreset {
  let value: string | undefined;
  try {
    value = Deno.env.get(PRESET_ENV_VAR);
  } catch {
    value = undefined; // no --allow-env: the default
  }
  if (value === undefined || value === "") return "quick";
  checkRange(
    isPreset(value),
    "notebookPreset",
    `${PRESET_ENV_VAR} must be one of ${NOTEBOOK_PRESETS.join(", ")}, got '${value}'`,
  );
  return value;
}

type Config = Record<string, unknown>;

/** Where each section keeps its embedding-store root (the ablation is synthetic and has none). */
const STORE_KEY: Readonly<Record<string, string | null>> = Object.freeze({
  "3": "storeRoot",
  "5.1": "storeRoot",
  "5.2": "root",
  "5.3-small": "root",
  "5.3-larger": "root",
  "5.4": "storeRoot",
  "D.3": null,
});

const first = <T>(list: readonly T[], count: number): T[] => list.slice(0, count);

/** The first non-control vision model of `dataset` in the store, as a one-element list (empty when none). */
function oneVision(models: unknown, dataset: string, root: string): string[] {
  const given = Array.isArray(models) && models.length > 0 ? models as string[] : null;
  return first(resolveModels(given, dataset, "vision", root), 1);
}

/** One language model of `dataset`: `preferred` when stored, else the closest to the paper's (all-mpnet, USE, GloVe). */
function oneLanguage(models: unknown, dataset: string, root: string, preferred: string | null = null): string[] {
  const given = Array.isArray(models) && models.length > 0 ? models as string[] : null;
  const all = resolveModels(given, dataset, "language", root);
  if (preferred && all.includes(preferred)) return [preferred];
  const picked = pickModel(PREFERRED_LANGUAGE_MODELS, all);
  return picked === null ? [] : [picked];
}

/**
 * Per-section shrink from the quick preset to the smoke preset (the config's store root is already absolute).
 * Each keeps the config's keys (the sections reject unknown keys) and only makes lists shorter and limits smaller.
 */
const SHRINKS: Readonly<Record<string, (quick: Config, root: string) => Config>> = Object.freeze({
  // Sec. 3: the paired data set (all metrics) and one other (GW only), 6 levels × 2 seeds; one real model plus the
  // first pixel-value and random-network controls, so that every figure kind (Fig. 2, 7, 8, 9) is drawn
  "3": (q, root) => {
    const paired = (q.pairedDatasets as string[])[0] ?? (q.datasets as string[])[0];
    const other = (q.datasets as string[]).filter((d) =>
      d !== paired && resolveModels(null, d, "vision", root).length > 0
    );
    const stored = resolveModels(null, paired, "vision", root, true);
    const controls = ["pixel-values", "random-vit"].flatMap((family) =>
      first(stored.filter((m) => modelFamily(m) === family), 1)
    );
    return {
      ...q,
      datasets: [paired, ...first(other, 1)],
      visionModels: [...oneVision(q.visionModels, paired, root), ...controls],
      levels: 6,
      seedCount: 2,
    };
  },
  // Sec. 5.1: one model pair, one seed, GW + CKA + the table's k-NN
  "5.1": (q, root) => {
    const dataset = (q.datasets as string[])[0];
    const metrics = ["gw", "cka", `mknn-${q.tableK}`].filter((m) => (q.metrics as string[]).includes(m));
    return {
      ...q,
      datasets: [dataset],
      visionModels: oneVision(q.visionModels, dataset, root),
      languageModels: oneLanguage(q.languageModels, dataset, root, q.mainLanguageModel as string | null),
      metrics,
      seedCount: 1,
    };
  },
  // Sec. 5.2: one data set and model, sizes 10 and 20, one subset, 2 s per problem
  "5.2": (q, root) => {
    const dataset = (q.datasets as string[])[0];
    return {
      ...q,
      datasets: [dataset],
      visionModels: oneVision(q.visionModels, dataset, root),
      sizes: first(q.sizes as number[], 2),
      subsetsPerSize: 1,
      seedCount: 1,
      timeLimit: 2,
      subsetRestarts: 3,
    };
  },
  // Sec. 5.3 small: one model pair, one seed, every solver
  "5.3-small": (q, root) => ({
    ...q,
    visionModels: oneVision(q.visionModels, q.dataset as string, root),
    languageModels: oneLanguage(q.languageModels, q.dataset as string, root),
    seedCount: 1,
  }),
  // Sec. 5.3 larger: sizes 10 and 20, 2 s per solver
  "5.3-larger": (q) => ({ ...q, sizes: first(q.sizes as number[], 2), timeLimit: 2, subsetRestarts: 3 }),
  // Sec. 5.4: one model pair, one seed, 2 k-means restarts
  "5.4": (q, root) => {
    const dataset = (q.datasets as string[])[0];
    return {
      ...q,
      datasets: [dataset],
      visionModels: oneVision(q.visionModels, dataset, root),
      languageModels: oneLanguage(q.languageModels, dataset, root),
      seedCount: 1,
      nInit: 2,
    };
  },
  // App. D.3: the first size only, one seed, 1 s per variant
  "D.3": (q) => {
    const n = (q.sizes as number[])[0];
    return { ...q, sizes: [n], seedCount: 1, timeLimits: { [n]: 1 } };
  },
});

/** Section ids that have a smoke shrink (every registered section). */
export const NOTEBOOK_SECTION_IDS: readonly string[] = Object.freeze(Object.keys(STORE_KEY));

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const v of Object.values(value as object)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The config a notebook runs for section `id` under `preset`: the section's own quick/full preset (or the smoke
 * shrink of quick) with the embedding-store root set to {@link NOTEBOOK_STORE_ROOT}. Returns a new, deeply frozen
 * object (the section's presets are not touched). Throws a RangeError for an unknown section or preset.
 */
export function notebookSectionConfig(id: string, preset: NotebookPreset = notebookPreset()): Readonly<Config> {
  const fn = "notebookSectionConfig";
  checkType(typeof id === "string", fn, `id must be a section id string, got ${typeof id}`);
  checkRange(id in STORE_KEY, fn, `id must be one of ${NOTEBOOK_SECTION_IDS.join(", ")}, got '${id}'`);
  checkRange(isPreset(preset), fn, `preset must be one of ${NOTEBOOK_PRESETS.join(", ")}, got '${preset}'`);
  const section = getSection(id);
  const base: Config = structuredClone(section.presets[preset === "full" ? "full" : "quick"]);
  const key = STORE_KEY[id];
  if (key !== null) base[key] = NOTEBOOK_STORE_ROOT;
  const config = preset === "smoke" ? SHRINKS[id](base, NOTEBOOK_STORE_ROOT) : base;
  return deepFreeze(structuredClone(config));
}

/** Number of jobs section `id` would run under `preset` (reads the store for model lists; runs nothing). */
export function notebookJobCount(id: string, preset: NotebookPreset = notebookPreset()): number {
  return getSection(id).jobs(structuredClone(notebookSectionConfig(id, preset))).length;
}

const cache = new Map<string, Promise<StudyOutput>>();

/**
 * Runs section `id` under `preset` (default {@link notebookPreset}) once per process and returns its output; later
 * calls with the same (id, preset) return the same promise, so cells share one run. A failed run is forgotten so a
 * re-run retries. `meta.preset` of the output names the preset.
 */
export function runStudySection(id: string, preset: NotebookPreset = notebookPreset()): Promise<StudyOutput> {
  const config = notebookSectionConfig(id, preset);
  const key = `${id}\u0000${preset}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const run = (async () => {
    // sections may write into their config while running; they get a private, mutable copy
    const output = await runSection(getSection(id), structuredClone(config));
    return { ...output, meta: { ...output.meta, preset } };
  })();
  cache.set(key, run);
  run.catch(() => cache.delete(key));
  return run;
}

/** Forgets every memoised run (e.g. after new embeddings were extracted). */
export function clearStudyCache(): void {
  cache.clear();
}

/** The (id, preset) pairs currently memoised, as "id/preset" strings. */
export function cachedStudyRuns(): string[] {
  return [...cache.keys()].map((k) => k.replace("\u0000", "/"));
}
