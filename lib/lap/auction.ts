/**
 * Bertsekas forward–reverse auction with ε-scaling for the square minimisation LAP (the original's
 * "forward_backward_auction_cpp"), Gauss–Seidel style (one bid at a time). It works on benefits a = −C with person
 * profits π and object prices p, keeping ε-complementary slackness π_i + p_j ≥ a_ij − ε for every pair and equality
 * on assigned pairs. Forward bids (free rows bid for their best column) and reverse bids (free columns bid for their
 * best row) alternate, switching whenever one more pair gets assigned; ε shrinks by {@link AUCTION_SCALING} per
 * phase down to the requested value (phases with ε > range / n bid forward only, see `runPhase`).
 *
 * Guarantees at the end: the assignment costs at most the optimum + n·ε, and the duals u = −π, v = −p satisfy
 * u_i + v_j ≤ C_ij + ε (only ε-feasible). {@link repairLapDualsInto} turns any such duals into exactly feasible
 * ones and returns Σu + Σv, a valid lower bound (≥ optimum − n·ε for auction duals).
 * @module
 */
import type { LapWorkspace } from "./workspace.ts";

/** Factor by which ε shrinks between phases (Bertsekas suggests 4–10; 10 ran about 2× faster than 5 at n = 9). */
export const AUCTION_SCALING = 10;

/** Relative ε of {@link solveLapAuctionDefaultInto}: ε = 1e-9 × (max − min finite cost), or 1e-9 if constant. */
export const AUCTION_RELATIVE_EPSILON = 1e-9;

const INFEASIBLE = "solveLapAuction: cost matrix is infeasible (no assignment avoids the forbidden entries)";

/**
 * Minimises Σ_i cost[i*n + rowToCol[i]] on a square n×n matrix (+Infinity = forbidden) by forward–reverse auction
 * with ε-scaling; `epsilon` > 0 is the final ε (absolute, or relative to the range of finite costs when `relative`).
 * The result is within n·ε of the optimum (exact for integer costs when ε < 1/n). Writes the assignment to
 * `ws.rowToCol` / `ws.colToRow` and ε-feasible duals (u_i + v_j ≤ C_ij + ε, equality on the assignment up to
 * rounding) to `ws.u` / `ws.v`; returns the cost of the assignment. Throws a RangeError for rows ≠ cols or an
 * infeasible matrix. Does not validate entries (NaN / −Infinity give undefined results). Allocates nothing once `ws`
 * is large enough. Scratch: `ws.freeRows`, `ws.remaining` (free row / column stacks), `ws.scannedRows/Cols` (flags).
 */
export function solveLapAuctionInto(
  cost: Float64Array,
  rows: number,
  cols: number,
  ws: LapWorkspace,
  epsilon: number,
  relative = false,
): number {
  if (rows !== cols) throw new RangeError(`solveLapAuction: needs a square matrix, got ${rows}×${cols}`);
  if (!(epsilon > 0) || epsilon === Infinity) {
    throw new RangeError(`solveLapAuction: epsilon must be a positive finite number, got ${epsilon}`);
  }
  const n = rows;
  ws.ensure(n, n);
  const { u: profit, v: price, rowToCol: x, colToRow: y } = ws;
  const freeRows = ws.freeRows, freeCols = ws.remaining, rowQueued = ws.scannedRows, colQueued = ws.scannedCols;
  if (n === 0) return 0;

  // Range of the finite costs; forbidden entries become a finite penalty `big` that no n·ε-optimal assignment uses
  // when a feasible one exists (big − maxCost > (n − 1)·range + n·ε).
  let minCost = Infinity, maxCost = -Infinity, hasForbidden = false;
  for (let k = 0; k < n * n; k++) {
    const c = cost[k];
    if (c === Infinity) hasForbidden = true;
    else {
      if (c < minCost) minCost = c;
      if (c > maxCost) maxCost = c;
    }
  }
  if (!(maxCost > -Infinity)) throw new RangeError(INFEASIBLE);
  const range = maxCost - minCost;
  let finalEpsilon = relative ? epsilon * (range > 0 ? range : 1) : epsilon;
  const big = hasForbidden ? maxCost + (n + 1) * (range + finalEpsilon) : Infinity;
  const top = hasForbidden ? big : maxCost;
  // Below ~2^-40 of the price scale an ε increment can vanish in rounding and bidding would cycle.
  const floor = 2 ** -40 * (Math.abs(top) + Math.abs(minCost) + n * (top - minCost));
  if (finalEpsilon < floor) finalEpsilon = floor;

  price.fill(0, 0, n);
  let eps = Math.max(finalEpsilon, (top - minCost) / 4);
  for (;;) {
    const useReverse = eps <= (top - minCost) / n;
    runPhase(cost, n, big, eps, useReverse, profit, price, x, y, freeRows, freeCols, rowQueued, colQueued);
    if (eps <= finalEpsilon) break;
    eps = Math.max(finalEpsilon, eps / AUCTION_SCALING);
  }

  // Minimisation duals u = −π, v = −p; assignment cost.
  let total = 0;
  for (let i = 0; i < n; i++) {
    const c = cost[i * n + x[i]];
    if (c === Infinity) throw new RangeError(INFEASIBLE);
    total += c;
    profit[i] = -profit[i];
  }
  for (let j = 0; j < n; j++) price[j] = -price[j];
  return total;
}

/**
 * Registry id "auction": {@link solveLapAuctionInto} with the default relative ε ({@link AUCTION_RELATIVE_EPSILON} ×
 * range of the finite costs), in the `LapSolveInto` convention: square only, assignment within n·ε of the
 * optimum, duals ε-feasible (repair them with {@link repairLapDualsInto} before banking them as a bound).
 */
export function solveLapAuctionDefaultInto(cost: Float64Array, rows: number, cols: number, ws: LapWorkspace): number {
  return solveLapAuctionInto(cost, rows, cols, ws, AUCTION_RELATIVE_EPSILON, true);
}

/**
 * One ε-phase: starts with nothing assigned and π_i = max_j (a_ij − p_j), ends with a full assignment. Reverse bids
 * run only when `useReverse`: while ε is large against the cost range (ε > range / n) forward and reverse bids keep
 * displacing each other through long chains (measured 50–100× more bids at n = 300), so early phases bid forward only.
 */
function runPhase(
  cost: Float64Array,
  n: number,
  big: number,
  eps: number,
  useReverse: boolean,
  profit: Float64Array,
  price: Float64Array,
  x: Int32Array,
  y: Int32Array,
  freeRows: Int32Array,
  freeCols: Int32Array,
  rowQueued: Uint8Array,
  colQueued: Uint8Array,
): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let best = -Infinity;
    for (let j = 0; j < n; j++) {
      const c = cost[row + j];
      const value = -(c < big ? c : big) - price[j];
      if (value > best) best = value;
    }
    profit[i] = best;
    x[i] = -1;
    y[i] = -1;
    // Stacks of free rows / columns (lazy deletion: an entry may be stale, its flag says whether it is queued).
    freeRows[i] = n - 1 - i;
    freeCols[i] = n - 1 - i;
    rowQueued[i] = 1;
    colQueued[i] = 1;
  }
  if (n === 1) {
    x[0] = 0;
    y[0] = 0;
    const c = cost[0];
    price[0] = 0;
    profit[0] = -(c < big ? c : big);
    return;
  }
  let numFreeRows = n, numFreeCols = n, unassigned = n;
  while (unassigned > 0) {
    // Forward: free rows bid until one more pair is assigned.
    const target = unassigned - 1;
    while (unassigned > target) {
      const i = freeRows[--numFreeRows];
      rowQueued[i] = 0;
      if (x[i] >= 0) continue;
      const row = i * n;
      let w1 = -Infinity, w2 = -Infinity, j1 = -1;
      for (let j = 0; j < n; j++) {
        const c = cost[row + j];
        const value = -(c < big ? c : big) - price[j];
        if (value > w1) {
          w2 = w1;
          w1 = value;
          j1 = j;
        } else if (value > w2) {
          w2 = value;
        }
      }
      const a1 = w1 + price[j1];
      price[j1] = a1 - w2 + eps;
      profit[i] = w2 - eps;
      const k = y[j1];
      x[i] = j1;
      y[j1] = i;
      if (k >= 0) {
        x[k] = -1;
        // Tighten the displaced row's profit to max_j (a_kj − p_j) so reverse bids see it as a real candidate.
        const rowK = k * n;
        let bestK = -Infinity;
        for (let j = 0; j < n; j++) {
          const c = cost[rowK + j];
          const value = -(c < big ? c : big) - price[j];
          if (value > bestK) bestK = value;
        }
        profit[k] = bestK;
        if (rowQueued[k] === 0) {
          rowQueued[k] = 1;
          freeRows[numFreeRows++] = k;
        }
      } else {
        unassigned--;
      }
    }
    if (unassigned === 0 || !useReverse) continue;
    // Reverse: free columns bid until one more pair is assigned.
    const reverseTarget = unassigned - 1;
    while (unassigned > reverseTarget) {
      const j = freeCols[--numFreeCols];
      colQueued[j] = 0;
      if (y[j] >= 0) continue;
      let b1 = -Infinity, b2 = -Infinity, i1 = -1;
      for (let i = 0, k = j; i < n; i++, k += n) {
        const c = cost[k];
        const value = -(c < big ? c : big) - profit[i];
        if (value > b1) {
          b2 = b1;
          b1 = value;
          i1 = i;
        } else if (value > b2) {
          b2 = value;
        }
      }
      const a1 = b1 + profit[i1];
      profit[i1] = a1 - b2 + eps;
      price[j] = b2 - eps;
      const l = x[i1];
      x[i1] = j;
      y[j] = i1;
      if (l >= 0) {
        y[l] = -1;
        // Tighten the displaced column's price to max_i (a_il − π_i) so forward bids see it as a real candidate.
        let bestL = -Infinity;
        for (let i = 0, k = l; i < n; i++, k += n) {
          const c = cost[k];
          const value = -(c < big ? c : big) - profit[i];
          if (value > bestL) bestL = value;
        }
        price[l] = bestL;
        if (colQueued[l] === 0) {
          colQueued[l] = 1;
          freeCols[numFreeCols++] = l;
        }
      } else {
        unassigned--;
      }
    }
  }
}

/**
 * Makes LAP duals exactly feasible and returns their value, a valid lower bound on the optimum of `cost`
 * (rows ≤ cols, +Infinity = forbidden). For rectangular problems the column duals are first shifted down so that
 * max_j v_j ≤ 0 (the rectangular dual needs v ≤ 0); then every row dual becomes u_i = min_j (C_ij − v_j), so
 * u_i + v_j ≤ C_ij holds for every pair up to one float rounding, and Σu + Σv ≤ optimum. Starting from auction duals
 * (u_i + v_j ≤ C_ij + ε, tight on an assignment) the value is ≥ optimum − n·ε. Overwrites `ws.u` (and `ws.v` when
 * shifted); allocates nothing. Returns −Infinity if a row has only forbidden entries.
 */
export function repairLapDualsInto(cost: Float64Array, rows: number, cols: number, ws: LapWorkspace): number {
  const { u, v } = ws;
  let total = 0;
  if (rows < cols) {
    let top = -Infinity;
    for (let j = 0; j < cols; j++) if (v[j] > top) top = v[j];
    if (top > 0) { for (let j = 0; j < cols; j++) v[j] -= top; }
  }
  for (let j = 0; j < cols; j++) total += v[j];
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    let best = Infinity;
    for (let j = 0; j < cols; j++) {
      const r = cost[row + j] - v[j];
      if (r < best) best = r;
    }
    if (!(best < Infinity)) best = -Infinity;
    u[i] = best;
    total += best;
  }
  return total;
}
