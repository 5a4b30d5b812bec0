/**
 * The margins lesson of notebook 08: a blind-matching problem small enough to enumerate (a few CIFAR-10 classes),
 * its optimal matching by brute force, and for every matched pair the TRUE margin m_i = min{J(q) : q(i) ≠ p(i)} −
 * J(p) from all n! matchings beside the two certified brackets of lib/qap/margins (mode "bound": dual state only;
 * mode "exact": closed by branch and bound), so a reader sees lower ≤ true ≤ upper hold and the exact mode close it.
 * @module
 */
import { forEachPermutation } from "../core/permutation.ts";
import { join } from "node:path";
import { checkKnownKeys, checkRange } from "../core/errors.ts";
import { REPOSITORY_ROOT } from "../core/paths.ts";
import { PAPER_BASE_SEED, paperSeeds } from "../embeddings/seeds.ts";
import { qapFromKernels } from "../kernels/metrics.ts";
import { type MarginReport, marginsOf } from "../qap/margins/margins.ts";
import { type CostSpread, randomCostSpread } from "../qap/margins/random_spread.ts";
import { qapCostUnchecked } from "../qap/objective.ts";
import type { QapProblem } from "../qap/problem.ts";
import { solveQap } from "../qap/registry.ts";
import { loadStored, subsetKernels } from "../studies/run_data.ts";

/** Largest problem {@link trueMargins} enumerates (9! = 362 880 matchings). */
export const TRUE_MARGINS_MAX_N = 9;

/**
 * The true margin of every pair of `permutation` by enumerating all n! matchings (n ≤ {@link TRUE_MARGINS_MAX_N}):
 * entry i is min{J(q) : q(i) ≠ p(i)} − J(p) (negative when a cheaper matching changes row i, i.e. p is not optimal).
 *
 * @example
 * const p = solveQap(problem, { method: "brute-force" }).permutation;
 * trueMargins(problem, p); // Float64Array [0.41, 0.41, 1.2, …]
 */
export function trueMargins(problem: QapProblem, permutation: ArrayLike<number>): Float64Array {
  const fn = "trueMargins";
  const n = problem.n;
  checkRange(n >= 2 && n <= TRUE_MARGINS_MAX_N, fn, `needs 2 ≤ n ≤ ${TRUE_MARGINS_MAX_N}, got n = ${n}`);
  checkRange(permutation.length === n, fn, `permutation must have length ${n}, got ${permutation.length}`);
  const p = Int32Array.from(permutation);
  const best = new Float64Array(n).fill(Infinity);
  forEachPermutation(n, (q) => {
    const cost = qapCostUnchecked(problem, q);
    for (let i = 0; i < n; i++) if (q[i] !== p[i] && cost < best[i]) best[i] = cost;
  });
  const cost = qapCostUnchecked(problem, p);
  return best.map((b) => b - cost);
}

/** Options of {@link marginLesson}. */
export interface MarginLessonOptions {
  /** Data set of the embedding store (default "cifar10"). */
  dataset?: string;
  /** Vision model (default "mobilenet-v1-0.75"). */
  vision?: string;
  /** Language model (default "clip-vit-b32-text"). */
  language?: string;
  /** Class indices of the problem, 3 … 9 of them (default the first 7 CIFAR-10 classes, with cat and dog). */
  classes?: readonly number[];
  /** Seed of the random half of the images (default the paper's first seed). */
  seed?: number;
  /** Embedding store root (default the repository's data/embeddings). */
  root?: string;
}

/** Defaults of {@link MarginLessonOptions}. */
export const MARGIN_LESSON_DEFAULTS = Object.freeze({
  dataset: "cifar10",
  vision: "mobilenet-v1-0.75",
  language: "clip-vit-b32-text",
  classes: Object.freeze([0, 1, 2, 3, 4, 5, 6]) as readonly number[],
  seed: paperSeeds(PAPER_BASE_SEED, 1)[0],
  root: join(REPOSITORY_ROOT, "data", "embeddings"),
});

/** Everything the lesson shows. */
export interface MarginLesson {
  /** Class names of the problem's rows (row i ↔ class i on both sides is the truth). */
  names: string[];
  problem: QapProblem;
  /** The optimal matching (brute force). */
  permutation: Int32Array;
  /** Whether row i is matched to its own class. */
  correct: boolean[];
  /** True margins by enumeration. */
  truth: Float64Array;
  /** Certified brackets from the dual state alone. */
  bound: MarginReport;
  /** Certified brackets closed by branch and bound. */
  exact: MarginReport;
  /** Spread of J over random matchings (margins ÷ sd compare across problems). */
  spread: CostSpread;
}

/**
 * Builds the lesson's problem (GW kernels of the chosen classes, as the study sections: class means of the seed's
 * random half of the images, the language kernel standardised over all classes), solves it by brute force and
 * computes the true margins and both certified brackets.
 *
 * @example
 * const lesson = marginLesson(); // 7 CIFAR-10 classes
 * lesson.bound.margins[0].lower <= lesson.truth[0]; // true
 */
export function marginLesson(options: MarginLessonOptions = {}): MarginLesson {
  const fn = "marginLesson";
  checkKnownKeys(options, Object.keys(MARGIN_LESSON_DEFAULTS), fn);
  const o = { ...MARGIN_LESSON_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v != null)) };
  const classes = [...o.classes];
  checkRange(
    classes.length >= 3 && classes.length <= TRUE_MARGINS_MAX_N,
    fn,
    `classes must list 3 to ${TRUE_MARGINS_MAX_N} class indices (brute force), got ${classes.length}`,
  );
  const allNames = loadStored(o.dataset, o.language, o.root).manifest.classNames;
  const kernels = subsetKernels(o.dataset, o.vision, o.language, o.seed, classes, "gw", { root: o.root });
  const problem = qapFromKernels(kernels.vision, kernels.language, "gw");
  const solve = solveQap(problem, { method: "brute-force" }, fn);
  const permutation = solve.permutation;
  return {
    names: classes.map((c) => allNames[c]),
    problem,
    permutation,
    correct: Array.from(permutation, (j, i) => j === i),
    truth: trueMargins(problem, permutation),
    bound: marginsOf(problem, permutation, { mode: "bound", bound: solve.bound }),
    exact: marginsOf(problem, permutation, { mode: "exact", bound: solve.bound }),
    spread: randomCostSpread(problem),
  };
}

/** `x` to 4 significant digits. */
function short(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(4))) : String(x);
}

/**
 * One row per pair, smallest true margin first: the pair, ✓/✗, the true margin (enumeration), the "bound" and
 * "exact" brackets (lower … upper; one number when closed), the true margin ÷ random sd, and whether both brackets
 * contain the truth.
 */
export function marginLessonRows(lesson: MarginLesson): Record<string, string>[] {
  const order = Array.from(lesson.truth.keys()).sort((a, b) => lesson.truth[a] - lesson.truth[b] || a - b);
  const bracket = (r: MarginReport, i: number) => {
    const m = r.margins[i];
    return m.exact ? short(m.upper) : `${short(m.lower)} … ${short(m.upper)}`;
  };
  return order.map((i) => ({
    pair: `${lesson.names[i]} → ${lesson.names[lesson.permutation[i]]}`,
    correct: lesson.correct[i] ? "✓" : "✗",
    "true margin": short(lesson.truth[i]),
    "bound mode": bracket(lesson.bound, i),
    "exact mode": bracket(lesson.exact, i),
    "true ÷ random sd": (lesson.truth[i] / lesson.spread.sd).toFixed(3),
    "brackets hold": holds(lesson, i) ? "yes" : "NO",
  }));
}

/** Slack for comparing a certified bound with the enumerated truth (rounding of two different sums). */
function slack(lesson: MarginLesson): number {
  return 4 * Math.max(lesson.bound.allowance, lesson.exact.allowance, 1e-12 * Math.abs(lesson.bound.cost));
}

function holds(lesson: MarginLesson, i: number): boolean {
  const t = lesson.truth[i], s = slack(lesson);
  return [lesson.bound, lesson.exact].every((r) => r.margins[i].lower <= t + s && t <= r.margins[i].upper + s);
}

/** What the lesson's table shows, as numbers for the prose: counts of pairs, brackets that hold, closed ones. */
export interface MarginLessonSummary {
  n: number;
  correctPairs: number;
  /** Pairs whose bound and exact brackets both contain the true margin. */
  bracketsHold: number;
  /** Pairs the "bound" mode closes (lower = upper) without any search. */
  closedByBound: number;
  /** Pairs the "exact" mode closes. */
  closedByExact: number;
  /** Mean width (upper − lower) of the "bound" brackets ÷ random sd. */
  meanBoundWidth: number;
  /** The runner-up gap (smallest true margin) ÷ random sd, and its pair. */
  runnerUpRatio: number;
  runnerUpPair: string;
  /** Smallest true margin (÷ random sd) among the correct and among the wrong pairs (null when none). */
  smallestCorrect: number | null;
  smallestWrong: number | null;
}

/** The numbers a notebook's prose quotes about the lesson (printed by a code cell, never hand-written). */
export function marginLessonSummary(lesson: MarginLesson): MarginLessonSummary {
  const n = lesson.truth.length, sd = lesson.spread.sd;
  const rows = Array.from({ length: n }, (_, i) => i);
  const min = (list: number[]) => (list.length ? Math.min(...list.map((i) => lesson.truth[i])) / sd : null);
  const first = rows.reduce((a, b) => (lesson.truth[b] < lesson.truth[a] ? b : a), 0);
  return {
    n,
    correctPairs: lesson.correct.filter(Boolean).length,
    bracketsHold: rows.filter((i) => holds(lesson, i)).length,
    closedByBound: lesson.bound.margins.filter((m) => m.exact).length,
    closedByExact: lesson.exact.margins.filter((m) => m.exact).length,
    meanBoundWidth: lesson.bound.margins.reduce((s, m) => s + (m.upper - m.lower), 0) / n / sd,
    runnerUpRatio: lesson.truth[first] / sd,
    runnerUpPair: `${lesson.names[first]} → ${lesson.names[lesson.permutation[first]]}`,
    smallestCorrect: min(rows.filter((i) => lesson.correct[i])),
    smallestWrong: min(rows.filter((i) => !lesson.correct[i])),
  };
}
