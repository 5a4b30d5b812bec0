/**
 * Display helpers for the Deno Jupyter kernel. `displayFigure` publishes a Plotly figure as
 * `application/vnd.plotly.v1+json` (rendered natively by JupyterLab with its Plotly renderer, VS Code, nteract) with
 * a `text/html` fallback that works offline, and `text/plain` (the title).
 *
 * Offline fallback (decision): each figure's HTML carries a small loader that, unless `window.Plotly` already
 * exists, adds a `<script src>` for the plotly.js bundle of the npm package by *relative* path, trying in turn the
 * path from the kernel's folder to `node_modules/plotly.js-dist/plotly.js`, then `../plotly.js` (the shared copy in
 * figures/, next to the executed notebooks in figures/notebooks/) and the repository's node_modules seen from
 * figures/notebooks/. No CDN is ever used. Inlining the 10 MB bundle is available (`plotly: "inline"`) but not the
 * default: the Deno kernel (2.9.6) publishes display messages above ~8–10 MB with an invalid HMAC signature, which
 * jupyter_client rejects. Scripts in HTML outputs run only in trusted notebooks (classic Notebook: File → Trust).
 * @module
 */
import { relative } from "node:path";
import { checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import { plotlyBundlePath, plotlyBundleSource, scriptJson } from "../plots/html.ts";
import { figureTitle, type PlotlyFigure } from "../plots/style.ts";
import { type MarkdownOptions, type TableLike, tableToHtml, tableToMarkdown } from "../report/tables.ts";

/** MIME type of Plotly figures. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** A Jupyter MIME bundle. */
export type MimeBundle = Record<string, unknown>;

/** Publishes a MIME bundle (the kernel's `Deno.jupyter.display(bundle, {raw: true})` by default). */
export type DisplayFunction = (bundle: MimeBundle) => Promise<void> | void;

/** Options of {@link displayFigure} and {@link figureMimeBundle}. */
export interface FigureDisplayOptions {
  /** "local" (default): load plotly.js by relative path (see the module comment); "inline": put the bundle into the
   * output (10 MB; too big for the Deno kernel's messages, for other front ends); "none": assume the page has it. */
  plotly?: "local" | "inline" | "none";
  /** Publisher to use instead of `Deno.jupyter.display` (tests, other front ends). */
  display?: DisplayFunction;
}

let divCounter = 0;

/**
 * Relative script URLs tried in turn for plotly.js: from `fromDir` (default the kernel's working directory, i.e. the
 * notebook's folder) to the npm bundle, then the shared copy `../plotly.js` and `../../node_modules/...` (for
 * executed copies in figures/notebooks/).
 */
export function plotlyScriptCandidates(fromDir: string = Deno.cwd()): string[] {
  const candidates: string[] = [];
  try {
    candidates.push(relative(fromDir, plotlyBundlePath()));
  } catch {
    // bundle not installed here: only the generic locations below
  }
  candidates.push(
    "../plotly.js",
    "../../node_modules/plotly.js-dist/plotly.js",
    "../node_modules/plotly.js-dist/plotly.js",
  );
  return [...new Set(candidates.map((c) => c.split("\\").join("/")))];
}

/** True when running inside the Deno Jupyter kernel. */
export function inJupyter(): boolean {
  return typeof (Deno as unknown as { jupyter?: unknown }).jupyter === "object";
}

function kernelDisplay(bundle: MimeBundle): Promise<void> {
  const jupyter =
    (Deno as unknown as { jupyter?: { display(b: MimeBundle, o: { raw: boolean }): Promise<void> } }).jupyter;
  if (!jupyter) {
    throw new Error("displayFigure: not running in the Deno Jupyter kernel (pass options.display elsewhere)");
  }
  return jupyter.display(bundle, { raw: true });
}

/**
 * The HTML fallback of one figure: a div, a loader for plotly.js (inline bundle or relative script URLs tried in
 * turn; skipped when `window.Plotly` exists) and a script that draws the figure once `window.Plotly` is defined.
 */
export function figureFallbackHtml(figure: PlotlyFigure, plotly: "local" | "inline" | "none" = "local"): string {
  const id = `bm-plot-${Date.now().toString(36)}-${(divCounter++).toString(36)}`;
  let loader = "";
  if (plotly === "inline") {
    loader = `<script>if (!window.Plotly) {\n${
      plotlyBundleSource().replace(/<\/script/gi, "<\\/script")
    }\n}</script>\n`;
  } else if (plotly === "local") {
    loader = `<script>
(function () {
  if (window.Plotly || window.__bmPlotlyLoading) return;
  window.__bmPlotlyLoading = true;
  var urls = ${scriptJson(plotlyScriptCandidates())}, i = 0;
  function next() {
    if (i >= urls.length) { window.__bmPlotlyLoading = false; return; }
    var s = document.createElement("script");
    s.src = urls[i++];
    s.onerror = function () { s.remove(); next(); };
    document.head.appendChild(s);
  }
  next();
})();
</script>
`;
  }
  return `${loader}<div id="${id}"></div>
<script>
(function () {
  var fig = ${scriptJson(figure)};
  var tries = 0;
  function draw() {
    var el = document.getElementById(${scriptJson(id)});
    if (window.Plotly && el) { window.Plotly.newPlot(el, fig.data, fig.layout, {displaylogo: false}); return; }
    if (tries++ < 600) setTimeout(draw, 50);
  }
  draw();
})();
</script>`;
}

/**
 * The MIME bundle of a figure: the figure JSON (`application/vnd.plotly.v1+json`), the offline HTML fallback (see
 * {@link figureFallbackHtml}) and the title as text.
 */
export function figureMimeBundle(figure: PlotlyFigure, plotly: "local" | "inline" | "none" = "local"): MimeBundle {
  checkType(
    Array.isArray(figure?.data) && typeof figure?.layout === "object",
    "figureMimeBundle",
    "figure must be {data, layout}",
  );
  return {
    [PLOTLY_MIME]: JSON.parse(JSON.stringify(figure)),
    "text/html": figureFallbackHtml(figure, plotly),
    "text/plain": `Figure: ${figureTitle(figure)}`,
  };
}

/** Shows a Plotly figure in the Deno Jupyter kernel (see the module comment for the offline HTML fallback). */
export async function displayFigure(figure: PlotlyFigure, options: FigureDisplayOptions = {}): Promise<void> {
  const fn = "displayFigure";
  checkKnownKeys(options, ["plotly", "display"], fn);
  const mode = options.plotly ?? "local";
  checkRange(
    mode === "local" || mode === "inline" || mode === "none",
    fn,
    `plotly must be "local", "inline" or "none", got ${mode}`,
  );
  await (options.display ?? kernelDisplay)(figureMimeBundle(figure, mode));
}

/** Options of {@link displayTable}. */
export interface TableDisplayOptions extends MarkdownOptions {
  /** Publisher to use instead of `Deno.jupyter.display`. */
  display?: DisplayFunction;
}

/** The MIME bundle of a table: HTML table, Markdown and plain text (the Markdown). */
export function tableMimeBundle(table: TableLike, options: MarkdownOptions = {}): MimeBundle {
  const md = tableToMarkdown(table, options);
  return { "text/html": tableToHtml(table, options), "text/markdown": md, "text/plain": md };
}

/** Shows a table (arquero table or row objects) in the Deno Jupyter kernel. */
export async function displayTable(table: TableLike, options: TableDisplayOptions = {}): Promise<void> {
  checkKnownKeys(options, ["decimals", "missing", "display"], "displayTable");
  const { display, ...md } = options;
  await (display ?? kernelDisplay)(tableMimeBundle(table, md));
}
