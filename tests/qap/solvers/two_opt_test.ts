import assert from "node:assert/strict";
import { loadQaplibDat } from "../../../lib/io/qaplib.ts";
import { qapCost, qapCostUnchecked } from "../../../lib/qap/objective.ts";
import type { QapProblem } from "../../../lib/qap/problem.ts";
import { solveTwoOpt, TWO_OPT_DEFAULTS } from "../../../lib/qap/solvers/two_opt.ts";
import { fixturePath } from "../../_helpers/assert.ts";
import { loadSynthetic, randomProblem } from "./_fixtures.ts";

/** SciPy's 2-opt verbatim: full recomputation, strict improvement, restart from (0, 1). */
function naiveTwoOpt(problem: QapProblem, start: ArrayLike<number>): Int32Array {
  const p = Int32Array.from(start), n = problem.n;
  let best = qapCostUnchecked(problem, p);
  for (let done = false; !done;) {
    done = true;
    scan: for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        [p[i], p[j]] = [p[j], p[i]];
        const score = qapCostUnchecked(problem, p);
        if (score < best) {
          best = score;
          done = false;
          break scan;
        }
        [p[i], p[j]] = [p[j], p[i]];
      }
    }
  }
  return p;
}

// Oracle: scipy 1.17.1 quadratic_assignment(A, B, method="2opt", options={"partial_guess": [[i, start[i]]...]}),
// starts from numpy default_rng(3).permutation(n); perm = res.col_ind, fun = res.fun (+ constant for synthetic).
const SCIPY_2OPT = [
  {
    name: "nug12",
    start: [11, 7, 2, 10, 0, 1, 4, 6, 9, 5, 3, 8],
    perm: [5, 3, 7, 6, 4, 9, 10, 11, 1, 0, 2, 8],
    fun: 612,
  },
  {
    name: "bur26a",
    start: [20, 22, 3, 17, 13, 12, 25, 11, 0, 15, 8, 9, 18, 6, 1, 10, 2, 23, 16, 14, 4, 7, 5, 21, 19, 24],
    perm: [0, 14, 15, 5, 10, 1, 22, 17, 11, 13, 4, 8, 18, 20, 7, 12, 19, 6, 3, 16, 9, 25, 23, 24, 2, 21],
    fun: 5447239,
  },
  {
    name: "synth-gw-N20-s0",
    start: [16, 12, 18, 8, 3, 13, 15, 10, 6, 1, 2, 11, 17, 0, 14, 9, 4, 7, 5, 19],
    perm: [18, 1, 5, 0, 3, 6, 2, 10, 4, 13, 16, 7, 12, 15, 8, 19, 9, 17, 11, 14],
    fun: 378.5492773467498,
  },
];

Deno.test("solveTwoOpt(problem, {initialPermutation}) reaches SciPy's 2-opt local optimum from the same start", () => {
  for (const ref of SCIPY_2OPT) {
    const problem = ref.name.startsWith("synth")
      ? loadSynthetic(ref.name).problem
      : loadQaplibDat(fixturePath("qaplib", `${ref.name}.dat`));
    const result = solveTwoOpt(problem, { initialPermutation: ref.start });
    assert.deepEqual(Array.from(result.permutation), ref.perm, ref.name);
    assert.ok(Math.abs(result.cost - ref.fun) <= 1e-9 * Math.abs(ref.fun), ref.name);
    assert.equal(result.status, "converged");
  }
});

Deno.test("solveTwoOpt(problem) follows the naive restart scan exactly (asymmetric A, B with linear term)", () => {
  for (let seed = 0; seed < 12; seed++) {
    const problem = randomProblem(4 + seed, 100 + seed, { linear: seed % 2 === 0, symmetric: seed % 3 === 0 });
    const start = solveTwoOpt(problem, { seed, initialPermutation: undefined, restarts: 1, scan: "continue" })
      .permutation.reverse();
    const result = solveTwoOpt(problem, { initialPermutation: start });
    assert.deepEqual(Array.from(result.permutation), Array.from(naiveTwoOpt(problem, start)), `seed ${seed}`);
  }
});

Deno.test("solveTwoOpt(problem, {scan: 'continue'}) ends in a 2-opt local optimum", () => {
  const problem = randomProblem(15, 5, { linear: true });
  const result = solveTwoOpt(problem, { scan: "continue", seed: 3 });
  const p = result.permutation.slice();
  for (let i = 0; i < p.length; i++) {
    for (let j = i + 1; j < p.length; j++) {
      [p[i], p[j]] = [p[j], p[i]];
      assert.ok(qapCost(problem, p) >= result.cost - 1e-9 * Math.abs(result.cost));
      [p[i], p[j]] = [p[j], p[i]];
    }
  }
});

Deno.test("solveTwoOpt(problem, {partialGuess}) keeps a guess that is already a local optimum", () => {
  const problem = randomProblem(8, 9);
  const local = solveTwoOpt(problem, { seed: 4 }).permutation;
  const guess = Array.from(local, (j, i) => [i, j]);
  assert.deepEqual(Array.from(solveTwoOpt(problem, { partialGuess: guess }).permutation), Array.from(local));
  // A partial guess is filled at random; the descent then starts from a permutation holding the guessed pairs.
  const partial = solveTwoOpt(problem, { partialGuess: [[0, 3], [5, 1]], seed: 1 });
  assert.equal(partial.status, "converged");
});

Deno.test("solveTwoOpt(problem, {restarts}) is never worse than its first descent; maximize flips the sense", () => {
  const problem = randomProblem(12, 21);
  const one = solveTwoOpt(problem, { seed: 5 });
  const many = solveTwoOpt(problem, { seed: 5, restarts: 8 });
  assert.ok(many.cost <= one.cost);
  assert.equal(many.info.descents, 8);
  const max = solveTwoOpt(problem, { seed: 5, maximize: true });
  assert.ok(max.cost >= one.cost);
});

Deno.test("solveTwoOpt validates its options", () => {
  const problem = randomProblem(4, 1);
  assert.equal(TWO_OPT_DEFAULTS.scan, "restart");
  assert.throws(() => solveTwoOpt(problem, { restarts: 0 }), /solveTwoOpt: restarts must be in \[1, Infinity\], got 0/);
  assert.throws(
    () => solveTwoOpt(problem, { scan: "zigzag" as never }),
    /scan must be "restart" or "continue", got zigzag/,
  );
  assert.throws(
    () => solveTwoOpt(problem, { initialPermutation: [0, 1, 1, 2] }),
    /initialPermutation is not a permutation/,
  );
  assert.throws(() => solveTwoOpt(problem, { partialGuess: [[0, 1], [1, 1]] }), /partialGuess column 1 appears twice/);
  assert.throws(
    () => solveTwoOpt(problem, { partialGuess: [[0, 4]] }),
    /partialGuess\[0\] column must be an integer in \[0, 3\], got 4/,
  );
  assert.throws(() => solveTwoOpt(problem, { partialGuess: [[0, 1]], initialPermutation: [0, 1, 2, 3] }), /not both/);
});

Deno.test("solveTwoOpt(problem, {timeLimit}) stops with status time-limit and a valid permutation", () => {
  const problem = randomProblem(60, 2);
  const result = solveTwoOpt(problem, { timeLimit: 1e-6, restarts: 5 });
  assert.equal(result.status, "time-limit");
  assert.equal(result.cost, qapCost(problem, result.permutation));
});
