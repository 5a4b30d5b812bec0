/**
 * Figure pages and the plotly.js bundle. The repository commits one minified bundle, `figures/plotly.min.js`
 * (plotly.js-dist-min 4.1.1, MIT, 4.8 MB: the official minified build of the `plotly.js-dist` version in deno.json),
 * so every light page in figures/ draws offline in a fresh clone; the unminified npm bundle in node_modules is only a
 * fallback. Pages are written either light (a `<script src>` to a shared copy next to them) or self-contained (bundle
 * inlined). Never a CDN.
 * @module
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checkType, DataNotFoundError } from "../core/errors.ts";
import { figureTitle, type PlotlyFigure } from "./style.ts";

/** File name of the shared bundle copy that light pages reference (committed in figures/). */
export const PLOTLY_BUNDLE_NAME = "plotly.min.js";

/** Where the committed minified bundle lives, relative to the repository root. */
export const COMMITTED_BUNDLE = join("figures", PLOTLY_BUNDLE_NAME);

/**
 * The notebooks' own copy of the same bundle (byte for byte; git stores it once), relative to the repository root.
 * A Jupyter server serves only files under the folder it was started in, so the notebooks' HTML fallback loads this
 * copy: it is reachable whether Jupyter was started in notebooks/ or in any folder above it.
 */
export const NOTEBOOK_BUNDLE = join("notebooks", "assets", PLOTLY_BUNDLE_NAME);

const PACKAGE_FILE = join("node_modules", "plotly.js-dist", "plotly.js");

/** `relPath` in the first folder above this module, then above the working directory, that has it; else null. */
function findAbove(relPath: string): string | null {
  const starts = [dirname(fileURLToPath(import.meta.url)), Deno.cwd()];
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, relPath);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return null;
}

/**
 * Absolute path of the plotly.js bundle to use: the committed `figures/plotly.min.js`, else the npm package's
 * `node_modules/plotly.js-dist/plotly.js`. Throws {@link DataNotFoundError} when neither is there.
 */
export function plotlyBundlePath(): string {
  const found = findAbove(COMMITTED_BUNDLE) ?? findAbove(PACKAGE_FILE);
  if (found) return found;
  throw new DataNotFoundError(
    COMMITTED_BUNDLE,
    "restore figures/plotly.min.js from git or run `deno install` (plotly.js-dist is in deno.json)",
  );
}

let bundleText: string | null = null;

/** The plotly.js bundle source (read once per process). */
export function plotlyBundleSource(): string {
  bundleText ??= Deno.readTextFileSync(plotlyBundlePath());
  return bundleText;
}

/**
 * Copies the bundle to `<dir>/plotly.min.js` unless an equally sized copy (or the bundle itself) is there; returns
 * the copy's path.
 */
export function copyPlotlyBundle(dir: string): string {
  const target = join(dir, PLOTLY_BUNDLE_NAME);
  const source = plotlyBundlePath();
  if (resolve(target) === resolve(source)) return target;
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
  /** "inline": the bundle inside the page; otherwise the `src` of a script tag (default "plotly.min.js", the shared
   * copy). */
  plotly?: "inline" | { src: string };
  /** Element id of the plot div (default "figure"). */
  divId?: string;
  /** Extra HTML under the plot: a caption (`captionHtml` of lib/plots/caption.ts, kept as is) or other HTML. */
  caption?: string;
}

/**
 * A complete HTML page drawing `figure` with plotly.js, responsive (a figure without a fixed layout width follows the
 * window). The plot div gets `data-rendered="true"` once Plotly has drawn it and `data-error` when it could not.
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
<style>body{font-family:DejaVu Sans,Arial,sans-serif;margin:16px;background:#fff}
.caption{font-size:14px;line-height:1.45;color:#222;max-width:1000px;margin-top:8px}</style>
${script}
</head>
<body>
<div id="${escapeHtml(divId)}"></div>
${
    options.caption
      ? (options.caption.startsWith("<figcaption") ? options.caption : `<div class="caption">${options.caption}</div>`)
      : ""
  }
<script>
(function () {
  var fig = ${scriptJson(figure)};
  var el = document.getElementById(${scriptJson(divId)});
  if (typeof Plotly === "undefined") {
    el.setAttribute("data-error", "plotly.js not loaded");
    el.textContent = "plotly.js could not be loaded (${PLOTLY_BUNDLE_NAME} missing next to this page).";
    return;
  }
  Plotly.newPlot(el, {data: fig.data, layout: fig.layout, frames: fig.frames, config: {responsive: true, displaylogo: false}})
    .then(function () { el.setAttribute("data-rendered", "true"); });
})();
</script>
</body>
</html>
`;
}
