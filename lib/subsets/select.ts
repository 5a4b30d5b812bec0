/**
 * Entry point of optimal subset selection (docs/method.md, "Subsets and unsupervised classification"): exact branch
 * and bound for small L, local search otherwise; HiGHS's exact binary QP (highs.ts) on request, or HiGHS first with
 * the local search as the fallback when it cannot prove ("highs-else-local-search"). Every result says where its
 * subsets come from ({@link subsetProvenance}), so no table calls local-search subsets "optimal".
 *
 * Why the local search stays the default for large L (measured on the shipped ImageNet-100 embeddings, L = 100,
 * s = 10–40, best subset): HiGHS never found a better subset than the greedy + swap search (it returned the same
 * one), and it proved none within 20–60 s — its linearised LP bound stays far below the optimum (s = 10: 1.13 against
 * 21.31 after 30 s), so the no-good-cut pool of 10 would cost 10 full time limits per size for no gain. The local
 * search takes ~0.02 s per size.
 * @module
 */
import { checkInteger, checkKnownKeys, checkRange } from "../core/errors.ts";
import type { Matrix } from "../core/matrix.ts";
import { exactSubsets } from "./exact.ts";
import { highsSubsets } from "./highs.ts";
import { localSearchSubsets } from "./local_search.ts";
import { checkSubsetArgs, type Subset, subsetCostFromVectors, subsetCount } from "./subset_problem.ts";

/** Options of {@link selectSubsets}. */
export interface SelectSubsetsOptions {
  /** How many best distinct subsets to return; default 1 (the paper keeps Gurobi's pool of 10). */
  best?: number;
  /**
   * "exact" (branch and bound), "local-search", "highs" (HiGHS binary QP with no-good cuts, proven when it finishes
   * within `timeLimit` / `nodeLimit`), "highs-else-local-search" (HiGHS's subsets when every solve is proven, else the
   * local search's) or "auto" (exact when L ≤ exactMaxClasses, else local search); default "auto".
   */
  method?: SubsetMethod;
  /** Largest L solved exactly by "auto"; default 20. */
  exactMaxClasses?: number;
  /** Random restarts of the local search; default 50. */
  restarts?: number;
  /** Seed of the local search (and of HiGHS); default 0. */
  seed?: number;
  /** Seconds per HiGHS solve (the HiGHS methods: one solve per subset); default 60. */
  timeLimit?: number;
  /** Branch-and-bound nodes per HiGHS solve, a machine-independent budget (Infinity: none); default Infinity. */
  nodeLimit?: number;
}

/** Methods of {@link selectSubsets}. */
export type SubsetMethod = "auto" | "exact" | "local-search" | "highs" | "highs-else-local-search";

const METHODS: readonly SubsetMethod[] = ["auto", "exact", "local-search", "highs", "highs-else-local-search"];

/** Defaults of {@link SelectSubsetsOptions}. */
export const SELECT_SUBSETS_DEFAULTS = Object.freeze({
  best: 1,
  method: "auto" as const,
  exactMaxClasses: 20,
  restarts: 50,
  seed: 0,
  timeLimit: 60,
  nodeLimit: Infinity,
});

/** Result of {@link selectSubsets}. */
export interface SelectSubsetsResult {
  /** Best subsets first. */
  subsets: Subset[];
  /** True when the subsets are proven to be the best ones (exact method, every HiGHS solve proven, or size = L). */
  exact: boolean;
  /** The method whose subsets these are ("local-search" also when HiGHS ran first and could not prove). */
  method: "exact" | "local-search" | "highs" | "all";
  /** HiGHS solves that ran and how many of them proved (null when HiGHS did not run). */
  highs: { solves: number; proven: number } | null;
}

/**
 * Where a result's subsets come from, for tables and titles: "all classes", "optimal (exact)", "optimal (HiGHS,
 * proven)", "HiGHS (not proven)" or "local search".
 */
export function subsetProvenance(result: Pick<SelectSubsetsResult, "method" | "exact">): string {
  if (result.method === "all") return "all classes";
  if (result.method === "exact") return "optimal (exact)";
  if (result.method === "highs") return result.exact ? "optimal (HiGHS, proven)" : "HiGHS (not proven)";
  return "local search";
}

/** The best subsets of `size` classes for the pair-cost matrix `q` (see {@link subsetCostFromVectors}). */
export function selectSubsets(q: Matrix, size: number, options: SelectSubsetsOptions = {}): SelectSubsetsResult {
  const fn = "selectSubsets";
  checkKnownKeys(options, Object.keys(SELECT_SUBSETS_DEFAULTS), fn);
  const n = checkSubsetArgs(q, size, fn);
  const o = {
    ...SELECT_SUBSETS_DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  };
  checkRange(METHODS.includes(o.method), fn, `method must be one of ${METHODS.join(", ")}, got '${o.method}'`);
  checkInteger(o.exactMaxClasses, fn, "exactMaxClasses", 1);
  if (size === n) {
    const all = Int32Array.from({ length: n }, (_, i) => i);
    let objective = 0;
    for (const x of q.data) objective += x;
    return { subsets: [{ indices: all, objective }], exact: true, method: "all", highs: null };
  }
  const chosen = o.method as SelectSubsetsOptions["method"];
  const method = chosen === "auto" || chosen === undefined
    ? (n <= o.exactMaxClasses ? "exact" : "local-search")
    : chosen;
  if (method === "exact") return { subsets: exactSubsets(q, size, o.best), exact: true, method, highs: null };
  let highs: SelectSubsetsResult["highs"] = null;
  if (method === "highs" || method === "highs-else-local-search") {
    const fallback = method === "highs-else-local-search";
    const found = highsSubsets(q, size, {
      best: o.best,
      timeLimit: o.timeLimit,
      nodeLimit: o.nodeLimit,
      seed: o.seed,
      restarts: o.restarts,
      stopWhenUnproven: fallback,
    });
    const proven = found.filter((s) => s.proven).length;
    highs = { solves: found.length, proven };
    const exact = found.length > 0 && proven === found.length;
    if (!fallback || (exact && found.length === Math.min(o.best, subsetCount(n, size)))) {
      return {
        subsets: found.map(({ indices, objective }) => ({ indices, objective })),
        exact,
        method: "highs",
        highs,
      };
    }
  }
  return {
    subsets: localSearchSubsets(q, size, { best: o.best, restarts: o.restarts, seed: o.seed }),
    exact: false,
    method: "local-search",
    highs,
  };
}

/** {@link selectSubsets} on class vectors (GW kernels standardised over all classes). */
export function optimalSubsets(
  visionClassVectors: Matrix,
  languageClassVectors: Matrix,
  size: number,
  options: SelectSubsetsOptions = {},
): SelectSubsetsResult {
  return selectSubsets(subsetCostFromVectors(visionClassVectors, languageClassVectors), size, options);
}
