/**
 * Internal LAP kernel of the Hahn–Grant solvers: Jonker–Volgenant in the original lapjv's order of operations. The
 * shared `lib/lap` "jv" (shortest augmenting path) is optimal too, but Hahn–Grant progress depends on which of the
 * many optimal dual solutions a LAP returns, and lapjv's (column reduction, reduction transfer, augmenting row
 * reduction) prove more instances (measured: 8 vs 7 of the original's 8 proven synth-gw-N10 seeds).
 * All work happens in a caller-owned {@link LapWorkspace}; nothing is allocated per call.
 * @module
 */
import { repairLapDualsInto } from "../../lap/auction.ts";
import type { LapWorkspace } from "../../lap/shortest_path.ts";

let predScratch = new Int32Array(0);

/** Augmenting row reduction steps per round, in multiples of m (see {@link solveJvInto}). */
const ARR_STEPS_PER_ROW = 3;

/**
 * Jonker–Volgenant exactly as the original's `lapjv` (gatagat/src-d: column reduction with reduction transfer, two
 * rounds of augmenting row reduction, then Dijkstra-style augmentation) but in float64. Duals follow its convention:
 * v = column potentials, u[i] = min_j (C[i,j] − v[j]). One deliberate change: each augmenting row reduction round
 * lowers prices at most 3·m times (lapjv allows current·m). In float32 (the original) near-ties end the price
 * ping-pong quickly; in float64 it can run O(m²) steps of O(m) each, which made a LAP of size 99 take ~10 ms.
 * Remaining free rows go to the exact augmentation, so the result stays optimal. Results in `ws`; returns Σu + Σv. The choice among non-unique
 * optimal duals matters for Hahn–Grant progress, which is why this follows the original's order of operations.
 */
export function solveJvInto(cost: Float64Array, m: number, ws: LapWorkspace): number {
  const { u, v, rowToCol: x, colToRow: y } = ws;
  const freeRows = ws.remaining, cols = ws.path, d = ws.shortest, unique = ws.scannedRows;
  if (predScratch.length < m) predScratch = new Int32Array(m);
  const pred = predScratch;
  if (m === 1) {
    x[0] = 0;
    y[0] = 0;
    v[0] = cost[0];
    u[0] = 0;
    return cost[0];
  }
  // Column reduction + reduction transfer (_ccrrt_dense).
  for (let i = 0; i < m; i++) {
    x[i] = -1;
    v[i] = Infinity;
    y[i] = 0;
  }
  for (let i = 0; i < m; i++) {
    const row = i * m;
    for (let j = 0; j < m; j++) {
      const c = cost[row + j];
      if (c < v[j]) {
        v[j] = c;
        y[j] = i;
      }
    }
  }
  unique.fill(1, 0, m);
  for (let j = m - 1; j >= 0; j--) {
    const i = y[j];
    if (x[i] < 0) x[i] = j;
    else {
      unique[i] = 0;
      y[j] = -1;
    }
  }
  let nFree = 0;
  for (let i = 0; i < m; i++) {
    if (x[i] < 0) freeRows[nFree++] = i;
    else if (unique[i]) {
      const j = x[i], row = i * m;
      let min = Infinity;
      for (let j2 = 0; j2 < m; j2++) {
        if (j2 === j) continue;
        const c = cost[row + j2] - v[j2];
        if (c < min) min = c;
      }
      v[j] -= min;
    }
  }
  // Two rounds of augmenting row reduction (_carr_dense).
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
      let i0 = y[j1];
      const v1New = v[j1] - (v2 - v1);
      const v1Lowers = v1New < v[j1];
      if (rrCount < current * m && rrCount < ARR_STEPS_PER_ROW * m) {
        if (v1Lowers) v[j1] = v1New;
        else if (i0 >= 0 && j2 >= 0) {
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
  // Augmentation (_ca_dense with find_path_dense).
  for (let f = 0; f < nFree; f++) {
    const startI = freeRows[f];
    let j = findPath(cost, m, startI, y, v, pred, cols, d);
    let i = -1;
    while (i !== startI) {
      i = pred[j];
      y[j] = i;
      const t = x[i];
      x[i] = j;
      j = t;
    }
  }
  // u[i] = min_j (C[i,j] − v[j]) (= C[i,x_i] − v[x_i] when JV's invariant holds; the port of lapjv can leave a row
  // off its minimum on ties, so take the minimum: the duals are then exactly feasible and Σu + Σv stays a bound).
  return repairLapDualsInto(cost, m, m, ws);
}

function findPath(
  cost: Float64Array,
  m: number,
  startI: number,
  y: Int32Array,
  v: Float64Array,
  pred: Int32Array,
  cols: Int32Array,
  d: Float64Array,
): number {
  let lo = 0, hi = 0, nReady = 0, finalJ = -1;
  const srow = startI * m;
  for (let j = 0; j < m; j++) {
    cols[j] = j;
    pred[j] = startI;
    d[j] = cost[srow + j] - v[j];
  }
  while (finalJ === -1) {
    if (lo === hi) {
      nReady = lo;
      // _find_dense: move the columns with minimal d to cols[lo..hi).
      hi = lo + 1;
      let mind = d[cols[lo]];
      for (let k = hi; k < m; k++) {
        const j = cols[k];
        if (d[j] <= mind) {
          if (d[j] < mind) {
            hi = lo;
            mind = d[j];
          }
          cols[k] = cols[hi];
          cols[hi++] = j;
        }
      }
      for (let k = lo; k < hi; k++) if (y[cols[k]] < 0) finalJ = cols[k];
    }
    if (finalJ === -1) {
      // _scan_dense
      scan: while (lo !== hi) {
        const j0 = cols[lo++], i = y[j0], mind = d[j0], row = i * m;
        const h = cost[row + j0] - v[j0] - mind;
        for (let k = hi; k < m; k++) {
          const j = cols[k];
          const cred = cost[row + j] - v[j] - h;
          if (cred < d[j]) {
            d[j] = cred;
            pred[j] = i;
            if (cred === mind) {
              if (y[j] < 0) {
                finalJ = j;
                break scan;
              }
              cols[k] = cols[hi];
              cols[hi++] = j;
            }
          }
        }
      }
    }
  }
  // The level of the final column (lapjv reads d[cols[lo]], which is a later column when the scan list ran empty).
  const mind = d[finalJ];
  for (let k = 0; k < nReady; k++) {
    const j = cols[k];
    v[j] += d[j] - mind;
  }
  return finalJ;
}
