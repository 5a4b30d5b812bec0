/**
 * The shared solver contract: every registered solver, on small problems it accepts, returns a valid
 * permutation whose cost is J(p), a bound ≤ cost, the same result for the same seed, leaves its input untouched,
 * handles n = 1 and n = 2, rejects unknown options, and never beats the brute-force optimum (n ≤ 7).
 * Solvers join automatically when they are added to lib/qap/registry.ts; sizes above a solver's maxN are skipped.
 */
import assert from "node:assert/strict";
import { qapCost } from "../../lib/qap/objective.ts";
import type { QapProblem } from "../../lib/qap/problem.ts";
import { SOLVERS, type SolverSpec } from "../../lib/qap/registry.ts";
import { solveBruteForce } from "../../lib/qap/solvers/brute_force.ts";
import { assertPermutation } from "../_helpers/assert.ts";
import { plantedGwProblem, randomProblem } from "./solvers/_fixtures.ts";

// Safety net only: no contract check depends on it (same-seed runs are compared only when neither hit the limit).
const SAFETY = { timeLimit: 30 };

function cases(spec: SolverSpec): { label: string; problem: QapProblem }[] {
  const all = [
    { label: "n=1", problem: randomProblem(1, 1, { symmetric: true }) },
    { label: "n=2 symmetric", problem: randomProblem(2, 2, { symmetric: true }) },
    { label: "n=2 asymmetric + linear", problem: randomProblem(2, 3, { linear: true }) },
    { label: "n=5 symmetric", problem: randomProblem(5, 4, { symmetric: true }) },
    { label: "n=6 asymmetric + linear", problem: randomProblem(6, 5, { linear: true }) },
    { label: "n=7 planted GW", problem: plantedGwProblem(7, 6).problem },
  ];
  return all.filter((c) => c.problem.n <= spec.maxN && (spec.acceptsAsymmetric || c.problem.isSymmetric));
}

function snapshot(problem: QapProblem): number[][] {
  return [Array.from(problem.a.data), Array.from(problem.b.data), Array.from(problem.linear?.data ?? [])];
}

for (const spec of SOLVERS) {
  Deno.test(`${spec.id}: solve(problem) returns a valid permutation, cost = J(p), bound ≤ cost, inputs unchanged`, () => {
    for (const { label, problem } of cases(spec)) {
      const before = snapshot(problem);
      const result = spec.solve(problem, { ...SAFETY });
      assert.deepEqual(snapshot(problem), before, `${spec.id} ${label}: input changed`);
      assertPermutation(result.permutation, problem.n);
      assert.equal(result.n, problem.n);
      assert.equal(result.solver, spec.id);
      assert.equal(result.cost, qapCost(problem, result.permutation), `${spec.id} ${label}: cost`);
      if (result.bound !== null) {
        assert.ok(
          result.bound <= result.cost + 1e-9 * Math.max(1, Math.abs(result.cost)),
          `${spec.id} ${label}: bound`,
        );
        assert.equal(result.gap, result.cost - result.bound);
      } else {
        assert.equal(result.gap, null);
        assert.equal(result.optimal, false, `${spec.id} ${label}: optimal without a bound`);
      }
      if (!spec.providesBound) assert.equal(result.bound, null);
      assert.ok(Number.isFinite(result.seconds) && result.seconds >= 0);
      assert.ok(Number.isInteger(result.iterations) && result.iterations >= 0);
      assert.ok(result.trace.length >= 1, `${spec.id} ${label}: final trace row`);
    }
  });

  Deno.test(`${spec.id}: solve(problem, {seed}) gives the same result twice for the same seed`, () => {
    for (const { label, problem } of cases(spec)) {
      for (const seed of [0, 7]) {
        const r1 = spec.solve(problem, { seed, ...SAFETY });
        const r2 = spec.solve(problem, { seed, ...SAFETY });
        if (r1.status === "time-limit" || r2.status === "time-limit") continue;
        assert.deepEqual(Array.from(r1.permutation), Array.from(r2.permutation), `${spec.id} ${label} seed ${seed}`);
        assert.equal(r1.cost, r2.cost);
        assert.equal(r1.bound, r2.bound);
        assert.equal(r1.iterations, r2.iterations);
      }
    }
  });

  Deno.test(`${spec.id}: solve(problem) never beats the brute-force optimum and proves only true optima (n ≤ 7)`, () => {
    for (const { label, problem } of cases(spec)) {
      const exact = solveBruteForce(problem);
      const result = spec.solve(problem, { ...SAFETY });
      const tol = 1e-9 * Math.max(1, Math.abs(exact.cost));
      assert.ok(
        result.cost >= exact.cost - tol,
        `${spec.id} ${label}: cost ${result.cost} below optimum ${exact.cost}`,
      );
      if (result.bound !== null) {
        assert.ok(result.bound <= exact.cost + tol, `${spec.id} ${label}: bound above optimum`);
      }
      if (result.optimal) assert.ok(Math.abs(result.cost - exact.cost) <= tol, `${spec.id} ${label}: false optimality`);
      if (spec.exact) assert.equal(result.optimal, true, `${spec.id} ${label}: exact solver did not prove optimality`);
    }
  });

  Deno.test(`${spec.id}: solve(problem, options) rejects unknown option keys and a non-positive time limit`, () => {
    const { problem } = cases(spec)[0];
    assert.throws(
      () => spec.solve(problem, { noSuchOption: 1 }),
      (e: unknown) => e instanceof TypeError && /unknown option 'noSuchOption'/.test((e as Error).message),
    );
    assert.throws(() => spec.solve(problem, { timeLimit: 0 }), /timeLimit must be positive, got 0/);
    assert.throws(() => spec.solve(problem, { seed: 1.5 }), /seed must be an integer, got 1\.5/);
  });

  Deno.test(`${spec.id}: solve(problem, {signal}) with an aborted signal still returns a valid permutation`, () => {
    const { problem } = cases(spec).at(-1)!;
    const controller = new AbortController();
    controller.abort();
    const result = spec.solve(problem, { signal: controller.signal });
    assertPermutation(result.permutation, problem.n);
    assert.equal(result.cost, qapCost(problem, result.permutation));
    assert.ok(
      ["aborted", "done", "optimal", "converged"].includes(result.status),
      `${spec.id}: status ${result.status}`,
    );
    if (result.status === "aborted") assert.equal(result.optimal, false);
  });

  Deno.test(`${spec.id}: solve(problem, {onProgress}) reports events whose last one carries the final cost`, () => {
    const { problem } = cases(spec).at(-1)!;
    const events: { cost: number; solver: string }[] = [];
    const result = spec.solve(problem, {
      onProgress: (e: { cost: number; solver: string }) => events.push(e),
      ...SAFETY,
    });
    assert.ok(events.length >= 1);
    assert.equal(events.at(-1)!.cost, result.cost);
    assert.equal(events.at(-1)!.solver, spec.id);
  });
}
