import assert from "node:assert/strict";
import { fromRows, zeros } from "../../lib/core/matrix.ts";
import { createQapProblem } from "../../lib/qap/problem.ts";

const a = fromRows([[0, 1, 2], [1, 0, 3], [2, 3, 0]]);
const b = fromRows([[0, 5, 1], [5, 0, 2], [1, 2, 0]]);

Deno.test("createQapProblem(a, b) copies and freezes its inputs", () => {
  const problem = createQapProblem(a, b, { constant: 4 });
  assert.equal(problem.n, 3);
  assert.notEqual(problem.a.data, a.data);
  a.data[1] = 99;
  assert.equal(problem.a.data[1], 1, "later changes to the caller's matrix must not leak in");
  a.data[1] = 1;
  assert.ok(Object.isFrozen(problem));
  assert.ok(problem.isSymmetric);
  assert.ok(problem.isIntegral);
});

Deno.test("createQapProblem rejects non-square, mismatched, empty and non-finite input with named errors", () => {
  assert.throws(() => createQapProblem(zeros(2, 3), zeros(2, 2)), /a must be square, got 2×3/);
  assert.throws(() => createQapProblem(zeros(2, 2), zeros(3, 3)), /same size/);
  assert.throws(() => createQapProblem(zeros(0, 0), zeros(0, 0)), /at least 1/);
  const bad = fromRows([[0, NaN], [1, 0]]);
  assert.throws(() => createQapProblem(bad, zeros(2, 2)), /a must be finite, got NaN at \[0, 1\]/);
  const inf = fromRows([[0, 1], [Infinity, 0]]);
  assert.throws(() => createQapProblem(zeros(2, 2), inf), /b must be finite, got Infinity at \[1, 0\]/);
  assert.throws(() => createQapProblem(zeros(2, 2), zeros(2, 2), { linear: zeros(3, 3) }), /linear must be 2×2/);
  assert.throws(() => createQapProblem(zeros(2, 2), zeros(2, 2), { constant: NaN }), /constant must be finite/);
  assert.throws(() => createQapProblem({ rows: 2, cols: 2, data: [0, 0, 0, 0] } as any, zeros(2, 2)), TypeError);
});

Deno.test("createQapProblem flags asymmetric and non-integral input", () => {
  const asym = fromRows([[0, 1], [2, 0]]);
  assert.equal(createQapProblem(asym, zeros(2, 2)).isSymmetric, false);
  assert.equal(createQapProblem(fromRows([[0, 0.5], [0.5, 0]]), zeros(2, 2)).isIntegral, false);
});

Deno.test("createQapProblem refuses data whose products overflow or underflow float64, with one line naming the cause", () => {
  const filled = (n: number, v: number) => fromRows(Array.from({ length: n }, () => Array(n).fill(v)));
  for (const [x, y] of [[1e200, 1e110], [1e155, 1e155], [1, 1e308]]) {
    assert.throws(
      () => createQapProblem(filled(4, x), filled(4, y)),
      (e: Error) =>
        e instanceof RangeError && !e.message.includes("\n") &&
        /^createQapProblem: entries too large: products overflow float64 \(max\|A\|·max\|B\|·n² = [0-9.]+e\+\d+/.test(
          e.message,
        ),
    );
  }
  assert.throws(
    () => createQapProblem(filled(4, 1), filled(4, 1), { linear: filled(4, 1e303) }),
    /entries too large: the objective overflows float64 \(S = /,
  );
  assert.throws(
    () => createQapProblem(filled(4, 1e-200), filled(4, 1e-200)),
    /^RangeError: createQapProblem: entries too small: products underflow float64 \(max\|A\|·max\|B\| = 1\.0e-400/,
  );
  // The edges that stay: large and tiny data whose products are normal floats, and zero factors (no product at all).
  assert.equal(createQapProblem(filled(4, 1e148), filled(4, 1e148)).n, 4);
  assert.equal(createQapProblem(filled(4, 1e-145), filled(4, 1e-145)).n, 4);
  assert.equal(createQapProblem(zeros(4, 4), filled(4, 1e-300)).n, 4);
});
