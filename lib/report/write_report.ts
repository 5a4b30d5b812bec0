/**
 * One call for the study's output folder: exports every figure (HTML + PNG + SVG through one headless Chromium),
 * writes every table (CSV + Markdown) and the gallery `index.html` linking each item to its paper counterpart.
 * @module
 */
import { checkKnownKeys, checkType } from "../core/errors.ts";
import { type ExportFormat, FigureExporter } from "../plots/export.ts";
import type { PlotlyFigure } from "../plots/style.ts";
import { type GalleryEntry, writeGallery } from "./gallery.ts";
import { type TableLike, writeTable } from "./tables.ts";

/** One figure and/or table of the report. */
export interface ReportItem {
  /** File stem, e.g. "fig5_cifar100". */
  name: string;
  /** What is shown. */
  title: string;
  /** Paper counterpart ("Fig. 5 (right)", "Tab. 3") or null. */
  paperRef: string | null;
  /** Data sets / models / sizes / seeds used. */
  data?: string;
  /** Remarks (preset, deviations). */
  note?: string;
  /** The figure, if any. */
  figure?: PlotlyFigure;
  /** The table (or the figure's data), if any. */
  table?: TableLike;
  /** Decimals in the Markdown table (default 4). */
  decimals?: number;
}

/** Options of {@link writeReport}. */
export interface WriteReportOptions {
  /** Output folder (e.g. "figures"). */
  outDir: string;
  /** Figure formats (default html, png, svg). */
  formats?: readonly ExportFormat[];
  /** Gallery page title. */
  title?: string;
  /** Line under the gallery title (preset, date). */
  subtitle?: string;
  /** Chromium binary (default /usr/bin/chromium). */
  executablePath?: string;
  /** Called after each item (never prints itself). */
  onProgress?: (done: number, total: number, name: string) => void;
}

/** Writes all items and the gallery; returns the gallery path and its entries. Chromium is closed on return/error. */
export async function writeReport(
  items: readonly ReportItem[],
  options: WriteReportOptions,
): Promise<{ index: string; entries: GalleryEntry[] }> {
  const fn = "writeReport";
  checkType(Array.isArray(items), fn, "items must be an array of ReportItem");
  checkKnownKeys(options, ["outDir", "formats", "title", "subtitle", "executablePath", "onProgress"], fn);
  const names = new Set<string>();
  for (const item of items) {
    checkType(
      typeof item?.name === "string" && typeof item?.title === "string",
      fn,
      "each item needs name and title strings",
    );
    if (names.has(item.name)) throw new RangeError(`${fn}: item names must be unique, got '${item.name}' twice`);
    names.add(item.name);
  }
  const exporter = new FigureExporter({
    outDir: options.outDir,
    formats: options.formats,
    executablePath: options.executablePath,
  });
  const entries: GalleryEntry[] = [];
  try {
    for (const [k, item] of items.entries()) {
      const files: Record<string, string> = {};
      if (item.figure) Object.assign(files, (await exporter.export(item.figure, item.name)).files);
      if (item.table) {
        const written = writeTable(item.table, options.outDir, item.name, {
          title: item.title,
          decimals: item.decimals,
        });
        files.csv = written.csv;
        files.md = written.md;
      }
      entries.push({
        name: item.name,
        title: item.title,
        paperRef: item.paperRef,
        data: item.data,
        note: item.note,
        files,
      });
      options.onProgress?.(k + 1, items.length, item.name);
    }
  } finally {
    await exporter.close();
  }
  const index = writeGallery(entries, options.outDir, { title: options.title, subtitle: options.subtitle });
  return { index, entries };
}
