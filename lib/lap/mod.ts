/**
 * Linear assignment (LAP): every LAP of the library, each in the `LapSolveInto` convention (cost, rows, cols, a
 * reusable `LapWorkspace` → assignment and duals in the workspace, the assignment's cost returned), listed by id in
 * the `LAP_ALGORITHMS` registry (`algorithms.ts`). Several exact variants exist on purpose: a LAP usually has many
 * optimal assignments and many optimal duals, and some callers depend on which one they get.
 *
 * | id                 | file               | duals      | shape       | used by                                      |
 * | ------------------ | ------------------ | ---------- | ----------- | -------------------------------------------- |
 * | `jv-lapjv`         | `lapjv.ts`         | exact      | square      | `fhg`, `hg` with `lap: "jv"` (fhg's default) |
 * | `jv-shortest-path` | `shortest_path.ts` | exact      | rows ≤ cols | `solveLap`, QAP bounds, entropic GW          |
 * | `scipy-crouse`     | `scipy_crouse.ts`  | exact      | rows ≤ cols | `faq`                                        |
 * | `hungarian`        | `hungarian.ts`     | exact      | rows ≤ cols | `hg` (default), `fhg --lap hungarian`        |
 * | `auction`          | `auction.ts`       | ε-feasible | square      | `fhg --lap auction`                          |
 *
 * What each is, and why each caller uses its LAP:
 * - `jv-lapjv`: Jonker–Volgenant in the original lapjv's order of operations. Hahn–Grant's dual ascent banks the
 *   LAP duals, and which of the optimal duals a LAP returns decides how high the bound climbs; lapjv's choice proves
 *   more instances than `jv-shortest-path`'s, so its order of operations is kept exactly (any change there changes
 *   bounds and iteration counts).
 * - `jv-shortest-path`: Jonker–Volgenant with a greedy tight-edge pass, for one-off LAPs where any optimum will do
 *   (the fastest in `deno task bench --only lap`): the Gilmore–Lawler and eigenvalue bounds, entropic GW's rounding,
 *   and, as `solveLap`'s default, the cluster-to-class matching of `pipeline/evaluation.ts`.
 * - `scipy-crouse`: SciPy's linear_sum_assignment (Crouse 2016). FAQ's LAP directions tie often on integer data, and
 *   SciPy's tie-breaking makes FAQ follow SciPy's `quadratic_assignment`.
 * - `hungarian`: Kuhn–Munkres with every potential updated per step; the original Hahn–Grant's LAP, kept as classic
 *   Hahn–Grant's default and as an ablation row.
 * - `auction`: forward–reverse auction with ε-scaling (ablation row). `fhg` calls `solveLapAuctionInto` with its own
 *   ε schedule and banks the duals only after `repairLapDualsInto` makes them exactly feasible (the registry entry
 *   uses a fixed relative ε).
 *
 * `HAHN_GRANT_LAPS` maps the Hahn–Grant `lap` option values (`HAHN_GRANT_LAP_CHOICES`: jv, hungarian, auction) to
 * these ids; the dual ascents (fhg, bnb, hg) call the entry's `solveDuals` (exactly feasible duals and their value;
 * auction at the caller's ε, repaired), so the algorithm choice lives here only. No LAP keeps state outside its
 * workspace.
 * @module
 */
export {
  getLapAlgorithm,
  HAHN_GRANT_LAP_CHOICES,
  HAHN_GRANT_LAPS,
  type HahnGrantLapChoice,
  LAP_ALGORITHM_IDS,
  LAP_ALGORITHMS,
  type LapAlgorithm,
  type LapAlgorithmId,
  type LapDualSolve,
} from "./algorithms.ts";
export {
  AUCTION_RELATIVE_EPSILON,
  repairLapDualsInto,
  solveLapAuctionDefaultInto,
  solveLapAuctionInto,
} from "./auction.ts";
export { solveLapHungarianInto } from "./hungarian.ts";
export { solveLapjvInto } from "./lapjv.ts";
export { solveLapScipyInto } from "./scipy_crouse.ts";
export { LAP_DEFAULTS, type LapOptions, solveLap, solveLapInto } from "./shortest_path.ts";
export type { LapResult, LapSolveInto } from "./types.ts";
export { lapDualValue, LapWorkspace } from "./workspace.ts";
