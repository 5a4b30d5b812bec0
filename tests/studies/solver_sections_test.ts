import assert from "node:assert/strict";
import { largeScaleSection, solverLargerSection } from "../../lib/studies/large_scale.ts";
import { COMPARISON_SOLVERS, solverSmallSection } from "../../lib/studies/solver_comparison.ts";
import { runSection, runSectionJobs } from "../../lib/studies/study.ts";
import { makeSyntheticStore } from "./_synthetic_store.ts";

const ALL = COMPARISON_SOLVERS.map((s) => s.id);

Deno.test("solverSmallSection: every solver on every run; fhg and brute force reach the same (global) cost", async () => {
  const store = makeSyntheticStore();
  try {
    const config = {
      dataset: "toy-classes",
      visionModels: ["toy-net"],
      languageModels: ["toy-lang"],
      seedCount: 2,
      solvers: ALL,
      root: store.root,
    };
    const rows = await runSectionJobs(solverSmallSection, config);
    assert.equal(rows.length, 2 * ALL.length);
    for (const seed of new Set(rows.map((r) => r.seed))) {
      const mine = rows.filter((r) => r.seed === seed);
      const bf = mine.find((r) => r.solver === "brute-force")!, fhg = mine.find((r) => r.solver === "fhg")!;
      assert.equal(bf.global, true);
      assert.equal(fhg.global, true);
      assert.ok(Math.abs(Number(fhg.cost) - Number(bf.cost)) < 1e-9);
      for (const r of mine) {
        assert.ok(Number(r.accuracy) >= 0 && Number(r.accuracy) <= 1);
        assert.ok(Number(r.cost) >= Number(bf.cost) - 1e-9, `${r.solver} beats brute force`);
      }
    }
    const output = solverSmallSection.summarize(rows, config);
    assert.equal(output.tables.summary.numRows(), ALL.length);
    assert.ok(output.figures.accuracy.figure.data.length >= ALL.length);
  } finally {
    store.cleanup();
  }
});

Deno.test("solverLargerSection: on each size the fhg bound is below every solver's cost", async () => {
  const store = makeSyntheticStore();
  try {
    const config = {
      dataset: "toy-classes",
      vision: "toy-net",
      language: "toy-lang",
      sizes: [4, 6],
      solvers: ["random", "local-cka", "ot", "faq", "fhg"],
      timeLimit: 2,
      half: false,
      subsetRestarts: 5,
      root: store.root,
    };
    const output = await runSection(solverLargerSection, config);
    const rows = output.tables.summary.objects() as Record<string, unknown>[];
    assert.equal(rows.length, 2 * 5);
    for (const n of [4, 6]) {
      const mine = rows.filter((r) => r.n === n);
      const bound = Number(mine.find((r) => r.solver === "Ours")!.bound);
      for (const r of mine) {
        assert.ok(Number(r.cost) >= bound - 1e-9, `n=${n}: ${r.solver} cost ${r.cost} < bound ${bound}`);
      }
    }
    assert.ok(output.figures.fig6.figure.data.length >= 6, "a cost line per solver plus the bound line");
  } finally {
    store.cleanup();
  }
});

Deno.test("largeScaleSection: one row per (size, subset, seed); a size equal to all classes has a single subset", async () => {
  const store = makeSyntheticStore();
  try {
    const config = {
      datasets: ["toy-classes"],
      visionModels: ["toy-net"],
      language: "toy-lang",
      sizes: [4, 6],
      subsetsPerSize: 2,
      seedCount: 1,
      half: true,
      timeLimit: 2,
      certifyTimeLimit: 2,
      subsetRestarts: 5,
      root: store.root,
    };
    assert.equal(largeScaleSection.jobs(config).length, 4);
    const output = await runSection(largeScaleSection, config);
    const runs = output.tables.runs.objects() as Record<string, unknown>[];
    assert.equal(runs.length, 3);
    for (const r of runs) {
      assert.ok(Number(r.accuracy) >= 0 && Number(r.accuracy) <= 1);
      assert.equal(String(r.classes).split(" ").length, r.size);
      if (r.bound !== null) assert.ok(Number(r.bound) <= Number(r.cost) + 1e-9);
      // n ≤ 6: fhg or, where it stalls, branch and bound proves every problem; the row says which
      assert.equal(r.optimal, true);
      assert.ok(r.provenBy === "fhg" || r.provenBy === "bnb", String(r.provenBy));
    }
    const summary = output.tables.summary.objects() as Record<string, unknown>[];
    assert.ok(summary.every((row) => /^\d+ \/ \d+$/.test(String(row["proven by fhg / bnb"]))));
    assert.ok(
      output.figures["fig5_toy-classes"].figure.data.length >= 2,
      "a line per vision model plus the random baseline",
    );
  } finally {
    store.cleanup();
  }
});
