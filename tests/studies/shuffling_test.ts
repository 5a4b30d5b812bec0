import assert from "node:assert/strict";
import { isPermutation } from "../../lib/core/permutation.ts";
import { torchRandperm } from "../../lib/embeddings/seeds.ts";
import { alignmentScore, buildKernel } from "../../lib/kernels/metrics.ts";
import { runClassVectors } from "../../lib/studies/run_data.ts";
import {
  shuffledCount,
  shufflePermutation,
  SHUFFLING_DEFAULTS,
  type ShufflingConfig,
  shufflingLevels,
  shufflingSection,
} from "../../lib/studies/shuffling.ts";
import { runSection, runSectionJobs, type StudyRow } from "../../lib/studies/study.ts";
import { copyStoredModel, makeSyntheticStore } from "./_synthetic_store.ts";

Deno.test("shufflingLevels(21) are torch.linspace(0, 1, 21) in float32", () => {
  const levels = shufflingLevels(21);
  assert.equal(levels.length, 21);
  assert.equal(levels[0], 0);
  assert.equal(levels[20], 1);
  for (let i = 0; i < 21; i++) {
    assert.equal(levels[i], Math.fround(levels[i]));
    assert.ok(Math.abs(levels[i] - i / 20) < 1e-7);
    if (i > 0) assert.ok(levels[i] > levels[i - 1]);
  }
  assert.throws(() => shufflingLevels(1), /shufflingLevels: count must be an integer ≥ 2/);
});

Deno.test("shuffledCount(level, n) floors the float32 product", () => {
  const levels = shufflingLevels(21);
  assert.equal(shuffledCount(levels[0], 100), 0);
  assert.equal(shuffledCount(levels[1], 10), 0);
  assert.equal(shuffledCount(levels[2], 10), 1);
  assert.equal(shuffledCount(levels[7], 100), 35); // 0.34999999… · 100 rounds to 35 in float32
  assert.equal(shuffledCount(levels[20], 159), 159);
});

Deno.test("shufflePermutation(n, m, seed) permutes exactly the first m items of torch.randperm among themselves", () => {
  const n = 30, seed = 734796314;
  for (const m of [0, 1, 2, 10, 30]) {
    const p = shufflePermutation(n, m, seed);
    assert.ok(isPermutation(p, n));
    const chosen = new Set(Array.from(torchRandperm(n, seed).slice(0, m)));
    for (let i = 0; i < n; i++) {
      if (!chosen.has(i) || m < 2) assert.equal(p[i], i, `item ${i} must stay for m = ${m}`);
      else assert.ok(chosen.has(p[i]));
    }
    assert.deepEqual(shufflePermutation(n, m, seed), p);
  }
  assert.ok(shufflePermutation(n, 30, seed).some((v, i) => v !== i));
  assert.throws(() => shufflePermutation(5, 6, 1), /shufflePermutation: m must be an integer in \[0, 5\]/);
});

Deno.test("shufflingSection on a synthetic store: rows per level × seed, identity score at level 0, tables, figures, shards merge", async () => {
  const store = makeSyntheticStore();
  try {
    const config: ShufflingConfig = {
      ...SHUFFLING_DEFAULTS,
      datasets: ["toy-pairs", "toy-classes", "toy-missing"],
      pairedDatasets: ["toy-pairs"],
      seedCount: 3,
      storeRoot: store.root,
    };
    const jobs = shufflingSection.jobs(config);
    const scoreJobs = jobs.filter((j) => j.kind === "scores");
    // toy-pairs: 3 metrics × 3 vision models (controls included); toy-classes: GW × 2 vision models
    assert.equal(scoreJobs.length, 3 * 3 + 2);
    assert.deepEqual(jobs.filter((j) => j.kind === "lipschitz").map((j) => j.vision), ["random-mobilenet-v1-0.75"]);
    const rows = await runSectionJobs(shufflingSection, config);
    const scores = rows.filter((r) => r.kind === "score");
    assert.equal(scores.length, scoreJobs.length * 21 * 3);
    assert.equal(rows.filter((r) => r.kind === "lipschitz").length, 50);

    // level 0 gives the score of the true pairing, computed independently here
    const vectors = runClassVectors("toy-pairs", "toy-net", "toy-lang", 0, { root: store.root, half: false });
    const kv = buildKernel(vectors.vision, "mknn", { k: 10 }), kl = buildKernel(vectors.language, "mknn", { k: 10 });
    const identity = alignmentScore(kv, kl, "mknn");
    const level0 = scores.filter((r) =>
      r.dataset === "toy-pairs" && r.vision === "toy-net" && r.metric === "mknn-10" && r.level === 0
    );
    assert.equal(level0.length, 3);
    for (const r of level0) assert.equal(r.score, identity);
    // at full shuffling the planted pairing is worse (lower similarity = higher score) for every seed
    const level1 = scores.filter((r) =>
      r.dataset === "toy-pairs" && r.vision === "toy-net" && r.metric === "mknn-10" && r.level === 1
    );
    assert.ok(level1.every((r) => (r.score as number) > identity));

    const out = shufflingSection.summarize(rows, config);
    assert.equal(out.section, "3");
    assert.ok(out.meta.notes.some((n) => n.startsWith("No runs for toy-missing")), out.meta.notes.join("\n"));
    assert.deepEqual(out.tables.monotonicity.columnNames(), [
      "dataset",
      "language",
      "metric",
      "vision",
      "family",
      "n",
      "distinctLevels",
      "identityScore",
      "fullyShuffledScore",
      "violations",
      "violationsAt",
      "strictlyMonotone",
    ]);
    assert.equal(out.tables.monotonicity.numRows(), scoreJobs.length);
    assert.equal(out.tables.levels.numRows(), scoreJobs.length * 21);
    const gw = (out.tables.levels.objects() as Record<string, number | string>[]).filter((r) => r.metric === "gw");
    for (const r of gw) {
      assert.ok(
        Number(r.plottedMean) >= -1e-12 && Number(r.plottedMean) <= 1 + 1e-12,
        "GW curves are min–max normalised",
      );
    }
    for (
      const name of [
        "fig7_gw_toy-pairs",
        "fig7_mknn-10_toy-pairs",
        "fig7_cka_toy-pairs",
        "fig7_gw_toy-classes",
        "fig8_mknn-10_toy-pairs",
        "fig9_random-mobilenet-v1-0.75_toy-pairs",
      ]
    ) {
      assert.ok(out.figures[name], `missing ${name}`);
      assert.ok(out.figures[name].figure.data.length > 0, `${name} has no traces`);
    }
    // the main figure leaves out the controls, Fig. 8 shows them
    assert.equal(out.figures["fig7_mknn-10_toy-pairs"].figure.data.filter((t) => t.showlegend !== false).length, 1);
    assert.equal(out.figures["fig8_mknn-10_toy-pairs"].figure.data.filter((t) => t.showlegend !== false).length, 3);

    const sharded: StudyRow[] = [];
    for (let index = 0; index < 4; index++) {
      sharded.push(...await runSectionJobs(shufflingSection, config, { shard: { index, count: 4 } }));
    }
    const key = (list: StudyRow[]) => list.map((r) => JSON.stringify(r)).sort();
    assert.deepEqual(key(sharded), key(rows));
  } finally {
    store.cleanup();
  }
});

Deno.test("shufflingSection: extra language models (e.g. CLIP text vectors) get their own curves, figures and rows", async () => {
  const store = makeSyntheticStore();
  try {
    // a second language model of toy-classes: the same class vectors stored under another id
    copyStoredModel(store.root, "toy-classes", "toy-lang", "toy-clip");
    const config: ShufflingConfig = {
      ...SHUFFLING_DEFAULTS,
      datasets: ["toy-classes"],
      pairedDatasets: [],
      languageModel: "toy-lang",
      extraLanguageModels: { "toy-classes": ["toy-clip", "not-stored"] },
      levels: 6,
      seedCount: 2,
      storeRoot: store.root,
    };
    const jobs = shufflingSection.jobs(config).filter((j) => j.kind === "scores");
    assert.deepEqual([...new Set(jobs.map((j) => j.kind === "scores" && j.language))], ["toy-lang", "toy-clip"]);
    const out = await runSection(shufflingSection, config);
    assert.ok(out.figures["fig7_gw_toy-classes"], "the main language keeps the paper's figure name");
    assert.ok(out.figures["fig7_gw_toy-classes_toy-clip"], "the extra one gets its own figure");
    const mono = out.tables.monotonicity.objects() as Record<string, unknown>[];
    assert.deepEqual([...new Set(mono.map((r) => r.language))], ["toy-lang", "toy-clip"]);
    // the same vectors under two ids give the same curves
    const scoreOf = (language: string) => mono.filter((r) => r.language === language).map((r) => r.identityScore);
    assert.deepEqual(scoreOf("toy-clip"), scoreOf("toy-lang"));
    assert.ok(out.meta.notes.some((n) => n.includes("toy-classes/not-stored")), out.meta.notes.join("\n"));
  } finally {
    store.cleanup();
  }
});

Deno.test("shufflingSection.jobs(config) rejects unknown keys and bad metrics", () => {
  assert.throws(
    () => shufflingSection.jobs({ ...SHUFFLING_DEFAULTS, seed: 1 } as unknown as ShufflingConfig),
    /unknown config key 'seed'/,
  );
  assert.throws(() => shufflingSection.jobs({ ...SHUFFLING_DEFAULTS, metrics: ["mknn"] }), /metric must be/);
});
