/**
 * The LAP registry: every linear assignment algorithm in `lib/lap` by a distinct id that says what it is, with what it
 * promises (exact duals, rectangular input). All share the {@link LapSolveInto} calling convention and the
 * `LapWorkspace` buffers. The table of which solver uses which LAP, and why, is in `mod.ts`.
 * @module
 */
import { checkRange } from "../core/errors.ts";
import { repairLapDualsInto, solveLapAuctionDefaultInto, solveLapAuctionInto } from "./auction.ts";
import { solveLapHungarianInto } from "./hungarian.ts";
import { solveLapjvInto } from "./lapjv.ts";
import { solveLapScipyInto } from "./scipy_crouse.ts";
import { solveLapInto } from "./shortest_path.ts";
import type { LapSolveInto } from "./types.ts";
import { lapDualValue, type LapWorkspace } from "./workspace.ts";

/**
 * A square LAP solved for its duals, as a dual ascent banks them (Hahn–Grant): the assignment and EXACTLY feasible
 * duals (u[i] + v[j] ≤ cost[i,j]) land in `ws`, the return value is Σu + Σv. `epsilon` is the absolute ε of an
 * ε-scaling algorithm (auction: its ε-feasible duals are then repaired); exact algorithms ignore it.
 */
export type LapDualSolve = (cost: Float64Array, size: number, ws: LapWorkspace, epsilon: number) => number;

/** Ids of the LAP algorithms. */
export const LAP_ALGORITHM_IDS = Object.freeze(
  ["jv-lapjv", "jv-shortest-path", "scipy-crouse", "hungarian", "auction"] as const,
);

/** A LAP algorithm id. */
export type LapAlgorithmId = typeof LAP_ALGORITHM_IDS[number];

/** One registry entry. */
export interface LapAlgorithm {
  /** The registry id. */
  readonly id: LapAlgorithmId;
  /** The solver, in the {@link LapSolveInto} convention. */
  readonly solve: LapSolveInto;
  /** Exact optimum and duals (Σu + Σv = optimum); false: ε-optimal assignment and ε-feasible duals. */
  readonly exact: boolean;
  /** Accepts rows < cols (otherwise square only). */
  readonly rectangular: boolean;
  /** What it is, in a few words. */
  readonly summary: string;
  /** The same algorithm for a dual ascent (see {@link LapDualSolve}). */
  readonly solveDuals: LapDualSolve;
}

function entry(
  id: LapAlgorithmId,
  solve: LapSolveInto,
  exact: boolean,
  rectangular: boolean,
  summary: string,
  solveDuals: LapDualSolve = (cost, size, ws) => {
    solve(cost, size, size, ws);
    return lapDualValue(ws, size, size);
  },
): LapAlgorithm {
  return Object.freeze({ id, solve, exact, rectangular, summary, solveDuals });
}

/** Hungarian's dual value, summed row by row (u_k + v_k) as the Hahn–Grant solvers always have. */
function hungarianDuals(cost: Float64Array, size: number, ws: LapWorkspace): number {
  solveLapHungarianInto(cost, size, size, ws);
  let total = 0;
  for (let k = 0; k < size; k++) total += ws.u[k] + ws.v[k];
  return total;
}

/** Auction at the caller's ε, its duals repaired into exactly feasible ones (their value returned). */
function auctionDuals(cost: Float64Array, size: number, ws: LapWorkspace, epsilon: number): number {
  solveLapAuctionInto(cost, size, size, ws, epsilon, false);
  return repairLapDualsInto(cost, size, size, ws);
}

/** The LAP algorithms by id (frozen). */
export const LAP_ALGORITHMS: Readonly<Record<LapAlgorithmId, LapAlgorithm>> = Object.freeze({
  "jv-lapjv": entry("jv-lapjv", solveLapjvInto, true, false, "Jonker–Volgenant in the original lapjv's order"),
  "jv-shortest-path": entry(
    "jv-shortest-path",
    solveLapInto,
    true,
    true,
    "Jonker–Volgenant shortest augmenting path with a greedy tight-edge pass",
  ),
  "scipy-crouse": entry("scipy-crouse", solveLapScipyInto, true, true, "SciPy linear_sum_assignment (Crouse 2016)"),
  hungarian: entry(
    "hungarian",
    solveLapHungarianInto,
    true,
    true,
    "Kuhn–Munkres, potentials updated every step",
    hungarianDuals,
  ),
  auction: entry(
    "auction",
    solveLapAuctionDefaultInto,
    false,
    false,
    "forward–reverse auction with ε-scaling",
    auctionDuals,
  ),
});

/** The `lap` option values of the Hahn–Grant solvers (`fhg --lap jv|hungarian|auction`). */
export const HAHN_GRANT_LAP_CHOICES = Object.freeze(["jv", "hungarian", "auction"] as const);

/** One of {@link HAHN_GRANT_LAP_CHOICES}. */
export type HahnGrantLapChoice = typeof HAHN_GRANT_LAP_CHOICES[number];

/**
 * The registry algorithm behind each Hahn–Grant `lap` option: "jv" is "jv-lapjv" (not "jv-shortest-path": the
 * banked duals decide the bound), "auction" runs `solveLapAuctionInto` with the solver's own ε schedule and repairs
 * the duals with `repairLapDualsInto`.
 */
export const HAHN_GRANT_LAPS: Readonly<Record<HahnGrantLapChoice, LapAlgorithmId>> = Object.freeze({
  jv: "jv-lapjv",
  hungarian: "hungarian",
  auction: "auction",
});

/** The registry entry of `id`; throws a RangeError naming the ids for an unknown one. */
export function getLapAlgorithm(id: string): LapAlgorithm {
  checkRange(
    typeof id === "string" && Object.hasOwn(LAP_ALGORITHMS, id),
    "getLapAlgorithm",
    `unknown LAP algorithm '${id}' (known: ${LAP_ALGORITHM_IDS.join(", ")})`,
  );
  return LAP_ALGORITHMS[id as LapAlgorithmId];
}
