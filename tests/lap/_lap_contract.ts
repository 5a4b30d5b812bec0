/**
 * Contract tests every LAP algorithm with the {@link LapSolveInto} convention must pass; each `<algorithm>_test.ts`
 * registers them with its own settings.
 */
import assert from "node:assert/strict";
import { Rng } from "../../lib/core/rng.ts";
import { LapWorkspace } from "../../lib/lap/workspace.ts";
import type { LapSolveInto } from "../../lib/lap/types.ts";
import { assertClose } from "../_helpers/assert.ts";
import {
  assignmentCost,
  bruteForceLap,
  checkDuals,
  type EntryKind,
  plantedCost,
  randomCost,
  solveOrInfinity,
} from "./_lap_cases.ts";

/** What the algorithm under test promises. */
export interface LapContract {
  /** Accepts rows < cols. */
  rectangular: boolean;
  /** Exact optimum and duals (Σu + Σv = optimum); otherwise within `slack` (assignment and dual feasibility). */
  exact: boolean;
  /** Allowed excess of the assignment cost over the optimum, and of u_i + v_j over C_ij (n·ε and ε for auction). */
  slack: (n: number, cost: Float64Array) => { cost: number; dual: number };
}

/** Registers the shared contract tests for `solve` under the name `name`. */
export function registerLapContract(name: string, solve: LapSolveInto, contract: LapContract): void {
  const kinds: EntryKind[] = ["real", "int", "forbidden"];

  Deno.test(`${name}(random n ≤ 6) matches brute force with valid duals`, () => {
    const rng = new Rng(11);
    const ws = new LapWorkspace(1);
    let feasible = 0, infeasible = 0;
    for (let t = 0; t < 450; t++) {
      const kind = kinds[t % 3];
      const rows = 1 + rng.int(6);
      const cols = contract.rectangular && t % 2 === 1 ? rows + rng.int(3) : rows;
      const cost = randomCost(rng, rows, cols, kind);
      const copy = cost.slice();
      const expected = bruteForceLap(cost, rows, cols);
      const value = solveOrInfinity(solve, cost, rows, cols, ws);
      assert.deepEqual(cost, copy, "cost must not be mutated");
      if (expected === Infinity) {
        assert.equal(value, Infinity, `case ${t}: infeasible instance must throw`);
        infeasible++;
        continue;
      }
      feasible++;
      const slack = contract.slack(rows, cost);
      const reached = assignmentCost(cost, rows, cols, ws);
      assertClose(value, reached, 1e-12, `case ${t}: returned value vs assignment cost`);
      assert.ok(
        reached >= expected - 1e-9 && reached <= expected + slack.cost + 1e-9,
        `case ${t}: ${reached} vs ${expected}`,
      );
      const dualValue = checkDuals(cost, rows, cols, ws, slack.dual + 1e-9);
      if (contract.exact) assertClose(dualValue, expected, 1e-9, `case ${t} (${kind} ${rows}×${cols}): Σu + Σv`);
    }
    assert.ok(feasible > 300 && infeasible > 0, `coverage: ${feasible} feasible, ${infeasible} infeasible`);
  });

  Deno.test(`${name}(planted cost) finds the planted optimum`, () => {
    const rng = new Rng(5);
    const ws = new LapWorkspace(4);
    for (const n of [1, 2, 9, 50, 120]) {
      const { cost, optimum, planted } = plantedCost(rng, n);
      const value = solve(cost, n, n, ws);
      assertClose(value, optimum, 1e-12, `n=${n}`);
      assert.deepEqual(ws.rowToCol.subarray(0, n), planted, `n=${n}: planted permutation`);
      const dualValue = checkDuals(cost, n, n, ws, contract.slack(n, cost).dual + 1e-9);
      if (contract.exact) assertClose(dualValue, optimum, 1e-12, `n=${n}: Σu + Σv`);
    }
  });

  Deno.test(`${name}(workspace reused big, small, big) stays correct`, () => {
    const rng = new Rng(9);
    const ws = new LapWorkspace(2);
    for (const n of [40, 3, 5, 60, 4, 40]) {
      const { cost, optimum } = plantedCost(rng, n);
      assertClose(solve(cost, n, n, ws), optimum, 1e-12, `n=${n}`);
    }
    assert.ok(ws.capacityRows >= 60 && ws.capacityCols >= 60);
  });

  Deno.test(`${name}(infeasible or forbidden pattern) throws a RangeError or avoids +Infinity`, () => {
    const ws = new LapWorkspace(3);
    const I = Infinity;
    // Two rows can only use column 0: infeasible (Hall's condition fails) although no row or column is all +Inf.
    const hall = Float64Array.from([1, I, I, 2, I, I, 3, 4, 5]);
    assert.throws(() => solve(hall, 3, 3, ws), (e: unknown) => e instanceof RangeError && /infeasible/.test(e.message));
    const emptyRow = Float64Array.from([1, 2, I, I]);
    assert.throws(() => solve(emptyRow, 2, 2, ws), RangeError);
    // A unique feasible permutation through a sea of +Inf: the anti-diagonal.
    const n = 7;
    const cost = new Float64Array(n * n).fill(I);
    for (let i = 0; i < n; i++) cost[i * n + (n - 1 - i)] = i;
    assert.equal(solve(cost, n, n, ws), 21);
    for (let i = 0; i < n; i++) assert.equal(ws.rowToCol[i], n - 1 - i);
  });

  Deno.test(`${name}(80×80 plus row and column constants) shifts the optimum by their sum`, () => {
    // Cross-check against the exact value of another route: the optimum is invariant to adding row/column constants.
    const rng = new Rng(21);
    const ws = new LapWorkspace(1);
    const n = 80;
    const base = randomCost(rng, n, n, "real");
    const shifted = base.slice();
    let shift = 0;
    for (let i = 0; i < n; i++) {
      const r = rng.uniform() * 10 - 5;
      shift += r;
      for (let j = 0; j < n; j++) shifted[i * n + j] += r;
    }
    for (let j = 0; j < n; j++) {
      const c = rng.uniform() * 10 - 5;
      shift += c;
      for (let i = 0; i < n; i++) shifted[i * n + j] += c;
    }
    const a = solve(base, n, n, ws);
    const slack = contract.slack(n, base).cost;
    const b = solve(shifted, n, n, ws);
    assert.ok(Math.abs(b - shift - a) <= 1e-9 * n + slack * 2, `${b} − ${shift} vs ${a}`);
  });
}
