import assert from "node:assert/strict";
import { Rng } from "../../lib/core/rng.ts";
import { repairLapDualsInto } from "../../lib/lap/auction.ts";
import { solveLapjvInto } from "../../lib/lap/lapjv.ts";
import { solveLapInto } from "../../lib/lap/shortest_path.ts";
import { lapDualValue, LapWorkspace } from "../../lib/lap/workspace.ts";
import { assertClose } from "../_helpers/assert.ts";
import { checkDuals, randomCost } from "./_lap_cases.ts";
import { registerLapContract } from "./_lap_contract.ts";

registerLapContract("solveLapjvInto", solveLapjvInto, {
  rectangular: false,
  exact: true,
  slack: () => ({ cost: 0, dual: 0 }),
});

/** Rank-1 product plus noise, row- and column-reduced: the shape of Hahn–Grant subproblems (many zero ties). */
function hahnGrantLike(rng: Rng, n: number): Float64Array {
  const x = Array.from({ length: n }, () => rng.int(6)), y = Array.from({ length: n }, () => rng.int(6));
  const cost = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cost[i * n + j] = x[i] * y[j] + rng.int(3);
  for (let i = 0; i < n; i++) {
    const m = Math.min(...cost.subarray(i * n, (i + 1) * n));
    for (let j = 0; j < n; j++) cost[i * n + j] -= m;
  }
  return cost;
}

Deno.test("solveLapjvInto(tied Hahn–Grant-like costs) is optimal with exactly feasible duals summing to it", () => {
  const rng = new Rng(61);
  const ws = new LapWorkspace(1), reference = new LapWorkspace(1);
  for (let t = 0; t < 200; t++) {
    const n = 2 + rng.int(30);
    const cost = t % 2 === 0 ? hahnGrantLike(rng, n) : randomCost(rng, n, n, "int");
    const value = solveLapjvInto(cost, n, n, ws);
    assertClose(value, solveLapInto(cost, n, n, reference), 1e-12, `case ${t}`);
    const dual = checkDuals(cost, n, n, ws, 0);
    assertClose(dual, value, 1e-9, `case ${t}: Σu + Σv`);
  }
});

Deno.test("lapDualValue(ws after solveLapjvInto) is the float repairLapDualsInto returns for the same duals", () => {
  const rng = new Rng(67);
  const ws = new LapWorkspace(1);
  for (let t = 0; t < 50; t++) {
    const n = 2 + rng.int(20);
    const cost = randomCost(rng, n, n, "real");
    solveLapjvInto(cost, n, n, ws);
    const summed = lapDualValue(ws, n, n);
    // The duals are already row minima, so a second repair leaves them alone and returns the same sum.
    const u = ws.u.slice(0, n);
    assert.equal(repairLapDualsInto(cost, n, n, ws), summed, `case ${t}`);
    assert.deepEqual(ws.u.slice(0, n), u, `case ${t}: u unchanged`);
  }
});

Deno.test("solveLapjvInto(rectangular cost) throws a RangeError naming the shape", () => {
  assert.throws(
    () => solveLapjvInto(new Float64Array(6), 2, 3, new LapWorkspace(2, 3)),
    /needs a square matrix, got 2×3/,
  );
  assert.equal(solveLapjvInto(new Float64Array(0), 0, 0, new LapWorkspace(1)), 0);
});
