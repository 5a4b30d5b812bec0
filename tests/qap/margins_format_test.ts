/**
 * The margins' companions: the random-matching spread (against exact enumeration), the JSON fields and text table of
 * `--margins`, and the flag parser.
 */
import assert from "node:assert/strict";
import { fromRows } from "../../lib/core/matrix.ts";
import { UsageError } from "../../lib/core/run_main.ts";
import { createQapProblem } from "../../lib/qap/problem.ts";
import { marginsOf } from "../../lib/qap/margins/margins.ts";
import { randomCostSpread } from "../../lib/qap/margins/random_spread.ts";
import { computeMargins, formatMarginsTable, marginsJson, parseMarginsFlag } from "../../lib/qap/margins/format.ts";
import { bruteForceMargins, enumerate, marginCase } from "./_margins_cases.ts";

Deno.test("randomCostSpread: the seeded sample's sd is within 5 % of the exact sd over all permutations", () => {
  const problem = marginCase(7, "linear", 1, 21);
  const { costs } = enumerate(problem);
  const mean = costs.reduce((s, x) => s + x, 0) / costs.length;
  const exact = Math.sqrt(costs.reduce((s, x) => s + (x - mean) ** 2, 0) / costs.length);
  const spread = randomCostSpread(problem);
  assert.ok(Math.abs(spread.sd - exact) <= 0.05 * exact, `sample sd ${spread.sd} vs exact ${exact}`);
  assert.equal(spread.samples, 2000);
  assert.deepEqual(randomCostSpread(problem), spread, "deterministic for a seed");
  assert.equal(randomCostSpread(createQapProblem(fromRows([[1, 1], [1, 1]]), fromRows([[2, 2], [2, 2]]))).sd, 0);
});

Deno.test("marginsJson / formatMarginsTable: one entry per row in row order, ratios to the sd, ∞ as null", () => {
  const problem = marginCase(6, "integer", 1, 8);
  const truth = bruteForceMargins(problem);
  const out = computeMargins(problem, truth.optimum, "exact", { quiet: true });
  const json = marginsJson(out);
  assert.deepEqual(json.margins.map((m) => m.row), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(json.margins.map((m) => m.upper), truth.margins);
  for (const m of json.margins) assert.equal(m.lowerRatio, m.lower! / out.spread.sd);
  assert.equal(json.runnerUpGap.upper, Math.min(...truth.margins));
  assert.equal(json.marginsInfo.mode, "exact");
  assert.ok(json.marginsInfo.optimal);
  const table = formatMarginsTable(out, { oneBased: true, correct: [true, false, true, true, true, true] });
  const lines = table.split("\n");
  assert.match(lines[0], /^margins \(exact\): 6\/6 exact/);
  assert.match(table, /runner-up gap/);
  assert.equal(lines.filter((l) => / → /.test(l)).length, 6);
  assert.match(table, /✗/);
  const one = marginsJson({
    report: marginsOf(createQapProblem(fromRows([[1]]), fromRows([[1]])), [0]),
    spread: { sd: 0, mean: 1, samples: 200, seed: 0 },
  });
  assert.deepEqual(one.margins[0], {
    row: 0,
    column: 0,
    lower: null,
    upper: null,
    exact: true,
    lowerRatio: null,
    upperRatio: null,
  });
  assert.ok(JSON.stringify(one).length > 0);
});

Deno.test("parseMarginsFlag: bound, exact, absent; anything else is a one-line usage error", () => {
  assert.equal(parseMarginsFlag(undefined), null);
  assert.equal(parseMarginsFlag("bound"), "bound");
  assert.equal(parseMarginsFlag("exact"), "exact");
  assert.throws(
    () => parseMarginsFlag("all"),
    (e) => e instanceof UsageError && /--margins must be one of/.test(e.message),
  );
});
