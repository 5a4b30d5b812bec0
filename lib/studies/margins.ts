/**
 * Margins vs correctness (issue 20 item 3; not in the paper): does the certified margin of a matched pair say whether
 * the pair is correct? For labelled data — CIFAR-10 × CLIP ViT-B/32 text (all 10 classes; plus the other stored
 * vision × language model pairs), Tiny-ImageNet and ImageNet-100 × CLIP ViT-L/14 text (random and best class subsets),
 * against MobileNet features — each job builds the GW kernels of one model pair, class set and seed as the other
 * sections do (class means of the seed's random half of the images, language
 * kernel standardised over all classes then restricted, docs/method.md Pitfalls P12/P13), solves the QAP to proven
 * optimum with branch and bound, and computes the margin of every pair (lib/qap/margins/margins.ts; exact mode by
 * default: lower = upper). The margin m_i = min{J(q) : q(i) ≠ p(i)} − J(p) is divided by the standard deviation of J
 * over random matchings (lib/qap/margins/random_spread.ts) so that problems compare. The summary ranks the pairs by
 * margin (lib/studies/margin_ranking.ts): AUC of the margin for correct vs wrong pairs, precision of the k pairs with
 * the largest margins in each matching, and the accuracy of the pairs within margin quantiles.
 * @module
 */
import * as aq from "arquero";
import { Rng } from "../core/rng.ts";
import { PAPER_BASE_SEED, paperSeeds } from "../embeddings/seeds.ts";
import { DEFAULT_STORE_ROOT } from "../embeddings/store.ts";
import { qapFromKernels } from "../kernels/metrics.ts";
import { matchingAccuracy } from "../pipeline/evaluation.ts";
import { plotLineBand } from "../plots/lines.ts";
import { legendBelow, plotMarginsByCorrectness } from "../plots/margins.ts";
import { MARGIN_MODES, type MarginMode, marginsOf } from "../qap/margins/margins.ts";
import { randomCostSpread } from "../qap/margins/random_spread.ts";
import { solveQap } from "../qap/registry.ts";
import { checkConfigKeys, distinctFallbackColors, missingDataNotes } from "./_section_helpers.ts";
import { budgetedOptions, type SolverBudget, splitTimings } from "./budgets.ts";
import { accuracyByQuantile, marginAuc, precisionAtK, spearman } from "./margin_ranking.ts";
import { bestSubsets, loadStored, subsetKernels } from "./run_data.ts";
import { groupRows, meanStd, type StudyOutput, type StudyRow, type StudySection } from "./study.ts";

/** One labelled data set of the study: model pairs, class-set sizes and how the class sets are drawn. */
export interface MarginsData {
  dataset: string;
  /** Vision × language model pairs (each pair's runs are pooled in the entry's groups). */
  models: { vision: string; language: string }[];
  /** Name the entry's pairs are pooled under (null: the data set's name), e.g. "cifar10, other model pairs". */
  label: string | null;
  /** Class means of each seed's random half of the images (false: all images, e.g. ImageNet-100's one per class). */
  half: boolean;
  /** Class-set sizes; a size equal to the number of classes is the whole data set (one class set). */
  sizes: number[];
  /** Random class subsets per size (seeded, the same for every seed). */
  randomSubsets: number;
  /** Best class subsets per size (chosen with the labels, as Sec. 5.2: lib/subsets/select.ts). */
  bestSubsets: number;
  /** Seeds per class set (`get_seeds(42, m)`; with `half: false` the seed changes nothing, use 1). */
  seedCount: number;
}

/** Settings of the margins study. */
export interface MarginsConfig {
  data: MarginsData[];
  /** Work budget of the branch-and-bound solve (quick: no time limit, so results are the same on any machine). */
  budget: SolverBudget;
  /** Seconds per solve and per margins run (full preset only; null: none). */
  timeLimit: number | null;
  /** "exact" (branch and bound per open row) or "bound" (dual state only). */
  marginMode: MarginMode;
  /** k of the precision@k table (per matching, k pairs with the largest margins). */
  topK: number[];
  /** Fractions of each matching's pairs kept, largest margins first: the x axis of the precision curve. */
  fractions: number[];
  /** Margin quantile bins of the accuracy table (4 = quartiles). */
  quantileBins: number;
  /** Restarts of the local search choosing the best subsets. */
  subsetRestarts: number;
  storeRoot: string;
}

/** One job: one model pair × class set × seed. */
export interface MarginsJob {
  /** Group the job's pairs are pooled in (see {@link marginGroupLabel}). */
  group: string;
  dataset: string;
  vision: string;
  language: string;
  size: number;
  /** "all" (every class), "random" or "best" subsets. */
  subsets: "all" | "random" | "best";
  subset: number;
  seed: number;
}

const CIFAR: MarginsData = {
  dataset: "cifar10",
  models: [{ vision: "mobilenet-v1-0.75", language: "clip-vit-b32-text" }],
  label: null,
  half: true,
  sizes: [10],
  randomSubsets: 0,
  bestSubsets: 0,
  seedCount: 5,
};
/** CIFAR-10 with the other stored vision models and USE lite: matchings with more (and more varied) errors. */
const CIFAR_OTHERS: MarginsData = {
  ...CIFAR,
  models: [
    { vision: "mobilenet-v1-0.75", language: "use-lite" },
    ...["mobilenet-v2-0.35", "nsfw-mobilenet-v2", "nsfw-inception-v3"].flatMap((vision) => [
      { vision, language: "clip-vit-b32-text" },
      { vision, language: "use-lite" },
    ]),
  ],
  label: "cifar10, 7 other model pairs",
  seedCount: 3,
};
const TINY: MarginsData = {
  dataset: "tiny-imagenet",
  models: [{ vision: "mobilenet-v1-0.75", language: "clip-vit-l14-text" }],
  label: null,
  half: true,
  sizes: [10, 15],
  randomSubsets: 3,
  bestSubsets: 2,
  seedCount: 2,
};
const IMAGENET100: MarginsData = {
  dataset: "imagenet100",
  models: [{ vision: "mobilenet-v1-0.75", language: "clip-vit-l14-text" }],
  label: null,
  half: false,
  sizes: [10, 15],
  randomSubsets: 4,
  bestSubsets: 2,
  seedCount: 1,
};

const quick: MarginsConfig = Object.freeze({
  data: [CIFAR, CIFAR_OTHERS, TINY, IMAGENET100],
  budget: { iterations: 100, nodes: 200_000 },
  timeLimit: null,
  marginMode: "exact",
  topK: [1, 3, 5],
  fractions: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
  quantileBins: 4,
  subsetRestarts: 3,
  storeRoot: DEFAULT_STORE_ROOT,
}) as MarginsConfig;

const full: MarginsConfig = Object.freeze({
  ...quick,
  data: [
    { ...CIFAR, seedCount: 20 },
    { ...CIFAR_OTHERS, seedCount: 10 },
    { ...TINY, sizes: [10, 15, 20], randomSubsets: 10, bestSubsets: 5, seedCount: 3 },
    { ...IMAGENET100, sizes: [10, 15, 20], randomSubsets: 20, bestSubsets: 5 },
  ],
  timeLimit: 120,
  quantileBins: 5,
  subsetRestarts: 10,
}) as MarginsConfig;

/** Defaults (= the quick preset), frozen. */
export const MARGINS_DEFAULTS: Readonly<MarginsConfig> = quick;

function check(config: MarginsConfig): void {
  const fn = "marginsSection";
  checkConfigKeys(config, quick, fn);
  if (!MARGIN_MODES.includes(config.marginMode)) {
    throw new RangeError(`${fn}: marginMode must be "bound" or "exact", got '${config.marginMode}'`);
  }
  for (const k of config.topK) {
    if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`${fn}: topK entries must be integers ≥ 1, got ${k}`);
  }
  for (const f of config.fractions) {
    if (!(f > 0 && f <= 1)) throw new RangeError(`${fn}: fractions must lie in (0, 1], got ${f}`);
  }
}

/** Number of classes of (dataset, language) in the store. */
function classCount(dataset: string, language: string, root: string): number {
  return loadStored(dataset, language, root).manifest.classNames.length;
}

/** The `index`-th random class subset of `size` out of `classes` (sorted; seeded by size and index only). */
export function randomClassSubset(classes: number, size: number, index: number): number[] {
  if (!(Number.isInteger(size) && size >= 2 && size <= classes)) {
    throw new RangeError(`randomClassSubset: size must be an integer in [2, ${classes}], got ${size}`);
  }
  const rng = new Rng(1000 * size + index);
  return Array.from(rng.permutation(classes).subarray(0, size)).sort((a, b) => a - b);
}

function classesOf(job: MarginsJob, data: MarginsData, config: MarginsConfig): number[] | null {
  const total = classCount(job.dataset, job.language, config.storeRoot);
  if (job.subsets === "all") return Array.from({ length: total }, (_, i) => i);
  if (job.subsets === "random") return randomClassSubset(total, job.size, job.subset);
  const best = bestSubsets(job.dataset, job.vision, job.language, job.size, data.bestSubsets, {
    root: config.storeRoot,
    restarts: config.subsetRestarts,
  });
  return best[job.subset] ?? null; // fewer distinct subsets than asked
}

/** "cifar10 (all 10 classes)", "tiny-imagenet random subsets", …: the group a job's pairs are pooled in. */
export function marginGroupLabel(label: string, subsets: string, size: number): string {
  return subsets === "all" ? `${label} (all ${size} classes)` : `${label} ${subsets} subsets`;
}

/** The margins-vs-correctness section (id "margins"). */
export const marginsSection: StudySection<MarginsConfig, MarginsJob> = {
  id: "margins",
  title: "Margins vs correctness: do certified per-pair margins say which matched pairs are right?",
  paper: "— (new)",
  presets: { quick, full },
  notebook: {
    storeKey: "storeRoot",
    // CIFAR-10 (2 seeds) and one random + one best Tiny-ImageNet subset of 10 classes: every table and figure
    smoke: (q) => ({
      ...q,
      data: q.data.filter((d) => d.dataset !== "imagenet100" && d.label === null).map((d) => ({
        ...d,
        sizes: d.sizes.slice(0, 1),
        randomSubsets: Math.min(1, d.randomSubsets),
        bestSubsets: Math.min(1, d.bestSubsets),
        seedCount: Math.min(2, d.seedCount),
      })),
    }),
    settings: ["data", "marginMode", "budget", "topK", "quantileBins"],
  },
  jobs(config) {
    check(config);
    const jobs: MarginsJob[] = [];
    for (const d of config.data) {
      const total = classCount(d.dataset, d.models[0].language, config.storeRoot);
      const seeds = paperSeeds(PAPER_BASE_SEED, d.seedCount);
      for (const size of d.sizes) {
        if (size > total) {
          throw new RangeError(`margins: size ${size} is more than the ${total} classes of ${d.dataset}`);
        }
        const sets: [MarginsJob["subsets"], number][] = size === total ? [["all", 0]] : [
          ...Array.from({ length: d.randomSubsets }, (_, i) => ["random", i] as [MarginsJob["subsets"], number]),
          ...Array.from({ length: d.bestSubsets }, (_, i) => ["best", i] as [MarginsJob["subsets"], number]),
        ];
        for (const { vision, language } of d.models) {
          for (const [subsets, subset] of sets) {
            const group = marginGroupLabel(d.label ?? d.dataset, subsets, size);
            for (const seed of seeds) {
              jobs.push({ group, dataset: d.dataset, vision, language, size, subsets, subset, seed });
            }
          }
        }
      }
    }
    return jobs;
  },
  runJob(job, config) {
    const data = config.data.find((d) =>
      d.dataset === job.dataset && d.models.some((m) => m.vision === job.vision && m.language === job.language)
    )!;
    const classes = classesOf(job, data, config);
    if (!classes) return [];
    const names = loadStored(job.dataset, job.language, config.storeRoot).manifest.classNames;
    const kernels = subsetKernels(job.dataset, job.vision, job.language, job.seed, classes, "gw", {
      half: data.half,
      root: config.storeRoot,
    });
    const problem = qapFromKernels(kernels.vision, kernels.language, "gw");
    const limit = config.timeLimit ?? undefined;
    const start = performance.now();
    const solve = solveQap(problem, { method: "bnb", seed: 0, ...budgetedOptions("bnb", config.budget, limit) });
    const solveSeconds = (performance.now() - start) / 1000;
    const report = marginsOf(problem, solve.permutation, {
      mode: config.marginMode,
      bound: solve.bound,
      ...(limit !== undefined ? { timeLimit: limit } : {}),
    });
    const sd = randomCostSpread(problem).sd;
    const p = solve.permutation;
    const rows: StudyRow[] = [{
      kind: "problem",
      ...job,
      classes: classes.join(" "),
      accuracy: matchingAccuracy(p),
      optimal: solve.optimal,
      exactPairs: report.margins.filter((m) => m.exact).length,
      meanRatio: report.margins.reduce((sum, m) => sum + m.lower, 0) / p.length / sd,
      runnerUpRatio: report.runnerUpGap.lower / sd,
      randomSd: sd,
      solveSeconds,
      marginSeconds: report.seconds,
    }];
    for (const m of report.margins) {
      rows.push({
        kind: "pair",
        ...job,
        row: m.row,
        class: names[classes[m.row]],
        matchedTo: names[classes[m.column]],
        correct: m.column === m.row,
        lower: m.lower,
        upper: m.upper,
        exact: m.exact,
        ratio: m.lower / sd,
      });
    }
    return rows;
  },
  summarize(rows, config) {
    return summarizeMargins(rows, config);
  },
};

/** Scores of one group of pairs (pooled over its matchings, and per matching). */
function groupScores(pairs: StudyRow[], problems: StudyRow[], config: MarginsConfig): StudyRow {
  const ratios = pairs.map((r) => Number(r.ratio)), correct = pairs.map((r) => r.correct === true);
  const matchings = groupRows(pairs, MATCHING_KEYS);
  const within = matchings
    .map((list) => marginAuc(list.map((r) => Number(r.ratio)), list.map((r) => r.correct === true)))
    .filter((a): a is number => a !== null);
  const row: StudyRow = {
    problems: problems.length,
    proven: problems.filter((r) => r.optimal === true).length,
    pairs: pairs.length,
    correct: correct.filter(Boolean).length,
    accuracy: correct.filter(Boolean).length / Math.max(1, pairs.length),
    auc: marginAuc(ratios, correct),
    aucWithin: within.length ? meanStd(within).mean : null,
    matchingsWithAuc: within.length,
    medianCorrect: median(ratios.filter((_, i) => correct[i])),
    medianWrong: median(ratios.filter((_, i) => !correct[i])),
  };
  for (const k of config.topK) row[`precisionAt${k}`] = meanPrecision(matchings, (n) => Math.min(k, n));
  row.exactPairs = pairs.filter((r) => r.exact === true).length;
  row.zeroMargins = pairs.filter((r) => Number(r.lower) <= 0).length;
  // whole matchings: does a matching's mean margin go with its accuracy?
  row.matchingSpearman = problems.length >= 3
    ? spearman(problems.map((r) => Number(r.meanRatio)), problems.map((r) => Number(r.accuracy)))
    : null;
  return row;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b), mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Mean over matchings of the precision of the `kOf(n)` pairs with the largest margins. */
function meanPrecision(matchings: StudyRow[][], kOf: (n: number) => number): number {
  return meanStd(
    matchings.map((list) =>
      precisionAtK(list.map((r) => Number(r.ratio)), list.map((r) => r.correct === true), kOf(list.length))
    ),
  ).mean;
}

/** k pairs of a matching of n for the fraction f: ⌈f·n⌉, at least 1. */
export function pairsForFraction(fraction: number, n: number): number {
  return Math.max(1, Math.min(n, Math.ceil(fraction * n - 1e-9)));
}

const ALL = "all groups";

/** The columns that identify one matching (one job). */
const MATCHING_KEYS = ["group", "vision", "language", "size", "subsets", "subset", "seed"];

function summarizeMargins(allRows: StudyRow[], config: MarginsConfig): StudyOutput {
  const timed = splitTimings(
    allRows.filter((r) => r.kind === "problem"),
    ["dataset", ...MATCHING_KEYS.slice(1)],
    ["solveSeconds", "marginSeconds"],
  );
  const problems = timed.rows.map(({ kind: _k, ...rest }) => rest);
  const pairs = allRows.filter((r) => r.kind === "pair").map(({ kind: _k, ...rest }) => rest);
  const groups = [...new Set(pairs.map((r) => String(r.group)))];
  const pooled = [...groups, ...(groups.length > 1 ? [ALL] : [])];
  const inGroup = <R extends StudyRow>(list: R[], g: string) => g === ALL ? list : list.filter((r) => r.group === g);
  const summary = pooled.map((group) => ({
    group,
    ...groupScores(inGroup(pairs, group), inGroup(problems, group), config),
  }));
  const quantiles = pooled.flatMap((group) => {
    const mine = inGroup(pairs, group);
    return accuracyByQuantile(
      mine.map((r) => Number(r.ratio)),
      mine.map((r) => r.correct === true),
      config
        .quantileBins,
    )
      .map((b) => ({
        group,
        quantile: `${b.bin}/${config.quantileBins}`,
        pairs: b.pairs,
        correct: b.correct,
        accuracy: b.pairs ? b.accuracy : null,
        lowestRatio: b.pairs ? b.lowest : null,
        highestRatio: b.pairs ? b.highest : null,
      }));
  });
  const curve = pooled.flatMap((group) => {
    const matchings = groupRows(inGroup(pairs, group), MATCHING_KEYS);
    return config.fractions.map((fraction) => ({
      group,
      fraction,
      precision: meanPrecision(matchings, (n) => pairsForFraction(fraction, n)),
    }));
  });
  const tables: StudyOutput["tables"] = {
    summary: aq.from(summary),
    quantiles: aq.from(quantiles),
    precision: aq.from(curve),
    problems: aq.from(problems),
    pairs: aq.from(pairs),
  };
  const figures: StudyOutput["figures"] = pairs.length ? marginFigures(pairs, groups, curve, quantiles, config) : {};
  const datasets = [...new Set(problems.map((r) => String(r.dataset)))];
  return {
    section: "margins",
    title: marginsSection.title,
    tables,
    figures,
    timings: aq.from(timed.timings),
    meta: {
      models: [
        ...new Set(problems.map((r) => `vision: ${r.vision}`)),
        ...new Set(problems.map((r) => `language: ${r.language}`)),
      ],
      datasets: config.data.filter((d) => datasets.includes(d.dataset)).map(datasetLine),
      preset: "",
      notes: [
        ...findings(summary, quantiles, config),
        ...methodNotes(config, problems),
        ...missingDataNotes(
          problems.length,
          datasets,
          config.data.map((d) => d.dataset),
          config.storeRoot,
        ),
      ],
      paper: marginsSection.paper,
    },
  };
}

/** The meta line of one data entry: name, model pairs, class sets, seeds, how the class means are made. */
function datasetLine(d: MarginsData): string {
  const subsets = d.randomSubsets || d.bestSubsets
    ? `; ${d.randomSubsets} random + ${d.bestSubsets} best subsets per size below all classes`
    : "";
  return `${d.label ?? d.dataset} (${d.dataset}; ${d.models.length} model pair(s); class sets of ${
    d.sizes.join(", ")
  }${subsets}; ${d.seedCount} seed(s); ${
    d.half ? "class means of a random half of the images per seed" : "class means of all images"
  })`;
}

const RATIO_AXIS = "Margin ÷ sd of random matchings";

function marginFigures(
  pairs: StudyRow[],
  groups: string[],
  curve: StudyRow[],
  quantiles: StudyRow[],
  config: MarginsConfig,
): StudyOutput["figures"] {
  const strip = plotMarginsByCorrectness(
    groups.map((label) => {
      const mine = pairs.filter((r) => r.group === label);
      return {
        label,
        correct: mine.filter((r) => r.correct === true).map((r) => Number(r.ratio)),
        wrong: mine.filter((r) => r.correct !== true).map((r) => Number(r.ratio)),
      };
    }),
    { title: "Margins of correct and wrong matched pairs", xTitle: "Data set and class sets", yTitle: RATIO_AXIS },
  );
  const series = (table: StudyRow[], x: string, y: string) =>
    [...new Set(table.map((r) => String(r.group)))].filter((group) => group !== ALL).map((group) => {
      const mine = table.filter((r) => r.group === group && r[y] !== null);
      return { id: group, x: mine.map((r) => Number(r[x])), mean: mine.map((r) => Number(r[y])) };
    });
  const precision = legendBelow(distinctFallbackColors(plotLineBand(series(curve, "fraction", "precision"), {
    title: "Precision of the pairs with the largest margins",
    xTitle: "Fraction of each matching's pairs kept",
    yTitle: "Precision (fraction correct)",
    yRange: [0, 1.02],
  })));
  const quantileSeries = series(
    quantiles.map((r) => ({ ...r, bin: Number(String(r.quantile).split("/")[0]) })),
    "bin",
    "accuracy",
  );
  const byQuantile = legendBelow(distinctFallbackColors(plotLineBand(quantileSeries, {
    title: "Accuracy of the pairs by margin quantile",
    xTitle: `Margin quantile (1 = smallest, ${config.quantileBins} = largest)`,
    yTitle: "Accuracy (fraction correct)",
    yRange: [0, 1.02],
  })));
  const mode = config.marginMode === "exact"
    ? "exact margins (lower = upper)"
    : "certified lower bounds on the margins";
  return {
    margins_by_correctness: {
      figure: strip,
      paper: "— (new)",
      caption: "Margin of every matched pair, correct vs wrong, per data set and kind of class set.",
      units: "margin ÷ standard deviation of the QAP cost J over random matchings (unitless)",
      notes: [
        `Each point is one pair (i, p(i)) of a solved matching (proven optimal unless the run notes say otherwise); the margin is the least extra cost of any matching that changes the pair (${mode}).`,
        "A margin of 0 means an equally good matching disagrees on that pair.",
      ],
    },
    precision_at_fraction: {
      figure: precision,
      paper: "— (new)",
      caption:
        "Precision of the pairs kept when each matching keeps only its pairs with the largest margins, vs the fraction kept.",
      units: "precision = fraction of the kept pairs that are correct (0–1), mean over matchings",
      notes: [
        "One line per group (the pooled 'all groups' row is in the tables only). At fraction 1 every pair is kept and the precision is the matching accuracy; a curve that rises to the left means large margins mark correct pairs. Equal margins at the cut count with their share of correct pairs.",
      ],
    },
    accuracy_by_quantile: {
      figure: byQuantile,
      paper: "— (new)",
      caption: "Accuracy of the pairs within each margin quantile (pairs pooled per group by margin ÷ random sd).",
      units: "accuracy = fraction of the pairs in the quantile that are correct (0–1)",
    },
  };
}

function pct(x: unknown): string {
  return x === null || !Number.isFinite(Number(x)) ? "–" : `${(Number(x) * 100).toFixed(0)} %`;
}

function fixed(x: unknown, digits = 2): string {
  return x === null || !Number.isFinite(Number(x)) ? "–" : Number(x).toFixed(digits);
}

/** Sentences computed from the tables: per group, AUC, precision@1 vs accuracy, lowest vs highest quantile. */
function findings(summary: StudyRow[], quantiles: StudyRow[], config: MarginsConfig): string[] {
  const k1 = config.topK[0];
  return summary.map((s) => {
    const q = quantiles.filter((r) => r.group === s.group);
    const low = q[0], high = q.at(-1);
    return `${s.group}: ${s.pairs} pairs in ${s.problems} matchings, accuracy ${
      pct(s.accuracy)
    }; AUC of the margin for correct vs wrong ${fixed(s.auc)} pooled (${
      fixed(s.aucWithin)
    } within matchings, mean of ${s.matchingsWithAuc}); precision of the top ${k1} pair(s) per matching ${
      pct(s[`precisionAt${k1}`])
    }; accuracy in the lowest margin quantile ${pct(low?.accuracy)} vs the highest ${
      pct(high?.accuracy)
    }; across its matchings, Spearman correlation of the mean margin with the accuracy ${fixed(s.matchingSpearman)}.`;
  });
}

function methodNotes(config: MarginsConfig, problems: StudyRow[]): string[] {
  const unproven = problems.filter((r) => r.optimal !== true).length;
  return [
    "Margin of pair (i, p(i)) of the optimal matching p: m_i = min{J(q) : q(i) ≠ p(i)} − J(p) ≥ 0, the least extra cost of any matching that changes the pair; shown as m_i ÷ sd of J over 2000 seeded random matchings (unitless). Correct = class i matched to its own name.",
    `Solver: branch and bound (bnb, ${
      config.timeLimit === null
        ? `work budget ${JSON.stringify(config.budget)}, no time limit`
        : `${config.timeLimit} s per problem`
    }); margins: ${config.marginMode} mode, warm-started with the solve's bound${
      config.timeLimit === null ? "" : `, ${config.timeLimit} s per problem`
    }. ${unproven === 0 ? "Every matching was proven optimal." : `${unproven} matching(s) were not proven optimal.`}`,
    "Spearman (matchings): rank correlation between a matching's mean margin (÷ random sd) and its accuracy over the group's matchings (– when fewer than 3 or all accuracies equal): does the margin say how far to trust a whole matching?",
    "AUC: probability that a correct pair has a larger margin than a wrong one (ties ½), pooled over a group's pairs (margins ÷ random sd) and within each matching (mean over matchings with both correct and wrong pairs); 0.5 = no better than chance; – when a group has only correct or only wrong pairs. Precision@k: fraction correct among the k pairs with the largest margins of a matching, mean over matchings; a random order of the pairs has expected precision = the accuracy.",
    "Class sets: 'all' = every class; 'random' = seeded random subsets (the same for every seed); 'best' = the subsets whose true pairing fits the two kernels best (chosen WITH the labels, as Sec. 5.2's \"optimal matching problems\"), so their accuracies are not those of a blind user.",
    `"${ALL}" pools groups of different difficulty: its pooled AUC mixes "easy class sets have larger margins" with "within a matching, larger margins mark correct pairs"; the within-matching AUC and precision@k answer the second, the question a user asks of one matching.`,
    "Wall-clock seconds of the solves and margins are in timings.csv (not in the tables).",
  ];
}
