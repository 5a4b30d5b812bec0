/**
 * Line plots with a ±sd band: shuffling curves (paper Fig. 2, 7, 8) and accuracy vs problem size (Fig. 5).
 * Pure data in, Plotly figure out; {@link aggregateMeanSd} turns raw per-seed rows into the series.
 * @module
 */
import { checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import { meanSdBy } from "../core/table.ts";
import {
  AXES_OPTION_KEYS,
  type AxesOptions,
  baseLayout,
  displayableFigure,
  legendLine,
  LINE_WIDTH,
  type PlotlyFigure,
  type PlotlyTrace,
  REFERENCE_LINE,
  seriesStyle,
  unitIntervalClip,
  withAlpha,
} from "./style.ts";

/** One line with an optional ±sd band. */
export interface LineSeries {
  /** Stable style id ("clip", "random", ...), picks colour and marker. */
  id: string;
  /** Legend label (default: the style's label). */
  label?: string;
  /** x values, increasing. */
  x: readonly number[];
  /** Mean y per x. */
  mean: readonly number[];
  /** Standard deviation per x (band mean ± sd); omit for no band. */
  sd?: readonly number[];
  /** Draw markers at the points (default true). */
  markers?: boolean;
  /** Dashed line (e.g. the random baseline). */
  dashed?: boolean;
  /** Clip the band to [lo, hi] (a quantity that cannot leave it, e.g. [0, 1] for accuracies). */
  bandClip?: readonly [number, number];
}

/** Options of {@link plotLineBand}. */
export interface LineBandOptions extends AxesOptions {
  /** Horizontal reference lines, e.g. chance level, each with a legend entry (`label`, default "Reference"). */
  referenceLines?: { y: number; label?: string }[];
  /**
   * Range every band is clipped to, for quantities that cannot leave it (a series' own `bandClip` wins). Default:
   * [0, 1] when `yRange` lies within [0, 1] or every mean and the y title say so (an accuracy, CKA or k-NN
   * similarity, a min–max normalised distance), else none.
   */
  bandClip?: readonly [number, number] | null;
}

/** The default band clip of {@link plotLineBand}: [0, 1] for unit-interval quantities, else null. */
export function defaultBandClip(series: readonly LineSeries[], options: AxesOptions): [number, number] | null {
  if (options.yRange) return options.yRange[0] >= 0 && options.yRange[1] <= 1.0001 ? [0, 1] : null;
  return unitIntervalClip(options.yTitle, series.flatMap((s) => Array.from(s.mean)));
}

/** One raw observation for {@link aggregateMeanSd}. */
export interface Observation {
  /** Series id (e.g. vision model class). */
  group: string;
  /** x value (shuffling level, problem size). */
  x: number;
  /** y value of one seed / subset. */
  y: number;
}

function checkNumbers(values: unknown, fn: string, name: string, length?: number): void {
  checkType(Array.isArray(values) || ArrayBuffer.isView(values), fn, `${name} must be an array of numbers`);
  const arr = values as ArrayLike<number>;
  if (length !== undefined) {
    checkRange(arr.length === length, fn, `${name} must have length ${length}, got ${arr.length}`);
  }
}

/**
 * Groups observations by (group, x) (arquero, {@link meanSdBy}) and returns one {@link LineSeries} per group (in
 * order of first appearance) with x sorted ascending, the mean and the sample sd (ddof 1, as seaborn's "sd" band; 0
 * for a single value). Non-finite y values are left out.
 */
export function aggregateMeanSd(observations: readonly Observation[]): LineSeries[] {
  checkType(Array.isArray(observations), "aggregateMeanSd", "observations must be an array");
  if (observations.length === 0) return [];
  const rows = observations.map(({ group, x, y }) => ({ group, x, y }));
  const stats = meanSdBy(rows, ["group", "x"], "y").objects() as {
    group: string;
    x: number;
    mean: number;
    sd: number;
  }[];
  const series = new Map<string, { id: string; x: number[]; mean: number[]; sd: number[] }>();
  for (const g of new Set(rows.map((r) => r.group))) series.set(g, { id: g, x: [], mean: [], sd: [] });
  for (const r of [...stats].sort((a, b) => a.x - b.x)) {
    const s = series.get(r.group)!;
    s.x.push(r.x);
    s.mean.push(r.mean);
    s.sd.push(r.sd);
  }
  return [...series.values()].filter((s) => s.x.length > 0);
}

/** Traces of one series: the translucent band (if sd given, not in the legend) then the line. */
export function lineSeriesTraces(series: LineSeries, fn = "lineSeriesTraces"): PlotlyTrace[] {
  checkType(typeof series?.id === "string", fn, `series.id must be a string, got ${typeof series?.id}`);
  checkNumbers(series.x, fn, `series '${series.id}' x`);
  checkNumbers(series.mean, fn, `series '${series.id}' mean`, series.x.length);
  if (series.sd !== undefined) checkNumbers(series.sd, fn, `series '${series.id}' sd`, series.x.length);
  const style = seriesStyle(series.id, series.label);
  const x = Array.from(series.x), mean = Array.from(series.mean);
  const traces: PlotlyTrace[] = [];
  if (series.sd) {
    const sd = Array.from(series.sd);
    const [lo, hi] = series.bandClip ?? [-Infinity, Infinity];
    const upper = mean.map((m, i) => Math.min(hi, m + sd[i]));
    const lower = mean.map((m, i) => Math.max(lo, m - sd[i]));
    traces.push({
      type: "scatter",
      mode: "lines",
      x: [...x, ...x.slice().reverse()],
      y: [...upper, ...lower.reverse()],
      fill: "toself",
      fillcolor: withAlpha(style.color, 0.2),
      line: { width: 0, color: withAlpha(style.color, 0) },
      hoverinfo: "skip",
      showlegend: false,
      legendgroup: series.id,
      name: `${style.label} ± sd`,
    });
  }
  const markers = series.markers ?? true;
  traces.push({
    type: "scatter",
    mode: markers ? "lines+markers" : "lines",
    x,
    y: mean,
    name: style.label,
    legendgroup: series.id,
    // markers on the axis limits (an accuracy of 1.0 on a [0, 1] axis) are drawn whole, not cut in half
    cliponaxis: false,
    line: { color: style.color, width: LINE_WIDTH, ...(series.dashed ? { dash: "dash" } : {}) },
    marker: { color: style.color, symbol: style.symbol, size: 10 },
  });
  return traces;
}

/**
 * Line plot of mean ± sd per series (paper Fig. 2/7/8: x "Amount of shuffling", y similarity, hue = vision model
 * class; Fig. 5: x "Problem size", y "Matching accuracy", random curve 1/n ± 1/n).
 */
export function plotLineBand(series: readonly LineSeries[], options: LineBandOptions): PlotlyFigure {
  const fn = "plotLineBand";
  checkType(Array.isArray(series), fn, "series must be an array of LineSeries");
  checkKnownKeys(options, [...AXES_OPTION_KEYS, "referenceLines", "bandClip"], fn);
  const { referenceLines, bandClip, ...axes } = options;
  const clip = bandClip === undefined ? defaultBandClip(series, axes) : bandClip;
  const data = series.flatMap((s) => lineSeriesTraces(clip && !s.bandClip ? { ...s, bandClip: clip } : s, fn));
  const layout = baseLayout(axes);
  if (referenceLines?.length) {
    layout.shapes = referenceLines.map((r) => ({
      type: "line",
      xref: "paper",
      x0: 0,
      x1: 1,
      y0: r.y,
      y1: r.y,
      line: REFERENCE_LINE,
    }));
    // one legend entry per distinct label, so the dashed line says what it is
    for (const label of new Set(referenceLines.map((r) => r.label ?? "Reference"))) {
      data.push(legendLine(label, REFERENCE_LINE));
    }
  }
  return displayableFigure({ data, layout });
}

/** The "Random" curve of Fig. 5: accuracy 1/n with band ±1/n for each problem size. */
export function randomBaselineSeries(sizes: readonly number[]): LineSeries {
  checkNumbers(sizes, "randomBaselineSeries", "sizes");
  const inv = sizes.map((n) => 1 / n);
  return { id: "random", x: [...sizes], mean: inv, sd: inv, markers: false, dashed: true };
}
