import assert from "node:assert/strict";
import { histogramCounts, plotHistogram } from "../../lib/plots/histogram.ts";
import { assertClose } from "../_helpers/assert.ts";

Deno.test("histogramCounts(values, {range, bins}) bins, drops out-of-range values and integrates to 1", () => {
  const h = histogramCounts([0, 0.5, 1, 1.5, 2, 2.5, NaN], { bins: 4, range: [0, 2] });
  assert.deepEqual(h.edges, [0, 0.5, 1, 1.5, 2]);
  assert.equal(h.used, 5);
  assert.equal(h.dropped, 2);
  const area = h.heights.reduce((s, v) => s + v * 0.5, 0);
  assertClose(area, 1);
  const counts = histogramCounts([0, 0.5, 1, 1.5, 2], { bins: 4, range: [0, 2], density: false });
  assert.deepEqual(counts.heights, [1, 1, 1, 2]);
  assert.throws(() => histogramCounts([1], { bins: 0 }), RangeError);
});

Deno.test("plotHistogram(values) draws one gapless bar per bin", () => {
  const fig = plotHistogram([0.1, 0.2, 1.9], { title: "Fig. 9", bins: 50, range: [0, 2], xTitle: "Ratio" });
  const bar = fig.data[0] as any;
  assert.equal(bar.type, "bar");
  assert.equal(bar.x.length, 50);
  assertClose(bar.width, 0.04);
  assert.equal((fig.layout as any).bargap, 0);
  assert.equal((fig.layout as any).yaxis.title.text, "Density");
});
