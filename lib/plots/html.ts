/**
 * Figure pages: finding the plotly.js bundle of the npm package `plotly.js-dist` on disk (never a CDN), and writing a
 * figure as a standalone HTML page, either self-contained (bundle inlined, ~10 MB) or light (a `<script src>` to a
 * shared copy of the bundle next to it).
 * @module
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checkType, DataNotFoundError } from "../core/errors.ts";
import { figureTitle, type PlotlyFigure } from "./style.ts";

/** File name of the shared bundle copy that light pages reference. */
export const PLOTLY_BUNDLE_NAME = "plotly.js";

const PACKAGE_FILE = join("node_modules", "plotly.js-dist", "plotly.js");

/**
 * Absolute path of `node_modules/plotly.js-dist/plotly.js`, looked for in the folders above this module, then above
 * the working directory. Throws {@link DataNotFoundError} (run `deno install`) when absent.
 */
export function plotlyBundlePath(): string {
  const starts = [dirname(fileURLToPath(import.meta.url)), Deno.cwd()];
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, PACKAGE_FILE);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new DataNotFoundError(
    PACKAGE_FILE,
    "run `deno install` in the repository root (plotly.js-dist is in deno.json)",
  );
}

let bundleText: string | null = null;

/** The plotly.js bundle source (read once per process). */
export function plotlyBundleSource(): string {
  bundleText ??= Deno.readTextFileSync(plotlyBundlePath());
  return bundleText;
}

/** Copies the bundle to `<dir>/plotly.js` unless an equally sized copy is there; returns the copy's path. */
export function copyPlotlyBundle(dir: string): string {
  const target = join(dir, PLOTLY_BUNDLE_NAME);
  const source = plotlyBundlePath();
  if (existsSync(target) && statSync(target).size === statSync(source).size) return target;
  mkdirSync(dir, { recursive: true });
  copyFileSync(source, target);
  return target;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JSON safe to place inside a `<script>` element (no `</script>` or `<!--` sequences). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Options of {@link figureHtml}. */
export interface FigureHtmlOptions {
  /** "inline": the bundle inside the page; otherwise the `src` of a script tag (default "plotly.js", the shared copy). */
  plotly?: "inline" | { src: string };
  /** Element id of the plot div (default "figure"). */
  divId?: string;
  /** Extra HTML under the plot (e.g. a caption). */
  caption?: string;
}

/**
 * A complete HTML page drawing `figure` with plotly.js (responsive off, so the figure keeps its width/height). The
 * plot div gets `data-rendered="true"` once Plotly has drawn it.
 */
export function figureHtml(figure: PlotlyFigure, options: FigureHtmlOptions = {}): string {
  checkType(
    Array.isArray(figure?.data) && typeof figure?.layout === "object",
    "figureHtml",
    "figure must be {data, layout}",
  );
  const title = escapeHtml(figureTitle(figure));
  const divId = options.divId ?? "figure";
  const plotly = options.plotly ?? { src: PLOTLY_BUNDLE_NAME };
  const script = plotly === "inline"
    ? `<script>${plotlyBundleSource().replace(/<\/script/gi, "<\\/script")}</script>`
    : `<script src="${escapeHtml(plotly.src)}"></script>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>body{font-family:DejaVu Sans,Arial,sans-serif;margin:16px;background:#fff}</style>
${script}
</head>
<body>
<div id="${escapeHtml(divId)}"></div>
${options.caption ? `<div class="caption">${options.caption}</div>` : ""}
<script>
(function () {
  var fig = ${scriptJson(figure)};
  var el = document.getElementById(${scriptJson(divId)});
  Plotly.newPlot(el, fig.data, fig.layout, {responsive: false, displaylogo: false})
    .then(function () { el.setAttribute("data-rendered", "true"); });
})();
</script>
</body>
</html>
`;
}
