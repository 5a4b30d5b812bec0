import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { hasJupyter, REPO_ROOT, runNotebooks } from "../../lib/notebook/runner.ts";
import { storedModels } from "../../lib/studies/run_data.ts";
import { NOTEBOOK_STORE_ROOT } from "../../lib/studies/notebook_run.ts";

const jupyter = await hasJupyter();
const store = ["cifar10", "coco-mini", "imagenet100"].every((d) =>
  storedModels(d, "vision", NOTEBOOK_STORE_ROOT).length > 0
);
const DIR = join(REPO_ROOT, "notebooks");
const NOTEBOOKS = readdirSync(DIR).filter((f) => /^0[1-6]_.*\.ipynb$/.test(f)).sort().map((f) => join(DIR, f));
const text = (v: unknown) => ([] as string[]).concat((v ?? []) as string[]).join("");
const skip = !jupyter
  ? " (skipped: jupyter_client missing for /usr/bin/python3)"
  : !store
  ? " (skipped: no embedding store in data/embeddings; run deno task embed)"
  : "";

Deno.test("notebooks/0[1-6]_*.ipynb are committed without outputs and follow the cell layout", () => {
  assert.ok(NOTEBOOKS.length >= 6, `expected ≥ 6 section notebooks, got ${NOTEBOOKS.length}`);
  for (const path of NOTEBOOKS) {
    const nb = JSON.parse(readFileSync(path, "utf8"));
    const name = path.split("/").pop();
    assert.equal(nb.metadata.kernelspec.name, "deno", name);
    const [first, imports, settings] = nb.cells;
    assert.equal(first.cell_type, "markdown", `${name}: cell 1`);
    assert.match(
      text(first.source),
      /\*\*Question\.\*\*[\s\S]*\*\*Paper\.\*\*[\s\S]*\*\*Runtime\.\*\*/,
      `${name}: cell 1`,
    );
    assert.equal(imports.cell_type, "code");
    assert.ok(
      text(imports.source).split("\n").every((l: string) => l.startsWith("import ")),
      `${name}: cell 2 imports only`,
    );
    assert.match(text(settings.source), /^const settings = Object\.freeze\(/, `${name}: cell 3`);
    assert.match(text(settings.source), /overrides: \{/, `${name}: cell 3 has no overrides`);
    assert.match(text(settings.source), /notebookSettings\(/, `${name}: cell 3 does not show the effective settings`);
    assert.ok(
      !/Observed in our/.test(nb.cells.map((c: any) => text(c.source)).join("\n")),
      `${name}: hand-written results`,
    );
    assert.match(text(nb.cells.at(-1).source), /What we reproduced \/ what differs/, `${name}: closing cell`);
    for (const [i, cell] of nb.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      assert.deepEqual(cell.outputs, [], `${name}: code cell ${i + 1} has outputs`);
      assert.equal(cell.execution_count, null, `${name}: code cell ${i + 1} has an execution count`);
      const source = text(cell.source);
      assert.ok(source.split("\n").length <= 8, `${name}: code cell ${i + 1} is longer than 8 lines`);
      assert.ok(!/\bfunction\b|=>|\bfor\s*\(|\bwhile\s*\(/.test(source), `${name}: code cell ${i + 1} defines logic`);
      if (i > 2) {
        assert.equal(nb.cells[i - 1].cell_type, "markdown", `${name}: code cell ${i + 1} has no prose before it`);
      }
    }
  }
});

Deno.test({
  name:
    `notebooks/0[1-6]_*.ipynb run top to bottom with BLIND_MATCH_PRESET=smoke and every figure cell yields Plotly output${skip}`,
  ignore: skip !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await Deno.mkdir(join(REPO_ROOT, ".cache"), { recursive: true });
    const dir = await Deno.makeTempDir({ dir: join(REPO_ROOT, ".cache"), prefix: "section_notebooks_test_" });
    try {
      const result = await runNotebooks(NOTEBOOKS, {
        outputDir: dir,
        verbose: false,
        cellTimeout: 240,
        env: { BLIND_MATCH_PRESET: "smoke" },
      });
      assert.ok(result.success, result.log);
      for (const path of NOTEBOOKS) {
        const name = path.split("/").pop();
        const nb = JSON.parse(readFileSync(result.outputs[path], "utf8"));
        const code = nb.cells.filter((c: any) => c.cell_type === "code");
        let figureCells = 0, tableCells = 0, presetSeen = false, summarySeen = false, progressSeen = false;
        for (const [i, cell] of code.entries()) {
          const source = text(cell.source);
          const errors = cell.outputs.filter((o: any) => o.output_type === "error");
          assert.equal(
            errors.length,
            0,
            `${name} code cell ${i + 1} raised: ${errors.map((e: any) => `${e.ename}: ${e.evalue}`).join("; ")}`,
          );
          if (source.includes("showFigures(")) {
            figureCells++;
            const figures = cell.outputs.filter((o: any) => o.data?.["application/vnd.plotly.v1+json"]);
            assert.ok(figures.length >= 1, `${name} code cell ${i + 1}: no Plotly output`);
            for (const f of figures) {
              const fig = f.data["application/vnd.plotly.v1+json"];
              assert.ok(
                Array.isArray(fig.data) && fig.data.length > 0,
                `${name} code cell ${i + 1}: figure without traces`,
              );
              assert.ok(text(f.data["text/html"]).length > 0, `${name} code cell ${i + 1}: no HTML fallback`);
            }
          }
          if (source.includes("showTable(")) {
            tableCells++;
            assert.ok(
              cell.outputs.some((o: any) => text(o.data?.["text/html"]).includes("<table")),
              `${name} code cell ${i + 1}: no table`,
            );
          }
          if (source.includes("showSummary(")) {
            summarySeen = cell.outputs.some((o: any) =>
              text(o.data?.["text/markdown"]).includes("**Observed in this run**")
            );
          }
          progressSeen ||= cell.outputs.some((o: any) => text(o.data?.["text/html"]).includes('class="bm-progress"'));
          if (source.includes("showNotes(")) {
            presetSeen ||= cell.outputs.some((o: any) => text(o.data?.["text/markdown"]).includes("preset: `smoke`"));
          }
        }
        assert.ok(tableCells >= 1, `${name}: no table cell`);
        assert.ok(presetSeen, `${name}: the kernel did not see BLIND_MATCH_PRESET=smoke`);
        assert.ok(summarySeen, `${name}: no generated "Observed in this run" summary`);
        assert.ok(progressSeen, `${name}: no live progress output while the section ran`);
        if (!name!.startsWith("06_")) assert.ok(figureCells >= 1, `${name}: no figure cell`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("runNotebooks(paths, {env}) rejects an env that is not an object of strings before starting Jupyter", async () => {
  await assert.rejects(() => runNotebooks(NOTEBOOKS, { env: { BLIND_MATCH_PRESET: 1 } as never }), {
    name: "TypeError",
    message: /^runNotebooks: env must be an object of string values$/,
  });
});
