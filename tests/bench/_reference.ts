/**
 * Reference runs of the original implementation and of SciPy / POT on this machine class
 * (`tests/fixtures/reference/runs.csv`, described in its README). Bench modules look up reference seconds, costs and
 * bounds here: `referenceRuns({ inst, solver, implementation })`, `referenceRun(...)`, `bestKnownCost(inst)`.
 */
import { readFileSync } from "node:fs";

/** One row of runs.csv; empty cells are null. */
export interface ReferenceRun {
  /** "official" (the paper's released code) or "scipy-1.17". */
  implementation: string;
  /** Instance file name in tests/fixtures/qaplib or tests/fixtures/synthetic_qap (without extension). */
  inst: string;
  /** Problem size. */
  n: number;
  /** Solver id of the reference (fhg, fhg-nohe, fhg-hung, hg, faq1, 2opt1, gw-pot, egw-pot, faq-bary, ...). */
  solver: string;
  /** Seed. */
  seed: number | null;
  /** Time limit in seconds. */
  timelimit: number | null;
  /** Wall seconds. */
  seconds: number | null;
  /** Cost recomputed from the returned permutation. */
  cost: number | null;
  /** Lower bound, where the solver gives one. */
  bound: number | null;
  /** Proven optimal (null when not reported). */
  optimal: boolean | null;
  /** Solver iterations. */
  iterations: number | null;
  /** LAP calls (Hahn–Grant). */
  lap_calls: number | null;
  /** Leader LAPs (Hahn–Grant). */
  leader_laps: number | null;
  /** Repeated runs of a heuristic. */
  runs: number | null;
  /** Median seconds of one run. */
  median_run_s: number | null;
  /** FAQ iterations. */
  nit: number | null;
  /** Fraction of the planted permutation recovered (synthetic only). */
  acc: number | null;
}

/** Filter of {@link referenceRuns}: every given field must match exactly. */
export type ReferenceFilter = Partial<Pick<ReferenceRun, "implementation" | "inst" | "n" | "solver" | "seed">>;

/** Default location of runs.csv inside the repository. */
export const REFERENCE_RUNS_PATH = new URL("../fixtures/reference/runs.csv", import.meta.url).pathname;

const TEXT_COLUMNS = new Set(["implementation", "inst", "solver"]);

/** Parses runs.csv text (plain comma-separated, no quoting; header row first) into typed rows. */
export function parseReferenceRuns(text: string): ReferenceRun[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  if (lines.length === 0) return [];
  const header = lines[0].split(",");
  for (const required of ["implementation", "inst", "n", "solver", "seconds"]) {
    if (!header.includes(required)) throw new RangeError(`parseReferenceRuns: header lacks column '${required}'`);
  }
  return lines.slice(1).map((line, index) => {
    const cells = line.split(",");
    if (cells.length !== header.length) {
      throw new RangeError(
        `parseReferenceRuns: line ${index + 2} has ${cells.length} cells, expected ${header.length}`,
      );
    }
    const row: Record<string, string | number | boolean | null> = {};
    header.forEach((name, k) => {
      const cell = cells[k].trim();
      if (TEXT_COLUMNS.has(name)) row[name] = cell;
      else if (cell === "") row[name] = null;
      else if (cell === "True" || cell === "False") row[name] = cell === "True";
      else {
        const value = Number(cell);
        if (Number.isNaN(value)) {
          throw new RangeError(`parseReferenceRuns: line ${index + 2} column ${name} is '${cell}'`);
        }
        row[name] = value;
      }
    });
    return row as unknown as ReferenceRun;
  });
}

let cache: ReferenceRun[] | null = null;

/** All reference runs (read once from {@link REFERENCE_RUNS_PATH}, then cached). */
export function loadReferenceRuns(): readonly ReferenceRun[] {
  if (cache === null) cache = parseReferenceRuns(readFileSync(REFERENCE_RUNS_PATH, "utf8"));
  return cache;
}

/** Reference runs matching every field of `filter` (all runs for an empty filter). */
export function referenceRuns(filter: ReferenceFilter = {}): ReferenceRun[] {
  const entries = Object.entries(filter).filter(([, value]) => value !== undefined);
  return loadReferenceRuns().filter((run) =>
    entries.every(([key, value]) => (run as unknown as Record<string, unknown>)[key] === value)
  );
}

/** The first run matching `filter` (lowest seed first), or null. */
export function referenceRun(filter: ReferenceFilter): ReferenceRun | null {
  const runs = referenceRuns(filter).sort((a, b) => (a.seed ?? 0) - (b.seed ?? 0));
  return runs[0] ?? null;
}

/** Median of `seconds` over the runs matching `filter`, or null when none has a time. */
export function referenceSeconds(filter: ReferenceFilter): number | null {
  const times = referenceRuns(filter).map((run) => run.seconds).filter((s): s is number => s !== null);
  if (times.length === 0) return null;
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 === 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}

/** Lowest cost any reference run reached on `inst` (a best-known value for gap columns), or null. */
export function bestKnownCost(inst: string): number | null {
  let best: number | null = null;
  for (const run of referenceRuns({ inst })) {
    if (run.cost !== null && (best === null || run.cost < best)) best = run.cost;
  }
  return best;
}

/** Highest bound any reference run proved on `inst`, or null. */
export function bestKnownBound(inst: string): number | null {
  let best: number | null = null;
  for (const run of referenceRuns({ inst })) {
    if (run.bound !== null && (best === null || run.bound > best)) best = run.bound;
  }
  return best;
}
