import assert from "node:assert/strict";
import { matrixFrom } from "../../../lib/core/matrix.ts";
import { Rng } from "../../../lib/core/rng.ts";
import { loadQaplibDat, loadQaplibSln } from "../../../lib/io/qaplib.ts";
import { rlt2Bound, Rlt2DualState, rlt2MemoryBytes } from "../../../lib/qap/bounds/rlt2.ts";
import { certificateTolerance } from "../../../lib/qap/certificate.ts";
import { qapCost } from "../../../lib/qap/objective.ts";
import { createQapProblem, type QapProblem } from "../../../lib/qap/problem.ts";
import { solveBruteForce } from "../../../lib/qap/solvers/brute_force.ts";
import { solveFactorizedHahnGrant } from "../../../lib/qap/solvers/factorized_hahn_grant.ts";
import { fixturePath } from "../../_helpers/assert.ts";
import { randomProblem } from "../solvers/_fixtures.ts";

/** A random QAP with integer entries in [lo, hi]: asymmetric unless `symmetric`, with a linear term and constant. */
function integerProblem(n: number, seed: number, lo: number, hi: number, symmetric: boolean): QapProblem {
  const rng = new Rng(seed);
  const mat = (sym: boolean) => {
    const d = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) d[i * n + j] = sym && j < i ? d[j * n + i] : lo + rng.int(hi - lo + 1);
    }
    return matrixFrom(d, n, n);
  };
  return createQapProblem(mat(symmetric), mat(symmetric), { linear: mat(false), constant: 7 });
}

/** The test instances: float (normal entries, negative ones included) and integer, symmetric or not, n = 4–7. */
function smallCases(): { name: string; problem: QapProblem }[] {
  const cases = [];
  for (let seed = 0; seed < 12; seed++) {
    const n = 4 + (seed % 4);
    cases.push({
      name: `float seed ${seed}`,
      problem: randomProblem(n, 100 + seed, { symmetric: seed % 3 === 0, linear: seed % 2 === 0 }),
    });
    cases.push({
      name: `integer seed ${seed}`,
      problem: integerProblem(n, 200 + seed, seed % 2 === 0 ? -5 : 0, 9, seed % 3 !== 0),
    });
  }
  return cases;
}

function randomPermutations(n: number, count: number, seed: number): Int32Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => rng.permutation(n));
}

Deno.test("rlt2Bound(problem) ≤ the brute-force optimum on random n = 4–7 (float and integer, asymmetric, negative entries, linear term), both shifts", () => {
  for (const { name, problem } of smallCases()) {
    const optimum = solveBruteForce(problem).cost;
    for (const shift of ["min", "none"] as const) {
      const result = rlt2Bound(problem, { maxIterations: 6, shift });
      assert.ok(Number.isFinite(result.bound), `${name} ${shift}: no bound after 6 iterations`);
      assert.ok(result.bound <= optimum, `${name} ${shift}: bound ${result.bound} > optimum ${optimum}`);
      if (problem.isIntegral) assert.ok(Number.isInteger(result.bound), `${name}: integer data, bound ${result.bound}`);
    }
  }
});

Deno.test("Rlt2DualState keeps J(p) = LB + ΣΛ + ΣR + ΣD for every permutation after every step", () => {
  for (const { name, problem } of smallCases().slice(0, 10)) {
    const perms = randomPermutations(problem.n, 4, 7);
    for (const shift of ["min", "none"] as const) {
      const state = Rlt2DualState.initial(problem, shift);
      const check = (step: string) => {
        for (const p of perms) {
          const j = qapCost(problem, p), rhs = state.identityValue(p);
          assert.ok(
            Math.abs(rhs - j) <= 1e-9 * Math.max(1, Math.abs(j)),
            `${name} ${shift} after ${step}: identity gives ${rhs}, J(p) = ${j}`,
          );
        }
      };
      check("start");
      state.leaderStep();
      check("leader step");
      for (let it = 0; it < 3; it++) {
        state.spreadLeaders();
        check("spread Λ");
        state.spreadPairs(it === 1 ? 0.5 : 1);
        check("spread R");
        state.tripleSweep();
        check("triple sweep");
        state.pairSweep();
        check("pair sweep");
        state.leaderStep();
        check("leader step");
        state.iterate({ level1Sweeps: 2, pairOrder: it === 2 ? "index" : "ascending", spreadFraction: 0.7 });
        check("iterate");
      }
    }
  }
});

Deno.test("Rlt2DualState.restrict keeps the identity on every completion of the fixed assignment, before and after a child ascent", () => {
  for (const { name, problem } of smallCases().slice(4, 12)) {
    const n = problem.n, state = Rlt2DualState.initial(problem);
    state.leaderStep();
    state.iterate();
    const rng = new Rng(11);
    for (let t = 0; t < 3; t++) {
      const i0 = rng.int(n), j0 = rng.int(n);
      const child = state.restrict(i0, j0);
      const completions = randomPermutations(n, 6, 13 + t).map((p) => {
        const at = p.indexOf(j0); // make p[i0] = j0
        [p[i0], p[at]] = [p[at], p[i0]];
        return p;
      });
      const check = (step: string) => {
        for (const p of completions) {
          const reduced = Array.from(p).filter((_, i) => i !== i0).map((y) => (y < j0 ? y : y - 1));
          const j = qapCost(problem, p), rhs = child.identityValue(reduced);
          assert.ok(
            Math.abs(rhs - j) <= 1e-9 * Math.max(1, Math.abs(j)),
            `${name} fix (${i0},${j0}) ${step}: identity gives ${rhs}, J(p) = ${j}`,
          );
        }
      };
      check("restrict");
      child.leaderStep();
      check("child leader step");
      child.iterate();
      check("child iteration");
      assert.ok(child.lowerBound >= state.lowerBound - 1e-9 * Math.abs(state.lowerBound), `${name}: child below root`);
    }
  }
});

Deno.test("Rlt2DualState on tai12a: identity residual and negative rounding of the reduced costs stay 100× below the allowance", () => {
  const problem = loadQaplibDat(fixturePath("qaplib", "tai12a.dat"));
  const n = problem.n, state = Rlt2DualState.initial(problem);
  state.leaderStep();
  for (let it = 0; it < 8; it++) state.iterate();
  let residual = 0;
  for (const p of randomPermutations(n, 20, 5)) {
    residual = Math.max(residual, Math.abs(state.identityValue(p) - qapCost(problem, p)));
  }
  const min = state.minReducedCosts(), neg = (x: number) => Math.max(0, -x);
  // J(p) ≥ LB − residual − (n·Λ⁻ + C(n,2)·R⁻ + C(n,3)·D⁻): what the allowance must cover
  const worst = residual + n * neg(min.leader) + (n * (n - 1) / 2) * neg(min.pair) +
    (n * (n - 1) * (n - 2) / 6) * neg(min.triple);
  const allowance = certificateTolerance(problem, state.rounds).tolerance;
  assert.ok(100 * worst <= allowance, `rounding ${worst} vs allowance ${allowance}`);
});

Deno.test("rlt2Bound with shift 'none' and negative products: no bound until a complete iteration, then every reduced cost ≥ 0", () => {
  const problem = randomProblem(6, 31, { symmetric: true, linear: true });
  const state = Rlt2DualState.initial(problem, "none");
  assert.equal(state.boundValid, false);
  assert.ok(state.minReducedCosts().pair < 0, "the instance must start with negative pair costs");
  state.leaderStep();
  assert.ok(state.iterate());
  assert.equal(state.boundValid, true);
  const tolerance = 1e-12 * certificateTolerance(problem).scale;
  const min = state.minReducedCosts();
  assert.ok(min.leader >= -tolerance && min.pair >= -tolerance && min.triple >= -tolerance, JSON.stringify(min));

  const reported: number[] = [];
  const none = rlt2Bound(problem, { shift: "none", maxIterations: 0, onIteration: (_, b) => reported.push(b) });
  assert.equal(none.bound, -Infinity);
  assert.deepEqual(reported, [-Infinity]);
  const result = rlt2Bound(problem, { shift: "none", maxIterations: 5, onIteration: (_, b) => reported.push(b) });
  assert.ok(reported.slice(2).every(Number.isFinite));
  assert.ok(result.bound <= solveBruteForce(problem).cost);
  // the default shift makes the bound valid from the first leader step on
  assert.ok(Number.isFinite(rlt2Bound(problem, { maxIterations: 0 }).bound));
});

Deno.test("rlt2Bound ≥ the fhg (RLT-1) bound and ≤ the optimum on every QAPLIB fixture with n ≤ 8", () => {
  const names = ["nug5", "nug6", "nug7", "nug8", "tai5a", "tai6a", "tai7a", "tai8a"];
  for (const x of "abcdef") names.push(`esc8${x}`);
  let stronger = 0;
  for (const name of names) {
    const problem = loadQaplibDat(fixturePath("qaplib", `${name}.dat`));
    const optimum = loadQaplibSln(fixturePath("qaplib", `${name}.sln`)).value;
    const fhg = solveFactorizedHahnGrant(problem, { primalHeuristic: false, maxIterations: 300 }).bound!;
    const rlt2 = rlt2Bound(problem, { maxIterations: 20 }).bound;
    assert.ok(rlt2 <= optimum, `${name}: RLT-2 bound ${rlt2} > optimum ${optimum}`);
    assert.ok(rlt2 >= fhg, `${name}: RLT-2 bound ${rlt2} < fhg bound ${fhg}`);
    if (rlt2 > fhg) stronger++;
  }
  assert.ok(stronger >= 5, `RLT-2 beat fhg on ${stronger} fixtures only`);
});

Deno.test("rlt2Bound is exact on n = 1 and 2, and on n = 3 when spreading half of R (spreadFraction 0.5)", () => {
  // n = 3: a triple is a whole permutation, so the RLT-2 relaxation is exact; spreading all of R (the default) can
  // stall below it (the first pair of each triple's LAP takes all its mass; measured: 20 of 100 seeds stall), half
  // of it reached the optimum on all 100 seeds of this generator.
  const cases = [1, 2].map((n) => ({ n, seed: 50 + n, fraction: 1 }));
  for (let seed = 0; seed < 20; seed++) cases.push({ n: 3, seed, fraction: 0.5 });
  for (const { n, seed, fraction } of cases) {
    const problem = randomProblem(n, seed, { linear: true });
    const before = [problem.a.data.slice(), problem.b.data.slice(), problem.linear!.data.slice()];
    const optimum = solveBruteForce(problem).cost;
    const { bound, rounds } = rlt2Bound(problem, { maxIterations: 30, spreadFraction: fraction, stopAt: optimum });
    // exact up to the rounding allowance the certified bound subtracts
    const allowance = certificateTolerance(problem, rounds).tolerance;
    assert.ok(bound <= optimum && optimum - bound <= 2 * allowance, `n = ${n} seed ${seed}: ${bound} vs ${optimum}`);
    assert.deepEqual([problem.a.data, problem.b.data, problem.linear!.data], before);
  }
});

Deno.test("rlt2Bound stops at stopAt: chr12a's optimum proven at the root within 10 iterations", () => {
  const problem = loadQaplibDat(fixturePath("qaplib", "chr12a.dat"));
  const optimum = loadQaplibSln(fixturePath("qaplib", "chr12a.sln")).value;
  const result = rlt2Bound(problem, { maxIterations: 10, stopAt: optimum });
  assert.equal(result.bound, optimum);
  assert.ok(result.iterations < 10, `${result.iterations} iterations`);
});

Deno.test("rlt2Bound refuses bad options and a state over the memory budget with one-line RangeErrors", () => {
  const problem = randomProblem(5, 3);
  assert.throws(() => rlt2Bound(problem, { spreadFraction: 0 }), /spreadFraction must be in \(0, 1\]/);
  assert.throws(() => rlt2Bound(problem, { level1Sweeps: 1.5 }), /level1Sweeps must be an integer/);
  assert.throws(() => rlt2Bound(problem, { timeLimit: 0 }), /timeLimit must be > 0/);
  assert.throws(
    () => rlt2Bound(problem, { memoryBudgetBytes: rlt2MemoryBytes(5) - 1 }),
    /RLT-2 state needs .* MiB at n = 5, over memoryBudgetBytes/,
  );
  assert.ok(rlt2MemoryBytes(20) < 100 * 2 ** 20 && rlt2MemoryBytes(30) < 2 ** 30);
});
