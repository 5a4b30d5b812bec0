/**
 * Linear assignment results. Duals satisfy u[i] + v[j] ≤ C[i,j] for every allowed (i, j) (≥ when maximising) and
 * Σu + Σv equals the optimal value: exactly what Hahn–Grant dual ascent banks as bound.
 * @module
 */

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
