import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as aq from "arquero";
import { FigureExporter } from "../../lib/plots/export.ts";
import type { StudyOutput } from "../../lib/studies/study.ts";
import { galleryKey, sectionOutputDir, updateGallery, writeSectionOutput } from "../../lib/studies/write_output.ts";

function outputOf(preset: string, value: number): StudyOutput {
  return {
    section: "D.3",
    title: "ablation",
    tables: { summary: aq.from([{ n: 40, value }]) },
    figures: {},
    meta: { models: [], datasets: ["synthetic"], preset, notes: [], paper: "Tab. 4" },
  };
}

Deno.test("sectionOutputDir / galleryKey: quick keeps the section's folder and key, other presets get their own", () => {
  assert.equal(sectionOutputDir("figures", "D.3", "quick"), join("figures", "secD_3"));
  assert.equal(sectionOutputDir("figures", "D.3", "full"), join("figures", "secD_3", "full"));
  assert.equal(sectionOutputDir("out", "5.3-small", "smoke"), join("out", "sec5_3-small", "smoke"));
  assert.equal(galleryKey("D.3", "quick"), "D.3");
  assert.equal(galleryKey("D.3", "full"), "D.3 (full)");
});

Deno.test("a quick run and a full run of one section both stay on disk and in the gallery, full after quick", async () => {
  const dir = mkdtempSync("/tmp/write-output-");
  const exporter = new FigureExporter({ outDir: dir });
  try {
    const order = ["5.1", "D.3"];
    const full = await writeSectionOutput(outputOf("full", 2), dir, exporter, ["html"]);
    updateGallery(dir, galleryKey("D.3", "full"), full, order);
    const quick = await writeSectionOutput(outputOf("quick", 1), dir, exporter, ["html"]);
    updateGallery(dir, galleryKey("D.3", "quick"), quick, order);
    const quickCsv = readFileSync(join(dir, "secD_3", "summary.csv"), "utf8");
    const fullCsv = readFileSync(join(dir, "secD_3", "full", "summary.csv"), "utf8");
    assert.match(quickCsv, /40,1/);
    assert.match(fullCsv, /40,2/, "the quick run did not overwrite the full one");
    assert.equal(JSON.parse(readFileSync(join(dir, "secD_3", "full", "meta.json"), "utf8")).preset, "full");
    const gallery = JSON.parse(readFileSync(join(dir, "gallery.json"), "utf8"));
    assert.deepEqual(Object.keys(gallery).sort(), ["D.3", "D.3 (full)"]);
    const index = readFileSync(join(dir, "index.html"), "utf8");
    const quickAt = index.indexOf("secD_3/summary.md"), fullAt = index.indexOf("secD_3/full/summary.md");
    assert.ok(quickAt >= 0 && fullAt > quickAt, "the index lists the quick run, then the full one");
    assert.ok(!existsSync(join(dir, "secD_3", "quick")));
    assert.match(gallery["D.3 (full)"][0].title, /\(full preset\)/, "the full run's entries say which preset they are");
    assert.doesNotMatch(gallery["D.3"][0].title, /preset/);
  } finally {
    await exporter.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
