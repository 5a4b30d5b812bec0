/**
 * `deno task study`: runs the paper's study sections and writes figures/ (HTML, PNG, SVG, CSV, MD) + figures/index.html.
 *
 *   deno task study [--section ID[,ID…]] [--preset quick|full] [--out DIR] [--formats html,png,svg]
 *   deno task study --section 5.2 --preset full --shard 3/16     (one part of a grid, e.g. a SLURM array task)
 *   deno task study --section 5.2 --preset full --merge          (combine the parts, draw figures and tables)
 * @module
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkWritable, writeFileAtomic } from "../core/atomic.ts";
import { EXPORT_FORMATS, type ExportFormat, FigureExporter, hasChromium } from "../plots/export.ts";
import { readGalleryIndex } from "../report/gallery.ts";
import { terminalProgress } from "../report/progress.ts";
import { NOTEBOOK_PRESETS, type NotebookPreset, notebookSectionConfig } from "../studies/notebook_run.ts";
import { getSection, STUDY_SECTIONS } from "../studies/sections.ts";
import type { StudySection } from "../studies/study.ts";
import { parseShard, runSectionJobs, type SectionProgress, type StudyRow } from "../studies/study.ts";
import {
  galleryKey,
  sectionOutputDir,
  sectionSlug,
  updateGallery,
  writeSectionOutput,
} from "../studies/write_output.ts";
import { parseFlags, runCli, UsageError, withoutInternalName } from "./_cli.ts";

const HELP = `Run the study: every section of the paper on the shipped data, figures and tables into figures/.

Usage: deno task study [options]
  --section IDS     comma-separated section ids (default: all): ${STUDY_SECTIONS.map((s) => s.id).join(", ")}
  --preset NAME     quick (default; sized for a 2-core machine), full (the paper's grid where data allow) or
                    smoke (seconds; a plumbing check)
  --out DIR         output folder (default figures)
  --formats LIST    figure formats (default html,png,svg; png/svg need Debian chromium)
  --shard i/n       run only every n-th job starting at i (1-based) and save its rows under DIR/shards/
  --merge           combine the saved shards of the section(s) and write figures and tables
  --list            list the sections and their jobs count, then exit
`;

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  return s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`;
}

function progressPrinter(): (p: SectionProgress) => void {
  const print = terminalProgress({ redraw: false });
  return (p) => print({ label: `  [${p.section}]`, done: p.done, total: p.total, seconds: p.seconds, unit: "jobs" });
}

function shardDir(outDir: string, sectionId: string): string {
  return join(outDir, "shards", sectionSlug(sectionId));
}

interface Shard {
  index: number;
  count: number;
  rows: StudyRow[];
}

/** One shard file; a corrupt or foreign file is a UsageError naming it. */
function readShard(path: string): Shard {
  let shard: Shard;
  try {
    shard = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`--merge: shard ${path} is not valid JSON (${(error as Error).message}); rerun its --shard`);
  }
  const ok = shard !== null && typeof shard === "object" && Number.isInteger(shard.index) &&
    Number.isInteger(shard.count) && shard.index >= 0 && shard.index < shard.count && Array.isArray(shard.rows);
  if (!ok) throw new UsageError(`--merge: shard ${path} lacks index, count or rows; rerun its --shard`);
  return shard;
}

function readShards(outDir: string, sectionId: string, preset: string): StudyRow[] {
  const dir = shardDir(outDir, sectionId);
  if (!existsSync(dir)) {
    throw new UsageError(`no shards for section ${sectionId} in ${dir}; run with --shard i/n first`);
  }
  const files = readdirSync(dir).filter((f) => f.startsWith(`${preset}-`) && f.endsWith(".json"));
  if (files.length === 0) throw new UsageError(`no ${preset} shards for section ${sectionId} in ${dir}`);
  const parsed = files.map((f) => readShard(join(dir, f)));
  const count = parsed[0].count;
  const have = new Set(parsed.filter((p) => p.count === count).map((p) => p.index));
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !have.has(i));
  if (missing.length > 0) {
    throw new UsageError(
      `section ${sectionId}: shards ${missing.map((i) => `${i + 1}/${count}`).join(", ")} are missing in ${dir}`,
    );
  }
  return parsed.filter((p) => p.count === count).sort((a, b) => a.index - b.index).flatMap((p) => p.rows);
}

const FLAGS = {
  section: { type: "string" },
  preset: { type: "string", default: "quick" },
  out: { type: "string", default: "figures" },
  formats: { type: "string", default: "html,png,svg" },
  shard: { type: "string" },
  merge: { type: "boolean" },
  list: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** The sections named by `--section` (all when the flag is absent; an empty or unknown id is an error). */
export function selectSections(value: string | undefined): StudySection<any, any>[] {
  if (value === undefined) return [...STUDY_SECTIONS];
  const ids = value.split(",").map((id) => id.trim());
  const known = STUDY_SECTIONS.map((s) => s.id).join(", ");
  if (ids.some((id) => id === "")) throw new UsageError(`--section needs section ids (${known}), got '${value}'`);
  try {
    return ids.map((id) => getSection(id));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function parsePreset(value: string): NotebookPreset {
  if (!NOTEBOOK_PRESETS.includes(value as NotebookPreset)) {
    throw new UsageError(`--preset must be one of ${NOTEBOOK_PRESETS.join(", ")}, got '${value}'`);
  }
  return value as NotebookPreset;
}

function parseFormats(value: string): ExportFormat[] {
  const formats = value.split(",").map((f) => f.trim()) as ExportFormat[];
  for (const f of formats) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(f)) {
      throw new UsageError(`--formats: unknown format '${f}' (${EXPORT_FORMATS.join(", ")})`);
    }
  }
  const usable = formats.some((f) => f === "png" || f === "svg") && !hasChromium()
    ? formats.filter((f) => f !== "png" && f !== "svg")
    : formats;
  if (usable.length < formats.length) {
    console.error("study: /usr/bin/chromium not found — writing HTML only (apt-get install chromium for PNG/SVG)");
  }
  return usable;
}

function listSections(sections: StudySection<any, any>[]): void {
  for (const s of sections) {
    const counts = NOTEBOOK_PRESETS.map((p) => `${p} ${s.jobs(notebookSectionConfig(s.id, p)).length}`).join(", ");
    console.log(`${s.id.padEnd(12)} ${s.title} (${s.paper}) — jobs: ${counts}`);
  }
}

/**
 * Before any section runs: `--out` can be written, and its gallery.json (every section's entries) reads, so a run
 * never ends by failing to save its figures or by dropping the other sections' entries.
 */
function checkOutputs(plan: RunPlan): void {
  try {
    checkWritable(join(plan.outDir, plan.shard ? "shards/.probe" : "gallery.json"));
  } catch (error) {
    const why = (error as Error).message.replace(/^cannot write [^:]*: /, "");
    throw new UsageError(`--out ${plan.outDir}: cannot write there (${why})`, { cause: error });
  }
  if (plan.shard) return;
  try {
    readGalleryIndex(join(plan.outDir, "gallery.json"));
  } catch (error) {
    throw new UsageError(withoutInternalName((error as Error).message), { cause: error });
  }
}

interface RunPlan {
  preset: NotebookPreset;
  outDir: string;
  formats: ExportFormat[];
  shard: { index: number; count: number } | undefined;
  merge: boolean;
}

/** Runs (or merges: shards are read before anything is printed) one section, then writes its shard or its outputs. */
async function runSection(
  section: StudySection<any, any>,
  plan: RunPlan,
  exporter: FigureExporter,
  position: string,
): Promise<void> {
  const { preset, outDir, shard } = plan;
  const config = notebookSectionConfig(section.id, preset);
  const merged = plan.merge ? readShards(outDir, section.id, preset) : null;
  console.error(
    `[${position}] Sec. ${section.id} — ${section.title} (${section.paper}); ${preset} preset, ${
      section.jobs(config).length
    } jobs${shard ? `, shard ${shard.index + 1}/${shard.count}` : ""}`,
  );
  const t0 = performance.now();
  const rows = merged ?? await runSectionJobs(section, config, { shard, onProgress: progressPrinter() });
  if (shard) {
    const path = join(shardDir(outDir, section.id), `${preset}-${shard.index + 1}-of-${shard.count}.json`);
    writeFileAtomic(
      path,
      JSON.stringify({ section: section.id, preset, index: shard.index, count: shard.count, rows }),
    );
    console.error(
      `  wrote ${rows.length} rows to ${path} (merge with --merge once all ${shard.count} shards are done)`,
    );
    return;
  }
  const output = section.summarize(rows, config);
  output.meta.preset = preset;
  const entries = await writeSectionOutput(output, outDir, exporter, plan.formats);
  updateGallery(outDir, galleryKey(section.id, preset), entries, STUDY_SECTIONS.map((s) => s.id));
  console.error(
    `  done in ${formatSeconds((performance.now() - t0) / 1000)}: ${Object.keys(output.figures).length} figures, ${
      Object.keys(output.tables).length
    } tables → ${sectionOutputDir(outDir, section.id, preset)}/`,
  );
}

async function main(): Promise<void> {
  const { values } = parseFlags(Deno.args, FLAGS);
  if (values.help) return void console.log(HELP);
  const preset = parsePreset(values.preset!);
  const sections = selectSections(values.section);
  if (values.shard && values.merge) throw new UsageError("give --shard or --merge, not both");
  let shard;
  try {
    shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.list) return listSections(sections);
  const plan: RunPlan = {
    preset,
    outDir: values.out!,
    formats: parseFormats(values.formats!),
    shard,
    merge: !!values.merge,
  };
  checkOutputs(plan);
  const exporter = new FigureExporter({ outDir: plan.outDir });
  const started = performance.now();
  const perSection: string[] = []; // wall time per section, printed only (never written into the outputs)
  try {
    for (const [k, section] of sections.entries()) {
      const t0 = performance.now();
      await runSection(section, plan, exporter, `${k + 1}/${sections.length}`);
      perSection.push(`${section.id} ${formatSeconds((performance.now() - t0) / 1000)}`);
    }
  } finally {
    await exporter.close();
  }
  if (!shard) {
    const seconds = (performance.now() - started) / 1000;
    console.error(
      `study: finished in ${formatSeconds(seconds)} (${perSection.join(", ")}); open ${
        join(plan.outDir, "index.html")
      }`,
    );
  }
}

if (import.meta.main) await runCli("study", main);
