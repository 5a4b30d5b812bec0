import assert from "node:assert/strict";
import { matrixFrom } from "../../../lib/core/matrix.ts";
import { loadQaplibDat } from "../../../lib/io/qaplib.ts";
import { createQapProblem } from "../../../lib/qap/problem.ts";
import { projectedEigenvalueBound } from "../../../lib/qap/bounds/eigenvalue.ts";
import { gilmoreLawlerBound } from "../../../lib/qap/bounds/gilmore_lawler.ts";
import { sdpAdmmBound } from "../../../lib/qap/bounds/sdp_admm.ts";
import { solveBruteForce } from "../../../lib/qap/solvers/brute_force.ts";
import { fixturePath } from "../../_helpers/assert.ts";
import { boundCases } from "./_bound_cases.ts";

Deno.test("sdpAdmmBound: every bound along the run (any multiplier Z) ≤ the brute-force optimum on 100 random instances", () => {
  for (const { label, problem } of boundCases(100, 4242)) {
    const optimum = solveBruteForce(problem).cost;
    const result = sdpAdmmBound(problem, { maxIterations: 12 + (problem.n % 3) * 10, boundEvery: 3 });
    assert.ok(result.trace.length >= 4, label);
    for (const { iteration, bound } of result.trace) {
      assert.ok(Number.isFinite(bound), `${label} iteration ${iteration}: ${bound}`);
      assert.ok(bound <= optimum, `${label} iteration ${iteration}: bound ${bound} > optimum ${optimum}`);
    }
    const best = Math.max(...result.trace.map((t) => t.bound));
    assert.equal(result.bound, problem.isIntegral ? Math.ceil(best) : best, label);
  }
});

Deno.test("sdpAdmmBound beats GL and PB on tai10a within 300 iterations, and rounds up on integer data", () => {
  const problem = loadQaplibDat(fixturePath("qaplib", "tai10a.dat"));
  const result = sdpAdmmBound(problem, { maxIterations: 300, boundEvery: 50 });
  assert.ok(Number.isInteger(result.bound));
  assert.ok(result.bound <= 135028, `${result.bound} > optimum 135028`);
  assert.ok(result.bound > gilmoreLawlerBound(problem), `${result.bound} ≤ GL`);
  assert.ok(result.bound > projectedEigenvalueBound(problem).bound, `${result.bound} ≤ PB`);
  assert.ok(result.iterations === 300 && result.trace.length === 6);
});

Deno.test("sdpAdmmBound is tight on n = 1 and refuses clearly: size, options, non-problem", () => {
  const one = createQapProblem(matrixFrom([2.5], 1, 1), matrixFrom([-3], 1, 1), {
    linear: matrixFrom([0.25], 1, 1),
    constant: 1,
  });
  const cost = solveBruteForce(one).cost, bound = sdpAdmmBound(one).bound;
  assert.ok(bound <= cost && cost - bound < 1e-14, `${bound} vs ${cost}`);
  const big = loadQaplibDat(fixturePath("qaplib", "nug12.dat"));
  assert.throws(
    () => sdpAdmmBound(big, { maxN: 10 }),
    /sdpAdmmBound: problem size must be at most maxN = 10, got n = 12/,
  );
  assert.throws(() => sdpAdmmBound(big, { iterations: 3 } as never), /sdpAdmmBound: unknown option 'iterations'/);
  assert.throws(() => sdpAdmmBound(big, { stepFactor: 2 }), /stepFactor must be in \(0, 2\)/);
  assert.throws(() => sdpAdmmBound(null as never), /sdpAdmmBound: problem must be a QapProblem/);
});
