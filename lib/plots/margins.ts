/**
 * Figures of the margins study (issue 20 item 3, lib/studies/margins.ts): the margin of every matched pair, correct
 * vs wrong, as box plots with every pair drawn beside its box, one box pair per group (data set × subsets). Margins are
 * plotted as the unitless ratio margin ÷ sd of J over random matchings (lib/qap/margins/random_spread.ts), so groups
 * with different kernels and sizes share one axis. Precision and accuracy curves use lib/plots/lines.ts.
 * @module
 */
import { checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import {
  AXES_OPTION_KEYS,
  type AxesOptions,
  baseLayout,
  displayableFigure,
  PAPER_COLORS,
  type PlotlyFigure,
  withAlpha,
} from "./style.ts";
import { wrapLabel } from "./points.ts";

/** The pairs of one group: its label and the margins of its correct and of its wrong pairs. */
export interface MarginGroup {
  /** Category label on the x axis, e.g. "cifar10 (all 10 classes)". */
  label: string;
  /** Margins (÷ random sd) of the correctly matched pairs. */
  correct: readonly number[];
  /** Margins (÷ random sd) of the wrongly matched pairs. */
  wrong: readonly number[];
}

/** Options of {@link plotMarginsByCorrectness}. */
export type MarginStripOptions = AxesOptions;

/** Colours of the two boxes: correct (blue), wrong (orange), from the paper's palette. */
export const CORRECTNESS_COLORS = Object.freeze({ correct: PAPER_COLORS.blue, wrong: PAPER_COLORS.orange });

/**
 * Box plots of the margins of correct (blue) and wrong (orange) pairs per group, every pair drawn as a jittered point
 * beside its box; a group without correct (or wrong) pairs has no box of that kind. The legend says how many pairs
 * each kind has in all.
 *
 * @example
 * plotMarginsByCorrectness([{ label: "cifar10", correct: [0.12, 0.3], wrong: [0.05] }], {
 *   title: "Margins of correct and wrong pairs",
 *   yTitle: "Margin / sd of random matchings",
 * });
 */
export function plotMarginsByCorrectness(groups: readonly MarginGroup[], options: MarginStripOptions): PlotlyFigure {
  const fn = "plotMarginsByCorrectness";
  checkType(Array.isArray(groups), fn, "groups must be an array of {label, correct, wrong}");
  checkKnownKeys(options, AXES_OPTION_KEYS, fn);
  for (const g of groups) {
    checkType(typeof g?.label === "string", fn, "each group needs a label string");
    for (const v of [...g.correct, ...g.wrong]) {
      checkRange(Number.isFinite(v), fn, `group '${g.label}': margins must be finite numbers, got ${v}`);
    }
  }
  const data = (["correct", "wrong"] as const).map((kind) => {
    const x: string[] = [], y: number[] = [];
    for (const g of groups) {
      for (const v of g[kind]) {
        x.push(g.label);
        y.push(v);
      }
    }
    const color = CORRECTNESS_COLORS[kind];
    return {
      type: "box",
      name: `${kind} (${y.length} pairs)`,
      x,
      y,
      boxpoints: "all",
      jitter: 0.4,
      pointpos: 0,
      marker: { color: withAlpha(color, 0.55), size: 6 },
      line: { color, width: 2 },
      fillcolor: withAlpha(color, 0.15),
      offsetgroup: kind,
    };
  });
  const layout = baseLayout(options);
  layout.boxmode = "group";
  const axis = layout.xaxis as Record<string, unknown>;
  axis.type = "category";
  axis.categoryorder = "array";
  axis.categoryarray = groups.map((g) => g.label);
  // long group names wrap onto lines instead of running diagonally across the figure
  axis.tickmode = "array";
  axis.tickvals = groups.map((g) => g.label);
  axis.ticktext = groups.map((g) => wrapLabel(g.label, Math.max(10, Math.floor(90 / Math.max(1, groups.length)))));
  axis.tickangle = 0;
  axis.tickfont = { size: 14 };
  return displayableFigure({ data, layout });
}

/**
 * Moves the legend of `figure` under the plot (horizontal, wrapping), for figures whose series names are long group
 * names that would otherwise take half the width. Changes `figure` in place (build it just before) and returns it.
 *
 * @example
 * legendBelow(plotLineBand(series, { title: "Precision", xTitle: "Fraction kept" }));
 */
export function legendBelow<F extends PlotlyFigure>(figure: F): F {
  const layout = figure.layout;
  layout.legend = { orientation: "h", x: 0, xanchor: "left", y: -0.2, yanchor: "top", font: { size: 16 } };
  layout.margin = { ...(layout.margin as object), b: 40 };
  layout.height = Math.max(Number(layout.height ?? 0), 760);
  return figure;
}
