import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FigureExporter, hasChromium } from "../../lib/plots/export.ts";
import { figureHtml, plotlyBundlePath } from "../../lib/plots/html.ts";
import { plotLineBand } from "../../lib/plots/lines.ts";

const chromium = hasChromium();
const skip = chromium ? "" : " (skipped: /usr/bin/chromium absent)";
const tiny = () =>
  plotLineBand([{ id: "clip", x: [0, 1, 2], mean: [1, 0.5, 0.2], sd: [0.1, 0.1, 0.1] }], {
    title: "Tiny",
    width: 400,
    height: 300,
  });

Deno.test("plotlyBundlePath() finds the committed minified bundle figures/plotly.min.js", () => {
  const path = plotlyBundlePath();
  assert.match(path, /figures\/plotly\.min\.js$/);
  assert.match(readFileSync(path, "utf8").slice(0, 200), /plotly\.js v\d[\s\S]*MIT license/);
});

Deno.test("figureHtml(figure) references the shared bundle by default and escapes the figure JSON", () => {
  const fig = plotLineBand([{ id: "x</script>", x: [0], mean: [1] }], { title: "A <b>" });
  const html = figureHtml(fig);
  assert.match(html, /<script src="plotly\.min\.js"><\/script>/);
  assert.match(html, /responsive: true/);
  assert.match(html, /<title>A &lt;b&gt;<\/title>/);
  assert.equal(html.match(/<\/script>/g)!.length, 2);
  assert.throws(() => figureHtml({} as any), /figureHtml: figure must be \{data, layout\}/);
});

Deno.test("new FigureExporter(options) rejects unknown options and bad formats", () => {
  assert.throws(() => new FigureExporter({ outDir: "/tmp/x", dpi: 3 } as any), /unknown option 'dpi'/);
  assert.throws(() => new FigureExporter({ outDir: "/tmp/x", formats: ["pdf" as any] }), /formats must be among/);
});

Deno.test({
  name: `FigureExporter.export(figure, name) writes HTML, PNG and SVG with one browser${skip}`,
  ignore: !chromium,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "export_test_" });
    const exporter = new FigureExporter({ outDir: dir });
    try {
      const a = await exporter.export(tiny(), "tiny");
      const b = await exporter.export(tiny(), "tiny2", ["svg"]);
      assert.ok(existsSync(join(dir, "plotly.min.js")));
      assert.match(readFileSync(a.files.html!, "utf8"), /Plotly\.newPlot/);
      const png = readFileSync(a.files.png!);
      assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
      assert.equal(png.readUInt32BE(16), 400); // IHDR width
      assert.equal(png.readUInt32BE(20), 300); // IHDR height
      const svg = readFileSync(a.files.svg!, "utf8");
      assert.match(svg, /^<svg[^>]*width="400"/);
      assert.match(svg, /class="scatterlayer/);
      assert.match(svg, />Tiny</);
      assert.deepEqual(Object.keys(b.files), ["svg"]);
    } finally {
      await exporter.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
