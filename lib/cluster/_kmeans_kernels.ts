/**
 * Inner loops of k-means over flat Float64Array rows (internal): dot products, greedy k-means++ seeding, centre
 * distances for Elkan's bounds, empty-cluster relocation and inertia. Distances use ‖x‖² − 2x·c + ‖c‖² with precomputed norms, several centres per pass.
 * @module
 */
import type { Rng } from "../core/rng.ts";

/** Σ_t a[ao + t]·b[bo + t] over d entries (4 partial sums). */
export function dotRows(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let t = 0;
  for (; t + 3 < d; t += 4) {
    s0 += a[ao + t] * b[bo + t];
    s1 += a[ao + t + 1] * b[bo + t + 1];
    s2 += a[ao + t + 2] * b[bo + t + 2];
    s3 += a[ao + t + 3] * b[bo + t + 3];
  }
  for (; t < d; t++) s0 += a[ao + t] * b[bo + t];
  return (s0 + s1) + (s2 + s3);
}

/**
 * Greedy k-means++ (scikit-learn `_kmeans_plusplus`): first centre uniform, then per centre 2 + ⌊ln k⌋ candidates
 * drawn ∝ squared distance to the closest chosen centre, keeping the one that most lowers the potential.
 * Writes k × d centres into `centers`, the nearest chosen centre of every point into `labels`, its distance into
 * `upper` and the distance to every centre into `lower` (n × k, exact Elkan bounds), all from the distances the
 * seeding computes anyway. `closest` (n) and `candidates` (n × (2 + ⌊ln k⌋)) are scratch.
 */
export function initPlusPlus(
  x: Float64Array,
  xNorm: Float64Array,
  n: number,
  d: number,
  k: number,
  rng: Rng,
  centers: Float64Array,
  closest: Float64Array,
  candidates: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): void {
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  centers.set(x.subarray(first * d, first * d + d), 0);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    const v = xNorm[i] - 2 * dotRows(x, i * d, x, first * d, d) + xNorm[first];
    closest[i] = v > 0 ? v : 0;
    potential += closest[i];
    labels[i] = 0;
    lower[i * k] = Math.sqrt(closest[i]);
  }
  const draws = new Float64Array(trials);
  const ids = new Int32Array(trials);
  const pots = new Float64Array(trials);
  const order = new Int32Array(trials);
  for (let c = 1; c < k; c++) {
    // candidate ids: searchsorted(cumsum(closest), u·potential), clipped to n − 1
    for (let j = 0; j < trials; j++) {
      draws[j] = rng.uniform() * potential;
      order[j] = j;
    }
    order.sort((p, q) => draws[p] - draws[q]);
    let cum = 0, i = 0;
    for (let r = 0; r < trials; r++) {
      const target = draws[order[r]];
      while (i < n && cum + closest[i] < target) {
        cum += closest[i];
        i++;
      }
      ids[order[r]] = i < n ? i : n - 1;
    }
    // squared distances of every point to each candidate, up to 4 candidates per pass over x
    let bestTrial = 0, bestPot = Infinity;
    for (let j0 = 0; j0 < trials; j0 += 4) {
      candidateDistances(x, xNorm, n, d, ids, j0, Math.min(4, trials - j0), candidates);
    }
    for (let j = 0; j < trials; j++) {
      let pot = 0;
      const off = j * n;
      for (let p = 0; p < n; p++) {
        const v = candidates[off + p];
        pot += v < closest[p] ? v : closest[p];
      }
      pots[j] = pot;
      if (pot < bestPot) {
        bestPot = pot;
        bestTrial = j;
      }
    }
    const bestCandidate = ids[bestTrial], winnerOffset = bestTrial * n;
    for (let p = 0; p < n; p++) {
      const v = candidates[winnerOffset + p];
      lower[p * k + c] = Math.sqrt(v);
      if (v < closest[p]) {
        closest[p] = v;
        labels[p] = c;
      }
    }
    potential = bestPot;
    centers.set(x.subarray(bestCandidate * d, bestCandidate * d + d), c * d);
  }
  for (let p = 0; p < n; p++) upper[p] = Math.sqrt(closest[p]);
}

/** out[(j0 + j)·n + p] = ‖x_p − x_{ids[j0+j]}‖² for j < m (m ≤ 4), one pass over x. */
function candidateDistances(
  x: Float64Array,
  xNorm: Float64Array,
  n: number,
  d: number,
  ids: Int32Array,
  j0: number,
  m: number,
  out: Float64Array,
): void {
  const o0 = ids[j0] * d;
  const o1 = ids[j0 + Math.min(1, m - 1)] * d;
  const o2 = ids[j0 + Math.min(2, m - 1)] * d;
  const o3 = ids[j0 + Math.min(3, m - 1)] * d;
  const n0 = xNorm[ids[j0]], n1 = xNorm[o1 / d], n2 = xNorm[o2 / d], n3 = xNorm[o3 / d];
  for (let p = 0; p < n; p++) {
    const xo = p * d;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let t = 0; t < d; t++) {
      const v = x[xo + t];
      s0 += v * x[o0 + t];
      s1 += v * x[o1 + t];
      s2 += v * x[o2 + t];
      s3 += v * x[o3 + t];
    }
    const xp = xNorm[p];
    const v0 = xp - 2 * s0 + n0, v1 = xp - 2 * s1 + n1, v2 = xp - 2 * s2 + n2, v3 = xp - 2 * s3 + n3;
    const base = j0 * n + p;
    out[base] = v0 > 0 ? v0 : 0;
    if (m > 1) out[base + n] = v1 > 0 ? v1 : 0;
    if (m > 2) out[base + 2 * n] = v2 > 0 ? v2 : 0;
    if (m > 3) out[base + 3 * n] = v3 > 0 ? v3 : 0;
  }
}

/** ‖x_i − c‖ via ‖x‖² − 2x·c + ‖c‖² (clamped at 0). */
export function distance(
  x: Float64Array,
  xNorm: Float64Array,
  i: number,
  centers: Float64Array,
  cNorm: Float64Array,
  c: number,
  d: number,
): number {
  const v = xNorm[i] - 2 * dotRows(x, i * d, centers, c * d, d) + cNorm[c];
  return v > 0 ? Math.sqrt(v) : 0;
}

/** out[c] = ‖c‖² for every centre. */
export function centerNorms(centers: Float64Array, k: number, d: number, out: Float64Array): void {
  for (let c = 0; c < k; c++) out[c] = dotRows(centers, c * d, centers, c * d, d);
}

/** between[a·k + b] = ½ ‖c_a − c_b‖ and half[a] = min_{b ≠ a} between[a·k + b]. */
export function centerDistances(
  centers: Float64Array,
  k: number,
  d: number,
  between: Float64Array,
  half: Float64Array,
): void {
  half.fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = centers[a * d + t] - centers[b * d + t];
        s += diff * diff;
      }
      const h = 0.5 * Math.sqrt(s);
      between[a * k + b] = h;
      between[b * k + a] = h;
      if (h < half[a]) half[a] = h;
      if (h < half[b]) half[b] = h;
    }
  }
}

/** Cluster sums and counts from scratch for the given labels. */
export function recomputeSums(
  x: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  counts: Float64Array,
  sums: Float64Array,
): void {
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    counts[c]++;
    for (let t = 0; t < d; t++) sums[c * d + t] += x[i * d + t];
  }
}

/**
 * scikit-learn's `_relocate_empty_clusters`: the points farthest from their centres (by their upper bounds) become the centres of empty clusters, and are taken out of their old cluster's mean.
 */
export function relocateEmpty(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  labels: Int32Array,
  distance: Float64Array,
  lower: Float64Array,
  counts: Float64Array,
  sums: Float64Array,
  next: Float64Array,
): void {
  const empty: number[] = [];
  for (let c = 0; c < k; c++) if (counts[c] === 0) empty.push(c);
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => distance[q] - distance[p] || p - q);
  for (let e = 0; e < empty.length; e++) {
    const far = order[e], old = labels[far], target = empty[e];
    for (let t = 0; t < d; t++) next[target * d + t] = x[far * d + t];
    if (counts[old] > 1) {
      for (let t = 0; t < d; t++) next[old * d + t] = (sums[old * d + t] - x[far * d + t]) / (counts[old] - 1);
    }
    labels[far] = target;
    distance[far] = 0;
    lower.fill(0, far * k, far * k + k);
  }
  recomputeSums(x, n, d, labels, counts, sums);
}

/** Σ_i ‖x_i − c_label(i)‖² by explicit differences. */
export function computeInertia(
  x: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  labels: Int32Array,
): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const src = i * d, row = labels[i] * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = x[src + t] - centers[row + t];
      s += diff * diff;
    }
    total += s;
  }
  return total;
}
