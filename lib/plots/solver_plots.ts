/**
 * Solver figures: cost and bound against problem size (paper Fig. 6) and the convergence trace of one run (best cost
 * and lower bound against time or iteration, e.g. the factorised Hahn–Grant dual ascent).
 * @module
 */
import { checkKnownKeys, checkType } from "../core/errors.ts";
import {
  AXES_OPTION_KEYS,
  type AxesOptions,
  baseLayout,
  BOUND_DASH,
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

/**
 * Fig. 6: per solver a solid "Cost" line and, for solvers with bounds, a dashed "Bound" line (dash 3.7/1.6) in the
 * same colour, against problem size; several rows with the same (solver, n) are averaged. y title "Cost / Bound".
 */
export function plotCostBound(rows: readonly CostBoundRow[], options: AxesOptions): PlotlyFigure {
  const fn = "plotCostBound";
  checkType(Array.isArray(rows), fn, "rows must be an array of {solver, n, cost, bound}");
  checkKnownKeys(options, AXES_OPTION_KEYS, fn);
  const bySolver = new Map<string, Map<number, { cost: number[]; bound: number[] }>>();
  for (const row of rows) {
    checkType(typeof row.solver === "string" && typeof row.n === "number", fn, "each row needs solver and n");
    let byN = bySolver.get(row.solver);
    if (!byN) bySolver.set(row.solver, byN = new Map());
    let cell = byN.get(row.n);
    if (!cell) byN.set(row.n, cell = { cost: [], bound: [] });
    if (Number.isFinite(row.cost)) cell.cost.push(row.cost);
    if (row.bound !== null && Number.isFinite(row.bound)) cell.bound.push(row.bound);
  }
  const mean = (v: number[]) => v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
  const data: PlotlyTrace[] = [];
  for (const [solver, byN] of bySolver) {
    const style = seriesStyle(solver);
    const ns = [...byN.keys()].sort((a, b) => a - b);
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: `${style.label} cost`,
      legendgroup: solver,
      x: ns,
      y: ns.map((n) => mean(byN.get(n)!.cost)),
      line: { color: style.color, width: LINE_WIDTH },
      marker: { color: style.color, symbol: style.symbol, size: 9 },
    });
    const bounds = ns.map((n) => mean(byN.get(n)!.bound));
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
  const layout = baseLayout({ xTitle: "Problem size", yTitle: "Cost / Bound", ...options });
  return { data, layout };
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
  return { data, layout };
}
