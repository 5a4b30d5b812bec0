import assert from "node:assert/strict";
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
