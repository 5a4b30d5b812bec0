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

Deno.test("plotHistogram(values, {range}) spans the x axis over the non-empty bins, not the whole binning range", () => {
  const values = [0.01, 0.05, 0.05, 0.11, 0.17];
  const fig = plotHistogram(values, { title: "Fig. 9", bins: 50, range: [0, 2] }) as any;
  const [lo, hi] = fig.layout.xaxis.range;
  assert.ok(lo < 0.01 && lo > -0.05, `lo ${lo}`);
  assert.ok(hi >= 0.17 && hi < 0.25, `hi ${hi}`);
  const fixed = plotHistogram(values, { title: "t", bins: 50, range: [0, 2], xRange: [0, 2] }) as any;
  assert.deepEqual(fixed.layout.xaxis.range, [0, 2]);
});

Deno.test("plotHistogram(values, {range}) zooms onto 99.5 % of the values, bins them afresh and names the sparse tail", () => {
  // Fig. 9 of the quick run: ratios binned on [0, 2], nearly all below 0.2, one stray at 0.38
  const values = Array.from({ length: 1000 }, (_, i) => 0.02 + 0.16 * (i / 999));
  values.push(0.38);
  const fig = plotHistogram(values, { title: "Fig. 9", bins: 50, range: [0, 2] }) as any;
  const [lo, hi] = fig.layout.xaxis.range;
  assert.ok(lo > 0 && hi < 0.2, `x axis ${lo}..${hi} stays on the data, not 0–0.4`);
  const bar = fig.data[0];
  assert.ok(bar.x.length === 50 && bar.width < 0.005, `${bar.x.length} bars of width ${bar.width}`);
  assert.match(fig.layout.annotations[0].text, /^1 of 1001 values \(0\.1\d* %\) lie beyond 0\.\d+, up to 0\.38$/);
});
