/**
 * Paper look of every figure: colours and markers by stable id, display labels, font size, dashed
 * bound lines, and the shared Plotly figure types. Ids are the short stable strings used in tables ("clip", "fhg");
 * the paper's display labels ("Ours", "LocalCKA") live only here.
 * @module
 */
import { checkType } from "../core/errors.ts";

/** One Plotly trace (plain JSON: `type`, `x`, `y`, `marker`, ...). */
export type PlotlyTrace = Record<string, unknown>;

/** A Plotly figure object as plotly.js and the `application/vnd.plotly.v1+json` mimetype expect it. */
export interface PlotlyFigure {
  /** Traces, drawn in order. */
  data: PlotlyTrace[];
  /** Layout (title, axes, legend, size). */
  layout: Record<string, unknown>;
  /** Animation frames (optional): `{name, data, traces?, layout?}` each. */
  frames?: Record<string, unknown>[];
}

/** How one series is drawn: colour (hex), Plotly marker symbol, display label. */
export interface SeriesStyle {
  /** Hex colour, e.g. "#0065BD". */
  color: string;
  /** Plotly marker symbol ("square", "circle", ...). */
  symbol: string;
  /** Label shown in legends. */
  label: string;
}

/** Paper colours (Appendix B). */
export const PAPER_COLORS = Object.freeze({
  orange: "#E37222",
  olive: "#A2AD00",
  blue: "#0065BD",
  lightBlue: "#98C6EA",
  purple: "#A02B93",
  black: "#000000",
  yellow: "#FED802",
  grey: "#7F7F7F",
});

/** More colours for the models the paper does not have (TUM secondary palette and two greys). */
export const EXTRA_COLORS = Object.freeze({
  green: "#007C30",
  darkBlue: "#003359",
  red: "#C4071B",
  lightPurple: "#D38CC9",
  teal: "#00A6A6",
  brown: "#8C564B",
  darkGrey: "#4D4D4D",
});

/**
 * Styles by stable id, one registry for every figure: the paper's model classes and controls, the models stored in
 * this workspace (each its own colour + marker, never shared with another model), and the solvers (the paper's
 * colours for its roles). Ids are the model ids of the embedding store and the solver ids of tables.
 */
export const SERIES_STYLES: Readonly<Record<string, Readonly<SeriesStyle>>> = Object.freeze({
  // the paper's vision model classes and controls (Sec. 3, 5.1, 5.2)
  "clip": Object.freeze({ color: PAPER_COLORS.orange, symbol: "square", label: "CLIP" }),
  "deit": Object.freeze({ color: PAPER_COLORS.olive, symbol: "circle", label: "DeiT" }),
  "dinov2": Object.freeze({ color: PAPER_COLORS.blue, symbol: "pentagon", label: "DINOv2" }),
  "random-vit": Object.freeze({ color: PAPER_COLORS.lightBlue, symbol: "triangle-up", label: "Random ViT" }),
  "convnext": Object.freeze({ color: PAPER_COLORS.lightBlue, symbol: "star-triangle-up", label: "ConvNeXt" }),
  "pixel-values": Object.freeze({ color: PAPER_COLORS.purple, symbol: "diamond", label: "Pixel values" }),
  "dino": Object.freeze({ color: PAPER_COLORS.purple, symbol: "hexagram", label: "DINO" }),
  "random": Object.freeze({ color: PAPER_COLORS.black, symbol: "x", label: "Random" }),
  // the models of this workspace: the four real encoders take the paper's three model colours plus teal, the
  // controls the paper's control colours (pixels purple, random network light blue, Gaussian noise black)
  "mobilenet-v1-0.75": Object.freeze({ color: PAPER_COLORS.orange, symbol: "square", label: "mobilenet-v1-0.75" }),
  "mobilenet-v2-0.35": Object.freeze({ color: PAPER_COLORS.olive, symbol: "circle", label: "mobilenet-v2-0.35" }),
  "nsfw-inception-v3": Object.freeze({ color: PAPER_COLORS.blue, symbol: "pentagon", label: "nsfw-inception-v3" }),
  // teal, not green: green's pale ±sd band looked like olive's (mobilenet-v2-0.35) in Fig. 5 (CIELAB hue 38° apart)
  "nsfw-mobilenet-v2": Object.freeze({ color: EXTRA_COLORS.teal, symbol: "hexagon", label: "nsfw-mobilenet-v2" }),
  "random-mobilenet-v1-0.75": Object.freeze({
    color: PAPER_COLORS.lightBlue,
    symbol: "triangle-up",
    label: "random-mobilenet-v1-0.75",
  }),
  "pixels-8": Object.freeze({ color: PAPER_COLORS.purple, symbol: "diamond", label: "pixels-8" }),
  "pixels-32": Object.freeze({ color: EXTRA_COLORS.lightPurple, symbol: "diamond-wide", label: "pixels-32" }),
  "gaussian-128": Object.freeze({ color: PAPER_COLORS.black, symbol: "x-thin-open", label: "gaussian-128" }),
  "gaussian-1280": Object.freeze({ color: EXTRA_COLORS.darkGrey, symbol: "cross", label: "gaussian-1280" }),
  // language models of this workspace (Sec. 5.4 pairs, tables)
  "use-lite": Object.freeze({ color: EXTRA_COLORS.darkBlue, symbol: "triangle-down", label: "use-lite" }),
  "glove-100d": Object.freeze({ color: EXTRA_COLORS.red, symbol: "triangle-left", label: "glove-100d" }),
  // solvers (Sec. 5.3, Fig. 6; paper colours and markers)
  "local-cka": Object.freeze({ color: PAPER_COLORS.purple, symbol: "diamond", label: "LocalCKA" }),
  "ot": Object.freeze({ color: PAPER_COLORS.orange, symbol: "star", label: "OT" }),
  "faq": Object.freeze({ color: PAPER_COLORS.olive, symbol: "triangle-up", label: "FAQ" }),
  // short forms of the table labels (lib/studies/solver_comparison.ts, issue 21 item 17): this project's variants,
  // not the paper's programs; the figure captions say what each is
  "mpopt": Object.freeze({
    color: PAPER_COLORS.lightBlue,
    symbol: "diamond",
    label: "MPOpt (port)",
  }),
  // own colours, not MPOpt's light blue: their dashed bound lines carry no marker and would look alike
  "mpopt-no-ls": Object.freeze({
    color: EXTRA_COLORS.lightPurple,
    symbol: "diamond-open",
    label: "MPOpt (no LS)",
  }),
  "mpopt-greedy": Object.freeze({
    color: EXTRA_COLORS.darkGrey,
    symbol: "diamond-tall",
    label: "MPOpt (greedy)",
  }),
  "milp": Object.freeze({ color: PAPER_COLORS.yellow, symbol: "circle", label: "MILP (HiGHS)" }),
  "gurobi": Object.freeze({ color: PAPER_COLORS.yellow, symbol: "circle", label: "Gurobi" }),
  "fhg-paper": Object.freeze({ color: EXTRA_COLORS.green, symbol: "square-open", label: "FHG (Alg. 2)" }),
  "fhg": Object.freeze({ color: PAPER_COLORS.blue, symbol: "square", label: "FHG (ours, modified)" }),
  // solvers not in the paper's plots: own choices
  "auto": Object.freeze({ color: EXTRA_COLORS.brown, symbol: "square-open", label: "Auto (fhg, then bnb)" }),
  "bnb": Object.freeze({ color: EXTRA_COLORS.teal, symbol: "star-diamond", label: "FHG + B&B" }),
  "hg": Object.freeze({ color: EXTRA_COLORS.darkBlue, symbol: "circle", label: "Hahn-Grant" }),
  "hahn-grant": Object.freeze({ color: EXTRA_COLORS.darkBlue, symbol: "circle", label: "Hahn-Grant" }),
  "brute-force": Object.freeze({ color: PAPER_COLORS.grey, symbol: "circle-open", label: "Brute force" }),
  "two-opt": Object.freeze({ color: PAPER_COLORS.grey, symbol: "triangle-down", label: "2-opt" }),
  "entropic-gw": Object.freeze({ color: PAPER_COLORS.orange, symbol: "star", label: "OT" }),
});

/**
 * Style ids that play the same role under two names and therefore share a style on purpose (never drawn in one
 * figure): the solver registry's id and the study's id of the same method, and Gurobi / its stand-in.
 */
export const STYLE_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  "hahn-grant": "hg",
  "entropic-gw": "ot",
  "gurobi": "milp",
});

/** Model ids with a fixed style (the workspace's stored models), in registry order. */
export const MODEL_STYLE_IDS: readonly string[] = Object.freeze([
  "mobilenet-v1-0.75",
  "mobilenet-v2-0.35",
  "nsfw-inception-v3",
  "nsfw-mobilenet-v2",
  "random-mobilenet-v1-0.75",
  "pixels-8",
  "pixels-32",
  "gaussian-128",
  "gaussian-1280",
  "use-lite",
  "glove-100d",
]);

/** Solver ids with a fixed style (the study's ids and the solver registry's), in registry order. */
export const SOLVER_STYLE_IDS: readonly string[] = Object.freeze([
  "auto",
  "random",
  "local-cka",
  "ot",
  "faq",
  "mpopt",
  "mpopt-no-ls",
  "mpopt-greedy",
  "milp",
  "fhg-paper",
  "fhg",
  "bnb",
  "hg",
  "brute-force",
  "two-opt",
]);

/** Fallback colours for ids without a registered style (picked by {@link seriesStyle} from a hash of the id). */
export const FALLBACK_COLORS: readonly string[] = Object.freeze([
  "#1F77B4",
  "#D62728",
  "#2CA02C",
  "#9467BD",
  "#8C564B",
  "#E377C2",
  "#17BECF",
  "#BCBD22",
]);

/** Fallback markers, combined with {@link FALLBACK_COLORS} (8 × 7 = 56 colour/marker pairs). */
export const FALLBACK_SYMBOLS: readonly string[] = Object.freeze([
  "circle",
  "square",
  "diamond",
  "triangle-up",
  "triangle-down",
  "pentagon",
  "star",
]);

/**
 * `label` broken into lines of at most `width` characters at spaces, joined by `<br>` for Plotly tick labels; a lone
 * "/" stays with the word before it ("a / b" splits as "a /", "b") and words longer than `width` stay whole.
 */
export function wrapLabel(label: string, width: number): string {
  const words: string[] = [];
  for (const word of label.split(" ")) {
    if (word === "/" && words.length > 0) words[words.length - 1] += " /";
    else words.push(word);
  }
  const lines: string[] = [];
  let line = "";
  const put = (piece: string, sep: string) => {
    if (line && (line + sep + piece).length > width) {
      lines.push(line);
      line = piece;
    } else {
      line = line ? `${line}${sep}${piece}` : piece;
    }
  };
  for (const word of words) {
    if (word.replace(/ \/$/, "").length <= width) {
      put(word, " ");
      continue;
    }
    // a word longer than a line starts a new line and breaks after its hyphens ("mobilenet-" "v1-0.75")
    if (line) lines.push(line);
    line = "";
    for (const part of word.split(/(?<=-)/)) put(part, "");
  }
  if (line) lines.push(line);
  return lines.join("<br>");
}

/** Line of a dashed reference (chance level) drawn across the plot. */
export const REFERENCE_LINE = Object.freeze({ color: "#000000", width: 1.5, dash: "dash" });

/**
 * A legend-only trace: the legend entry of a line drawn as a layout shape (shapes have none). Example:
 * `legendLine("Random (chance)", REFERENCE_LINE)`.
 */
export function legendLine(name: string, line: Readonly<Record<string, unknown>>): PlotlyTrace {
  return { type: "scatter", mode: "lines", name, x: [null], y: [null], line: { ...line }, hoverinfo: "skip" };
}

/** Font size of every figure (Appendix B: 22). */
export const FONT_SIZE = 22;

/**
 * Default figure size in pixels (the paper's 10 × 6.18 inch aspect). Figures are responsive: the layout fixes the
 * height only, so a page or notebook output sets the width; PNG/SVG exports use this width.
 */
export const FIGURE_SIZE = Object.freeze({ width: 1000, height: 618 });

/** Line width of series lines in pixels. */
export const LINE_WIDTH = 2;

/** Dash pattern of bound lines: matplotlib (3.7, 1.6) in line widths, as Plotly pixel lengths. */
export const BOUND_DASH = `${3.7 * LINE_WIDTH}px,${1.6 * LINE_WIDTH}px`;

function idHash(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (Math.imul(hash, 31) + id.charCodeAt(i)) | 0;
  return Math.abs(hash);
}

/**
 * Style of the series `id`: the registered style when there is one (the same in every figure), otherwise a fallback
 * colour and marker picked from a hash of the id (stable across figures; {@link distinctStyles} resolves clashes
 * within one figure) with `label` (default: the id itself).
 */
export function seriesStyle(id: string, label?: string): SeriesStyle {
  checkType(typeof id === "string", "seriesStyle", `id must be a string, got ${typeof id}`);
  const known = SERIES_STYLES[id];
  if (known) return { ...known, label: label ?? known.label };
  const h = idHash(id);
  const color = FALLBACK_COLORS[h % FALLBACK_COLORS.length];
  const symbol = FALLBACK_SYMBOLS[Math.floor(h / FALLBACK_COLORS.length) % FALLBACK_SYMBOLS.length];
  return { color, symbol, label: label ?? id };
}

/** The visual key of a trace's legend entry: colour, marker, dash and mode ("" parts when absent). */
export function legendKey(trace: PlotlyTrace): string {
  const marker = (trace.marker ?? {}) as { color?: unknown; symbol?: unknown };
  const line = (trace.line ?? {}) as { color?: unknown; dash?: unknown };
  const mode = String(trace.mode ?? "");
  const color = String(marker.color ?? line.color ?? trace.fillcolor ?? "");
  const symbol = mode.includes("markers") || trace.type === "bar" ? String(marker.symbol ?? "circle") : "";
  const dash = mode.includes("lines") ? String(line.dash ?? "solid") : "";
  return `${trace.type ?? "scatter"}|${color}|${symbol}|${dash}`;
}

/** Traces of `figure` that show a legend entry (named, not hidden from the legend, not heatmaps). */
export function legendTraces(figure: PlotlyFigure): PlotlyTrace[] {
  const shown = figure.layout?.showlegend !== false;
  return figure.data.filter((t) =>
    shown && t.showlegend !== false && t.type !== "heatmap" && typeof t.name === "string" && t.name !== ""
  );
}

/**
 * Makes every legend entry of `figure` look different: a later entry whose colour, marker and dash equal an earlier
 * one's gets the next unused fallback colour/marker pair (its band and fit lines, same `legendgroup`, follow).
 * Changes `figure` in place (build it just before) and returns it.
 */
export function distinctStyles(figure: PlotlyFigure): PlotlyFigure {
  const seen = new Set<string>();
  const recolour = new Map<string, { color: string; symbol: string }>();
  let next = 0;
  for (const trace of legendTraces(figure)) {
    if (!seen.has(legendKey(trace))) {
      seen.add(legendKey(trace));
      continue;
    }
    const group = String(trace.legendgroup ?? trace.name);
    let pick: { color: string; symbol: string };
    do {
      const color = FALLBACK_COLORS[next % FALLBACK_COLORS.length];
      const symbol = FALLBACK_SYMBOLS[Math.floor(next / FALLBACK_COLORS.length) % FALLBACK_SYMBOLS.length];
      next++;
      pick = { color, symbol };
      restyle(trace, pick);
    } while (seen.has(legendKey(trace)) && next < FALLBACK_COLORS.length * FALLBACK_SYMBOLS.length);
    seen.add(legendKey(trace));
    recolour.set(group, pick);
  }
  for (const trace of figure.data) {
    const pick = recolour.get(String(trace.legendgroup ?? ""));
    if (pick && !legendTraces(figure).includes(trace)) restyle(trace, pick);
  }
  return figure;
}

function restyle(trace: PlotlyTrace, pick: { color: string; symbol: string }): void {
  if (trace.fill) {
    trace.fillcolor = withAlpha(pick.color, 0.2);
    return;
  }
  if (trace.line) trace.line = { ...(trace.line as object), color: pick.color };
  if (trace.marker) trace.marker = { ...(trace.marker as object), color: pick.color, symbol: pick.symbol };
}

const UNIT_TITLE = /accuracy|similarity|normalised|normalized|fraction/i;

/**
 * [0, 1] when `title` names a quantity that lives in [0, 1] (accuracy, similarity, a normalised distance, a
 * fraction) and every value lies there, else null: the range ± sd bands and error bars of it are clipped to.
 */
export function unitIntervalClip(title: string | undefined, values: Iterable<number>): [number, number] | null {
  if (!UNIT_TITLE.test(title ?? "")) return null;
  for (const v of values) if (!(v >= 0 && v <= 1)) return null;
  return [0, 1];
}

/** `#RRGGBB` → `rgba(r,g,b,alpha)` (for translucent bands). */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`withAlpha: hex must look like #RRGGBB, got ${hex}`);
  return `rgba(${parseInt(m[1], 16)},${parseInt(m[2], 16)},${parseInt(m[3], 16)},${alpha})`;
}

/** Options shared by every figure builder. */
export interface AxesOptions {
  /** Figure title (say what is shown). */
  title: string;
  /** x-axis title. */
  xTitle?: string;
  /** y-axis title. */
  yTitle?: string;
  /** Fixed x range. */
  xRange?: [number, number];
  /** Fixed y range. */
  yRange?: [number, number];
  /** Width in pixels (default: none, the figure follows its container; exports use {@link FIGURE_SIZE}). */
  width?: number;
  /** Height in pixels. */
  height?: number;
}

/** Keys of {@link AxesOptions}, for builders that check their options. */
export const AXES_OPTION_KEYS = ["title", "xTitle", "yTitle", "xRange", "yRange", "width", "height"] as const;

/**
 * The layout every figure starts from: title, axis titles and ranges, font size, white background, legend right;
 * responsive width unless `options.width` is given.
 */
export function baseLayout(options: AxesOptions): Record<string, unknown> {
  checkType(typeof options?.title === "string", "baseLayout", `title must be a string, got ${typeof options?.title}`);
  const axis = (title: string | undefined, range: [number, number] | undefined) => ({
    title: { text: title ?? "" },
    ...(range ? { range: [...range], autorange: false } : {}),
    showgrid: true,
    gridcolor: "#E5E5E5",
    zeroline: false,
    linecolor: "#444444",
    ticks: "outside",
    automargin: true,
  });
  // a long title wraps instead of running off both edges (sized for the figure width, 1000 px when responsive)
  const titleChars = Math.max(30, Math.floor((options.width ?? FIGURE_SIZE.width) / (FONT_SIZE * 0.6)));
  const title = options.title.includes("<br>") ? options.title : wrapLabel(options.title, titleChars);
  const titleLines = title.split("<br>").length;
  return {
    title: { text: title, font: { size: FONT_SIZE } },
    font: { size: FONT_SIZE, family: "DejaVu Sans, Arial, sans-serif" },
    ...(options.width === undefined ? { autosize: true } : { width: options.width }),
    height: options.height ?? FIGURE_SIZE.height,
    paper_bgcolor: "#FFFFFF",
    plot_bgcolor: "#FFFFFF",
    xaxis: axis(options.xTitle, options.xRange),
    yaxis: axis(options.yTitle, options.yRange),
    legend: { x: 1.02, xanchor: "left", y: 1, yanchor: "top" },
    margin: { l: 90, r: 30, t: 70 + 28 * (titleLines - 1), b: 80 },
  };
}

/** The figure title as plain text (for `text/plain` and file names). */
export function figureTitle(figure: PlotlyFigure): string {
  const title = figure.layout?.title as { text?: string } | string | undefined;
  if (typeof title === "string") return title;
  return title?.text ?? "Figure";
}

/** Jupyter's display hook: `Deno.jupyter.$display` is this registered symbol. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** MIME type of Plotly figures. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Turns a figure into a Jupyter MIME bundle (set by lib/notebook/display.ts to add its offline HTML fallback). */
export type FigureRenderer = (figure: PlotlyFigure) => Record<string, unknown>;

let figureRenderer: FigureRenderer = (figure) => ({
  [PLOTLY_MIME]: JSON.parse(JSON.stringify(figure)),
  "text/plain": `Figure: ${figureTitle(figure)}`,
});

/** Sets how {@link displayableFigure} figures render in Jupyter (lib/notebook/display.ts does on import). */
export function setFigureRenderer(renderer: FigureRenderer): void {
  checkType(typeof renderer === "function", "setFigureRenderer", "renderer must be a function");
  figureRenderer = renderer;
}

/**
 * Gives `figure` a non-enumerable `[Deno.jupyter.$display]` method, so a figure left as the last expression of a
 * notebook cell draws itself (JSON, structuredClone and equality checks do not see it). Returns `figure`.
 */
export function displayableFigure<F extends PlotlyFigure>(figure: F): F {
  Object.defineProperty(figure, JUPYTER_DISPLAY, {
    value: function (this: PlotlyFigure) {
      return figureRenderer(this);
    },
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return figure;
}
