/**
 * Paper look of every figure (spec Appendix B): colours and markers by stable id, display labels, font size, dashed
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

/** Styles of vision-model classes, controls and solvers by stable id (Appendix B; matplotlib markers s,o,p,^,d,*). */
export const SERIES_STYLES: Readonly<Record<string, Readonly<SeriesStyle>>> = Object.freeze({
  // vision model classes and controls (Sec. 3, 5.1, 5.2)
  "clip": Object.freeze({ color: PAPER_COLORS.orange, symbol: "square", label: "CLIP" }),
  "deit": Object.freeze({ color: PAPER_COLORS.olive, symbol: "circle", label: "DeiT" }),
  "dinov2": Object.freeze({ color: PAPER_COLORS.blue, symbol: "pentagon", label: "DINOv2" }),
  "random-vit": Object.freeze({ color: PAPER_COLORS.lightBlue, symbol: "triangle-up", label: "Random ViT" }),
  "convnext": Object.freeze({ color: PAPER_COLORS.lightBlue, symbol: "triangle-up", label: "ConvNeXt" }),
  "pixel-values": Object.freeze({ color: PAPER_COLORS.purple, symbol: "diamond", label: "Pixel values" }),
  "dino": Object.freeze({ color: PAPER_COLORS.purple, symbol: "diamond", label: "DINO" }),
  "random": Object.freeze({ color: PAPER_COLORS.black, symbol: "x", label: "Random" }),
  // solvers (Sec. 5.3, Fig. 6)
  "local-cka": Object.freeze({ color: PAPER_COLORS.purple, symbol: "diamond", label: "LocalCKA" }),
  "ot": Object.freeze({ color: PAPER_COLORS.orange, symbol: "star", label: "OT" }),
  "faq": Object.freeze({ color: PAPER_COLORS.olive, symbol: "triangle-up", label: "FAQ" }),
  "mpopt": Object.freeze({ color: PAPER_COLORS.lightBlue, symbol: "diamond", label: "MPOpt" }),
  "gurobi": Object.freeze({ color: PAPER_COLORS.yellow, symbol: "circle", label: "Gurobi" }),
  "fhg": Object.freeze({ color: PAPER_COLORS.blue, symbol: "square", label: "Ours" }),
  // not in the paper's plots: own choices
  "hahn-grant": Object.freeze({ color: PAPER_COLORS.lightBlue, symbol: "circle", label: "Hahn-Grant" }),
  "brute-force": Object.freeze({ color: PAPER_COLORS.grey, symbol: "circle-open", label: "Brute force" }),
  "two-opt": Object.freeze({ color: PAPER_COLORS.grey, symbol: "triangle-down", label: "2-opt" }),
});

/** Fallback colours for ids without a paper style (cycled in order of first use by {@link seriesStyle}). */
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

/** Font size of every figure (Appendix B: 22). */
export const FONT_SIZE = 22;

/** Default figure size in pixels (the paper's 10 × 6.18 inch aspect). */
export const FIGURE_SIZE = Object.freeze({ width: 1000, height: 618 });

/** Line width of series lines in pixels. */
export const LINE_WIDTH = 2;

/** Dash pattern of bound lines: matplotlib (3.7, 1.6) in line widths, as Plotly pixel lengths. */
export const BOUND_DASH = `${3.7 * LINE_WIDTH}px,${1.6 * LINE_WIDTH}px`;

/**
 * Style of the series `id`: the paper style when the id is known, otherwise a fallback colour picked from a hash
 * of the id (stable across figures) with `label` (default: the id itself).
 */
export function seriesStyle(id: string, label?: string): SeriesStyle {
  checkType(typeof id === "string", "seriesStyle", `id must be a string, got ${typeof id}`);
  const known = SERIES_STYLES[id];
  if (known) return { ...known, label: label ?? known.label };
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (Math.imul(hash, 31) + id.charCodeAt(i)) | 0;
  const color = FALLBACK_COLORS[Math.abs(hash) % FALLBACK_COLORS.length];
  return { color, symbol: "circle", label: label ?? id };
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
  /** Width in pixels (default {@link FIGURE_SIZE}). */
  width?: number;
  /** Height in pixels. */
  height?: number;
}

/** Keys of {@link AxesOptions}, for builders that check their options. */
export const AXES_OPTION_KEYS = ["title", "xTitle", "yTitle", "xRange", "yRange", "width", "height"] as const;

/** The layout every figure starts from: title, axis titles and ranges, font size, white background, legend right. */
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
  return {
    title: { text: options.title, font: { size: FONT_SIZE } },
    font: { size: FONT_SIZE, family: "DejaVu Sans, Arial, sans-serif" },
    width: options.width ?? FIGURE_SIZE.width,
    height: options.height ?? FIGURE_SIZE.height,
    paper_bgcolor: "#FFFFFF",
    plot_bgcolor: "#FFFFFF",
    xaxis: axis(options.xTitle, options.xRange),
    yaxis: axis(options.yTitle, options.yRange),
    legend: { x: 1.02, xanchor: "left", y: 1, yanchor: "top" },
    margin: { l: 90, r: 30, t: 70, b: 80 },
  };
}

/** The figure title as plain text (for `text/plain` and file names). */
export function figureTitle(figure: PlotlyFigure): string {
  const title = figure.layout?.title as { text?: string } | string | undefined;
  if (typeof title === "string") return title;
  return title?.text ?? "Figure";
}
