/**
 * The MILP solver (HiGHS): proven optima equal brute force on small integer / float / asymmetric / linear-term
 * instances under every linearisation, stopped runs keep a valid bound, the model sizes match the formulas, and bad
 * options or oversized models are refused with one-line errors; the HiGHS wrapper itself on a textbook MILP.
 */
import assert from "node:assert/strict";
import { matrixFrom } from "../../../lib/core/matrix.ts";
import { Rng } from "../../../lib/core/rng.ts";
import { loadQaplibDat } from "../../../lib/io/qaplib.ts";
import { qapCost } from "../../../lib/qap/objective.ts";
import { createQapProblem, type QapProblem } from "../../../lib/qap/problem.ts";
import { solveBruteForce } from "../../../lib/qap/solvers/brute_force.ts";
import {
  buildQapMilp,
  MILP_LINEARIZATIONS,
  milpMemoryBytes,
  milpModelSize,
  solveMilp,
} from "../../../lib/qap/solvers/milp.ts";
import { type MipModel, runMip } from "../../../lib/qap/solvers/_highs.ts";
import { assertPermutation, fixturePath } from "../../_helpers/assert.ts";
import { plantedGwProblem, randomProblem } from "./_fixtures.ts";

/** A random integer QAP (entries in [−range, range]); asymmetric unless `symmetric`, optional linear term. */
function integerProblem(n: number, seed: number, opts: { symmetric?: boolean; linear?: boolean }): QapProblem {
  const rng = new Rng(seed);
  const mat = (range: number, symmetric: boolean) => {
    const d = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        d[i * n + j] = symmetric && j < i ? d[j * n + i] : Math.round((rng.uniform() * 2 - 1) * range);
      }
    }
    return matrixFrom(d, n, n);
  };
  const a = mat(9, true), b = mat(9, opts.symmetric ?? false);
  return createQapProblem(a, b, opts.linear ? { linear: mat(20, false), constant: 7 } : {});
}

/** 32 instances, n = 4–7: integer and float data, symmetric and asymmetric, with and without linear terms. */
function crossCheckCases(): { label: string; problem: QapProblem }[] {
  const cases: { label: string; problem: QapProblem }[] = [];
  for (let t = 0; t < 32; t++) {
    const n = 4 + (t % 4);
    const linear = t % 3 !== 0;
    const symmetric = t % 2 === 0;
    const kind = (t >> 2) % 3;
    const problem = kind === 0
      ? integerProblem(n, 100 + t, { symmetric, linear })
      : kind === 1
      ? randomProblem(n, 200 + t, { symmetric, linear })
      : plantedGwProblem(n, 300 + t).problem;
    cases.push({ label: `t=${t} n=${n} ${["integer", "float", "planted GW"][kind]}`, problem });
  }
  return cases;
}

Deno.test("solveMilp proves the brute-force optimum on 32 instances (n = 4–7, integer/float, asymmetric, linear)", () => {
  for (const { label, problem } of crossCheckCases()) {
    const exact = solveBruteForce(problem);
    const result = solveMilp(problem, { seed: 1 });
    assertPermutation(result.permutation, problem.n);
    assert.equal(result.status, "optimal", `${label}: status ${result.status}`);
    assert.equal(result.optimal, true, label);
    const tol = 1e-9 * Math.max(1, Math.abs(exact.cost));
    assert.ok(Math.abs(result.cost - exact.cost) <= tol, `${label}: cost ${result.cost} vs optimum ${exact.cost}`);
    // the bound is HiGHS's dual bound lowered by its tolerances: the cost itself on integer data, a little below it
    // (within twice the certificate's allowance) otherwise, never above the optimum
    if (problem.isIntegral) assert.equal(result.bound, result.cost, label);
    assert.ok(result.bound! <= exact.cost, `${label}: bound ${result.bound} above the optimum ${exact.cost}`);
    assert.ok(result.cost - result.bound! <= 2 * (result.info.allowance as number), label);
    assert.equal(result.info.highsStatus, "optimal", label);
  }
});

/** A − J + small integers: A = base + U{0..9} (symmetric), B = U{0..9}; integral data with S up to ≈ 2⁵³. */
function largeIntegerProblem(n: number, seed: number, base: number): QapProblem {
  const rng = new Rng(seed);
  const mat = (offset: number) => {
    const d = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) d[i * n + j] = j < i ? d[j * n + i] : offset + Math.floor(rng.uniform() * 10);
    }
    return matrixFrom(d, n, n);
  };
  return createQapProblem(mat(base), mat(0));
}

Deno.test("solveMilp claims an optimum only where the certificate holds: integer data from 1 to 2³⁶ + small integers (brute force)", () => {
  // HiGHS works in doubles: at A = 2³⁶ + small integers (S ≈ 1.5e13, integral under certificate.ts) its "optimum"
  // was up to 75 above the true one, with cost = bound and optimal: true. Now its bound is lowered by its tolerances.
  let proofs = 0, unproven = 0;
  for (let t = 0; t < 24; t++) {
    const n = 6 + (t % 2), base = t < 6 ? 0 : 2 ** (24 + 2 * (t % 7));
    const problem = largeIntegerProblem(n, 100 + t, base);
    assert.ok(problem.isIntegral);
    const optimum = solveBruteForce(problem).cost;
    const r = solveMilp(problem, { seed: t });
    const label = `t=${t} n=${n} base=2^${Math.log2(base || 1)}`;
    assert.equal(r.cost, qapCost(problem, r.permutation), label);
    assert.ok(r.cost >= optimum, label);
    assert.notEqual(r.bound, null, label);
    assert.ok(Number.isInteger(r.bound), `${label}: integer data, bound ${r.bound}`);
    assert.ok(r.bound! <= optimum, `${label}: bound ${r.bound} above the optimum ${optimum}`);
    if (r.optimal) {
      proofs++;
      assert.equal(r.cost, optimum, `${label}: optimal claimed at ${r.cost}, optimum ${optimum}`);
      assert.equal(r.bound, r.cost, label);
    } else {
      unproven++;
      assert.equal(r.status, "converged", label);
      assert.ok(r.relativeGap! > 0 && r.relativeGap! < 1e-6, `${label}: relative gap ${r.relativeGap}`);
    }
  }
  // small data is still proven; the largest scales are not (HiGHS's tolerances exceed one unit there)
  assert.ok(proofs >= 6, `only ${proofs} proofs`);
  assert.ok(unproven >= 6, `only ${unproven} unproven`);
});

Deno.test("solveMilp: every linearisation, with and without the warm start, proves the same optimum", () => {
  const problems = [integerProblem(5, 11, { linear: true }), randomProblem(5, 12, { linear: true })];
  for (const problem of problems) {
    const exact = solveBruteForce(problem).cost;
    for (const linearization of MILP_LINEARIZATIONS) {
      for (const warmStart of [true, false]) {
        const r = solveMilp(problem, { linearization, warmStart });
        assert.equal(r.optimal, true, `${linearization} warmStart=${warmStart}`);
        assert.ok(Math.abs(r.cost - exact) <= 1e-9 * Math.max(1, Math.abs(exact)), `${linearization}: ${r.cost}`);
        assert.equal(r.info.linearization, linearization);
      }
    }
  }
});

Deno.test("solveMilp: a run stopped by its time limit keeps a valid bound (an integer one on integer data)", () => {
  // rou10 (optimum 174220) takes HiGHS well over a second here; on a much faster machine the run may prove instead.
  // Kaufman–Broeckx's LP is solved in milliseconds, so a dual bound exists long before its enumeration could finish.
  const problem = loadQaplibDat(fixturePath("qaplib", "rou10.dat"));
  for (const linearization of ["rlt1", "kaufman-broeckx"] as const) {
    const result = solveMilp(problem, { timeLimit: linearization === "rlt1" ? 1 : 2, linearization });
    assert.ok(result.status === "time-limit" || result.status === "optimal", result.status);
    assert.equal(result.cost, qapCost(problem, result.permutation));
    assert.ok(result.cost >= 174220);
    if (linearization === "kaufman-broeckx") assert.notEqual(result.bound, null);
    if (result.status === "time-limit") {
      assert.equal(result.optimal, false);
      if (result.bound !== null) {
        assert.ok(result.bound <= 174220, `${linearization}: bound ${result.bound} above the optimum`);
        assert.ok(Number.isInteger(result.bound), `${linearization}: integer data, bound ${result.bound}`);
        assert.ok(!Object.is(result.bound, -0));
      }
    }
  }
});

Deno.test("solveMilp: an aborted signal returns the warm start, status aborted, no proof", () => {
  const problem = randomProblem(7, 3, { linear: true });
  const controller = new AbortController();
  controller.abort();
  const result = solveMilp(problem, { signal: controller.signal });
  assertPermutation(result.permutation, 7);
  assert.equal(result.status, "aborted");
  assert.equal(result.optimal, false);
  assert.equal(result.bound, null);
});

Deno.test("buildQapMilp: model sizes match milpModelSize (exact for the lifted models, an upper bound for KB)", () => {
  for (const n of [1, 2, 3, 5]) {
    const problem = integerProblem(n, 40 + n, { linear: true });
    for (const linearization of MILP_LINEARIZATIONS) {
      const { model } = buildQapMilp(problem, linearization);
      const size = milpModelSize(n, linearization);
      assert.equal(model.numCols, size.cols, `${linearization} n=${n} cols`);
      assert.equal(model.numRows, size.rows, `${linearization} n=${n} rows`);
      assert.equal(model.starts.length, size.cols + 1);
      const nonzeros = model.starts[size.cols];
      if (linearization === "kaufman-broeckx") assert.ok(nonzeros <= size.nonzeros, `${linearization} n=${n}`);
      else assert.equal(nonzeros, size.nonzeros, `${linearization} n=${n} nonzeros`);
    }
  }
  assert.equal(milpMemoryBytes(12), milpModelSize(12, "rlt1").bytes);
});

Deno.test("buildQapMilp: the encoded permutation is feasible and its objective is J(p)", () => {
  const problem = integerProblem(5, 77, { linear: true });
  const p = Int32Array.from([3, 0, 4, 1, 2]);
  for (const linearization of MILP_LINEARIZATIONS) {
    const { model, encode } = buildQapMilp(problem, linearization);
    const x = encode(p);
    let objective = model.offset;
    for (let j = 0; j < model.numCols; j++) {
      objective += model.colCost[j] * x[j];
      assert.ok(x[j] >= model.colLower[j] && x[j] <= model.colUpper[j], `${linearization}: bounds of column ${j}`);
    }
    assert.equal(objective, qapCost(problem, p), linearization);
    const activity = new Float64Array(model.numRows);
    for (let j = 0; j < model.numCols; j++) {
      for (let t = model.starts[j]; t < model.starts[j + 1]; t++) activity[model.indices[t]] += model.values[t] * x[j];
    }
    for (let r = 0; r < model.numRows; r++) {
      assert.ok(
        activity[r] >= model.rowLower[r] - 1e-9 && activity[r] <= model.rowUpper[r] + 1e-9,
        `${linearization}: row ${r} activity ${activity[r]} outside [${model.rowLower[r]}, ${model.rowUpper[r]}]`,
      );
    }
  }
});

Deno.test("solveMilp rejects bad options and models over the memory budget with one-line errors", () => {
  const problem = randomProblem(4, 1);
  assert.throws(
    () => solveMilp(problem, { linearization: "glover" as never }),
    /solveMilp: linearization must be one of rlt1, frieze-yadegar, kaufman-broeckx, got glover/,
  );
  assert.throws(() => solveMilp(problem, { warmStart: 1 as never }), /solveMilp: warmStart must be a boolean/);
  assert.throws(
    () => solveMilp(problem, { memoryBudgetBytes: 0 }),
    /memoryBudgetBytes must be a number in \(0, Infinity\], got 0/,
  );
  assert.throws(
    () => solveMilp(problem, { memoryBudgetBytes: 1000 }),
    /solveMilp: the rlt1 MILP at n = 4 \(.* columns, .* rows, .* nonzeros\) need .*, over the memory budget of/,
  );
  // n = 40: ~1.25 million RLT1 columns, far over the 2 GiB WebAssembly heap whatever the budget says.
  const big = randomProblem(40, 2, { symmetric: true });
  assert.throws(() => solveMilp(big, { memoryBudgetBytes: 2 ** 40 }), /solveMilp: the rlt1 MILP at n = 40/);
});

/** max 5x + 4y + 3z s.t. 2x + 3y + z ≤ 5, 4x + y + 2z ≤ 11, 3x + 4y + 2z ≤ 8, integers ≥ 0 (optimum 13 at (2, 0, 1)). */
function smallMip(extraRow?: { lower: number; upper: number }): MipModel {
  const rows = extraRow ? 4 : 3;
  // columns x, y, z; entries of rows 0..2 (and row 3 = x + y + z when given)
  const columns = [[2, 4, 3], [3, 1, 4], [1, 2, 2]];
  const starts = new Int32Array(4), indices: number[] = [], values: number[] = [];
  for (let j = 0; j < 3; j++) {
    for (let r = 0; r < 3; r++) {
      indices.push(r);
      values.push(columns[j][r]);
    }
    if (extraRow) {
      indices.push(3);
      values.push(1);
    }
    starts[j + 1] = indices.length;
  }
  return {
    numCols: 3,
    numRows: rows,
    offset: 0,
    colCost: Float64Array.from([-5, -4, -3]),
    colLower: new Float64Array(3),
    colUpper: new Float64Array(3).fill(Infinity),
    rowLower: Float64Array.from([-Infinity, -Infinity, -Infinity, extraRow?.lower ?? 0].slice(0, rows)),
    rowUpper: Float64Array.from([5, 11, 8, extraRow?.upper ?? 0].slice(0, rows)),
    starts,
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    integrality: Int32Array.from([1, 1, 1]),
  };
}

Deno.test("runMip solves a small MILP, reports infeasibility without a solution, and stops when asked", () => {
  const solved = runMip(smallMip(), { timeLimit: 10, seed: 0 });
  assert.equal(solved.status, "optimal");
  assert.equal(Math.round(solved.primal), -13);
  assert.deepEqual(Array.from(solved.solution!, Math.round), [2, 0, 1]);
  assert.ok(solved.dual <= solved.primal + 1e-9);
  const infeasible = runMip(smallMip({ lower: 10, upper: 20 }), { timeLimit: 10, seed: 0 });
  assert.ok(["infeasible", "unbounded-or-infeasible"].includes(infeasible.status), infeasible.status);
  assert.equal(infeasible.solution, null);
  assert.equal(infeasible.primal, Infinity);
  // a MILP whose proof needs branching (rou10 under Kaufman–Broeckx), interrupted at the first interrupt point
  const { model } = buildQapMilp(loadQaplibDat(fixturePath("qaplib", "rou10.dat")), "kaufman-broeckx");
  let polls = 0;
  const stopped = runMip(model, { timeLimit: 60, seed: 0, shouldStop: () => ++polls >= 1 });
  assert.equal(stopped.status, "interrupted");
  assert.ok(polls >= 1);
});
