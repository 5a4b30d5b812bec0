/**
 * Density histogram from pre-binned counts (paper Fig. 9: empirical Lipschitz ratios, 50 bins on [0, 2]). Values are
 * binned here so the figure carries 50 bars, not millions of raw values.
 * @module
 */
import { checkInteger, checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import {
  AXES_OPTION_KEYS,
  type AxesOptions,
  baseLayout,
  displayableFigure,
  PAPER_COLORS,
  type PlotlyFigure,
} from "./style.ts";

/** Options of {@link histogramCounts} and {@link plotHistogram}. */
export interface HistogramBins {
  /** Number of equal-width bins (default 50). */
  bins?: number;
  /** [lo, hi] range; values outside (or non-finite) are dropped (default [min, max] of the finite values). */
  range?: [number, number];
  /** Normalise to a density (area 1, default true) instead of counts. */
  density?: boolean;
}

/** Binned histogram: bin edges (bins + 1), heights (counts or density) and how many values were used / dropped. */
export interface HistogramData {
  edges: number[];
  heights: number[];
  used: number;
  dropped: number;
}

/** Bins `values` into equal-width bins; the last bin includes its right edge (numpy convention). */
export function histogramCounts(values: ArrayLike<number>, options: HistogramBins = {}): HistogramData {
  const fn = "histogramCounts";
  checkType(
    values !== null && typeof values === "object" && typeof values.length === "number",
    fn,
    "values must be an array of numbers",
  );
  checkKnownKeys(options, ["bins", "range", "density"], fn);
  const bins = checkInteger(options.bins ?? 50, fn, "bins", 1);
  let lo: number, hi: number;
  if (options.range) {
    [lo, hi] = options.range;
  } else {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isFinite(v)) (lo = Math.min(lo, v), hi = Math.max(hi, v));
    }
    if (lo === Infinity) (lo = 0, hi = 1);
    if (lo === hi) (lo -= 0.5, hi += 0.5);
  }
  checkRange(lo < hi, fn, `range must have lo < hi, got [${lo}, ${hi}]`);
  const counts = new Float64Array(bins);
  const width = (hi - lo) / bins;
  let used = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) continue;
    const b = Math.min(bins - 1, Math.floor((v - lo) / width));
    counts[b]++;
    used++;
  }
  const density = options.density ?? true;
  const heights = Array.from(counts, (c) => density && used > 0 ? c / (used * width) : c);
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  return { edges, heights, used, dropped: values.length - used };
}

/** Options of {@link plotHistogram}. */
export interface HistogramOptions extends AxesOptions, HistogramBins {
  /** Bar colour (default the paper blue). */
  color?: string;
  /** Vertical dashed marker lines with a legend entry each (e.g. the cost of the true matching). */
  markers?: { x: number; label: string; color?: string }[];
}

/** Share of the values the zoomed x axis of {@link plotHistogram} keeps (the sparse tail beyond is noted). */
export const HISTOGRAM_ZOOM_MASS = 0.995;

/**
 * The part of the binning range a histogram shows: from the first non-empty bin to the bin where
 * {@link HISTOGRAM_ZOOM_MASS} of the values are reached, and how many values lie beyond (with their maximum).
 */
function zoomWindow(
  values: ArrayLike<number>,
  counts: HistogramData,
): { lo: number; hi: number; beyond: number; max: number } {
  const c = counts.heights, total = counts.used;
  const first = c.findIndex((v) => v > 0);
  if (first < 0) return { lo: counts.edges[0], hi: counts.edges[c.length], beyond: 0, max: NaN };
  let last = first, cum = 0;
  for (let i = first; i < c.length; i++) {
    cum += c[i];
    last = i;
    if (cum >= HISTOGRAM_ZOOM_MASS * total) break;
  }
  const hi = counts.edges[last + 1], top = counts.edges[c.length];
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > hi && values[i] <= top) max = Math.max(max, values[i]);
  return { lo: counts.edges[first], hi, beyond: total - cum, max };
}

/**
 * Fig. 9: density histogram as a bar chart (one bar per bin, no gaps). Without `xRange` the x axis zooms onto the
 * data: from the first non-empty bin to where {@link HISTOGRAM_ZOOM_MASS} of the values are reached (and the marker
 * lines); when that is under 40 % of the binning range the values there are binned afresh into `bins` bins (ratios
 * binned on [0, 2] that all lie below 0.2 fill the plot with 50 bars, not 5), and an annotation names the values
 * beyond.
 */
export function plotHistogram(values: ArrayLike<number>, options: HistogramOptions): PlotlyFigure {
  const fn = "plotHistogram";
  checkKnownKeys(options, [...AXES_OPTION_KEYS, "bins", "range", "density", "color", "markers"], fn);
  const { bins, range, density } = options;
  let h = histogramCounts(values, { bins, range, density });
  const layout = baseLayout({ yTitle: (density ?? true) ? "Density" : "Count", ...options });
  let note: string | null = null;
  if (!options.xRange) {
    const counts = histogramCounts(values, { bins, range, density: false });
    const zoom = zoomWindow(values, counts);
    const full = counts.edges[counts.edges.length - 1] - counts.edges[0];
    if (zoom.hi - zoom.lo < 0.4 * full) h = histogramCounts(values, { bins, range: [zoom.lo, zoom.hi], density });
    if (zoom.beyond > 0) {
      note = `${zoom.beyond} of ${counts.used} values (${(100 * zoom.beyond / counts.used).toPrecision(2)} %) lie ` +
        `beyond ${Number(zoom.hi.toPrecision(3))}, up to ${Number(zoom.max.toPrecision(3))}`;
    }
  }
  const centers = h.heights.map((_, i) => (h.edges[i] + h.edges[i + 1]) / 2);
  layout.bargap = 0;
  layout.showlegend = false;
  const markerTraces = (options.markers ?? []).map((m, i) => ({
    type: "scatter",
    mode: "lines",
    name: m.label,
    x: [m.x, m.x],
    y: [0, Math.max(...h.heights, 0) * 1.05],
    line: {
      color: m.color ?? [PAPER_COLORS.orange, PAPER_COLORS.black, PAPER_COLORS.olive][i % 3],
      width: 3,
      dash: "dash",
    },
  }));
  if (markerTraces.length > 0) layout.showlegend = true;
  if (!options.xRange) {
    // the non-empty bins and the marker lines, a little padded (marker lines stay off the plot edge)
    const filled = h.heights.flatMap((v, i) => v > 0 ? [h.edges[i], h.edges[i + 1]] : []);
    const ends = filled.length > 0 ? filled : [h.edges[0], h.edges[h.edges.length - 1]];
    const xs = [...ends, ...(options.markers ?? []).map((m) => m.x)];
    const lo = Math.min(...xs), hi = Math.max(...xs), pad = 0.03 * (hi - lo || 1);
    (layout.xaxis as Record<string, unknown>).range = [lo - pad, hi + pad];
  }
  if (note) {
    layout.annotations = [{
      xref: "paper",
      yref: "paper",
      x: 1,
      y: 1,
      xanchor: "right",
      yanchor: "bottom",
      showarrow: false,
      font: { size: 14 },
      text: note,
    }];
  }
  return displayableFigure({
    data: [{
      type: "bar",
      x: centers,
      y: h.heights,
      width: h.edges[1] - h.edges[0],
      marker: { color: options.color ?? PAPER_COLORS.blue, line: { color: "#FFFFFF", width: 0.5 } },
      name: `${h.used} values`,
      showlegend: false,
    }, ...markerTraces],
    layout,
  });
}
