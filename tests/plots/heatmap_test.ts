import assert from "node:assert/strict";
import { hasChromium } from "../../lib/plots/export.ts";
import { figureBoxes, inside, overlaps } from "./_browser_boxes.ts";
import { fromRows } from "../../lib/core/matrix.ts";
import { plotHeatmap, plotHeatmaps } from "../../lib/plots/heatmap.ts";

Deno.test("plotHeatmap(values) draws a viridis heatmap with labels, row 0 on top", () => {
  const fig = plotHeatmap([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], {
    title: "Fig. 12",
    xLabels: ["a", "b", "c"],
    yLabels: ["r1", "r2"],
    decimals: 2,
  });
  const t = fig.data[0] as any;
  assert.equal(t.type, "heatmap");
  assert.equal(t.colorscale, "Viridis");
  assert.deepEqual(t.z, [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]);
  assert.deepEqual(t.text[1], ["0.40", "0.50", "0.60"]);
  assert.equal((fig.layout as any).yaxis.autorange, "reversed");
  assert.throws(() => plotHeatmap([[1, 2], [3]], { title: "t" }), /all rows must have length 2, got 1 at row 1/);
  assert.throws(() => plotHeatmap([[1, 2]], { title: "t", xLabels: ["a"] }), /xLabels must have 2 entries, got 1/);
});

Deno.test("plotHeatmaps(panels) puts kernels side by side on one shared colour range", () => {
  const a = fromRows([[0, 1], [1, 0]]);
  const b = fromRows([[0, -2], [-2, 0]]);
  const fig = plotHeatmaps([{ title: "Vision", values: a }, { title: "Language", values: b }], { title: "Kernels" });
  assert.equal(fig.data.length, 2);
  const [t1, t2] = fig.data as any[];
  assert.equal(t1.xaxis, "x");
  assert.equal(t2.xaxis, "x2");
  assert.equal(t2.coloraxis, "coloraxis");
  const layout = fig.layout as any;
  assert.equal(layout.coloraxis.cmin, -2);
  assert.equal(layout.coloraxis.cmax, 1);
  assert.ok(layout.xaxis.domain[1] < layout.xaxis2.domain[0]);
  assert.deepEqual(layout.annotations.map((x: any) => x.text), ["Vision", "Language"]);
  assert.throws(() => plotHeatmaps([], { title: "t" }), TypeError);
});

Deno.test({
  name: `plotHeatmaps(panels) draws panel titles apart and every tick label inside the figure (Chromium)${
    hasChromium() ? "" : " (skipped: /usr/bin/chromium absent)"
  }`,
  ignore: !hasChromium(),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    // notebook 07's figure: CIFAR-10 class names, three panels with long titles
    const names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
    const values = names.map((_, i) => names.map((_, j) => Math.sin(i * 3 + j)));
    const order = [8, 1, 2, 5, 4, 3, 6, 7, 0, 9].map((i) => names[i]);
    const fig = plotHeatmaps([
      { title: "Vision kernel K_V", values, xLabels: names, yLabels: names },
      { title: "Language kernel K_L (own order)", values, xLabels: order, yLabels: order },
      { title: "K_L reordered by the matching", values, xLabels: order, yLabels: order },
    ], { title: "Kernels before and after matching (gw, fhg)" });
    const [b] = await figureBoxes([fig], {
      titles: ".annotation-text-g",
      ticks: ".xtick text, .ytick text, .x2tick text, .y2tick text, .x3tick text, .y3tick text",
      panels: ".heatmaplayer image, .hm image",
    });
    assert.equal(b.titles.length, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = i + 1; j < 3; j++) assert.ok(!overlaps(b.titles[i], b.titles[j]), `titles ${i} and ${j} collide`);
    }
    assert.ok(b.ticks.length >= 60, `${b.ticks.length} tick labels drawn (all 10 per axis)`);
    for (const t of b.ticks) assert.ok(inside(t, b.svg[0]), `tick label ${JSON.stringify(t)} cut at the edge`);
    for (const t of b.ticks) for (const p of b.panels) assert.ok(!overlaps(t, p), "a tick label runs into a panel");
  },
});
