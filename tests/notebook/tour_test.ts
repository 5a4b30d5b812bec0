import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHROMIUM_ARGS, CHROMIUM_PATH, hasChromium } from "../../lib/plots/export.ts";
import { copyPlotlyBundle } from "../../lib/plots/html.ts";
import { hasJupyter, REPO_ROOT, runNotebooks } from "../../lib/notebook/runner.ts";

const jupyter = await hasJupyter();
const chromium = hasChromium();
const TOUR = join(REPO_ROOT, "notebooks", "00_tour.ipynb");
const text = (v: unknown) => ([] as string[]).concat(v as string[]).join("");

Deno.test({
  name: `notebooks/00_tour.ipynb runs top to bottom in the Deno kernel and every figure cell yields Plotly output${
    jupyter ? "" : " (skipped: jupyter_client missing for /usr/bin/python3)"
  }${jupyter && !chromium ? " (offline nbconvert HTML check skipped: /usr/bin/chromium absent)" : ""}`,
  ignore: !jupyter,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await Deno.mkdir(join(REPO_ROOT, ".cache"), { recursive: true });
    const dir = await Deno.makeTempDir({ dir: join(REPO_ROOT, ".cache"), prefix: "tour_test_" });
    let browser: any = null;
    try {
      const outDir = join(dir, "notebooks");
      const result = await runNotebooks([TOUR], { outputDir: outDir, verbose: false });
      assert.ok(result.success, result.log);
      const nb = JSON.parse(readFileSync(result.outputs[TOUR], "utf8"));
      const code = nb.cells.filter((c: any) => c.cell_type === "code");
      let figureCells = 0, tableCells = 0;
      const fallbacks: string[] = [];
      for (const [i, cell] of code.entries()) {
        const source = text(cell.source);
        assert.ok(!cell.outputs.some((o: any) => o.output_type === "error"), `code cell ${i + 1} raised`);
        const expectedFigures = source.match(/displayFigure\(/g)?.length ?? 0;
        const figures = cell.outputs.filter((o: any) => o.data?.["application/vnd.plotly.v1+json"]);
        assert.equal(
          figures.length,
          expectedFigures,
          `code cell ${i + 1}: ${figures.length} Plotly outputs, expected ${expectedFigures}`,
        );
        for (const f of figures) {
          const fig = f.data["application/vnd.plotly.v1+json"];
          assert.ok(Array.isArray(fig.data) && fig.data.length > 0, `code cell ${i + 1}: figure without traces`);
          assert.ok(text(f.data["text/plain"]).startsWith("Figure: "));
          fallbacks.push(text(f.data["text/html"]));
        }
        figureCells += expectedFigures > 0 ? 1 : 0;
        if (source.includes("displayTable(")) {
          tableCells++;
          assert.ok(
            cell.outputs.some((o: any) => o.data?.["text/html"]?.length),
            `code cell ${i + 1}: no table output`,
          );
        }
      }
      assert.ok(figureCells >= 4, `expected ≥ 4 figure cells, got ${figureCells}`);
      // the two animations (bound climbing, kernels aligning) carry frames and a slider
      const animated = code.flatMap((c: any) => c.outputs)
        .map((o: any) => o.data?.["application/vnd.plotly.v1+json"])
        .filter((f: any) =>
          Array.isArray(f?.frames) && f.frames.length > 1 && f.layout.sliders?.[0]?.steps?.length === f.frames.length
        );
      assert.equal(animated.length, 2, "expected 2 animated figures");
      assert.ok(tableCells >= 2);
      if (!chromium) return;
      // the executed copy exported by nbconvert draws offline (plotly.min.js from ../plotly.min.js, as in figures/)
      copyPlotlyBundle(dir);
      const converted = await new Deno.Command("/usr/bin/python3", {
        args: ["-m", "nbconvert", "--to", "html", "--output-dir", outDir, result.outputs[TOUR]],
        stdout: "piped",
        stderr: "piped",
      }).output();
      let page = join(outDir, "00_tour.html");
      if (!converted.success) {
        // no nbconvert: the fallbacks on a bare page instead
        page = join(outDir, "fallback.html");
        writeFileSync(
          page,
          `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${fallbacks.join("\n")}</body></html>`,
        );
      }
      const { chromium: pw } = await import("playwright-core");
      browser = await pw.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
      const tab = await browser.newPage();
      await tab.route(/^https?:/, (route: any) => route.abort());
      await tab.goto(`file://${page}`);
      await tab.waitForFunction(
        `[...document.querySelectorAll(".js-plotly-plot")].filter((p) => p.querySelector("svg.main-svg")).length >= ${fallbacks.length}`,
        null,
        { timeout: 60000 },
      );
    } finally {
      if (browser) await browser.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
