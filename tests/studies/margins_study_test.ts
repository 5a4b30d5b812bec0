import assert from "node:assert/strict";
import { accuracyByQuantile, marginAuc, midRanks, precisionAtK, spearman } from "../../lib/studies/margin_ranking.ts";
import {
  marginGroupLabel,
  MARGINS_DEFAULTS,
  marginsSection,
  pairsForFraction,
  randomClassSubset,
} from "../../lib/studies/margins.ts";
import { NOTEBOOK_STORE_ROOT, notebookSectionConfig } from "../../lib/studies/notebook_run.ts";
import { storedModels } from "../../lib/studies/run_data.ts";
import { runSection } from "../../lib/studies/study.ts";

Deno.test("midRanks gives tied values the mean of their ranks", () => {
  assert.deepEqual(Array.from(midRanks([0.3, 0.1, 0.3, 0.2])), [3.5, 1, 3.5, 2]);
  assert.deepEqual(Array.from(midRanks([])), []);
});

Deno.test("marginAuc on hand-made cases: perfect, reversed, a tie counted ½, undefined with one class", () => {
  assert.equal(marginAuc([3, 2, 1, 0], [true, true, false, false]), 1);
  assert.equal(marginAuc([3, 2, 1, 0], [false, false, true, true]), 0);
  assert.equal(marginAuc([3, 2, 1, 0], [true, false, true, false]), 0.75); // 3 of the 4 (correct, wrong) pairs ordered
  // correct {2, 1}, wrong {1, 0}: (2>1) + (2>0) + (1=1 → ½) + (1>0) = 3.5 of 4
  assert.equal(marginAuc([2, 1, 1, 0], [true, true, false, false]), 0.875);
  assert.equal(marginAuc([1, 1, 1], [true, false, false]), 0.5);
  assert.equal(marginAuc([1, 2], [true, true]), null);
  assert.equal(marginAuc([1, 2], [false, false]), null);
  assert.throws(() => marginAuc([1, 2], [true]), /same length/);
  assert.throws(() => marginAuc([NaN, 2], [true, false]), /NaN/);
});

Deno.test("precisionAtK counts the k largest margins, a tie at the cut with its share of correct pairs", () => {
  const margins = [5, 4, 4, 1, 0.5], correct = [true, false, true, false, true];
  assert.equal(precisionAtK(margins, correct, 1), 1);
  assert.equal(precisionAtK(margins, correct, 2), (1 + 0.5) / 2); // top pair + half of the tied {4, 4}
  assert.equal(precisionAtK(margins, correct, 3), 2 / 3);
  assert.equal(precisionAtK(margins, correct, 4), 2 / 4);
  assert.equal(precisionAtK(margins, correct, 5), 3 / 5); // every pair: the accuracy
  assert.equal(precisionAtK([0, 0, 0, 0], [true, false, false, false], 2), 0.25); // all tied: the accuracy
  assert.throws(() => precisionAtK(margins, correct, 6), /k/);
  assert.throws(() => precisionAtK(margins, correct, 0), /k/);
});

Deno.test("accuracyByQuantile splits by rank, keeps ties in one bin and reports each bin's range", () => {
  const bins = accuracyByQuantile([0, 1, 2, 3, 4, 5, 6, 7], [false, false, true, false, true, true, true, true], 4);
  assert.deepEqual(bins.map((b) => b.pairs), [2, 2, 2, 2]);
  assert.deepEqual(bins.map((b) => b.accuracy), [0, 0.5, 1, 1]);
  assert.deepEqual(bins.map((b) => [b.lowest, b.highest]), [[0, 1], [2, 3], [4, 5], [6, 7]]);
  const tied = accuracyByQuantile([1, 1, 1, 2], [true, false, true, true], 2);
  assert.deepEqual(tied.map((b) => b.pairs), [3, 1]); // the three equal margins share the middle rank
  assert.equal(tied[0].accuracy, 2 / 3);
  assert.ok(Number.isNaN(accuracyByQuantile([1], [true], 3)[0].accuracy)); // bin 1 is empty
});

Deno.test("spearman: monotone, reversed, a hand case and constant input", () => {
  assert.equal(spearman([1, 2, 3, 4], [10, 20, 30, 40]), 1);
  assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  assert.equal(spearman([1, 2, 3], [10, 30, 20]), 0.5);
  assert.equal(spearman([1, 1, 1], [1, 2, 3]), null);
});

Deno.test("pairsForFraction, randomClassSubset and marginGroupLabel", () => {
  assert.equal(pairsForFraction(0.1, 10), 1);
  assert.equal(pairsForFraction(0.3, 10), 3);
  assert.equal(pairsForFraction(0.1, 15), 2);
  assert.equal(pairsForFraction(1, 15), 15);
  assert.equal(pairsForFraction(0.01, 10), 1);
  const subset = randomClassSubset(200, 10, 3);
  assert.equal(new Set(subset).size, 10);
  assert.ok(subset.every((c, i) => Number.isInteger(c) && c >= 0 && c < 200 && (i === 0 || c > subset[i - 1])));
  assert.deepEqual(randomClassSubset(200, 10, 3), subset, "seeded");
  assert.notDeepEqual(randomClassSubset(200, 10, 4), subset);
  assert.throws(() => randomClassSubset(10, 11, 0), /size/);
  assert.equal(marginGroupLabel("cifar10", "all", 10), "cifar10 (all 10 classes)");
  assert.equal(marginGroupLabel("tiny-imagenet", "random", 15), "tiny-imagenet random subsets");
});

Deno.test("marginsSection rejects unknown config keys and bad settings", () => {
  assert.throws(() => marginsSection.jobs({ ...MARGINS_DEFAULTS, seeds: 3 } as never), /unknown config key 'seeds'/);
  assert.throws(() => marginsSection.jobs({ ...MARGINS_DEFAULTS, marginMode: "fast" } as never), /marginMode/);
  assert.throws(() => marginsSection.jobs({ ...MARGINS_DEFAULTS, fractions: [0] }), /fractions/);
});

const hasStore = ["cifar10", "tiny-imagenet"].every((d) => storedModels(d, "vision", NOTEBOOK_STORE_ROOT).length > 0);

Deno.test({
  name: `marginsSection at the smoke preset: tables with the expected columns, consistent scores, three figures${
    hasStore ? "" : " (skipped: no embedding store)"
  }`,
  ignore: !hasStore,
  fn: async () => {
    const config = structuredClone(notebookSectionConfig("margins", "smoke")) as typeof MARGINS_DEFAULTS;
    const jobs = marginsSection.jobs(config);
    assert.ok(jobs.length > 0 && jobs.length <= 8, `smoke has ${jobs.length} jobs`);
    const output = await runSection(marginsSection, config);
    assert.equal(output.section, "margins");
    const columns = (name: string) => output.tables[name].columnNames();
    for (
      const c of [
        "group",
        "problems",
        "proven",
        "pairs",
        "accuracy",
        "auc",
        "aucWithin",
        "precisionAt1",
        "precisionAt3",
        "medianCorrect",
        "medianWrong",
        "matchingSpearman",
      ]
    ) {
      assert.ok(columns("summary").includes(c), `summary lacks ${c}`);
    }
    assert.deepEqual(columns("quantiles"), [
      "group",
      "quantile",
      "pairs",
      "correct",
      "accuracy",
      "lowestRatio",
      "highestRatio",
    ]);
    assert.deepEqual(columns("precision"), ["group", "fraction", "precision"]);
    for (const c of ["row", "class", "matchedTo", "correct", "lower", "upper", "exact", "ratio"]) {
      assert.ok(columns("pairs").includes(c), `pairs lacks ${c}`);
    }
    assert.ok(!columns("problems").some((c) => /seconds/i.test(c)), "no timings in the committed tables");
    assert.ok(output.timings!.columnNames().includes("solveSeconds"));

    const problems = output.tables.problems.objects() as Record<string, any>[];
    const pairs = output.tables.pairs.objects() as Record<string, any>[];
    assert.equal(problems.length, jobs.length);
    assert.equal(pairs.length, problems.reduce((s, p) => s + Number(p.size), 0), "one pair per row of each matching");
    for (const p of problems) assert.equal(p.optimal, true, "bnb proves n ≤ 10");
    for (const r of pairs) {
      assert.ok(r.lower >= 0 && r.lower <= r.upper, `margins of an optimal matching are ≥ 0 (${r.lower}, ${r.upper})`);
      assert.equal(r.correct, r.class === r.matchedTo);
    }
    const summary = output.tables.summary.objects() as Record<string, any>[];
    const curve = output.tables.precision.objects() as Record<string, any>[];
    for (const s of summary.filter((r) => r.group !== "all groups")) {
      const mine = pairs.filter((r) => r.group === s.group);
      assert.equal(s.pairs, mine.length);
      assert.equal(s.correct, mine.filter((r) => r.correct).length);
      // all pairs kept: the precision is the mean accuracy of the group's matchings
      const accuracies = problems.filter((p) => p.group === s.group).map((p) => Number(p.accuracy));
      const atOne = curve.find((r) => r.group === s.group && r.fraction === 1)!;
      assert.ok(Math.abs(atOne.precision - accuracies.reduce((a, b) => a + b, 0) / accuracies.length) < 1e-12);
      assert.ok(s.auc === null || (s.auc >= 0 && s.auc <= 1));
    }
    assert.deepEqual(Object.keys(output.figures).sort(), [
      "accuracy_by_quantile",
      "margins_by_correctness",
      "precision_at_fraction",
    ]);
    for (const item of Object.values(output.figures)) assert.ok(item.caption && item.units);
    assert.ok(output.meta.notes.some((n) => /AUC of the margin/.test(n)));
  },
});
