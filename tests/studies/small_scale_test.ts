import assert from "node:assert/strict";
import { plotLineBand } from "../../lib/plots/lines.ts";
import { distinctFallbackColors, formatMeanStd, modelFamily } from "../../lib/studies/_section_helpers.ts";
import { SMALL_SCALE_DEFAULTS, type SmallScaleConfig, smallScaleSection } from "../../lib/studies/small_scale.ts";
import { runSectionJobs, type StudyRow } from "../../lib/studies/study.ts";
import { assertPermutation } from "../_helpers/assert.ts";
import { copyStoredModel, makeSyntheticStore } from "./_synthetic_store.ts";

Deno.test("formatMeanStd(values, options) prints mean ± std and replicates the Tab. 3 truncation", () => {
  assert.equal(formatMeanStd([0.29]), "0.29 ± 0.00");
  assert.equal(formatMeanStd([0.29], { truncatePercent: true }), "28 ± 0");
  assert.equal(formatMeanStd([0.5, 0.7], { scale: 100, decimals: 1 }), "60.0 ± 14.1");
  assert.equal(formatMeanStd([]), "–");
});

Deno.test("modelFamily(id) is the family lib/embed/vision_models.ts gives the model (paper classes and controls)", () => {
  assert.equal(modelFamily("dinov2-vit-g14"), "dinov2");
  assert.equal(modelFamily("dino-vit-s16"), "dino"); // a user model: its id's first part
  assert.equal(modelFamily("pixels-8"), "pixel-values");
  assert.equal(modelFamily("gaussian-128"), "random");
  assert.equal(modelFamily("gaussian-64-s3"), "random"); // made by gaussianVisionModel(64, 3)
  assert.equal(modelFamily("random-mobilenet-v1-0.75"), "random-vit");
  assert.equal(modelFamily("mobilenet-v2-0.35"), "mobilenet");
  assert.equal(modelFamily("nsfw-inception-v3"), "nsfw");
});

Deno.test("smallScaleSection on a synthetic store: one row per job × metric, accuracies in [0, 1], tables, figures, shards merge", async () => {
  const store = makeSyntheticStore();
  try {
    const config: SmallScaleConfig = {
      ...SMALL_SCALE_DEFAULTS,
      datasets: ["toy-classes"],
      metrics: ["gw", "cka", "mknn-2"],
      seedCount: 2,
      tableK: 2,
      parameterCounts: { "toy-net": 1e6, "toy-net-b": 4e6 },
      storeRoot: store.root,
    };
    const jobs = smallScaleSection.jobs(config);
    assert.equal(jobs.length, 2 * 1 * 2); // 2 vision models × 1 language model × 2 seeds
    const rows = await runSectionJobs(smallScaleSection, config);
    const matching = rows.filter((r) => r.kind === "matching");
    assert.equal(matching.length, jobs.length * 3);
    assert.equal(rows.filter((r) => r.kind === "similarity").length, 2); // one per model pair
    for (const r of matching) {
      assert.ok(typeof r.accuracy === "number" && r.accuracy >= 0 && r.accuracy <= 1);
      assertPermutation(String(r.permutation).split(" ").map(Number), 6);
    }
    // the clean planted model recovers the true pairing under GW
    const clean = matching.filter((r) => r.vision === "toy-net" && r.metric === "gw");
    assert.ok(clean.every((r) => r.accuracy === 1), JSON.stringify(clean.map((r) => r.accuracy)));

    const out = smallScaleSection.summarize(rows, config);
    assert.equal(out.section, "5.1");
    assert.deepEqual(out.tables.accuracy.columnNames(), [
      "dataset",
      "vision",
      "language",
      "metric",
      "seeds",
      "mean",
      "std",
    ]);
    assert.equal(out.tables.accuracy.numRows(), 2 * 3);
    assert.deepEqual(out.tables.tab3.columnNames(), ["metric", "vision", "language", "toy-classes"]);
    assert.deepEqual(out.tables.tab3.array("metric"), ["mknn-2", "cka", "gw"]);
    for (
      const name of [
        "fig4_toy-classes",
        "fig12_toy-classes",
        "fig11_accuracy_toy-classes",
        "fig11_similarity_toy-classes",
      ]
    ) {
      assert.ok(out.figures[name], `missing ${name}`);
      assert.ok(out.figures[name].figure.data.length > 0, `${name} has no traces`);
    }
    const heat = out.figures["fig12_toy-classes"].figure.data[0] as { z: number[][] };
    assert.deepEqual([heat.z.length, heat.z[0].length], [2, 1]);

    const sharded: StudyRow[] = [];
    for (let index = 0; index < 3; index++) {
      sharded.push(...await runSectionJobs(smallScaleSection, config, { shard: { index, count: 3 } }));
    }
    const key = (list: StudyRow[]) => list.map((r) => JSON.stringify(r)).sort();
    assert.deepEqual(key(sharded), key(rows));
  } finally {
    store.cleanup();
  }
});

Deno.test("smallScaleSection.jobs(config) rejects unknown config keys and bad metrics", () => {
  assert.throws(
    () => smallScaleSection.jobs({ ...SMALL_SCALE_DEFAULTS, seeds: 3 } as unknown as SmallScaleConfig),
    /unknown config key 'seeds'/,
  );
  assert.throws(() => smallScaleSection.jobs({ ...SMALL_SCALE_DEFAULTS, metrics: ["l1"] }), RangeError);
});

Deno.test("distinctFallbackColors(figure) gives unknown series distinct colours and keeps paper colours", () => {
  const series = ["model-a", "model-b", "model-c", "clip"].map((id) => ({
    id,
    x: [0, 1],
    mean: [1, 2],
    sd: [0.1, 0.1],
  }));
  const figure = distinctFallbackColors(plotLineBand(series, { title: "t" }));
  const lines = figure.data.filter((t) => !t.fill) as { legendgroup: string; line: { color: string } }[];
  const colors = lines.map((t) => t.line.color);
  assert.equal(new Set(colors).size, 4);
  assert.equal(colors[3], "#E37222"); // CLIP keeps the paper's orange
  const band = figure.data.find((t) => t.fill && t.legendgroup === "model-a") as { fillcolor: string };
  assert.match(band.fillcolor, /^rgba\(.*,0\.2\)$/);
});

Deno.test("smallScaleSection: an extra language model (e.g. CLIP text) gets its own Fig. 4 and Tab. 3 rows", async () => {
  const store = makeSyntheticStore();
  try {
    copyStoredModel(store.root, "toy-classes", "toy-lang", "toy-clip");
    const config: SmallScaleConfig = {
      ...SMALL_SCALE_DEFAULTS,
      datasets: ["toy-classes"],
      visionModels: ["toy-net"],
      metrics: ["gw", "cka", "mknn-2"],
      seedCount: 1,
      tableK: 2,
      mainLanguageModel: "toy-lang",
      extraLanguageModels: ["toy-clip", "not-stored"],
      storeRoot: store.root,
    };
    const out = smallScaleSection.summarize(await runSectionJobs(smallScaleSection, config), config);
    assert.ok(out.figures["fig4_toy-classes"] && out.figures["fig4_toy-classes_toy-clip"]);
    assert.equal(Object.keys(out.figures).filter((f) => f.startsWith("fig4_")).length, 2);
    const tab3 = out.tables.tab3.objects() as Record<string, unknown>[];
    assert.deepEqual(tab3.map((r) => `${r.language} ${r.metric}`), [
      "toy-lang mknn-2",
      "toy-lang cka",
      "toy-lang gw",
      "toy-clip mknn-2",
      "toy-clip cka",
      "toy-clip gw",
    ]);
    // identical vectors under two ids: identical cells, and a note with the extra model's accuracies
    assert.deepEqual(tab3.slice(0, 3).map((r) => r["toy-classes"]), tab3.slice(3).map((r) => r["toy-classes"]));
    assert.ok(out.meta.notes.some((n) => n.startsWith("toy-clip (mean accuracy") && /GW 100 %/.test(n)));
  } finally {
    store.cleanup();
  }
});
