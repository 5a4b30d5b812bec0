import assert from "node:assert/strict";
import { Rng } from "../../lib/core/rng.ts";
import {
  AUCTION_RELATIVE_EPSILON,
  repairLapDualsInto,
  solveLapAuctionDefaultInto,
  solveLapAuctionInto,
} from "../../lib/lap/auction.ts";
import { solveLapInto } from "../../lib/lap/shortest_path.ts";
import { LapWorkspace } from "../../lib/lap/workspace.ts";
import { assertClose } from "../_helpers/assert.ts";
import { assignmentCost, checkDuals, randomCost } from "./_lap_cases.ts";
import { registerLapContract } from "./_lap_contract.ts";

/** Range of the finite entries (the scale of the default relative ε). */
function finiteRange(cost: Float64Array): number {
  let lo = Infinity, hi = -Infinity;
  for (const c of cost) {
    if (c === Infinity) continue;
    lo = Math.min(lo, c);
    hi = Math.max(hi, c);
  }
  return hi > lo ? hi - lo : 1;
}

registerLapContract("solveLapAuctionDefaultInto", solveLapAuctionDefaultInto, {
  rectangular: false,
  exact: false,
  slack: (n, cost) => {
    const eps = AUCTION_RELATIVE_EPSILON * finiteRange(cost);
    return { cost: n * eps, dual: eps };
  },
});

Deno.test("solveLapAuctionInto(cost, ε = 0.05) is n·ε-optimal; its ε-feasible duals repair to a valid bound", () => {
  const rng = new Rng(41);
  const ws = new LapWorkspace(1), exact = new LapWorkspace(1);
  const eps = 0.05;
  for (let t = 0; t < 30; t++) {
    const n = 5 + rng.int(40);
    const cost = randomCost(rng, n, n, t % 2 === 0 ? "real" : "forbidden");
    const optimum = solveLapInto(cost, n, n, exact);
    const value = solveLapAuctionInto(cost, n, n, ws, eps);
    assertClose(value, assignmentCost(cost, n, n, ws), 1e-12);
    assert.ok(value >= optimum - 1e-9 && value <= optimum + n * eps + 1e-9, `case ${t}: ${value} vs ${optimum}`);
    checkDuals(cost, n, n, ws, eps + 1e-9);
    const bound = repairLapDualsInto(cost, n, n, ws);
    assert.ok(bound <= optimum + 1e-9, `case ${t}: bound ${bound} above optimum ${optimum}`);
    assert.ok(bound >= optimum - n * eps - 1e-9, `case ${t}: bound ${bound} below optimum − nε`);
    assertClose(checkDuals(cost, n, n, ws, 1e-12), bound, 1e-12, "repaired duals are exactly feasible");
  }
});

Deno.test("solveLapAuctionInto(integer cost, ε < 1/n) is exactly optimal", () => {
  const rng = new Rng(43);
  const ws = new LapWorkspace(1), exact = new LapWorkspace(1);
  for (const n of [10, 60]) {
    const cost = new Float64Array(n * n);
    for (let k = 0; k < cost.length; k++) cost[k] = rng.int(30);
    assert.equal(solveLapAuctionInto(cost, n, n, ws, 0.9 / n), solveLapInto(cost, n, n, exact));
  }
});

Deno.test("solveLapAuctionInto(bad shape or ε) throws a RangeError", () => {
  const ws = new LapWorkspace(2, 3);
  const cost = new Float64Array(6);
  assert.throws(() => solveLapAuctionInto(cost, 2, 3, ws, 0.1), /needs a square matrix, got 2×3/);
  for (const eps of [0, -1, NaN, Infinity]) {
    assert.throws(() => solveLapAuctionInto(cost, 2, 2, ws, eps), /epsilon must be a positive finite number/);
  }
  assert.equal(solveLapAuctionInto(cost, 0, 0, ws, 0.1), 0);
});

Deno.test("repairLapDualsInto(rectangular cost, positive v) shifts v ≤ 0 and returns a valid lower bound", () => {
  const rng = new Rng(47);
  const rows = 4, cols = 7;
  const cost = randomCost(rng, rows, cols, "real");
  const ws = new LapWorkspace(rows, cols);
  const optimum = solveLapInto(cost, rows, cols, new LapWorkspace(rows, cols));
  for (let j = 0; j < cols; j++) ws.v[j] = rng.uniform() * 4 - 1;
  const bound = repairLapDualsInto(cost, rows, cols, ws);
  assert.ok(bound <= optimum + 1e-12, `${bound} > ${optimum}`);
  let top = -Infinity;
  for (let j = 0; j < cols; j++) top = Math.max(top, ws.v[j]);
  assert.ok(top <= 0);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) assert.ok(ws.u[i] + ws.v[j] <= cost[i * cols + j] + 1e-12);
  }
  // Optimal duals survive the repair unchanged in value.
  assertClose(
    repairLapDualsInto(
      cost,
      rows,
      cols,
      (() => {
        const exact = new LapWorkspace(rows, cols);
        solveLapInto(cost, rows, cols, exact);
        return exact;
      })(),
    ),
    optimum,
    1e-12,
  );
});
