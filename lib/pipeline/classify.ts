/**
 * The unsupervised classifier of Sec. 5.4 (spec §5): k-means on raw image embeddings → centres L2-normalised →
 * GW kernel → QAP against the class-name kernel → each image labelled with the class its cluster was matched to.
 * Also reports the oracle cluster → class accuracy and the matching accuracy against the oracle.
 * @module
 */
import { checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import { checkMatrix, type Matrix } from "../core/matrix.ts";
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
  /** k-means options; default the paper's: nInit 100, seed 42 (same for every run, P17). */
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

/**
 * Classifies the rows of `vision` (raw embeddings; labels used only for evaluation) into the classes whose
 * normalised class vectors are the rows of `languageClassVectors` (class c ↔ label c).
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
  const truth = new Int32Array(indices.length);
  for (let t = 0; t < indices.length; t++) {
    const r = indices[t];
    checkRange(Number.isInteger(r) && r >= 0 && r < rows, fn, `rowIndices[${t}] must be in [0, ${rows - 1}], got ${r}`);
    x.set(data.subarray(r * dim, r * dim + dim), t * dim);
    truth[t] = vision.labels[r];
    checkRange(
      truth[t] < classCount,
      fn,
      `label ${truth[t]} of row ${r} has no language class vector (${classCount} classes)`,
    );
  }
  const clusters = kmeans({ rows: indices.length, cols: dim, data: x }, classCount, {
    ...CLASSIFY_DEFAULTS.kmeans,
    ...options.kmeans,
  });
  const kernelClusters = buildKernel(normalizeRows(clusters.centers), "gw");
  const kernelLanguage = options.languageKernel ?? standardizeKernel(buildKernel(languageClassVectors, "gw"));
  checkMatrix(kernelLanguage, fn, "languageKernel");
  checkRange(
    kernelLanguage.rows === classCount,
    fn,
    `languageKernel must be ${classCount}×${classCount}, got ${kernelLanguage.rows}×${kernelLanguage.cols}`,
  );
  const match = matchKernels(standardizeKernel(kernelClusters), kernelLanguage, {
    metric: "gw",
    standardize: false,
    solver: options.solver ?? CLASSIFY_DEFAULTS.solver,
    solverOptions: options.solverOptions ?? CLASSIFY_DEFAULTS.solverOptions,
  });
  const clusterToClass = match.permutation;
  const predicted = new Int32Array(indices.length);
  for (let t = 0; t < indices.length; t++) predicted[t] = clusterToClass[clusters.labels[t]];
  const oracle = oracleAssignment(clusters.labels, truth, classCount, classCount);
  const oraclePredicted = new Int32Array(indices.length);
  for (let t = 0; t < indices.length; t++) oraclePredicted[t] = oracle[clusters.labels[t]];
  return {
    rowIndices: indices,
    clusterLabels: clusters.labels,
    clusterToClass,
    predicted,
    accuracy: classificationAccuracy(predicted, truth),
    oracleClusterToClass: oracle,
    oracleAccuracy: classificationAccuracy(oraclePredicted, truth),
    matchingAccuracy: matchingAccuracy(clusterToClass, oracle),
    kmeans: clusters,
    match,
  };
}
