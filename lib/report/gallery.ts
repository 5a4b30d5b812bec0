/**
 * The figures gallery: `figures/index.html`, one card per figure or table with its PNG thumbnail, links to the
 * HTML/SVG/PNG/CSV/MD files, the paper counterpart ("Fig. 5", "Tab. 3") and the data and models it used.
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { checkKnownKeys, checkType } from "../core/errors.ts";
import { escapeHtml } from "../plots/html.ts";

/** One gallery card. */
export interface GalleryEntry {
  /** Stable name (file stem), e.g. "fig5_imagenet100". */
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
}

/** Options of {@link galleryHtml} / {@link writeGallery}. */
export interface GalleryOptions {
  /** Page title (default "Blind Match — figures and tables"). */
  title?: string;
  /** A line under the title (e.g. preset, date, commit). */
  subtitle?: string;
}

/** Order in which file links are shown. */
const LINK_ORDER = ["html", "html-inline", "png", "svg", "csv", "md"];

function href(path: string, dir: string): string {
  const rel = isAbsolute(path) ? relative(dir, path) : path;
  return rel.split("/").map(encodeURIComponent).join("/");
}

/** The gallery page as HTML; file links are made relative to `dir` (the folder index.html lives in). */
export function galleryHtml(entries: readonly GalleryEntry[], dir: string, options: GalleryOptions = {}): string {
  const fn = "galleryHtml";
  checkType(Array.isArray(entries), fn, "entries must be an array of GalleryEntry");
  checkKnownKeys(options, ["title", "subtitle"], fn);
  const title = options.title ?? "Blind Match — figures and tables";
  const cards = entries.map((e) => {
    checkType(
      typeof e?.name === "string" && typeof e?.title === "string",
      fn,
      "each entry needs name and title strings",
    );
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
    const thumb = files.png
      ? `<a href="${escapeHtml(href(main!, dir))}"><img src="${escapeHtml(href(files.png, dir))}" alt="${
        escapeHtml(e.title)
      }" loading="lazy"></a>`
      : `<div class="noimg">${files.csv || files.md ? "table" : "no preview"}</div>`;
    return `<article class="card" id="${escapeHtml(e.name)}">
${thumb}
<h2>${escapeHtml(e.title)}</h2>
<p class="paper">Paper: <b>${escapeHtml(e.paperRef ?? "— (not in the paper)")}</b></p>
${e.data ? `<p class="data">${escapeHtml(e.data)}</p>` : ""}
${e.note ? `<p class="note">${escapeHtml(e.note)}</p>` : ""}
<p class="links">${links}</p>
</article>`;
  });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:DejaVu Sans,Arial,sans-serif;margin:24px;background:#f7f7f7;color:#222}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:18px}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px}
.card img{width:100%;height:auto;border:1px solid #eee}
.card h2{font-size:1.05em;margin:8px 0 4px}
.card p{margin:4px 0;font-size:.9em}
.noimg{height:120px;display:flex;align-items:center;justify-content:center;background:#eee;color:#777}
a.file{display:inline-block;margin-right:6px;padding:1px 6px;border:1px solid #0065BD;border-radius:3px;color:#0065BD;text-decoration:none;font-size:.85em}
.note{color:#7a4b00}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${options.subtitle ? `<p>${escapeHtml(options.subtitle)}</p>` : ""}
<main class="grid">
${cards.join("\n")}
</main>
</body>
</html>
`;
}

/** Writes `<dir>/index.html` and returns its path. */
export function writeGallery(entries: readonly GalleryEntry[], dir: string, options: GalleryOptions = {}): string {
  const html = galleryHtml(entries, dir, options);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "index.html");
  writeFileSync(path, html);
  return path;
}
