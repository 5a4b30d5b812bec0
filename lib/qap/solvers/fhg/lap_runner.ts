/**
 * The LAPs of the Hahn–Grant dual ascent: one workspace, the chosen algorithm, the orientation (a LAP may run on the
 * transposed matrix; its duals and assignment are swapped back) and the call count. Every algorithm returns exactly
 * feasible duals (auction's ε-feasible ones are repaired), so banking them keeps every bound valid.
 * @module
 */
import {
  getLapAlgorithm,
  HAHN_GRANT_LAP_CHOICES,
  HAHN_GRANT_LAPS,
  type LapDualSolve,
} from "../../../lap/algorithms.ts";
import { LapWorkspace } from "../../../lap/workspace.ts";

/** LAP algorithms the dual ascent can use. */
export const FHG_LAP_ALGORITHMS = HAHN_GRANT_LAP_CHOICES;

/** One of {@link FHG_LAP_ALGORITHMS}. */
export type FhgLapAlgorithm = typeof FHG_LAP_ALGORITHMS[number];

/** Auction's starting ε (absolute), shrunk by {@link AUCTION_EPSILON_DECAY} after every outer iteration. */
export const AUCTION_START_EPSILON = 0.1;
/** Factor applied to auction's ε after every outer iteration. */
export const AUCTION_EPSILON_DECAY = 0.9;
/** Smallest auction ε (the repair step makes the duals exact whatever ε was). */
const AUCTION_MIN_EPSILON = 1e-9;

/** Solves the dual ascent's LAPs in one reusable workspace (duals in `ws.u`/`ws.v`, assignment in `ws.rowToCol`). */
export class HahnGrantLapRunner {
  /** Duals and assignment of the last solve, in the untransposed orientation. */
  readonly ws: LapWorkspace;
  /** LAPs solved so far. */
  calls = 0;
  /** Auction's current ε (unused by the other algorithms). */
  auctionEpsilon = AUCTION_START_EPSILON;

  /** True when the duals the algorithm returns are exactly feasible without repair. */
  readonly dualsExact: boolean;
  readonly #solveDuals: LapDualSolve;

  constructor(capacity: number, readonly algorithm: FhgLapAlgorithm) {
    this.ws = new LapWorkspace(capacity, capacity);
    const entry = getLapAlgorithm(HAHN_GRANT_LAPS[algorithm]);
    this.dualsExact = entry.exact;
    this.#solveDuals = entry.solveDuals;
  }

  /** Shrinks auction's ε (call once per outer iteration). */
  decayAuctionEpsilon(): void {
    this.auctionEpsilon *= AUCTION_EPSILON_DECAY;
  }

  /**
   * One LAP of size `size` on `cost` (already transposed by the caller when `transposed`); leaves exactly feasible
   * duals and the assignment of the untransposed problem in `ws`; returns Σu + Σv.
   */
  solve(cost: Float64Array, size: number, transposed: boolean): number {
    this.calls++;
    const value = this.#solveDuals(cost, size, this.ws, Math.max(this.auctionEpsilon, AUCTION_MIN_EPSILON));
    if (transposed) {
      const { u, v, rowToCol, colToRow } = this.ws;
      for (let k = 0; k < size; k++) {
        const du = u[k];
        u[k] = v[k];
        v[k] = du;
        const r = rowToCol[k];
        rowToCol[k] = colToRow[k];
        colToRow[k] = r;
      }
    }
    return value;
  }
}
