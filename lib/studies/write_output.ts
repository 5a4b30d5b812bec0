/**
 * Writes a section's output to disk: figures (HTML always, PNG/SVG through headless Chromium), tables (CSV and
 * Markdown), a meta.json, and the gallery entries that `figures/index.html` is built from.
 * @module
 */
import { join, relative, resolve } from "node:path";
import { writeFileAtomic } from "../core/atomic.ts";
import type { ExportFormat, FigureExporter } from "../plots/export.ts";
import { type GalleryEntry, readGalleryIndex, writeGallery } from "../report/gallery.ts";
import { writeTable } from "../report/tables.ts";
import type { StudyOutput } from "./study.ts";

/** File-name stem of a section id ("5.3-small" → "sec5_3-small", "D.3" → "secD_3"). */
export function sectionSlug(id: string): string {
  return `sec${id.replace(/\./g, "_")}`;
}

/**
 * Where a section's tables and meta go: `<outDir>/<slug>/` for the `quick` preset (what `deno task study` writes),
 * `<outDir>/<slug>/<preset>/` for any other, so a quick run never overwrites a committed `full` run (or a smoke test's).
 */
export function sectionOutputDir(outDir: string, sectionId: string, preset: string): string {
  const dir = join(outDir, sectionSlug(sectionId));
  return preset === "quick" ? dir : join(dir, preset);
}

/** The gallery key of a section's run: its id for `quick`, "id (preset)" otherwise (listed after the quick one). */
export function galleryKey(sectionId: string, preset: string): string {
  return preset === "quick" ? sectionId : `${sectionId} (${preset})`;
}

/** `path` relative to the gallery folder `outDir` (so gallery.json and index.html hold no machine-specific paths). */
function galleryPath(outDir: string, path: string): string {
  return relative(resolve(outDir), resolve(path));
}

/**
 * Writes figures, tables and meta of `output` under `sectionOutputDir(outDir, section, output.meta.preset)` (figure
 * files beside the gallery, named `<slug>_<figure>`, or `<slug>_<preset>_<figure>` for a preset other than quick);
 * returns its gallery entries.
 */
export async function writeSectionOutput(
  output: StudyOutput,
  outDir: string,
  exporter: FigureExporter,
  formats: readonly ExportFormat[],
): Promise<GalleryEntry[]> {
  const preset = output.meta.preset || "quick";
  const slug = preset === "quick" ? sectionSlug(output.section) : `${sectionSlug(output.section)}_${preset}`;
  const dir = sectionOutputDir(outDir, output.section, preset);
  const data = [...output.meta.datasets, ...output.meta.models].join("; ");
  const note = `Sec. ${output.section} · preset ${preset}`;
  const title = preset === "quick" ? output.title : `${output.title} (${preset} preset)`;
  const entries: GalleryEntry[] = [];
  for (const [name, item] of Object.entries(output.figures)) {
    const exported = await exporter.export(item.figure, `${slug}_${name}`, formats, {
      caption: {
        text: item.caption,
        units: item.units,
        data: output.meta.datasets,
        models: output.meta.models,
        run: `deno task study, preset ${preset} (Sec. ${output.section})`,
        paper: item.paper,
        notes: item.notes,
      },
    });
    const files: Record<string, string> = {};
    for (const [kind, path] of Object.entries(exported.files)) if (path) files[kind] = galleryPath(outDir, path);
    const caption = preset === "quick" ? item.caption : `${item.caption} (${preset} preset)`;
    entries.push({ name: `${slug}_${name}`, title: caption, paperRef: item.paper, data, note, files });
  }
  for (const [name, table] of Object.entries(output.tables)) {
    const written = writeTable(table, dir, name, { title: `${title} — ${name}` });
    entries.push({
      name: `${slug}_${name}`,
      title: `${title}: table '${name}'`,
      paperRef: name === "summary" || name.startsWith("tab") ? output.meta.paper : null,
      data,
      note,
      files: { csv: galleryPath(outDir, written.csv), md: galleryPath(outDir, written.md) },
    });
  }
  // timings: beside the tables, not in the gallery (git-ignored for quick runs: they differ on every machine)
  if (output.timings) writeTable(output.timings, dir, "timings", { title: `${title} — timings (seconds)` });
  writeFileAtomic(
    join(dir, "meta.json"),
    JSON.stringify({ section: output.section, title: output.title, ...output.meta }, null, 2),
  );
  return entries;
}

/**
 * Merges `entries` under `key` (a `galleryKey`) into `<outDir>/gallery.json` (other keys kept) and rewrites
 * `<outDir>/index.html`, sections in `order`, each followed by its runs of other presets.
 */
export function updateGallery(
  outDir: string,
  key: string,
  entries: GalleryEntry[],
  order: readonly string[],
): string {
  const path = join(outDir, "gallery.json");
  // a corrupt gallery.json is refused (one line), never silently replaced (issue 21 item 6)
  const all = readGalleryIndex(path);
  all[key] = entries;
  writeFileAtomic(path, JSON.stringify(all, null, 2));
  const keys = Object.keys(all);
  const runsOf = (id: string) => keys.filter((k) => k === id || k.startsWith(`${id} (`)).sort();
  const listed = order.flatMap(runsOf);
  const ordered = [...listed, ...keys.filter((k) => !listed.includes(k))];
  const flat = ordered.flatMap((id) => all[id]);
  return writeGallery(flat, outDir, {
    // no date: the gallery must be the same bytes when nothing changed (issue 21 item 14)
    subtitle: `Generated by deno task study · sections ${ordered.join(", ")}`,
  });
}
