import assert from "node:assert/strict";
import { Rng } from "../../lib/core/rng.ts";
import { LAP_ALGORITHM_IDS, LAP_ALGORITHMS, LAP_EXACT } from "../../lib/lap/algorithms.ts";
import { LapWorkspace } from "../../lib/lap/shortest_path.ts";
import { assertClose } from "../_helpers/assert.ts";
import { plantedCost, randomCost } from "./_lap_cases.ts";

Deno.test("LAP_ALGORITHMS(ids) is a frozen map over LAP_ALGORITHM_IDS", () => {
  assert.deepEqual(Object.keys(LAP_ALGORITHMS).sort(), [...LAP_ALGORITHM_IDS].sort());
  assert.deepEqual(Object.keys(LAP_EXACT).sort(), [...LAP_ALGORITHM_IDS].sort());
  assert.ok(Object.isFrozen(LAP_ALGORITHMS) && Object.isFrozen(LAP_ALGORITHM_IDS) && Object.isFrozen(LAP_EXACT));
});

Deno.test("LAP_ALGORITHMS(each id, one shared workspace) agree on random and planted costs", () => {
  const rng = new Rng(53);
  const ws = new LapWorkspace(1);
  for (let t = 0; t < 6; t++) {
    const n = 20 + rng.int(60);
    const cost = t % 2 === 0 ? randomCost(rng, n, n, "int") : plantedCost(rng, n).cost;
    const values = LAP_ALGORITHM_IDS.map((id) => LAP_ALGORITHMS[id](cost, n, n, ws));
    for (const value of values) assertClose(value, values[0], 1e-9, `case ${t}`);
  }
});

Deno.test("LAP_ALGORITHMS(jv, hungarian) agree on mid-size costs with +Infinity, ties and rank-1 structure", () => {
  const rng = new Rng(59);
  const a = new LapWorkspace(1), b = new LapWorkspace(1);
  const valueOrInfeasible = (id: "jv" | "hungarian", cost: Float64Array, n: number, ws: LapWorkspace) => {
    try {
      return LAP_ALGORITHMS[id](cost, n, n, ws);
    } catch (error) {
      assert.ok(error instanceof RangeError && /infeasible/.test(error.message), String(error));
      return Infinity;
    }
  };
  let infeasible = 0;
  for (let t = 0; t < 60; t++) {
    const n = 7 + rng.int(40);
    let cost: Float64Array;
    if (t % 3 === 0) cost = randomCost(rng, n, n, "forbidden");
    else if (t % 3 === 1) cost = randomCost(rng, n, n, "int");
    else {
      // Rank-1 product plus a little noise, row- and column-reduced: the shape of Hahn–Grant subproblems.
      const x = Array.from({ length: n }, () => rng.uniform()), y = Array.from({ length: n }, () => rng.uniform());
      cost = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cost[i * n + j] = x[i] * y[j] + 0.05 * rng.uniform();
      for (let i = 0; i < n; i++) {
        const m = Math.min(...cost.subarray(i * n, (i + 1) * n));
        for (let j = 0; j < n; j++) cost[i * n + j] -= m;
      }
    }
    const va = valueOrInfeasible("jv", cost, n, a), vb = valueOrInfeasible("hungarian", cost, n, b);
    if (va === Infinity) infeasible++;
    if (va === Infinity || vb === Infinity) assert.equal(va, vb, `case ${t}: feasibility`);
    else assertClose(va, vb, 1e-9, `case ${t}`);
  }
  assert.ok(infeasible < 20, `${infeasible} infeasible cases`);
});
