import assert from "node:assert/strict";
import { fromRows } from "../../lib/core/matrix.ts";
import {
  atIterations,
  CERTIFICATE_ULPS,
  certificateGap,
  certificateTolerance,
  certifiedBound,
  isCertifiedOptimal,
} from "../../lib/qap/certificate.ts";
import { createQapProblem, type QapProblem } from "../../lib/qap/problem.ts";
import { finishResult, SolveClock } from "../../lib/qap/result.ts";

const A = [[0, 3, -1], [3, 0, 2], [-1, 2, 0]];
const B = [[1, 4, 0], [4, 2, 5], [0, 5, 3]];
const L = [[1, -2, 0], [0, 7, 1], [2, 2, -3]];

function scaled(factor: number, constant = 4): QapProblem {
  const s = (rows: number[][], f: number) => fromRows(rows.map((r) => r.map((x) => x * f)));
  return createQapProblem(s(A, factor), s(B, factor), {
    linear: s(L, factor * factor),
    constant: constant * factor ** 2,
  });
}

Deno.test("certificateTolerance(problem) is S = n²·max|A|·max|B| + n·max|L| + |c| and the ulps allowance, exact under power-of-two scaling", () => {
  const base = certificateTolerance(scaled(1));
  assert.equal(base.scale, 9 * 3 * 5 + 3 * 7 + 4);
  assert.equal(base.tolerance, CERTIFICATE_ULPS * 2 ** -53 * base.scale * 3);
  assert.equal(base.integral, true);
  for (const k of [-60, -20, 7, 40]) {
    const c = certificateTolerance(scaled(2 ** k));
    assert.equal(c.scale, base.scale * 2 ** (2 * k));
    assert.equal(c.tolerance, base.tolerance * 2 ** (2 * k));
  }
  const later = atIterations(base, 97);
  assert.equal(later.tolerance, base.tolerance * (3 + 97) / 3);
  assert.equal(later.scale, base.scale);
  assert.equal(certificateTolerance(scaled(1), 97).tolerance, later.tolerance);
});

Deno.test("certificateTolerance: integer data above 2⁵³ in scale is not treated as integral (its costs are not exact)", () => {
  assert.equal(certificateTolerance(scaled(1e7)).integral, false);
  assert.equal(certificateTolerance(scaled(1e3)).integral, true);
  assert.equal(certificateTolerance(scaled(0.5)).integral, false);
});

Deno.test("certifiedBound lowers a float bound by the allowance and rounds an integral one up after that", () => {
  const int = certificateTolerance(scaled(1));
  assert.equal(certifiedBound(41, int), 41);
  assert.equal(certifiedBound(41 + 1e-12, int), 41);
  assert.equal(certifiedBound(40.6, int), 41);
  assert.equal(certifiedBound(-Infinity, int), -Infinity);
  assert.throws(() => certifiedBound(NaN, int), /certifiedBound: the lower bound is NaN/);
  assert.throws(() => certifiedBound(Infinity, int), RangeError);
  const flt = certificateTolerance(scaled(1e-5));
  assert.equal(flt.integral, false);
  const raw = 3.25e-9;
  assert.equal(certifiedBound(raw, flt), raw - flt.tolerance);
  assert.ok(certifiedBound(raw, flt) < raw);
});

Deno.test("isCertifiedOptimal: integers need cost ≤ bound; floats a gap within twice the allowance, at every scale", () => {
  const int = certificateTolerance(scaled(1));
  assert.equal(isCertifiedOptimal(41, 41, int), true);
  assert.equal(isCertifiedOptimal(42, 41, int), false);
  assert.equal(isCertifiedOptimal(41, null, int), false);
  for (const factor of [1e-8, 1e-5, 1, 1e8]) {
    const c = certificateTolerance(scaled(factor + 1e-3 * factor));
    const cost = 50 * factor * factor;
    assert.equal(isCertifiedOptimal(cost, cost - 1.9 * c.tolerance, c), true, `${factor}`);
    assert.equal(isCertifiedOptimal(cost, cost - 2.1 * c.tolerance, c), false, `${factor}`);
    // The former absolute 1e-6 rule would call a 40 % gap optimal at 1e-5 scale; the relative one never does.
    assert.equal(isCertifiedOptimal(cost, 0.6 * cost, c), false, `${factor}`);
  }
  assert.equal(isCertifiedOptimal(NaN, 0, int), false);
});

Deno.test("certificateGap gives the absolute gap and a relative one that is 0 exactly when certified", () => {
  const c = certificateTolerance(scaled(1e-5));
  assert.equal(certificateGap(1, null, c), null);
  assert.deepEqual(certificateGap(2e-9, 1e-9, c), { absolute: 1e-9, relative: 0.5 });
  assert.deepEqual(certificateGap(-1e-9, -2e-9, c), { absolute: 1e-9, relative: 0.5 });
  const tight = certificateGap(2e-9, 2e-9 - c.tolerance, c)!;
  assert.equal(tight.relative, 0);
  assert.equal(tight.absolute, 2e-9 - (2e-9 - c.tolerance));
});

Deno.test("finishResult: refuses NaN bounds, checks the bound against the cost relative to S, keeps only certified optimality claims", () => {
  const problem = scaled(1e-5), n = 3;
  const clock = () => new SolveClock("test", { timeLimit: Infinity, progressInterval: 0 });
  const p = [0, 1, 2];
  const outcome = { permutation: p, optimal: false, status: "converged" as const, iterations: 1 };
  assert.throws(
    () => finishResult(problem, clock(), {}, { ...outcome, bound: NaN }),
    /test: the lower bound is NaN/,
  );
  assert.throws(() => finishResult(problem, clock(), {}, { ...outcome, bound: Infinity }), RangeError);
  const cost = finishResult(problem, clock(), {}, { ...outcome, bound: null }).cost;
  // 1e-12 above a cost of ~1e-9 was within the former absolute tolerance; it is far above the allowance (~1e-23).
  assert.throws(
    () => finishResult(problem, clock(), {}, { ...outcome, bound: cost + 1e-12 }),
    /internal: test bound .* exceeds cost/,
  );
  const claimed = finishResult(problem, clock(), {}, {
    ...outcome,
    bound: cost * 0.6,
    optimal: true,
    status: "optimal",
  });
  assert.equal(claimed.optimal, false);
  assert.equal(claimed.status, "converged");
  assert.equal(claimed.info.optimalityClaimWithdrawn, true);
  assert.ok(Math.abs(claimed.relativeGap! - 0.4) < 1e-12);
  const certified = finishResult(problem, clock(), {}, {
    ...outcome,
    bound: certifiedBound(cost, certificateTolerance(problem)),
    optimal: true,
    status: "optimal",
  });
  assert.equal(certified.optimal, true);
  assert.equal(certified.status, "optimal");
  assert.equal(certified.relativeGap, 0);
  assert.equal(certified.info.optimalityClaimWithdrawn, undefined);
  assert.equal(certified.n, n);
});
