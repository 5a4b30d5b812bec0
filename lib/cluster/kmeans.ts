/**
 * k-means on Float64Array rows: k-means++ seeding (greedy, 2 + ⌊ln k⌋ local trials), Lloyd iterations accelerated
 * with Elkan's bounds (same fixed points and labels as plain Lloyd), `nInit` restarts keeping the lowest inertia.
 * Mirrors scikit-learn's `KMeans` (data centred before clustering, tolerance = tol · mean feature variance, stop on
 * unchanged labels or Σ‖centre shift‖² ≤ tolerance, labels always those of the final centres, empty clusters moved to
 * far points).
 * Random numbers come from lib/core/rng.ts, so seeds do not reproduce NumPy's streams.
 * @module
 */
import { checkInteger, checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import { checkMatrix, type Matrix } from "../core/matrix.ts";
import { Rng } from "../core/rng.ts";
import {
  centerDistances,
  centerNorms,
  computeInertia,
  distance,
  dotRows,
  initPlusPlus,
  relocateEmpty,
} from "./_kmeans_kernels.ts";

/** Options of {@link kmeans}. */
export interface KmeansOptions {
  /** Restarts; the run with the lowest inertia wins. Default 10 (the paper's pipeline uses 100). */
  nInit?: number;
  /** Lloyd iterations per restart; default 300. */
  maxIterations?: number;
  /** Relative tolerance: stop when Σ‖shift‖² ≤ tolerance · mean feature variance; default 1e-4. */
  tolerance?: number;
  /** Seed of the private generator; default 0 (the paper uses 42). */
  seed?: number;
  /** Called after each restart with (restart index, its inertia, best inertia so far). */
  onProgress?: (event: { restart: number; inertia: number; bestInertia: number }) => void;
}

/** Defaults of {@link KmeansOptions} (scikit-learn's, except nInit). */
export const KMEANS_DEFAULTS = Object.freeze({ nInit: 10, maxIterations: 300, tolerance: 1e-4, seed: 0 });

/** Result of {@link kmeans}. */
export interface KmeansResult {
  /** k × dim cluster centres (in the input's coordinates). */
  centers: Matrix;
  /** Cluster index of every row. */
  labels: Int32Array;
  /** Σ_i ‖x_i − centre(label_i)‖² of the best restart. */
  inertia: number;
  /** Lloyd iterations of the best restart. */
  iterations: number;
  /** Σ iterations over all restarts. */
  totalIterations: number;
  /** The options used, defaults filled in. */
  options: { nInit: number; maxIterations: number; tolerance: number; seed: number };
}

/**
 * Clusters the rows of `data` into `k` clusters. Never mutates `data`. Throws for k < 1, k > rows, non-finite data.
 */
export function kmeans(data: Matrix, k: number, options: KmeansOptions = {}): KmeansResult {
  const fn = "kmeans";
  checkMatrix(data, fn, "data");
  checkKnownKeys(options, [...Object.keys(KMEANS_DEFAULTS), "onProgress"], fn);
  const n = data.rows, d = data.cols;
  checkInteger(k, fn, "k", 1, Math.max(1, n));
  checkRange(n >= 1 && d >= 1, fn, `data must have at least one row and column, got ${n}×${d}`);
  const opts: Required<Omit<KmeansOptions, "onProgress">> & Pick<KmeansOptions, "onProgress"> = {
    ...KMEANS_DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  };
  checkInteger(opts.nInit, fn, "nInit", 1);
  checkInteger(opts.maxIterations, fn, "maxIterations", 1);
  checkInteger(opts.seed, fn, "seed", 0, Number.MAX_SAFE_INTEGER);
  checkType(
    typeof opts.tolerance === "number" && opts.tolerance >= 0,
    fn,
    `tolerance must be a number ≥ 0, got ${opts.tolerance}`,
  );
  checkType(
    opts.onProgress === undefined || typeof opts.onProgress === "function",
    fn,
    "onProgress must be a function",
  );

  // centre the data (as scikit-learn) for a more accurate ‖x‖² − 2x·c + ‖c‖²
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += data.data[i * d + t];
  for (let t = 0; t < d; t++) mean[t] /= n;
  const x = new Float64Array(n * d);
  let variance = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) {
      const v = data.data[i * d + t] - mean[t];
      x[i * d + t] = v;
      variance += v * v;
    }
  }
  const tol = (variance / (n * d)) * opts.tolerance; // mean of per-feature (biased) variances × tol
  const xNorm = new Float64Array(n);
  for (let i = 0; i < n; i++) xNorm[i] = dotRows(x, i * d, x, i * d, d);

  const rng = new Rng(opts.seed);
  const ws = new LloydWorkspace(n, d, k);
  let best: { centers: Float64Array; labels: Int32Array; inertia: number; iterations: number } | null = null;
  let totalIterations = 0;
  for (let r = 0; r < opts.nInit; r++) {
    initPlusPlus(x, xNorm, n, d, k, rng, ws.centers, ws.closest, ws.candidates, ws.labels, ws.upper, ws.lower);
    const iterations = lloyd(x, xNorm, n, d, k, opts.maxIterations, tol, ws);
    totalIterations += iterations;
    const inertia = computeInertia(x, n, d, ws.centers, ws.labels);
    if (best === null || inertia < best.inertia) {
      best = { centers: ws.centers.slice(), labels: ws.labels.slice(), inertia, iterations };
    }
    opts.onProgress?.({ restart: r, inertia, bestInertia: best.inertia });
  }
  const centers = best!.centers;
  for (let c = 0; c < k; c++) for (let t = 0; t < d; t++) centers[c * d + t] += mean[t];
  return {
    centers: { rows: k, cols: d, data: centers },
    labels: best!.labels,
    inertia: best!.inertia,
    iterations: best!.iterations,
    totalIterations,
    options: { nInit: opts.nInit, maxIterations: opts.maxIterations, tolerance: opts.tolerance, seed: opts.seed },
  };
}

/** Scratch buffers of one restart, allocated once per {@link kmeans} call. */
class LloydWorkspace {
  centers: Float64Array;
  next: Float64Array;
  sums: Float64Array;
  counts: Float64Array;
  cNorm: Float64Array;
  shift: Float64Array;
  half: Float64Array;
  between: Float64Array;
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  closest: Float64Array;
  candidates: Float64Array;
  distances: Float64Array;
  constructor(n: number, d: number, k: number) {
    this.centers = new Float64Array(k * d);
    this.next = new Float64Array(k * d);
    this.sums = new Float64Array(k * d);
    this.counts = new Float64Array(k);
    this.cNorm = new Float64Array(k);
    this.shift = new Float64Array(k);
    this.half = new Float64Array(k);
    this.between = new Float64Array(k * k);
    this.labels = new Int32Array(n);
    this.upper = new Float64Array(n);
    this.lower = new Float64Array(n * k);
    this.closest = new Float64Array(n);
    this.candidates = new Float64Array(n * (2 + Math.floor(Math.log(k))));
    this.distances = new Float64Array(k);
  }
}

/** Lloyd iterations from ws.centers with Elkan bounds; leaves final centres and labels in ws; returns iterations. */
function lloyd(
  x: Float64Array,
  xNorm: Float64Array,
  n: number,
  d: number,
  k: number,
  maxIterations: number,
  tol: number,
  ws: LloydWorkspace,
): number {
  const { labels, upper, lower, counts, sums, shift, half, between, cNorm } = ws;
  let centers = ws.centers, next = ws.next;
  // labels, upper and lower bounds come exact from the k-means++ seeding
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    counts[c]++;
    const src = i * d, dst = c * d;
    for (let t = 0; t < d; t++) sums[dst + t] += x[src + t];
  }
  let iterations = 0;
  for (let it = 0; it < maxIterations; it++) {
    iterations++;
    // M-step: new centres = cluster means; empty clusters take the points farthest from their centres
    let hasEmpty = false;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        hasEmpty = true;
        continue;
      }
      const inv = 1 / counts[c], row = c * d;
      for (let t = 0; t < d; t++) next[row + t] = sums[row + t] * inv;
    }
    if (hasEmpty) relocateEmpty(x, n, d, k, labels, upper, lower, counts, sums, next);
    let shiftTotal = 0;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = next[c * d + t] - centers[c * d + t];
        s += diff * diff;
      }
      shiftTotal += s;
      shift[c] = Math.sqrt(s);
    }
    const swap = centers;
    centers = next;
    next = swap;
    centerNorms(centers, k, d, cNorm);
    centerDistances(centers, k, d, between, half);
    // E-step with Elkan's bounds: upper[i] ≥ ‖x_i − c_label‖, lower[i·k + c] ≤ ‖x_i − c‖
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const old = labels[i], lo = i * k;
      let a = old;
      let u = upper[i] + shift[a];
      for (let c = 0; c < k; c++) {
        const l = lower[lo + c] - shift[c];
        lower[lo + c] = l > 0 ? l : 0;
      }
      if (u <= half[a]) {
        upper[i] = u;
        continue;
      }
      let loose = true;
      for (let c = 0; c < k; c++) {
        if (c === a) continue;
        const z = between[a * k + c];
        if (u <= lower[lo + c] || u <= z) continue;
        if (loose) {
          u = distance(x, xNorm, i, centers, cNorm, a, d);
          lower[lo + a] = u;
          loose = false;
          if (u <= lower[lo + c] || u <= z) continue;
        }
        const dc = distance(x, xNorm, i, centers, cNorm, c, d);
        lower[lo + c] = dc;
        if (dc < u) {
          a = c;
          u = dc;
        }
      }
      upper[i] = u;
      if (a !== old) {
        labels[i] = a;
        changed++;
        counts[old]--;
        counts[a]++;
        const src = i * d, ra = old * d, rb = a * d;
        for (let t = 0; t < d; t++) {
          const v = x[src + t];
          sums[ra + t] -= v;
          sums[rb + t] += v;
        }
      }
    }
    // E-step done: labels are consistent with the centres at every exit (as scikit-learn's final E-step)
    if (changed === 0 && !hasEmpty) break; // strict convergence: the next M-step would reproduce the centres
    if (shiftTotal <= tol) break;
  }
  if (centers !== ws.centers) ws.centers.set(centers); // centers is then ws.next; both buffers stay distinct
  return iterations;
}
