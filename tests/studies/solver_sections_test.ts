import assert from "node:assert/strict";
import {
  COMPARISON_SOLVERS,
  comparisonSkips,
  comparisonSolver,
  solverSmallSection,
} from "../../lib/studies/solver_comparison.ts";
import { runSectionJobs } from "../../lib/studies/study.ts";
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

Deno.test("comparison rows: the paper's Alg. 2 next to the modified FHG, and solvers above their size named, not dropped", () => {
  const paper = comparisonSolver("fhg-paper"), ours = comparisonSolver("fhg");
  assert.equal(paper.method, "fhg");
  assert.equal(paper.options.alternateOrientation, false, "the paper's fixed LAP orientation");
  assert.match(paper.label, /paper/);
  assert.match(ours.label, /ours, modified/);
  assert.ok(
    !COMPARISON_SOLVERS.some((s) => s.label === "Ours"),
    "no row runs the modified solver under the paper's label",
  );
  assert.deepEqual(comparisonSkips(24, ["milp", "fhg"]), []);
  assert.deepEqual(comparisonSkips(25, ["milp", "fhg", "brute-force"]), [
    { solver: "milp", status: "not run: model too large (n > 24)" },
    { solver: "brute-force", status: "not run: n! permutations (n > 12)" },
  ]);
  assert.throws(() => comparisonSkips(5, ["gurobi"]), /unknown comparison solver 'gurobi'/);
});
