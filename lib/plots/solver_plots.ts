/**
 * Solver figures: cost and bound against problem size (paper Fig. 6) and the convergence trace of one run (best cost
 * and lower bound against time or iteration, e.g. the factorised Hahn–Grant dual ascent).
 * @module
 */
import { checkKnownKeys, checkType } from "../core/errors.ts";
import { meanSdBy } from "../core/table.ts";
import {
  AXES_OPTION_KEYS,
  type AxesOptions,
  baseLayout,
  BOUND_DASH,
  displayableFigure,
  LINE_WIDTH,
  PAPER_COLORS,
  type PlotlyFigure,
  type PlotlyTrace,
  seriesStyle,
} from "./style.ts";

/** One solver run for {@link plotCostBound}. */
export interface CostBoundRow {
  /** Solver id ("fhg", "faq", ...). */
  solver: string;
  /** Problem size. */
  n: number;
  /** Cost of the returned permutation (already normalised by the caller, e.g. GW / n²). */
  cost: number;
  /** Lower bound (same normalisation) or null. */
  bound: number | null;
}

/** Options of {@link plotCostBound}. */
export interface CostBoundOptions extends AxesOptions {
  /**
   * Solvers whose values do not set the y range (default ["random"]: a random matching costs several times more and
   * would squeeze the cost–bound gap of the real solvers); their lines run off the top, an annotation gives the value.
   */
  offscale?: readonly string[];
}

/**
 * Fig. 6: per solver a solid "Cost" line and, for solvers with bounds, a dashed "Bound" line (dash 3.7/1.6) in the
 * same colour, against problem size; several rows with the same (solver, n) are averaged. y title "Cost / Bound".
 * The y range covers the other solvers (see {@link CostBoundOptions.offscale}).
 */
export function plotCostBound(rows: readonly CostBoundRow[], options: CostBoundOptions): PlotlyFigure {
  const fn = "plotCostBound";
  checkType(Array.isArray(rows), fn, "rows must be an array of {solver, n, cost, bound}");
  checkKnownKeys(options, [...AXES_OPTION_KEYS, "offscale"], fn);
  const { offscale = ["random"], ...axes } = options;
  for (const row of rows) {
    checkType(typeof row.solver === "string" && typeof row.n === "number", fn, "each row needs solver and n");
  }
  // means per (solver, n) with arquero; non-finite costs and null bounds are left out of their mean
  const table = rows.map((r) => ({ solver: r.solver, n: r.n, cost: r.cost, bound: r.bound ?? NaN }));
  const meansOf = (value: "cost" | "bound") => {
    const out = new Map<string, number>();
    if (table.length === 0) return out;
    for (
      const r of meanSdBy(table, ["solver", "n"], value).objects() as { solver: string; n: number; mean: number }[]
    ) {
      out.set(`${r.solver}\u0000${r.n}`, r.mean);
    }
    return out;
  };
  const costs = meansOf("cost"), boundMeans = meansOf("bound");
  const bySolver = new Map<string, number[]>();
  for (const r of rows) {
    const ns = bySolver.get(r.solver);
    if (!ns) bySolver.set(r.solver, [r.n]);
    else if (!ns.includes(r.n)) ns.push(r.n);
  }
  const mean = (values: Map<string, number>, solver: string, n: number) => values.get(`${solver}\u0000${n}`) ?? null;
  const data: PlotlyTrace[] = [];
  for (const [solver, sizes] of bySolver) {
    const style = seriesStyle(solver);
    const ns = [...sizes].sort((a, b) => a - b);
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: `${style.label} cost`,
      legendgroup: solver,
      x: ns,
      y: ns.map((n) => mean(costs, solver, n)),
      line: { color: style.color, width: LINE_WIDTH },
      marker: { color: style.color, symbol: style.symbol, size: 9 },
    });
    const bounds = ns.map((n) => mean(boundMeans, solver, n));
    if (bounds.some((b) => b !== null)) {
      data.push({
        type: "scatter",
        mode: "lines",
        name: `${style.label} bound`,
        legendgroup: solver,
        x: ns,
        y: bounds,
        line: { color: style.color, width: LINE_WIDTH, dash: BOUND_DASH },
      });
    }
  }
  const layout = baseLayout({ xTitle: "Problem size", yTitle: "Cost / Bound", ...axes });
  if (!axes.yRange) focusRange(layout, data, offscale);
  return displayableFigure({ data, layout });
}

/** Sets the y range to the values of the traces not in `offscale` and notes the off-scale ones in an annotation. */
function focusRange(layout: Record<string, unknown>, data: PlotlyTrace[], offscale: readonly string[]): void {
  const values = (traces: PlotlyTrace[]) =>
    traces.flatMap((t) => (t.y as (number | null)[]).filter((v): v is number => v !== null && Number.isFinite(v)));
  const isOff = (t: PlotlyTrace) => offscale.includes(String(t.legendgroup));
  const inside = values(data.filter((t) => !isOff(t)));
  const outside = data.filter(isOff);
  if (inside.length === 0 || outside.length === 0) return;
  const lo = Math.min(...inside), hi = Math.max(...inside), pad = 0.08 * (hi - lo || Math.abs(hi) || 1);
  const range = [lo - pad, hi + pad];
  const above = outside.filter((t) => values([t]).some((v) => v > range[1]));
  if (above.length === 0) return;
  (layout.yaxis as Record<string, unknown>).range = range;
  (layout.yaxis as Record<string, unknown>).autorange = false;
  layout.annotations = [{
    xref: "paper",
    yref: "paper",
    x: 0,
    y: 1,
    xanchor: "left",
    yanchor: "bottom",
    showarrow: false,
    font: { size: 14 },
    text: above.map((t) => {
      const v = values([t]);
      return `${t.name} off scale: ${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)}`;
    }).join("; "),
  }];
}

/** One trace row (the `trace` of a SolveResult: iteration, seconds, cost, bound). */
export interface TracePoint {
  /** Iteration count. */
  iteration: number;
  /** Seconds since the start. */
  seconds: number;
  /** Best cost so far (Infinity before the first). */
  cost: number;
  /** Best bound so far or null. */
  bound: number | null;
}

/** Options of {@link plotConvergence}. */
export interface ConvergenceOptions extends AxesOptions {
  /** x axis: "iteration" (default) or "seconds". */
  x?: "iteration" | "seconds";
  /** Known optimum (e.g. from brute force), drawn as a dotted black line. */
  optimum?: number;
  /** Solver id for the colour (default "fhg"). */
  solver?: string;
  /** Zoom the y axis onto the later part of the run: the first `zoomSkip` trace rows (default 2) may fall outside. */
  zoom?: boolean;
  /** Rows ignored when zooming (default 2). */
  zoomSkip?: number;
}

/**
 * Convergence of one run: best cost (solid, step) and lower bound (dashed, step) against iteration or seconds; the
 * two lines meet when optimality is proven. Rows with infinite cost or null/non-finite bound are left out of the
 * respective line.
 */
export function plotConvergence(trace: readonly TracePoint[], options: ConvergenceOptions): PlotlyFigure {
  const fn = "plotConvergence";
  checkType(Array.isArray(trace), fn, "trace must be an array of {iteration, seconds, cost, bound}");
  checkKnownKeys(options, [...AXES_OPTION_KEYS, "x", "optimum", "solver", "zoom", "zoomSkip"], fn);
  const xKey = options.x ?? "iteration";
  if (xKey !== "iteration" && xKey !== "seconds") {
    throw new RangeError(`${fn}: options.x must be "iteration" or "seconds", got ${String(xKey)}`);
  }
  const style = seriesStyle(options.solver ?? "fhg");
  const costPts = trace.filter((t) => Number.isFinite(t.cost));
  const boundPts = trace.filter((t) => t.bound !== null && Number.isFinite(t.bound));
  const data: PlotlyTrace[] = [
    {
      type: "scatter",
      mode: "lines+markers",
      name: "Best cost",
      x: costPts.map((t) => t[xKey]),
      y: costPts.map((t) => t.cost),
      line: { color: style.color, width: LINE_WIDTH, shape: "hv" },
      marker: { color: style.color, symbol: style.symbol, size: 8 },
    },
    {
      type: "scatter",
      mode: "lines+markers",
      name: "Lower bound",
      x: boundPts.map((t) => t[xKey]),
      y: boundPts.map((t) => t.bound),
      line: { color: PAPER_COLORS.orange, width: LINE_WIDTH, dash: BOUND_DASH, shape: "hv" },
      marker: { color: PAPER_COLORS.orange, symbol: "circle", size: 6 },
    },
  ];
  if (options.optimum !== undefined) {
    const xs = trace.map((t) => t[xKey]);
    data.push({
      type: "scatter",
      mode: "lines",
      name: "Optimum (brute force)",
      x: xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1],
      y: [options.optimum, options.optimum],
      line: { color: PAPER_COLORS.black, width: 1.5, dash: "dot" },
    });
  }
  const layout = baseLayout({
    xTitle: xKey === "iteration" ? "Iteration" : "Seconds",
    yTitle: "Cost / Bound",
    ...options,
  });
  if (options.zoom && !options.yRange) {
    const skip = options.zoomSkip ?? 2;
    const ys = [
      ...costPts.slice(Math.min(skip, Math.max(0, costPts.length - 1))).map((t) => t.cost),
      ...boundPts.slice(Math.min(skip, Math.max(0, boundPts.length - 1))).map((t) => t.bound as number),
      ...(options.optimum !== undefined ? [options.optimum] : []),
    ];
    if (ys.length > 0) {
      const lo = Math.min(...ys), hi = Math.max(...ys), pad = 0.05 * (hi - lo || Math.abs(hi) || 1);
      (layout.yaxis as Record<string, unknown>).range = [lo - pad, hi + pad];
      (layout.yaxis as Record<string, unknown>).autorange = false;
    }
  }
  return displayableFigure({ data, layout });
}
