/**
 * Margins for people and programs: the `--margins bound|exact` flag of `deno task solve` and `deno task match`, the
 * JSON fields (`margins`, one entry per row in row order, and `runnerUpGap`) and the text table, where each margin
 * also appears divided by the standard deviation of J over random matchings (margins/random_spread.ts) so margins of
 * different problems compare.
 * @module
 */
import { UsageError } from "../../core/run_main.ts";
import type { QapProblem } from "../problem.ts";
import { MARGIN_MODES, type MarginMode, type MarginProgress, type MarginReport, marginsOf } from "./margins.ts";
import { type CostSpread, randomCostSpread } from "./random_spread.ts";

/** Help text of the `--margins` flag, its description starting at `column` (the commands align theirs). */
export function marginsFlagHelp(column = 23): string {
  const pad = " ".repeat(column);
  return `${"  --margins MODE".padEnd(column)}per-pair margins of the matching (how much more any matching that changes
${pad}the pair costs): bound (from the Hahn–Grant dual state, fast) or exact (branch and
${pad}bound, much slower; --time-limit also limits it); lower … upper, and in sds of
${pad}the cost of random matchings`;
}

/** `--margins` as a mode, null when not given; a one-line UsageError for anything else. */
export function parseMarginsFlag(value: string | undefined): MarginMode | null {
  if (value === undefined) return null;
  if (!(MARGIN_MODES as readonly string[]).includes(value)) {
    throw new UsageError(`--margins must be one of ${MARGIN_MODES.join(", ")}, got '${value}'`);
  }
  return value as MarginMode;
}

/** Margins with the spread of random matchings they are compared with. */
export interface MarginsWithSpread {
  report: MarginReport;
  spread: CostSpread;
}

/**
 * Margins of `permutation` (see margins.ts `marginsOf`; `bound`: the solve's certified bound) and the random-matching
 * spread, with a progress line per step on stderr unless `quiet`.
 */
export function computeMargins(
  problem: QapProblem,
  permutation: ArrayLike<number>,
  mode: MarginMode,
  options: { bound?: number | null; timeLimit?: number; quiet?: boolean } = {},
): MarginsWithSpread {
  const onProgress = options.quiet ? undefined : (p: MarginProgress) =>
    console.error(
      `[margins] ${p.seconds.toFixed(1)} s  ` +
        (p.phase === "ascent"
          ? `dual ascent done, ${p.done}/${p.total} rows exact`
          : `searched ${p.done}/${p.total} row groups`),
    );
  const report = marginsOf(problem, permutation, {
    mode,
    bound: options.bound ?? null,
    ...(options.timeLimit !== undefined ? { timeLimit: options.timeLimit } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  return { report, spread: randomCostSpread(problem) };
}

/** A number for JSON: ±Infinity (no alternative exists) as null. */
function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** One JSON margin entry. */
export interface MarginJson {
  row: number;
  column: number;
  lower: number | null;
  upper: number | null;
  exact: boolean;
  /** lower / sd of J over random matchings. */
  lowerRatio: number | null;
  upperRatio: number | null;
}

/** The JSON fields margins add to a command's output. */
export interface MarginsJson {
  margins: MarginJson[];
  runnerUpGap: { lower: number | null; upper: number | null; exact: boolean };
  marginsInfo: {
    mode: MarginMode;
    /** The permutation proven optimal by its margins (or the solve's bound). */
    optimal: boolean;
    /** Rounding allowance: an exact entry's lower and upper differ by at most twice this. */
    allowance: number;
    randomCostSd: number;
    randomSamples: number;
    timedOut: boolean;
    seconds: number;
  };
}

/** The JSON fields of {@link MarginsJson} (null for ±Infinity). */
export function marginsJson({ report, spread }: MarginsWithSpread): MarginsJson {
  const ratio = (x: number) => finite(spread.sd > 0 ? x / spread.sd : NaN);
  return {
    margins: report.margins.map((m) => ({
      row: m.row,
      column: m.column,
      lower: finite(m.lower),
      upper: finite(m.upper),
      exact: m.exact,
      lowerRatio: ratio(m.lower),
      upperRatio: ratio(m.upper),
    })),
    runnerUpGap: {
      lower: finite(report.runnerUpGap.lower),
      upper: finite(report.runnerUpGap.upper),
      exact: report.runnerUpGap.exact,
    },
    marginsInfo: {
      mode: report.mode,
      optimal: report.optimal,
      allowance: report.allowance,
      randomCostSd: spread.sd,
      randomSamples: spread.samples,
      timedOut: report.timedOut,
      seconds: report.seconds,
    },
  };
}

/** `x` to 4 significant digits; ∞ for Infinity. */
function short(x: number): string {
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "−∞";
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(4)));
}

/** "4.136" for an exact entry, "2.1 … 4.136" otherwise. */
function bracket(lower: number, upper: number, exact: boolean): string {
  return exact ? short(upper) : `${short(lower)} … ${short(upper)}`;
}

/** Display options of {@link formatMarginsTable}. */
export interface MarginTableOptions {
  /** Print rows and columns 1-based (QAPLIB). */
  oneBased?: boolean;
  /** Names of the rows / columns (e.g. class names), shown beside the indices. */
  rowNames?: readonly (string | null)[] | null;
  columnNames?: readonly (string | null)[] | null;
  /** Whether each pair is correct (known truth): ✓ / ✗. */
  correct?: readonly (boolean | null)[] | null;
}

/**
 * The margins as text: a summary (mode, runner-up gap, random-matching sd, whether the margins prove the matching
 * optimal) and one line per pair, smallest margin first: row → column, margin (exact value or lower … upper) and the
 * margin in random-matching sds.
 */
export function formatMarginsTable({ report, spread }: MarginsWithSpread, options: MarginTableOptions = {}): string {
  const base = options.oneBased ? 1 : 0;
  const sd = spread.sd;
  const inSd = (x: number) => (sd > 0 && Number.isFinite(x) ? (x / sd).toFixed(3) : "—");
  const gap = report.runnerUpGap;
  const exactCount = report.margins.filter((m) => m.exact).length;
  const lines = [
    `margins (${report.mode}): ${exactCount}/${report.n} exact in ${report.seconds.toFixed(2)} s` +
    (report.timedOut ? " (time limit: the rest are brackets)" : ""),
    `runner-up gap   ${bracket(gap.lower, gap.upper, gap.exact)}  (${inSd(gap.lower)} sd)`,
    `random sd       ${short(sd)}  (sd of the cost over ${spread.samples} random matchings, seed ${spread.seed})`,
    `optimal         ${
      report.optimal ? "yes: every matching that changes a pair costs at least as much" : "not shown by the margins"
    }`,
  ];
  const order = [...report.margins].sort((x, y) => x.lower - y.lower || x.row - y.row);
  const label = (i: number, names?: readonly (string | null)[] | null) =>
    `${i + base}${names?.[i] ? ` ${names[i]}` : ""}`;
  const rows = order.map((m) => [
    `${label(m.row, options.rowNames)} → ${label(m.column, options.columnNames)}`,
    bracket(m.lower, m.upper, m.exact),
    m.exact ? inSd(m.upper) : `${inSd(m.lower)} … ${inSd(m.upper)}`,
    options.correct?.[m.row] == null ? "" : options.correct[m.row] ? "✓" : "✗",
  ]);
  const header = ["pair", "margin", "margin / sd", ""];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => "  " + cells.map((s, c) => s.padEnd(widths[c])).join("  ").trimEnd();
  lines.push(line(header), ...rows.map(line));
  return lines.join("\n");
}

/** A pair of a blind match as its report lists it (lib/pipeline/match_report.ts `MatchPair`). */
export interface NamedPair {
  vision: number;
  language: number;
  visionName: string | null;
  languageName: string | null;
  correct: boolean | null;
}

/** {@link formatMarginsTable} for a blind match: rows and columns named as the match report names them. */
export function formatMatchMargins(margins: MarginsWithSpread, pairs: readonly NamedPair[]): string {
  const columnNames: (string | null)[] = new Array(pairs.length).fill(null);
  for (const q of pairs) columnNames[q.language] = q.languageName;
  return formatMarginsTable(margins, {
    rowNames: pairs.map((q) => q.visionName),
    columnNames,
    correct: pairs.map((q) => q.correct),
  });
}
