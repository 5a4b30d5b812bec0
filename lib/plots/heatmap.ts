/**
 * Heatmaps: model × model accuracy grids (paper Fig. 12/13, viridis) and kernels side by side (the tour).
 * @module
 */
import { checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import type { Matrix } from "../core/matrix.ts";
import {
  AXES_OPTION_KEYS,
  type AxesOptions,
  baseLayout,
  displayableFigure,
  FONT_SIZE,
  type PlotlyFigure,
} from "./style.ts";
import { wrapLabel } from "./style.ts";

/** Heatmap values: a {@link Matrix} or an array of rows. */
export type HeatmapValues = Matrix | readonly (readonly number[])[];

/** Options of {@link plotHeatmap}. */
export interface HeatmapOptions extends AxesOptions {
  /** Column labels (default 0..cols−1). */
  xLabels?: readonly string[];
  /** Row labels (default 0..rows−1); row 0 is drawn at the top. */
  yLabels?: readonly string[];
  /** Plotly colour scale (default "Viridis"). */
  colorscale?: string;
  /** Colour range. */
  zRange?: [number, number];
  /** Write each value into its cell with this many decimals (default: no text). */
  decimals?: number;
  /** Colour bar title. */
  colorbarTitle?: string;
}

/** Rows of `values` as plain arrays, checking the shape. */
export function heatmapRows(values: HeatmapValues, fn = "heatmapRows"): number[][] {
  if (values && typeof values === "object" && "data" in values && "rows" in values) {
    const m = values as Matrix;
    const rows: number[][] = [];
    for (let i = 0; i < m.rows; i++) rows.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
    return rows;
  }
  checkType(Array.isArray(values), fn, "values must be a Matrix or an array of rows");
  const rows = (values as readonly (readonly number[])[]).map((r) => Array.from(r));
  for (let i = 1; i < rows.length; i++) {
    checkRange(
      rows[i].length === rows[0].length,
      fn,
      `all rows must have length ${rows[0].length}, got ${rows[i].length} at row ${i}`,
    );
  }
  return rows;
}

function heatmapTrace(z: number[][], options: HeatmapOptions, extra: Record<string, unknown> = {}) {
  const cols = z[0]?.length ?? 0;
  const x = options.xLabels ? [...options.xLabels] : Array.from({ length: cols }, (_, j) => String(j));
  const y = options.yLabels ? [...options.yLabels] : Array.from({ length: z.length }, (_, i) => String(i));
  checkRange(x.length === cols, "plotHeatmap", `xLabels must have ${cols} entries, got ${x.length}`);
  checkRange(y.length === z.length, "plotHeatmap", `yLabels must have ${z.length} entries, got ${y.length}`);
  const trace: Record<string, unknown> = {
    type: "heatmap",
    z,
    x,
    y,
    colorscale: options.colorscale ?? "Viridis",
    ...(options.zRange ? { zmin: options.zRange[0], zmax: options.zRange[1] } : {}),
    colorbar: { title: { text: options.colorbarTitle ?? "" } },
    ...extra,
  };
  if (options.decimals !== undefined) {
    trace.text = z.map((r) => r.map((v) => v.toFixed(options.decimals)));
    trace.texttemplate = "%{text}";
    trace.textfont = { size: Math.round(FONT_SIZE * 0.55) };
  }
  return trace;
}

/** Tick label font size of {@link plotHeatmaps} panels, and the width of one of its characters in pixels (DejaVu Sans). */
const TICK_FONT_SIZE = 12, TICK_CHAR_PX = 7.4;

const HEATMAP_KEYS = [...AXES_OPTION_KEYS, "xLabels", "yLabels", "colorscale", "zRange", "decimals", "colorbarTitle"];

/** Fig. 12/13: one heatmap (row 0 at the top, categorical axes, viridis by default). */
export function plotHeatmap(values: HeatmapValues, options: HeatmapOptions): PlotlyFigure {
  const fn = "plotHeatmap";
  checkKnownKeys(options, HEATMAP_KEYS, fn);
  const z = heatmapRows(values, fn);
  const layout = baseLayout(options);
  (layout.yaxis as Record<string, unknown>).autorange = "reversed";
  (layout.xaxis as Record<string, unknown>).type = "category";
  (layout.yaxis as Record<string, unknown>).type = "category";
  (layout.xaxis as Record<string, unknown>).showgrid = false;
  (layout.yaxis as Record<string, unknown>).showgrid = false;
  return displayableFigure({ data: [heatmapTrace(z, options)], layout });
}

/** One panel of {@link plotHeatmaps}. */
export interface HeatmapPanel {
  /** Panel title (e.g. "Vision kernel"). */
  title: string;
  /** Values. */
  values: HeatmapValues;
  /** Column labels. */
  xLabels?: readonly string[];
  /** Row labels. */
  yLabels?: readonly string[];
}

/** Options of {@link plotHeatmaps}. */
export interface HeatmapsOptions {
  /** Figure title. */
  title: string;
  /** Shared colour scale (default "Viridis"). */
  colorscale?: string;
  /** Shared colour range (default: min/max over all panels). */
  zRange?: [number, number];
  /** Width in pixels (default: responsive, the container's width). */
  width?: number;
  /** Height in pixels (default 560). */
  height?: number;
}

/**
 * Heatmaps side by side sharing one colour scale and range (the tour: vision kernel, language kernel, language kernel
 * permuted by the matching), each with its own square axes and title.
 */
export function plotHeatmaps(panels: readonly HeatmapPanel[], options: HeatmapsOptions): PlotlyFigure {
  const fn = "plotHeatmaps";
  checkType(Array.isArray(panels) && panels.length > 0, fn, "panels must be a non-empty array");
  checkKnownKeys(options, ["title", "colorscale", "zRange", "width", "height"], fn);
  const zs = panels.map((p) => heatmapRows(p.values, fn));
  let lo = Infinity, hi = -Infinity;
  for (const z of zs) {
    for (const r of z) for (const v of r) if (Number.isFinite(v)) (lo = Math.min(lo, v), hi = Math.max(hi, v));
  }
  const zRange = options.zRange ?? [lo, hi];
  // room for the tick labels (every panel has its own order, so each shows its labels) and for the panel titles,
  // from the longest label and the width (the responsive default is sized for ~1000 px)
  const k = panels.length;
  const width = options.width ?? 1000;
  const longest = Math.max(
    1,
    ...panels.flatMap((p, i) => [...(p.xLabels ?? []), ...(p.yLabels ?? []), String(zs[i].length - 1)])
      .map((l) => String(l).length),
  );
  const labelPx = Math.ceil(longest * TICK_CHAR_PX) + 12;
  const margin = { l: labelPx + 10, r: 30, b: labelPx + 20 };
  const plotPx = Math.max(200, width - margin.l - margin.r);
  const gap = Math.min(0.3, (labelPx + 24) / plotPx), colorbar = 0.08;
  const w = (1 - gap * (k - 1) - colorbar) / k;
  const titleSize = Math.round(FONT_SIZE * 0.8);
  const titleChars = Math.max(10, Math.floor((w * plotPx) / (titleSize * 0.6)));
  const titles = panels.map((p) => wrapLabel(p.title, titleChars));
  const titleLines = Math.max(...titles.map((t) => t.split("<br>").length));
  const layout = baseLayout({ title: options.title, width: options.width, height: options.height ?? 560 });
  delete layout.xaxis;
  delete layout.yaxis;
  const annotations: Record<string, unknown>[] = [];
  const data = panels.map((p, i) => {
    const suffix = i === 0 ? "" : String(i + 1);
    const x0 = i * (w + gap);
    layout[`xaxis${suffix}`] = {
      domain: [x0, x0 + w],
      type: "category",
      showgrid: false,
      anchor: `y${suffix}`,
      constrain: "domain",
      tickangle: -90,
      automargin: true,
      tickfont: { size: TICK_FONT_SIZE },
    };
    layout[`yaxis${suffix}`] = {
      autorange: "reversed",
      type: "category",
      showgrid: false,
      anchor: `x${suffix}`,
      scaleanchor: `x${suffix}`,
      // the square panel keeps the top of its domain, and its x axis comes up with it
      constrain: "domain",
      constraintoward: "top",
      domain: [0, 1],
      automargin: true,
      tickfont: { size: TICK_FONT_SIZE },
    };
    annotations.push({
      text: titles[i],
      x: x0 + w / 2,
      y: 1.0,
      xref: "paper",
      yref: "paper",
      xanchor: "center",
      yanchor: "bottom",
      showarrow: false,
      font: { size: titleSize },
    });
    return heatmapTrace(zs[i], {
      title: p.title,
      xLabels: p.xLabels,
      yLabels: p.yLabels,
      colorscale: options.colorscale,
      zRange,
    }, { xaxis: `x${suffix}`, yaxis: `y${suffix}`, coloraxis: "coloraxis", colorbar: undefined });
  });
  for (const trace of data) delete (trace as Record<string, unknown>).colorbar;
  layout.coloraxis = { colorscale: options.colorscale ?? "Viridis", cmin: zRange[0], cmax: zRange[1] };
  layout.annotations = annotations;
  layout.margin = { ...margin, t: 110 + 24 * (titleLines - 1) };
  return displayableFigure({ data, layout });
}
