import assert from "node:assert/strict";
import * as aq from "arquero";
import { sectionSummary } from "../../lib/notebook/summaries.ts";
import type { StudyOutput } from "../../lib/studies/study.ts";

const output = (section: string, tables: Record<string, Record<string, unknown>[]>): StudyOutput => ({
  section,
  title: "t",
  tables: Object.fromEntries(Object.entries(tables).map(([k, rows]) => [k, aq.from(rows)])),
  figures: {},
  meta: { models: [], datasets: [], preset: "quick", notes: [], paper: "" },
});

Deno.test("sectionSummary(Sec. 3) counts strictly monotone curves of trained models and the breaks before 90 %", () => {
  const row = (vision: string, family: string, violationsAt: string, strict: boolean) => ({
    dataset: "d",
    metric: "gw",
    vision,
    family,
    n: 100,
    violationsAt,
    strictlyMonotone: strict,
  });
  const md = sectionSummary(output("3", {
    monotonicity: [
      row("a", "mobilenet", "", true),
      row("b", "mobilenet", "95 100", false),
      row("c", "nsfw", "45 80", false),
      row("g", "random", "5 10", false), // a control: left out
    ],
  }));
  assert.match(md, /^\*\*Observed in this run\*\* \(section 3, preset `quick`/);
  assert.match(md, /- 1 of 3 mean curves of trained models fall strictly/);
  assert.match(md, /- 1 break strictness only at ≥ 90 % shuffling .*, 1 earlier\./);
  assert.match(md, /Earliest break: c, gw on d, at 45 % shuffling/);
});

Deno.test("sectionSummary(Sec. 5.2 / 5.3-larger / 5.4 / D.3) computes its lines from the run's tables", () => {
  const s52 = sectionSummary(output("5.2", {
    runs: [
      { vision: "a", size: 10, accuracy: 1, optimal: true },
      { vision: "b", size: 10, accuracy: 0.5, optimal: false },
      { vision: "a", size: 20, accuracy: 0.25, optimal: false },
    ],
  }));
  assert.match(s52, /n = 10: mean accuracy 0\.50–1\.00 over 2 models \(random 0\.100\); 1 of 2 runs proven optimal/);
  assert.match(s52, /n = 20: mean accuracy 0\.25 \(random 0\.050\); 0 of 1 runs/);
  const s53 = sectionSummary(output("5.3-larger", {
    summary: [
      { n: 10, solver: "Random", cost: 2, bound: null, optimal: false },
      { n: 10, solver: "MPOpt", cost: 0.5, bound: 0.1, optimal: false },
      { n: 10, solver: "Ours", cost: 0.5, bound: 0.5, optimal: true },
    ],
  }));
  assert.match(
    s53,
    /n = 10: lowest cost 0\.500 by MPOpt, Ours; bounds from MPOpt \(0\.100\), Ours \(0\.500\); proven optimal: Ours\./,
  );
  const s54 = sectionSummary(output("5.4", {
    runs: [
      {
        vision: "v1",
        language: "g",
        accuracy: 0.25,
        gtAccuracy: 0.4,
        matchingAccuracy: 0.1,
        clusterToClass: "0 1 2 3 4 5 6 7 8 9",
      },
      {
        vision: "v1",
        language: "u",
        accuracy: 0.2,
        gtAccuracy: 0.4,
        matchingAccuracy: 0.3,
        clusterToClass: "0 1 2 3 4 5 6 7 8 9",
      },
    ],
  }));
  assert.match(
    s54,
    /Highest classification accuracy: v1 \+ g, 25 % \(clusters matched to classes 10 % right; chance 10 %\)/,
  );
  assert.match(s54, /Best pair whose matching beats chance: v1 \+ u, 20 % \(matching 30 % right\)/);
  const sd3 = sectionSummary(output("D.3", {
    runs: [
      { n: 12, label: "HG", variant: "hahn-grant", cost: -1, bound: -1.2, iterations: 10, optimal: false },
      { n: 12, label: "F", variant: "factorized", cost: -1.1, bound: -1.1, iterations: 40, optimal: false },
      // branch and bound counts search nodes, not dual-ascent iterations: not in the ratio
      {
        n: 12,
        label: "branch and bound",
        variant: "branch-and-bound",
        cost: -1.1,
        bound: -1.1,
        iterations: 616,
        optimal: true,
      },
    ],
  }));
  assert.match(sd3, /n = 12: highest bound F, lowest bound HG, lowest cost F\./);
  assert.match(sd3, /n = 12: the other dual-ascent rows do 4\.0–4\.0× the iterations of HG\./);
  assert.match(sd3, /n = 12: branch and bound searched 616–616 nodes per run and proved 1 of 1 optima\./);
});

Deno.test("sectionSummary credits the proof to fhg or bnb (Sec. 5.2) and states the run's solver time", () => {
  const out = output("5.2", {
    runs: [
      { vision: "a", size: 10, accuracy: 1, optimal: true, provenBy: "fhg" },
      { vision: "a", size: 10, accuracy: 1, optimal: true, provenBy: "bnb" },
      { vision: "a", size: 10, accuracy: 0.5, optimal: false, provenBy: null },
    ],
  });
  out.timings = aq.from([{ size: 10, seconds: 1.25 }, { size: 10, seconds: 2 }]);
  const md = sectionSummary(out);
  assert.match(md, /2 of 3 runs proven optimal \(fhg 1, bnb 1\)\./);
  assert.match(md, /Solver time of this run: 3\.3 s summed over its runs/);
});

Deno.test("sectionSummary(output) lists table sizes when a section's tables lack the expected columns", () => {
  const md = sectionSummary(output("5.2", { runs: [{ other: 1 }, { other: 2 }] }));
  assert.match(md, /- Table `runs`: 2 rows\./);
  assert.throws(() => sectionSummary(null as never), /sectionSummary: output must be a StudyOutput/);
});
