/**
 * Heuristic k-best subset selection for large L (L = 100): greedy construction and random starts, each improved by
 * best-improvement 1-swap local search; the pool collects every local optimum and its 1-swap neighbours, so it holds
 * the best distinct subsets found (a stand-in for Gurobi's solution pool; docs/method.md, "Deviations").
 * @module
 */
import { checkInteger } from "../core/errors.ts";
import type { Matrix } from "../core/matrix.ts";
import { Rng } from "../core/rng.ts";
import { checkSubsetArgs, type Subset, subsetObjective, SubsetPool, symmetricPairCosts } from "./subset_problem.ts";

/** Options of {@link localSearchSubsets}. */
export interface LocalSearchOptions {
  /** Number of subsets returned; default 1. */
  best?: number;
  /** Random restarts besides the greedy starts; default 50. */
  restarts?: number;
  /** Seed of the private generator; default 0. */
  seed?: number;
}

/** Defaults of {@link LocalSearchOptions}. */
export const LOCAL_SEARCH_DEFAULTS = Object.freeze({ best: 1, restarts: 50, seed: 0 });

/** Best distinct subsets found by greedy + swap local search with restarts (no optimality proof). */
export function localSearchSubsets(q: Matrix, size: number, options: LocalSearchOptions = {}): Subset[] {
  const fn = "localSearchSubsets";
  const n = checkSubsetArgs(q, size, fn);
  for (const key of Object.keys(options)) {
    if (!(key in LOCAL_SEARCH_DEFAULTS)) {
      throw new TypeError(`${fn}: unknown option '${key}' (allowed: best, restarts, seed)`);
    }
  }
  const best = checkInteger(options.best ?? LOCAL_SEARCH_DEFAULTS.best, fn, "best", 1);
  const restarts = checkInteger(options.restarts ?? LOCAL_SEARCH_DEFAULTS.restarts, fn, "restarts", 0);
  const rng = new Rng(checkInteger(options.seed ?? LOCAL_SEARCH_DEFAULTS.seed, fn, "seed", 0));
  const pool = new SubsetPool(best);
  const d = symmetricPairCosts(q); // the swap deltas below assume Q = Qᵀ
  const inSet = new Uint8Array(n);
  const g = new Float64Array(n); // g[v] = Σ_{a ∈ S} Q[a, v]
  const members = new Int32Array(size);

  const load = (start: ArrayLike<number>): number => {
    inSet.fill(0);
    g.fill(0);
    for (let t = 0; t < size; t++) {
      const a = start[t];
      members[t] = a;
      inSet[a] = 1;
      for (let v = 0; v < n; v++) g[v] += d[a * n + v];
    }
    return subsetObjective(q, members);
  };
  const improve = (objective: number): number => {
    for (;;) {
      let bestDelta = -1e-12 * Math.max(1, Math.abs(objective)), bu = -1, bv = -1;
      for (let t = 0; t < size; t++) {
        const u = members[t];
        const out = 2 * g[u] - d[u * n + u];
        for (let v = 0; v < n; v++) {
          if (inSet[v]) continue;
          const delta = -out + 2 * (g[v] - d[u * n + v]) + d[v * n + v];
          if (delta < bestDelta) {
            bestDelta = delta;
            bu = t;
            bv = v;
          }
        }
      }
      if (bu < 0) return objective;
      const u = members[bu];
      members[bu] = bv;
      inSet[u] = 0;
      inSet[bv] = 1;
      for (let w = 0; w < n; w++) g[w] += d[bv * n + w] - d[u * n + w];
      objective += bestDelta;
    }
  };
  const harvest = (objective: number): void => {
    pool.offer(members, objective);
    if (best === 1) return;
    const neighbour = new Int32Array(members);
    for (let t = 0; t < size; t++) {
      const u = members[t];
      const out = 2 * g[u] - d[u * n + u];
      for (let v = 0; v < n; v++) {
        if (inSet[v]) continue;
        const value = objective - out + 2 * (g[v] - d[u * n + v]) + d[v * n + v];
        if (value >= pool.threshold()) continue;
        neighbour.set(members);
        neighbour[t] = v;
        pool.offer(neighbour, value);
      }
    }
  };
  const greedyFrom = (first: number): Int32Array => {
    const picked = new Int32Array(size);
    const used = new Uint8Array(n);
    const acc = new Float64Array(n);
    picked[0] = first;
    used[first] = 1;
    for (let v = 0; v < n; v++) acc[v] = d[first * n + v] + d[v * n + first];
    for (let t = 1; t < size; t++) {
      let bv = -1, bc = Infinity;
      for (let v = 0; v < n; v++) if (!used[v] && acc[v] + d[v * n + v] < bc) [bc, bv] = [acc[v] + d[v * n + v], v];
      picked[t] = bv;
      used[bv] = 1;
      for (let v = 0; v < n; v++) acc[v] += d[bv * n + v] + d[v * n + bv];
    }
    return picked;
  };

  // greedy from every first element (L starts), then random starts
  for (let first = 0; first < n; first++) harvest(improve(load(greedyFrom(first))));
  for (let r = 0; r < restarts; r++) harvest(improve(load(rng.permutation(n).subarray(0, size))));
  // objectives recomputed exactly (deltas accumulate rounding)
  return pool.items.map((s) => ({ indices: s.indices, objective: subsetObjective(q, s.indices) }));
}
