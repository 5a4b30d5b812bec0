/**
 * The unsupervised classifier of Sec. 5.4 (docs/method.md, "Subsets and unsupervised classification"): k-means on raw
 * image embeddings → centres L2-normalised → GW kernel → QAP against the class-name kernel → each image labelled with
 * the class its cluster was matched to. Also reports the oracle cluster → class accuracy and the matching accuracy
 * against the oracle. In two steps ({@link clusterRows}, {@link matchClusters}) so that one clustering can be matched
 * to several language models.
 * @module
 */
import { checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import { checkMatrix, type Matrix } from "../core/matrix.ts";
import { withDefaults } from "../core/options.ts";
import { kmeans, type KmeansOptions, type KmeansResult } from "../cluster/kmeans.ts";
import type { EmbeddingSet } from "../embeddings/embedding_set.ts";
import { normalizeRows } from "../embeddings/embedding_set.ts";
import { buildKernel } from "../kernels/metrics.ts";
import { standardizeKernel } from "../kernels/standardize.ts";
import { type BlindMatchResult, matchKernels } from "./blind_match.ts";
import { classificationAccuracy, matchingAccuracy, oracleAssignment } from "./evaluation.ts";

/** Options of {@link classifyUnsupervised}. */
export interface ClassifyOptions {
  /** Rows to use (a seed's random half); default all rows. */
  rowIndices?: ArrayLike<number> | null;
  /** k-means options; default the paper's: nInit 100, seed 42 (same for every run, Pitfalls P17). */
  kmeans?: KmeansOptions;
  /** Registered solver id; default "fhg". */
  solver?: string;
  /** Options passed to the solver. */
  solverOptions?: Record<string, unknown>;
  /** Language kernel to use instead of GW on `languageClassVectors` (already standardised). */
  languageKernel?: Matrix | null;
}

/** Defaults of {@link ClassifyOptions}. */
export const CLASSIFY_DEFAULTS = Object.freeze({
  rowIndices: null,
  kmeans: Object.freeze({ nInit: 100, seed: 42, maxIterations: 300, tolerance: 1e-4 }),
  solver: "fhg",
  solverOptions: Object.freeze({}),
  languageKernel: null,
});

/** Result of {@link classifyUnsupervised}. */
export interface ClassifyResult {
  /** Row indices that were clustered (into the input set). */
  rowIndices: Int32Array;
  /** Cluster of every clustered row. */
  clusterLabels: Int32Array;
  /** clusterToClass[c] = class matched to cluster c by the QAP. */
  clusterToClass: Int32Array;
  /** Predicted class of every clustered row. */
  predicted: Int32Array;
  /** Fraction of clustered rows whose predicted class equals the true label. */
  accuracy: number;
  /** Best cluster → class map given the labels (Hungarian on counts). */
  oracleClusterToClass: Int32Array;
  /** Accuracy under the oracle map (upper bound of any cluster → class map). */
  oracleAccuracy: number;
  /** Fraction of clusters with clusterToClass[c] = oracleClusterToClass[c]. */
  matchingAccuracy: number;
  /** The k-means run. */
  kmeans: KmeansResult;
  /** The QAP match of cluster kernel to class kernel. */
  match: BlindMatchResult;
}

/** Accuracies of a cluster → class map against true labels. */
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
    predicted[i] = clusterToClass[clusters[i]];
    oraclePredicted[i] = oracle[clusters[i]];
  }
  return {
    accuracy: classificationAccuracy(predicted, labels),
    groundTruthAccuracy: classificationAccuracy(oraclePredicted, labels),
    matchingAccuracy: matchingAccuracy(clusterToClass, oracle),
    oracle,
  };
}

/** The first step of {@link classifyUnsupervised}: the clustered rows, their true labels and the k-means run. */
export interface ClusteredRows {
  /** Row indices that were clustered (into the input set). */
  rowIndices: Int32Array;
  /** True label of every clustered row (evaluation only). */
  labels: Int32Array;
  /** Number of classes = clusters. */
  classCount: number;
  /** The k-means run (k = classCount) on the raw rows. */
  kmeans: KmeansResult;
}

/**
 * k-means with k = `classCount` on the raw rows of `vision` (`rowIndices`, default all), e.g. once per run before
 * matching the clusters to several language models with {@link matchClusters}.
 */
export function clusterRows(
  vision: EmbeddingSet,
  classCount: number,
  options: Pick<ClassifyOptions, "rowIndices" | "kmeans"> = {},
): ClusteredRows {
  const fn = "clusterRows";
  checkType(
    vision !== null && typeof vision === "object" && vision.labels instanceof Int32Array,
    fn,
    "vision must be an EmbeddingSet",
  );
  checkRange(Number.isInteger(classCount) && classCount >= 3, fn, `needs at least 3 classes, got ${classCount}`);
  const { rows, cols: dim, data } = vision.vectors;
  const indices = options.rowIndices
    ? Int32Array.from(options.rowIndices)
    : Int32Array.from({ length: rows }, (_, i) => i);
  checkRange(
    indices.length >= classCount,
    fn,
    `needs at least as many rows (${indices.length}) as classes (${classCount})`,
  );
  const x = new Float64Array(indices.length * dim);
  const labels = new Int32Array(indices.length);
  for (let t = 0; t < indices.length; t++) {
    const r = indices[t];
    checkRange(Number.isInteger(r) && r >= 0 && r < rows, fn, `rowIndices[${t}] must be in [0, ${rows - 1}], got ${r}`);
    x.set(data.subarray(r * dim, r * dim + dim), t * dim);
    labels[t] = vision.labels[r];
    checkRange(
      labels[t] < classCount,
      fn,
      `label ${labels[t]} of row ${r} has no language class vector (${classCount} classes)`,
    );
  }
  const clusters = kmeans(
    { rows: indices.length, cols: dim, data: x },
    classCount,
    withDefaults(CLASSIFY_DEFAULTS.kmeans, options.kmeans),
  );
  return { rowIndices: indices, labels, classCount, kmeans: clusters };
}

/**
 * The second step of {@link classifyUnsupervised}: the GW kernel of the L2-normalised cluster centres, standardised,
 * matched by the QAP to `languageKernel` (the class kernel, already standardised); scores against the labels.
 */
export function matchClusters(
  clustered: ClusteredRows,
  languageKernel: Matrix,
  options: Pick<ClassifyOptions, "solver" | "solverOptions"> = {},
): ClassifyResult {
  const fn = "matchClusters";
  const { classCount, labels, kmeans: clusters } = clustered;
  checkMatrix(languageKernel, fn, "languageKernel");
  checkRange(
    languageKernel.rows === classCount,
    fn,
    `languageKernel must be ${classCount}×${classCount}, got ${languageKernel.rows}×${languageKernel.cols}`,
  );
  const kernelClusters = standardizeKernel(buildKernel(normalizeRows(clusters.centers), "gw"));
  const match = matchKernels(kernelClusters, languageKernel, {
    metric: "gw",
    standardize: false,
    solver: options.solver ?? CLASSIFY_DEFAULTS.solver,
    solverOptions: options.solverOptions ?? CLASSIFY_DEFAULTS.solverOptions,
  });
  const clusterToClass = match.permutation;
  const scores = clusterMatchScores(clusters.labels, labels, clusterToClass);
  const predicted = new Int32Array(labels.length);
  for (let t = 0; t < labels.length; t++) predicted[t] = clusterToClass[clusters.labels[t]];
  return {
    rowIndices: clustered.rowIndices,
    clusterLabels: clusters.labels,
    clusterToClass,
    predicted,
    accuracy: scores.accuracy,
    oracleClusterToClass: scores.oracle,
    oracleAccuracy: scores.groundTruthAccuracy,
    matchingAccuracy: scores.matchingAccuracy,
    kmeans: clusters,
    match,
  };
}

/** The standardised GW kernel of normalised class vectors (the language side of {@link classifyUnsupervised}). */
export function classKernel(languageClassVectors: Matrix): Matrix {
  return standardizeKernel(buildKernel(languageClassVectors, "gw"));
}

/**
 * Classifies the rows of `vision` (raw embeddings; labels used only for evaluation) into the classes whose
 * normalised class vectors are the rows of `languageClassVectors` (class c ↔ label c): {@link clusterRows}, then
 * {@link matchClusters} against `languageKernel` or the {@link classKernel} of the class vectors.
 */
export function classifyUnsupervised(
  vision: EmbeddingSet,
  languageClassVectors: Matrix,
  options: ClassifyOptions = {},
): ClassifyResult {
  const fn = "classifyUnsupervised";
  checkKnownKeys(options, Object.keys(CLASSIFY_DEFAULTS), fn);
  checkType(
    vision !== null && typeof vision === "object" && vision.labels instanceof Int32Array,
    fn,
    "vision must be an EmbeddingSet",
  );
  checkMatrix(languageClassVectors, fn, "languageClassVectors");
  const classCount = languageClassVectors.rows;
  checkRange(classCount >= 3, fn, `needs at least 3 classes, got ${classCount}`);
  const clustered = clusterRows(vision, classCount, options);
  const languageKernel = options.languageKernel ?? classKernel(languageClassVectors);
  return matchClusters(clustered, languageKernel, options);
}
