import assert from "node:assert/strict";
import { join } from "node:path";
import { REPOSITORY_ROOT } from "../../lib/core/paths.ts";
import { marginsOf } from "../../lib/qap/margins/margins.ts";
import { JUPYTER_DISPLAY } from "../../lib/plots/style.ts";
import { buildToyProblem, costLandscape } from "../../lib/tour/toy_problem.ts";
import { marginLesson, marginLessonRows, marginLessonSummary, trueMargins } from "../../lib/tour/margins_lesson.ts";
import { matchNpyFiles } from "../../lib/tour/own_embeddings.ts";
import { ownMatchMargins } from "../../lib/tour/own_margins.ts";
import { storedModels } from "../../lib/studies/run_data.ts";

Deno.test("trueMargins: ≥ 0 for the optimum, their minimum is the runner-up gap, equal to the exact margins", () => {
  const toy = buildToyProblem({ n: 6, seed: 3 });
  const landscape = costLandscape(toy.problem);
  const margins = trueMargins(toy.problem, landscape.best);
  const sorted = Array.from(landscape.costs).sort((a, b) => a - b);
  assert.ok(margins.every((m) => m >= 0));
  // the second-cheapest matching differs from the optimum somewhere, so the smallest margin is its extra cost
  assert.ok(Math.abs(Math.min(...margins) - (sorted[1] - sorted[0])) < 1e-9);
  const exact = marginsOf(toy.problem, landscape.best, { mode: "exact" });
  const tolerance = 4 * exact.allowance + 1e-12;
  exact.margins.forEach((m, i) => {
    assert.ok(m.lower <= margins[i] + tolerance && margins[i] <= m.upper + tolerance, `row ${i}: bracket holds`);
    assert.ok(m.exact && m.upper - m.lower <= tolerance, `row ${i}: closed`);
  });
  // relative to a worse permutation (the optimum with two rows swapped) some margin is negative
  const worse = landscape.best.slice();
  [worse[0], worse[1]] = [worse[1], worse[0]];
  assert.ok(Math.min(...trueMargins(toy.problem, worse)) < 0);
  assert.throws(() => trueMargins(buildToyProblem({ n: 6 }).problem, [0, 1, 2]), /length 6/);
});

const hasStore = storedModels("cifar10", "vision", join(REPOSITORY_ROOT, "data", "embeddings")).length > 0;

Deno.test({
  name: `marginLesson: brute-force truth inside both brackets, exact closes them, rows and summary agree${
    hasStore ? "" : " (skipped: no embedding store)"
  }`,
  ignore: !hasStore,
  fn: () => {
    const lesson = marginLesson({ classes: [0, 1, 2, 3, 4] });
    assert.deepEqual(lesson.names, ["airplane", "automobile", "bird", "cat", "deer"]);
    const rows = marginLessonRows(lesson);
    assert.equal(rows.length, 5);
    assert.ok(rows.every((r) => r["brackets hold"] === "yes"));
    const summary = marginLessonSummary(lesson);
    assert.equal(summary.n, 5);
    assert.equal(summary.bracketsHold, 5);
    assert.equal(summary.correctPairs, rows.filter((r) => r.correct === "✓").length);
    assert.equal(summary.closedByExact, lesson.exact.margins.filter((m) => m.exact).length);
    assert.ok(Math.abs(summary.runnerUpRatio - Math.min(...lesson.truth) / lesson.spread.sd) < 1e-12);
    assert.throws(() => marginLesson({ classes: [0, 1] }), /3 to 9 class indices/);
    assert.throws(() => marginLesson({ seeds: 1 } as never), /seeds/);
  },
});

Deno.test("ownMatchMargins on the shipped example: one line per pair with ✓/✗, renders as plain text", () => {
  const dir = join(REPOSITORY_ROOT, "data", "examples");
  const match = matchNpyFiles(
    join(dir, "cifar10-mobilenet-v1-0.75-classes.npy"),
    join(dir, "cifar10-use-lite-classes.npy"),
    {
      names: join(dir, "cifar10-mobilenet-v1-0.75-classes.json"),
      languageNames: join(dir, "cifar10-use-lite-classes.json"),
    },
  );
  const margins = ownMatchMargins(match, { mode: "bound" });
  assert.equal(margins.margins.report.margins.length, match.report.n);
  assert.equal(margins.margins.report.mode, "bound");
  const pairLines = margins.text.split("\n").filter((l) => / → /.test(l));
  assert.equal(pairLines.length, match.report.n);
  assert.equal(pairLines.filter((l) => /✓\s*$/.test(l)).length, match.report.correct);
  assert.deepEqual(margins[JUPYTER_DISPLAY](), { "text/plain": margins.text });
  assert.throws(() => ownMatchMargins(match, { mode: "fast" as never }), /mode must be/);
  assert.throws(() => ownMatchMargins({} as never), /matchNpyFiles/);
});
