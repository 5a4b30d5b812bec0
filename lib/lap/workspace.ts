/**
 * The buffers every LAP in `lib/lap` writes into: outputs (u, v, rowToCol, colToRow) and the scratch arrays the
 * algorithms share. A solver keeps one workspace and reuses it for millions of calls; no LAP keeps state anywhere else.
 * @module
 */

/** Output and scratch buffers for LAPs up to a given size (shared by every algorithm in `lib/lap`). */
export class LapWorkspace {
  /** Row potentials of the last solve. */
  u: Float64Array;
  /** Column potentials of the last solve. */
  v: Float64Array;
  /** Column of each row of the last solve. */
  rowToCol: Int32Array;
  /** Row of each column of the last solve (−1 = free). */
  colToRow: Int32Array;
  /** Scratch: shortest-path distances per column (length capacityCols). */
  shortest: Float64Array;
  /** Scratch: predecessor row (or column) per column (length capacityCols). */
  path: Int32Array;
  /** Scratch: a second predecessor array per column, for algorithms that need two (length capacityCols). */
  predecessor: Int32Array;
  /** Scratch: column list (length capacityCols). */
  remaining: Int32Array;
  /** Scratch: list of free rows (length capacityRows). */
  freeRows: Int32Array;
  /** Scratch: per-row flags (length capacityRows). */
  scannedRows: Uint8Array;
  /** Scratch: per-column flags (length capacityCols). */
  scannedCols: Uint8Array;
  /** Rows the buffers hold. */
  capacityRows: number;
  /** Columns the buffers hold. */
  capacityCols: number;

  constructor(capacityRows: number, capacityCols = capacityRows) {
    this.capacityRows = capacityRows;
    this.capacityCols = capacityCols;
    this.u = new Float64Array(capacityRows);
    this.v = new Float64Array(capacityCols);
    this.rowToCol = new Int32Array(capacityRows);
    this.colToRow = new Int32Array(capacityCols);
    this.shortest = new Float64Array(capacityCols);
    this.path = new Int32Array(capacityCols);
    this.predecessor = new Int32Array(capacityCols);
    this.remaining = new Int32Array(capacityCols);
    this.freeRows = new Int32Array(capacityRows);
    this.scannedRows = new Uint8Array(capacityRows);
    this.scannedCols = new Uint8Array(capacityCols);
  }

  /** Grows the buffers when a larger problem comes (never shrinks them). */
  ensure(rows: number, cols: number): void {
    if (rows > this.capacityRows || cols > this.capacityCols) {
      Object.assign(this, new LapWorkspace(Math.max(rows, this.capacityRows), Math.max(cols, this.capacityCols)));
    }
  }
}

/**
 * Σ_j v[j] + Σ_i u[i] of the last solve in `ws`, summed columns first, then rows (the order `repairLapDualsInto`
 * sums in, so after a repair it returns the same float). For exactly feasible duals this is a lower bound on the
 * optimum; for the exact algorithms it equals the optimum up to rounding.
 */
export function lapDualValue(ws: LapWorkspace, rows: number, cols: number): number {
  const { u, v } = ws;
  let total = 0;
  for (let j = 0; j < cols; j++) total += v[j];
  for (let i = 0; i < rows; i++) total += u[i];
  return total;
}
