import assert from "node:assert/strict";
import { matrixFrom } from "../../lib/core/matrix.ts";
import { Rng } from "../../lib/core/rng.ts";
import { createQapProblem, type QapProblem } from "../../lib/qap/problem.ts";
import { asymmetricSolverIds, getSolver, solveQap, solverRefusal, SOLVERS } from "../../lib/qap/registry.ts";

/** A random n×n problem; `symmetricA` / `symmetricB` choose which factors are symmetric. */
function problemOf(n: number, symmetricA: boolean, symmetricB: boolean, seed = 1): QapProblem {
  const rng = new Rng(seed);
  const factor = (symmetric: boolean) => {
    const data = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        data[i * n + k] = symmetric && k < i ? data[k * n + i] : Math.round(10 * rng.uniform());
      }
    }
    return matrixFrom(data, n, n);
  };
  return createQapProblem(factor(symmetricA), factor(symmetricB), { source: { metric: "test" } });
}

Deno.test("asymmetricSolverIds() lists exactly the registered solvers with acceptsAsymmetric, in registry order", () => {
  assert.deepEqual(asymmetricSolverIds(), SOLVERS.filter((s) => s.acceptsAsymmetric).map((s) => s.id));
  assert.ok(asymmetricSolverIds().includes("faq") && !asymmetricSolverIds().includes("fhg"));
});

Deno.test("solveQap refuses both factors asymmetric for fhg before it runs, naming the solvers that accept it", () => {
  const both = problemOf(5, false, false);
  const expected = `solveQap: solver 'fhg' needs a symmetric A or B (both are asymmetric here; metric 'test'); ` +
    `solvers that accept it: ${asymmetricSolverIds().join(", ")}`;
  assert.throws(() => solveQap(both, { method: "fhg" }), { name: "RangeError", message: expected });
  assert.equal(solverRefusal(getSolver("faq"), both), null);
  assert.equal(solveQap(both, { method: "faq" }).solver, "faq");
});

Deno.test("solveQap lets fhg and hg take one asymmetric factor (symmetrised exactly) and gives the same cost as brute force", () => {
  const oneSided = problemOf(5, true, false, 3);
  assert.equal(oneSided.isSymmetric, false);
  const exact = solveQap(oneSided, { method: "brute-force" });
  for (const method of ["fhg", "hg"]) {
    assert.equal(solverRefusal(getSolver(method), oneSided), null, method);
    const result = solveQap(oneSided, { method, seed: 0 });
    assert.ok(result.bound! <= exact.cost + 1e-9, `${method}: bound above the optimum`);
  }
});

Deno.test("solveQap refuses n above maxN and working memory over the budget, with the limits in the message", () => {
  const big = problemOf(13, true, true);
  assert.throws(
    () => solveQap(big, { method: "brute-force" }),
    /^RangeError: solveQap: solver 'brute-force' accepts n ≤ 12, got n = 13$/,
  );
  const hg = getSolver("hg");
  assert.ok(hg.memoryBytes && hg.memoryBudgetOption, "hg states its memory");
  const small = problemOf(6, true, true);
  assert.match(
    solverRefusal(hg, small, { memoryBudgetBytes: 1024 }) ?? "",
    /^solver 'hg' needs [\d.]+ (KiB|MiB) at n = 6, over the memory budget memoryBudgetBytes = 1\.0 KiB/,
  );
  assert.throws(() => solveQap(small, { method: "hg", memoryBudgetBytes: 1024 }), /over the memory budget/);
  assert.equal(solverRefusal(hg, small), null, "the default budget holds n = 6");
});

Deno.test("solveQap names unknown solvers and non-string methods, with the caller's function name", () => {
  const p = problemOf(4, true, true);
  assert.throws(
    () => solveQap(p, { method: "gurobi" }),
    /^RangeError: solveQap: unknown solver 'gurobi' \(available: auto, fhg/,
  );
  assert.throws(() => solveQap(p, { method: "gurobi" }, "blindMatch"), /^RangeError: blindMatch: unknown solver/);
  assert.throws(() => solveQap(p, { method: 3 as never }), /^TypeError: solveQap: method must be a solver id string/);
});
