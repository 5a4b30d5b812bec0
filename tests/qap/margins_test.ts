/**
 * Per-pair margins against brute force (n ≤ 8): floats, integers, ties (margin 0), linear terms and constants, an
 * asymmetric B, scales 1e-8 … 1e8; lower ≤ true margin ≤ upper in both modes, `exact` entries equal to the truth
 * (integers exactly, floats within the certificate's allowance), and margins of a permutation that is not optimal.
 */
import assert from "node:assert/strict";
import { Rng } from "../../lib/core/rng.ts";
import { fromRows } from "../../lib/core/matrix.ts";
import { createQapProblem } from "../../lib/qap/problem.ts";
import { marginsOf } from "../../lib/qap/margins/margins.ts";
import { qapCost } from "../../lib/qap/objective.ts";
import { certificateTolerance } from "../../lib/qap/certificate.ts";
import { bruteForceMargins, marginCase, type MarginCaseKind } from "./_margins_cases.ts";

const KINDS: MarginCaseKind[] = ["float", "integer", "ties", "linear", "asymmetric-b"];
const SCALES = [1e-8, 1e-4, 1, 1e4, 1e8];

/** Checks one report against the true margins (`integral`: the certificate's integer rule applies). */
function checkAgainstTruth(label: string, report: ReturnType<typeof marginsOf>, truth: number[], integral: boolean) {
  for (const m of report.margins) {
    const t = truth[m.row];
    assert.ok(m.lower <= t && t <= m.upper, `${label} row ${m.row}: ${m.lower} ≤ ${t} ≤ ${m.upper}`);
    if (m.exact) {
      if (integral) assert.equal(m.lower, m.upper, `${label} row ${m.row}: exact integer bracket`);
      // twice the allowance, plus the float rounding of J itself (n ulps of the magnitude, far below the allowance)
      else assert.ok(m.upper - m.lower <= 2.01 * report.allowance, `${label} row ${m.row}: exact within the allowance`);
    }
    const q = report.alternatives[m.row]!;
    assert.notEqual(q[m.row], m.column, `${label} row ${m.row}: the alternative changes the row`);
  }
}

Deno.test("margins: lower ≤ true ≤ upper in both modes, exact mode closes every row (n = 4–8, all kinds, scales)", () => {
  let cases = 0, zeroMargins = 0;
  for (const kind of KINDS) {
    for (const [k, scale] of SCALES.entries()) {
      const n = 4 + ((k + KINDS.indexOf(kind)) % 5);
      const problem = marginCase(n, kind, scale, 1000 * k + KINDS.indexOf(kind));
      const truth = bruteForceMargins(problem);
      const integral = certificateTolerance(problem).integral;
      const bound = marginsOf(problem, truth.optimum, { mode: "bound" });
      checkAgainstTruth(`${kind} n=${n} scale ${scale} bound`, bound, truth.margins, integral);
      const exact = marginsOf(problem, truth.optimum, { mode: "exact" });
      checkAgainstTruth(`${kind} n=${n} scale ${scale} exact`, exact, truth.margins, integral);
      assert.ok(exact.margins.every((m) => m.exact), `${kind} n=${n} scale ${scale}: every row exact`);
      assert.ok(exact.optimal, `${kind} n=${n} scale ${scale}: the optimum is proven by its margins`);
      assert.ok(exact.runnerUpGap.exact);
      assert.equal(exact.runnerUpGap.upper, Math.min(...exact.margins.map((m) => m.upper)));
      zeroMargins += truth.margins.filter((m) => m === 0).length;
      cases++;
    }
  }
  assert.equal(cases, KINDS.length * SCALES.length);
  assert.ok(zeroMargins > 0, "some instance has two optima (a zero margin)");
});

Deno.test("margins: two optima that differ on two rows give margin 0 there, positive elsewhere (integers)", () => {
  // A = B = the path 0–1–2–3 plus a pendant: the reflection 0↔3, 1↔2 is an automorphism, so p and its mirror tie.
  const a = fromRows([[0, 5, 0, 0, 0], [5, 0, 3, 0, 0], [0, 3, 0, 5, 0], [0, 0, 5, 0, 1], [0, 0, 0, 1, 0]]);
  const b = fromRows([[0, 4, 0, 0, 2], [4, 0, 1, 0, 0], [0, 1, 0, 4, 0], [0, 0, 4, 0, 0], [2, 0, 0, 0, 0]]);
  const problem = createQapProblem(a, b, { linear: fromRows(Array.from({ length: 5 }, () => [1, 2, 3, 4, 5])) });
  const truth = bruteForceMargins(problem);
  const report = marginsOf(problem, truth.optimum, { mode: "exact" });
  checkAgainstTruth("pendant path", report, truth.margins, true);
  assert.deepEqual(report.margins.map((m) => m.upper), truth.margins);
});

Deno.test("margins of a permutation that is not optimal: brackets still hold, a negative upper exposes it", () => {
  const rng = new Rng(5);
  for (const kind of ["float", "integer"] as const) {
    const problem = marginCase(7, kind, 1, 77);
    const p = rng.permutation(7);
    const truth = bruteForceMargins(problem, p);
    const optimumCost = qapCost(problem, truth.optimum);
    assert.ok(qapCost(problem, p) > optimumCost, "the random permutation is not optimal");
    for (const mode of ["bound", "exact"] as const) {
      const report = marginsOf(problem, p, { mode });
      checkAgainstTruth(`${kind} random p ${mode}`, report, truth.margins, certificateTolerance(problem).integral);
      assert.equal(report.optimal, false);
    }
    const exact = marginsOf(problem, p, { mode: "exact" });
    assert.ok(exact.runnerUpGap.upper < 0, "some cheaper matching changes a row");
    // the smallest margin is J(optimum) − J(p) (the optimum differs from p)
    const gap = optimumCost - qapCost(problem, p);
    assert.ok(Math.abs(exact.runnerUpGap.upper - gap) <= 2 * exact.allowance + 1e-12 * Math.abs(gap));
  }
});

Deno.test("margins: a solve's bound floors the lower bounds; n ≤ 3 is enumerated; n = 1 has no alternative", () => {
  const problem = marginCase(6, "integer", 1, 3);
  const truth = bruteForceMargins(problem);
  const optimum = qapCost(problem, truth.optimum);
  const floored = marginsOf(problem, truth.optimum, { mode: "bound", bound: optimum, maxIterations: 1 });
  assert.ok(floored.margins.every((m) => m.lower >= 0), "with a proof every lower bound is ≥ 0");
  assert.ok(floored.optimal);
  const small = marginCase(3, "float", 1, 4);
  const smallTruth = bruteForceMargins(small);
  const smallReport = marginsOf(small, smallTruth.optimum, { mode: "bound" });
  assert.deepEqual(smallReport.margins.map((m) => m.lower), smallTruth.margins);
  assert.ok(smallReport.margins.every((m) => m.exact));
  const one = marginsOf(createQapProblem(fromRows([[2]]), fromRows([[3]])), [0]);
  assert.deepEqual(one.margins, [{ row: 0, column: 0, lower: Infinity, upper: Infinity, exact: true }]);
  assert.ok(one.optimal);
});

Deno.test("margins: bad input is refused with one line naming the argument", () => {
  const problem = marginCase(4, "float", 1, 9);
  assert.throws(() => marginsOf(problem, [0, 1, 2]), /marginsOf: .*permutation/);
  assert.throws(() => marginsOf(problem, [0, 1, 2, 3], { mode: "fast" as never }), /mode must be "bound" or "exact"/);
  assert.throws(() => marginsOf(problem, [0, 1, 2, 3], { cutoff: 1 } as never), /unknown option 'cutoff'/);
  const asymmetric = createQapProblem(
    fromRows([[0, 1, 2, 3], [0, 0, 1, 2], [5, 0, 0, 1], [1, 1, 0, 0]]),
    fromRows([[0, 2, 1, 3], [1, 0, 1, 2], [0, 4, 0, 1], [1, 0, 3, 0]]),
  );
  assert.throws(() => marginsOf(asymmetric, [0, 1, 2, 3]), /symmetric A or B/);
});
