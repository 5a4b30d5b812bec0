import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FigureExporter, hasChromium, stableSvgIds } from "../../lib/plots/export.ts";
import { plotHeatmap } from "../../lib/plots/heatmap.ts";
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

Deno.test("stableSvgIds(svg) replaces plotly.js's random id token by one derived from the content", () => {
  const svg = (uid: string, label: string) =>
    `<svg><defs id="defs-${uid}"><clipPath id="clip${uid}xyplot"/><linearGradient id="g${uid}-cbtrace0"/></defs>` +
    `<g clip-path="url(#clip${uid}xyplot)"><rect style="fill: url('#g${uid}-cbtrace0');"/><text>${label}</text>` +
    `</g><use href="#clip${uid}xyplot"/></svg>`;
  const a = stableSvgIds(svg("6a453d", "A")), b = stableSvgIds(svg("0f9e21", "A"));
  assert.equal(a, b, "same figure, same ids");
  assert.ok(!/6a453d/.test(a), "no random token left in ids or references");
  assert.match(stableSvgIds(`<text>6a453d</text>${svg("6a453d", "A")}`), /^<text>6a453d<\/text>/, "text is kept");
  const token = /defs-([0-9a-z]+)/.exec(a)![1];
  assert.match(a, new RegExp(`clip-path="url\\(#clip${token}xyplot\\)"`));
  assert.match(a, new RegExp(`url\\('#g${token}-cbtrace0'\\)`));
  assert.notEqual(/defs-([0-9a-z]+)/.exec(stableSvgIds(svg("6a453d", "B")))![1], token, "other figure, other ids");
});

Deno.test({
  name: `FigureExporter writes the same SVG bytes for the same figure in two browser sessions${skip}`,
  ignore: !chromium,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "export_stable_test_" });
    const figure = () => plotHeatmap([[0.1, 0.9], [0.5, 0.3]], { title: "Stable", width: 400, height: 300 });
    try {
      const svgs: string[] = [];
      for (const run of [0, 1]) {
        const exporter = new FigureExporter({ outDir: join(dir, String(run)), formats: ["svg"] });
        try {
          svgs.push(readFileSync((await exporter.export(figure(), "heat")).files.svg!, "utf8"));
        } finally {
          await exporter.close();
        }
      }
      assert.match(svgs[0], /id="defs-/);
      assert.equal(svgs[0], svgs[1]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("FigureExporter HTML pages carry a caption: the section's fields, else one from title and axes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "export_caption_test_" });
  const exporter = new FigureExporter({ outDir: dir, formats: ["html"] });
  try {
    const plain = readFileSync((await exporter.export(tiny(), "plain")).files.html!, "utf8");
    assert.match(plain, /<figcaption class="caption">[\s\S]*<b>Plotted:<\/b> Tiny[\s\S]*<\/figcaption>/);
    const given = await exporter.export(tiny(), "given", undefined, {
      caption: {
        text: "Cost of <each> solver",
        units: "GW cost / n²",
        data: ["cifar10"],
        models: ["vision: a", "language: b"],
        run: "quick preset",
      },
    });
    const html = readFileSync(given.files.html!, "utf8");
    for (
      const line of [
        "<b>Plotted:</b> Cost of &lt;each&gt; solver",
        "<b>Units:</b> GW cost / n²",
        "<b>Data:</b> cifar10",
        "<b>Models:</b> vision: a; language: b",
        "<b>Run:</b> quick preset",
      ]
    ) assert.ok(html.includes(line), line);
    await assert.rejects(() => exporter.export(tiny(), "x", undefined, { caption: { unit: "s" } as any }), /unit/);
  } finally {
    await exporter.close();
    await Deno.remove(dir, { recursive: true });
  }
});
