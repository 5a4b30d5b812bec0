/**
 * The tour's animations (Plotly frames with a play button and a slider): the Hahn–Grant lower bound climbing towards
 * the optimum, one frame per row of a solver trace, and the language kernel being reordered step by step (one
 * transposition per frame) until it lines up with the vision kernel.
 * @module
 */
import { checkInteger, checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import type { Matrix } from "../core/matrix.ts";
import { qapCost } from "../qap/objective.ts";
import type { QapProblem } from "../qap/problem.ts";
import { plotHeatmaps } from "../plots/heatmap.ts";
import { plotConvergence, type TracePoint } from "../plots/solver_plots.ts";
import { displayableFigure, type PlotlyFigure } from "../plots/style.ts";
import { alignKernel } from "./toy_problem.ts";

/** A Plotly figure with animation frames. */
export interface AnimatedFigure extends PlotlyFigure {
  /** One frame per step: the data of the animated traces (`traces` gives their indices) and a layout update. */
  frames: { name: string; data: Record<string, unknown>[]; traces: number[]; layout?: Record<string, unknown> }[];
}

/** Pixels from the bottom of the plot area to the play buttons (below the tick labels and the x axis title). */
export const CONTROLS_TOP_PX = 95;

/** Bottom margin that holds the buttons and the slider under the plot area. */
export const CONTROLS_MARGIN_PX = CONTROLS_TOP_PX + 150;

/**
 * The play/pause buttons and the step slider of an animation over `names` (`redraw` for heatmaps), in two rows under
 * the plot area; the layout needs a bottom margin of {@link CONTROLS_MARGIN_PX}.
 */
export function animationControls(
  names: readonly string[],
  options: { label: string; frameMs?: number; redraw?: boolean },
): Record<string, unknown> {
  const frame = { duration: options.frameMs ?? 300, redraw: options.redraw ?? false };
  return {
    // two rows under the x axis title, never side by side (at the figure font the buttons were as wide as a third
    // of the plot and ran into the slider): the buttons, then the slider over the full width
    updatemenus: [{
      type: "buttons",
      direction: "left",
      x: 0,
      y: 0,
      xanchor: "left",
      yanchor: "top",
      pad: { t: CONTROLS_TOP_PX, r: 10 },
      font: { size: 14 },
      buttons: [
        { label: "▶ Play", method: "animate", args: [null, { frame, fromcurrent: true, transition: { duration: 0 } }] },
        {
          label: "❚❚ Pause",
          method: "animate",
          args: [[null], { mode: "immediate", frame: { duration: 0, redraw: false }, transition: { duration: 0 } }],
        },
      ],
    }],
    sliders: [{
      active: 0,
      x: 0,
      y: 0,
      len: 1,
      xanchor: "left",
      yanchor: "top",
      pad: { t: CONTROLS_TOP_PX + 45 },
      font: { size: 14 },
      currentvalue: { prefix: `${options.label}: `, xanchor: "right", font: { size: 14 } },
      steps: names.map((name) => ({
        label: name,
        method: "animate",
        args: [[name], { mode: "immediate", frame: { ...frame, duration: 0 }, transition: { duration: 0 } }],
      })),
    }],
  };
}

/** Options of {@link animateBound}. */
export interface BoundAnimationOptions {
  /** Figure title (default: says what climbs). */
  title?: string;
  /** Known optimum (e.g. from brute force), drawn as a dotted line. */
  optimum?: number;
  /** Most frames (default 60; longer traces are subsampled, always keeping the last row). */
  maxFrames?: number;
  /** First trace rows left out of the y range and of the frames (default 2: the first bounds are far below). */
  skip?: number;
  /** Milliseconds per frame when playing (default 300). */
  frameMs?: number;
}

/**
 * The convergence figure of a solver trace (rows iteration, seconds, cost, bound) as an animation: frame k shows the
 * best cost and the lower bound up to trace row k, the title gives their gap; the axes stay fixed (zoomed past the
 * first `skip` rows, whose bounds lie far below), so the bound is seen climbing towards the optimum (dotted) while
 * the cost comes down to it.
 */
export function animateBound(trace: readonly TracePoint[], options: BoundAnimationOptions = {}): AnimatedFigure {
  const fn = "animateBound";
  checkType(
    Array.isArray(trace) && trace.length > 0,
    fn,
    "trace must be a non-empty array of {iteration, cost, bound}",
  );
  checkKnownKeys(options, ["title", "optimum", "maxFrames", "frameMs", "skip"], fn);
  const maxFrames = checkInteger(options.maxFrames ?? 60, fn, "maxFrames", 2);
  const skip = Math.min(checkInteger(options.skip ?? 2, fn, "skip", 0), trace.length - 1);
  const title = options.title ?? "Hahn–Grant dual ascent: the lower bound climbs, the best cost falls";
  const full = plotConvergence(trace, { title, optimum: options.optimum, zoom: true, zoomSkip: skip });
  const xs = trace.map((t) => t.iteration);
  (full.layout.xaxis as Record<string, unknown>).range = [Math.min(...xs), Math.max(...xs) + 0.5];
  (full.layout.xaxis as Record<string, unknown>).autorange = false;
  if (!(full.layout.yaxis as Record<string, unknown>).range) {
    const ys = trace.flatMap((t) => [t.cost, t.bound ?? NaN]).filter(Number.isFinite);
    const lo = Math.min(...ys), hi = Math.max(...ys), pad = 0.05 * (hi - lo || 1);
    (full.layout.yaxis as Record<string, unknown>).range = [lo - pad, hi + pad];
    (full.layout.yaxis as Record<string, unknown>).autorange = false;
  }
  const step = Math.max(1, Math.ceil((trace.length - skip) / maxFrames));
  const ends: number[] = [];
  for (let k = skip + 1; k <= trace.length; k += step) ends.push(k);
  if (ends.at(-1) !== trace.length) ends.push(trace.length);
  const [costTrace, boundTrace] = full.data;
  const frames = ends.map((end) => {
    const upto = trace.slice(0, end);
    const cost = upto.filter((t) => Number.isFinite(t.cost));
    const bound = upto.filter((t) => t.bound !== null && Number.isFinite(t.bound));
    const last = upto[upto.length - 1];
    const gap = Number.isFinite(last.cost) && last.bound !== null ? last.cost - last.bound : null;
    return {
      name: String(last.iteration),
      traces: [0, 1],
      data: [
        { ...costTrace, x: cost.map((t) => t.iteration), y: cost.map((t) => t.cost) },
        { ...boundTrace, x: bound.map((t) => t.iteration), y: bound.map((t) => t.bound) },
      ],
      layout: {
        title: {
          ...TITLE_STYLE,
          text: `${title}<br><sub>iteration ${last.iteration}: cost ${fmt(last.cost)}, bound ${fmt(last.bound)}, gap ${
            gap === null ? "—" : fmt(gap)
          }</sub>`,
        },
      },
    };
  });
  const first = frames[0];
  const data = [first.data[0], first.data[1], ...full.data.slice(2)];
  const layout = {
    ...full.layout,
    title: first.layout.title,
    margin: { l: 90, r: 30, t: 100, b: CONTROLS_MARGIN_PX },
    height: 720,
    ...animationControls(frames.map((f) => f.name), { label: "iteration", frameMs: options.frameMs }),
  };
  return displayableFigure({ data, layout, frames });
}

/** Title placement of the animations (frames replace the whole title object). */
const TITLE_STYLE = Object.freeze({ x: 0.5, y: 0.965, yanchor: "top", font: { size: 20 } });

function fmt(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return "—";
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toFixed(4);
}

/**
 * The permutations from `start` to `target`, one transposition at a time (position i gets its target value by
 * swapping it in, i = 0, 1, …): `start` first, `target` last, at most n − 1 steps.
 */
export function transpositionPath(start: ArrayLike<number>, target: ArrayLike<number>): Int32Array[] {
  const fn = "transpositionPath";
  const n = target.length;
  checkRange(start.length === n, fn, `start and target must have the same length, got ${start.length} and ${n}`);
  const p = Int32Array.from(start);
  const where = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    checkRange(Number.isInteger(p[i]) && p[i] >= 0 && p[i] < n && where[p[i]] < 0, fn, "start must be a permutation");
    where[p[i]] = i;
  }
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = target[i];
    checkRange(Number.isInteger(t) && t >= 0 && t < n && !seen[t], fn, "target must be a permutation");
    seen[t] = 1;
  }
  const path = [Int32Array.from(p)];
  for (let i = 0; i < n; i++) {
    if (p[i] === target[i]) continue;
    const j = where[target[i]];
    [p[i], p[j]] = [p[j], p[i]];
    where[p[i]] = i;
    where[p[j]] = j;
    path.push(Int32Array.from(p));
  }
  return path;
}

/** Options of {@link animateAlignment}. */
export interface AlignmentAnimationOptions {
  /** Concept names (row i of both kernels). */
  concepts: readonly string[];
  /** The QAP, to print J(p) of every frame. */
  problem?: QapProblem;
  /** True pairing (vision i ↔ language truth[i]) to count correct pairs per frame. */
  truth?: ArrayLike<number>;
  /** Figure title. */
  title?: string;
  /** Milliseconds per frame when playing (default 700). */
  frameMs?: number;
}

/**
 * The language kernel reordered by each permutation of `path` (e.g. {@link transpositionPath} from a random matching
 * to the optimum) next to the fixed vision kernel: one frame per permutation, the title giving J(p) and the correct
 * pairs, so the reordered kernel is seen turning into the vision kernel's pattern.
 */
export function animateAlignment(
  kernelVision: Matrix,
  kernelLanguage: Matrix,
  path: readonly ArrayLike<number>[],
  options: AlignmentAnimationOptions,
): AnimatedFigure {
  const fn = "animateAlignment";
  checkType(Array.isArray(path) && path.length > 0, fn, "path must be a non-empty array of permutations");
  checkKnownKeys(options, ["concepts", "problem", "truth", "title", "frameMs"], fn);
  const names = [...options.concepts];
  checkRange(names.length === kernelVision.rows, fn, `concepts must name all ${kernelVision.rows} rows`);
  const title = options.title ?? "Reordering the language kernel by the matching, one swap at a time";
  const frames = path.map((p, k) => {
    const aligned = alignKernel(kernelLanguage, p);
    const z = Array.from(
      { length: aligned.rows },
      (_, i) => Array.from(aligned.data.subarray(i * aligned.cols, (i + 1) * aligned.cols)),
    );
    const labels = Array.from(p as ArrayLike<number>, (j: number) => names[j]);
    const parts = [`step ${k} of ${path.length - 1}`];
    if (options.problem) parts.push(`J(p) = ${fmt(qapCost(options.problem, p))}`);
    if (options.truth) {
      let correct = 0;
      for (let i = 0; i < p.length; i++) if (p[i] === options.truth[i]) correct++;
      parts.push(`${correct}/${p.length} pairs correct`);
    }
    return {
      name: String(k),
      traces: [1],
      data: [{ z, x: labels, y: labels }],
      layout: { title: { ...TITLE_STYLE, text: `${title}<br><sub>${parts.join(", ")}</sub>` } },
    };
  });
  const base = plotHeatmaps([
    { title: "Vision kernel K_V", values: kernelVision, xLabels: names, yLabels: names },
    {
      title: "K_L reordered by the current matching",
      values: alignKernel(kernelLanguage, path[0]),
      xLabels: frames[0].data[0].x,
      yLabels: frames[0].data[0].y,
    },
  ], { title });
  const layout = {
    ...base.layout,
    title: frames[0].layout.title,
    height: 800,
    margin: { l: 60, r: 30, t: 150, b: CONTROLS_MARGIN_PX },
    ...animationControls(frames.map((f) => f.name), { label: "step", frameMs: options.frameMs ?? 700, redraw: true }),
  };
  return displayableFigure({ data: base.data, layout, frames });
}
