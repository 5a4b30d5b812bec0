/**
 * Display helpers for the Deno Jupyter kernel. `displayFigure` publishes a Plotly figure as
 * `application/vnd.plotly.v1+json` (drawn natively by JupyterLab with its Plotly extension, VS Code and nteract) with
 * a `text/html` fallback that works offline, and `text/plain` (the title). Importing this module also makes every
 * figure built by lib/plots and every {@link tableView} draw itself as the last expression of a cell
 * (`[Deno.jupyter.$display]`).
 *
 * Offline fallback (decision): each figure's HTML carries a small loader that, unless `window.Plotly` already
 * exists, adds a `<script src>` for plotly.js, trying in turn the notebooks' own copy `notebooks/assets/plotly.min.js`,
 * the committed `figures/plotly.min.js` and the npm bundle by their paths relative to the kernel's folder (the
 * notebook's), then `../plotly.min.js` (executed copies in figures/notebooks/). A Jupyter server serves only files
 * under the folder it was started in, so the notebooks' copy is what makes figures draw when Jupyter is started in
 * notebooks/ (measured: with only `figures/plotly.min.js`, every figure stayed blank there). Each relative path is
 * resolved twice: against the notebook *file*'s URL on a Jupyter server (the page `/notebooks/x/nb.ipynb`,
 * `/lab/tree/x/nb.ipynb` or `/doc/tree/...` serves the file's folder under `/files/x/`), and against the page itself
 * (nbconvert HTML, a saved page next to the notebook). No CDN is ever used. VS Code (with its Jupyter renderers) and
 * JupyterLab with the Plotly extension draw the `application/vnd.plotly.v1+json` part instead and need no file.
 * Inlining the bundle is available (`plotly: "inline"`) but not the default: the Deno kernel (2.9.6) publishes
 * display messages above ~8–10 MB with an invalid HMAC signature, and one 4.8 MB copy per figure bloats notebooks.
 * Scripts in HTML outputs run only in trusted notebooks (outputs of cells run in the browser are trusted).
 * @module
 */
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import {
  NOTEBOOK_BUNDLE,
  PLOTLY_BUNDLE_NAME,
  plotlyBundlePath,
  plotlyBundleSource,
  scriptJson,
} from "../plots/html.ts";
import { figureTitle, JUPYTER_DISPLAY, PLOTLY_MIME, type PlotlyFigure, setFigureRenderer } from "../plots/style.ts";
import { progressHtml, progressLine, type ProgressState } from "../report/progress.ts";
import { type MarkdownOptions, type TableLike, tableToHtml, tableToMarkdown } from "../report/tables.ts";
import { REPO_ROOT } from "./runner.ts";

export { JUPYTER_DISPLAY, PLOTLY_MIME };

/** A Jupyter MIME bundle. */
export type MimeBundle = Record<string, unknown>;

/** Publishes a MIME bundle (the kernel's `Deno.jupyter.display(bundle, {raw: true})` by default). */
export type DisplayFunction = (bundle: MimeBundle) => Promise<void> | void;

/** Options of {@link displayFigure} and {@link figureMimeBundle}. */
export interface FigureDisplayOptions {
  /** "local" (default): load plotly.js by relative path (see the module comment); "inline": put the bundle into the
   * output (4.8 MB per figure); "none": assume the page has it. */
  plotly?: "local" | "inline" | "none";
  /** Publisher to use instead of `Deno.jupyter.display` (tests, other front ends). */
  display?: DisplayFunction;
}

let divCounter = 0;

/**
 * Relative script URLs tried in turn for plotly.js, seen from `fromDir` (default the kernel's working directory, i.e.
 * the notebook's folder): the notebooks' copy `notebooks/assets/plotly.min.js`, the committed `figures/plotly.min.js`,
 * the npm bundle, then `../plotly.min.js` (executed copies in figures/notebooks/).
 */
export function plotlyScriptCandidates(fromDir: string = Deno.cwd()): string[] {
  const candidates: string[] = [];
  const notebooks = join(REPO_ROOT, NOTEBOOK_BUNDLE);
  if (existsSync(notebooks)) candidates.push(relative(fromDir, notebooks));
  const committed = join(REPO_ROOT, "figures", PLOTLY_BUNDLE_NAME);
  if (existsSync(committed)) candidates.push(relative(fromDir, committed));
  try {
    candidates.push(relative(fromDir, plotlyBundlePath()));
  } catch {
    // no bundle here: only the generic locations below
  }
  const npm = join(REPO_ROOT, "node_modules", "plotly.js-dist", "plotly.js");
  if (existsSync(npm)) candidates.push(relative(fromDir, npm));
  candidates.push(`../${PLOTLY_BUNDLE_NAME}`);
  return [...new Set(candidates.map((c) => c.split("\\").join("/")))];
}

/**
 * Browser code (ES5, one expression) that maps a relative URL to the absolute URLs to try: against the notebook
 * file's folder on a Jupyter server (`/files/...`), then against the page.
 */
export const RESOLVE_SCRIPT_URLS = `function (rel) {
  var out = [], m = /^(.*?\\/)(?:notebooks|lab(?:\\/workspaces\\/[^/]+)?\\/tree|doc(?:\\/workspaces\\/[^/]+)?\\/tree|edit|view)\\/(.*)$/.exec(location.pathname);
  if (m && /^https?:$/.test(location.protocol)) {
    try { out.push(new URL(rel, location.origin + m[1] + "files/" + m[2]).href); } catch (e) {}
  }
  try { out.push(new URL(rel, location.href).href); } catch (e) {}
  return out;
}`;
/**
 * What the browser tries for the relative script URL `rel` on the page `pageHref` (runs {@link RESOLVE_SCRIPT_URLS},
 * the code the fallback ships). Example: `scriptUrlsForPage("http://h/notebooks/a.ipynb", "assets/plotly.min.js")[0]`
 * is `"http://h/files/assets/plotly.min.js"`.
 */
export function scriptUrlsForPage(pageHref: string, rel: string): string[] {
  const url = new URL(pageHref);
  const location = { pathname: url.pathname, protocol: url.protocol, origin: url.origin, href: pageHref };
  return new Function("location", `return (${RESOLVE_SCRIPT_URLS})`)(location)(rel);
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
  var resolve = ${RESOLVE_SCRIPT_URLS};
  var rels = ${scriptJson(plotlyScriptCandidates())}, urls = [], i;
  for (i = 0; i < rels.length; i++) urls = urls.concat(resolve(rels[i]));
  i = 0;
  function next() {
    if (i >= urls.length) { window.__bmPlotlyLoading = false; window.__bmPlotlyFailed = true; return; }
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
    if (window.Plotly && el) {
      window.Plotly.newPlot(el, {
        data: fig.data, layout: fig.layout, frames: fig.frames, config: {displaylogo: false, responsive: true}
      });
      return;
    }
    if (tries++ < 600 && !(window.__bmPlotlyFailed && !window.__bmPlotlyLoading)) { setTimeout(draw, 50); return; }
    if (el) {
      el.textContent = "plotly.js could not be loaded here: start Jupyter in notebooks/ or a folder above it, " +
        "keep ${NOTEBOOK_BUNDLE.split("\\").join("/")} of the repository, and trust the notebook";
    }
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

// figures built by lib/plots draw themselves with the offline fallback once this module is loaded
setFigureRenderer((figure) => figureMimeBundle(figure));

/** A table that draws itself as the last expression of a notebook cell (HTML, Markdown and text). */
export interface TableView {
  /** The table as given. */
  readonly table: TableLike;
  /** The MIME bundle (`Deno.jupyter.$display`). */
  [JUPYTER_DISPLAY](): MimeBundle;
}

/** Wraps `table` (arquero table or row objects) so that it renders when it is the last expression of a cell. */
export function tableView(table: TableLike, options: MarkdownOptions = {}): TableView {
  checkKnownKeys(options, ["decimals", "missing"], "tableView");
  tableMimeBundle(table, options); // checks the table and options now, not at display time
  return {
    table,
    [JUPYTER_DISPLAY]: () => tableMimeBundle(table, options),
  };
}

/** A Markdown text that renders when it is the last expression of a cell. */
export function markdownView(text: string): { readonly text: string; [JUPYTER_DISPLAY](): MimeBundle } {
  checkType(typeof text === "string", "markdownView", `text must be a string, got ${typeof text}`);
  return { text, [JUPYTER_DISPLAY]: () => ({ "text/markdown": text, "text/plain": text }) };
}

/** Publishes a bundle under a display id; `update` replaces the output shown under that id. */
export type UpdatableDisplay = (bundle: MimeBundle, options: { display_id: string; update: boolean }) =>
  | Promise<void>
  | void;

function kernelUpdatableDisplay(bundle: MimeBundle, options: { display_id: string; update: boolean }): Promise<void> {
  const jupyter = (Deno as unknown as {
    jupyter?: { display(b: MimeBundle, o: { raw: boolean; display_id: string; update: boolean }): Promise<void> };
  }).jupyter;
  if (!jupyter) throw new Error("liveProgress: not running in the Deno Jupyter kernel (pass options.display)");
  return jupyter.display(bundle, { raw: true, ...options });
}

/** Options of {@link liveProgress}. */
export interface LiveProgressOptions {
  /** Unit of a step ("jobs"). */
  unit?: string;
  /** Publisher (default: the kernel's display in Jupyter, else stderr lines). */
  display?: UpdatableDisplay;
  /** Fewest milliseconds between two updates (default 250; the first and the last always show). */
  everyMs?: number;
}

/** A live progress output: `update(done, total, detail?)` redraws it in place, `finish(text?)` writes the end line. */
export interface LiveProgress {
  /** Reports `done` of `total` steps (seconds are measured from the creation). */
  update(done: number, total: number, detail?: string): Promise<void>;
  /** Final state (keeps the bar, adds `text`). */
  finish(text?: string): Promise<void>;
}

/**
 * One output that is updated in place while a long cell runs (a `<progress>` bar with done/total, elapsed time and
 * ETA), through `Deno.jupyter.display(bundle, {display_id, update})`. Outside Jupyter (no `display` given) it prints
 * progress lines to stderr instead.
 */
export function liveProgress(label: string, options: LiveProgressOptions = {}): LiveProgress {
  const fn = "liveProgress";
  checkType(typeof label === "string", fn, `label must be a string, got ${typeof label}`);
  checkKnownKeys(options, ["unit", "display", "everyMs"], fn);
  const display = options.display ?? (inJupyter() ? kernelUpdatableDisplay : null);
  const everyMs = options.everyMs ?? 250;
  const id = `bm-progress-${Date.now().toString(36)}-${(divCounter++).toString(36)}`;
  const start = performance.now();
  let shown = false,
    last = -Infinity,
    state: ProgressState = { label, done: 0, total: 0, seconds: 0, unit: options.unit };
  const publish = async (force: boolean) => {
    const now = performance.now();
    if (!force && now - last < everyMs) return;
    last = now;
    if (display) {
      const bundle = { "text/html": progressHtml(state), "text/plain": progressLine(state) };
      await display(bundle, { display_id: id, update: shown });
      shown = true;
    } else {
      console.error(progressLine(state));
    }
  };
  return {
    async update(done, total, detail) {
      state = { label, done, total, seconds: (performance.now() - start) / 1000, detail, unit: options.unit };
      await publish(!shown || (total > 0 && done >= total));
    },
    async finish(text) {
      state = { ...state, seconds: (performance.now() - start) / 1000, detail: text ?? state.detail };
      await publish(true);
    },
  };
}
