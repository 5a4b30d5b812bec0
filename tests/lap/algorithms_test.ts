import assert from "node:assert/strict";
import { Rng } from "../../lib/core/rng.ts";
import {
  getLapAlgorithm,
  HAHN_GRANT_LAP_CHOICES,
  HAHN_GRANT_LAPS,
  LAP_ALGORITHM_IDS,
  LAP_ALGORITHMS,
  type LapAlgorithmId,
} from "../../lib/lap/algorithms.ts";
import { LapWorkspace } from "../../lib/lap/workspace.ts";
import { assertClose } from "../_helpers/assert.ts";
import { plantedCost, randomCost } from "./_lap_cases.ts";

Deno.test("LAP_ALGORITHMS(ids) is a frozen table over LAP_ALGORITHM_IDS with one distinct solver per id", () => {
  assert.deepEqual(Object.keys(LAP_ALGORITHMS).sort(), [...LAP_ALGORITHM_IDS].sort());
  assert.ok(Object.isFrozen(LAP_ALGORITHMS) && Object.isFrozen(LAP_ALGORITHM_IDS));
  for (const id of LAP_ALGORITHM_IDS) {
    assert.equal(LAP_ALGORITHMS[id].id, id);
    assert.ok(Object.isFrozen(LAP_ALGORITHMS[id]), id);
  }
  const solvers = new Set(LAP_ALGORITHM_IDS.map((id) => LAP_ALGORITHMS[id].solve));
  assert.equal(solvers.size, LAP_ALGORITHM_IDS.length, "every id names a different function");
});

Deno.test("LAP_ALGORITHMS(each id, one shared workspace) agree on random and planted costs", () => {
  const rng = new Rng(53);
  const ws = new LapWorkspace(1);
  for (let t = 0; t < 6; t++) {
    const n = 20 + rng.int(60);
    const cost = t % 2 === 0 ? randomCost(rng, n, n, "int") : plantedCost(rng, n).cost;
    const values = LAP_ALGORITHM_IDS.map((id) => LAP_ALGORITHMS[id].solve(cost, n, n, ws));
    for (const value of values) assertClose(value, values[0], 1e-9, `case ${t}`);
  }
});

Deno.test("LAP_ALGORITHMS(exact ids) agree on mid-size costs with +Infinity, ties and rank-1 structure", () => {
  const rng = new Rng(59);
  const exact = LAP_ALGORITHM_IDS.filter((id) => LAP_ALGORITHMS[id].exact);
  assert.ok(exact.length >= 4, exact.join(", "));
  const workspaces = exact.map(() => new LapWorkspace(1));
  const valueOrInfeasible = (id: LapAlgorithmId, cost: Float64Array, n: number, ws: LapWorkspace) => {
    try {
      return LAP_ALGORITHMS[id].solve(cost, n, n, ws);
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
    const values = exact.map((id, k) => valueOrInfeasible(id, cost, n, workspaces[k]));
    if (values[0] === Infinity) infeasible++;
    for (let k = 1; k < exact.length; k++) {
      if (values[0] === Infinity || values[k] === Infinity) {
        assert.equal(values[k], values[0], `case ${t}: ${exact[k]}`);
      } else assertClose(values[k], values[0], 1e-9, `case ${t}: ${exact[k]}`);
    }
  }
  assert.ok(infeasible < 20, `${infeasible} infeasible cases`);
});

Deno.test("HAHN_GRANT_LAPS(option) maps every Hahn–Grant lap option to a registry id, jv to the lapjv order", () => {
  assert.deepEqual(Object.keys(HAHN_GRANT_LAPS).sort(), [...HAHN_GRANT_LAP_CHOICES].sort());
  for (const choice of HAHN_GRANT_LAP_CHOICES) assert.ok(LAP_ALGORITHM_IDS.includes(HAHN_GRANT_LAPS[choice]), choice);
  assert.equal(HAHN_GRANT_LAPS.jv, "jv-lapjv");
  assert.ok(Object.isFrozen(HAHN_GRANT_LAPS) && Object.isFrozen(HAHN_GRANT_LAP_CHOICES));
});

Deno.test("getLapAlgorithm(id) returns the entry and rejects an unknown id naming the known ones", () => {
  assert.equal(getLapAlgorithm("scipy-crouse"), LAP_ALGORITHMS["scipy-crouse"]);
  assert.throws(() => getLapAlgorithm("jv"), /getLapAlgorithm: unknown LAP algorithm 'jv' \(known: jv-lapjv, /);
  assert.throws(() => getLapAlgorithm("toString"), RangeError);
});
