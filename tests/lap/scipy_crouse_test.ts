import assert from "node:assert/strict";
import { matrixFrom } from "../../lib/core/matrix.ts";
import { isPermutation } from "../../lib/core/permutation.ts";
import { Rng } from "../../lib/core/rng.ts";
import { solveLapScipyInto } from "../../lib/lap/scipy_crouse.ts";
import { solveLap } from "../../lib/lap/shortest_path.ts";
import { LapWorkspace } from "../../lib/lap/workspace.ts";
import { registerLapContract } from "./_lap_contract.ts";

registerLapContract("solveLapScipyInto", solveLapScipyInto, {
  rectangular: true,
  exact: true,
  slack: () => ({ cost: 0, dual: 0 }),
});

Deno.test("solveLapScipyInto(random and integer costs) finds an optimal assignment (same value as solveLap)", () => {
  const rng = new Rng(3);
  for (let trial = 0; trial < 60; trial++) {
    const n = 1 + rng.int(25);
    const cost = new Float64Array(n * n);
    for (let k = 0; k < n * n; k++) cost[k] = trial % 2 === 0 ? rng.normal() * 10 : rng.int(4);
    const ws = new LapWorkspace(n);
    const returned = solveLapScipyInto(cost, n, n, ws);
    assert.ok(isPermutation(ws.rowToCol, n));
    let value = 0;
    for (let i = 0; i < n; i++) value += cost[i * n + ws.rowToCol[i]];
    assert.equal(returned, value, `trial ${trial}: returned value is the assignment's cost`);
    const reference = solveLap(matrixFrom(cost, n, n));
    assert.ok(Math.abs(value - reference.cost) <= 1e-9 * Math.max(1, Math.abs(reference.cost)), `trial ${trial}`);
  }
});

Deno.test("solveLapScipyInto(cost) breaks ties like SciPy: a constant matrix gives the identity", () => {
  // scipy.optimize.linear_sum_assignment(np.zeros((5, 5))) → col_ind [0, 1, 2, 3, 4] (scipy issue #11602).
  const ws = new LapWorkspace(5);
  solveLapScipyInto(new Float64Array(25), 5, 5, ws);
  assert.deepEqual(Array.from(ws.rowToCol), [0, 1, 2, 3, 4]);
});

Deno.test("solveLapScipyInto(cost) picks SciPy's assignment among ties on small integer matrices", () => {
  // scipy 1.17.1 linear_sum_assignment on numpy default_rng(0).integers(0, 3, (6, 6)) draws → col_ind.
  const cases = [
    {
      cost: [
        2,
        1,
        1,
        0,
        0,
        0,
        0,
        0,
        0,
        2,
        1,
        2,
        1,
        1,
        2,
        2,
        1,
        1,
        1,
        2,
        0,
        2,
        2,
        0,
        1,
        2,
        1,
        0,
        2,
        2,
        2,
        0,
        0,
        2,
        0,
        1,
      ],
      cols: [5, 0, 1, 2, 3, 4],
    },
    {
      cost: [
        0,
        0,
        1,
        1,
        1,
        0,
        0,
        0,
        0,
        2,
        1,
        1,
        0,
        1,
        2,
        1,
        1,
        2,
        2,
        2,
        1,
        2,
        2,
        1,
        2,
        2,
        2,
        1,
        2,
        0,
        1,
        2,
        2,
        1,
        1,
        0,
      ],
      cols: [4, 1, 0, 2, 5, 3],
    },
    {
      cost: [
        1,
        1,
        2,
        2,
        0,
        2,
        1,
        1,
        2,
        1,
        0,
        0,
        2,
        1,
        1,
        1,
        2,
        1,
        0,
        2,
        0,
        0,
        2,
        1,
        0,
        0,
        1,
        2,
        1,
        2,
        0,
        0,
        2,
        2,
        0,
        0,
      ],
      cols: [4, 5, 2, 3, 1, 0],
    },
  ];
  const ws = new LapWorkspace(6);
  for (const { cost, cols } of cases) {
    solveLapScipyInto(Float64Array.from(cost), 6, 6, ws);
    assert.deepEqual(Array.from(ws.rowToCol), cols);
  }
});
