import assert from "node:assert/strict";
import {
  ABLATION_VARIANTS,
  ablationSection,
  PAPER_ABLATION_TIME_LIMITS,
  syntheticAblationProblem,
} from "../../lib/studies/ablation.ts";
import { runSection } from "../../lib/studies/study.ts";

Deno.test("syntheticAblationProblem(n, dim, seed) is the inner-product QAP of two distance kernels, reproducible by seed", () => {
  const p = syntheticAblationProblem(7, 32, 5),
    q = syntheticAblationProblem(7, 32, 5),
    r = syntheticAblationProblem(7, 32, 6);
  assert.deepEqual(p.a.data, q.a.data);
  assert.notDeepEqual(p.a.data, r.a.data);
  assert.equal(p.constant, 0);
  assert.ok(p.isSymmetric);
  for (let i = 0; i < 7; i++) assert.ok(p.a.data[i * 7 + i] === 0, "distance kernels have a zero diagonal");
  assert.ok(p.a.data.every((x) => x <= 0) && p.b.data.every((x) => x >= 0), "A = −D_src ≤ 0, B = D_tgt ≥ 0");
});

Deno.test("ablationSection runs every variant on a tiny grid: bound ≤ cost, one summary row per size × variant", async () => {
  const config = {
    sizes: [6],
    seedCount: 2,
    dim: 16,
    timeLimits: { 6: 1 },
    variants: ABLATION_VARIANTS.map((v) => v.id),
  };
  const jobs = ablationSection.jobs(config);
  assert.equal(jobs.length, 2 * ABLATION_VARIANTS.length);
  const output = await runSection(ablationSection, config);
  const runs = output.tables.runs.objects() as Record<string, unknown>[];
  assert.equal(runs.length, jobs.length);
  for (const row of runs) {
    assert.equal(row.error, null, String(row.error));
    assert.ok(
      (row.bound as number) <= (row.cost as number) + 1e-9,
      `${row.variant}: bound ${row.bound} > cost ${row.cost}`,
    );
  }
  // On n = 6 every variant proves optimality, so all rows reach the same optimum per seed.
  for (const seed of new Set(runs.map((r) => r.seed))) {
    const costs = runs.filter((r) => r.seed === seed).map((r) => r.cost as number);
    assert.ok(Math.max(...costs) - Math.min(...costs) < 1e-9, `seed ${seed}: costs differ ${costs}`);
  }
  assert.equal(output.tables.summary.numRows(), ABLATION_VARIANTS.length);
  // branch and bound certifies both optima, so every row says how many of its 2 runs sit at them
  const summary = output.tables.summary.objects() as Record<string, unknown>[];
  for (const row of summary) assert.equal(row["at the certified optimum"], "2 of 2", String(row.row));
  // the figure (issue 21 item 10): every row's cost and bound relative to the lowest cost; all at the optimum here
  const figure = output.figures.rows.figure as any;
  assert.deepEqual(figure.data.map((t: any) => t.name), ["n = 6 cost", "n = 6 bound"]);
  assert.equal(figure.data[0].x.length, ABLATION_VARIANTS.length);
  for (const y of figure.data[0].y) assert.ok(Math.abs(y) < 1e-9, `cost − lowest ${y}`);
});

Deno.test("ablationSection: a size with a work budget and no time limit runs without the clock, the same rows twice", async () => {
  const config = {
    sizes: [7],
    seedCount: 1,
    dim: 16,
    timeLimits: {},
    budgets: { 7: { iterations: 5, nodes: 50 } },
    variants: ["hahn-grant", "jonker-volgenant", "alternating-orientation", "branch-and-bound"],
  };
  const first = await runSection(ablationSection, config), second = await runSection(ablationSection, config);
  const runs = first.tables.runs.objects() as Record<string, unknown>[];
  assert.deepEqual(runs, second.tables.runs.objects());
  // bnb counts its nodes (maxNodes), so its row runs under the budget instead of a time limit
  const bnb = runs.find((r) => r.variant === "branch-and-bound")!;
  assert.notEqual(bnb.status, "not run");
  assert.ok(Number(bnb.iterations) <= 50, `bnb explored ${bnb.iterations} nodes over the budget of 50`);
  for (const r of runs) {
    assert.equal(r.timeLimit, null);
    assert.ok(Number(r.iterations) <= 5, `${r.variant}: ${r.iterations} iterations over the budget of 5`);
    assert.ok(!("seconds" in r), "seconds are in the timings table, not in runs");
  }
  assert.equal(first.timings!.numRows(), runs.length);
  assert.ok(first.meta.notes.some((n) => /work budgets/.test(n)));
});

Deno.test("ablationSection.runJob rejects an unknown variant with a RangeError naming it", () => {
  const config = { sizes: [6], seedCount: 1, dim: 8, timeLimits: { 6: 1 }, variants: ["hahn-grant"] };
  const [job] = ablationSection.jobs(config);
  assert.throws(() => ablationSection.runJob({ ...job, variant: "nope" }, config), /unknown variant 'nope'/);
});

Deno.test("ablationSection.jobs: seedCounts overrides seedCount per size; the full preset states its limits", () => {
  const config = {
    sizes: [6, 8],
    seedCount: 3,
    seedCounts: { 8: 1 },
    dim: 8,
    timeLimits: { 6: 1, 8: 1 },
    variants: ["hahn-grant", "factorized"],
  };
  const jobs = ablationSection.jobs(config);
  assert.equal(jobs.filter((j) => j.n === 6).length, 3 * 2);
  assert.equal(jobs.filter((j) => j.n === 8).length, 1 * 2);
  // the seed list is the same one at every size: the first seed of n = 8 is the first of n = 6
  assert.equal(jobs.find((j) => j.n === 8)!.seed, jobs[0].seed);
  const full = ablationSection.presets.full;
  assert.deepEqual(full.sizes, [40, 100]);
  for (const n of full.sizes) {
    assert.ok(full.timeLimits[n] > 0 && full.timeLimits[n] < PAPER_ABLATION_TIME_LIMITS[n], `n = ${n}`);
  }
  const bnb = ABLATION_VARIANTS.find((v) => v.id === "branch-and-bound")!;
  assert.equal((bnb.options as { threads?: number }).threads, 1, "one core per row, like the others");
});
