import assert from "node:assert/strict";
import { isAbsolute } from "node:path";
import { storedModels } from "../../lib/studies/run_data.ts";
import {
  cachedStudyRuns,
  clearStudyCache,
  NOTEBOOK_SECTION_IDS,
  NOTEBOOK_STORE_ROOT,
  notebookJobCount,
  notebookPreset,
  notebookSectionConfig,
  notebookSettings,
  PRESET_ENV_VAR,
  runStudySection,
} from "../../lib/studies/notebook_run.ts";
import { getSection, STUDY_SECTIONS } from "../../lib/studies/sections.ts";

/** The embedding-based sections need the shipped store; the ablation is synthetic. */
const hasStore = storedModels("cifar10", "vision", NOTEBOOK_STORE_ROOT).length > 0 &&
  storedModels("coco-mini", "vision", NOTEBOOK_STORE_ROOT).length > 0 &&
  storedModels("imagenet100", "vision", NOTEBOOK_STORE_ROOT).length > 0;
const runnable = hasStore ? NOTEBOOK_SECTION_IDS : ["D.3"];

function withPresetEnv<T>(value: string | undefined, fn: () => T): T {
  const before = Deno.env.get(PRESET_ENV_VAR);
  if (value === undefined) Deno.env.delete(PRESET_ENV_VAR);
  else Deno.env.set(PRESET_ENV_VAR, value);
  try {
    return fn();
  } finally {
    if (before === undefined) Deno.env.delete(PRESET_ENV_VAR);
    else Deno.env.set(PRESET_ENV_VAR, before);
  }
}

Deno.test("NOTEBOOK_SECTION_IDS covers every registered study section", () => {
  assert.deepEqual([...NOTEBOOK_SECTION_IDS].sort(), STUDY_SECTIONS.map((s) => s.id).sort());
});

Deno.test("notebookPreset() reads BLIND_MATCH_PRESET, defaults to quick and rejects other values", () => {
  assert.equal(withPresetEnv(undefined, notebookPreset), "quick");
  assert.equal(withPresetEnv("", notebookPreset), "quick");
  assert.equal(withPresetEnv("smoke", notebookPreset), "smoke");
  assert.equal(withPresetEnv("full", notebookPreset), "full");
  assert.throws(() => withPresetEnv("fast", notebookPreset), {
    name: "RangeError",
    message: /^notebookPreset: BLIND_MATCH_PRESET must be one of smoke, quick, full, got 'fast'$/,
  });
});

Deno.test("notebookSectionConfig(id, preset) rejects unknown sections and presets", () => {
  assert.throws(() => notebookSectionConfig("9.9", "quick"), {
    name: "RangeError",
    message: /^notebookSectionConfig: id must be one of .*got '9\.9'$/,
  });
  assert.throws(() => notebookSectionConfig("D.3", "huge" as never), {
    name: "RangeError",
    message: /preset must be one of smoke, quick, full, got 'huge'/,
  });
  assert.throws(() => notebookSectionConfig(3 as never, "quick"), { name: "TypeError" });
});

Deno.test("notebookSectionConfig(id, preset) equals the section's own quick/full preset except for an absolute store root", () => {
  for (const id of NOTEBOOK_SECTION_IDS) {
    const section = getSection(id);
    for (const preset of ["quick", "full"] as const) {
      const config = notebookSectionConfig(id, preset) as Record<string, unknown>;
      const own = section.presets[preset] as Record<string, unknown>;
      assert.ok(Object.isFrozen(config), `${id}/${preset} not frozen`);
      assert.notEqual(config, own);
      for (const [key, value] of Object.entries(own)) {
        if (key === "storeRoot" || key === "root") continue;
        assert.deepEqual(config[key], value, `${id}/${preset}: ${key}`);
      }
      const root = config.storeRoot ?? config.root;
      if (id === "D.3") assert.equal(root, undefined);
      else {
        assert.equal(root, NOTEBOOK_STORE_ROOT);
        assert.ok(isAbsolute(String(root)));
      }
    }
  }
});

Deno.test("notebookSectionConfig(id, 'smoke') keeps the quick preset's keys and leaves the section presets untouched", () => {
  for (const id of NOTEBOOK_SECTION_IDS) {
    const section = getSection(id);
    const before = JSON.stringify(section.presets);
    const smoke = notebookSectionConfig(id, "smoke");
    const quick = notebookSectionConfig(id, "quick");
    assert.deepEqual(Object.keys(smoke).sort(), Object.keys(quick).sort(), id);
    assert.ok(Object.isFrozen(smoke));
    assert.equal(JSON.stringify(section.presets), before, `${id}: presets changed`);
    // the section accepts the shrunk config (it rejects unknown keys and bad values)
    section.jobs(structuredClone(smoke));
  }
});

Deno.test("notebookJobCount(id, 'smoke') is positive and smaller than the quick preset's for every section", () => {
  for (const id of runnable) {
    const smoke = notebookJobCount(id, "smoke"), quick = notebookJobCount(id, "quick");
    assert.ok(smoke > 0, `${id}: no smoke jobs`);
    assert.ok(smoke < quick, `${id}: smoke ${smoke} jobs, quick ${quick}`);
  }
});

Deno.test("notebookSectionConfig(id, 'smoke') shortens seeds, sizes and time limits", () => {
  const ablation = notebookSectionConfig("D.3", "smoke") as Record<string, any>;
  assert.deepEqual(ablation.sizes, [notebookSectionConfig("D.3", "quick").sizes as number[]][0].slice(0, 1));
  assert.equal(ablation.seedCount, 1);
  assert.deepEqual(Object.keys(ablation.budgets), ablation.sizes.map(String));
  assert.deepEqual(ablation.timeLimits, {}, "smoke and quick run on work budgets, not seconds");
  const larger = notebookSectionConfig("5.3-larger", "smoke") as Record<string, any>;
  const largerQuick = notebookSectionConfig("5.3-larger", "quick") as Record<string, any>;
  assert.deepEqual(larger.sizes, largerQuick.sizes.slice(0, 2));
  assert.ok(JSON.stringify(larger.limits) !== JSON.stringify(largerQuick.limits), "smoke lowers the run limits");
  if (!hasStore) return;
  const small = notebookSectionConfig("5.1", "smoke") as Record<string, any>;
  assert.equal(small.seedCount, 1);
  assert.equal(small.visionModels.length, 1);
  assert.equal(small.languageModels.length, 1);
  const unsupervised = notebookSectionConfig("5.4", "smoke") as Record<string, any>;
  assert.ok(unsupervised.nInit < (notebookSectionConfig("5.4", "quick") as Record<string, any>).nInit);
});

Deno.test("runStudySection(id, preset) memoises per (id, preset) and clearStudyCache() forgets", async () => {
  clearStudyCache();
  const first = runStudySection("D.3", "smoke");
  const again = runStudySection("D.3", "smoke");
  assert.equal(again, first, "same promise while running");
  const output = await first;
  assert.equal(await runStudySection("D.3", "smoke"), output, "same output after the run");
  assert.deepEqual(cachedStudyRuns(), ["D.3/smoke"]);
  assert.equal(output.section, "D.3");
  assert.equal(output.meta.preset, "smoke");
  const summary = output.tables.summary.objects() as Record<string, unknown>[];
  assert.equal(summary.length, (notebookSectionConfig("D.3", "smoke").variants as string[]).length);
  assert.ok(summary.every((r) => r.runs === 1 && r.n === (notebookSectionConfig("D.3", "smoke").sizes as number[])[0]));
  clearStudyCache();
  assert.deepEqual(cachedStudyRuns(), []);
});

Deno.test("runStudySection(id) uses BLIND_MATCH_PRESET and rejects an unknown section before running", async () => {
  clearStudyCache();
  assert.throws(() => runStudySection("nope", "smoke"), { name: "RangeError" });
  assert.deepEqual(cachedStudyRuns(), []);
  const promise = withPresetEnv("smoke", () => runStudySection("D.3"));
  assert.deepEqual(cachedStudyRuns(), ["D.3/smoke"]);
  assert.equal((await promise).meta.preset, "smoke");
  clearStudyCache();
});

Deno.test("every section names notebook settings that are keys of its presets, and a store key where it reads the store", () => {
  for (const id of NOTEBOOK_SECTION_IDS) {
    const section = getSection(id);
    const quick = notebookSectionConfig(id, "quick");
    assert.ok(section.notebook.settings.length > 0, `${id}: no settings`);
    for (const key of section.notebook.settings) assert.ok(key in quick, `${id}: setting '${key}' is not a config key`);
    assert.equal(section.notebook.storeKey === null, id === "D.3", `${id}: store key`);
    assert.deepEqual(Object.keys(notebookSettings(id, "quick")), [...section.notebook.settings]);
  }
});

Deno.test("notebookSectionConfig(id, preset, overrides) replaces config keys after the preset, rejects unknown keys", () => {
  const quick = notebookSectionConfig("D.3", "smoke");
  const changed = notebookSectionConfig("D.3", "smoke", { seedCount: 2, variants: ["hahn-grant"], dim: undefined });
  assert.equal(changed.seedCount, 2);
  assert.deepEqual(changed.variants, ["hahn-grant"]);
  assert.equal(changed.dim, quick.dim, "an undefined override keeps the preset's value");
  assert.deepEqual(changed.sizes, quick.sizes);
  assert.ok(Object.isFrozen(changed));
  assert.deepEqual(notebookSettings("D.3", "smoke", { seedCount: 2 }).seedCount, 2);
  assert.throws(() => notebookSectionConfig("D.3", "smoke", { seeds: 2 }), {
    name: "TypeError",
    message: /^notebookSectionConfig: section D\.3 has no config key 'seeds' \(keys: .*seedCount.*\)$/,
  });
});

Deno.test("runStudySection(id, preset, overrides) runs the overridden config once and keeps it apart from the preset's", async () => {
  clearStudyCache();
  const overrides = { variants: ["hahn-grant", "factorized"] };
  const first = runStudySection("D.3", "smoke", overrides);
  assert.equal(runStudySection("D.3", "smoke", { ...overrides }), first, "equal overrides share one run");
  const output = await first;
  assert.equal(output.meta.preset, "smoke+overrides");
  assert.deepEqual(
    (output.tables.summary.objects() as Record<string, unknown>[]).map((r) => r.row),
    ["Hahn–Grant", "+ factorized"],
  );
  assert.deepEqual(cachedStudyRuns(), ["D.3/smoke+overrides"]);
  assert.notEqual(runStudySection("D.3", "smoke", { variants: undefined }), first, "no change: the preset's own run");
  assert.deepEqual(cachedStudyRuns().sort(), ["D.3/smoke", "D.3/smoke+overrides"]);
  await runStudySection("D.3", "smoke");
  clearStudyCache();
});
