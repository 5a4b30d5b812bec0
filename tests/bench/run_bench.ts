/**
 * Benchmark runner (`deno task bench`): imports every `tests/bench/<topic>_bench.ts` (files starting with `_` are
 * helpers), calls its `bench({ quick, root, log })` and prints ONE table of all rows — group, instance, n, solver,
 * cost, gap to best known (%), bound, seconds, reference seconds, ratio (seconds / reference), goal, pass — followed
 * by a summary of goals met and missed.
 *
 * A bench file that exports `ON_REQUEST_ONLY = true` (hours of work) runs only when `--only` names it.
 * Options: `--quick` (smaller workloads), `--only <topic,...>` (bench files to run; unknown topics are an error),
 * `--json <file>`
 * (also write the rows as JSON). Exit code 1 when a bench module fails to load or throws; missed goals are reported
 * but do not fail the run (timings on a shared machine are noisy).
 */
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseFlags, runCli, UsageError } from "../../lib/cli/_cli.ts";
import type { BenchContext, BenchFunction, BenchRow } from "./_bench.ts";

const HELP = `usage: deno task bench [--quick] [--only TOPIC[,TOPIC…]] [--json FILE]
  --quick        smaller workloads (a smoke run)
  --only LIST    run only these bench files (topics: the <topic>_bench.ts files in tests/bench/)
  --json FILE    also write the rows as JSON
Prints one table of all rows and the goals met / missed; exit 1 when a bench module fails.`;

/** The topics `--only` selects; an unknown one is a UsageError listing the topics. */
export function selectTopics(value: string | undefined, topics: readonly string[]): Set<string> | null {
  if (value === undefined) return null;
  const only = new Set(value.split(",").map((s) => s.trim()).filter((s) => s !== ""));
  if (only.size === 0) throw new UsageError(`--only needs bench topics (${topics.join(", ")}), got '${value}'`);
  for (const name of only) {
    if (!topics.includes(name)) {
      throw new UsageError(`--only: unknown bench topic '${name}' (topics: ${topics.join(", ")})`);
    }
  }
  return only;
}

/** A bench row as printed and written to JSON, with the derived columns. */
export interface BenchReportRow extends BenchRow {
  /** (cost − bestKnown) / |bestKnown| in percent, or null. */
  gapPercent: number | null;
  /** seconds / referenceSeconds, or null. */
  ratio: number | null;
}

/** Bench files in `dir`: `<topic>_bench.ts`, not starting with `_`, not this runner; sorted [topic, path] pairs. */
export function findBenchFiles(dir: string): [string, string][] {
  return readdirSync(dir)
    .filter((name) => name.endsWith("_bench.ts") && !name.startsWith("_") && name !== "run_bench.ts")
    .sort()
    .map((name) => [name.slice(0, -"_bench.ts".length), join(dir, name)]);
}

/** Adds the gap and ratio columns. */
export function deriveColumns(row: BenchRow): BenchReportRow {
  const { cost, bestKnown, seconds, referenceSeconds } = row;
  const gapPercent = cost != null && bestKnown != null && Number.isFinite(cost) && bestKnown !== 0
    ? (100 * (cost - bestKnown)) / Math.abs(bestKnown)
    : cost != null && bestKnown === 0
    ? (cost === 0 ? 0 : null)
    : null;
  const ratio = referenceSeconds != null && referenceSeconds > 0 ? seconds / referenceSeconds : null;
  return { ...row, gapPercent, ratio };
}

function formatNumber(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined) return "";
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e7 || Math.abs(x) < 1e-4)) return x.toExponential(digits - 1);
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(digits)));
}

/** Renders the rows as one fixed-width text table. */
export function formatTable(rows: BenchReportRow[]): string {
  const header = [
    "group",
    "instance",
    "n",
    "solver",
    "cost",
    "gap%",
    "bound",
    "seconds",
    "ref s",
    "ratio",
    "goal",
    "pass",
  ];
  const body = rows.map((r) => [
    r.group,
    r.instance,
    String(r.n),
    r.solver,
    formatNumber(r.cost, 8),
    formatNumber(r.gapPercent, 3),
    formatNumber(r.bound, 8),
    formatNumber(r.seconds),
    formatNumber(r.referenceSeconds),
    formatNumber(r.ratio, 3),
    r.goal ?? "",
    r.pass === true ? "yes" : r.pass === false ? "NO" : "",
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...body.map((cells) => cells[k].length)));
  const numeric = new Set([2, 4, 5, 6, 7, 8, 9]);
  const line = (cells: string[]) =>
    cells.map((c, k) => (numeric.has(k) ? c.padStart(widths[k]) : c.padEnd(widths[k]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

/** Summary lines: goals met / missed (with the missed rows listed). */
export function formatSummary(rows: BenchReportRow[], failedModules: string[]): string {
  const withGoal = rows.filter((r) => r.pass === true || r.pass === false);
  const missed = withGoal.filter((r) => r.pass === false);
  const lines = [`goals: ${withGoal.length - missed.length} met, ${missed.length} missed (of ${withGoal.length})`];
  for (const r of missed) lines.push(`  missed: ${r.group} ${r.instance} n=${r.n} ${r.solver}: ${r.goal ?? ""}`);
  for (const name of failedModules) lines.push(`  ERROR: bench module ${name} failed`);
  return lines.join("\n");
}

async function main(): Promise<number> {
  const { values } = parseFlags(Deno.args, {
    quick: { type: "boolean" },
    only: { type: "string" },
    json: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const benchDir = dirname(new URL(import.meta.url).pathname);
  const root = resolve(benchDir, "..", "..");
  const all = findBenchFiles(benchDir);
  const only = selectTopics(values.only, all.map(([topic]) => topic));
  if (values.json !== undefined && !existsSync(dirname(resolve(values.json)))) {
    throw new UsageError(`--json: folder ${dirname(resolve(values.json))} does not exist`);
  }
  const log = (message: string) => console.error(`[bench] ${message}`);
  const context: BenchContext = { quick: values.quick ?? false, root, log };
  const rows: BenchReportRow[] = [];
  const failed: string[] = [];
  const files = all.filter(([topic]) => only === null || only.has(topic));
  for (const [topic, path] of files) {
    log(`${basename(path)}${context.quick ? " (quick)" : ""}`);
    try {
      const module = await import(new URL(`file://${path}`).href);
      const bench = module.bench as BenchFunction | undefined;
      if (typeof bench !== "function") throw new TypeError(`${basename(path)} does not export bench(context)`);
      if (module.ON_REQUEST_ONLY === true && only === null) {
        log(`${basename(path)}: runs for hours, only on request (--only ${topic})`);
        continue;
      }
      const produced = await bench(context);
      for (const row of produced) {
        if (only === null || only.has(row.group) || only.has(topic)) rows.push(deriveColumns(row));
      }
    } catch (error) {
      failed.push(basename(path));
      log(`${basename(path)} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
  }
  console.log(formatTable(rows));
  console.log("");
  console.log(formatSummary(rows, failed));
  if (values.json) {
    writeFileSync(values.json, JSON.stringify({ quick: context.quick, failedModules: failed, rows }, null, 2) + "\n");
    log(`wrote ${values.json}`);
  }
  return failed.length > 0 ? 1 : 0;
}

if (import.meta.main) {
  await runCli("bench", async () => {
    const code = await main();
    if (code !== 0) Deno.exit(code);
  });
}
