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
import { parseArgs } from "node:util";
import { writeFileAtomic } from "../io/atomic.ts";
import { EXPORT_FORMATS, type ExportFormat, FigureExporter, hasChromium } from "../plots/export.ts";
import { NOTEBOOK_PRESETS, type NotebookPreset, notebookSectionConfig } from "../studies/notebook_run.ts";
import { getSection, STUDY_SECTIONS } from "../studies/sections.ts";
import { parseShard, runSectionJobs, type SectionProgress, type StudyRow } from "../studies/study.ts";
import { sectionSlug, updateGallery, writeSectionOutput } from "../studies/write_output.ts";
import { runCli, UsageError } from "./_cli.ts";

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
  let lastPrint = 0;
  return (p) => {
    const now = performance.now();
    if (p.done < p.total && now - lastPrint < 5000) return;
    lastPrint = now;
    const eta = p.done > 0 ? (p.seconds / p.done) * (p.total - p.done) : NaN;
    console.error(
      `  [${p.section}] ${p.done}/${p.total} jobs · ${formatSeconds(p.seconds)} elapsed · ETA ${formatSeconds(eta)}`,
    );
  };
}

function shardDir(outDir: string, sectionId: string): string {
  return join(outDir, "shards", sectionSlug(sectionId));
}

function readShards(outDir: string, sectionId: string, preset: string): StudyRow[] {
  const dir = shardDir(outDir, sectionId);
  if (!existsSync(dir)) {
    throw new UsageError(`no shards for section ${sectionId} in ${dir}; run with --shard i/n first`);
  }
  const files = readdirSync(dir).filter((f) => f.startsWith(`${preset}-`) && f.endsWith(".json"));
  if (files.length === 0) throw new UsageError(`no ${preset} shards for section ${sectionId} in ${dir}`);
  const parsed = files.map((f) =>
    JSON.parse(readFileSync(join(dir, f), "utf8")) as { index: number; count: number; rows: StudyRow[] }
  );
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

await runCli("study", async () => {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      section: { type: "string" },
      preset: { type: "string", default: "quick" },
      out: { type: "string", default: "figures" },
      formats: { type: "string", default: "html,png,svg" },
      shard: { type: "string" },
      merge: { type: "boolean" },
      list: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) return void console.log(HELP);
  const preset = values.preset! as NotebookPreset;
  if (!NOTEBOOK_PRESETS.includes(preset)) {
    throw new UsageError(`--preset must be one of ${NOTEBOOK_PRESETS.join(", ")}, got '${preset}'`);
  }
  let sections;
  try {
    sections = values.section ? values.section.split(",").map((id) => getSection(id.trim())) : [...STUDY_SECTIONS];
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.list) {
    for (const s of sections) {
      const counts = NOTEBOOK_PRESETS.map((p) => `${p} ${s.jobs(notebookSectionConfig(s.id, p)).length}`).join(", ");
      console.log(`${s.id.padEnd(12)} ${s.title} (${s.paper}) — jobs: ${counts}`);
    }
    return;
  }
  if (values.shard && values.merge) throw new UsageError("give --shard or --merge, not both");
  let shard;
  try {
    shard = values.shard ? parseShard(values.shard) : undefined;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const formats = values.formats!.split(",").map((f) => f.trim()) as ExportFormat[];
  for (const f of formats) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(f)) {
      throw new UsageError(`--formats: unknown format '${f}' (${EXPORT_FORMATS.join(", ")})`);
    }
  }
  const imageFormats = formats.filter((f) => f === "png" || f === "svg");
  const usable = imageFormats.length > 0 && !hasChromium()
    ? formats.filter((f) => f !== "png" && f !== "svg")
    : formats;
  if (usable.length < formats.length) {
    console.error("study: /usr/bin/chromium not found — writing HTML only (apt-get install chromium for PNG/SVG)");
  }
  const outDir = values.out!;
  const exporter = new FigureExporter({ outDir });
  const started = performance.now();
  try {
    for (const [k, section] of sections.entries()) {
      const config = notebookSectionConfig(section.id, preset);
      const jobCount = section.jobs(config).length;
      console.error(
        `[${
          k + 1
        }/${sections.length}] Sec. ${section.id} — ${section.title} (${section.paper}); ${preset} preset, ${jobCount} jobs${
          shard ? `, shard ${shard.index + 1}/${shard.count}` : ""
        }`,
      );
      const t0 = performance.now();
      let rows: StudyRow[];
      if (values.merge) {
        rows = readShards(outDir, section.id, preset);
      } else {
        rows = await runSectionJobs(section, config, { shard, onProgress: progressPrinter() });
      }
      if (shard) {
        const path = join(shardDir(outDir, section.id), `${preset}-${shard.index + 1}-of-${shard.count}.json`);
        writeFileAtomic(
          path,
          JSON.stringify({ section: section.id, preset, index: shard.index, count: shard.count, rows }),
        );
        console.error(
          `  wrote ${rows.length} rows to ${path} (merge with --merge once all ${shard.count} shards are done)`,
        );
        continue;
      }
      const output = section.summarize(rows, config);
      output.meta.preset = preset;
      const entries = await writeSectionOutput(output, outDir, exporter, usable);
      updateGallery(outDir, section.id, entries, STUDY_SECTIONS.map((s) => s.id));
      console.error(
        `  done in ${formatSeconds((performance.now() - t0) / 1000)}: ${Object.keys(output.figures).length} figures, ${
          Object.keys(output.tables).length
        } tables → ${join(outDir, sectionSlug(section.id))}/`,
      );
    }
  } finally {
    await exporter.close();
  }
  if (!shard) {
    console.error(
      `study: finished in ${formatSeconds((performance.now() - started) / 1000)}; open ${join(outDir, "index.html")}`,
    );
  }
});
