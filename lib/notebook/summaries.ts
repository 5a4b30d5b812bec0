/**
 * What a section's run found, computed from its tables: the "Observed in this run" cell output of the section
 * notebooks (numbers are never hand-written into markdown, where they go stale). One function per section id; each
 * returns Markdown bullets and falls back to table sizes when a table it reads is missing.
 * @module
 */
import type * as aq from "arquero";
import { checkType } from "../core/errors.ts";
import { meanSdBy } from "../core/table.ts";
import type { StudyOutput } from "../studies/study.ts";

type Row = Record<string, unknown>;

const CONTROL_FAMILIES = new Set(["random", "random-vit", "pixel-values"]);

const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
const num = (v: unknown) => Number(v);
const truthy = (v: unknown) => v === true || v === "true" || v === 1;
const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : "–");

function rows(output: StudyOutput, name: string, columns: readonly string[]): Row[] | null {
  const table = output.tables[name] as aq.ColumnTable | undefined;
  if (!table || table.numRows() === 0) return null;
  const have = table.columnNames();
  return columns.every((c) => have.includes(c)) ? (table.objects() as Row[]) : null;
}

function groupMeans(list: Row[], keys: string[], value: string): Row[] {
  return meanSdBy(list.map((r) => ({ ...r, [value]: num(r[value]) })), keys, value).objects() as Row[];
}

function shuffling(out: StudyOutput): string[] | null {
  const mono = rows(out, "monotonicity", [
    "dataset",
    "metric",
    "vision",
    "family",
    "n",
    "violationsAt",
    "strictlyMonotone",
  ]);
  if (!mono) return null;
  const real = mono.filter((r) => !CONTROL_FAMILIES.has(String(r.family)));
  const broken = real.filter((r) => !truthy(r.strictlyMonotone));
  const firstBreak = (r: Row) => Math.min(...String(r.violationsAt).split(" ").filter(Boolean).map(Number)) / num(r.n);
  const early = broken.filter((r) => firstBreak(r) < 0.9).sort((a, b) => firstBreak(a) - firstBreak(b));
  const lines = [
    `${
      real.length - broken.length
    } of ${real.length} mean curves of trained models fall strictly monotonically with shuffling (the paper: all).`,
    `${
      broken.length - early.length
    } break strictness only at ≥ 90 % shuffling (where the expected score is flat), ${early.length} earlier.`,
  ];
  if (early.length) {
    const r = early[0];
    lines.push(`Earliest break: ${r.vision}, ${r.metric} on ${r.dataset}, at ${pct(firstBreak(r))} shuffling.`);
  }
  return lines;
}

function smallScale(out: StudyOutput): string[] | null {
  const runs = rows(out, "runs", ["vision", "language", "metric", "accuracy", "n"]);
  if (!runs) return null;
  const n = num(runs[0].n);
  const byMetric = groupMeans(runs, ["metric"], "accuracy").sort((a, b) => num(b.mean) - num(a.mean));
  const byPair = groupMeans(runs, ["vision", "language", "metric"], "accuracy").sort((a, b) =>
    num(b.mean) - num(a.mean)
  );
  const pairs = groupMeans(runs, ["vision", "language"], "accuracy");
  const above = pairs.filter((p) => num(p.mean) > 1 / n).length;
  const best = byPair[0];
  return [
    `${above} of ${pairs.length} model pairs beat the random level 1/n = ${
      fmt(1 / n, 2)
    } (mean over metrics and seeds).`,
    `Best: ${best.vision} + ${best.language} with ${best.metric}, accuracy ${fmt(num(best.mean), 2)}.`,
    `Mean accuracy by metric: ${byMetric.map((m) => `${m.metric} ${fmt(num(m.mean), 2)}`).join(", ")}.`,
  ];
}

function largeScale(out: StudyOutput): string[] | null {
  const runs = rows(out, "runs", ["vision", "size", "accuracy", "optimal"]);
  if (!runs) return null;
  const sizes = [...new Set(runs.map((r) => num(r.size)))].sort((a, b) => a - b);
  const models = groupMeans(runs, ["vision", "size"], "accuracy");
  return sizes.map((size) => {
    const at = models.filter((m) => num(m.size) === size).map((m) => num(m.mean));
    const mine = runs.filter((r) => num(r.size) === size);
    const proven = mine.filter((r) => truthy(r.optimal)).length;
    // which solver proved it: FHG itself, or branch and bound on the problems FHG left unproven
    const by = (solver: string) => mine.filter((r) => r.provenBy === solver).length;
    const credit = mine.some((r) => r.provenBy !== undefined) ? ` (fhg ${by("fhg")}, bnb ${by("bnb")})` : "";
    const range = at.length > 1
      ? `${fmt(Math.min(...at), 2)}–${fmt(Math.max(...at), 2)} over ${at.length} models`
      : fmt(at[0], 2);
    return `n = ${size}: mean accuracy ${range} (random ${
      fmt(1 / size, 3)
    }); ${proven} of ${mine.length} runs proven optimal${credit}.`;
  });
}

function solverSmall(out: StudyOutput): string[] | null {
  const runs = rows(out, "runs", ["solver", "accuracy", "global"]);
  if (!runs) return null;
  const bySolver = groupMeans(runs, ["solver"], "accuracy");
  return bySolver.map((s) => {
    const mine = runs.filter((r) => r.solver === s.solver);
    const global = mine.filter((r) => truthy(r.global)).length;
    return `${s.solver}: mean accuracy ${fmt(num(s.mean), 2)}, global optimum in ${global} of ${mine.length} runs.`;
  });
}

function solverLarger(out: StudyOutput): string[] | null {
  const list = rows(out, "summary", ["n", "solver", "cost", "bound", "optimal"]);
  if (!list) return null;
  const sizes = [...new Set(list.map((r) => num(r.n)))].sort((a, b) => a - b);
  return sizes.map((n) => {
    const at = list.filter((r) => num(r.n) === n && Number.isFinite(num(r.cost)));
    const lowest = Math.min(...at.map((r) => num(r.cost)));
    const best = at.filter((r) => num(r.cost) <= lowest + 1e-9 * Math.max(1, Math.abs(lowest))).map((r) => r.solver);
    const bounded = at.filter((r) => r.bound !== null && r.bound !== "" && Number.isFinite(num(r.bound)));
    const proven = at.filter((r) => truthy(r.optimal)).map((r) => r.solver);
    return `n = ${n}: lowest cost ${fmt(lowest)} by ${best.join(", ")}; bounds from ${
      bounded.map((r) => `${r.solver} (${fmt(num(r.bound))})`).join(", ") || "none"
    }; proven optimal: ${proven.join(", ") || "none"}.`;
  });
}

function unsupervised(out: StudyOutput): string[] | null {
  const runs = rows(out, "runs", ["vision", "language", "accuracy", "gtAccuracy", "matchingAccuracy"]);
  if (!runs) return null;
  const acc = groupMeans(runs, ["vision", "language"], "accuracy");
  const match = groupMeans(runs, ["vision", "language"], "matchingAccuracy");
  const oracle = groupMeans(runs, ["vision"], "gtAccuracy");
  const key = (r: Row) => `${r.vision} + ${r.language}`;
  const matchOf = new Map(match.map((m) => [key(m), num(m.mean)]));
  const classes = Math.max(...runs.map((r) => String(r.clusterToClass ?? "").split(" ").filter(Boolean).length), 0);
  const chance = classes > 0 ? 1 / classes : 0.1;
  const sorted = [...acc].sort((a, b) => num(b.mean) - num(a.mean));
  const top = sorted[0];
  const topAbove = sorted.find((r) => (matchOf.get(key(r)) ?? 0) > chance + 1e-9);
  const lines = [
    `Highest classification accuracy: ${key(top)}, ${pct(num(top.mean))} (clusters matched to classes ${
      pct(matchOf.get(key(top)) ?? NaN)
    } right; chance ${pct(chance)}).`,
  ];
  if (topAbove && topAbove !== top) {
    lines.push(
      `Best pair whose matching beats chance: ${key(topAbove)}, ${pct(num(topAbove.mean))} (matching ${
        pct(matchOf.get(key(topAbove))!)
      } right).`,
    );
  }
  lines.push(`Oracle cluster → class accuracy: ${oracle.map((o) => `${o.vision} ${pct(num(o.mean))}`).join(", ")}.`);
  return lines;
}

function ablation(out: StudyOutput): string[] | null {
  const runs = rows(out, "runs", ["n", "label", "cost", "bound", "iterations"]);
  if (!runs) return null;
  // branch and bound's "iterations" are search nodes: kept out of the iteration comparison of the dual-ascent rows
  const isSearch = (r: Row) => r.variant === "branch-and-bound" || /^branch and bound/.test(String(r.label));
  const sizes = [...new Set(runs.map((r) => num(r.n)))].sort((a, b) => a - b);
  return sizes.flatMap((n) => {
    const at = runs.filter((r) => num(r.n) === n);
    const ascent = at.filter((r) => !isSearch(r)), search = at.filter(isSearch);
    const bounds = groupMeans(at, ["label"], "bound");
    const costs = groupMeans(at, ["label"], "cost");
    const high = bounds.reduce((a, b) => (num(b.mean) > num(a.mean) ? b : a));
    const low = bounds.reduce((a, b) => (num(b.mean) < num(a.mean) ? b : a));
    const cheap = costs.reduce((a, b) => (num(b.mean) < num(a.mean) ? b : a));
    const lines = [`n = ${n}: highest bound ${high.label}, lowest bound ${low.label}, lowest cost ${cheap.label}.`];
    if (ascent.length > 0) {
      const iters = groupMeans(ascent, ["label"], "iterations");
      const base = num(iters[0].mean);
      const ratios = iters.slice(1).map((r) => num(r.mean) / base);
      if (ratios.length > 0) {
        lines.push(
          `n = ${n}: the other dual-ascent rows do ${fmt(Math.min(...ratios), 1)}–${
            fmt(Math.max(...ratios), 1)
          }× the iterations of ${iters[0].label}.`,
        );
      }
    }
    if (search.length > 0) {
      const proven = search.filter((r) => truthy(r.optimal)).length;
      const nodes = search.map((r) => num(r.iterations));
      lines.push(
        `n = ${n}: branch and bound searched ${Math.min(...nodes)}–${
          Math.max(...nodes)
        } nodes per run and proved ${proven} of ${search.length} optima.`,
      );
    }
    return lines;
  });
}

/** Seconds summed over the run's `timings` table (null without one). */
function solverSeconds(output: StudyOutput): number | null {
  const table = output.timings as aq.ColumnTable | undefined;
  if (!table || table.numRows() === 0 || !table.columnNames().includes("seconds")) return null;
  return (table.objects() as Row[]).reduce((sum, r) => sum + (Number.isFinite(num(r.seconds)) ? num(r.seconds) : 0), 0);
}

const SUMMARIES: Readonly<Record<string, (out: StudyOutput) => string[] | null>> = Object.freeze({
  "3": shuffling,
  "5.1": smallScale,
  "5.2": largeScale,
  "5.3-small": solverSmall,
  "5.3-larger": solverLarger,
  "5.4": unsupervised,
  "D.3": ablation,
});

/**
 * Markdown bullets saying what this run of a section found (computed from its tables, never hand-written), headed
 * by the preset; for a section without a summary or tables without the expected columns, the table sizes.
 */
export function sectionSummary(output: StudyOutput): string {
  checkType(
    output !== null && typeof output === "object" && typeof output.tables === "object",
    "sectionSummary",
    "output must be a StudyOutput {section, tables, figures, meta}",
  );
  const lines = SUMMARIES[output.section]?.(output) ??
    Object.entries(output.tables).map(([name, t]) => `Table \`${name}\`: ${t.numRows()} rows.`);
  const seconds = solverSeconds(output);
  if (seconds !== null) {
    lines.push(
      `Solver time of this run: ${seconds.toFixed(1)} s summed over its runs (this machine; \`timings\` table).`,
    );
  }
  return [
    `**Observed in this run** (section ${output.section}, preset \`${
      output.meta?.preset || "?"
    }\`; computed from the run's tables):`,
    "",
    ...lines.map((l) => `- ${l}`),
  ].join("\n");
}
