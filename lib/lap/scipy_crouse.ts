/**
 * Registry id "scipy-crouse": the algorithm of SciPy's `linear_sum_assignment` (Crouse 2016 shortest augmenting
 * path, scipy `rectangular_lsap.cpp`) in float64, reproducing its tie-breaking: rows are added in order, the
 * remaining columns are scanned in reverse order, and among equal shortest-path costs a free column wins. FAQ uses it
 * so that its LAP directions (and hence its results on integer data, where directions tie) follow SciPy's.
 * @module
 */
import type { LapWorkspace } from "./workspace.ts";

const INFEASIBLE = "solveLapScipy: cost matrix is infeasible (no assignment avoids the forbidden entries)";

/**
 * Minimises Σ_i cost[i*cols + rowToCol[i]] (rows ≤ cols, rectangular allowed; +Infinity = forbidden) as SciPy's
 * `linear_sum_assignment` does, with the same choice among tied optima. Writes the assignment to `ws.rowToCol` /
 * `ws.colToRow` and exact duals to `ws.u` / `ws.v` (v ≤ 0, and 0 on unassigned columns); returns the optimal cost.
 * Throws a RangeError when no feasible assignment exists. Does not validate entries (NaN / −Infinity give undefined
 * results). Allocates nothing once `ws` is large enough. Scratch: `ws.shortest`, `ws.path` (predecessor row per
 * column), `ws.remaining` (unscanned columns), `ws.scannedRows`, `ws.scannedCols`. `stop` (optional, for time
 * limits) is asked before each row is added; when it answers true the solve is abandoned and NaN returned.
 */
export function solveLapScipyInto(
  cost: Float64Array,
  rows: number,
  cols: number,
  ws: LapWorkspace,
  stop: (() => boolean) | null = null,
): number {
  if (rows > cols) throw new RangeError(`solveLapScipy: needs rows ≤ cols, got ${rows}×${cols}`);
  ws.ensure(rows, cols);
  const { u, v, shortest: sp, path, remaining, rowToCol: col4row, colToRow: row4col } = ws;
  const rowSeen = ws.scannedRows, colSeen = ws.scannedCols;
  u.fill(0, 0, rows);
  v.fill(0, 0, cols);
  path.fill(-1, 0, cols);
  col4row.fill(-1, 0, rows);
  row4col.fill(-1, 0, cols);
  for (let curRow = 0; curRow < rows; curRow++) {
    if (stop !== null && stop()) return NaN;
    // Shortest augmenting path from curRow (scipy augmenting_path).
    let minVal = 0, numRemaining = cols, i = curRow, sink = -1;
    for (let it = 0; it < cols; it++) remaining[it] = cols - it - 1;
    rowSeen.fill(0, 0, rows);
    colSeen.fill(0, 0, cols);
    sp.fill(Infinity, 0, cols);
    while (sink === -1) {
      let index = -1, lowest = Infinity;
      rowSeen[i] = 1;
      const row = i * cols, ui = u[i];
      for (let it = 0; it < numRemaining; it++) {
        const j = remaining[it];
        const r = minVal + cost[row + j] - ui - v[j];
        if (r < sp[j]) {
          path[j] = i;
          sp[j] = r;
        }
        if (sp[j] < lowest || (sp[j] === lowest && row4col[j] === -1)) {
          lowest = sp[j];
          index = it;
        }
      }
      minVal = lowest;
      if (minVal === Infinity) throw new RangeError(`${INFEASIBLE} (row ${curRow} cannot be assigned)`);
      const j = remaining[index];
      if (row4col[j] === -1) sink = j;
      else i = row4col[j];
      colSeen[j] = 1;
      remaining[index] = remaining[--numRemaining];
    }
    // Dual update.
    u[curRow] += minVal;
    for (let r = 0; r < rows; r++) if (rowSeen[r] && r !== curRow) u[r] += minVal - sp[col4row[r]];
    for (let c = 0; c < cols; c++) if (colSeen[c]) v[c] -= minVal - sp[c];
    // Augment.
    let j = sink;
    while (true) {
      const r = path[j];
      row4col[j] = r;
      const t = col4row[r];
      col4row[r] = j;
      j = t;
      if (r === curRow) break;
    }
  }
  let total = 0;
  for (let r = 0; r < rows; r++) total += cost[r * cols + col4row[r]];
  return total;
}
