/**
 * QAPLIB oracles: J(p) reproduces every published .sln value exactly; brute force reproduces every optimum with
 * n ≤ 10; the heuristics never report a cost below the best known value.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { loadQaplibDat, loadQaplibSln } from "../../lib/io/qaplib.ts";
import { qapCost } from "../../lib/qap/objective.ts";
import { solveBruteForce } from "../../lib/qap/solvers/brute_force.ts";
import { solveEntropicGw } from "../../lib/qap/solvers/entropic_gw.ts";
import { solveFaq } from "../../lib/qap/solvers/faq.ts";
import { solveTwoOpt } from "../../lib/qap/solvers/two_opt.ts";
import { fixturePath } from "../_helpers/assert.ts";
import { qaplibIndex } from "./solvers/_fixtures.ts";

// kra32.dat here is inconsistent with its published numbers: every value computed from it (FAQ's best cost 17740,
// the Gilmore–Lawler bound 13478) is exactly 1/5 of the published one (88700, 67390), so one of its matrices is
// scaled; it is left out of the comparisons with published values.
const SCALED_FIXTURE = new Set(["kra32"]);
const index = qaplibIndex();

Deno.test("qapCost(problem, sln.permutation) equals the .sln value exactly for every QAPLIB solution file", () => {
  let checked = 0;
  for (const row of index) {
    const sln = fixturePath("qaplib", `${row.name}.sln`);
    if (!existsSync(sln)) continue;
    const problem = loadQaplibDat(fixturePath("qaplib", `${row.name}.dat`));
    const solution = loadQaplibSln(sln);
    if (solution.permutation === null) continue;
    assert.equal(qapCost(problem, solution.permutation), solution.value, row.name);
    assert.equal(solution.value, row.bestKnown, `${row.name}: .sln value vs index best_known`);
    checked++;
  }
  assert.ok(checked >= 100, `only ${checked} solution files checked`);
});

Deno.test("solveBruteForce(problem) reproduces every QAPLIB optimum with n ≤ 10", () => {
  const small = index.filter((r) => r.n <= 10);
  assert.ok(small.length >= 10);
  for (const row of small) {
    const problem = loadQaplibDat(fixturePath("qaplib", `${row.name}.dat`));
    const result = solveBruteForce(problem);
    assert.equal(result.cost, row.bestKnown, row.name);
    assert.equal(result.optimal, true);
    assert.equal(result.bound, result.cost);
  }
});

Deno.test("FAQ, 2-opt and entropic GW never report a cost below a QAPLIB best known value (n ≤ 50)", () => {
  const rows = index.filter((r) => r.n <= 50 && !SCALED_FIXTURE.has(r.name));
  for (const row of rows) {
    const problem = loadQaplibDat(fixturePath("qaplib", `${row.name}.dat`));
    const results = [
      solveFaq(problem),
      solveFaq(problem, { init: "random", starts: 3, seed: 1 }),
      solveTwoOpt(problem, { seed: 2 }),
      ...(row.n <= 20 ? [solveEntropicGw(problem, { maxIterations: 20, sinkhornIterations: 200 })] : []),
    ];
    for (const r of results) {
      assert.ok(r.cost >= row.bestKnown, `${r.solver} on ${row.name}: ${r.cost} < ${row.bestKnown}`);
    }
  }
});
