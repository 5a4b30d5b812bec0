/**
 * LAP algorithms by id, so solvers and studies pick one with a string ("jv", "hungarian", "auction"); all share the
 * {@link LapSolveInto} calling convention and the {@link LapWorkspace} buffers.
 * @module
 */
import { AUCTION_RELATIVE_EPSILON, solveLapAuctionInto } from "./auction.ts";
import { solveLapHungarianInto } from "./hungarian.ts";
import { type LapWorkspace, solveLapInto } from "./shortest_path.ts";
import type { LapSolveInto } from "./types.ts";

/** Ids of the LAP algorithms. */
export const LAP_ALGORITHM_IDS = Object.freeze(["jv", "hungarian", "auction"] as const);

/** A LAP algorithm id. */
export type LapAlgorithmId = typeof LAP_ALGORITHM_IDS[number];

/**
 * Auction with the default relative ε ({@link AUCTION_RELATIVE_EPSILON} × range of the finite costs): square only,
 * assignment within n·ε of the optimum, duals ε-feasible (repair them with `repairLapDualsInto` before banking them
 * as a bound).
 */
export function solveLapAuctionDefaultInto(cost: Float64Array, rows: number, cols: number, ws: LapWorkspace): number {
  return solveLapAuctionInto(cost, rows, cols, ws, AUCTION_RELATIVE_EPSILON, true);
}

/**
 * LAP algorithms by id: "jv" = Jonker–Volgenant shortest augmenting path (exact duals, rectangular), "hungarian" =
 * classic Kuhn–Munkres (exact duals, rectangular), "auction" = forward–reverse auction with ε-scaling (square only,
 * ε-optimal, ε-feasible duals).
 */
export const LAP_ALGORITHMS: Readonly<Record<LapAlgorithmId, LapSolveInto>> = Object.freeze({
  jv: solveLapInto,
  hungarian: solveLapHungarianInto,
  auction: solveLapAuctionDefaultInto,
});

/** Whether an algorithm returns exact optimal duals (Σu + Σv = optimum) rather than ε-feasible ones. */
export const LAP_EXACT: Readonly<Record<LapAlgorithmId, boolean>> = Object.freeze({
  jv: true,
  hungarian: true,
  auction: false,
});
