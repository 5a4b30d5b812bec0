import assert from "node:assert/strict";
import { loadQaplibDat } from "../../../lib/io/qaplib.ts";
import { gilmoreLawlerBound } from "../../../lib/qap/bounds/gilmore_lawler.ts";
import { solveBruteForce } from "../../../lib/qap/solvers/brute_force.ts";
import { fixturePath } from "../../_helpers/assert.ts";
import { qaplibIndex, randomProblem } from "../solvers/_fixtures.ts";

// See tests/qap/qaplib_test.ts: kra32.dat gives exactly 1/5 of every published number (13478 = 67390 / 5).
const SCALED_FIXTURE = new Set(["kra32"]);

Deno.test("gilmoreLawlerBound(problem) reproduces every published QAPLIB value exactly", () => {
  const rows = qaplibIndex().filter((r) => r.gilmoreLawler !== null);
  assert.ok(rows.length >= 10);
  for (const row of rows) {
    const bound = gilmoreLawlerBound(loadQaplibDat(fixturePath("qaplib", `${row.name}.dat`)));
    if (SCALED_FIXTURE.has(row.name)) assert.equal(bound * 5, row.gilmoreLawler, row.name);
    else assert.equal(bound, row.gilmoreLawler, row.name);
  }
});

Deno.test("gilmoreLawlerBound(problem) ≤ best known value for every QAPLIB instance with n ≤ 64", () => {
  for (const row of qaplibIndex().filter((r) => r.n <= 64 && !SCALED_FIXTURE.has(r.name))) {
    const bound = gilmoreLawlerBound(loadQaplibDat(fixturePath("qaplib", `${row.name}.dat`)));
    assert.ok(bound <= row.bestKnown, `${row.name}: ${bound} > ${row.bestKnown}`);
  }
});

Deno.test("gilmoreLawlerBound(problem) ≤ the brute-force optimum with asymmetric factors, linear term and constant", () => {
  for (let seed = 0; seed < 20; seed++) {
    const problem = randomProblem(3 + (seed % 5), seed, { linear: seed % 2 === 0, symmetric: seed % 3 === 0 });
    const bound = gilmoreLawlerBound(problem);
    const optimum = solveBruteForce(problem).cost;
    assert.ok(bound <= optimum + 1e-9 * Math.max(1, Math.abs(optimum)), `seed ${seed}: ${bound} > ${optimum}`);
  }
});

Deno.test("gilmoreLawlerBound(problem) is tight on n = 1 and 2", () => {
  for (const n of [1, 2]) {
    const problem = randomProblem(n, 40 + n, { linear: true });
    assert.ok(Math.abs(gilmoreLawlerBound(problem) - solveBruteForce(problem).cost) < 1e-9);
  }
});

Deno.test("gilmoreLawlerBound rejects a non-problem", () => {
  assert.throws(() => gilmoreLawlerBound({} as never), /gilmoreLawlerBound: problem must be a QapProblem/);
});
