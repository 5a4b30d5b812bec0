/**
 * The figures gallery: `figures/index.html`, grouped by paper section, one card per figure or table with its PNG
 * thumbnail (figures) or its first rows rendered (tables, arquero), the paper counterpart ("Fig. 5", "Tab. 3"), the
 * series the figure actually shows (read from the figure itself) and links to the HTML/SVG/PNG/CSV/MD files.
 * @module
 */
import * as aq from "arquero";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { checkKnownKeys, checkType } from "../core/errors.ts";
import { escapeHtml } from "../plots/html.ts";
import { legendTraces, type PlotlyFigure } from "../plots/style.ts";
import { tableToHtml } from "./tables.ts";

/** One gallery card. */
export interface GalleryEntry {
  /** Stable name (file stem), e.g. "sec5_2_fig5_imagenet100". */
  name: string;
  /** What is shown, in words. */
  title: string;
  /** Paper counterpart, e.g. "Fig. 5 (left)" or "Tab. 3"; null when the item has none. */
  paperRef: string | null;
  /** Data sets, models, sizes and seeds used (one line). */
  data?: string;
  /** Extra remarks (deviations from the paper, preset). */
  note?: string;
  /** Files by kind ("html", "png", "svg", "csv", "md", ...); absolute paths or paths relative to the gallery folder. */
  files: Partial<Record<string, string>>;
  /** Section id ("3", "5.1", "D.3"); default: read from a `sec…_` name prefix. */
  section?: string;
  /** Series the figure shows (legend entries); default: read from the figure's HTML page. */
  series?: string[];
}

/** Options of {@link galleryHtml} / {@link writeGallery}. */
export interface GalleryOptions {
  /** Page title (default "Blind Match — figures and tables"). */
  title?: string;
  /** A line under the title (e.g. preset, date, commit). */
  subtitle?: string;
  /** Section headings by section id (default {@link SECTION_HEADINGS}). */
  headings?: Readonly<Record<string, string>>;
  /** Rows of a table shown on its card (default 6). */
  tableRows?: number;
}

/** Headings of the paper sections the study reproduces, by section id. */
export const SECTION_HEADINGS: Readonly<Record<string, string>> = Object.freeze({
  "3": "Sec. 3 — Do vision and language spaces align? Alignment vs shuffling (Fig. 2, 7, 8, 9)",
  "5.1": "Sec. 5.1 — Small problems, n = 10: metrics and models (Fig. 4, 11, 12, 13; Tab. 3)",
  "5.2": "Sec. 5.2 — Larger problems: accuracy vs problem size (Fig. 5)",
  "5.3-small": "Sec. 5.3 — Solver comparison, n = 10 (Tab. 1, 7)",
  "5.3-larger": "Sec. 5.3 — Solver comparison, larger problems: cost and bound (Fig. 6)",
  "5.4": "Sec. 5.4 — Unsupervised classification (Tab. 2, 6)",
  "D.3": "App. D.3 — Solver ablation (Tab. 4, 5)",
});

/** Order in which file links are shown. */
const LINK_ORDER = ["html", "html-inline", "png", "svg", "csv", "md"];

function href(path: string, dir: string): string {
  const rel = isAbsolute(path) ? relative(dir, path) : path;
  return rel.split("/").map(encodeURIComponent).join("/");
}

function onDisk(path: string, dir: string): string {
  return isAbsolute(path) ? path : resolve(dir, path);
}

/** Section id of an entry: its `section`, else from a "sec<id>_" name ("sec5_3-small_x" → "5.3-small"), else null. */
export function entrySection(entry: Pick<GalleryEntry, "name" | "section">): string | null {
  if (entry.section) return entry.section;
  const m = /^sec([0-9]|[A-Z])(?:_([0-9]+))?(-[a-z]+)?_/.exec(entry.name);
  return m ? `${m[1]}${m[2] ? `.${m[2]}` : ""}${m[3] ?? ""}` : null;
}

/** The paper counterpart of an entry: "Tab. N" for a table named `…_tabN`, else its `paperRef`. */
export function entryPaperRef(entry: Pick<GalleryEntry, "name" | "paperRef">): string | null {
  const m = /_tab([0-9]+)$/.exec(entry.name);
  return m ? `Tab. ${m[1]}` : entry.paperRef;
}

/** The figure JSON of a page written by `figureHtml` (lib/plots/html.ts), or null when it has none. */
export function figureFromPage(html: string): PlotlyFigure | null {
  const m = /\n {2}var fig = (\{.*\});\n/.exec(html);
  if (!m) return null;
  try {
    return JSON.parse(m[1]) as PlotlyFigure;
  } catch {
    return null;
  }
}

/** Legend entries of `figure` (series names, "± sd" bands and unnamed traces left out), in order. */
export function figureSeries(figure: PlotlyFigure): string[] {
  return [...new Set(legendTraces(figure).map((t) => String(t.name)))];
}

function seriesOf(entry: GalleryEntry, dir: string): string[] | null {
  if (entry.series) return entry.series;
  const page = entry.files?.html;
  if (!page || !existsSync(onDisk(page, dir))) return null;
  const figure = figureFromPage(readFileSync(onDisk(page, dir), "utf8"));
  return figure ? figureSeries(figure) : null;
}

/** A CSV cell for a table preview: empty → missing, a raw double (> 6 decimals) → 6 significant digits, else as is. */
export function previewCell(text: string | undefined): string | null {
  if (text === undefined || text === "") return null;
  if (!/^-?\d+\.\d{7,}(e[-+]?\d+)?$/i.test(text)) return text;
  return String(Number(Number(text).toPrecision(6)));
}

function tablePreview(entry: GalleryEntry, dir: string, rows: number): string | null {
  const csv = entry.files?.csv;
  if (!csv || !existsSync(onDisk(csv, dir))) return null;
  try {
    // cells as written, raw doubles to 6 significant digits (a fixed 3 decimals hid the 1e-4 differences of D.3)
    const raw = aq.fromCSV(readFileSync(onDisk(csv, dir), "utf8"), { autoType: false });
    const table = raw.derive(
      Object.fromEntries(
        raw.columnNames().map((c) => [c, aq.escape((d: Record<string, string>) => previewCell(d[c]))]),
      ),
    );
    return `<div class="table">${tableToHtml(table, { limit: rows })}</div>`;
  } catch {
    return null;
  }
}

/** `text` split at "; " outside parentheses ("a (x; y); b" → ["a (x; y)", "b"]). */
export function splitParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (c === ";" && depth === 0 && text[i + 1] === " ") {
      parts.push(text.slice(start, i));
      start = i + 2;
    }
  }
  parts.push(text.slice(start));
  return parts.filter((p) => p.length > 0);
}

function card(e: GalleryEntry, dir: string, rows: number): string {
  const files = e.files ?? {};
  const kinds = Object.keys(files).sort((a, b) => {
    const ia = LINK_ORDER.indexOf(a), ib = LINK_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  const links = kinds.map((k) =>
    `<a class="file" data-kind="${escapeHtml(k)}" href="${escapeHtml(href(files[k]!, dir))}">${
      escapeHtml(k.toUpperCase())
    }</a>`
  ).join(" ");
  const main = files.html ?? files.png ?? files.svg ?? files.md ?? files.csv;
  const preview = files.png
    ? `<a href="${escapeHtml(href(main!, dir))}"><img src="${escapeHtml(href(files.png, dir))}" alt="${
      escapeHtml(e.title)
    }" loading="lazy"></a>`
    : tablePreview(e, dir, rows) ?? `<div class="noimg">no preview</div>`;
  const series = seriesOf(e, dir);
  // with the figure's own series list, the section-wide model list of `data` is left out, and of the data sets those
  // the figure's name names stay (all when it names none)
  let data = e.data;
  if (series && data) {
    const sets = splitParts(data).filter((part) => !/^(vision|language): /.test(part));
    const named = sets.filter((part) =>
      new RegExp(`(^|_)${part.split(" ")[0].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(_|$)`).test(e.name)
    );
    data = (named.length ? named : sets).join("; ");
  }
  const paper = entryPaperRef(e);
  return `<article class="card${files.png ? "" : " table-card"}" id="${escapeHtml(e.name)}">
${preview}
<h3>${escapeHtml(e.title)}</h3>
<p class="paper">Paper: <b>${escapeHtml(paper ?? "— (not in the paper)")}</b></p>
${series?.length ? `<p class="series">Shown: ${escapeHtml(series.join(", "))}</p>` : ""}
${data ? `<p class="data">${escapeHtml(data)}</p>` : ""}
${e.note ? `<p class="note">${escapeHtml(e.note)}</p>` : ""}
<p class="links">${links}</p>
</article>`;
}

/** The gallery page as HTML; file links are made relative to `dir` (the folder index.html lives in). */
export function galleryHtml(entries: readonly GalleryEntry[], dir: string, options: GalleryOptions = {}): string {
  const fn = "galleryHtml";
  checkType(Array.isArray(entries), fn, "entries must be an array of GalleryEntry");
  checkKnownKeys(options, ["title", "subtitle", "headings", "tableRows"], fn);
  const title = options.title ?? "Blind Match — figures and tables";
  const headings = options.headings ?? SECTION_HEADINGS;
  const groups = new Map<string, GalleryEntry[]>();
  for (const e of entries) {
    checkType(
      typeof e?.name === "string" && typeof e?.title === "string",
      fn,
      "each entry needs name and title strings",
    );
    const section = entrySection(e) ?? "";
    const list = groups.get(section);
    if (list) list.push(e);
    else groups.set(section, [e]);
  }
  const sections = [...groups].map(([section, list]) => {
    // figures first, then tables, each in the order given
    const ordered = [...list.filter((e) => e.files?.png), ...list.filter((e) => !e.files?.png)];
    const heading = section === "" ? "Other" : headings[section] ?? `Sec. ${section}`;
    const id = section === "" ? "other" : `sec-${section.replace(/[^A-Za-z0-9-]/g, "_")}`;
    return `<section id="${escapeHtml(id)}">
<h2>${escapeHtml(heading)}</h2>
<div class="grid">
${ordered.map((e) => card(e, dir, options.tableRows ?? 6)).join("\n")}
</div>
</section>`;
  });
  const toc = [...groups.keys()].map((section) => {
    const id = section === "" ? "other" : `sec-${section.replace(/[^A-Za-z0-9-]/g, "_")}`;
    return `<a href="#${escapeHtml(id)}">${escapeHtml(section === "" ? "Other" : section)}</a>`;
  }).join(" · ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:DejaVu Sans,Arial,sans-serif;margin:24px;background:#f7f7f7;color:#222}
section{margin-bottom:32px}
h2{border-bottom:2px solid #0065BD;padding-bottom:4px;font-size:1.25em}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:18px}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px;min-width:0}
.card img{width:100%;height:auto;border:1px solid #eee}
.card h3{font-size:1em;margin:8px 0 4px}
.card p{margin:4px 0;font-size:.9em}
.table{max-height:260px;overflow:auto;border:1px solid #eee}
.table table{border-collapse:collapse;font-size:.75em}
.table th,.table td{padding:2px 6px;border-bottom:1px solid #eee;white-space:nowrap}
.table .more{font-size:.75em;color:#777;margin:2px 6px}
.noimg{height:120px;display:flex;align-items:center;justify-content:center;background:#eee;color:#777}
a.file{display:inline-block;margin-right:6px;padding:1px 6px;border:1px solid #0065BD;border-radius:3px;color:#0065BD;text-decoration:none;font-size:.85em}
.series{color:#004a8a}
.note{color:#7a4b00}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${options.subtitle ? `<p>${escapeHtml(options.subtitle)}</p>` : ""}
<nav>Sections: ${toc}</nav>
<main>
${sections.join("\n")}
</main>
</body>
</html>
`;
}

/**
 * The gallery index `path` (gallery.json: section run key → its entries), or `{}` when there is none yet. A truncated
 * or corrupt file is refused with a one-line RangeError, never replaced: it holds every section's entries, and a
 * silent restart would drop all but the sections being run.
 *
 *   const all = readGalleryIndex("figures/gallery.json"); // { "3": [...], "5.1": [...], ... }
 */
export function readGalleryIndex(path: string): Record<string, GalleryEntry[]> {
  const fn = "readGalleryIndex";
  if (!existsSync(path)) return {};
  const refuse = (why: string): never => {
    throw new RangeError(
      `${fn}: ${path} ${why}; it lists the figures of every section, so it is not replaced: restore it (e.g. git ` +
        `checkout ${path}) or remove it to start a gallery of only the sections you run`,
    );
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    return refuse(`is not valid JSON (${(error as Error).message}), perhaps truncated`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return refuse("is not a JSON object of section runs");
  }
  for (const [key, entries] of Object.entries(parsed)) {
    const ok = Array.isArray(entries) &&
      entries.every((e) => typeof e?.name === "string" && typeof e?.title === "string");
    if (!ok) refuse(`has a malformed entry list under '${key}' (each entry needs name and title)`);
  }
  return parsed as Record<string, GalleryEntry[]>;
}

/** Writes `<dir>/index.html` and returns its path. */
export function writeGallery(entries: readonly GalleryEntry[], dir: string, options: GalleryOptions = {}): string {
  const html = galleryHtml(entries, dir, options);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "index.html");
  writeFileSync(path, html);
  return path;
}
