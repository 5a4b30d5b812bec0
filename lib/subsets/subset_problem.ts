/**
 * Optimal matching problems (docs/method.md, "Subsets and unsupervised classification"): choose s of L classes whose
 * ground-truth (identity) matching is the least distorted, i.e. minimise Σ_{i,k∈S} Q[i,k] with Q = c + cᵀ and c[i,k] =
 * (K_V[i,k] − K_L[i,k])² on GW kernels standardised over all L classes — a p-dispersion-sum-type binary quadratic
 * problem.
 * @module
 */
import { checkRange } from "../core/errors.ts";
import { checkMatrix, type Matrix } from "../core/matrix.ts";
import { euclideanKernel } from "../kernels/euclidean.ts";
import { checkKernelPair } from "../kernels/metrics.ts";
import { standardizeKernel } from "../kernels/standardize.ts";

/** One selected subset. */
export interface Subset {
  /** Selected class indices, ascending. */
  indices: Int32Array;
  /** Σ_{i,k ∈ subset} Q[i,k]. */
  objective: number;
}

/** Q = c + cᵀ with c[i,k] = (K_V[i,k] − K_L[i,k])² (identity-matching loss per pair). */
export function subsetCostMatrix(kernelVision: Matrix, kernelLanguage: Matrix): Matrix {
  const n = checkKernelPair(kernelVision, kernelLanguage, "subsetCostMatrix");
  const kv = kernelVision.data, kl = kernelLanguage.data;
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const a = kv[i * n + k] - kl[i * n + k], b = kv[k * n + i] - kl[k * n + i];
      q[i * n + k] = a * a + b * b;
    }
  }
  return { rows: n, cols: n, data: q };
}

/**
 * Q from class vectors: GW kernels of both sides, each standardised over all classes, then {@link subsetCostMatrix}.
 */
export function subsetCostFromVectors(visionClassVectors: Matrix, languageClassVectors: Matrix): Matrix {
  checkRange(
    visionClassVectors.rows === languageClassVectors.rows,
    "subsetCostFromVectors",
    `both sides need the same number of classes, got ${visionClassVectors.rows} and ${languageClassVectors.rows}`,
  );
  return subsetCostMatrix(
    standardizeKernel(euclideanKernel(visionClassVectors)),
    standardizeKernel(euclideanKernel(languageClassVectors)),
  );
}

/** Σ_{i,k ∈ indices} Q[i,k]. */
export function subsetObjective(q: Matrix, indices: ArrayLike<number>): number {
  const n = q.rows;
  let total = 0;
  for (let a = 0; a < indices.length; a++) {
    const row = indices[a] * n;
    for (let b = 0; b < indices.length; b++) total += q.data[row + indices[b]];
  }
  return total;
}

/** C(n, size), the number of distinct subsets of `size` elements (a float, rounded; exact below 2⁵³). */
export function subsetCount(n: number, size: number): number {
  let total = 1;
  for (let t = 0; t < Math.min(size, n - size); t++) total = (total * (n - t)) / (t + 1);
  return Math.round(total);
}

/** Validates Q (square, finite) and the subset size; returns L. */
export function checkSubsetArgs(q: Matrix, size: number, fn: string): number {
  checkMatrix(q, fn, "q");
  const n = q.rows;
  checkRange(q.cols === n, fn, `q must be square, got ${n}×${q.cols}`);
  checkRange(Number.isInteger(size) && size >= 1 && size <= n, fn, `size must be an integer in [1, ${n}], got ${size}`);
  return n;
}

/** A bounded pool of the best distinct subsets (sorted ascending by objective, ties by indices). */
export class SubsetPool {
  readonly items: Subset[] = [];
  readonly #keys = new Set<string>();
  constructor(readonly capacity: number) {}
  /** Objective a new subset must beat to enter a full pool (Infinity while not full). */
  threshold(): number {
    return this.items.length < this.capacity ? Infinity : this.items[this.items.length - 1].objective;
  }
  /** Adds a (copied, sorted) subset if it is new and good enough. */
  offer(indices: ArrayLike<number>, objective: number): void {
    if (objective >= this.threshold() && this.items.length >= this.capacity) return;
    const sorted = Int32Array.from(indices).sort();
    const key = sorted.join(",");
    if (this.#keys.has(key)) return;
    this.#keys.add(key);
    let at = this.items.length;
    while (at > 0 && this.items[at - 1].objective > objective) at--;
    this.items.splice(at, 0, { indices: sorted, objective });
    if (this.items.length > this.capacity) {
      const dropped = this.items.pop()!;
      this.#keys.delete(dropped.indices.join(","));
    }
  }
}

/**
 * The data of (Q + Qᵀ)/2 (Q's own data when Q is symmetric): Σ_{i,k∈S} Q[i,k] is the same for both, and the
 * incremental searches assume symmetry.
 */
export function symmetricPairCosts(q: Matrix): Float64Array {
  const n = q.rows, d = q.data;
  let symmetric = true;
  for (let i = 0; i < n && symmetric; i++) {
    for (let k = i + 1; k < n; k++) {
      if (d[i * n + k] !== d[k * n + i]) {
        symmetric = false;
        break;
      }
    }
  }
  if (symmetric) return d;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) out[i * n + k] = (d[i * n + k] + d[k * n + i]) / 2;
  return out;
}
