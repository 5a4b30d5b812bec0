/**
 * Reproducible study runs (issue 21 item 14): a quick-preset solver run gets a *work budget* (iterations, nodes,
 * batches), never a time limit, so its result is the same on any machine; seconds stay in the `full` presets (the
 * paper's protocol). Timings are taken out of the committed tables into a separate `timings` table (written as
 * `timings.csv` / `timings.md`, git-ignored for quick runs; see lib/studies/write_output.ts).
 * @module
 */
import { checkRange, checkType } from "../core/errors.ts";
import type { StudyRow } from "./study.ts";

/** A deterministic work budget of one solver run: counts only. An unset count keeps the solver's own stopping rule. */
export interface SolverBudget {
  /** fhg, hg: most outer dual-ascent iterations (`maxIterations`); bnb: most root iterations (`rootIterations`). */
  iterations?: number;
  /** bnb: most nodes explored (`maxNodes`, when the solver has that option). */
  nodes?: number;
  /** mpopt: most batches of dual passes (`maxBatches`). */
  batches?: number;
  /** fhg, bnb: most FAQ + 2-opt heuristic repetitions in the whole run (`heuristicRepetitions`); default
   * {@link DEFAULT_HEURISTIC_REPETITIONS}. */
  heuristicRepetitions?: number;
}

/** Heuristic repetitions of a budgeted fhg / bnb run by default: the original repeats its FAQ + 2-opt 100 times. */
export const DEFAULT_HEURISTIC_REPETITIONS = 100;

/** Methods that take no time limit (they always finish quickly). */
const UNTIMED = new Set(["random", "brute-force"]);

/** Methods whose primal heuristic shares time with the dual ascent unless counted (fhg; bnb's root runs the same). */
const TIME_SHARED_HEURISTIC = new Set(["fhg", "bnb"]);

function count(value: number | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  checkRange(Number.isInteger(value) && value >= 1, "budgetedOptions", `${what} must be an integer ≥ 1, got ${value}`);
  return value;
}

/**
 * Solver options for one run of `method` under a work `budget` and/or a `timeLimit` in seconds (both optional; the
 * quick presets give a budget and no time limit). A budget becomes the counts the solver understands (fhg/hg
 * `maxIterations`, bnb `rootIterations` + `maxNodes`, mpopt `maxBatches`), runs bnb on one thread (worker scheduling
 * is not deterministic) and makes the fhg / bnb-root heuristic clock-free: `heuristicSchedule: "count"` with a
 * repetition cap (`budget.heuristicRepetitions`, default 100 as the original), so its work is counted, not timed.
 *
 * @example
 * solveQap(problem, { method: "fhg", ...budgetedOptions("fhg", { iterations: 200 }) });
 */
export function budgetedOptions(
  method: string,
  budget: SolverBudget | null | undefined,
  timeLimit?: number,
): Record<string, unknown> {
  const fn = "budgetedOptions";
  const out: Record<string, unknown> = {};
  if (timeLimit !== undefined && !UNTIMED.has(method)) {
    checkRange(typeof timeLimit === "number" && timeLimit > 0, fn, `timeLimit must be positive, got ${timeLimit}`);
    out.timeLimit = timeLimit;
  }
  if (budget === null || budget === undefined) return out;
  checkType(typeof budget === "object", fn, "budget must be an object of counts (iterations, nodes, batches)");
  const iterations = count(budget.iterations, "budget.iterations");
  const nodes = count(budget.nodes, "budget.nodes");
  const batches = count(budget.batches, "budget.batches");
  const repetitions = count(budget.heuristicRepetitions, "budget.heuristicRepetitions");
  if (TIME_SHARED_HEURISTIC.has(method)) {
    out.heuristicSchedule = "count";
    out.heuristicRepetitions = repetitions ?? DEFAULT_HEURISTIC_REPETITIONS;
  }
  switch (method) {
    case "fhg":
    case "hg":
      if (iterations !== undefined) out.maxIterations = iterations;
      break;
    case "bnb":
      out.threads = 1;
      if (iterations !== undefined) out.rootIterations = iterations;
      if (nodes !== undefined) out.maxNodes = nodes;
      break;
    case "mpopt":
      if (batches !== undefined) out.maxBatches = batches;
      break;
  }
  return out;
}

/**
 * Takes the timing columns out of `rows`: `rows` without `columns`, and `timings` with the `keys` columns plus the
 * timing columns (one row per input row), so committed tables carry no wall-clock numbers.
 *
 * @example
 * const { rows: clean, timings } = splitTimings(rows, ["n", "seed", "variant"]);
 */
export function splitTimings(
  rows: readonly StudyRow[],
  keys: readonly string[],
  columns: readonly string[] = ["seconds"],
): { rows: StudyRow[]; timings: StudyRow[] } {
  const timed = new Set(columns);
  const clean = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !timed.has(k))));
  const timings = rows.map((r) =>
    Object.fromEntries([...keys, ...columns].filter((k) => Object.hasOwn(r, k)).map((k) => [k, r[k]]))
  );
  return { rows: clean, timings };
}

/** The meta note of a section whose runs have work budgets per size (key) and optional time limits. */
export function limitNote(
  budgets: Readonly<Record<string | number, SolverBudget>>,
  timeLimits: Readonly<Record<string | number, number>> = {},
): string {
  const keys = [...new Set([...Object.keys(budgets), ...Object.keys(timeLimits)])];
  const parts = keys.map((key) => {
    const b = budgets[key];
    const counts = b
      ? [
        b.iterations !== undefined ? `${b.iterations} iterations` : null,
        b.nodes !== undefined ? `${b.nodes} nodes` : null,
        b.batches !== undefined ? `${b.batches} batches` : null,
      ].filter(Boolean)
      : [];
    if (timeLimits[key] !== undefined) counts.push(`${timeLimits[key]} s`);
    return `n = ${key}: ${counts.length ? counts.join(", ") : "the solvers' own stopping rules"}`;
  });
  const clockFree = keys.filter((k) => timeLimits[k] === undefined && budgets[k] !== undefined);
  return `Run limits (${parts.join("; ")}).${
    clockFree.length
      ? ` Sizes without seconds run on work budgets (no time limit, fhg's heuristic counted in repetitions), so their results are the same on any machine; wall-clock seconds are in timings.csv (git-ignored for the quick preset), not in the tables.`
      : ""
  }`;
}
