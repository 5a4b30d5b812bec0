/**
 * Registry id "jv-shortest-path": dense linear assignment by shortest augmenting paths in float64, returning exact
 * dual potentials: the full Jonker–Volgenant algorithm (column reduction with reduction transfer and a greedy pass
 * over tight edges, two passes of augmenting row reduction with a work budget of 3·rows row scans, then
 * Dijkstra-style augmentation over a compact ready / scan / todo column list; Jonker & Volgenant 1987, after the
 * `lap` C code of T. Kazmar). Rectangular problems (rows < cols) skip the column reduction and keep v ≤ 0 with v = 0
 * on unassigned columns (Crouse 2016), so the duals stay optimal for the rectangular problem. Uniform random
 * n = 1000: ≈ 15–25 ms CPU (SciPy's linear_sum_assignment ≈ 34 ms on this machine class); see
 * tests/bench/lap_bench.ts. The Hahn–Grant solvers use the lapjv-order variant in `lapjv.ts` instead (see the table
 * in `mod.ts`).
 *
 * `solveLapInto` reuses the buffers of a {@link LapWorkspace}, so repeated calls allocate nothing; `solveLap` is the
 * checked public entry (any registry algorithm, minimise or maximise, fresh result arrays).
 * @module
 */
import { checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import type { Matrix } from "../core/matrix.ts";
import { jvColumnReduction } from "./_jv_reduction.ts";
import type { LapResult, LapSolveInto } from "./types.ts";
import { LapWorkspace } from "./workspace.ts";

/** Re-exported from `workspace.ts`, where it lives, for the importers that take it from here. */
export { LapWorkspace };

const INFEASIBLE = "solveLap: cost matrix is infeasible (no assignment avoids the forbidden entries)";

/**
 * JV column reduction and reduction transfer (square only, shared with `lapjv.ts`, see `_jv_reduction.ts`), then
 * free rows take free tight columns greedily. Leaves every assigned edge a row minimum of C − v. Writes the free
 * rows to `free`; returns their count.
 */
function columnReduction(
  cost: Float64Array,
  n: number,
  v: Float64Array,
  x: Int32Array,
  y: Int32Array,
  free: Int32Array,
  unique: Uint8Array,
): number {
  const numFree = jvColumnReduction(cost, n, v, x, y, free, unique, "solveLap");
  // Greedy tight matching: a free row takes a free column with zero reduced cost (a row minimum, as C − v ≥ 0).
  // Degenerate costs (many equal column minima, e.g. reduced Hahn–Grant subproblems) leave most rows free above.
  let kept = 0;
  for (let k = 0; k < numFree; k++) {
    const i = free[k], row = i * n;
    let j = 0;
    while (j < n && !(y[j] < 0 && cost[row + j] - v[j] === 0)) j++;
    if (j < n) {
      x[i] = j;
      y[j] = i;
    } else {
      free[kept++] = i;
    }
  }
  return kept;
}

/**
 * Two passes of JV augmenting row reduction over the free rows `free[0..numFree)`: each free row takes its best
 * column, lowering that column's v so the row's second best ties, and the displaced row is reprocessed at once.
 * In float64 this can turn into a long price war of tiny decrements, so at most `budget` row scans in all do
 * reductions (3·rows measured best on uniform costs, n = 10…1000); Dijkstra augmentation finishes the rest.
 * (`lapjv.ts` has lapjv's variant, budgeted per round: kept apart because the two orders break ties differently.)
 * Keeps every assigned edge a row minimum of C − v. Returns the number of rows still free (compacted into `free`).
 */
function augmentingRowReduction(
  cost: Float64Array,
  cols: number,
  v: Float64Array,
  x: Int32Array,
  y: Int32Array,
  free: Int32Array,
  numFree: number,
  budget: number,
): number {
  let count = 0;
  for (let pass = 0; pass < 2 && numFree > 0; pass++) {
    let current = 0, newFree = 0, passCount = 0;
    while (current < numFree) {
      count++;
      passCount++;
      const i = free[current++];
      const row = i * cols;
      // Best (v1 at j1) and second best (v2 at j2) reduced cost of row i.
      let j1 = 0, j2 = -1, v1 = cost[row] - v[0], v2 = Infinity;
      for (let j = 1; j < cols; j++) {
        const h = cost[row + j] - v[j];
        if (h < v2) {
          if (h >= v1) {
            v2 = h;
            j2 = j;
          } else {
            v2 = v1;
            v1 = h;
            j2 = j1;
            j1 = j;
          }
        }
      }
      if (!(v1 < Infinity)) throw new RangeError(`${INFEASIBLE}: row ${i} has only forbidden entries`);
      let i0 = y[j1];
      const lowered = v[j1] - (v2 - v1);
      const lowers = v2 < Infinity && lowered < v[j1];
      if (count <= budget && passCount < current * cols) {
        if (lowers) v[j1] = lowered;
        else if (i0 >= 0 && v2 < Infinity) {
          j1 = j2;
          i0 = y[j2];
        }
        if (i0 >= 0) {
          if (lowers) free[--current] = i0;
          else free[newFree++] = i0;
        }
      } else if (i0 >= 0) {
        free[newFree++] = i0;
      }
      if (i0 >= 0) x[i0] = -1;
      x[i] = j1;
      y[j1] = i;
    }
    numFree = newFree;
  }
  return numFree;
}

/**
 * Dijkstra from free row `start` over reduced costs C[i,j] − v[j] − u_i (u_i = C[i,x_i] − v[x_i] implicit),
 * with columns kept in one list split as ready [0, lo) | scan [lo, hi) | todo [hi, cols). Updates v of the ready
 * columns and returns the free column that ends the shortest path (predecessor rows in `pred`).
 * (`lapjv.ts` has lapjv's variant, which ends on the last free column at the minimal distance where this one takes
 * the first: kept apart because the two orders break ties differently.)
 */
function findPath(
  cost: Float64Array,
  cols: number,
  start: number,
  v: Float64Array,
  y: Int32Array,
  d: Float64Array,
  pred: Int32Array,
  list: Int32Array,
): number {
  const startRow = start * cols;
  for (let j = 0; j < cols; j++) {
    list[j] = j;
    pred[j] = start;
    d[j] = cost[startRow + j] - v[j];
  }
  let lo = 0, hi = 0, numReady = 0, sink = -1, mind = 0;
  while (sink === -1) {
    if (lo === hi) {
      // Move every todo column at the minimal distance to the scan list; prefer a free one as sink.
      numReady = lo;
      hi = lo + 1;
      mind = d[list[lo]];
      for (let k = hi; k < cols; k++) {
        const j = list[k];
        const dj = d[j];
        if (dj <= mind) {
          if (dj < mind) {
            hi = lo;
            mind = dj;
          }
          list[k] = list[hi];
          list[hi++] = j;
        }
      }
      if (!(mind < Infinity)) throw new RangeError(INFEASIBLE);
      for (let k = lo; k < hi; k++) {
        if (y[list[k]] < 0) {
          sink = list[k];
          break;
        }
      }
      if (sink !== -1) break;
    }
    // Scan: relax the todo columns through the row that owns the next scan column.
    const j0 = list[lo++];
    const i = y[j0];
    const row = i * cols;
    const h = cost[row + j0] - v[j0] - mind;
    for (let k = hi; k < cols; k++) {
      const j = list[k];
      const r = cost[row + j] - v[j] - h;
      if (r < d[j]) {
        d[j] = r;
        pred[j] = i;
        if (r === mind) {
          if (y[j] < 0) {
            sink = j;
            break;
          }
          list[k] = list[hi];
          list[hi++] = j;
        }
      }
    }
  }
  // Dual update of the ready columns keeps reduced costs ≥ 0 and makes the path tight.
  for (let k = 0; k < numReady; k++) {
    const j = list[k];
    v[j] += d[j] - mind;
  }
  return sink;
}

/**
 * Minimises Σ_i cost[i*cols + rowToCol[i]] over injective row→column maps (rows ≤ cols); +Infinity marks forbidden
 * entries. Results land in `ws.rowToCol`, `ws.colToRow`, `ws.u`, `ws.v` (first `rows` / `cols` entries) with
 * u[i] + v[j] ≤ C[i,j], v[j] = 0 on unassigned columns and Σu + Σv = the optimum (up to float rounding); returns
 * the optimal cost. Throws a RangeError when no feasible assignment exists. Does not validate (see {@link solveLap}):
 * NaN or −Infinity entries give undefined results. Allocates nothing once `ws` is large enough. `stop` (optional, for
 * time limits) is asked before each shortest-path augmentation; when it answers true the solve is abandoned and NaN
 * returned.
 */
export function solveLapInto(
  cost: Float64Array,
  rows: number,
  cols: number,
  ws: LapWorkspace,
  stop: (() => boolean) | null = null,
): number {
  ws.ensure(rows, cols);
  const { u, v, rowToCol: x, colToRow: y, shortest: d, path: pred, remaining: list, freeRows: free } = ws;
  x.fill(-1, 0, rows);
  y.fill(-1, 0, cols);
  let numFree: number;
  if (rows === cols) {
    numFree = columnReduction(cost, rows, v, x, y, free, ws.scannedRows);
  } else {
    v.fill(0, 0, cols);
    for (let i = 0; i < rows; i++) free[i] = i;
    numFree = rows;
  }
  if (numFree > 0) numFree = augmentingRowReduction(cost, cols, v, x, y, free, numFree, 3 * rows);
  for (let k = 0; k < numFree; k++) {
    if (stop !== null && stop()) return NaN;
    const start = free[k];
    let j = findPath(cost, cols, start, v, y, d, pred, list);
    // Augment along the alternating path back to the start row.
    for (let guard = 0; guard <= rows; guard++) {
      const i = pred[j];
      y[j] = i;
      const previous = x[i];
      x[i] = j;
      if (i === start) break;
      j = previous;
    }
  }
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const c = cost[i * cols + x[i]];
    u[i] = c - v[x[i]];
    total += c;
  }
  return total;
}

/** Options of {@link solveLap}. */
export interface LapOptions {
  /** Maximise instead of minimise; duals then satisfy u[i] + v[j] ≥ C[i,j]. Default false. */
  maximize?: boolean;
  /**
   * LAP algorithm (a {@link LapSolveInto}, e.g. `LAP_ALGORITHMS[id].solve` from `lap/algorithms.ts`). Default
   * {@link solveLapInto}. With the auction the assignment is ε-optimal and the duals only ε-feasible.
   */
  algorithm?: LapSolveInto;
}

/** Defaults of {@link solveLap}. */
export const LAP_DEFAULTS: Readonly<Required<LapOptions>> = Object.freeze({
  maximize: false,
  algorithm: solveLapInto,
});

/**
 * Solves the linear assignment problem on `cost` (rows ≤ cols; transpose first otherwise). +Infinity entries are
 * forbidden (−Infinity when maximising); NaN is rejected. Never mutates `cost`. Returns assignment and exact duals.
 */
export function solveLap(cost: Matrix, options: LapOptions = {}): LapResult {
  const fn = "solveLap";
  checkType(
    cost !== null && typeof cost === "object" && cost.data instanceof Float64Array,
    fn,
    "cost must be a Matrix",
  );
  checkKnownKeys(options, Object.keys(LAP_DEFAULTS), fn);
  const { rows, cols } = cost;
  checkRange(
    cost.data.length === rows * cols,
    fn,
    `cost.data has length ${cost.data.length}, expected ${rows}×${cols}`,
  );
  checkRange(rows <= cols, fn, `needs rows ≤ cols, got ${rows}×${cols} (pass the transpose)`);
  const maximize = options.maximize ?? LAP_DEFAULTS.maximize;
  const algorithm = options.algorithm ?? LAP_DEFAULTS.algorithm;
  checkType(typeof maximize === "boolean", fn, `options.maximize must be a boolean, got ${String(maximize)}`);
  checkType(typeof algorithm === "function", fn, `options.algorithm must be a function, got ${String(algorithm)}`);
  const data = new Float64Array(rows * cols);
  for (let k = 0; k < data.length; k++) {
    const x = cost.data[k];
    if (Number.isNaN(x)) throw new RangeError(`${fn}: cost has NaN at [${Math.floor(k / cols)}, ${k % cols}]`);
    if (x === (maximize ? Infinity : -Infinity)) {
      throw new RangeError(
        `${fn}: cost has ${x} at [${Math.floor(k / cols)}, ${k % cols}] (use ${
          maximize ? "-" : "+"
        }Infinity to forbid)`,
      );
    }
    data[k] = maximize ? -x : x;
  }
  const ws = new LapWorkspace(rows, cols);
  const total = algorithm(data, rows, cols, ws);
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
