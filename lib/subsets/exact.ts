/**
 * Exact k-best subset selection by depth-first branch and bound (for small L): elements are added in increasing
 * index order; a branch is cut when its partial objective plus a lower bound on the remaining additions cannot beat
 * the k-th best subset found so far.
 * @module
 */
import { checkInteger } from "../core/errors.ts";
import type { Matrix } from "../core/matrix.ts";
import { checkSubsetArgs, type Subset, SubsetPool, symmetricPairCosts } from "./subset_problem.ts";

/**
 * The `best` subsets of `size` elements with the smallest Σ_{i,k∈S} Q[i,k], exactly (ties broken by lexicographic
 * order of discovery). Exponential in the worst case: use for L ≲ 30.
 */
export function exactSubsets(q: Matrix, size: number, best = 1): Subset[] {
  const fn = "exactSubsets";
  const n = checkSubsetArgs(q, size, fn);
  checkInteger(best, fn, "best", 1);
  const d = symmetricPairCosts(q); // the gains below assume Q = Qᵀ
  let minOff = Infinity;
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) if (i !== k && d[i * n + k] < minOff) minOff = d[i * n + k];
  if (!Number.isFinite(minOff)) minOff = 0;
  const pool = new SubsetPool(best);
  const chosen = new Int32Array(size);
  const gain = new Float64Array(n * (size + 1)); // gain[level·n + v] = Q[v,v] + 2 Σ_{j chosen} Q[j,v]
  for (let v = 0; v < n; v++) gain[v] = d[v * n + v];
  const scratch = new Float64Array(n);

  const search = (level: number, start: number, partial: number): void => {
    if (level === size) {
      pool.offer(chosen, partial);
      return;
    }
    const remaining = size - level;
    const base = level * n;
    for (let v = start; v <= n - remaining; v++) {
      // lower bound: partial + cheapest `remaining` gains among candidates ≥ v (+ pairs among them ≥ minOff)
      let m = 0;
      for (let w = v; w < n; w++) scratch[m++] = gain[base + w];
      const tail = scratch.subarray(0, m).sort();
      let bound = partial + remaining * (remaining - 1) * minOff;
      for (let r = 0; r < remaining; r++) bound += tail[r];
      if (bound >= pool.threshold()) return; // candidates only shrink as v grows: no later v can do better
      chosen[level] = v;
      const next = base + n;
      for (let w = 0; w < n; w++) gain[next + w] = gain[base + w] + 2 * d[v * n + w];
      search(level + 1, v + 1, partial + gain[base + v]);
    }
  };
  search(0, 0, 0);
  return pool.items;
}
