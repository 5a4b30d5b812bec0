/**
 * Sec. 5.1 — small-scale matching, n = 10 (Fig. 4, 11, 12; Tab. 3; spec §4.2): for every vision × language model
 * pair, metric (GW, CKA, mutual k-NN k = 1..8) and seed, class vectors from the seed's random half of the images
 * (P13), standardised kernels (P2), an exact matching (brute force), accuracy = fraction of classes matched to their
 * own name. Fig. 11's second row (mutual k-NN k = 4 similarity on full-data class means, unstandardised, P14/P21) is
 * computed once per model pair (first seed's job).
 * @module
 */
import * as aq from "arquero";
import { matchingAccuracy } from "../core/permutation.ts";
import { paperSeeds } from "../embeddings/seeds.ts";
import { DEFAULT_STORE_ROOT } from "../embeddings/store.ts";
import { alignmentScore, buildKernel, qapFromKernels } from "../kernels/metrics.ts";
import { plotHeatmap } from "../plots/heatmap.ts";
import { type CategoryPoint, plotPointErrors, plotScatterFit, type ScatterPoint } from "../plots/points.ts";
import type { PlotlyFigure } from "../plots/style.ts";
import { solveQap } from "../qap/registry.ts";
import {
  checkConfigKeys,
  distinctFallbackColors,
  formatMeanStd,
  missingDataNotes,
  modelFamily,
  modelStyleId,
  pickModel,
  resolveModels,
} from "./_section_helpers.ts";
import { runClassVectors, standardizedKernels } from "./run_data.ts";
import { groupRows, meanStd, type StudyOutput, type StudyRow, type StudySection } from "./study.ts";

/** Settings of the small-scale study. */
export interface SmallScaleConfig {
  /** Data set ids in the store (default ["cifar10"]; the paper also uses CINIC-10). */
  datasets: string[];
  /** Vision model ids, or null for every non-control vision model stored for the data set. */
  visionModels: string[] | null;
  /** Language model ids, or null for every language model stored for the data set. */
  languageModels: string[] | null;
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
  /** Vision model of Tab. 3 (null: the first vision model). */
  tableVisionModel: string | null;
  /** k of the mutual k-NN row of Tab. 3 and of Fig. 11's similarity row (paper: 4). */
  tableK: number;
  /** Extra or overriding parameter counts for Fig. 11 (model id → parameters). */
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

/**
 * Known parameter counts of vision feature extractors (Fig. 11 x axis): the layers that compute the stored embedding,
 * i.e. the backbone without its classifier, as Keras reports them for `include_top=False` (MobileNet α = 0.75:
 * 1,832,976; MobileNetV2 α = 0.35: 410,208; MobileNetV2 α = 1.0, the nsfwjs model: 2,257,984; InceptionV3:
 * 21,802,784). Paper models under the ids an ONNX export would likely use: DINOv2 README (21 M … 1.1 B), DeiT README,
 * CLIP ViT-L/14 image tower. Rounded to 3 significant digits; extend through `parameterCounts` in the config.
 */
export const VISION_PARAMETER_COUNTS: Readonly<Record<string, number>> = Object.freeze({
  "mobilenet-v1-0.75": 1.83e6,
  "mobilenet-v2-0.35": 0.41e6,
  "random-mobilenet-v1-0.75": 1.83e6,
  "nsfw-mobilenet-v2": 2.26e6,
  "nsfw-inception-v3": 21.8e6,
  "dinov2-vit-s14": 21e6,
  "dinov2-vit-b14": 86e6,
  "dinov2-vit-l14": 300e6,
  "dinov2-vit-g14": 1.1e9,
  "deit-tiny-patch16-224": 5.7e6,
  "deit-small-patch16-224": 22e6,
  "deit-base-patch16-224": 86e6,
  "clip-vit-l14-336": 304e6,
});

/** Preferred language models when a figure needs one (closest to the paper's sentence encoders first). */
export const PREFERRED_LANGUAGE_MODELS: readonly string[] = Object.freeze([
  "all-mpnet-base-v2",
  "use-lite",
  "glove-100d",
]);

/** Metric ids of the paper's grid: GW, CKA, mutual k-NN k = 1..8. */
export const SMALL_SCALE_METRICS: readonly string[] = Object.freeze([
  "gw",
  "cka",
  ...Array.from({ length: 8 }, (_, i) => `mknn-${i + 1}`),
]);

/** Splits a metric id ("gw", "cka", "mknn-4") into the kernel metric and k. */
export function parseMetricId(id: string): { metric: "gw" | "cka" | "mknn"; k: number | undefined } {
  if (id === "gw" || id === "cka") return { metric: id, k: undefined };
  const m = /^mknn-(\d+)$/.exec(id);
  if (!m || Number(m[1]) < 1) {
    throw new RangeError(`parseMetricId: metric must be "gw", "cka" or "mknn-K" with K ≥ 1, got '${id}'`);
  }
  return { metric: "mknn", k: Number(m[1]) };
}

const quick: SmallScaleConfig = Object.freeze({
  datasets: ["cifar10"],
  visionModels: null,
  languageModels: null,
  metrics: [...SMALL_SCALE_METRICS],
  seedCount: 5,
  solver: "brute-force",
  solverOptions: {},
  mainLanguageModel: null,
  tableVisionModel: null,
  tableK: 4,
  parameterCounts: {},
  storeRoot: DEFAULT_STORE_ROOT,
}) as SmallScaleConfig;

const full: SmallScaleConfig = Object.freeze({
  ...quick,
  datasets: ["cifar10", "cinic10"],
  seedCount: 20,
}) as SmallScaleConfig;

/** Defaults (= the quick preset), frozen. */
export const SMALL_SCALE_DEFAULTS: Readonly<SmallScaleConfig> = quick;

function check(config: SmallScaleConfig): void {
  const fn = "smallScaleSection";
  checkConfigKeys(config, quick, fn);
  for (const m of config.metrics) parseMetricId(m);
  if (!Number.isInteger(config.seedCount) || config.seedCount < 1) {
    throw new RangeError(`${fn}: seedCount must be an integer ≥ 1, got ${config.seedCount}`);
  }
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
  jobs(config) {
    check(config);
    const seeds = paperSeeds(42, config.seedCount);
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
      const problem = qapFromKernels(kernels.vision, kernels.language, metric, {
        study: "5.1",
        dataset,
        vision,
        language,
        seed,
      });
      const outcome = solveQap(problem, { method: config.solver, ...config.solverOptions });
      rows.push({
        kind: "matching",
        ...base,
        metric: metricId,
        seed,
        accuracy: matchingAccuracy(outcome.permutation),
        cost: outcome.cost,
        permutation: Array.from(outcome.permutation).join(" "),
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
        metric: `mknn-${config.tableK}`,
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

function unique(values: unknown[]): string[] {
  return [...new Set(values.map(String))];
}

function summarizeSmallScale(rows: StudyRow[], config: SmallScaleConfig): StudyOutput {
  const matching = rows.filter((r) => r.kind === "matching");
  const similarity = rows.filter((r) => r.kind === "similarity");
  const accuracies = (filter: (r: StudyRow) => boolean) => matching.filter(filter).map((r) => Number(r.accuracy));
  const summaryRows: StudyRow[] = [];
  for (const list of groupRows(matching, ["dataset", "vision", "language", "metric"])) {
    const { mean, std } = meanStd(list.map((r) => Number(r.accuracy)));
    const r0 = list[0];
    summaryRows.push({
      dataset: r0.dataset,
      vision: r0.vision,
      language: r0.language,
      metric: r0.metric,
      seeds: list.length,
      mean,
      std,
    });
  }
  const figures: StudyOutput["figures"] = {};
  const tables: StudyOutput["tables"] = {
    runs: aq.from(matching.map(({ kind: _k, value: _v, ...rest }) => rest)),
    accuracy: aq.from(summaryRows),
  };
  const notes: string[] = [
    "Accuracy = fraction of the n classes whose vision class mean is matched to its own language class vector; random = 1/n = 0.1.",
    "Per seed a random half of the images (torch-compatible randperm), kernels standardised, exact QAP solution by brute force (first minimum in lexicographic order, P20).",
    "Models are those available here (small MobileNets; USE-lite / GloVe sentence vectors), not the paper's 32 × 27 models, so absolute accuracies are not comparable with Fig. 4/12.",
  ];
  const datasets = unique(matching.map((r) => r.dataset));
  const visions = unique(matching.map((r) => r.vision));
  const languages = unique(matching.map((r) => r.language));
  const main = mainLanguage(config, languages);
  const paramCounts: Record<string, number> = { ...VISION_PARAMETER_COUNTS, ...config.parameterCounts };
  const tab3Rows: StudyRow[] = [];
  const tableVision = config.tableVisionModel ?? visions[0] ?? null;
  const tableMetrics = ["gw", "cka", `mknn-${config.tableK}`].filter((m) => config.metrics.includes(m));
  if (tableVision && main) {
    for (const metric of [...tableMetrics].reverse()) {
      const row: StudyRow = { metric, vision: tableVision, language: main };
      for (const dataset of datasets) {
        row[dataset] = formatMeanStd(
          accuracies((r) =>
            r.dataset === dataset && r.vision === tableVision && r.language === main && r.metric === metric
          ),
          { truncatePercent: true },
        );
      }
      tab3Rows.push(row);
    }
    tables.tab3 = aq.from(tab3Rows);
    notes.push(
      `Tab. 3 cells are "mean ± std" of the accuracy in %, printed as the original code does (fraction rounded to 2 decimals, ×100, truncated: 0.29 → 28).`,
    );
  }
  for (const dataset of datasets) {
    const dsVisions = unique(matching.filter((r) => r.dataset === dataset).map((r) => r.vision));
    const dsLanguages = unique(matching.filter((r) => r.dataset === dataset).map((r) => r.language));
    if (main && config.metrics.includes("gw")) {
      const points: CategoryPoint[] = dsVisions.map((vision) => {
        const { mean, std } = meanStd(
          accuracies((r) => r.dataset === dataset && r.vision === vision && r.language === main && r.metric === "gw"),
        );
        return { category: vision, group: modelStyleId(vision), mean, sd: std };
      }).filter((p) => Number.isFinite(p.mean));
      figures[`fig4_${dataset}`] = {
        figure: distinctFallbackColors(plotPointErrors(points, {
          title: `${dataset}, ${main}: matching accuracy (GW, n = 10)`,
          xTitle: "Vision model",
          yTitle: "Matching accuracy",
          yRange: [-0.05, 1.05],
          referenceValue: 0.1,
        })),
        paper: "Fig. 4",
        caption:
          `Matching accuracy (mean ± sd over seeds) per vision model on ${dataset} with ${main}, GW metric, exact solver; dashed line = random (0.1).`,
      };
    }
    if (config.metrics.includes("gw")) {
      const z = dsVisions.map((vision) =>
        dsLanguages.map((language) =>
          meanStd(
            accuracies((r) =>
              r.dataset === dataset && r.vision === vision && r.language === language && r.metric === "gw"
            ),
          ).mean
        )
      );
      figures[`fig12_${dataset}`] = {
        figure: plotHeatmap(z, {
          title: `${dataset}: mean matching accuracy (GW)`,
          xTitle: "Language model",
          yTitle: "Vision model",
          xLabels: dsLanguages,
          yLabels: dsVisions,
          zRange: [0, 1],
          decimals: 2,
          colorbarTitle: "Accuracy",
        }),
        paper: dataset === "cinic10" ? "Fig. 13" : "Fig. 12",
        caption: `Mean matching accuracy (GW, exact) for every vision (rows) × language (columns) model on ${dataset}.`,
      };
    }
    if (main) {
      const known = dsVisions.filter((v) => paramCounts[v] > 0);
      const accPoints: ScatterPoint[] = [], simPoints: ScatterPoint[] = [];
      for (const vision of known) {
        const acc = accuracies((r) =>
          r.dataset === dataset && r.vision === vision && r.language === main && r.metric === "gw"
        );
        if (acc.length) {
          accPoints.push({ x: paramCounts[vision], y: meanStd(acc).mean, group: modelFamily(vision), label: vision });
        }
        const sim = similarity.find((r) => r.dataset === dataset && r.vision === vision && r.language === main);
        if (sim) {
          simPoints.push({ x: paramCounts[vision], y: Number(sim.value), group: modelFamily(vision), label: vision });
        }
      }
      const fig11 = (points: ScatterPoint[], yTitle: string): PlotlyFigure =>
        distinctFallbackColors(plotScatterFit(points, {
          title: `${dataset}, ${main}: ${yTitle} vs parameters`,
          xTitle: "Parameters (log scale)",
          yTitle,
        }));
      if (accPoints.length) {
        figures[`fig11_accuracy_${dataset}`] = {
          figure: fig11(accPoints, "Matching accuracy"),
          paper: "Fig. 11 (top row)",
          caption:
            `Mean matching accuracy (GW) vs vision-model parameter count on ${dataset} with ${main}; line = least-squares fit in log-x per model family (families with ≥ 2 sizes).`,
        };
      }
      if (simPoints.length) {
        figures[`fig11_similarity_${dataset}`] = {
          figure: fig11(simPoints, `Similarity (Mutual k-NN, k = ${config.tableK})`),
          paper: "Fig. 11 (bottom row)",
          caption:
            `Mutual k-NN (k = ${config.tableK}) similarity of the true pairing (all images, unstandardised kernels) vs parameter count on ${dataset} with ${main}.`,
        };
      }
      const unknown = dsVisions.filter((v) => !(paramCounts[v] > 0));
      if (unknown.length) {
        notes.push(`Fig. 11 (${dataset}) leaves out models without a known parameter count: ${unknown.join(", ")}.`);
      }
    }
  }
  notes.push(
    `Fig. 11 plots −(summed loss) = similarity for the k-NN row (the original plots the negative loss, spec P14).`,
  );
  notes.push(...paperComparison(summaryRows));
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

/** Notes that set this run against the paper's statements on Sec. 5.1 (spec §6). */
function paperComparison(summaryRows: StudyRow[]): string[] {
  const out: string[] = [];
  const gw = summaryRows.filter((r) => r.metric === "gw");
  if (gw.length) {
    const above = gw.filter((r) => Number(r.mean) > 0.1).length;
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
