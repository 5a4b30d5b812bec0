import assert from "node:assert/strict";
import { aggregateMeanSd, plotLineBand, randomBaselineSeries } from "../../lib/plots/lines.ts";
import { assertClose } from "../_helpers/assert.ts";

Deno.test("aggregateMeanSd(observations) gives per-group mean and sample sd sorted by x", () => {
  const obs = [
    { group: "clip", x: 1, y: 2 },
    { group: "clip", x: 0, y: 1 },
    { group: "clip", x: 1, y: 4 },
    { group: "deit", x: 0, y: 5 },
  ];
  const [clip, deit] = aggregateMeanSd(obs);
  assert.equal(clip.id, "clip");
  assert.deepEqual(clip.x, [0, 1]);
  assert.deepEqual(clip.mean, [1, 3]);
  assertClose(clip.sd![1], Math.SQRT2);
  assert.deepEqual(clip.sd![0], 0);
  assert.deepEqual(deit.mean, [5]);
});

Deno.test("plotLineBand(series) draws a band polygon and a styled line per series", () => {
  const fig = plotLineBand([{ id: "dinov2", x: [0, 0.5, 1], mean: [1, 0.6, 0.2], sd: [0.1, 0.2, 0.1] }], {
    title: "Shuffling",
    xTitle: "Amount of shuffling",
    yTitle: "Similarity",
    referenceLines: [{ y: 0.1 }],
  });
  assert.equal(fig.data.length, 3); // band, line, the reference line's legend entry
  const [band, line] = fig.data as any[];
  assert.equal(band.fill, "toself");
  assert.deepEqual(band.x, [0, 0.5, 1, 1, 0.5, 0]);
  assertClose(band.y[1], 0.8);
  assertClose(band.y[4], 0.4);
  assert.equal(band.showlegend, false);
  assert.equal(line.name, "DINOv2");
  assert.equal(line.line.color, "#0065BD");
  assert.equal(line.marker.symbol, "pentagon");
  assert.deepEqual(line.y, [1, 0.6, 0.2]);
  const layout = fig.layout as any;
  assert.equal(layout.xaxis.title.text, "Amount of shuffling");
  assert.equal(layout.shapes[0].y0, 0.1);
});

Deno.test("plotLineBand(series) without sd draws only the line and validates lengths and options", () => {
  const fig = plotLineBand([{ id: "clip", x: [10, 20], mean: [0.9, 0.7] }], { title: "t" });
  assert.equal(fig.data.length, 1);
  assert.throws(
    () => plotLineBand([{ id: "clip", x: [1, 2], mean: [1] }], { title: "t" }),
    /mean must have length 2, got 1/,
  );
  assert.throws(() => plotLineBand([], { title: "t", colour: "red" } as any), /unknown option 'colour'/);
});

Deno.test("randomBaselineSeries(sizes) is 1/n with band ±1/n (Fig. 5)", () => {
  const s = randomBaselineSeries([10, 20]);
  assert.deepEqual(s.mean, [0.1, 0.05]);
  assert.deepEqual(s.sd, [0.1, 0.05]);
  assert.equal(s.id, "random");
  const fig = plotLineBand([s], { title: "t" });
  assert.equal((fig.data[1] as any).line.dash, "dash");
});

Deno.test("plotLineBand(series) clips ± sd bands of [0, 1] quantities to [0, 1], and only those", () => {
  const series = [{ id: "clip", x: [0, 1], mean: [0.05, 0.95], sd: [0.2, 0.2] }];
  const band = (fig: any) => fig.data[0].y as number[];
  const acc = plotLineBand(series, { title: "t", yTitle: "Matching accuracy" });
  assert.equal(Math.min(...band(acc)), 0);
  assert.equal(Math.max(...band(acc)), 1);
  const ranged = plotLineBand(series, { title: "t", yRange: [0, 1] });
  assert.equal(Math.min(...band(ranged)), 0);
  const cost = plotLineBand(series, { title: "t", yTitle: "Cost" });
  assertClose(Math.min(...band(cost)), -0.15);
  const off = plotLineBand(series, { title: "t", yTitle: "Matching accuracy", bandClip: null });
  assertClose(Math.min(...band(off)), -0.15);
  const own = plotLineBand([{ ...series[0], bandClip: [0.01, 0.9] as [number, number] }], { title: "t" });
  assert.equal(Math.min(...band(own)), 0.01);
});

Deno.test("plotLineBand(series, {referenceLines}) gives each dashed reference line a legend entry", () => {
  const fig = plotLineBand([{ id: "clip", x: [0, 1], mean: [0.5, 0.4] }], {
    title: "t",
    referenceLines: [{ y: 0.1, label: "Chance (1/10)" }, { y: 0.2 }],
  }) as any;
  const names = fig.data.map((t: any) => t.name);
  assert.ok(names.includes("Chance (1/10)") && names.includes("Reference"), names.join(", "));
  assert.equal(fig.layout.shapes.length, 2);
});

Deno.test("plotLineBand(series) draws markers on the axis limits whole (an accuracy of 1.0 on a [0, 1] axis)", () => {
  const fig = plotLineBand([{ id: "clip", x: [10, 20], mean: [1, 0.5], sd: [0, 0.1] }], {
    title: "Fig. 5",
    yRange: [0, 1],
  }) as any;
  const line = fig.data.find((t: any) => t.name === "CLIP");
  assert.equal(line.cliponaxis, false);
  assert.deepEqual(fig.layout.yaxis.range, [0, 1]);
});
