/**
 * The study framework. A section of the paper is a list of independent jobs (one seed × model × data set …), a job
 * runner that returns table rows, and a summariser that turns all rows into tables and Plotly figures. Splitting a
 * section into jobs is what lets `deno task study --shard i/n` run part of a `full` grid on one machine of a cluster
 * and `--merge` combine the parts; `runSection` runs everything in one process.
 * @module
 */
import type * as aq from "arquero";
import type { PlotlyFigure } from "../plots/style.ts";

/** A row of a study table: plain JSON values only, so shards can be written and merged. */
export type StudyRow = Record<string, string | number | boolean | null>;

/** Everything a section produces. */
export interface StudyOutput {
  /** Section id, e.g. "5.1". */
  section: string;
  /** Human title. */
  title: string;
  /** Named tables (arquero). */
  tables: Record<string, aq.ColumnTable>;
  /**
   * Named figures, each tied to its paper counterpart. `caption`: what is plotted (one sentence); `units`: of the
   * plotted values, e.g. "GW cost / n²"; `notes`: further sentences for the figure page (see lib/plots/caption.ts).
   */
  figures: Record<
    string,
    { figure: PlotlyFigure; paper: string; caption: string; units?: string; notes?: string[] }
  >;
  /**
   * Wall-clock numbers of the run (seconds per job, …), kept out of `tables` so that the committed tables are the same
   * on every machine; written as `timings.csv` / `timings.md` (git-ignored for the quick preset).
   */
  timings?: aq.ColumnTable;
  /** Which models and data were used, what differs from the paper, notes. */
  meta: { models: string[]; datasets: string[]; preset: string; notes: string[]; paper: string };
}

/** A paper section as jobs + summary. */
export interface StudySection<Config, Job> {
  /** Section id ("3", "5.1", "5.2", "5.3-small", "5.3-larger", "5.4", "D.3"). */
  id: string;
  /** Human title. */
  title: string;
  /** Paper counterparts, e.g. "Fig. 4, 11, 12, 13; Tab. 3". */
  paper: string;
  /**
   * Presets: `quick` for a 2-core machine, `full` for the paper's grid where data and models allow (the third,
   * `smoke`, is derived from `quick` by `notebook.smoke`).
   */
  presets: { quick: Config; full: Config };
  /** How notebooks run the section: its smoke preset, where its store root lives, the settings a notebook shows. */
  notebook: SectionNotebookSpec<Config>;
  /** The independent jobs of a run, in a stable order. */
  jobs(config: Config): Job[];
  /** Runs one job; returns its rows. */
  runJob(job: Job, config: Config): Promise<StudyRow[]> | StudyRow[];
  /** Turns all rows into tables and figures. */
  summarize(rows: StudyRow[], config: Config): StudyOutput;
}

/**
 * What a section tells the notebook runner (lib/studies/notebook_run.ts): adding a section means writing this next to
 * its presets and listing the section in `sections.ts`, nothing else.
 */
export interface SectionNotebookSpec<Config> {
  /**
   * Config key holding the embedding-store root, set to the repository's absolute `data/embeddings` in notebooks;
   * null for a synthetic section.
   */
  storeKey: (keyof Config & string) | null;
  /**
   * The smoke preset (tests, seconds): a tiny config derived from `quick` (store root already set to `storeRoot`).
   * It keeps the config's keys and only shortens lists and lowers limits, so every figure kind is still drawn.
   */
  smoke(quick: Config, storeRoot: string): Config;
  /** Config keys a notebook's settings cell shows and may override: seeds, models, time limit, solver, …. */
  settings: readonly (keyof Config & string)[];
}

/** Progress of a section run. */
export interface SectionProgress {
  section: string;
  done: number;
  total: number;
  seconds: number;
  job: string;
}

/** Options of {@link runSection}. */
export interface RunSectionOptions {
  /** Run only jobs with index % count === index (0-based). */
  shard?: { index: number; count: number };
  /** Called after every job. */
  onProgress?: (progress: SectionProgress) => void;
}

/** Parses "i/n" (1-based i, as a SLURM array index reads) into a 0-based shard. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new RangeError(`parseShard: expected i/n such as 2/8, got '${text}'`);
  const i = Number(m[1]), n = Number(m[2]);
  if (n < 1 || i < 1 || i > n) throw new RangeError(`parseShard: need 1 ≤ i ≤ n, got ${i}/${n}`);
  return { index: i - 1, count: n };
}

/** Runs the jobs of `section` (all, or one shard's) and returns their rows. */
export async function runSectionJobs<C, J>(
  section: StudySection<C, J>,
  config: C,
  options: RunSectionOptions = {},
): Promise<StudyRow[]> {
  const all = section.jobs(config);
  const mine = options.shard ? all.filter((_, k) => k % options.shard!.count === options.shard!.index) : all;
  const start = performance.now();
  const rows: StudyRow[] = [];
  for (let k = 0; k < mine.length; k++) {
    rows.push(...await section.runJob(mine[k], config));
    options.onProgress?.({
      section: section.id,
      done: k + 1,
      total: mine.length,
      seconds: (performance.now() - start) / 1000,
      job: JSON.stringify(mine[k]),
    });
  }
  return rows;
}

/** Runs a whole section: all jobs, then the summary. */
export async function runSection<C, J>(
  section: StudySection<C, J>,
  config: C,
  options: RunSectionOptions = {},
): Promise<StudyOutput> {
  return section.summarize(await runSectionJobs(section, config, { onProgress: options.onProgress }), config);
}

/**
 * Groups `rows` by the values of `keys` (compared as strings), in order of first appearance; each group keeps the
 * rows' order. Never empty groups.
 */
export function groupRows(rows: readonly StudyRow[], keys: readonly string[]): StudyRow[][] {
  const groups = new Map<string, StudyRow[]>();
  for (const r of rows) {
    const key = keys.map((k) => r[k]).join("\u0000");
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()];
}

/** Mean and sample standard deviation (ddof = 1; 0 for a single value). */
export function meanStd(values: number[]): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, std: 0 };
  const ss = values.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, std: Math.sqrt(ss / (n - 1)) };
}
