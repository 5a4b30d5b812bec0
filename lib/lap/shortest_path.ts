/**
 * Dense linear assignment by shortest augmenting paths (Jonker–Volgenant family, Crouse's rectangular variant) in
 * float64, returning exact dual potentials. Square problems start with JV's column reduction.
 *
 * `LapWorkspace` + `solveLapInto` reuse every buffer, so the millions of calls inside Hahn–Grant allocate nothing;
 * `solveLap` is the checked public entry.
 * @module
 */
import { checkRange, checkType } from "../core/errors.ts";
import type { Matrix } from "../core/matrix.ts";
import type { LapResult } from "./types.ts";

/** Scratch and output buffers for LAPs up to a given size. */
export class LapWorkspace {
  /** Row potentials of the last solve. */
  u: Float64Array;
  /** Column potentials of the last solve. */
  v: Float64Array;
  /** Column of each row of the last solve. */
  rowToCol: Int32Array;
  /** Row of each column of the last solve (−1 = free). */
  colToRow: Int32Array;
  shortest: Float64Array;
  path: Int32Array;
  remaining: Int32Array;
  scannedRows: Uint8Array;
  scannedCols: Uint8Array;
  capacityRows: number;
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
    this.remaining = new Int32Array(capacityCols);
    this.scannedRows = new Uint8Array(capacityRows);
    this.scannedCols = new Uint8Array(capacityCols);
  }

  /** Grows the buffers when a larger problem comes. */
  ensure(rows: number, cols: number): void {
    if (rows > this.capacityRows || cols > this.capacityCols) {
      Object.assign(this, new LapWorkspace(Math.max(rows, this.capacityRows), Math.max(cols, this.capacityCols)));
    }
  }
}

/**
 * Minimises Σ_i cost[i*cols + rowToCol[i]] over injective row→column maps (rows ≤ cols); +Infinity marks forbidden
 * entries. Results land in `ws.rowToCol`, `ws.colToRow`, `ws.u`, `ws.v` (first `rows` / `cols` entries); returns the
 * optimal cost. Throws a RangeError when no feasible assignment exists. Does not validate (see {@link solveLap}).
 */
export function solveLapInto(cost: Float64Array, rows: number, cols: number, ws: LapWorkspace): number {
  ws.ensure(rows, cols);
  const { u, v, rowToCol, colToRow, shortest, path, remaining, scannedRows, scannedCols } = ws;
  u.fill(0, 0, rows);
  v.fill(0, 0, cols);
  rowToCol.fill(-1, 0, rows);
  colToRow.fill(-1, 0, cols);

  if (rows === cols) {
    // JV column reduction: v[j] = min_i C[i,j]; a row that is the argmin of a free column takes it.
    for (let j = 0; j < cols; j++) {
      let best = Infinity, arg = -1;
      for (let i = 0; i < rows; i++) {
        const c = cost[i * cols + j];
        if (c < best) {
          best = c;
          arg = i;
        }
      }
      if (arg < 0) throw new RangeError("solveLap: cost matrix is infeasible (a column has only forbidden entries)");
      v[j] = best;
      if (rowToCol[arg] === -1) {
        rowToCol[arg] = j;
        colToRow[j] = arg;
      }
    }
  }

  for (let curRow = 0; curRow < rows; curRow++) {
    if (rowToCol[curRow] !== -1) continue;
    // Dijkstra over columns from curRow on reduced costs C[i,j] − u[i] − v[j] ≥ 0.
    let numRemaining = cols;
    for (let it = 0; it < cols; it++) {
      remaining[it] = cols - 1 - it;
      shortest[it] = Infinity;
      scannedCols[it] = 0;
    }
    scannedRows.fill(0, 0, rows);
    let minVal = 0, i = curRow, sink = -1;
    while (sink === -1) {
      scannedRows[i] = 1;
      let index = -1, lowest = Infinity;
      const rowOffset = i * cols, ui = u[i];
      for (let it = 0; it < numRemaining; it++) {
        const j = remaining[it];
        const r = minVal + cost[rowOffset + j] - ui - v[j];
        if (r < shortest[j]) {
          path[j] = i;
          shortest[j] = r;
        }
        const sj = shortest[j];
        if (sj < lowest || (sj === lowest && colToRow[j] === -1)) {
          lowest = sj;
          index = it;
        }
      }
      minVal = lowest;
      if (minVal === Infinity || index < 0) throw new RangeError("solveLap: cost matrix is infeasible");
      const j = remaining[index];
      if (colToRow[j] === -1) sink = j;
      else i = colToRow[j];
      scannedCols[j] = 1;
      remaining[index] = remaining[--numRemaining];
    }
    // Dual update keeps reduced costs ≥ 0 and zero on the new path.
    u[curRow] += minVal;
    for (let r = 0; r < rows; r++) {
      if (scannedRows[r] && r !== curRow) u[r] += minVal - shortest[rowToCol[r]];
    }
    for (let c = 0; c < cols; c++) if (scannedCols[c]) v[c] -= minVal - shortest[c];
    // Augment along the path back to curRow.
    let j = sink;
    for (;;) {
      const r = path[j];
      colToRow[j] = r;
      const previous = rowToCol[r];
      rowToCol[r] = j;
      if (r === curRow) break;
      j = previous;
    }
  }
  let total = 0;
  for (let r = 0; r < rows; r++) total += cost[r * cols + rowToCol[r]];
  return total;
}

/** Options of {@link solveLap}. */
export interface LapOptions {
  /** Maximise instead of minimise; duals then satisfy u[i] + v[j] ≥ C[i,j]. Default false. */
  maximize?: boolean;
}

/**
 * Solves the linear assignment problem on `cost` (rows ≤ cols; transpose first otherwise). +Infinity entries are
 * forbidden (−Infinity when maximising); NaN is rejected. Never mutates `cost`. Returns assignment and exact duals.
 */
export function solveLap(cost: Matrix, options: LapOptions = {}): LapResult {
  const fn = "solveLap";
  checkType(cost !== null && typeof cost === "object" && cost.data instanceof Float64Array, fn, "cost must be a Matrix");
  const { rows, cols } = cost;
  checkRange(cost.data.length === rows * cols, fn, `cost.data has length ${cost.data.length}, expected ${rows}×${cols}`);
  checkRange(rows <= cols, fn, `needs rows ≤ cols, got ${rows}×${cols} (pass the transpose)`);
  const maximize = options.maximize ?? false;
  const data = new Float64Array(rows * cols);
  for (let k = 0; k < data.length; k++) {
    const x = cost.data[k];
    if (Number.isNaN(x)) throw new RangeError(`${fn}: cost has NaN at [${Math.floor(k / cols)}, ${k % cols}]`);
    if (x === (maximize ? Infinity : -Infinity)) {
      throw new RangeError(`${fn}: cost has ${x} at [${Math.floor(k / cols)}, ${k % cols}] (use ${maximize ? "-" : "+"}Infinity to forbid)`);
    }
    data[k] = maximize ? -x : x;
  }
  const ws = new LapWorkspace(rows, cols);
  const total = solveLapInto(data, rows, cols, ws);
  const sign = maximize ? -1 : 1;
  const u = ws.u.slice(0, rows), v = ws.v.slice(0, cols);
  if (maximize) {
    for (let i = 0; i < rows; i++) u[i] = -u[i];
    for (let j = 0; j < cols; j++) v[j] = -v[j];
  }
  return {
    rowToCol: ws.rowToCol.slice(0, rows),
    colToRow: ws.colToRow.slice(0, cols),
    cost: sign * total,
    u,
    v,
  };
}
