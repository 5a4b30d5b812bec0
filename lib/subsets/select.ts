/**
 * Entry point of optimal subset selection (spec §3): exact branch and bound for small L, local search otherwise.
 * @module
 */
import { checkInteger, checkKnownKeys, checkRange } from "../core/errors.ts";
import type { Matrix } from "../core/matrix.ts";
import { exactSubsets } from "./exact.ts";
import { localSearchSubsets } from "./local_search.ts";
import { checkSubsetArgs, type Subset, subsetCostFromVectors } from "./subset_problem.ts";

/** Options of {@link selectSubsets}. */
export interface SelectSubsetsOptions {
  /** How many best distinct subsets to return; default 1 (the paper keeps Gurobi's pool of 10). */
  best?: number;
  /** "exact", "local-search" or "auto" (exact when L ≤ exactMaxClasses); default "auto". */
  method?: "auto" | "exact" | "local-search";
  /** Largest L solved exactly by "auto"; default 20. */
  exactMaxClasses?: number;
  /** Random restarts of the local search; default 50. */
  restarts?: number;
  /** Seed of the local search; default 0. */
  seed?: number;
}

/** Defaults of {@link SelectSubsetsOptions}. */
export const SELECT_SUBSETS_DEFAULTS = Object.freeze({
  best: 1,
  method: "auto" as const,
  exactMaxClasses: 20,
  restarts: 50,
  seed: 0,
});

/** Result of {@link selectSubsets}. */
export interface SelectSubsetsResult {
  /** Best subsets first. */
  subsets: Subset[];
  /** True when the subsets are proven to be the best ones (exact method or size = L). */
  exact: boolean;
  /** The method that ran. */
  method: "exact" | "local-search" | "all";
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
  checkRange(
    ["auto", "exact", "local-search"].includes(o.method),
    fn,
    `method must be auto, exact or local-search, got '${o.method}'`,
  );
  checkInteger(o.exactMaxClasses, fn, "exactMaxClasses", 1);
  if (size === n) {
    const all = Int32Array.from({ length: n }, (_, i) => i);
    let objective = 0;
    for (const x of q.data) objective += x;
    return { subsets: [{ indices: all, objective }], exact: true, method: "all" };
  }
  const method = o.method === "auto" ? (n <= o.exactMaxClasses ? "exact" : "local-search") : o.method;
  if (method === "exact") return { subsets: exactSubsets(q, size, o.best), exact: true, method };
  return {
    subsets: localSearchSubsets(q, size, { best: o.best, restarts: o.restarts, seed: o.seed }),
    exact: false,
    method,
  };
}

/** {@link selectSubsets} on class vectors (GW kernels standardised over all classes, spec §3 steps 1–4). */
export function optimalSubsets(
  visionClassVectors: Matrix,
  languageClassVectors: Matrix,
  size: number,
  options: SelectSubsetsOptions = {},
): SelectSubsetsResult {
  return selectSubsets(subsetCostFromVectors(visionClassVectors, languageClassVectors), size, options);
}
