/**
 * The teaching tour's toy problem: a handful of concepts with synthetic "vision" and "language" vectors (language =
 * vision + noise, so concept i on both sides is the true pair), their standardised GW kernels and the QAP, plus the
 * complete cost landscape by enumeration (n ≤ 9) and a numeric check of why the Hahn–Grant bound is valid.
 * @module
 */
import { forEachPermutation } from "../core/permutation.ts";
import { checkInteger, checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import type { Matrix } from "../core/matrix.ts";
import { Rng } from "../core/rng.ts";
import { euclideanKernel } from "../kernels/euclidean.ts";
import { qapFromKernels } from "../kernels/metrics.ts";
import { standardizeKernel } from "../kernels/standardize.ts";
import { qapCost } from "../qap/objective.ts";
import type { QapProblem } from "../qap/problem.ts";

/** Concept names of the toy (CIFAR-10-like). */
export const TOY_CONCEPTS: readonly string[] = Object.freeze([
  "cat",
  "dog",
  "car",
  "truck",
  "bird",
  "plane",
  "ship",
  "frog",
  "horse",
]);

/** Options of {@link buildToyProblem}. */
export interface ToyOptions {
  /** Number of concepts, 3..9 (default 7). */
  n?: number;
  /** Vector dimension (default 16). */
  dim?: number;
  /** Noise added to get the language vectors (default 0.5, the "hard" regime of the synthetic fixtures). */
  noise?: number;
  /** Seed (default 0). */
  seed?: number;
}

/** Frozen defaults of {@link ToyOptions}. */
export const TOY_DEFAULTS = Object.freeze({ n: 7, dim: 16, noise: 0.5, seed: 0 });

/** The toy problem and everything the tour shows about it. */
export interface ToyProblem {
  /** Concept names (row i of both sides is concept i). */
  concepts: string[];
  /** n×dim L2-normalised vision vectors. */
  vision: Matrix;
  /** n×dim L2-normalised language vectors. */
  language: Matrix;
  /** Standardised GW (distance) kernel of the vision side. */
  kernelVision: Matrix;
  /** Standardised GW kernel of the language side. */
  kernelLanguage: Matrix;
  /** The GW QAP: J(p) = Σ_ik (K_V[i,k] − K_L[p_i,p_k])². */
  problem: QapProblem;
  /** The true matching (identity: concept i ↦ concept i). */
  truth: Int32Array;
  /** Options used. */
  options: Required<ToyOptions>;
}

function normalizedRows(data: Float64Array, n: number, dim: number): Matrix {
  for (let i = 0; i < n; i++) {
    let ss = 0;
    for (let d = 0; d < dim; d++) ss += data[i * dim + d] ** 2;
    const inv = 1 / Math.max(Math.sqrt(ss), 1e-12);
    for (let d = 0; d < dim; d++) data[i * dim + d] *= inv;
  }
  return { rows: n, cols: dim, data };
}

/** Builds the toy problem (deterministic in its options). */
export function buildToyProblem(options: ToyOptions = {}): ToyProblem {
  const fn = "buildToyProblem";
  checkKnownKeys(options, Object.keys(TOY_DEFAULTS), fn);
  const o = {
    ...TOY_DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  } as Required<ToyOptions>;
  checkInteger(o.n, fn, "n", 3, TOY_CONCEPTS.length);
  checkInteger(o.dim, fn, "dim", 2);
  checkType(typeof o.noise === "number", fn, `noise must be a number, got ${typeof o.noise}`);
  checkRange(o.noise >= 0 && Number.isFinite(o.noise), fn, `noise must be finite and ≥ 0, got ${o.noise}`);
  const rng = new Rng(o.seed);
  const { n, dim } = o;
  const x = new Float64Array(n * dim), y = new Float64Array(n * dim);
  for (let t = 0; t < n * dim; t++) x[t] = rng.normal();
  for (let t = 0; t < n * dim; t++) y[t] = x[t] + o.noise * rng.normal();
  const vision = normalizedRows(x, n, dim), language = normalizedRows(y, n, dim);
  const kernelVision = standardizeKernel(euclideanKernel(vision));
  const kernelLanguage = standardizeKernel(euclideanKernel(language));
  const problem = qapFromKernels(kernelVision, kernelLanguage, "gw", { dataset: "tour-toy", seed: o.seed });
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) truth[i] = i;
  return {
    concepts: TOY_CONCEPTS.slice(0, n),
    vision,
    language,
    kernelVision,
    kernelLanguage,
    problem,
    truth,
    options: o,
  };
}

/** Every permutation's cost (Heap's algorithm order), the optimum and where the truth ranks. */
export interface CostLandscape {
  /** J(p) for all n! permutations. */
  costs: Float64Array;
  /** A permutation with the smallest cost. */
  best: Int32Array;
  /** Smallest cost. */
  bestCost: number;
  /** Cost of `truth` (if given). */
  truthCost: number | null;
  /** Number of permutations strictly cheaper than `truth` (0: the truth is optimal). */
  truthRank: number | null;
}

/** Enumerates all n! permutations (n ≤ 9) — the brute force the tour explains; `truth` is ranked among them. */
export function costLandscape(problem: QapProblem, truth?: ArrayLike<number>): CostLandscape {
  const fn = "costLandscape";
  checkRange(problem.n <= 9, fn, `n must be ≤ 9 for full enumeration, got ${problem.n}`);
  const n = problem.n;
  let total = 1;
  for (let k = 2; k <= n; k++) total *= k;
  const costs = new Float64Array(total);
  let best = new Int32Array(n), bestCost = Infinity, t = 0;
  forEachPermutation(n, (p) => {
    const cost = qapCost(problem, p);
    costs[t++] = cost;
    if (cost < bestCost) (bestCost = cost, best = p.slice());
  });
  let truthCost: number | null = null, truthRank: number | null = null;
  if (truth !== undefined) {
    truthCost = qapCost(problem, truth);
    const tol = 1e-9 * Math.max(1, Math.abs(truthCost));
    truthRank = 0;
    for (let k = 0; k < total; k++) if (costs[k] < truthCost - tol) truthRank++;
  }
  return { costs, best, bestCost, truthCost, truthRank };
}

/** The language kernel seen through a matching: entry [i,k] = K_L[p_i, p_k], directly comparable with K_V[i,k]. */
export function alignKernel(kernelLanguage: Matrix, permutation: ArrayLike<number>): Matrix {
  const n = kernelLanguage.rows;
  checkRange(permutation.length === n, "alignKernel", `permutation must have length ${n}, got ${permutation.length}`);
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) data[i * n + k] = kernelLanguage.data[permutation[i] * n + permutation[k]];
  }
  return { rows: n, cols: n, data };
}

/** One row per vision concept: which language concept it was matched to and whether that is its true partner. */
export function matchingRows(
  concepts: readonly string[],
  permutation: ArrayLike<number>,
  truth: ArrayLike<number>,
): { vision: string; language: string; correct: boolean }[] {
  checkRange(
    concepts.length === permutation.length && permutation.length === truth.length,
    "matchingRows",
    `concepts, permutation and truth must have equal lengths, got ${concepts.length}, ${permutation.length}, ${truth.length}`,
  );
  return Array.from({ length: concepts.length }, (_, i) => ({
    vision: concepts[i],
    language: concepts[permutation[i]],
    correct: permutation[i] === truth[i],
  }));
}
