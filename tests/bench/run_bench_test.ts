import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deriveColumns, findBenchFiles, formatSummary, formatTable } from "./run_bench.ts";

Deno.test("findBenchFiles(dir) lists <topic>_bench.ts files, skipping helpers and the runner", () => {
  const dir = mkdtempSync(join(tmpdir(), "bench-"));
  try {
    for (const name of ["lap_bench.ts", "_bench.ts", "_reference.ts", "run_bench.ts", "faq_bench.ts", "notes.md"]) {
      writeFileSync(join(dir, name), "");
    }
    assert.deepEqual(findBenchFiles(dir), [["faq", join(dir, "faq_bench.ts")], ["lap", join(dir, "lap_bench.ts")]]);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

Deno.test("deriveColumns(row) computes the gap to best known in percent and the time ratio", () => {
  const row = deriveColumns({
    group: "g",
    instance: "i",
    n: 5,
    solver: "s",
    cost: 110,
    bestKnown: 100,
    seconds: 3,
    referenceSeconds: 2,
  });
  assert.equal(row.gapPercent, 10);
  assert.equal(row.ratio, 1.5);
  const negative = deriveColumns({
    group: "g",
    instance: "i",
    n: 5,
    solver: "s",
    cost: -90,
    bestKnown: -100,
    seconds: 1,
  });
  assert.equal(negative.gapPercent, 10);
  assert.equal(negative.ratio, null);
  assert.equal(deriveColumns({ group: "g", instance: "i", n: 1, solver: "s", seconds: 1 }).gapPercent, null);
});

Deno.test("formatTable(rows) and formatSummary(rows) print one aligned table and the goals met or missed", () => {
  const rows = [
    deriveColumns({
      group: "lap",
      instance: "uniform",
      n: 1000,
      solver: "jv",
      seconds: 0.05,
      referenceSeconds: 0.034,
      goal: "≤ 2×",
      pass: true,
    }),
    deriveColumns({
      group: "lap",
      instance: "uniform",
      n: 500,
      solver: "jv",
      seconds: 0.02,
      referenceSeconds: 0.007,
      goal: "≤ 2×",
      pass: false,
    }),
    deriveColumns({ group: "lap-small", instance: "hg-like", n: 9, solver: "auction", seconds: 2.5e-6 }),
  ];
  const table = formatTable(rows).split("\n");
  assert.equal(table.length, 5);
  assert.match(
    table[0],
    /^group\s+instance\s+n\s+solver\s+cost\s+gap%\s+bound\s+seconds\s+ref s\s+ratio\s+goal\s+pass$/,
  );
  assert.match(table[2], /yes$/);
  assert.match(table[3], /NO$/);
  assert.match(table[4], /2\.500e-6/);
  const summary = formatSummary(rows, ["broken_bench.ts"]);
  assert.match(summary, /goals: 1 met, 1 missed \(of 2\)/);
  assert.match(summary, /missed: lap uniform n=500 jv/);
  assert.match(summary, /ERROR: bench module broken_bench.ts failed/);
});
