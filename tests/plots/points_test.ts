import assert from "node:assert/strict";
import { fitLogLinear, plotPointErrors, plotScatterFit } from "../../lib/plots/points.ts";
import { assertClose } from "../_helpers/assert.ts";

Deno.test("plotPointErrors(points) groups by class with black error bars and a dashed reference line", () => {
  const points = [
    { category: "RN50", group: "clip", mean: 0.3, sd: 0.1 },
    { category: "ViT-G/14", group: "dinov2", mean: 0.7, sd: 0 },
    { category: "RN101", group: "clip", mean: 0.27, sd: 0.05 },
  ];
  const fig = plotPointErrors(points, { title: "Fig. 4", yTitle: "Matching accuracy", referenceValue: 0.1 });
  const [clip, dino] = fig.data as any[];
  assert.deepEqual(clip.x, ["RN50", "RN101"]);
  assert.deepEqual(clip.y, [0.3, 0.27]);
  assert.deepEqual(clip.error_y.array, [0.1, 0.05]);
  assert.equal(clip.error_y.color, "#000000");
  assert.equal(dino.marker.color, "#0065BD");
  const layout = fig.layout as any;
  assert.deepEqual(layout.xaxis.categoryarray, ["RN50", "ViT-G/14", "RN101"]);
  assert.equal(layout.shapes[0].y0, 0.1);
  assert.equal(layout.shapes[0].line.dash, "dash");
  const vertical = plotPointErrors(points, { title: "t", orientation: "v" });
  assert.deepEqual((vertical.data[0] as any).y, ["RN50", "RN101"]);
  assert.ok((vertical.data[0] as any).error_x);
});

Deno.test("fitLogLinear(x, y) recovers y = a + b·log10(x) exactly and rejects non-positive x", () => {
  const x = [1e6, 1e7, 1e8, 1e9];
  const y = x.map((v) => 0.2 + 0.05 * Math.log10(v));
  const { slope, intercept } = fitLogLinear(x, y);
  assertClose(slope, 0.05, 1e-12);
  assertClose(intercept, 0.2, 1e-12);
  assert.throws(() => fitLogLinear([0, 1], [1, 2]), /fitLogLinear: x must be positive/);
  assert.throws(() => fitLogLinear([5, 5], [1, 2]), /2 distinct x/);
});

Deno.test("plotScatterFit(points) uses a log x axis and adds one fit line per group", () => {
  const points = [
    { x: 1e7, y: 0.3, group: "clip" },
    { x: 1e8, y: 0.5, group: "clip" },
    { x: 3e8, y: 0.7, group: "dinov2" },
  ];
  const fig = plotScatterFit(points, { title: "Fig. 11", xTitle: "Parameters" });
  assert.equal((fig.layout as any).xaxis.type, "log");
  assert.equal(fig.data.length, 3); // clip markers + clip fit + dinov2 markers (single point: no fit)
  const fit = fig.data[1] as any;
  assert.deepEqual(fit.x, [1e7, 1e8]);
  assertClose(fit.y[0], 0.3);
  assertClose(fit.y[1], 0.5);
});
