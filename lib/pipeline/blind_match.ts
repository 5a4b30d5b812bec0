/**
 * Blind matching of class vectors (docs/method.md, "The QAP"): kernels of both sides under a metric, off-diagonal
 * standardisation, the factorised QAP, a registered solver, and the evaluation of the permutation (vision index →
 * language index).
 * @module
 */
import { checkInteger, checkKnownKeys, checkRange } from "../core/errors.ts";
import { checkMatrix, type Matrix, selectRows } from "../core/matrix.ts";
import { withDefaults } from "../core/options.ts";
import { buildKernel, getMetric, type MetricId, qapFromKernels, referenceCost } from "../kernels/metrics.ts";
import { standardizeKernel } from "../kernels/standardize.ts";
import type { QapProblem } from "../qap/problem.ts";
import { solveQap } from "../qap/registry.ts";
import type { SolveResult } from "../qap/result.ts";
import { matchingAccuracy, randomBaseline } from "./evaluation.ts";

/** Options of {@link blindMatch} and {@link matchKernels}. */
export interface BlindMatchOptions {
  /** Distortion metric; default "gw". */
  metric?: MetricId;
  /** Neighbours of the mutual k-NN kernel; default 4. */
  k?: number;
  /** Registered solver id; default "fhg" (the paper's). */
  solver?: string;
  /** Options passed to the solver (seed, timeLimit, …). */
  solverOptions?: Record<string, unknown>;
  /** Standardise both kernels (Pitfalls P2); default true. */
  standardize?: boolean;
  /** Ground-truth permutation (vision i ↔ language truth[i]); default the identity (dataset label order). */
  truth?: ArrayLike<number> | null;
}

/** Defaults of {@link BlindMatchOptions}. */
export const BLIND_MATCH_DEFAULTS = Object.freeze({
  metric: "gw" as MetricId,
  k: 4,
  solver: "fhg",
  solverOptions: Object.freeze({}) as Readonly<Record<string, unknown>>,
  standardize: true,
  truth: null as ArrayLike<number> | null,
});

/** Result of a blind match. */
export interface BlindMatchResult {
  /** permutation[i] = language item matched to vision item i. */
  permutation: Int32Array;
  /** QAP objective J(permutation) (solver's problem). */
  cost: number;
  /** Solver's lower bound on J, or null. */
  bound: number | null;
  /** True when the solver proved optimality. */
  optimal: boolean;
  /** GW reference cost Σ(K_V − K_L[p][:,p])²/n² on the (standardised) kernels of the metric (Pitfalls P10). */
  referenceCost: number;
  /** Fraction of items matched to their true partner. */
  accuracy: number;
  /** Mean / sd of the accuracy of a random permutation. */
  randomBaseline: { mean: number; sd: number };
  /** Kernels that entered the QAP. */
  kernelVision: Matrix;
  /** Kernels that entered the QAP. */
  kernelLanguage: Matrix;
  /** The QAP solved. */
  problem: QapProblem;
  /** The solver's full result. */
  solve: SolveResult;
}

/** Matches two (already built) kernels: standardise (unless off), factorise under the metric, solve, evaluate. */
export function matchKernels(
  kernelVision: Matrix,
  kernelLanguage: Matrix,
  options: BlindMatchOptions = {},
): BlindMatchResult {
  const fn = "matchKernels";
  checkKnownKeys(options, Object.keys(BLIND_MATCH_DEFAULTS), fn);
  const o = withDefaults(BLIND_MATCH_DEFAULTS, options);
  getMetric(o.metric);
  checkMatrix(kernelVision, fn, "kernelVision");
  checkMatrix(kernelLanguage, fn, "kernelLanguage");
  const n = kernelVision.rows;
  checkRange(
    kernelLanguage.rows === n,
    fn,
    `vision and language need the same number of items, got ${n} and ${kernelLanguage.rows}`,
  );
  const kv = o.standardize ? standardizeKernel(kernelVision) : kernelVision;
  const kl = o.standardize ? standardizeKernel(kernelLanguage) : kernelLanguage;
  return solveKernelPair(kv, kl, o, fn);
}

function solveKernelPair(
  kv: Matrix,
  kl: Matrix,
  o: typeof BLIND_MATCH_DEFAULTS & BlindMatchOptions,
  fn: string,
): BlindMatchResult {
  const problem = qapFromKernels(kv, kl, o.metric);
  const solve = solveQap(problem, { ...o.solverOptions, method: o.solver }, fn);
  const truth = o.truth ?? null;
  if (truth !== null) {
    checkRange(truth.length === problem.n, fn, `truth must have length ${problem.n}, got ${truth.length}`);
  }
  return {
    permutation: solve.permutation,
    cost: solve.cost,
    bound: solve.bound,
    optimal: solve.optimal,
    referenceCost: referenceCost(kv, kl, solve.permutation),
    accuracy: matchingAccuracy(solve.permutation, truth ?? undefined),
    randomBaseline: randomBaseline(problem.n),
    kernelVision: kv,
    kernelLanguage: kl,
    problem,
    solve,
  };
}

/**
 * Blind-matches vision class vectors to language class vectors (rows = items, L2-normalised: docs/method.md, "Class
 * vectors"). Item i of each side is the same class when `truth` is omitted. Needs n ≥ 3 items on both sides.
 */
export function blindMatch(
  visionClassVectors: Matrix,
  languageClassVectors: Matrix,
  options: BlindMatchOptions = {},
): BlindMatchResult {
  const fn = "blindMatch";
  checkKnownKeys(options, Object.keys(BLIND_MATCH_DEFAULTS), fn);
  checkMatrix(visionClassVectors, fn, "visionClassVectors");
  checkMatrix(languageClassVectors, fn, "languageClassVectors");
  const n = visionClassVectors.rows;
  checkRange(
    n === languageClassVectors.rows,
    fn,
    `vision and language need the same number of items, got ${n} and ${languageClassVectors.rows}`,
  );
  checkRange(n >= 3, fn, `needs at least 3 items, got ${n}`);
  const metric = options.metric ?? BLIND_MATCH_DEFAULTS.metric;
  // k matters for mutual k-NN only (1 ≤ k ≤ n − 1); other metrics ignore it
  const k = metric === "mknn" ? checkInteger(options.k ?? BLIND_MATCH_DEFAULTS.k, fn, "k", 1, n - 1) : 1;
  const kv = buildKernel(visionClassVectors, metric, { k });
  const kl = buildKernel(languageClassVectors, metric, { k });
  return matchKernels(kv, kl, options);
}

/** The sub-kernel K[indices][:, indices] (e.g. a language kernel standardised over all classes, Pitfalls P12). */
export function restrictKernel(kernel: Matrix, indices: ArrayLike<number>): Matrix {
  const fn = "restrictKernel";
  checkMatrix(kernel, fn, "kernel");
  const n = kernel.rows, m = indices.length;
  const out = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    const i = indices[a];
    checkRange(Number.isInteger(i) && i >= 0 && i < n, fn, `indices[${a}] must be in [0, ${n - 1}], got ${i}`);
    for (let b = 0; b < m; b++) out[a * m + b] = kernel.data[i * n + indices[b]];
  }
  return { rows: m, cols: m, data: out };
}

/**
 * Blind matching on a class subset (Pitfalls P12): the language kernel is standardised over
 * ALL classes and then restricted to `indices`; the vision kernel is built on the subset's class vectors and
 * standardised over the subset only. Item a of the result is class indices[a] on both sides.
 */
export function blindMatchSubset(
  visionClassVectors: Matrix,
  languageClassVectors: Matrix,
  indices: ArrayLike<number>,
  options: BlindMatchOptions = {},
): BlindMatchResult {
  const fn = "blindMatchSubset";
  checkKnownKeys(options, Object.keys(BLIND_MATCH_DEFAULTS), fn);
  checkMatrix(visionClassVectors, fn, "visionClassVectors");
  checkMatrix(languageClassVectors, fn, "languageClassVectors");
  const total = visionClassVectors.rows, m = indices.length;
  checkRange(
    total === languageClassVectors.rows,
    fn,
    `vision and language need the same number of classes, got ${total} and ${languageClassVectors.rows}`,
  );
  checkRange(m >= 3, fn, `needs a subset of at least 3 classes, got ${m}`);
  const metric = options.metric ?? BLIND_MATCH_DEFAULTS.metric;
  const k = metric === "mknn" ? checkInteger(options.k ?? BLIND_MATCH_DEFAULTS.k, fn, "k", 1, m - 1) : 1;
  const standardize = options.standardize ?? true;
  const kernels = subsetKernelPair(visionClassVectors, languageClassVectors, indices, metric, { k, standardize });
  return matchKernels(kernels.vision, kernels.language, { ...options, standardize: false });
}

/**
 * The kernels of a class subset as the original builds them (Pitfalls P12): the language kernel is built (and
 * standardised) over ALL classes and then restricted to `indices`; the vision class vectors are restricted first and
 * their kernel is standardised over the subset only.
 */
export function subsetKernelPair(
  visionClassVectors: Matrix,
  languageClassVectors: Matrix,
  indices: ArrayLike<number>,
  metric: string,
  options: { k?: number; standardize?: boolean } = {},
): { vision: Matrix; language: Matrix } {
  const kernelOptions = { k: options.k ?? BLIND_MATCH_DEFAULTS.k };
  const standardize = options.standardize ?? true;
  const fullLanguage = buildKernel(languageClassVectors, metric, kernelOptions);
  const language = restrictKernel(standardize ? standardizeKernel(fullLanguage) : fullLanguage, indices);
  const visionRaw = buildKernel(selectRows(visionClassVectors, indices), metric, kernelOptions);
  return { vision: standardize ? standardizeKernel(visionRaw) : visionRaw, language };
}
