import assert from "node:assert/strict";
import { fromRows, matrixFrom } from "../../lib/core/matrix.ts";
import { Rng } from "../../lib/core/rng.ts";
import { qapCost, swapDelta, swapDeltaSymmetric } from "../../lib/qap/objective.ts";
import { createQapProblem } from "../../lib/qap/problem.ts";
import { assertClose } from "../_helpers/assert.ts";

Deno.test("qapCost(problem, p) evaluates Σ A[i,k]·B[p_i,p_k] + Σ L[i,p_i] + c by hand on n = 2", () => {
  const a = fromRows([[1, 2], [3, 4]]);
  const b = fromRows([[5, 6], [7, 8]]);
  const l = fromRows([[10, 20], [30, 40]]);
  const problem = createQapProblem(a, b, { linear: l, constant: 0.5 });
  // p = [1, 0]: A00·B11 + A01·B10 + A10·B01 + A11·B00 = 8 + 14 + 18 + 20 = 60; L01 + L10 = 50
  assert.equal(qapCost(problem, [1, 0]), 60 + 50 + 0.5);
  // identity: 5 + 12 + 21 + 32 = 70; L00 + L11 = 50
  assert.equal(qapCost(problem, [0, 1]), 70 + 50 + 0.5);
});

Deno.test("qapCost rejects a permutation that is not one", () => {
  const problem = createQapProblem(fromRows([[0, 1], [1, 0]]), fromRows([[0, 1], [1, 0]]));
  assert.throws(() => qapCost(problem, [0, 0]), /not a permutation: 0 appears twice/);
  assert.throws(() => qapCost(problem, [0]), /length 2, got 1/);
  assert.throws(() => qapCost(problem, [0, 2]), /permutation\[1\] must be an integer in \[0, 1\], got 2/);
});

Deno.test("swapDelta equals the cost difference for asymmetric A, B with a linear term", () => {
  const rng = new Rng(11);
  for (let trial = 0; trial < 200; trial++) {
    const n = 2 + rng.int(8);
    const rand = () => matrixFrom(Array.from({ length: n * n }, () => rng.normal()), n, n);
    const problem = createQapProblem(rand(), rand(), { linear: rand(), constant: rng.normal() });
    const p = rng.permutation(n);
    const r = rng.int(n);
    let s = rng.int(n - 1);
    if (s >= r) s++;
    const before = qapCost(problem, p);
    const delta = swapDelta(problem.a.data, problem.b.data, problem.linear!.data, n, p, r, s);
    [p[r], p[s]] = [p[s], p[r]];
    assertClose(before + delta, qapCost(problem, p), 1e-10);
  }
});

Deno.test("swapDeltaSymmetric(a, b, l, n, p, r, s) equals swapDelta bit for bit on symmetric A, B", () => {
  const rng = new Rng(12);
  for (let trial = 0; trial < 200; trial++) {
    const n = 2 + rng.int(8);
    const sym = () => {
      const d = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let k = 0; k <= i; k++) d[i * n + k] = d[k * n + i] = rng.normal();
      return matrixFrom(d, n, n);
    };
    const linear = trial % 2 === 0 ? matrixFrom(Array.from({ length: n * n }, () => rng.normal()), n, n) : undefined;
    const problem = createQapProblem(sym(), sym(), { linear });
    assert.equal(problem.isSymmetric, true);
    const p = rng.permutation(n);
    const r = rng.int(n);
    let s = rng.int(n - 1);
    if (s >= r) s++;
    const l = problem.linear ? problem.linear.data : null;
    const general = swapDelta(problem.a.data, problem.b.data, l, n, p, r, s);
    assert.equal(swapDeltaSymmetric(problem.a.data, problem.b.data, l, n, p, r, s), general);
    const before = qapCost(problem, p);
    [p[r], p[s]] = [p[s], p[r]];
    assertClose(before + general, qapCost(problem, p), 1e-10);
  }
});
