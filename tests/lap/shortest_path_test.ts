import assert from "node:assert/strict";
import { fromRows, matrixFrom } from "../../lib/core/matrix.ts";
import { Rng } from "../../lib/core/rng.ts";
import { LAP_ALGORITHMS } from "../../lib/lap/algorithms.ts";
import { solveLapHungarianInto } from "../../lib/lap/hungarian.ts";
import { LAP_DEFAULTS, solveLap, solveLapInto } from "../../lib/lap/shortest_path.ts";
import { LapWorkspace } from "../../lib/lap/workspace.ts";
import { assertClose } from "../_helpers/assert.ts";
import { bruteForceLap, randomCost } from "./_lap_cases.ts";
import { registerLapContract } from "./_lap_contract.ts";

registerLapContract("solveLapInto", solveLapInto, {
  rectangular: true,
  exact: true,
  slack: () => ({ cost: 0, dual: 0 }),
});

Deno.test("solveLapInto(random n = 300, reals and tied integers) agrees with the Hungarian method", () => {
  const rng = new Rng(17);
  const a = new LapWorkspace(1), b = new LapWorkspace(1);
  for (const kind of ["real", "int"] as const) {
    const cost = randomCost(rng, 300, 300, kind);
    const value = solveLapInto(cost, 300, 300, a);
    assertClose(value, solveLapHungarianInto(cost, 300, 300, b), 1e-9, kind);
    let dual = 0;
    for (let i = 0; i < 300; i++) dual += a.u[i] + a.v[i];
    assertClose(dual, value, 1e-9, `${kind}: Σu + Σv`);
  }
});

Deno.test("solveLapInto(rectangular 40×100) keeps v = 0 on free columns and agrees with the Hungarian method", () => {
  const rng = new Rng(23);
  const cost = randomCost(rng, 40, 100, "real");
  const a = new LapWorkspace(40, 100), b = new LapWorkspace(40, 100);
  assertClose(solveLapInto(cost, 40, 100, a), solveLapHungarianInto(cost, 40, 100, b), 1e-12);
  let free = 0;
  for (let j = 0; j < 100; j++) {
    if (a.colToRow[j] < 0) {
      free++;
      assert.equal(a.v[j], 0);
    } else assert.ok(a.v[j] <= 1e-12, "v ≤ 0 on assigned columns of a rectangular problem");
  }
  assert.equal(free, 60);
});

Deno.test("solveLap(cost) returns assignment, cost and exact duals without mutating the matrix", () => {
  const cost = fromRows([[4, 1, 3], [2, 0, 5], [3, 2, 2]]);
  const copy = cost.data.slice();
  const result = solveLap(cost);
  assert.deepEqual(cost.data, copy);
  assert.equal(result.cost, 5);
  assert.deepEqual(Array.from(result.rowToCol), [1, 0, 2]);
  assert.deepEqual(Array.from(result.colToRow), [1, 0, 2]);
  assertClose(result.u.reduce((s, x) => s + x, 0) + result.v.reduce((s, x) => s + x, 0), 5);
});

Deno.test("solveLap(cost, { maximize }) maximises with duals u + v ≥ C for every algorithm", () => {
  const rng = new Rng(31);
  for (const { id, solve: algorithm } of Object.values(LAP_ALGORITHMS)) {
    for (let t = 0; t < 20; t++) {
      const n = 2 + rng.int(4);
      const cost = randomCost(rng, n, n, "int");
      const negated = cost.map((x) => -x);
      const expected = -bruteForceLap(negated, n, n);
      const result = solveLap(matrixFrom(cost, n, n), { maximize: true, algorithm });
      assertClose(result.cost, expected, 1e-6, `${id} case ${t}`);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) assert.ok(result.u[i] + result.v[j] >= cost[i * n + j] - 1e-6, `${id} dual`);
      }
    }
  }
});

Deno.test("solveLap(cost with +Infinity) avoids forbidden entries and rejects NaN and −Infinity", () => {
  const I = Infinity;
  const result = solveLap(fromRows([[1, I, 0], [I, 3, 1], [2, 2, I]]));
  assert.equal(result.cost, 4);
  assert.deepEqual(Array.from(result.rowToCol), [0, 2, 1]);
  assert.throws(() => solveLap(fromRows([[1, NaN], [0, 1]])), /solveLap: cost has NaN at \[0, 1\]/);
  assert.throws(() => solveLap(fromRows([[1, -I], [0, 1]])), RangeError);
  assert.throws(() => solveLap(fromRows([[1, I], [0, 1]]), { maximize: true }), RangeError);
  assert.throws(() => solveLap(fromRows([[1, I], [2, I]])), /infeasible/);
  for (const { solve: algorithm } of Object.values(LAP_ALGORITHMS)) {
    assert.throws(() => solveLap(fromRows([[1, NaN], [0, 1]]), { algorithm }), RangeError);
    assert.throws(() => solveLap(fromRows([[1, I], [2, I]]), { algorithm }), /infeasible/);
  }
});

Deno.test("solveLap(bad arguments) throws TypeError or RangeError naming the rule", () => {
  assert.throws(() => solveLap(fromRows([[1, 2], [3, 4], [5, 6]])), /needs rows ≤ cols, got 3×2/);
  assert.throws(() => solveLap(null as never), TypeError);
  assert.throws(() => solveLap(fromRows([[1]]), { maximise: true } as never), /unknown option 'maximise'/);
  assert.throws(() => solveLap(fromRows([[1]]), { algorithm: "jv" } as never), TypeError);
  assert.throws(() => solveLap({ rows: 2, cols: 2, data: new Float64Array(3) }), RangeError);
  assert.ok(Object.isFrozen(LAP_DEFAULTS));
});

Deno.test("solveLap(empty and 1×m) handles the degenerate sizes", () => {
  const empty = solveLap({ rows: 0, cols: 3, data: new Float64Array(0) });
  assert.equal(empty.cost, 0);
  assert.deepEqual(Array.from(empty.colToRow), [-1, -1, -1]);
  const one = solveLap(fromRows([[3, 1, 2]]));
  assert.equal(one.cost, 1);
  assert.deepEqual(Array.from(one.rowToCol), [1]);
  assert.equal(one.v[0], 0);
  assert.equal(one.v[2], 0);
  assert.equal(one.u[0] + one.v[1], 1);
});
