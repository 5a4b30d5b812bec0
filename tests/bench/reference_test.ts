import assert from "node:assert/strict";
import {
  bestKnownBound,
  bestKnownCost,
  loadReferenceRuns,
  parseReferenceRuns,
  referenceRun,
  referenceRuns,
  referenceSeconds,
} from "./_reference.ts";

Deno.test("parseReferenceRuns(text) types numbers, booleans and empty cells", () => {
  const runs = parseReferenceRuns(
    "implementation,inst,n,solver,seed,seconds,cost,optimal\nofficial,x,10,fhg,0,1.5,,True\n",
  );
  assert.deepEqual(runs, [{
    implementation: "official",
    inst: "x",
    n: 10,
    solver: "fhg",
    seed: 0,
    seconds: 1.5,
    cost: null,
    optimal: true,
  }]);
  assert.throws(() => parseReferenceRuns("implementation,inst,n,solver,seconds\na,b,1,c\n"), /line 2 has 4 cells/);
  assert.throws(() => parseReferenceRuns("inst,n\nx,1\n"), /lacks column 'implementation'/);
  assert.throws(() => parseReferenceRuns("implementation,inst,n,solver,seconds\na,b,x,c,1\n"), /column n is 'x'/);
});

Deno.test("referenceRuns(filter) selects rows of the fixture runs.csv", () => {
  const all = loadReferenceRuns();
  assert.ok(all.length > 200);
  const fhg = referenceRuns({ implementation: "official", solver: "fhg" });
  assert.ok(fhg.length > 10 && fhg.every((r) => r.solver === "fhg" && r.implementation === "official"));
  const one = referenceRun({ inst: "synth-gw-N50-s0", solver: "fhg" });
  assert.ok(one !== null && one.n === 50 && typeof one.seconds === "number" && one.optimal === false);
  assert.equal(referenceRun({ inst: "no-such-instance" }), null);
  const times = referenceRuns({ solver: "faq-bary" }).map((r) => r.seconds as number).sort((a, b) => a - b);
  assert.equal(
    referenceSeconds({ solver: "faq-bary" }),
    times.length % 2 ? times[times.length >> 1] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2,
  );
  assert.equal(referenceSeconds({ solver: "no-such-solver" }), null);
});

Deno.test("bestKnownCost(inst) and bestKnownBound(inst) bracket every reference run", () => {
  const inst = "lipa30a";
  const runs = referenceRuns({ inst });
  assert.ok(runs.length > 0);
  const best = bestKnownCost(inst), bound = bestKnownBound(inst);
  assert.ok(best !== null);
  for (const run of runs) {
    if (run.cost !== null) assert.ok(best <= run.cost);
    if (run.bound !== null) assert.ok(bound !== null && bound >= run.bound);
  }
  if (bound !== null) assert.ok(bound <= best + 1e-6 * Math.abs(best));
  assert.equal(bestKnownCost("no-such-instance"), null);
});
