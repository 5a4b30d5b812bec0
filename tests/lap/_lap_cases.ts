/** Shared LAP test helpers: brute force, random instances, dual checks. */
import assert from "node:assert/strict";
import { Rng } from "../../lib/core/rng.ts";
import type { LapWorkspace } from "../../lib/lap/workspace.ts";
import type { LapSolveInto } from "../../lib/lap/types.ts";

/** Optimal value by enumerating every injective row→column map (Infinity when infeasible). */
export function bruteForceLap(cost: Float64Array, rows: number, cols: number): number {
  const used = new Uint8Array(cols);
  let best = Infinity;
  const visit = (i: number, acc: number): void => {
    if (i === rows) {
      if (acc < best) best = acc;
      return;
    }
    for (let j = 0; j < cols; j++) {
      if (used[j] === 1) continue;
      const c = cost[i * cols + j];
      if (c === Infinity) continue;
      used[j] = 1;
      visit(i + 1, acc + c);
      used[j] = 0;
    }
  };
  visit(0, 0);
  return best;
}

/** Kinds of random entries. */
export type EntryKind = "real" | "int" | "forbidden";

/** A random rows×cols cost: reals in [−1, 2), integers in [0, 4) (many ties), or integers with ~30 % +Inf. */
export function randomCost(rng: Rng, rows: number, cols: number, kind: EntryKind): Float64Array {
  const cost = new Float64Array(rows * cols);
  for (let k = 0; k < cost.length; k++) {
    if (kind === "real") cost[k] = 3 * rng.uniform() - 1;
    else if (kind === "int") cost[k] = rng.int(4);
    else cost[k] = rng.uniform() < 0.3 ? Infinity : rng.int(10);
  }
  return cost;
}

/** Asserts rowToCol / colToRow form a valid injective assignment that avoids forbidden entries; returns its cost. */
export function assignmentCost(cost: Float64Array, rows: number, cols: number, ws: LapWorkspace): number {
  const seen = new Uint8Array(cols);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const j = ws.rowToCol[i];
    assert.ok(j >= 0 && j < cols, `row ${i} assigned to ${j}`);
    assert.equal(seen[j], 0, `column ${j} used twice`);
    seen[j] = 1;
    assert.equal(ws.colToRow[j], i, `colToRow[${j}] should be ${i}`);
    assert.ok(cost[i * cols + j] < Infinity, `row ${i} uses forbidden column ${j}`);
    total += cost[i * cols + j];
  }
  for (let j = 0; j < cols; j++) if (seen[j] === 0) assert.equal(ws.colToRow[j], -1, `free column ${j}`);
  return total;
}

/**
 * Asserts u_i + v_j ≤ C_ij + slack for all pairs, v = 0 on free columns when rectangular, and returns Σu + Σv.
 */
export function checkDuals(cost: Float64Array, rows: number, cols: number, ws: LapWorkspace, slack = 1e-9): number {
  let total = 0;
  for (let i = 0; i < rows; i++) {
    total += ws.u[i];
    for (let j = 0; j < cols; j++) {
      const c = cost[i * cols + j];
      assert.ok(ws.u[i] + ws.v[j] <= c + slack, `dual infeasible at [${i}, ${j}]: ${ws.u[i]} + ${ws.v[j]} > ${c}`);
    }
  }
  for (let j = 0; j < cols; j++) {
    total += ws.v[j];
    if (rows < cols && ws.colToRow[j] < 0) assert.equal(ws.v[j], 0, `v[${j}] of a free column`);
  }
  return total;
}

/** C_ij = a_i + b_j + penalty·[j ≠ p_i] with penalty ≥ 1: the optimum is Σa + Σb, reached only by p. */
export function plantedCost(rng: Rng, n: number): { cost: Float64Array; optimum: number; planted: Int32Array } {
  const planted = rng.permutation(n);
  const a = Array.from({ length: n }, () => rng.int(100) - 50);
  const b = Array.from({ length: n }, () => rng.int(100) - 50);
  const cost = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) cost[i * n + j] = a[i] + b[j] + (j === planted[i] ? 0 : 1 + rng.int(20));
  }
  const optimum = a.reduce((s, x) => s + x, 0) + b.reduce((s, x) => s + x, 0);
  return { cost, optimum, planted };
}

/** Runs `solve` and returns its value, or Infinity when it throws the infeasibility RangeError. */
export function solveOrInfinity(solve: LapSolveInto, cost: Float64Array, rows: number, cols: number, ws: LapWorkspace) {
  try {
    return solve(cost, rows, cols, ws);
  } catch (error) {
    assert.ok(error instanceof RangeError, `expected RangeError, got ${error}`);
    assert.match(error.message, /infeasible/);
    return Infinity;
  }
}
