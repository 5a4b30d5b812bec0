/**
 * Sec. 5.4 — unsupervised classification (Tab. 2, Tab. 6-style; spec §4.6, §5, P17): per vision model × seed, k-means
 * (k = number of classes, k-means++, fixed seed 42 for every run) on the seed's random half of the *raw* image
 * embeddings; cluster centres → L2-normalised → GW kernel → standardised; per language model, class vectors → GW kernel
 * → standardised; QAP (FHG) between cluster and class kernels gives cluster c ↦ class p[c]; each image gets
 * p[cluster]. Reports accuracy, the oracle ("GT") accuracy of the best cluster → class map and the matching accuracy
 * (fraction of clusters with p[c] = oracle[c]).
 * @module
 */
import * as aq from "arquero";
import { checkRange } from "../core/errors.ts";
import type { Matrix } from "../core/matrix.ts";
import { kmeans } from "../cluster/kmeans.ts";
import { classVectors, normalizeRows } from "../embeddings/embedding_set.ts";
import { paperSeeds, randomHalf } from "../embeddings/seeds.ts";
import { DEFAULT_STORE_ROOT } from "../embeddings/store.ts";
import { buildKernel, qapFromKernels } from "../kernels/metrics.ts";
import { standardizeKernel } from "../kernels/standardize.ts";
import { classificationAccuracy, matchingAccuracy, oracleAssignment } from "../pipeline/evaluation.ts";
import { solveQap } from "../qap/registry.ts";
import { type CategoryPoint, plotPointErrors } from "../plots/points.ts";
import {
  checkConfigKeys,
  distinctFallbackColors,
  formatMeanStd,
  missingDataNotes,
  modelFamily,
  resolveModels,
} from "./_section_helpers.ts";
import { loadStored } from "./run_data.ts";
import { meanStd, type StudyOutput, type StudyRow, type StudySection } from "./study.ts";

/** Settings of the unsupervised-classification study. */
export interface UnsupervisedConfig {
  /** Data set ids (default ["cifar10"]; the paper also uses CINIC-10). */
  datasets: string[];
  /** Vision model ids, or null for every non-control vision model stored for the data set. */
  visionModels: string[] | null;
  /** Language model ids, or null for every language model stored for the data set. */
  languageModels: string[] | null;
  /** Number of seeds (`get_seeds(42, m)`); each seed draws its own random half of the images. */
  seedCount: number;
  /** k-means restarts (paper: 100). */
  nInit: number;
  /** k-means seed, the same for every run (paper: random_state = 42, P17). */
  kmeansSeed: number;
  /** k-means Lloyd iterations per restart (scikit-learn default 300). */
  kmeansMaxIterations: number;
  /** Registered QAP solver id (paper: FHG with defaults). */
  solver: string;
  /** Options passed to the solver (default none). */
  solverOptions: Record<string, unknown>;
  /** Embedding store root. */
  storeRoot: string;
}

/** One job: data set × vision model × seed (one k-means, then every language model). */
export interface UnsupervisedJob {
  dataset: string;
  vision: string;
  seed: number;
}

const quick: UnsupervisedConfig = Object.freeze({
  datasets: ["cifar10"],
  visionModels: null,
  languageModels: null,
  seedCount: 3,
  nInit: 10,
  kmeansSeed: 42,
  kmeansMaxIterations: 300,
  solver: "fhg",
  solverOptions: {},
  storeRoot: DEFAULT_STORE_ROOT,
}) as UnsupervisedConfig;

const full: UnsupervisedConfig = Object.freeze({
  ...quick,
  datasets: ["cifar10", "cinic10"],
  seedCount: 20,
  nInit: 100,
}) as UnsupervisedConfig;

/** Defaults (= the quick preset), frozen. */
export const UNSUPERVISED_DEFAULTS: Readonly<UnsupervisedConfig> = quick;

/** Accuracies of a cluster → class map against true labels (spec §5 steps 6–7). */
export interface ClusterMatchScores {
  /** Fraction of items whose label equals clusterToClass[cluster]. */
  accuracy: number;
  /** Accuracy of the best cluster → class map (Hungarian on the cluster × class count matrix). */
  groundTruthAccuracy: number;
  /** Fraction of clusters mapped to the same class as the oracle map. */
  matchingAccuracy: number;
  /** The oracle map cluster → class. */
  oracle: Int32Array;
}

/**
 * Scores a cluster → class map: `clusters[i]` is item i's cluster, `labels[i]` its true class (both < k), and
 * `clusterToClass` a permutation of 0..k−1. Never mutates its inputs.
 */
export function clusterMatchScores(
  clusters: ArrayLike<number>,
  labels: ArrayLike<number>,
  clusterToClass: ArrayLike<number>,
): ClusterMatchScores {
  const fn = "clusterMatchScores";
  const k = clusterToClass.length, count = clusters.length;
  checkRange(
    labels.length === count && count > 0,
    fn,
    `clusters and labels must have the same non-zero length, got ${count} and ${labels.length}`,
  );
  const oracle = oracleAssignment(clusters, labels, k, k);
  const predicted = new Int32Array(count), oraclePredicted = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    (predicted[i] = clusterToClass[clusters[i]], oraclePredicted[i] = oracle[clusters[i]]);
  }
  return {
    accuracy: classificationAccuracy(predicted, labels),
    groundTruthAccuracy: classificationAccuracy(oraclePredicted, labels),
    matchingAccuracy: matchingAccuracy(clusterToClass, oracle),
    oracle,
  };
}

function check(config: UnsupervisedConfig): void {
  const fn = "unsupervisedSection";
  checkConfigKeys(config, quick, fn);
  for (const key of ["seedCount", "nInit", "kmeansMaxIterations"] as const) {
    if (!Number.isInteger(config[key]) || config[key] < 1) {
      throw new RangeError(`${fn}: ${key} must be an integer ≥ 1, got ${config[key]}`);
    }
  }
}

/** The unsupervised-classification section (id "5.4"). */
export const unsupervisedSection: StudySection<UnsupervisedConfig, UnsupervisedJob> = {
  id: "5.4",
  title: "Unsupervised classification: k-means clusters matched to class names",
  paper: "Tab. 2, Tab. 6",
  presets: { quick, full },
  jobs(config) {
    check(config);
    const seeds = paperSeeds(42, config.seedCount);
    const jobs: UnsupervisedJob[] = [];
    for (const dataset of config.datasets) {
      for (const vision of resolveModels(config.visionModels, dataset, "vision", config.storeRoot)) {
        for (const seed of seeds) jobs.push({ dataset, vision, seed });
      }
    }
    return jobs;
  },
  runJob(job, config) {
    const { dataset, vision, seed } = job;
    const stored = loadStored(dataset, vision, config.storeRoot);
    const classCount = stored.manifest.classNames.length;
    const half = randomHalf(stored.set.vectors.rows, seed);
    const dim = stored.set.vectors.cols;
    const data = new Float64Array(half.length * dim), labels = new Int32Array(half.length);
    for (let t = 0; t < half.length; t++) {
      data.set(stored.set.vectors.data.subarray(half[t] * dim, (half[t] + 1) * dim), t * dim);
      labels[t] = stored.set.labels[half[t]];
    }
    const clustering = kmeans({ rows: half.length, cols: dim, data }, classCount, {
      nInit: config.nInit,
      seed: config.kmeansSeed,
      maxIterations: config.kmeansMaxIterations,
    });
    const kernelClusters = standardizeKernel(buildKernel(normalizeRows(clustering.centers), "gw"));
    const languages = resolveModels(config.languageModels, dataset, "language", config.storeRoot);
    return languages.map((language) => {
      const lang = loadStored(dataset, language, config.storeRoot);
      checkRange(
        lang.manifest.classNames.length === classCount,
        "unsupervisedSection",
        `${dataset}/${language} has ${lang.manifest.classNames.length} classes, ${dataset}/${vision} has ${classCount}`,
      );
      const kernelClasses: Matrix = standardizeKernel(buildKernel(classVectors(lang.set, { classCount }), "gw"));
      const problem = qapFromKernels(kernelClusters, kernelClasses, "gw", {
        study: "5.4",
        dataset,
        vision,
        language,
        seed,
      });
      const outcome = solveQap(problem, { method: config.solver, ...config.solverOptions });
      const scores = clusterMatchScores(clustering.labels, labels, outcome.permutation);
      return {
        dataset,
        vision,
        language,
        family: modelFamily(vision),
        seed,
        images: half.length,
        accuracy: scores.accuracy,
        gtAccuracy: scores.groundTruthAccuracy,
        matchingAccuracy: scores.matchingAccuracy,
        clusterToClass: Array.from(outcome.permutation).join(" "),
        oracle: Array.from(scores.oracle).join(" "),
        inertia: clustering.inertia,
        solver: config.solver,
        status: outcome.status,
      } satisfies StudyRow;
    });
  },
  summarize(rows, config) {
    return summarizeUnsupervised(rows, config);
  },
};

function unique(values: unknown[]): string[] {
  return [...new Set(values.map(String))];
}

function summarizeUnsupervised(rows: StudyRow[], config: UnsupervisedConfig): StudyOutput {
  const datasets = unique(rows.map((r) => r.dataset));
  const visions = unique(rows.map((r) => r.vision));
  const languages = unique(rows.map((r) => r.language));
  const pick = (d: string, v: string, l: string, key: string) =>
    rows.filter((r) => r.dataset === d && r.vision === v && r.language === l).map((r) => Number(r[key]));
  const tab2: StudyRow[] = [], tab6: StudyRow[] = [], summary: StudyRow[] = [];
  const points: CategoryPoint[] = [];
  for (const dataset of datasets) {
    for (const vision of visions) {
      const row: StudyRow = { dataset, vision };
      let any = false;
      for (const language of languages) {
        const acc = pick(dataset, vision, language, "accuracy");
        if (acc.length === 0) continue;
        any = true;
        const gt = pick(dataset, vision, language, "gtAccuracy"),
          match = pick(dataset, vision, language, "matchingAccuracy");
        row[language] = formatMeanStd(acc, { scale: 100, decimals: 1 });
        tab6.push({
          dataset,
          vision,
          language,
          solver: config.solver,
          accuracy: formatMeanStd(acc),
          matchingAccuracy: formatMeanStd(match),
        });
        tab6.push({
          dataset,
          vision,
          language,
          solver: "gt",
          accuracy: formatMeanStd(gt),
          matchingAccuracy: "1.00 ± 0.00",
        });
        const a = meanStd(acc), g = meanStd(gt), m = meanStd(match);
        summary.push({
          dataset,
          vision,
          language,
          seeds: acc.length,
          accuracy: a.mean,
          accuracyStd: a.std,
          gtAccuracy: g.mean,
          gtAccuracyStd: g.std,
          matchingAccuracy: m.mean,
          matchingAccuracyStd: m.std,
        });
        const category = `${vision} / ${language}${datasets.length > 1 ? ` (${dataset})` : ""}`;
        points.push({ category, group: "Matching (FHG)", mean: a.mean, sd: a.std });
        points.push({ category, group: "Oracle (GT)", mean: g.mean, sd: g.std });
      }
      if (any) tab2.push(row);
    }
  }
  const figures: StudyOutput["figures"] = {};
  if (points.length) {
    figures.accuracy = {
      figure: distinctFallbackColors(plotPointErrors(points, {
        title: "Unsupervised classification: accuracy vs oracle",
        xTitle: "Vision / language model",
        yTitle: "Classification accuracy",
        yRange: [0, 1],
        referenceValue: 0.1,
      })),
      paper: "Tab. 2 (as a figure)",
      caption:
        "Classification accuracy (mean ± sd over seeds) of k-means clusters labelled by the QAP matching, next to the oracle accuracy of the best cluster → class map; dashed line = chance for 10 balanced classes.",
    };
  }
  const notes = [
    'Tab. 2 cells: accuracy in %, "mean ± std" over seeds (1 decimal). Tab. 6-style rows: accuracy and matching accuracy as fractions (2 decimals); the GT row is the oracle map (matching accuracy 1 by definition).',
    `k-means: k-means++ with ${config.nInit} restarts, seed ${config.kmeansSeed} for every run (P17), raw features; this workspace's k-means mirrors scikit-learn's algorithm but not NumPy's random stream, so clusterings differ from the paper's in detail.`,
    `Solver: ${config.solver} (GW, standardised kernels). Only the FHG row of Tab. 6 is produced here; the other solvers are compared in Sec. 5.3.`,
    "Models are those available here (small MobileNets; USE-lite / GloVe), not the paper's trio, so accuracies are not comparable with Tab. 2's 51.1 % top value (DINOv2 + All-Roberta-large-v1).",
  ];
  const top = summary.reduce<StudyRow | null>(
    (best, r) => best && Number(best.accuracy) >= Number(r.accuracy) ? best : r,
    null,
  );
  if (top) {
    notes.push(
      `Top mean accuracy here: ${
        (Number(top.accuracy) * 100).toFixed(1)
      } % (${top.vision} + ${top.language} on ${top.dataset}; oracle ${
        (Number(top.gtAccuracy) * 100).toFixed(1)
      } %). Paper: 51.1 % with released code (51.5 % in the paper), DINOv2 ViT-G/14 + All-Roberta-large-v1.`,
    );
  }
  notes.push(...missingDataNotes(rows.length, datasets, config.datasets, config.storeRoot));
  return {
    section: "5.4",
    title: unsupervisedSection.title,
    tables: { runs: aq.from(rows), summary: aq.from(summary), tab2: aq.from(tab2), tab6: aq.from(tab6) },
    figures,
    meta: {
      models: [...visions.map((v) => `vision: ${v}`), ...languages.map((l) => `language: ${l}`)],
      datasets: datasets.map((d) => `${d} (random half of the images per seed; ${config.seedCount} seeds)`),
      preset: "",
      notes,
      paper: unsupervisedSection.paper,
    },
  };
}
