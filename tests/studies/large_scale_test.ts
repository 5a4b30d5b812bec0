/**
 * Sec. 5.2 and 5.3-larger on the synthetic store (6 classes × 20 images): one row per (size, subset, seed), all
 * classes as a single "subset", every row says where its subset comes from and which solver proved it, budgets make
 * two runs identical, timings stay out of the tables, and the larger comparison keeps every cost above fhg's bound.
 */
import assert from "node:assert/strict";
import {
  chooseSubsets,
  type LargeScaleConfig,
  largeScaleSection,
  sizeRule,
  type SolverLargerConfig,
  solverLargerSection,
} from "../../lib/studies/large_scale.ts";
import { getSolver } from "../../lib/qap/registry.ts";
import { runSection } from "../../lib/studies/study.ts";
import { makeSyntheticStore } from "./_synthetic_store.ts";

function largeConfig(root: string, over: Partial<LargeScaleConfig> = {}): LargeScaleConfig {
  return {
    data: [{ dataset: "toy-classes", language: "toy-lang", visionModels: ["toy-net"], sizes: [4, 6], half: true }],
    subsetsPerSize: 2,
    seedCount: 1,
    solveRules: [{ upTo: 6, solver: "fhg", budget: { iterations: 50 } }],
    certifyMaxSize: 6,
    certifyLimit: { budget: { iterations: 50, nodes: 2000 } },
    subsets: { restarts: 5, highsNodes: 0 },
    root,
    ...over,
  };
}

Deno.test("largeScaleSection: one row per (size, subset, seed); all classes is one subset; rows say provenance and prover", async () => {
  const store = makeSyntheticStore();
  try {
    const config = largeConfig(store.root);
    const jobs = largeScaleSection.jobs(config);
    assert.equal(jobs.length, 3, "n = 4: 2 subsets; n = 6 (all classes): 1");
    const output = await runSection(largeScaleSection, config);
    const runs = output.tables.runs.objects() as Record<string, unknown>[];
    assert.equal(runs.length, 3);
    for (const r of runs) {
      assert.ok(Number(r.accuracy) >= 0 && Number(r.accuracy) <= 1);
      assert.equal(String(r.classes).split(" ").length, r.size);
      if (r.bound !== null) assert.ok(Number(r.bound) <= Number(r.cost) + 1e-9);
      assert.equal(r.subsets, r.size === 6 ? "all classes" : "local search");
      // n ≤ 6: fhg or, where it stalls, branch and bound proves every problem; the row says which
      assert.equal(r.optimal, true);
      assert.ok(r.provenBy === "fhg" || r.provenBy === "bnb", String(r.provenBy));
      assert.ok(!("seconds" in r), "timings stay out of the committed tables");
    }
    const timings = output.timings!.objects() as Record<string, unknown>[];
    assert.equal(timings.length, 3);
    assert.ok(timings.every((t) => typeof t.seconds === "number"));
    const summary = output.tables.summary.objects() as Record<string, unknown>[];
    assert.deepEqual(summary.map((s) => s.subsets), ["local search", "all classes"]);
    assert.ok(summary.every((row) => /^\d+ \/ \d+$/.test(String(row["proven by fhg / bnb"]))));
    const figure = output.figures["fig5_toy-classes"].figure;
    assert.ok(figure.data.length >= 2, "a line per vision model plus the random baseline");
    const title = JSON.stringify(figure.layout.title).replace(/<br>/g, " "); // long titles wrap
    assert.ok(title.includes("local search") && !/optimal/i.test(title), title);
  } finally {
    store.cleanup();
  }
});

Deno.test("largeScaleSection: work budgets give identical tables on a second run; sizes above the class count are refused", async () => {
  const store = makeSyntheticStore();
  try {
    const config = largeConfig(store.root, { seedCount: 2 });
    const first = await runSection(largeScaleSection, config);
    const again = await runSection(largeScaleSection, structuredClone(config));
    assert.deepEqual(again.tables.runs.objects(), first.tables.runs.objects());
    assert.deepEqual(again.tables.summary.objects(), first.tables.summary.objects());
    assert.ok(first.meta.notes.some((n) => n.includes("same on any machine")));
    const tooBig = largeConfig(store.root);
    tooBig.data[0].sizes = [4, 7];
    assert.throws(() => largeScaleSection.jobs(tooBig), /size 7 is more than the 6 classes of toy-classes/);
  } finally {
    store.cleanup();
  }
});

Deno.test("largeScaleSection: a primal-only rule gives unproven rows without a bound", async () => {
  const store = makeSyntheticStore();
  try {
    const config = largeConfig(store.root, {
      solveRules: [{ upTo: null, solver: "two-opt", budget: null }],
      subsetsPerSize: 1,
    });
    const runs = (await runSection(largeScaleSection, config)).tables.runs.objects() as Record<string, unknown>[];
    assert.equal(runs.length, 2);
    for (const r of runs) {
      assert.equal(r.solver, "two-opt");
      assert.equal(r.bound, null);
      assert.equal(r.optimal, false);
      assert.equal(r.provenBy, "");
    }
  } finally {
    store.cleanup();
  }
});

Deno.test("sizeRule: the first rule whose upTo covers n; none is a RangeError", () => {
  const rules = [
    { upTo: 20, solver: "fhg", budget: { iterations: 100 } },
    { upTo: 50, solver: "fhg", budget: { iterations: 10 } },
  ];
  assert.equal(sizeRule(rules, 20).budget?.iterations, 100);
  assert.equal(sizeRule(rules, 21).budget?.iterations, 10);
  assert.throws(() => sizeRule(rules, 51), /no rule covers n = 51/);
});

Deno.test("chooseSubsets: HiGHS's subsets when it proves them within its node budget, labelled so", () => {
  const store = makeSyntheticStore();
  try {
    const highs = chooseSubsets(
      "toy-classes",
      "toy-net",
      "toy-lang",
      3,
      2,
      { restarts: 5, highsNodes: 1000 },
      store.root,
    );
    assert.equal(highs.provenance, "optimal (HiGHS, proven)");
    assert.deepEqual(highs.highs, { solves: 2, proven: 2 });
    const local = chooseSubsets("toy-classes", "toy-net", "toy-lang", 3, 2, { restarts: 5, highsNodes: 0 }, store.root);
    assert.equal(local.provenance, "local search");
    assert.equal(local.highs, null);
    // on 6 classes the local search finds the same best subsets as the proven HiGHS selection
    assert.deepEqual(local.subsets, highs.subsets);
  } finally {
    store.cleanup();
  }
});

Deno.test("solverLargerSection: on each size the fhg bound is below every solver's cost; budgets keep seconds out", async () => {
  const store = makeSyntheticStore();
  try {
    const config: SolverLargerConfig = {
      dataset: "toy-classes",
      vision: "toy-net",
      language: "toy-lang",
      sizes: [4, 6],
      solvers: ["random", "local-cka", "ot", "faq", "fhg-paper", "fhg"],
      limits: [{ upTo: null, budget: { iterations: 50, batches: 5 } }],
      half: true,
      subsets: { restarts: 5, highsNodes: 0 },
      root: store.root,
    };
    const output = await runSection(solverLargerSection, config);
    const rows = output.tables.summary.objects() as Record<string, unknown>[];
    assert.equal(rows.length, 2 * 6);
    for (const n of [4, 6]) {
      const mine = rows.filter((r) => r.n === n);
      const bound = Number(mine.find((r) => r.solver === "FHG (ours, modified)")!.bound);
      for (const r of mine) {
        assert.ok(Number(r.cost) >= bound - 1e-9, `n=${n}: ${r.solver} cost ${r.cost} < bound ${bound}`);
        assert.equal(r.subset, n === 6 ? "all classes" : "local search");
        assert.ok(!("seconds" in r));
      }
    }
    assert.ok(output.figures.fig6.figure.data.length >= 6, "a cost line per solver plus the bound lines");
    assert.match(output.figures.fig6.caption, /stands in for the paper's CIFAR-100/);
    assert.ok(output.meta.notes.some((n) => n.includes("same on any machine")));
  } finally {
    store.cleanup();
  }
});

Deno.test("solverLargerSection: solvers that cannot honour a work budget are shown as not run, never dropped", async () => {
  const store = makeSyntheticStore();
  try {
    const budget = { iterations: 50, nodes: 500, batches: 5 };
    const config: SolverLargerConfig = {
      dataset: "toy-classes",
      vision: "toy-net",
      language: "toy-lang",
      sizes: [4, 6],
      solvers: ["fhg", "milp", "bnb"],
      limits: [{ upTo: 4, budget }, { upTo: null, budget, skipUnbudgeted: ["milp", "bnb"] }],
      half: true,
      subsets: { restarts: 5, highsNodes: 0 },
      root: store.root,
    };
    const rows = (await runSection(solverLargerSection, config)).tables.summary.objects() as Record<string, unknown>[];
    assert.equal(rows.length, 6, "every solver has a row at every size");
    assert.ok(rows.filter((r) => r.n === 4).every((r) => r.cost !== null), "n = 4: all ran");
    const canCount = {
      "MILP (HiGHS, for Gurobi)": Object.hasOwn(getSolver("milp").defaults, "maxNodes"),
      "FHG + B&B (ours)": Object.hasOwn(getSolver("bnb").defaults, "maxNodes"),
    } as Record<string, boolean>;
    for (const r of rows.filter((r) => r.n === 6 && r.solver !== "FHG (ours, modified)")) {
      if (canCount[String(r.solver)]) assert.notEqual(r.cost, null);
      else {
        assert.equal(r.cost, null);
        assert.match(String(r.status), /^not run: no work budget it can honour/);
      }
    }
  } finally {
    store.cleanup();
  }
});
