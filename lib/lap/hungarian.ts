/**
 * Classic O(n²·m) Hungarian algorithm (Kuhn–Munkres with potentials, rows inserted one at a time; the textbook
 * e-maxx formulation): after every step of the inner search ALL potentials and slack values are updated, unlike
 * the deferred updates of the Jonker–Volgenant code in `shortest_path.ts`. It is the ablation's "Hungarian" LAP
 * choice; it returns the same exact duals (u[i] + v[j] ≤ C[i,j], equality on the assignment, v = 0 on unassigned
 * columns, Σu + Σv = optimum) and uses the same calling convention and workspace.
 * @module
 */
import type { LapWorkspace } from "./workspace.ts";

/**
 * Minimises Σ_i cost[i*cols + rowToCol[i]] (rows ≤ cols, rectangular allowed; +Infinity = forbidden) by the
 * Hungarian method. Writes the assignment to `ws.rowToCol` / `ws.colToRow` and exact duals to `ws.u` / `ws.v`;
 * returns the optimal cost. Throws a RangeError when no feasible assignment exists. Does not validate its input
 * (NaN / −Infinity give undefined results; use `solveLap(cost, { algorithm })` for checked calls). Allocates nothing
 * once `ws` is large enough. Scratch: `ws.shortest` (slack per column), `ws.path` (previous column on the
 * alternating path, −1 = the inserted row), `ws.scannedCols` (columns in the tree).
 */
export function solveLapHungarianInto(cost: Float64Array, rows: number, cols: number, ws: LapWorkspace): number {
  ws.ensure(rows, cols);
  const { u, v, rowToCol, colToRow, shortest: slack, path: previousCol, scannedCols: inTree } = ws;
  u.fill(0, 0, rows);
  v.fill(0, 0, cols);
  colToRow.fill(-1, 0, cols);
  for (let start = 0; start < rows; start++) {
    // Grow an alternating tree from row `start` (held by a virtual column −1) until it reaches a free column.
    slack.fill(Infinity, 0, cols);
    inTree.fill(0, 0, cols);
    let col = -1; // column whose row is expanded next (−1: the virtual column of `start`)
    for (;;) {
      const row = col < 0 ? start : colToRow[col];
      const offset = row * cols, ur = u[row];
      let delta = Infinity, next = -1;
      for (let j = 0; j < cols; j++) {
        if (inTree[j] === 1) continue;
        const reduced = cost[offset + j] - ur - v[j];
        if (reduced < slack[j]) {
          slack[j] = reduced;
          previousCol[j] = col;
        }
        if (slack[j] < delta) {
          delta = slack[j];
          next = j;
        }
      }
      if (!(delta < Infinity)) {
        throw new RangeError(`solveLapHungarian: cost matrix is infeasible (row ${start} cannot be assigned)`);
      }
      // Potential update: tree rows rise by delta, tree columns fall by delta, slacks of the rest shrink.
      u[start] += delta;
      for (let j = 0; j < cols; j++) {
        if (inTree[j] === 1) {
          u[colToRow[j]] += delta;
          v[j] -= delta;
        } else {
          slack[j] -= delta;
        }
      }
      inTree[next] = 1;
      col = next;
      if (colToRow[col] < 0) break;
    }
    // Augment: shift the rows along the alternating path one column forward.
    for (;;) {
      const prev = previousCol[col];
      colToRow[col] = prev < 0 ? start : colToRow[prev];
      if (prev < 0) break;
      col = prev;
    }
  }
  let total = 0;
  for (let j = 0; j < cols; j++) {
    const i = colToRow[j];
    if (i >= 0) {
      rowToCol[i] = j;
      total += cost[i * cols + j];
    }
  }
  return total;
}
