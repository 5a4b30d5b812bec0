/**
 * The QAP, advanced entry (the short public entry is `lib/mod.ts`): every solver with its declared options schema and
 * defaults, the Hahn–Grant engine (one run: dual state, LAPs, primal side, round count) and its dual state, the
 * certificate arithmetic, every lower bound and the branch-and-bound node bounds, the memory checks.
 * @example
 * import { createHahnGrantRun, FHG_DEFAULTS } from "./lib/qap/mod.ts";
 * @module
 */
export { createQapProblem, type QapProblem, type QapProblemOptions } from "./problem.ts";
export { qapCost } from "./objective.ts";
export {
  COMMON_DEFAULTS,
  COMMON_OPTION_KEYS,
  type ProgressEvent,
  type SolveResult,
  type SolverOptions,
  type SolveStatus,
} from "./result.ts";
export {
  asymmetricSolverIds,
  DEFAULT_SOLVER_ID,
  getSolver,
  solveQap,
  type SolveQapOptions,
  SOLVER_IDS,
  solverRefusal,
  SOLVERS,
  type SolverSpec,
} from "./registry.ts";
export {
  atIterations,
  type Certificate,
  certificateGap,
  certificateTolerance,
  certifiedBound,
  isCertifiedOptimal,
} from "./certificate.ts";
export { availableMemoryBytes, checkMemoryBudget, formatBytes } from "./memory.ts";

// bounds
export { gilmoreLawlerBound } from "./bounds/gilmore_lawler.ts";
export { eigenvalueBound, projectedEigenvalueBound } from "./bounds/eigenvalue.ts";
export { rlt2Bound, Rlt2DualState, rlt2MemoryBytes } from "./bounds/rlt2.ts";
export type { Rlt2Options, Rlt2Result } from "./bounds/rlt2.ts";
export {
  createNodeBounds,
  NODE_BOUND_IDS,
  NODE_BOUNDS,
  type NodeBound,
  type NodeBoundEvaluator,
  type NodeView,
} from "./bounds/node_bound.ts";

// the Hahn–Grant engine
export {
  createHahnGrantRun,
  HAHN_GRANT_ENGINE_OPTIONS,
  type HahnGrantRun,
  type HahnGrantRunSettings,
} from "./solvers/fhg/engine.ts";
export { HahnGrantDualState } from "./solvers/fhg/dual_state.ts";

// solvers, with their options schemas and defaults
export { AUTO_DEFAULTS, AUTO_OPTIONS, type AutoOptions, solveAuto } from "./solvers/auto.ts";
export {
  FHG_DEFAULTS,
  FHG_OPTIONS,
  fhgMemoryBytes,
  type FhgOptions,
  type FhgSweepState,
  solveFactorizedHahnGrant,
} from "./solvers/factorized_hahn_grant.ts";
export {
  BNB_DEFAULTS,
  BNB_OPTIONS,
  bnbMemoryBytes,
  type BnbOptions,
  RLT2_AUTO_SIZES,
  rlt2DepthFor,
  solveBranchAndBound,
} from "./solvers/branch_and_bound.ts";
export {
  HAHN_GRANT_DEFAULTS,
  HAHN_GRANT_OPTIONS,
  hahnGrantMemoryBytes,
  type HahnGrantOptions,
  solveHahnGrant,
} from "./solvers/hahn_grant.ts";
export { BRUTE_FORCE_DEFAULTS, type BruteForceOptions, solveBruteForce } from "./solvers/brute_force.ts";
export { FAQ_DEFAULTS, type FaqOptions, solveFaq } from "./solvers/faq.ts";
export { solveTwoOpt, TWO_OPT_DEFAULTS, type TwoOptOptions } from "./solvers/two_opt.ts";
export { ENTROPIC_GW_DEFAULTS, type EntropicGwOptions, solveEntropicGw } from "./solvers/entropic_gw.ts";
export { RANDOM_DEFAULTS, type RandomOptions, solveRandom } from "./solvers/random.ts";
export { MPOPT_DEFAULTS, mpoptMemoryBytes, type MpoptOptions, solveMpopt } from "./solvers/mpopt.ts";
export {
  MILP_DEFAULTS,
  MILP_OPTIONS,
  type MilpLinearization,
  milpMemoryBytes,
  type MilpOptions,
  solveMilp,
} from "./solvers/milp.ts";
