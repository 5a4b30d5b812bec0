/**
 * Linear assignment results. Duals satisfy u[i] + v[j] ≤ C[i,j] for every allowed (i, j) (≥ when maximising) and
 * Σu + Σv equals the optimal value: exactly what Hahn–Grant dual ascent banks as bound.
 * @module
 */
import type { LapWorkspace } from "./workspace.ts";

/** Solution of a linear assignment problem with its dual potentials. */
export interface LapResult {
  /** Column assigned to each row (length rows). */
  rowToCol: Int32Array;
  /** Row assigned to each column, −1 for unassigned columns (length cols). */
  colToRow: Int32Array;
  /** Optimal objective Σ_i C[i, rowToCol[i]]. */
  cost: number;
  /** Row potentials. */
  u: Float64Array;
  /** Column potentials (0 for unassigned columns). */
  v: Float64Array;
}

/**
 * Calling convention shared by every LAP algorithm in `lib/lap` (the `solve` of each `LAP_ALGORITHMS` entry):
 * minimise over the row-major rows×cols `cost` (+Infinity = forbidden), write the assignment to `ws.rowToCol` /
 * `ws.colToRow` and the duals to `ws.u` / `ws.v`, return the cost of the assignment found (Σ_i C[i, rowToCol[i]]).
 * Throws a RangeError when no feasible assignment exists or the shape is not supported (square-only algorithms);
 * never mutates `cost`; allocates nothing once `ws` is large enough.
 */
export type LapSolveInto = (cost: Float64Array, rows: number, cols: number, ws: LapWorkspace) => number;
