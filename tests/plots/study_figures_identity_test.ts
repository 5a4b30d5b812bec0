import assert from "node:assert/strict";
import { legendKey, legendTraces } from "../../lib/plots/style.ts";
import { notebookSectionConfig } from "../../lib/studies/notebook_run.ts";
import { storedModels } from "../../lib/studies/run_data.ts";
import { STUDY_SECTIONS } from "../../lib/studies/sections.ts";
import { runSection } from "../../lib/studies/study.ts";
import { NOTEBOOK_STORE_ROOT } from "../../lib/studies/notebook_run.ts";

const store = ["cifar10", "coco-mini", "imagenet100"].every((d) =>
  storedModels(d, "vision", NOTEBOOK_STORE_ROOT).length > 0
);

Deno.test({
  name: `every figure the study draws (each section at the smoke preset) has legend entries that all look different${
    store ? "" : " (skipped: no embedding store in data/embeddings)"
  }`,
  ignore: !store,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    let figures = 0;
    for (const section of STUDY_SECTIONS) {
      const output = await runSection(section, structuredClone(notebookSectionConfig(section.id, "smoke")) as never);
      for (const [name, { figure }] of Object.entries(output.figures)) {
        figures++;
        const entries = legendTraces(figure);
        const seen = new Map<string, string>();
        for (const trace of entries) {
          const key = legendKey(trace), other = seen.get(key);
          assert.equal(other, undefined, `${section.id} ${name}: '${trace.name}' looks like '${other}' (${key})`);
          seen.set(key, String(trace.name));
        }
        const names = entries.map((t) => String(t.name));
        assert.equal(new Set(names).size, names.length, `${section.id} ${name}: two legend entries named alike`);
      }
    }
    assert.ok(figures >= 8, `expected the study to draw ≥ 8 figures at smoke, got ${figures}`);
  },
});
