/**
 * The solver registry: id → solver function and facts about it (capabilities: asymmetric input, largest n, working
 * memory). `solveQap(problem, {method, ...})` is the one dispatch path: it checks the solver's capabilities against
 * the problem, with an error that names the solvers that can take it, before the solver runs.
 * @module
 */
import { checkRange, checkType } from "../core/errors.ts";
import { isSymmetric } from "../core/matrix.ts";
import { formatBytes } from "./memory.ts";
import type { QapProblem } from "./problem.ts";
import type { SolveResult } from "./result.ts";
import type { OptionSchema } from "../core/options.ts";
import {
  FHG_DEFAULTS,
  FHG_OPTIONS,
  fhgMemoryBytes,
  solveFactorizedHahnGrant,
} from "./solvers/factorized_hahn_grant.ts";
import {
  BNB_DEFAULTS,
  BNB_OPTIONS,
  bnbMemoryBytes,
  rlt2DepthFor,
  solveBranchAndBound,
} from "./solvers/branch_and_bound.ts";
import { HAHN_GRANT_DEFAULTS, HAHN_GRANT_OPTIONS, hahnGrantMemoryBytes, solveHahnGrant } from "./solvers/hahn_grant.ts";
import { BRUTE_FORCE_DEFAULTS, BRUTE_FORCE_MAX_N, solveBruteForce } from "./solvers/brute_force.ts";
import { RANDOM_DEFAULTS, solveRandom } from "./solvers/random.ts";
import { FAQ_DEFAULTS, solveFaq } from "./solvers/faq.ts";
import { solveTwoOpt, TWO_OPT_DEFAULTS } from "./solvers/two_opt.ts";
import { ENTROPIC_GW_DEFAULTS, solveEntropicGw } from "./solvers/entropic_gw.ts";
import { MPOPT_DEFAULTS, mpoptMemoryBytes, solveMpopt } from "./solvers/mpopt.ts";
import { MILP_DEFAULTS, MILP_MAX_N, MILP_OPTIONS, milpMemoryBytes, solveMilp } from "./solvers/milp.ts";
import { AUTO_DEFAULTS, AUTO_OPTIONS, solveAuto } from "./solvers/auto.ts";

/** What the registry knows about a solver. */

/** The RLT-2 levels bnb uses at size n with its default options on `threads` threads (null: none). */
function defaultRlt2Depth(n: number, threads: number): number | null {
  return rlt2DepthFor(n, BNB_DEFAULTS.rlt2, BNB_DEFAULTS.rlt2Depth, threads, BNB_DEFAULTS.memoryBudgetBytes);
}
export interface SolverSpec {
  /** Stable id used by the CLI and tables. */
  id: string;
  /** One-line description. */
  description: string;
  /** The solver. */
  solve: (problem: QapProblem, options?: any) => SolveResult;
  /** Frozen defaults of the solver's own options. */
  defaults: Readonly<Record<string, unknown>>;
  /** The solver's declared options (lib/core/options.ts): type, default, range, doc, CLI flag; the single source its
   * validation and `defaults` derive from. Absent for solvers that have not declared theirs yet. */
  options?: OptionSchema;
  /** True when the solver proves optimality (brute force). */
  exact: boolean;
  /** True when results carry a lower bound. */
  providesBound: boolean;
  /** True when the solver accepts asymmetric A and B. */
  acceptsAsymmetric: boolean;
  /**
   * True when a solver without `acceptsAsymmetric` still takes a problem with ONE asymmetric factor: with the other
   * factor symmetric, Σ A_ik B_{p_i p_k} only sees the symmetric part, so the solver symmetrises it exactly.
   */
  symmetrizesOneFactor?: boolean;
  /** Largest n the solver accepts (Infinity if none). */
  maxN: number;
  /** Working memory in bytes at size n, for a solver that refuses to exceed a budget. */
  memoryBytes?: (n: number) => number;
  /** The option (with its default in `defaults`) that holds that budget in bytes. */
  memoryBudgetOption?: string;
}

/** All registered solvers, in display order. Each solver module adds its spec here. */
export const SOLVERS: readonly SolverSpec[] = [
  {
    id: "auto",
    description: "fhg, then branch and bound (bnb) with the time left until proven: a certificate where affordable",
    solve: solveAuto,
    defaults: AUTO_DEFAULTS,
    options: AUTO_OPTIONS,
    exact: true,
    providesBound: true,
    acceptsAsymmetric: false,
    symmetrizesOneFactor: true,
    maxN: Infinity,
    memoryBytes: (n) => bnbMemoryBytes(n, AUTO_DEFAULTS.threads, defaultRlt2Depth(n, AUTO_DEFAULTS.threads)),
    memoryBudgetOption: "memoryBudgetBytes",
  },
  {
    id: "fhg",
    description: "factorised Hahn–Grant dual ascent (bound + primal, O(n³) memory)",
    solve: solveFactorizedHahnGrant,
    defaults: FHG_DEFAULTS,
    options: FHG_OPTIONS,
    exact: false,
    providesBound: true,
    acceptsAsymmetric: false,
    symmetrizesOneFactor: true,
    maxN: Infinity,
    memoryBytes: fhgMemoryBytes,
    memoryBudgetOption: "memoryBudgetBytes",
  },
  {
    id: "hg",
    description: "classic Hahn–Grant dual ascent on dense n⁴ costs",
    solve: solveHahnGrant,
    defaults: HAHN_GRANT_DEFAULTS,
    options: HAHN_GRANT_OPTIONS,
    exact: false,
    providesBound: true,
    acceptsAsymmetric: false,
    symmetrizesOneFactor: true,
    maxN: Infinity,
    memoryBytes: hahnGrantMemoryBytes,
    memoryBudgetOption: "memoryBudgetBytes",
  },
  {
    id: "bnb",
    description: "branch and bound on the Hahn–Grant bound: certified optimum, both cores, checkpoints",
    solve: solveBranchAndBound,
    defaults: BNB_DEFAULTS,
    options: BNB_OPTIONS,
    exact: true,
    providesBound: true,
    acceptsAsymmetric: false,
    symmetrizesOneFactor: true,
    maxN: Infinity,
    memoryBytes: (n) => bnbMemoryBytes(n, BNB_DEFAULTS.threads, defaultRlt2Depth(n, BNB_DEFAULTS.threads)),
    memoryBudgetOption: "memoryBudgetBytes",
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
  {
    id: "mpopt",
    description: "libmpopt graph-matching dual decomposition (message passing) + greedy primal with fusion",
    solve: solveMpopt,
    defaults: MPOPT_DEFAULTS,
    exact: false,
    providesBound: true,
    acceptsAsymmetric: true,
    maxN: Infinity,
    memoryBytes: mpoptMemoryBytes,
    memoryBudgetOption: "memoryBudgetBytes",
  },
  {
    id: "milp",
    description: "MILP (Adams–Johnson RLT1 linearisation) solved by HiGHS (WebAssembly), dual bound + proof",
    solve: solveMilp,
    defaults: MILP_DEFAULTS,
    options: MILP_OPTIONS,
    exact: true,
    providesBound: true,
    acceptsAsymmetric: true,
    maxN: MILP_MAX_N,
    memoryBytes: milpMemoryBytes,
    memoryBudgetOption: "memoryBudgetBytes",
  },
];

/** The solver `deno task solve` and `deno task match` use when none is named. */
export const DEFAULT_SOLVER_ID = "auto";

/** Ids of the registered solvers. */
export const SOLVER_IDS: readonly string[] = SOLVERS.map((s) => s.id);

/** Looks up a solver by id; throws a RangeError listing the ids otherwise. */
export function getSolver(id: string): SolverSpec {
  const spec = SOLVERS.find((s) => s.id === id);
  if (!spec) throw new RangeError(`unknown solver '${id}' (available: ${SOLVER_IDS.join(", ")})`);
  return spec;
}

/** Ids of the registered solvers that accept asymmetric A and B, in display order. */
export function asymmetricSolverIds(): string[] {
  return SOLVERS.filter((s) => s.acceptsAsymmetric).map((s) => s.id);
}

/**
 * Why solver `spec` cannot take `problem` with `options` (asymmetric factors it cannot symmetrise, n above its
 * maxN, working memory over its budget), as a sentence naming the alternatives; null when it can.
 */
export function solverRefusal(
  spec: SolverSpec,
  problem: QapProblem,
  options: Record<string, unknown> = {},
): string | null {
  if (!problem.isSymmetric && !spec.acceptsAsymmetric) {
    const oneSided = spec.symmetrizesOneFactor === true && (isSymmetric(problem.a) || isSymmetric(problem.b));
    if (!oneSided) {
      const needs = spec.symmetrizesOneFactor ? "a symmetric A or B (both are asymmetric here" : "symmetric A and B (";
      const metric = problem.source?.metric === undefined ? "" : `; metric '${problem.source.metric}'`;
      return `solver '${spec.id}' needs ${needs}${metric}); solvers that accept it: ${
        asymmetricSolverIds().join(", ")
      }`;
    }
  }
  if (problem.n > spec.maxN) return `solver '${spec.id}' accepts n ≤ ${spec.maxN}, got n = ${problem.n}`;
  if (spec.memoryBytes && spec.memoryBudgetOption) {
    const budget = options[spec.memoryBudgetOption] ?? spec.defaults[spec.memoryBudgetOption];
    const bytes = spec.memoryBytes(problem.n);
    if (typeof budget === "number" && bytes > budget) {
      return `solver '${spec.id}' needs ${formatBytes(bytes)} at n = ${problem.n}, over the memory budget ` +
        `${spec.memoryBudgetOption} = ${formatBytes(budget)}; raise it or use a solver with less memory (fhg: O(n³))`;
    }
  }
  return null;
}

/** Options of {@link solveQap}: the solver id, and the solver's own options. */
export type SolveQapOptions = { method: string } & Record<string, unknown>;

/**
 * Solves `problem` with the solver named by `options.method`; other options go to that solver. Every caller goes
 * through here: an unknown id, or a problem the solver cannot take ({@link solverRefusal}), throws a RangeError
 * (prefixed with `fn`, default "solveQap") before the solver runs.
 */
export function solveQap(problem: QapProblem, options: SolveQapOptions, fn = "solveQap"): SolveResult {
  checkType(options !== null && typeof options === "object", fn, "options must be an object with a method");
  const { method, ...rest } = options;
  checkType(typeof method === "string", fn, `method must be a solver id string, got ${typeof method}`);
  const spec = SOLVERS.find((s) => s.id === method);
  checkRange(spec !== undefined, fn, `unknown solver '${method}' (available: ${SOLVER_IDS.join(", ")})`);
  const refusal = solverRefusal(spec, problem, rest);
  checkRange(refusal === null, fn, refusal ?? "");
  return spec.solve(problem, rest);
}
