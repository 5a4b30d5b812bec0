import assert from "node:assert/strict";
import { matrixFrom } from "../../../lib/core/matrix.ts";
import { qapCost } from "../../../lib/qap/objective.ts";
import { createQapProblem } from "../../../lib/qap/problem.ts";
import { BRUTE_FORCE_DEFAULTS, solveBruteForce } from "../../../lib/qap/solvers/brute_force.ts";
import { loadSynthetic, plantedGwProblem, randomProblem } from "./_fixtures.ts";

/** All permutations of 0..n−1 in lexicographic order. */
function* lexicographic(n: number): Generator<number[]> {
  const p = Array.from({ length: n }, (_, i) => i);
  while (true) {
    yield p.slice();
    let i = n - 2;
    while (i >= 0 && p[i] > p[i + 1]) i--;
    if (i < 0) return;
    let j = n - 1;
    while (p[j] < p[i]) j--;
    [p[i], p[j]] = [p[j], p[i]];
    p.splice(i + 1, n - i - 1, ...p.slice(i + 1).reverse());
  }
}

Deno.test("solveBruteForce(problem) reproduces the optimum of every synth-gw-N10 seed", () => {
  for (let seed = 0; seed < 10; seed++) {
    const inst = loadSynthetic(`synth-gw-N10-s${seed}`);
    assert.equal(inst.provenOptimal, true);
    const result = solveBruteForce(inst.problem);
    assert.ok(
      Math.abs(result.cost - inst.bestCost) <= 1e-9 * inst.bestCost,
      `seed ${seed}: ${result.cost} vs ${inst.bestCost}`,
    );
    assert.deepEqual(Array.from(result.permutation), inst.bestPerm, `seed ${seed}`);
    assert.equal(result.status, "optimal");
  }
});

Deno.test("solveBruteForce(problem) equals the first minimum of a lexicographic enumeration (ties included)", () => {
  // Integer factors with many ties (0/1 entries), and a problem where every permutation costs the same.
  const cases = [
    createQapProblem(
      matrixFrom([0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0], 4, 4),
      matrixFrom([0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0], 4, 4),
    ),
    createQapProblem(matrixFrom(new Array(25).fill(1), 5, 5), matrixFrom(new Array(25).fill(2), 5, 5)),
    randomProblem(6, 8, { linear: true }),
  ];
  for (let seed = 0; seed < 5; seed++) {
    // Ties from symmetry: a cycle graph against itself (every rotation/reflection is optimal).
    const n = 5 + (seed % 2);
    const ring = new Float64Array(n * n);
    for (let i = 0; i < n; i++) ring[i * n + ((i + 1) % n)] = ring[((i + 1) % n) * n + i] = 1;
    cases.push(createQapProblem(matrixFrom(ring, n, n), matrixFrom(ring.map((x) => -x), n, n)));
  }
  for (const problem of cases) {
    let best: number[] | null = null, bestCost = Infinity;
    for (const p of lexicographic(problem.n)) {
      const c = qapCost(problem, p);
      if (c < bestCost) {
        bestCost = c;
        best = p;
      }
    }
    const result = solveBruteForce(problem);
    assert.deepEqual(Array.from(result.permutation), best);
    assert.equal(result.cost, bestCost);
  }
});

Deno.test("solveBruteForce(problem) recovers a planted permutation for n=8", () => {
  const { problem, truth } = plantedGwProblem(8, 12);
  const result = solveBruteForce(problem);
  assert.deepEqual(Array.from(result.permutation), Array.from(truth));
  assert.ok(Math.abs(result.cost) < 1e-9);
});

Deno.test("solveBruteForce rejects n above maxN with a clear message", () => {
  assert.equal(BRUTE_FORCE_DEFAULTS.maxN, 12);
  assert.throws(
    () => solveBruteForce(randomProblem(13, 1)),
    /solveBruteForce: problem size must be at most maxN = 12 \(n! permutations\), got n = 13/,
  );
  assert.throws(() => solveBruteForce(randomProblem(6, 1), { maxN: 5 }), /at most maxN = 5/);
  assert.throws(() => solveBruteForce(randomProblem(3, 1), { maxN: 13 }), /maxN must be in \[1, 12\], got 13/);
});

Deno.test("solveBruteForce(problem, {timeLimit}) stops early without claiming optimality", () => {
  const problem = randomProblem(11, 3);
  const result = solveBruteForce(problem, { timeLimit: 1e-6 });
  assert.equal(result.status, "time-limit");
  assert.equal(result.optimal, false);
  assert.equal(result.bound, null);
  assert.equal(result.cost, qapCost(problem, result.permutation));
});
