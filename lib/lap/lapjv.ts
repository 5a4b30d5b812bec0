/**
 * Registry id "jv-lapjv": Jonker–Volgenant in the order of operations of the original's `lapjv` (gatagat / src-d:
 * column reduction with reduction transfer, two rounds of augmenting row reduction, then Dijkstra-style augmentation),
 * in float64. It is the LAP of both Hahn–Grant solvers. The "jv-shortest-path" JV (`shortest_path.ts`) is optimal
 * too, but Hahn–Grant progress depends on which of the many optimal dual solutions a LAP returns, and lapjv's prove
 * more instances (measured: 8 vs 7 of the original's 8 proven synth-gw-N10 seeds). So the order of every operation
 * here is load-bearing: a change that keeps the LAP optimal can still change the banked duals, the bounds and the
 * iteration counts of the Hahn–Grant solvers.
 *
 * The two JV codes stay separate on purpose although they look alike: "jv-shortest-path" adds a greedy tight-edge
 * pass after the column reduction, budgets augmenting row reduction over both rounds, scans one column per step and
 * forms u as C[i,x_i] − v[x_i]; sharing code would change the tie-breaking of one of them.
 * @module
 */
import { jvColumnReduction } from "./_jv_reduction.ts";
import { repairLapDualsInto } from "./auction.ts";
import type { LapWorkspace } from "./workspace.ts";

/** Augmenting row reduction steps per round, in multiples of m (see {@link solveLapjvInto}). */
const ARR_STEPS_PER_ROW = 3;

const INFEASIBLE = "solveLapjv: cost matrix is infeasible (no assignment avoids the forbidden entries)";

/**
 * Minimises Σ_i cost[i*m + rowToCol[i]] on a square m×m matrix (+Infinity = forbidden) by Jonker–Volgenant exactly
 * as the original's `lapjv`. Duals follow its convention: v = column potentials, u[i] = min_j (C[i,j] − v[j]) (taken
 * as the row minimum because the port of lapjv can leave a row off its minimum on ties: the duals are then exactly
 * feasible and Σu + Σv stays a bound; `lapDualValue` in `workspace.ts` sums them as Hahn–Grant banks them).
 * One deliberate change: each augmenting row reduction round lowers prices at most 3·m times (lapjv allows
 * current·m). In float32 (the original) near-ties end the price ping-pong quickly; in float64 it can run O(m²) steps
 * of O(m) each, which made a LAP of size 99 take ~10 ms. Remaining free rows go to the exact augmentation, so the
 * result stays optimal. Results in `ws`; returns the cost of the assignment. Throws a RangeError for rows ≠ cols or
 * an infeasible matrix (the checks never fire on finite costs, so they leave the order of operations untouched).
 * Does not validate entries (NaN / −Infinity give undefined results). Allocates nothing once `ws` is large enough.
 * Scratch: `ws.remaining` (free rows), `ws.path` (column list), `ws.predecessor`, `ws.shortest`, `ws.scannedRows`.
 */
export function solveLapjvInto(cost: Float64Array, rows: number, cols: number, ws: LapWorkspace): number {
  if (rows !== cols) throw new RangeError(`solveLapjv: needs a square matrix, got ${rows}×${cols}`);
  const m = rows;
  ws.ensure(m, m);
  const { u, v, rowToCol: x, colToRow: y } = ws;
  const freeRows = ws.remaining, colList = ws.path, d = ws.shortest, unique = ws.scannedRows, pred = ws.predecessor;
  if (m === 0) return 0;
  if (m === 1) {
    if (!(cost[0] < Infinity)) throw new RangeError(INFEASIBLE);
    x[0] = 0;
    y[0] = 0;
    v[0] = cost[0];
    u[0] = 0;
    return cost[0];
  }
  // Column reduction + reduction transfer (_ccrrt_dense).
  x.fill(-1, 0, m);
  const nFree = jvColumnReduction(cost, m, v, x, y, freeRows, unique, "solveLapjv");
  const nLeft = augmentingRowReduction(cost, m, v, x, y, freeRows, nFree);
  // Augmentation (_ca_dense with find_path_dense).
  for (let f = 0; f < nLeft; f++) {
    const startI = freeRows[f];
    let j = findPath(cost, m, startI, y, v, pred, colList, d);
    let i = -1;
    while (i !== startI) {
      i = pred[j];
      y[j] = i;
      const t = x[i];
      x[i] = j;
      j = t;
    }
  }
  repairLapDualsInto(cost, m, m, ws);
  let total = 0;
  for (let i = 0; i < m; i++) total += cost[i * m + x[i]];
  return total;
}

/**
 * Two rounds of augmenting row reduction (lapjv's _carr_dense) over `freeRows[0..nFree)`, each capped at
 * {@link ARR_STEPS_PER_ROW}·m price-lowering steps. Returns the number of rows still free (compacted in `freeRows`).
 */
function augmentingRowReduction(
  cost: Float64Array,
  m: number,
  v: Float64Array,
  x: Int32Array,
  y: Int32Array,
  freeRows: Int32Array,
  nFree: number,
): number {
  for (let round = 0; round < 2 && nFree > 0; round++) {
    let current = 0, newFree = 0, rrCount = 0;
    while (current < nFree) {
      rrCount++;
      const freeI = freeRows[current++], row = freeI * m;
      let j1 = 0, v1 = cost[row] - v[0], j2 = -1, v2 = Infinity;
      for (let j = 1; j < m; j++) {
        const c = cost[row + j] - v[j];
        if (c < v2) {
          if (c >= v1) {
            v2 = c;
            j2 = j;
          } else {
            v2 = v1;
            v1 = c;
            j2 = j1;
            j1 = j;
          }
        }
      }
      if (!(v1 < Infinity)) throw new RangeError(`${INFEASIBLE}: row ${freeI} has only forbidden entries`);
      let i0 = y[j1];
      const v1New = v[j1] - (v2 - v1);
      // With finite costs v2 is finite (m ≥ 2); the two `v2 < Infinity` tests only keep forbidden entries out.
      const v1Lowers = v2 < Infinity && v1New < v[j1];
      if (rrCount < current * m && rrCount < ARR_STEPS_PER_ROW * m) {
        if (v1Lowers) v[j1] = v1New;
        else if (i0 >= 0 && j2 >= 0 && v2 < Infinity) {
          j1 = j2;
          i0 = y[j2];
        }
        if (i0 >= 0) {
          if (v1Lowers) freeRows[--current] = i0;
          else freeRows[newFree++] = i0;
        }
      } else if (i0 >= 0) freeRows[newFree++] = i0;
      x[freeI] = j1;
      y[j1] = freeI;
    }
    nFree = newFree;
  }
  return nFree;
}

/**
 * Shortest augmenting path from free row `startI` (lapjv's find_path_dense with _find_dense / _scan_dense): columns
 * in `colList` split as ready [0, lo) | scan [lo, hi) | todo [hi, m). Updates v of the ready columns; returns the free
 * column that ends the path (predecessor rows in `pred`).
 */
function findPath(
  cost: Float64Array,
  m: number,
  startI: number,
  y: Int32Array,
  v: Float64Array,
  pred: Int32Array,
  colList: Int32Array,
  d: Float64Array,
): number {
  let lo = 0, hi = 0, nReady = 0, finalJ = -1;
  const srow = startI * m;
  for (let j = 0; j < m; j++) {
    colList[j] = j;
    pred[j] = startI;
    d[j] = cost[srow + j] - v[j];
  }
  while (finalJ === -1) {
    if (lo === hi) {
      nReady = lo;
      // _find_dense: move the columns with minimal d to colList[lo..hi).
      hi = lo + 1;
      let mind = d[colList[lo]];
      for (let k = hi; k < m; k++) {
        const j = colList[k];
        if (d[j] <= mind) {
          if (d[j] < mind) {
            hi = lo;
            mind = d[j];
          }
          colList[k] = colList[hi];
          colList[hi++] = j;
        }
      }
      if (!(mind < Infinity)) throw new RangeError(INFEASIBLE);
      for (let k = lo; k < hi; k++) if (y[colList[k]] < 0) finalJ = colList[k];
    }
    if (finalJ === -1) {
      // _scan_dense
      scan: while (lo !== hi) {
        const j0 = colList[lo++], i = y[j0], mind = d[j0], row = i * m;
        const h = cost[row + j0] - v[j0] - mind;
        for (let k = hi; k < m; k++) {
          const j = colList[k];
          const cred = cost[row + j] - v[j] - h;
          if (cred < d[j]) {
            d[j] = cred;
            pred[j] = i;
            if (cred === mind) {
              if (y[j] < 0) {
                finalJ = j;
                break scan;
              }
              colList[k] = colList[hi];
              colList[hi++] = j;
            }
          }
        }
      }
    }
  }
  // The level of the final column (lapjv reads d[cols[lo]], which is a later column when the scan list ran empty).
  const mind = d[finalJ];
  for (let k = 0; k < nReady; k++) {
    const j = colList[k];
    v[j] += d[j] - mind;
  }
  return finalJ;
}
