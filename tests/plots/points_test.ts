import assert from "node:assert/strict";
import { fitLogLinear, plotPointErrors, plotScatterFit, wrapLabel } from "../../lib/plots/points.ts";
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

Deno.test("plotScatterFit(points) uses a log x axis and fits groups with ≥ 3 distinct x, named in the legend", () => {
  const points = [
    { x: 1e7, y: 0.3, group: "clip", label: "a" },
    { x: 1e8, y: 0.5, group: "clip", label: "b" },
    { x: 1e9, y: 0.7, group: "clip", label: "c" },
    { x: 3e8, y: 0.7, group: "dinov2", label: "d" },
  ];
  const fig = plotScatterFit(points, { title: "Fig. 11", xTitle: "Parameters" });
  assert.equal((fig.layout as any).xaxis.type, "log");
  assert.equal(fig.data.length, 3); // clip markers + clip fit + dinov2 markers (single point: no fit)
  const fit = fig.data[1] as any;
  assert.deepEqual(fit.x, [1e7, 1e9]);
  assertClose(fit.y[0], 0.3);
  assertClose(fit.y[1], 0.7);
  assert.match(fit.name, /CLIP: log-linear fit \(3 points\)/);
  assert.notEqual(fit.showlegend, false);
  assert.equal((fig.data[0] as any).mode, "markers+text");
  assert.deepEqual((fig.data[0] as any).text, ["a", "b", "c"]);
});

Deno.test("plotScatterFit(points) draws no line through two points; a pooled fit when only all points together suffice", () => {
  const points = [
    { x: 1e7, y: 0.3, group: "clip" },
    { x: 1e8, y: 0.5, group: "clip" },
    { x: 3e8, y: 0.7, group: "dinov2" },
  ];
  const fig = plotScatterFit(points, { title: "Fig. 11" });
  assert.equal(fig.data.length, 3);
  const pooled = fig.data[2] as any;
  assert.equal(pooled.legendgroup, "pooled-fit");
  assert.match(pooled.name, /over all 3 points/);
  assert.deepEqual(pooled.x, [1e7, 3e8]);
  assert.equal((fig.data[0] as any).mode, "markers"); // unlabelled points: no text
  const two = plotScatterFit(points.slice(0, 2), { title: "t" });
  assert.equal(two.data.length, 1);
  assert.throws(() => plotScatterFit(points, { title: "t", minFitPoints: 1 }), /minFitPoints must be an integer ≥ 2/);
});

Deno.test("plotPointErrors(points) wraps long category labels (model pairs) onto lines, level, instead of rotating them", () => {
  const long = "mobilenet-v1-0.75 / use-lite (cifar10)";
  const fig = plotPointErrors([
    { category: long, group: "a", mean: 0.3, sd: 0.1 },
    { category: "short", group: "a", mean: 0.2, sd: 0.1 },
  ], { title: "t" }) as any;
  assert.deepEqual(fig.layout.xaxis.tickvals, [long, "short"]);
  assert.deepEqual(fig.layout.xaxis.ticktext, ["mobilenet-v1-0.75 /<br>use-lite (cifar10)", "short"]);
  assert.equal(fig.layout.xaxis.tickangle, 0);
  const plain = plotPointErrors([{ category: "short", group: "a", mean: 0.2, sd: 0.1 }], { title: "t" }) as any;
  assert.equal(plain.layout.xaxis.ticktext, undefined);
  assert.equal(wrapLabel("a b c", 3), "a b<br>c");
  assert.equal(wrapLabel("mobilenet-v1-0.75 / glove-100d", 11), "mobilenet-<br>v1-0.75 /<br>glove-100d");
  // eight pairs share the axis: lines of 88 / 8 = 11 characters
  const eight = plotPointErrors(
    Array.from({ length: 8 }, (_, i) => ({ category: `mobilenet-v1-0.75 / model-${i}`, group: "a", mean: 0.1, sd: 0 })),
    { title: "t" },
  ) as any;
  assert.equal(eight.layout.xaxis.ticktext[0], "mobilenet-<br>v1-0.75 /<br>model-0");
});

Deno.test("plotPointErrors(points) clips error bars of accuracies to [0, 1], and only of such quantities", () => {
  const points = [{ category: "a", group: "x", mean: 0.05, sd: 0.2 }, {
    category: "b",
    group: "x",
    mean: 0.95,
    sd: 0.1,
  }];
  const acc = plotPointErrors(points, { title: "t", yTitle: "Matching accuracy" }) as any;
  assert.deepEqual(acc.data[0].error_y.arrayminus.map((v: number) => +v.toFixed(12)), [0.05, 0.1]);
  assert.deepEqual(acc.data[0].error_y.array.map((v: number) => +v.toFixed(12)), [0.2, 0.05]);
  const cost = plotPointErrors(points, { title: "t", yTitle: "Cost" }) as any;
  assert.deepEqual(cost.data[0].error_y.arrayminus, [0.2, 0.1]);
  const off = plotPointErrors(points, { title: "t", yTitle: "Matching accuracy", errorClip: null }) as any;
  assert.deepEqual(off.data[0].error_y.arrayminus, [0.2, 0.1]);
});

Deno.test("plotScatterFit(points labelled by model id) draws each model in its registered style, fits per group", () => {
  const fig = plotScatterFit([
    { x: 1e6, y: 0.2, group: "mobilenet", label: "mobilenet-v2-0.35" },
    { x: 2e6, y: 0.3, group: "mobilenet", label: "mobilenet-v1-0.75" },
    { x: 3e6, y: 0.5, group: "mobilenet", label: "nsfw-mobilenet-v2" },
  ], { title: "Fig. 11" }) as any;
  assert.deepEqual(fig.data.map((t: any) => t.name), [
    "mobilenet-v2-0.35",
    "mobilenet-v1-0.75",
    "nsfw-mobilenet-v2",
    "mobilenet: log-linear fit (3 points)",
  ]);
  assert.equal(fig.data[1].marker.color, "#E37222");
  assert.equal(fig.data[1].marker.symbol, "square");
});

Deno.test("plotScatterFit(points) keeps point labels inside the plot: room on the axes, edge labels written inward", () => {
  const points = [
    { x: 4.2e5, y: 0.14, group: "cnn", label: "mobilenet-v2-0.35" },
    { x: 1.8e6, y: 0.6, group: "cnn", label: "mobilenet-v1-0.75" },
    { x: 2.2e6, y: 0.48, group: "cnn", label: "nsfw-mobilenet-v2" },
    { x: 2.2e7, y: 0.22, group: "cnn", label: "nsfw-inception-v3" },
  ];
  const fig = plotScatterFit(points, { title: "Fig. 11", xTitle: "Parameters", yTitle: "Matching accuracy" }) as any;
  const [xlo, xhi] = fig.layout.xaxis.range;
  assert.ok(xlo < Math.log10(4.2e5) - 0.1 && xhi > Math.log10(2.2e7) + 0.1, `x range ${xlo}..${xhi} (log10)`);
  const [, yhi] = fig.layout.yaxis.range;
  assert.ok(yhi > 0.6 + 0.05, `y range top ${yhi} leaves room for the top label`);
  const markers = fig.data.filter((t: any) => t.mode === "markers+text");
  const position = (label: string) => {
    const t = markers.find((m: any) => m.text.includes(label));
    return t.textposition[t.text.indexOf(label)];
  };
  assert.equal(position("mobilenet-v2-0.35"), "top right");
  assert.equal(position("nsfw-inception-v3"), "top left");
  assert.equal(position("mobilenet-v1-0.75"), "top center");
  assert.ok(markers.every((m: any) => m.cliponaxis === false));
});

Deno.test("plotPointErrors(points, {referenceValue}) gives the dashed chance line a legend entry", () => {
  const points = [{ category: "a", group: "clip", mean: 0.5, sd: 0.1 }];
  const fig = plotPointErrors(points, { title: "t", referenceValue: 0.1 }) as any;
  const entry = fig.data.find((t: any) => t.name === "Random (chance)");
  assert.ok(entry && entry.line.dash === "dash" && fig.layout.shapes[0].line.dash === "dash");
  const named = plotPointErrors(points, { title: "t", referenceValue: 0.1, referenceLabel: "Chance 1/10" }) as any;
  assert.ok(named.data.some((t: any) => t.name === "Chance 1/10"));
  assert.ok(!(plotPointErrors(points, { title: "t" }) as any).data.some((t: any) => t.name === "Random (chance)"));
});
