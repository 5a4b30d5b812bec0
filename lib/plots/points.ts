/**
 * Point plots: mean ± sd per category with black error bars (paper Fig. 4) and a scatter with a per-group linear fit
 * in log-x (Fig. 11, seaborn lmplot without CI).
 * @module
 */
import { checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
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
  SERIES_STYLES,
  seriesStyle,
  unitIntervalClip,
  wrapLabel,
} from "./style.ts";

/** One point of {@link plotPointErrors}. */
export interface CategoryPoint {
  /** Category on the categorical axis (e.g. a vision model name). */
  category: string;
  /** Style id of the colour group (e.g. "clip", "dinov2"). */
  group: string;
  /** Mean value (e.g. matching accuracy over seeds). */
  mean: number;
  /** Standard deviation (error bar half-length). */
  sd: number;
}

/** Options of {@link plotPointErrors}. */
export interface PointErrorsOptions extends AxesOptions {
  /** "h" (default, project page: categories on x) or "v" (the script: categories on y). */
  orientation?: "h" | "v";
  /** Value of a dashed reference line (Fig. 4: 0.1 = random). */
  referenceValue?: number;
  /** Legend entry of the reference line (default "Random (chance)"). */
  referenceLabel?: string;
  /**
   * Range the error bars are clipped to (a quantity that cannot leave it). Default: [0, 1] when the value axis title
   * names an accuracy or similarity and every mean lies in [0, 1], else none.
   */
  errorClip?: readonly [number, number] | null;
  /**
   * Longest category label line before it is wrapped at spaces, " / " and (inside long words) hyphens. Default: what
   * fits one category's share of the axis, 88 / categories characters, between 8 and 18.
   */
  wrapAt?: number;
}

export { wrapLabel } from "./style.ts";

/**
 * Fig. 4: one marker per category at its mean with black ± sd error bars, coloured by group, categories in input
 * order; a dashed line at `referenceValue` (random accuracy). With orientation "h" values are on y.
 */
export function plotPointErrors(points: readonly CategoryPoint[], options: PointErrorsOptions): PlotlyFigure {
  const fn = "plotPointErrors";
  checkType(Array.isArray(points), fn, "points must be an array of {category, group, mean, sd}");
  checkKnownKeys(
    options,
    [...AXES_OPTION_KEYS, "orientation", "referenceValue", "referenceLabel", "wrapAt", "errorClip"],
    fn,
  );
  const orientation = options.orientation ?? "h";
  checkRange(orientation === "h" || orientation === "v", fn, `orientation must be "h" or "v", got ${orientation}`);
  const groups = new Map<string, CategoryPoint[]>();
  for (const p of points) {
    checkType(
      typeof p.category === "string" && typeof p.group === "string",
      fn,
      "each point needs category and group strings",
    );
    const list = groups.get(p.group);
    if (list) list.push(p);
    else groups.set(p.group, [p]);
  }
  const clip = options.errorClip === undefined
    ? unitIntervalClip(orientation === "h" ? options.yTitle : options.xTitle, points.map((p) => p.mean))
    : options.errorClip;
  const data: PlotlyTrace[] = [];
  for (const [group, list] of groups) {
    const style = seriesStyle(group);
    const cats = list.map((p) => p.category), means = list.map((p) => p.mean);
    const [lo, hi] = clip ?? [-Infinity, Infinity];
    const error = {
      type: "data",
      symmetric: false,
      array: list.map((p) => Math.max(0, Math.min(p.sd, hi - p.mean))),
      arrayminus: list.map((p) => Math.max(0, Math.min(p.sd, p.mean - lo))),
      color: "#000000",
      thickness: 1.5,
      width: 4,
    };
    data.push({
      type: "scatter",
      mode: "markers",
      name: style.label,
      x: orientation === "h" ? cats : means,
      y: orientation === "h" ? means : cats,
      [orientation === "h" ? "error_y" : "error_x"]: error,
      marker: { color: style.color, symbol: style.symbol, size: 12 },
    });
  }
  const categories = [...new Set(points.map((p) => p.category))];
  const fit = Math.max(8, Math.min(18, Math.floor(88 / Math.max(1, categories.length))));
  const {
    orientation: _o,
    referenceValue: _r,
    referenceLabel = "Random (chance)",
    wrapAt = fit,
    errorClip: _c,
    ...axes
  } = options;
  const layout = baseLayout(axes);
  const catAxis = orientation === "h" ? "xaxis" : "yaxis";
  const axis = layout[catAxis] as Record<string, unknown>;
  axis.type = "category";
  axis.categoryorder = "array";
  axis.categoryarray = categories;
  if (categories.some((c) => c.length > wrapAt)) {
    // long labels (model pairs) wrap onto lines instead of taking a third of the height rotated
    axis.tickmode = "array";
    axis.tickvals = categories;
    axis.ticktext = categories.map((c) => wrapLabel(c, wrapAt));
    axis.tickangle = 0;
    axis.tickfont = { size: 14 };
  }
  if (options.referenceValue !== undefined) {
    const v = options.referenceValue;
    layout.shapes = [
      orientation === "h"
        ? {
          type: "line",
          xref: "paper",
          x0: 0,
          x1: 1,
          y0: v,
          y1: v,
          line: REFERENCE_LINE,
        }
        : {
          type: "line",
          yref: "paper",
          y0: 0,
          y1: 1,
          x0: v,
          x1: v,
          line: REFERENCE_LINE,
        },
    ];
    data.push(legendLine(referenceLabel, REFERENCE_LINE));
  }
  return displayableFigure({ data, layout });
}

/** Least-squares line y = intercept + slope·log10(x) (x must be positive); needs ≥ 2 distinct x. */
export function fitLogLinear(x: readonly number[], y: readonly number[]): { slope: number; intercept: number } {
  const fn = "fitLogLinear";
  checkRange(x.length === y.length, fn, `x and y must have the same length, got ${x.length} and ${y.length}`);
  checkRange(x.length >= 2, fn, `needs at least 2 points, got ${x.length}`);
  let sx = 0, sy = 0;
  for (let i = 0; i < x.length; i++) {
    checkRange(x[i] > 0, fn, `x must be positive for a log scale, got ${x[i]} at [${i}]`);
    sx += Math.log10(x[i]);
    sy += y[i];
  }
  const mx = sx / x.length, my = sy / y.length;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = Math.log10(x[i]) - mx;
    sxx += dx * dx;
    sxy += dx * (y[i] - my);
  }
  checkRange(sxx > 0, fn, "needs at least 2 distinct x values");
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** One point of {@link plotScatterFit}. */
export interface ScatterPoint {
  /** x (e.g. parameter count; log axis). */
  x: number;
  /** y (e.g. matching accuracy). */
  y: number;
  /** Style id of the group (vision model class). */
  group: string;
  /** Hover label (e.g. model name). */
  label?: string;
}

/** Options of {@link plotScatterFit}. */
export interface ScatterFitOptions extends AxesOptions {
  /** Fewest distinct x values a group needs for its own fit line (default 3: a line through 2 points fits nothing). */
  minFitPoints?: number;
  /** Write each point's label next to it (default true when every point has a label). */
  pointLabels?: boolean;
}

/**
 * Fig. 11: labelled markers per group on a log-x axis (one legend entry per point label in its own style when every
 * label is a registered style id, e.g. a model id) plus, for groups with ≥ `minFitPoints` distinct x, the fitted
 * line y = a + b·log10(x) over the group's x range (straight on the log axis). When no group has enough points but
 * all points together do, one pooled fit (grey, dotted) is drawn instead. Each fit has a legend entry naming it.
 */
export function plotScatterFit(points: readonly ScatterPoint[], options: ScatterFitOptions): PlotlyFigure {
  const fn = "plotScatterFit";
  checkType(Array.isArray(points), fn, "points must be an array of {x, y, group}");
  checkKnownKeys(options, [...AXES_OPTION_KEYS, "minFitPoints", "pointLabels"], fn);
  const { minFitPoints = 3, pointLabels = points.every((p) => typeof p.label === "string"), ...axes } = options;
  checkRange(
    Number.isInteger(minFitPoints) && minFitPoints >= 2,
    fn,
    `minFitPoints must be an integer ≥ 2, got ${minFitPoints}`,
  );
  const groups = new Map<string, ScatterPoint[]>();
  const logs = points.map((p) => Math.log10(p.x));
  const logLo = Math.min(...logs), logHi = Math.max(...logs), logSpan = logHi - logLo;
  // labels near the left or right edge are written inward so that they stay inside the plot
  const labelPosition = (x: number) => {
    const t = logSpan > 0 ? (Math.log10(x) - logLo) / logSpan : 0.5;
    return t < 0.2 ? "top right" : t > 0.8 ? "top left" : "top center";
  };
  for (const p of points) {
    checkRange(p.x > 0, fn, `x must be positive for a log axis, got ${p.x}`);
    const list = groups.get(p.group);
    if (list) list.push(p);
    else groups.set(p.group, [p]);
  }
  const data: PlotlyTrace[] = [];
  const fitTrace = (list: readonly ScatterPoint[], name: string, group: string, line: Record<string, unknown>) => {
    const xs = list.map((p) => p.x);
    const { slope, intercept } = fitLogLinear(xs, list.map((p) => p.y));
    const x0 = Math.min(...xs), x1 = Math.max(...xs);
    return {
      type: "scatter",
      mode: "lines",
      name,
      legendgroup: group,
      x: [x0, x1],
      y: [intercept + slope * Math.log10(x0), intercept + slope * Math.log10(x1)],
      line,
    };
  };
  let fits = 0;
  // points whose labels are all registered ids (model ids) keep their own style, as in every other figure
  const ownStyles = points.length > 0 &&
    points.every((p) => p.label !== undefined && Object.hasOwn(SERIES_STYLES, p.label));
  for (const [group, list] of groups) {
    const style = seriesStyle(group);
    const markerTrace = (
      members: readonly ScatterPoint[],
      pointStyle: { color: string; symbol: string; label: string },
      legendgroup: string,
    ) => ({
      type: "scatter",
      mode: pointLabels ? "markers+text" : "markers",
      name: pointStyle.label,
      legendgroup,
      x: members.map((p) => p.x),
      y: members.map((p) => p.y),
      text: members.map((p) => p.label ?? ""),
      ...(pointLabels ? { textposition: members.map((p) => labelPosition(p.x)), textfont: { size: 13 } } : {}),
      cliponaxis: false,
      marker: { color: pointStyle.color, symbol: pointStyle.symbol, size: 11 },
    });
    if (ownStyles) {
      for (const label of new Set(list.map((p) => p.label!))) {
        data.push(markerTrace(list.filter((p) => p.label === label), seriesStyle(label), label));
      }
    } else {
      data.push(markerTrace(list, style, group));
    }
    if (new Set(list.map((p) => p.x)).size >= minFitPoints) {
      fits++;
      data.push(fitTrace(list, `${style.label}: log-linear fit (${list.length} points)`, group, {
        color: style.color,
        width: LINE_WIDTH,
      }));
    }
  }
  if (fits === 0 && groups.size > 1 && new Set(points.map((p) => p.x)).size >= minFitPoints) {
    data.push(fitTrace(points, `log-linear fit over all ${points.length} points`, "pooled-fit", {
      color: "#7F7F7F",
      width: LINE_WIDTH,
      dash: "dot",
    }));
  }
  const layout = baseLayout(axes);
  const xaxis = layout.xaxis as Record<string, unknown>;
  xaxis.type = "log";
  if (axes.xRange) xaxis.range = axes.xRange.map(Math.log10);
  else if (points.length > 0) {
    // room for the markers and their labels at both ends (log10 units)
    const pad = Math.max(0.15, 0.08 * logSpan);
    xaxis.range = [logLo - pad, logHi + pad];
  }
  if (pointLabels && !axes.yRange && points.length > 0) {
    // room above the highest point for its label
    const ys = points.map((p) => p.y), yLo = Math.min(...ys), yHi = Math.max(...ys);
    const span = yHi - yLo || Math.abs(yHi) || 1;
    (layout.yaxis as Record<string, unknown>).range = [yLo - 0.08 * span, yHi + 0.16 * span];
  }
  return displayableFigure({ data, layout });
}
