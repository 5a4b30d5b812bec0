/**
 * Solver figures: cost and bound against problem size (paper Fig. 6), the convergence trace of one run (best cost
 * and lower bound against time or iteration, e.g. the factorised Hahn–Grant dual ascent) and the ablation rows of
 * App. D.3 relative to the best cost.
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
import { wrapLabel } from "./style.ts";

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
 * The y range stays on the costs (see {@link CostBoundOptions.offscale} and {@link BOUND_FLOOR_SPREADS}): a bound far
 * below them is marked at the bottom edge with its value.
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
  if (data.length > 10) {
    // a cost and a bound entry per solver: at the figure font a dozen solvers run off the bottom of the figure
    layout.legend = { ...(layout.legend as Record<string, unknown>), font: { size: 15 }, tracegroupgap: 3 };
  }
  if (!axes.yRange) focusRange(layout, data, offscale);
  return displayableFigure({ data, layout });
}

/** Finite numbers of a trace's y values. */
function finiteY(trace: PlotlyTrace): number[] {
  return (trace.y as (number | null)[]).filter((v): v is number => v !== null && Number.isFinite(v));
}

/** Compact value for an annotation: 4 significant digits, minus sign "−". */
function formatValue(v: number): string {
  return Number(v.toPrecision(4)).toString().replace("-", "−");
}

/**
 * How far below the lowest cost a bound may lie and still set the y range, in multiples of the cost scale (the larger
 * of the costs' spread and the largest |cost|).
 */
export const BOUND_FLOOR_SPREADS = 2;

/**
 * Keeps the y axis on the costs: the range covers the costs of the solvers not in `offscale` and the bounds down to
 * {@link BOUND_FLOOR_SPREADS} cost scales below the lowest cost. A bound further down (e.g. a MILP's LP bound of
 * −214.8 among costs of 0.2–0.9) leaves a gap in its dashed line and gets a triangle at the bottom edge in its
 * solver's colour and an arrow annotation with its value; off-scale solvers above the range (Random) are named with their values at the top.
 */
function focusRange(layout: Record<string, unknown>, data: PlotlyTrace[], offscale: readonly string[]): void {
  const isOff = (t: PlotlyTrace) => offscale.includes(String(t.legendgroup));
  const isBound = (t: PlotlyTrace) => String(t.name).endsWith(" bound");
  const costs = data.filter((t) => !isOff(t) && !isBound(t)).flatMap(finiteY);
  if (costs.length === 0) return;
  const costLo = Math.min(...costs), costHi = Math.max(...costs);
  const scale = Math.max(costHi - costLo, Math.abs(costHi), Math.abs(costLo)) || 1;
  const floor = costLo - BOUND_FLOOR_SPREADS * scale;
  const bounds = data.filter((t) => !isOff(t) && isBound(t)).flatMap(finiteY);
  const lo = Math.min(costLo, ...bounds.filter((b) => b >= floor)), hi = costHi;
  const pad = 0.08 * (hi - lo || Math.abs(hi) || 1);
  const range = [lo - pad, hi + pad];
  const above = data.filter((t) => isOff(t) && finiteY(t).some((v) => v > range[1]));
  const below = data.filter((t) => !isOff(t) && isBound(t) && finiteY(t).some((v) => v < range[0]));
  if (above.length === 0 && below.length === 0) return;
  const yaxis = layout.yaxis as Record<string, unknown>;
  yaxis.range = range;
  yaxis.autorange = false;
  const annotations: Record<string, unknown>[] = [];
  if (above.length > 0) {
    annotations.push({
      xref: "paper",
      yref: "paper",
      x: 0,
      y: 1,
      xanchor: "left",
      yanchor: "bottom",
      showarrow: false,
      font: { size: 14 },
      text: above.map((t) => {
        const v = finiteY(t);
        return `${t.name} off scale: ${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)}`;
      }).join("; "),
    });
  }
  const edge = range[0] + 0.025 * (range[1] - range[0]);
  let stagger = 0;
  for (const trace of below) {
    const color = (trace.line as { color?: string } | undefined)?.color;
    const xs: number[] = [], ys: number[] = [], texts: string[] = [];
    const y = trace.y as (number | null)[];
    y.forEach((v, i) => {
      if (v === null || !Number.isFinite(v) || v >= range[0]) return;
      y[i] = null; // the dashed line stops there; the marker and the arrow carry the value
      const x = (trace.x as number[])[i];
      const label = `${trace.name} ${formatValue(v)} (below the axis)`;
      xs.push(x), ys.push(edge), texts.push(label);
      annotations.push({
        x,
        y: edge,
        xref: "x",
        yref: "y",
        text: `${trace.name}: ${formatValue(v)} ↓`,
        showarrow: true,
        arrowhead: 2,
        arrowcolor: color,
        ax: 0,
        ay: -40 - 28 * (stagger++ % 3),
        font: { size: 14, color: "#000000" },
        bgcolor: "rgba(255,255,255,0.85)",
        bordercolor: color,
      });
    });
    data.push({
      type: "scatter",
      mode: "markers",
      name: `${trace.name} below the axis`,
      legendgroup: trace.legendgroup,
      showlegend: false,
      x: xs,
      y: ys,
      text: texts,
      hoverinfo: "text",
      cliponaxis: false,
      marker: { color, symbol: "triangle-down", size: 14, line: { color: "#000000", width: 1 } },
    });
  }
  layout.annotations = annotations;
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

/** One run of an ablation row for {@link plotAblation}. */
export interface AblationRow {
  /** Problem size (one pair of lines per size). */
  n: number;
  /** Row label ("Hahn–Grant", "+ factorized", …), drawn in the order of first appearance. */
  row: string;
  /** Cost of the returned permutation (already normalised, e.g. / n²). */
  cost: number | null;
  /** Lower bound (same normalisation) or null. */
  bound: number | null;
}

/** Colours of the problem sizes in {@link plotAblation} (paper blue, orange, olive, then greys). */
const SIZE_COLORS = [PAPER_COLORS.blue, PAPER_COLORS.orange, PAPER_COLORS.olive, PAPER_COLORS.black, PAPER_COLORS.grey];

/**
 * App. D.3: each ablation row's mean cost (solid) and mean lower bound (dashed) relative to the lowest mean cost of
 * any row at the same size, one pair of lines per size, rows on the x axis in their order. Differences of 1e-4 and
 * less, invisible in cost / n² itself (≈ −1.83), become the scale; tick labels and hover values use exponent
 * notation with 3 significant digits. Example: `plotAblation(rows, {title: "D.3"})`.
 */
export function plotAblation(rows: readonly AblationRow[], options: AxesOptions): PlotlyFigure {
  const fn = "plotAblation";
  checkType(Array.isArray(rows), fn, "rows must be an array of {n, row, cost, bound}");
  checkKnownKeys(options, AXES_OPTION_KEYS, fn);
  const labels = [...new Set(rows.map((r) => r.row))];
  const sizes = [...new Set(rows.map((r) => r.n))].sort((a, b) => a - b);
  const mean = (values: (number | null)[]) => {
    const ok = values.filter((v): v is number => v !== null && Number.isFinite(v));
    return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : null;
  };
  const data: PlotlyTrace[] = [];
  sizes.forEach((n, k) => {
    const mine = rows.filter((r) => r.n === n);
    const costs = labels.map((l) => mean(mine.filter((r) => r.row === l).map((r) => r.cost)));
    const bounds = labels.map((l) => mean(mine.filter((r) => r.row === l).map((r) => r.bound)));
    const finite = costs.filter((c): c is number => c !== null);
    if (finite.length === 0) return;
    const best = Math.min(...finite);
    const color = SIZE_COLORS[k % SIZE_COLORS.length];
    const rel = (values: (number | null)[]) => values.map((v) => (v === null ? null : v - best));
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: `n = ${n} cost`,
      legendgroup: `n${n}`,
      x: labels,
      y: rel(costs),
      line: { color, width: LINE_WIDTH },
      marker: { color, symbol: "circle", size: 9 },
      hovertemplate: "%{x}: %{y:.3e}<extra></extra>",
    });
    if (bounds.some((b) => b !== null)) {
      data.push({
        type: "scatter",
        mode: "lines+markers",
        name: `n = ${n} bound`,
        legendgroup: `n${n}`,
        x: labels,
        y: rel(bounds),
        line: { color, width: LINE_WIDTH, dash: BOUND_DASH },
        marker: { color, symbol: "triangle-up", size: 9 },
        hovertemplate: "%{x}: %{y:.3e}<extra></extra>",
      });
    }
  });
  const layout = baseLayout({ yTitle: "Cost / bound − lowest cost", ...options });
  // the legend above the plot: the eight row labels need the full width
  layout.legend = { orientation: "h", x: 0, y: 1.02, xanchor: "left", yanchor: "bottom", font: { size: 16 } };
  layout.margin = { ...(layout.margin as Record<string, number>), t: 130 };
  (layout.title as Record<string, unknown>).y = 0.97;
  (layout.title as Record<string, unknown>).yanchor = "top";
  const xaxis = layout.xaxis as Record<string, unknown>;
  xaxis.type = "category";
  xaxis.tickmode = "array";
  xaxis.tickvals = labels;
  xaxis.ticktext = labels.map((l) => wrapLabel(l, 12));
  xaxis.tickangle = 0;
  xaxis.tickfont = { size: 12 };
  xaxis.automargin = true;
  const yaxis = layout.yaxis as Record<string, unknown>;
  yaxis.exponentformat = "e";
  yaxis.tickformat = ".1e";
  yaxis.zeroline = true;
  yaxis.zerolinecolor = "#000000";
  return displayableFigure({ data, layout });
}
