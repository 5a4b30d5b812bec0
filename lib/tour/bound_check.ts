/**
 * Why the Hahn–Grant lower bound is valid, checked numerically (docs/method.md, "Bound identity"): after the leader
 * step and after every complete subproblem sweep, for every permutation p
 *   J(p) = LB + Σ_i Λ[i, p_i] + Σ_{i<k} R_{i,p_i}(k, p_k),
 * and all leaders Λ and reduced pair costs R stay ≥ 0 — so J(p) ≥ LB for every p, i.e. LB ≤ optimum.
 * @module
 */
import { checkInteger, checkKnownKeys } from "../core/errors.ts";
import { Rng } from "../core/rng.ts";
import { qapCost } from "../qap/objective.ts";
import type { QapProblem } from "../qap/problem.ts";
import { solveQap } from "../qap/registry.ts";
import type { SolveResult } from "../qap/result.ts";

/** One checkpoint of the dual ascent. */
export interface BoundCheckRow {
  /** Outer iteration (1-based). */
  iteration: number;
  /** "leader" (after the leader LAP) or "sweep" (after all subproblem LAPs). */
  phase: string;
  /** Lower bound LB at this point. */
  lowerBound: number;
  /** Smallest leader Λ[i,j] (≥ 0 up to rounding). */
  minLeader: number;
  /** Smallest reduced pair cost R (≥ 0 up to rounding). */
  minPairCost: number;
  /** Largest |J(p) − (LB + Σ Λ + Σ R)| over the sampled permutations (≈ 0: the identity holds). */
  maxIdentityError: number;
  /** Smallest J(p) − LB over the sampled permutations (≥ 0: the bound is below every sampled cost). */
  minSlack: number;
}

/** Options of {@link checkBoundIdentity}. */
export interface BoundCheckOptions {
  /** Random permutations checked at every checkpoint (default 20). */
  samples?: number;
  /** Seed of the sampled permutations (default 0). */
  seed?: number;
  /** Options passed to the FHG solver (e.g. `{ primalHeuristic: false }`). */
  solver?: Record<string, unknown>;
}

/** Frozen defaults of {@link BoundCheckOptions}. */
export const BOUND_CHECK_DEFAULTS = Object.freeze({ samples: 20, seed: 0 });

/** Runs FHG on `problem` with its `onSweep` hook and records the bound identity at every checkpoint. */
export function checkBoundIdentity(
  problem: QapProblem,
  options: BoundCheckOptions = {},
): { rows: BoundCheckRow[]; result: SolveResult } {
  const fn = "checkBoundIdentity";
  checkKnownKeys(options, ["samples", "seed", "solver"], fn);
  const samples = checkInteger(options.samples ?? BOUND_CHECK_DEFAULTS.samples, fn, "samples", 1);
  const rng = new Rng(options.seed ?? BOUND_CHECK_DEFAULTS.seed);
  const n = problem.n;
  const perms = Array.from({ length: samples }, () => rng.permutation(n));
  const costs = perms.map((p) => qapCost(problem, p));
  const rows: BoundCheckRow[] = [];
  const result = solveQap(problem, {
    method: "fhg",
    ...(options.solver ?? {}),
    onSweep: (s: {
      phase: string;
      iteration: number;
      lowerBound: number;
      leader(i: number, j: number): number;
      pairCost(i: number, j: number, k: number, l: number): number;
    }) => {
      let minLeader = Infinity, minPairCost = Infinity;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          minLeader = Math.min(minLeader, s.leader(i, j));
          for (let k = i + 1; k < n; k++) {
            for (let l = 0; l < n; l++) if (l !== j) minPairCost = Math.min(minPairCost, s.pairCost(i, j, k, l));
          }
        }
      }
      let maxIdentityError = 0, minSlack = Infinity;
      perms.forEach((p, t) => {
        let total = s.lowerBound;
        for (let i = 0; i < n; i++) {
          total += s.leader(i, p[i]);
          for (let k = i + 1; k < n; k++) total += s.pairCost(i, p[i], k, p[k]);
        }
        maxIdentityError = Math.max(maxIdentityError, Math.abs(costs[t] - total));
        minSlack = Math.min(minSlack, costs[t] - s.lowerBound);
      });
      rows.push({
        iteration: s.iteration,
        phase: s.phase,
        lowerBound: s.lowerBound,
        minLeader,
        minPairCost,
        maxIdentityError,
        minSlack,
      });
    },
  });
  return { rows, result };
}
