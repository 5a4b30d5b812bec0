/**
 * Distortion metrics = kernel + loss, the factorised QAP built from two kernels (docs/method.md, "Kernels and losses",
 * "The QAP"; Pitfalls P3) and the
 * scores evaluated on kernels: the unstandardised alignment score of a permutation and the GW reference cost.
 * @module
 */
import { checkInteger, checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import { checkMatrix, type Matrix } from "../core/matrix.ts";
import { checkPermutation } from "../core/permutation.ts";
import { Adder } from "../core/sum.ts";
import { createQapProblem, type QapProblem } from "../qap/problem.ts";
import { ckaKernel } from "./cka.ts";
import { euclideanKernel } from "./euclidean.ts";
import { INNER_PRODUCT_LOSS, type Loss, SQUARE_LOSS } from "./losses.ts";
import { mutualKnnKernel } from "./mutual_knn.ts";

/** Metric ids: "gw" (GW distance), "cka", "mknn" (mutual k-NN), "inner-product" (distances + −x·y, ablation). */
export const METRIC_IDS = Object.freeze(["gw", "cka", "mknn", "inner-product"] as const);

/** One of {@link METRIC_IDS}. */
export type MetricId = typeof METRIC_IDS[number];

/** A metric: how to build a kernel from class vectors and which loss compares kernels. */
export interface Metric {
  /** Stable id. */
  readonly id: MetricId;
  /** Kernel builder; `k` is used by mutual k-NN only. */
  readonly kernel: (vectors: Matrix, k: number) => Matrix;
  /** Elementwise loss. */
  readonly loss: Loss;
  /** True when the kernel is symmetric (GW, inner product). */
  readonly symmetricKernel: boolean;
}

/** The metric registry. */
export const METRICS: Readonly<Record<MetricId, Metric>> = Object.freeze(
  {
    "gw": Object.freeze({
      id: "gw",
      kernel: (v: Matrix) => euclideanKernel(v),
      loss: SQUARE_LOSS,
      symmetricKernel: true,
    }),
    "cka": Object.freeze({
      id: "cka",
      kernel: (v: Matrix) => ckaKernel(v),
      loss: INNER_PRODUCT_LOSS,
      symmetricKernel: false,
    }),
    "mknn": Object.freeze({
      id: "mknn",
      kernel: (v: Matrix, k: number) => mutualKnnKernel(v, k),
      loss: INNER_PRODUCT_LOSS,
      symmetricKernel: false,
    }),
    "inner-product": Object.freeze({
      id: "inner-product",
      kernel: (v: Matrix) => euclideanKernel(v),
      loss: INNER_PRODUCT_LOSS,
      symmetricKernel: true,
    }),
  } as const,
);

/** Looks up a metric by id; throws a RangeError listing the ids otherwise. */
export function getMetric(id: string): Metric {
  checkRange(
    (METRIC_IDS as readonly string[]).includes(id),
    "getMetric",
    `metric must be one of ${METRIC_IDS.join(", ")}, got '${id}'`,
  );
  return METRICS[id as MetricId];
}

/** A metric id of the study tables split into the metric and its k: "gw", "cka", "inner-product" or "mknn-K". */
export interface ParsedMetricId {
  /** The kernel metric. */
  metric: MetricId;
  /** Neighbours of the mutual k-NN kernel ("mknn-K"); undefined for the other metrics. */
  k: number | undefined;
}

/**
 * Splits a metric id as the studies write it ("gw", "cka", "inner-product", "mknn-4": mutual k-NN with k = 4) into
 * the metric and k. A bare "mknn" is refused (k must be explicit); throws a RangeError otherwise.
 */
export function parseMetricId(id: string): ParsedMetricId {
  if (id === "gw" || id === "cka" || id === "inner-product") return { metric: id, k: undefined };
  const m = /^mknn-(\d+)$/.exec(id);
  checkRange(
    m !== null && Number(m[1]) >= 1,
    "parseMetricId",
    `metric must be "gw", "cka", "inner-product" or "mknn-K" with K ≥ 1, got '${id}'`,
  );
  return { metric: "mknn", k: Number(m![1]) };
}

/** The study id of a metric with its k: "mknn-K" for mutual k-NN, the metric id otherwise. */
export function formatMetricId(metric: MetricId, k?: number): string {
  return metric === "mknn" ? `mknn-${k ?? KERNEL_DEFAULTS.k}` : metric;
}

/** Options of {@link buildKernel}. */
export interface KernelOptions {
  /** Neighbours of the mutual k-NN kernel; default 4 (Fig. 11, Tab. 3). */
  k?: number;
}

/** Defaults of {@link KernelOptions}. */
export const KERNEL_DEFAULTS = Object.freeze({ k: 4 });

/** The kernel of `metric` on the rows of `vectors` (class vectors, already normalised). */
export function buildKernel(vectors: Matrix, metric: string, options: KernelOptions = {}): Matrix {
  checkKnownKeys(options, Object.keys(KERNEL_DEFAULTS), "buildKernel");
  const k = checkInteger(options.k ?? KERNEL_DEFAULTS.k, "buildKernel", "k", 1);
  return getMetric(metric).kernel(vectors, k);
}

/**
 * Checks that `kernelVision` is a square n×n matrix and `kernelLanguage` one of the same size (RangeError /
 * TypeError naming `fn` otherwise); returns n.
 */
export function checkKernelPair(kernelVision: Matrix, kernelLanguage: Matrix, fn: string): number {
  checkMatrix(kernelVision, fn, "kernelVision");
  checkMatrix(kernelLanguage, fn, "kernelLanguage");
  const n = kernelVision.rows;
  checkRange(kernelVision.cols === n, fn, `kernelVision must be square, got ${n}×${kernelVision.cols}`);
  checkRange(
    kernelLanguage.rows === n && kernelLanguage.cols === n,
    fn,
    `kernelLanguage must be ${n}×${n} like kernelVision, got ${kernelLanguage.rows}×${kernelLanguage.cols}`,
  );
  return n;
}

/**
 * The factorised QAP of two kernels under `metric`'s loss: A = −h1(K_V), B = h2(K_L), no linear term,
 * c = Σ f1(K_V) + Σ f2(K_L). For GW, J(p) = Σ_ik (K_V[i,k] − K_L[p_i,p_k])²; for CKA / k-NN, −Σ K_V[i,k]·K_L[p_i,p_k].
 * p maps vision index → language index.
 */
export function qapFromKernels(
  kernelVision: Matrix,
  kernelLanguage: Matrix,
  metric: string,
  source: Record<string, unknown> = {},
): QapProblem {
  const fn = "qapFromKernels";
  const n = checkKernelPair(kernelVision, kernelLanguage, fn);
  const { loss } = getMetric(metric);
  const a = new Float64Array(n * n), b = new Float64Array(n * n);
  const c = new Adder();
  for (let t = 0; t < n * n; t++) {
    const x = kernelVision.data[t], y = kernelLanguage.data[t];
    a[t] = -loss.h1(x);
    b[t] = loss.h2(y);
    c.add(loss.f1(x));
    c.add(loss.f2(y));
  }
  return createQapProblem({ rows: n, cols: n, data: a }, { rows: n, cols: n, data: b }, {
    constant: +c,
    source: { metric, ...source },
  });
}

/**
 * Alignment score of a permutation (Sec. 3 shuffling study; docs/method.md, "Scores of a matching"): Σ_ij l(K_V[perm_i,
 * perm_j], K_L[i, j]) with `metric`'s loss, on whatever kernels are passed (the study uses unstandardised ones). Lower
 * is better aligned.
 */
export function alignmentScore(
  kernelVision: Matrix,
  kernelLanguage: Matrix,
  metric: string,
  permutation?: ArrayLike<number>,
): number {
  const fn = "alignmentScore";
  const n = checkKernelPair(kernelVision, kernelLanguage, fn);
  const { loss } = getMetric(metric);
  const p = permutation === undefined ? null : checkPermutation(permutation, n, fn);
  const kv = kernelVision.data, kl = kernelLanguage.data;
  const total = new Adder();
  for (let i = 0; i < n; i++) {
    const pi = p ? p[i] : i;
    for (let j = 0; j < n; j++) total.add(loss.loss(kv[pi * n + (p ? p[j] : j)], kl[i * n + j]));
  }
  return +total;
}

/**
 * GW reference cost of a matching (docs/method.md, Pitfalls P10): Σ_ik (K_V[i,k] − K_L[p_i,p_k])² / n², evaluated on
 * the kernels of the metric used for matching.
 */
export function referenceCost(kernelVision: Matrix, kernelLanguage: Matrix, permutation: ArrayLike<number>): number {
  const fn = "referenceCost";
  const n = checkKernelPair(kernelVision, kernelLanguage, fn);
  checkType(permutation !== undefined, fn, "permutation is required");
  const p = checkPermutation(permutation, n, fn);
  const kv = kernelVision.data, kl = kernelLanguage.data;
  const total = new Adder();
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < n; k++) {
      const diff = kv[i * n + k] - kl[p[i] * n + p[k]];
      s += diff * diff;
    }
    total.add(s);
  }
  return +total / (n * n);
}
