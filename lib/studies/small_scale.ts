/**
 * Sec. 5.1 — small-scale matching, n = 10 (Fig. 4, 11, 12; Tab. 3; docs/method.md, "The study"): for every vision ×
 * language model pair, metric (GW, CKA, mutual k-NN k = 1..8) and seed, class vectors from the seed's random half of
 * the images (Pitfalls P13), standardised kernels (P2), an exact matching (brute force), accuracy = fraction of classes
 * matched to their own name. Fig. 11's second row (mutual k-NN k = 4 similarity on full-data class means,
 * unstandardised, P14/P21) is computed once per model pair (first seed's job).
 * @module
 */
import * as aq from "arquero";
import { visionModelParameters } from "../embed/vision_models.ts";
import { PAPER_BASE_SEED, paperSeeds } from "../embeddings/seeds.ts";
import { DEFAULT_STORE_ROOT } from "../embeddings/store.ts";
import { alignmentScore, buildKernel, formatMetricId, parseMetricId } from "../kernels/metrics.ts";
import { matchKernels } from "../pipeline/blind_match.ts";
import { plotHeatmap } from "../plots/heatmap.ts";
import { type CategoryPoint, plotPointErrors, plotScatterFit, type ScatterPoint } from "../plots/points.ts";
import type { PlotlyFigure } from "../plots/style.ts";
import {
  checkConfigKeys,
  checkCounts,
  distinctFallbackColors,
  formatMeanStd,
  missingDataNotes,
  modelFamily,
  type ModelGrid,
  modelStyleId,
  oneModelPair,
  PAPER_CLASS_GRID,
  pickModel,
  PREFERRED_LANGUAGE_MODELS,
  resolveModels,
} from "./_section_helpers.ts";
import { runClassVectors, standardizedKernels } from "./run_data.ts";
import { groupRows, meanStd, type StudyOutput, type StudyRow, type StudySection } from "./study.ts";

/** Settings of the small-scale study. */
export interface SmallScaleConfig extends ModelGrid {
  /** Metric ids: "gw", "cka", "mknn-K" (mutual k-NN with k = K). */
  metrics: string[];
  /** Number of seeds (`get_seeds(42, m)`). */
  seedCount: number;
  /** Registered solver id (default "brute-force", exact). */
  solver: string;
  /** Options passed to the solver (default none). */
  solverOptions: Record<string, unknown>;
  /** Language model of Fig. 4 and 11 (null: "use-lite" if stored, else the first). */
  mainLanguageModel: string | null;
  /**
   * Language models that get their own Fig. 4 and Tab. 3 rows next to the main one (when they ran), e.g. the paper's
   * CLIP ViT-B/32 text encoder as precomputed class vectors.
   */
  extraLanguageModels: string[];
  /** Vision model of Tab. 3 (null: the first vision model). */
  tableVisionModel: string | null;
  /** k of the mutual k-NN row of Tab. 3 and of Fig. 11's similarity row (paper: 4). */
  tableK: number;
  /** Extra or overriding parameter counts for Fig. 11 (model id → parameters; default: lib/embed/vision_models.ts). */
  parameterCounts: Record<string, number>;
  /** Embedding store root. */
  storeRoot: string;
}

/** One job: one data set × vision model × language model × seed (all metrics). */
export interface SmallScaleJob {
  dataset: string;
  vision: string;
  language: string;
  seed: number;
  seedIndex: number;
}

/** Metric ids of the paper's grid: GW, CKA, mutual k-NN k = 1..8. */
export const SMALL_SCALE_METRICS: readonly string[] = Object.freeze([
  "gw",
  "cka",
  ...Array.from({ length: 8 }, (_, i) => `mknn-${i + 1}`),
]);

const quick: SmallScaleConfig = Object.freeze({
  datasets: ["cifar10"],
  visionModels: null,
  languageModels: null,
  metrics: [...SMALL_SCALE_METRICS],
  seedCount: 5,
  solver: "brute-force",
  solverOptions: {},
  mainLanguageModel: null,
  extraLanguageModels: ["clip-vit-b32-text"],
  tableVisionModel: null,
  tableK: 4,
  parameterCounts: {},
  storeRoot: DEFAULT_STORE_ROOT,
}) as SmallScaleConfig;

// Each section declares its own presets; the shape shared with Sec. 5.4's (quick → full on PAPER_CLASS_GRID) is
// deliberate, not a table to merge: a section's presets live in its file.
const full: SmallScaleConfig = Object.freeze({
  ...quick,
  datasets: [...PAPER_CLASS_GRID.datasets],
  seedCount: PAPER_CLASS_GRID.seedCount,
}) as SmallScaleConfig;

/** Defaults (= the quick preset), frozen. */
export const SMALL_SCALE_DEFAULTS: Readonly<SmallScaleConfig> = quick;

function check(config: SmallScaleConfig): void {
  const fn = "smallScaleSection";
  checkConfigKeys(config, quick, fn);
  for (const m of config.metrics) parseMetricId(m);
  checkCounts(config, ["seedCount"], fn);
}

function mainLanguage(config: SmallScaleConfig, languages: string[]): string | null {
  return config.mainLanguageModel ?? pickModel(PREFERRED_LANGUAGE_MODELS, languages);
}

/** The small-scale matching section (id "5.1"). */
export const smallScaleSection: StudySection<SmallScaleConfig, SmallScaleJob> = {
  id: "5.1",
  title: "Small-scale matching (n = 10): every vision × language model pair, exact solver",
  paper: "Fig. 4, 11, 12, 13; Tab. 3",
  presets: { quick, full },
  notebook: {
    storeKey: "storeRoot",
    // one model pair, one seed, GW + CKA + the table's k-NN
    smoke: (q, root) => ({
      ...q,
      ...oneModelPair(q, root, q.mainLanguageModel),
      metrics: ["gw", "cka", formatMetricId("mknn", q.tableK)].filter((m) => q.metrics.includes(m)),
      seedCount: 1,
    }),
    settings: ["datasets", "visionModels", "languageModels", "metrics", "seedCount", "solver"],
  },
  jobs(config) {
    check(config);
    const seeds = paperSeeds(PAPER_BASE_SEED, config.seedCount);
    const jobs: SmallScaleJob[] = [];
    for (const dataset of config.datasets) {
      const visions = resolveModels(config.visionModels, dataset, "vision", config.storeRoot);
      const languages = resolveModels(config.languageModels, dataset, "language", config.storeRoot);
      for (const vision of visions) {
        for (const language of languages) {
          seeds.forEach((seed, seedIndex) => jobs.push({ dataset, vision, language, seed, seedIndex }));
        }
      }
    }
    return jobs;
  },
  runJob(job, config) {
    const { dataset, vision, language, seed } = job;
    const vectors = runClassVectors(dataset, vision, language, seed, { root: config.storeRoot });
    const base = { dataset, vision, language, family: modelFamily(vision), n: vectors.vision.rows };
    const rows: StudyRow[] = [];
    for (const metricId of config.metrics) {
      const { metric, k } = parseMetricId(metricId);
      const kernels = standardizedKernels(vectors, metric, k);
      const match = matchKernels(kernels.vision, kernels.language, {
        metric,
        standardize: false,
        solver: config.solver,
        solverOptions: config.solverOptions,
      });
      rows.push({
        kind: "matching",
        ...base,
        metric: metricId,
        seed,
        accuracy: match.accuracy,
        cost: match.cost,
        permutation: Array.from(match.permutation).join(" "),
        value: null,
      });
    }
    if (job.seedIndex === 0) {
      // Fig. 11 lower row: mutual k-NN (k = tableK) similarity of the ground-truth pairing, all images, unstandardised
      const all = runClassVectors(dataset, vision, language, seed, { root: config.storeRoot, half: false });
      const kv = buildKernel(all.vision, "mknn", { k: config.tableK }),
        kl = buildKernel(all.language, "mknn", { k: config.tableK });
      rows.push({
        kind: "similarity",
        ...base,
        metric: formatMetricId("mknn", config.tableK),
        seed: null,
        accuracy: null,
        cost: null,
        permutation: null,
        value: -alignmentScore(kv, kl, "mknn"),
      });
    }
    return rows;
  },
  summarize(rows, config) {
    return summarizeSmallScale(rows, config);
  },
};

/** Accuracy of a random matching of n = 10 classes (1/n): the reference line of Fig. 4. */
const RANDOM_ACCURACY = 0.1;

function unique(values: unknown[]): string[] {
  return [...new Set(values.map(String))];
}

/** The runs of one summary: matching rows, similarity rows and an accuracy filter over the matching rows. */
interface SmallScaleRuns {
  matching: StudyRow[];
  similarity: StudyRow[];
  /** Accuracies of the matching rows with these (dataset, vision, language, metric) values. */
  accuracies(dataset: unknown, vision: unknown, language: unknown, metric: string): number[];
}

function smallScaleRuns(rows: StudyRow[]): SmallScaleRuns {
  const matching = rows.filter((r) => r.kind === "matching");
  return {
    matching,
    similarity: rows.filter((r) => r.kind === "similarity"),
    accuracies: (dataset, vision, language, metric) =>
      matching.filter((r) =>
        r.dataset === dataset && r.vision === vision && r.language === language && r.metric === metric
      ).map((r) => Number(r.accuracy)),
  };
}

/** Mean and std of the accuracy per (dataset, vision, language, metric). */
function accuracySummary(matching: StudyRow[]): StudyRow[] {
  return groupRows(matching, ["dataset", "vision", "language", "metric"]).map((list) => {
    const { mean, std } = meanStd(list.map((r) => Number(r.accuracy)));
    const r0 = list[0];
    return {
      dataset: r0.dataset,
      vision: r0.vision,
      language: r0.language,
      metric: r0.metric,
      seeds: list.length,
      mean,
      std,
    };
  });
}

/** Tab. 3 rows (k-NN, CKA, GW from the top) for one vision model and the main language model. */
function tab3Rows(
  runs: SmallScaleRuns,
  config: SmallScaleConfig,
  datasets: string[],
  tableVision: string,
  main: string,
): StudyRow[] {
  const tableMetrics = ["gw", "cka", formatMetricId("mknn", config.tableK)].filter((m) => config.metrics.includes(m));
  return [...tableMetrics].reverse().map((metric) => {
    const row: StudyRow = { metric, vision: tableVision, language: main };
    for (const dataset of datasets) {
      row[dataset] = formatMeanStd(runs.accuracies(dataset, tableVision, main, metric), { truncatePercent: true });
    }
    return row;
  });
}

/** Fig. 4: GW accuracy per vision model with the main language model. */
function fig4(runs: SmallScaleRuns, dataset: string, visions: string[], main: string): StudyOutput["figures"][string] {
  const points: CategoryPoint[] = visions.map((vision) => {
    const { mean, std } = meanStd(runs.accuracies(dataset, vision, main, "gw"));
    return { category: vision, group: modelStyleId(vision), mean, sd: std };
  }).filter((p) => Number.isFinite(p.mean));
  return {
    figure: distinctFallbackColors(plotPointErrors(points, {
      title: `${dataset}, ${main}: matching accuracy (GW, n = 10)`,
      xTitle: "Vision model",
      yTitle: "Matching accuracy",
      yRange: [-0.05, 1.05],
      referenceValue: RANDOM_ACCURACY,
    })),
    paper: "Fig. 4",
    units: "matching accuracy (fraction of the 10 classes matched to their own name, 0–1)",
    caption:
      `Matching accuracy (mean ± sd over seeds) per vision model on ${dataset} with ${main}, GW metric, exact solver; dashed line = random (0.1).`,
  };
}

/** Fig. 12 / 13: mean GW accuracy for every vision × language model pair. */
function fig12(
  runs: SmallScaleRuns,
  dataset: string,
  visions: string[],
  languages: string[],
): StudyOutput["figures"][string] {
  const z = visions.map((vision) =>
    languages.map((language) => meanStd(runs.accuracies(dataset, vision, language, "gw")).mean)
  );
  return {
    figure: plotHeatmap(z, {
      title: `${dataset}: mean matching accuracy (GW)`,
      xTitle: "Language model",
      yTitle: "Vision model",
      xLabels: languages,
      yLabels: visions,
      zRange: [0, 1],
      decimals: 2,
      colorbarTitle: "Accuracy",
    }),
    paper: dataset === "cinic10" ? "Fig. 13" : "Fig. 12",
    caption: `Mean matching accuracy (GW, exact) for every vision (rows) × language (columns) model on ${dataset}.`,
  };
}

/** Fig. 11: accuracy and k-NN similarity against the parameter count; adds figures and notes to `out`. */
function fig11(
  runs: SmallScaleRuns,
  config: SmallScaleConfig,
  dataset: string,
  visions: string[],
  main: string,
  out: { figures: StudyOutput["figures"]; notes: string[] },
): void {
  const parameters = (vision: string) => config.parameterCounts[vision] ?? visionModelParameters(vision) ?? 0;
  const known = visions.filter((v) => parameters(v) > 0);
  const accPoints: ScatterPoint[] = [], simPoints: ScatterPoint[] = [];
  for (const vision of known) {
    const acc = runs.accuracies(dataset, vision, main, "gw");
    const x = parameters(vision), group = modelFamily(vision);
    if (acc.length) accPoints.push({ x, y: meanStd(acc).mean, group, label: vision });
    const sim = runs.similarity.find((r) => r.dataset === dataset && r.vision === vision && r.language === main);
    if (sim) simPoints.push({ x, y: Number(sim.value), group, label: vision });
  }
  const plot = (points: ScatterPoint[], yTitle: string): PlotlyFigure =>
    distinctFallbackColors(plotScatterFit(points, {
      title: `${dataset}, ${main}: ${yTitle} vs parameters`,
      xTitle: "Parameters (log scale)",
      yTitle,
    }));
  if (accPoints.length) {
    out.figures[`fig11_accuracy_${dataset}`] = {
      figure: plot(accPoints, "Matching accuracy"),
      paper: "Fig. 11 (top row)",
      caption:
        `Mean matching accuracy (GW) vs vision-model parameter count on ${dataset} with ${main}; line = least-squares fit in log-x per model family (families with ≥ 2 sizes).`,
    };
  }
  if (simPoints.length) {
    out.figures[`fig11_similarity_${dataset}`] = {
      figure: plot(simPoints, `Similarity (Mutual k-NN, k = ${config.tableK})`),
      paper: "Fig. 11 (bottom row)",
      caption:
        `Mutual k-NN (k = ${config.tableK}) similarity of the true pairing (all images, unstandardised kernels) vs parameter count on ${dataset} with ${main}.`,
    };
  }
  const unknown = visions.filter((v) => !(parameters(v) > 0));
  if (unknown.length) {
    out.notes.push(`Fig. 11 (${dataset}) leaves out models without a known parameter count: ${unknown.join(", ")}.`);
  }
}

function summarizeSmallScale(rows: StudyRow[], config: SmallScaleConfig): StudyOutput {
  const runs = smallScaleRuns(rows);
  const { matching } = runs;
  const summaryRows = accuracySummary(matching);
  const figures: StudyOutput["figures"] = {};
  const tables: StudyOutput["tables"] = {
    runs: aq.from(matching.map(({ kind: _k, value: _v, ...rest }) => rest)),
    accuracy: aq.from(summaryRows),
  };
  const notes: string[] = [
    "Accuracy = fraction of the n classes whose vision class mean is matched to its own language class vector; random = 1/n = 0.1.",
    "Per seed a random half of the images (torch-compatible randperm), kernels standardised, exact QAP solution by brute force (first minimum in lexicographic order, docs/method.md Pitfalls P20).",
    "Vision models are those available here (small MobileNets), not the paper's 32; language: USE-lite / GloVe sentence vectors and one of the paper's 27 language models, CLIP ViT-B/32 text (precomputed class vectors, prompt \"a {name}\"), so absolute accuracies are not comparable with Fig. 4/12.",
  ];
  const datasets = unique(matching.map((r) => r.dataset));
  const visions = unique(matching.map((r) => r.vision));
  const languages = unique(matching.map((r) => r.language));
  const main = mainLanguage(config, languages);
  const tableVision = config.tableVisionModel ?? visions[0] ?? null;
  const shownLanguages = main
    ? [main, ...config.extraLanguageModels.filter((l) => l !== main && languages.includes(l))]
    : [];
  if (tableVision && main) {
    tables.tab3 = aq.from(
      shownLanguages.flatMap((language) => tab3Rows(runs, config, datasets, tableVision, language)),
    );
    notes.push(
      `Tab. 3 cells are "mean ± std" of the accuracy in %, printed as the original code does (fraction rounded to 2 decimals, ×100, truncated: 0.29 → 28).`,
    );
  }
  for (const dataset of datasets) {
    const mine = matching.filter((r) => r.dataset === dataset);
    const dsVisions = unique(mine.map((r) => r.vision));
    const dsLanguages = unique(mine.map((r) => r.language));
    if (config.metrics.includes("gw")) {
      for (const language of shownLanguages.filter((l) => dsLanguages.includes(l))) {
        figures[`fig4_${dataset}${language === main ? "" : `_${language}`}`] = fig4(runs, dataset, dsVisions, language);
      }
    }
    if (config.metrics.includes("gw")) figures[`fig12_${dataset}`] = fig12(runs, dataset, dsVisions, dsLanguages);
    if (main) fig11(runs, config, dataset, dsVisions, main, { figures, notes });
  }
  notes.push(
    `Fig. 11 plots −(summed loss) = similarity for the k-NN row (the original plots the negative loss, docs/method.md Pitfalls P14).`,
  );
  notes.push(...paperComparison(summaryRows));
  notes.push(...languageNotes(summaryRows, shownLanguages.slice(1)));
  notes.push(...missingDataNotes(matching.length, datasets, config.datasets, config.storeRoot));
  return {
    section: "5.1",
    title: smallScaleSection.title,
    tables,
    figures,
    meta: {
      models: [...visions.map((v) => `vision: ${v}`), ...languages.map((l) => `language: ${l}`)],
      datasets: datasets.map((d) =>
        `${d} (n = 10 classes; random half of the images per seed; ${config.seedCount} seeds)`
      ),
      preset: "",
      notes: [...notes, `Solver: ${config.solver}; metrics: ${config.metrics.join(", ")}.`],
      paper: smallScaleSection.paper,
    },
  };
}

/** Per extra language model: its mean accuracy per vision model for GW, CKA and the best metric. */
function languageNotes(summaryRows: StudyRow[], languages: readonly string[]): string[] {
  return languages.map((language) => {
    const mine = summaryRows.filter((r) => r.language === language);
    const cells = unique(mine.map((r) => `${r.dataset}\u0000${r.vision}`)).map((key) => {
      const [dataset, vision] = key.split("\u0000");
      const rows = mine.filter((r) => r.dataset === dataset && r.vision === vision);
      const at = (metric: string) => rows.find((r) => r.metric === metric);
      const best = rows.reduce((a, b) => (Number(b.mean) > Number(a.mean) ? b : a));
      const pct = (r: StudyRow | undefined) => (r ? `${(Number(r.mean) * 100).toFixed(0)} %` : "–");
      return `${vision} on ${dataset}: GW ${pct(at("gw"))}, CKA ${pct(at("cka"))}, best ${best.metric} ${pct(best)}`;
    });
    return `${language} (mean accuracy over seeds; chance 10 %): ${cells.join("; ")}.`;
  });
}

/** Notes that set this run against the paper's statements on Sec. 5.1. */
function paperComparison(summaryRows: StudyRow[]): string[] {
  const out: string[] = [];
  const gw = summaryRows.filter((r) => r.metric === "gw");
  if (gw.length) {
    const above = gw.filter((r) => Number(r.mean) > RANDOM_ACCURACY).length;
    out.push(
      `Paper: "most models perform better than 10 % accuracy". Here ${above} of ${gw.length} (data set, vision, language) combinations have a mean GW accuracy above 0.1.`,
    );
  }
  const byMetric = new Map<string, number[]>();
  for (const r of summaryRows) {
    const list = byMetric.get(String(r.metric));
    if (list) list.push(Number(r.mean));
    else byMetric.set(String(r.metric), [Number(r.mean)]);
  }
  if (byMetric.size > 1) {
    const parts = [...byMetric].map(([metric, means]) => `${metric} ${meanStd(means).mean.toFixed(2)}`);
    out.push(
      `Paper: "GW is more useful for matching than mutual k-NN and CKA" (Tab. 3). Here, mean accuracy over all model pairs per metric: ${
        parts.join(", ")
      }.`,
    );
  }
  return out;
}
