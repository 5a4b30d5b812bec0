import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deriveColumns, findBenchFiles, formatSummary, formatTable, selectTopics } from "./run_bench.ts";

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

Deno.test("selectTopics: --only names bench topics; an unknown or empty one is a one-line usage error", () => {
  const topics = ["fhg", "lap", "overrun"];
  assert.equal(selectTopics(undefined, topics), null);
  assert.deepEqual([...selectTopics("lap, fhg", topics)!], ["lap", "fhg"]);
  assert.throws(() => selectTopics("nosuch", topics), /unknown bench topic 'nosuch' \(topics: fhg, lap, overrun\)/);
  assert.throws(() => selectTopics(" , ", topics), /--only needs bench topics/);
});

Deno.test("bench --help prints the usage (exit 0); --only nosuch exits 2 in one line without running anything", async () => {
  const script = new URL("./run_bench.ts", import.meta.url).pathname;
  const run = async (...args: string[]) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", script, ...args],
      env: { NO_COLOR: "1" },
    })
      .output();
    return {
      code: out.code,
      stdout: new TextDecoder().decode(out.stdout),
      stderr: new TextDecoder().decode(out.stderr),
    };
  };
  const help = await run("--help");
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /usage: deno task bench/);
  const nosuch = await run("--only", "nosuch");
  assert.equal(nosuch.code, 2);
  assert.equal(nosuch.stderr.trim().split("\n").length, 1);
  assert.equal(nosuch.stdout, "");
});
