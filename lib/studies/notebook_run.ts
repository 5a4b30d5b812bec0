/**
 * The memoised study runner of the section notebooks. A notebook cell calls `runStudySection(id, preset, overrides)`
 * and gets the section's `StudyOutput`; the first call runs the section, later calls with the same arguments (any
 * cell, any order) reuse the same promise, so every cell re-runs alone without recomputing. Presets: the section's own
 * `quick` and `full`, plus `smoke`, the tiny config each section derives from `quick` (`section.notebook.smoke`) so
 * that the test suite can execute every notebook in seconds. The preset defaults to the environment variable
 * BLIND_MATCH_PRESET, else "quick". `overrides` replace config keys after the preset is chosen (a settings cell shows
 * the keys `section.notebook.settings` names, see {@link notebookSettings}). Embedding-store paths are made absolute
 * (repository `data/embeddings`) because the Jupyter kernel runs in notebooks/.
 * @module
 */
import { join } from "node:path";
import { checkRange, checkType } from "../core/errors.ts";
import { REPOSITORY_ROOT } from "../core/paths.ts";
import { getSection, STUDY_SECTIONS } from "./sections.ts";
import { runSection, type SectionProgress, type StudyOutput } from "./study.ts";

/** Presets a notebook can run: `smoke` (tests, seconds), `quick` (2-core machine, minutes), `full` (paper grid). */
export const NOTEBOOK_PRESETS = Object.freeze(["smoke", "quick", "full"] as const);

/** One of {@link NOTEBOOK_PRESETS}. */
export type NotebookPreset = typeof NOTEBOOK_PRESETS[number];

/** Name of the environment variable that overrides the default preset. */
export const PRESET_ENV_VAR = "BLIND_MATCH_PRESET";

/** Embedding store used by notebooks: the repository's `data/embeddings`, absolute (independent of the cwd). */
export const NOTEBOOK_STORE_ROOT: string = join(REPOSITORY_ROOT, "data", "embeddings");

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

/** Config keys to replace in a section's preset (see {@link notebookSectionConfig}). */
export type SectionOverrides = Readonly<Record<string, unknown>>;

/** Ids of the sections notebooks can run (every registered section). */
export const NOTEBOOK_SECTION_IDS: readonly string[] = Object.freeze(STUDY_SECTIONS.map((s) => s.id));

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const v of Object.values(value as object)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The config a notebook runs for section `id` under `preset`: the section's own quick/full preset (or its smoke
 * preset, derived from quick) with the embedding-store root set to {@link NOTEBOOK_STORE_ROOT}, then `overrides`
 * (config keys of the section; an undefined value keeps the preset's). Returns a new, deeply frozen object (the
 * section's presets are not touched). Throws a RangeError for an unknown section or preset, a TypeError for an
 * override key the section's config does not have.
 */
export function notebookSectionConfig(
  id: string,
  preset: NotebookPreset = notebookPreset(),
  overrides: SectionOverrides = {},
): Readonly<Config> {
  const fn = "notebookSectionConfig";
  checkType(typeof id === "string", fn, `id must be a section id string, got ${typeof id}`);
  checkRange(
    NOTEBOOK_SECTION_IDS.includes(id),
    fn,
    `id must be one of ${NOTEBOOK_SECTION_IDS.join(", ")}, got '${id}'`,
  );
  checkRange(isPreset(preset), fn, `preset must be one of ${NOTEBOOK_PRESETS.join(", ")}, got '${preset}'`);
  checkType(overrides !== null && typeof overrides === "object", fn, "overrides must be an object of config keys");
  const section = getSection(id);
  const base: Config = structuredClone(section.presets[preset === "full" ? "full" : "quick"]);
  const key = section.notebook.storeKey;
  if (key !== null) base[key] = NOTEBOOK_STORE_ROOT;
  const config: Config = preset === "smoke" ? section.notebook.smoke(base, NOTEBOOK_STORE_ROOT) : base;
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in config)) {
      throw new TypeError(`${fn}: section ${id} has no config key '${name}' (keys: ${Object.keys(config).join(", ")})`);
    }
    if (value !== undefined) config[name] = value;
  }
  return deepFreeze(structuredClone(config));
}

/**
 * The settings a notebook's settings cell shows for section `id` under `preset`: the values of the config keys the
 * section lists in `notebook.settings` (seeds, models, time limit, solver, …), after `overrides`. A new object.
 */
export function notebookSettings(
  id: string,
  preset: NotebookPreset = notebookPreset(),
  overrides: SectionOverrides = {},
): Config {
  const config = notebookSectionConfig(id, preset, overrides);
  return Object.fromEntries(getSection(id).notebook.settings.map((key) => [key, structuredClone(config[key])]));
}

/** Number of jobs section `id` would run under `preset` and `overrides` (reads the store for model lists). */
export function notebookJobCount(
  id: string,
  preset: NotebookPreset = notebookPreset(),
  overrides: SectionOverrides = {},
): number {
  return getSection(id).jobs(structuredClone(notebookSectionConfig(id, preset, overrides))).length;
}

const cache = new Map<string, Promise<StudyOutput>>();

/**
 * Runs section `id` under `preset` (default {@link notebookPreset}) and `overrides` (see
 * {@link notebookSectionConfig}) once per process and returns its output; later calls with the same (id, preset,
 * resolved config) return the same promise, so cells share one run. A failed run is forgotten so a re-run retries.
 * `meta.preset` of the output names the preset ("quick+overrides" when overrides changed the config).
 * `options.onProgress` is called after every job of a run this call starts (not on a memoised hit).
 */
export function runStudySection(
  id: string,
  preset: NotebookPreset = notebookPreset(),
  overrides: SectionOverrides = {},
  options: { onProgress?: (progress: SectionProgress) => void } = {},
): Promise<StudyOutput> {
  const config = notebookSectionConfig(id, preset, overrides);
  const changed = JSON.stringify(config) !== JSON.stringify(notebookSectionConfig(id, preset));
  const key = changed ? `${id}\u0000${preset}\u0000${JSON.stringify(config)}` : `${id}\u0000${preset}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const label = changed ? `${preset}+overrides` : preset;
  const run = (async () => {
    // sections may write into their config while running; they get a private, mutable copy
    const output = await runSection(getSection(id), structuredClone(config), { onProgress: options.onProgress });
    return { ...output, meta: { ...output.meta, preset: label } };
  })();
  cache.set(key, run);
  run.catch(() => cache.delete(key));
  return run;
}

/** Forgets every memoised run (e.g. after new embeddings were extracted). */
export function clearStudyCache(): void {
  cache.clear();
}

/** The runs currently memoised, as "id/preset" strings ("id/preset+overrides" for a run with overrides). */
export function cachedStudyRuns(): string[] {
  return [...cache.keys()].map((key) => {
    const [id, preset, overridden] = key.split("\u0000");
    return `${id}/${preset}${overridden === undefined ? "" : "+overrides"}`;
  });
}
