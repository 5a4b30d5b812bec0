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
