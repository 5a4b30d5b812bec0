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
  LINE_WIDTH,
  type PlotlyFigure,
  type PlotlyTrace,
  seriesStyle,
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
}

/**
 * Fig. 4: one marker per category at its mean with black ± sd error bars, coloured by group, categories in input
 * order; a dashed line at `referenceValue` (random accuracy). With orientation "h" values are on y.
 */
export function plotPointErrors(points: readonly CategoryPoint[], options: PointErrorsOptions): PlotlyFigure {
  const fn = "plotPointErrors";
  checkType(Array.isArray(points), fn, "points must be an array of {category, group, mean, sd}");
  checkKnownKeys(options, [...AXES_OPTION_KEYS, "orientation", "referenceValue"], fn);
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
  const data: PlotlyTrace[] = [];
  for (const [group, list] of groups) {
    const style = seriesStyle(group);
    const cats = list.map((p) => p.category), means = list.map((p) => p.mean);
    const error = { type: "data", array: list.map((p) => p.sd), color: "#000000", thickness: 1.5, width: 4 };
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
  const layout = baseLayout(options);
  const catAxis = orientation === "h" ? "xaxis" : "yaxis";
  (layout[catAxis] as Record<string, unknown>).type = "category";
  (layout[catAxis] as Record<string, unknown>).categoryorder = "array";
  (layout[catAxis] as Record<string, unknown>).categoryarray = [...new Set(points.map((p) => p.category))];
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
          line: { color: "#000000", dash: "dash", width: 1.5 },
        }
        : {
          type: "line",
          yref: "paper",
          y0: 0,
          y1: 1,
          x0: v,
          x1: v,
          line: { color: "#000000", dash: "dash", width: 1.5 },
        },
    ];
  }
  return { data, layout };
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

/**
 * Fig. 11: markers per group on a log-x axis plus, for groups with ≥ 2 distinct x, the fitted line
 * y = a + b·log10(x) over the group's x range (straight on the log axis).
 */
export function plotScatterFit(points: readonly ScatterPoint[], options: AxesOptions): PlotlyFigure {
  const fn = "plotScatterFit";
  checkType(Array.isArray(points), fn, "points must be an array of {x, y, group}");
  checkKnownKeys(options, AXES_OPTION_KEYS, fn);
  const groups = new Map<string, ScatterPoint[]>();
  for (const p of points) {
    checkRange(p.x > 0, fn, `x must be positive for a log axis, got ${p.x}`);
    const list = groups.get(p.group);
    if (list) list.push(p);
    else groups.set(p.group, [p]);
  }
  const data: PlotlyTrace[] = [];
  for (const [group, list] of groups) {
    const style = seriesStyle(group);
    data.push({
      type: "scatter",
      mode: "markers",
      name: style.label,
      legendgroup: group,
      x: list.map((p) => p.x),
      y: list.map((p) => p.y),
      text: list.map((p) => p.label ?? ""),
      marker: { color: style.color, symbol: style.symbol, size: 11 },
    });
    const xs = list.map((p) => p.x);
    if (new Set(xs).size >= 2) {
      const { slope, intercept } = fitLogLinear(xs, list.map((p) => p.y));
      const x0 = Math.min(...xs), x1 = Math.max(...xs);
      data.push({
        type: "scatter",
        mode: "lines",
        name: `${style.label} fit`,
        legendgroup: group,
        showlegend: false,
        x: [x0, x1],
        y: [intercept + slope * Math.log10(x0), intercept + slope * Math.log10(x1)],
        line: { color: style.color, width: LINE_WIDTH },
      });
    }
  }
  const layout = baseLayout(options);
  (layout.xaxis as Record<string, unknown>).type = "log";
  if (options.xRange) (layout.xaxis as Record<string, unknown>).range = options.xRange.map(Math.log10);
  return { data, layout };
}
