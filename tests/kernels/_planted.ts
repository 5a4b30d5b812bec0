/** Planted vision/language pairs for kernel and pipeline tests (test-only helper). */
import type { Matrix } from "../../lib/core/matrix.ts";
import { Rng } from "../../lib/core/rng.ts";
import { normalizeRows } from "../../lib/embeddings/embedding_set.ts";

/**
 * n random unit vectors (dim d) and a "language" copy whose features are permuted (dot products, distances and
 * per-vector std unchanged, so every kernel is identical) plus optional noise.
 */
export function plantedPair(n: number, d: number, seed: number, noise = 0): { vision: Matrix; language: Matrix } {
  const rng = new Rng(seed);
  const v = new Float64Array(n * d);
  for (let i = 0; i < v.length; i++) v[i] = rng.normal();
  const vision = normalizeRows({ rows: n, cols: d, data: v });
  const perm = rng.permutation(d);
  const l = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) l[i * d + perm[t]] = vision.data[i * d + t] + noise * rng.normal();
  }
  return { vision, language: normalizeRows({ rows: n, cols: d, data: l }) };
}

/** All permutations of 0..n−1 (n ≤ 8). */
export function allPermutations(n: number): Int32Array[] {
  const out: Int32Array[] = [];
  const p = Int32Array.from({ length: n }, (_, i) => i);
  const rec = (k: number) => {
    if (k === n) return void out.push(p.slice());
    for (let i = k; i < n; i++) {
      [p[k], p[i]] = [p[i], p[k]];
      rec(k + 1);
      [p[k], p[i]] = [p[i], p[k]];
    }
  };
  rec(0);
  return out;
}
