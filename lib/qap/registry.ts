/**
 * The solver registry: id → solver function and facts about it; `solveQap(problem, {method, ...})` dispatches.
 * @module
 */
import type { QapProblem } from "./problem.ts";
import type { SolveResult } from "./result.ts";
import { FHG_DEFAULTS, solveFactorizedHahnGrant } from "./solvers/factorized_hahn_grant.ts";
import { HAHN_GRANT_DEFAULTS, solveHahnGrant } from "./solvers/hahn_grant.ts";
import { BRUTE_FORCE_DEFAULTS, BRUTE_FORCE_MAX_N, solveBruteForce } from "./solvers/brute_force.ts";
import { RANDOM_DEFAULTS, solveRandom } from "./solvers/random.ts";
import { FAQ_DEFAULTS, solveFaq } from "./solvers/faq.ts";
import { solveTwoOpt, TWO_OPT_DEFAULTS } from "./solvers/two_opt.ts";
import { ENTROPIC_GW_DEFAULTS, solveEntropicGw } from "./solvers/entropic_gw.ts";

/** What the registry knows about a solver. */
export interface SolverSpec {
  /** Stable id used by the CLI and tables. */
  id: string;
  /** One-line description. */
  description: string;
  /** The solver. */
  solve: (problem: QapProblem, options?: any) => SolveResult;
  /** Frozen defaults of the solver's own options. */
  defaults: Readonly<Record<string, unknown>>;
  /** True when the solver proves optimality (brute force). */
  exact: boolean;
  /** True when results carry a lower bound. */
  providesBound: boolean;
  /** True when the solver accepts asymmetric A or B. */
  acceptsAsymmetric: boolean;
  /** Largest n the solver accepts (Infinity if none). */
  maxN: number;
}

/** All registered solvers, in display order. Each solver module adds its spec here. */
export const SOLVERS: readonly SolverSpec[] = [
  {
    id: "fhg",
    description: "factorised Hahn–Grant dual ascent (bound + primal, O(n³) memory)",
    solve: solveFactorizedHahnGrant,
    defaults: FHG_DEFAULTS,
    exact: false,
    providesBound: true,
    acceptsAsymmetric: false,
    maxN: Infinity,
  },
  {
    id: "hg",
    description: "classic Hahn–Grant dual ascent on dense n⁴ costs",
    solve: solveHahnGrant,
    defaults: HAHN_GRANT_DEFAULTS,
    exact: false,
    providesBound: true,
    acceptsAsymmetric: false,
    maxN: Infinity,
  },
  {
    id: "brute-force",
    description: "exhaustive enumeration (Heap's order, lexicographic-first ties), n ≤ 12",
    solve: solveBruteForce,
    defaults: BRUTE_FORCE_DEFAULTS,
    exact: true,
    providesBound: true,
    acceptsAsymmetric: true,
    maxN: BRUTE_FORCE_MAX_N,
  },
  {
    id: "random",
    description: "one uniformly random permutation (seeded)",
    solve: solveRandom,
    defaults: RANDOM_DEFAULTS,
    exact: false,
    providesBound: false,
    acceptsAsymmetric: true,
    maxN: Infinity,
  },
  {
    id: "faq",
    description: "FAQ Frank–Wolfe relaxation (SciPy defaults), best of random starts",
    solve: solveFaq,
    defaults: FAQ_DEFAULTS,
    exact: false,
    providesBound: false,
    acceptsAsymmetric: true,
    maxN: Infinity,
  },
  {
    id: "two-opt",
    description: "2-opt local search, SciPy's first-improvement scan with O(n) deltas",
    solve: solveTwoOpt,
    defaults: TWO_OPT_DEFAULTS,
    exact: false,
    providesBound: false,
    acceptsAsymmetric: true,
    maxN: Infinity,
  },
  {
    id: "entropic-gw",
    description: "entropic Gromov–Wasserstein (POT PGD + Sinkhorn, ε = 0.1) rounded by max-weight LAP",
    solve: solveEntropicGw,
    defaults: ENTROPIC_GW_DEFAULTS,
    exact: false,
    providesBound: false,
    acceptsAsymmetric: true,
    maxN: Infinity,
  },
];

/** Ids of the registered solvers. */
export const SOLVER_IDS: readonly string[] = SOLVERS.map((s) => s.id);

/** Looks up a solver by id; throws a RangeError listing the ids otherwise. */
export function getSolver(id: string): SolverSpec {
  const spec = SOLVERS.find((s) => s.id === id);
  if (!spec) throw new RangeError(`unknown solver '${id}' (available: ${SOLVER_IDS.join(", ")})`);
  return spec;
}

/** Solves `problem` with the solver named by `options.method`; other options go to that solver. */
export function solveQap(problem: QapProblem, options: { method: string } & Record<string, unknown>): SolveResult {
  const { method, ...rest } = options;
  return getSolver(method).solve(problem, rest);
}
