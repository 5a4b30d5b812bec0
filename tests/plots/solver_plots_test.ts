import assert from "node:assert/strict";
import { plotAblation, plotConvergence, plotCostBound } from "../../lib/plots/solver_plots.ts";
import { assertClose } from "../_helpers/assert.ts";
import { hasChromium } from "../../lib/plots/export.ts";
import { figureBoxes, inside } from "./_browser_boxes.ts";
import { BOUND_DASH } from "../../lib/plots/style.ts";

Deno.test("plotCostBound(rows) draws solid cost lines and dashed bound lines only for solvers with bounds", () => {
  const rows = [
    { solver: "fhg", n: 10, cost: 1, bound: 0.5 },
    { solver: "fhg", n: 10, cost: 3, bound: 1.5 },
    { solver: "fhg", n: 20, cost: 2, bound: 1 },
    { solver: "faq", n: 20, cost: 2.5, bound: null },
    { solver: "faq", n: 10, cost: 1.5, bound: null },
  ];
  const fig = plotCostBound(rows, { title: "Fig. 6" });
  const names = fig.data.map((t: any) => t.name);
  assert.deepEqual(names, ["FHG (ours, modified) cost", "FHG (ours, modified) bound", "FAQ cost"]);
  const [cost, bound, faq] = fig.data as any[];
  assert.deepEqual(cost.x, [10, 20]);
  assert.deepEqual(cost.y, [2, 2]);
  assert.deepEqual(bound.y, [1, 1]);
  assert.equal(bound.line.dash, BOUND_DASH);
  assert.equal(bound.line.color, cost.line.color);
  assert.deepEqual(faq.x, [10, 20]);
  assert.equal((fig.layout as any).yaxis.title.text, "Cost / Bound");
});

Deno.test("plotConvergence(trace) plots best cost and bound, skipping infinite costs and null bounds", () => {
  const trace = [
    { iteration: 0, seconds: 0, cost: Infinity, bound: null },
    { iteration: 1, seconds: 0.1, cost: 5, bound: 1 },
    { iteration: 2, seconds: 0.2, cost: 4, bound: 3 },
    { iteration: 3, seconds: 0.3, cost: 4, bound: 4 },
  ];
  const fig = plotConvergence(trace, { title: "FHG", optimum: 4 });
  const [cost, bound, opt] = fig.data as any[];
  assert.deepEqual(cost.x, [1, 2, 3]);
  assert.deepEqual(cost.y, [5, 4, 4]);
  assert.deepEqual(bound.y, [1, 3, 4]);
  assert.equal(bound.line.dash, BOUND_DASH);
  assert.deepEqual(opt.y, [4, 4]);
  assert.deepEqual(opt.x, [0, 3]);
  const bySeconds = plotConvergence(trace, { title: "t", x: "seconds" });
  assert.deepEqual((bySeconds.data[0] as any).x, [0.1, 0.2, 0.3]);
  assert.equal((bySeconds.layout as any).xaxis.title.text, "Seconds");
  assert.throws(() => plotConvergence(trace, { title: "t", x: "time" as any }), RangeError);
});

Deno.test("plotConvergence(trace, {zoom}) fits the y range to the later part of the run", () => {
  const trace = [
    { iteration: 1, seconds: 0, cost: 100, bound: -300 },
    { iteration: 2, seconds: 0, cost: 30, bound: -60 },
    { iteration: 3, seconds: 0, cost: 20, bound: 10 },
    { iteration: 4, seconds: 0, cost: 20, bound: 20 },
  ];
  const range = (plotConvergence(trace, { title: "t", zoom: true }).layout as any).yaxis.range;
  assert.ok(range[0] < 10 && range[0] > 0, `lower end ${range[0]}`);
  assert.ok(range[1] > 20 && range[1] < 30, `upper end ${range[1]}`);
  assert.equal((plotConvergence(trace, { title: "t" }).layout as any).yaxis.range, undefined);
});

Deno.test("plotCostBound(rows) keeps Random off the y range and names its values in an annotation", () => {
  const rows = [
    { solver: "random", n: 10, cost: 2.1, bound: null },
    { solver: "random", n: 20, cost: 1.9, bound: null },
    { solver: "fhg", n: 10, cost: 0.30, bound: 0.25 },
    { solver: "fhg", n: 20, cost: 0.32, bound: 0.20 },
  ];
  const fig = plotCostBound(rows, { title: "Fig. 6" }) as any;
  const [lo, hi] = fig.layout.yaxis.range;
  assert.ok(lo < 0.2 && lo > 0.1 && hi > 0.32 && hi < 0.5, `range ${lo}..${hi}`);
  assert.match(fig.layout.annotations[0].text, /Random cost off scale: 1\.90–2\.10/);
  const all = plotCostBound(rows, { title: "Fig. 6", offscale: [] }) as any;
  assert.equal(all.layout.yaxis.range, undefined);
  assert.equal(all.layout.annotations, undefined);
  assert.throws(() => plotCostBound(rows, { title: "t", zoom: 1 } as any), /unknown option 'zoom'/);
});

Deno.test("plotCostBound(rows) keeps the y axis on the costs and marks a bound far below at the edge with its value", () => {
  // Fig. 6 of the quick run: MILP's bound at n = 20 is −214.8 among costs of 0.19–0.90
  const rows = [
    { solver: "random", n: 10, cost: 1.5761, bound: null },
    { solver: "random", n: 20, cost: 2.0914, bound: null },
    { solver: "faq", n: 10, cost: 0.2314, bound: null },
    { solver: "faq", n: 20, cost: 0.5682, bound: null },
    { solver: "mpopt", n: 10, cost: 0.1873, bound: 0.0085 },
    { solver: "mpopt", n: 20, cost: 0.4337, bound: -0.4582 },
    { solver: "milp", n: 10, cost: 0.1873, bound: 0.1873 },
    { solver: "milp", n: 20, cost: 0.4414, bound: -214.7877 },
    { solver: "fhg", n: 10, cost: 0.1873, bound: 0.1873 },
    { solver: "fhg", n: 20, cost: 0.4337, bound: 0.4337 },
  ];
  const fig = plotCostBound(rows, { title: "Fig. 6" }) as any;
  const [lo, hi] = fig.layout.yaxis.range;
  assert.ok(lo < -0.4582 && lo > -1.5, `the range keeps MPOpt's −0.46 and leaves out −214.8: lower end ${lo}`);
  assert.ok(hi > 0.5682 && hi < 1, `upper end ${hi} (Random off scale)`);
  const arrow = fig.layout.annotations.find((a: any) => a.showarrow);
  assert.match(arrow.text, /MILP.*bound: −214\.8/);
  assert.equal(arrow.x, 20);
  assert.ok(arrow.y > lo && arrow.y < lo + 0.1 * (hi - lo), "the arrow points at the bottom edge");
  const marker = fig.data.find((t: any) => t.name.endsWith("below the axis"));
  assert.deepEqual(marker.x, [20]);
  assert.equal(marker.marker.symbol, "triangle-down");
  assert.equal(marker.cliponaxis, false);
  const milpBound = fig.data.find((t: any) => t.legendgroup === "milp" && t.name.endsWith(" bound"));
  assert.deepEqual(milpBound.y, [0.1873, null], "the dashed line does not plunge to the off-scale value");
  assert.match(fig.layout.annotations[0].text, /Random cost off scale/);
});

Deno.test("plotAblation(rows) draws each row's cost and bound relative to the lowest cost per n, 1e-4 apart visibly", () => {
  // two runs per row at n = 12 (D.3 of the quick run, cost / n² ≈ −1.8294)
  const rows = [
    { n: 12, row: "Hahn–Grant", cost: -1.829387, bound: -1.829568 },
    { n: 12, row: "Hahn–Grant", cost: -1.829387, bound: -1.829568 },
    { n: 12, row: "+ factorized", cost: -1.829365, bound: -1.829568 },
    { n: 12, row: "bnb", cost: -1.829489, bound: -1.829489 },
    { n: 20, row: "Hahn–Grant", cost: -1.897642, bound: null },
    { n: 20, row: "bnb", cost: -1.897858, bound: -1.898012 },
  ];
  const fig = plotAblation(rows, { title: "D.3" }) as any;
  assert.deepEqual(fig.data.map((t: any) => t.name), ["n = 12 cost", "n = 12 bound", "n = 20 cost", "n = 20 bound"]);
  const [cost12, bound12, cost20] = fig.data;
  assert.deepEqual(cost12.x, ["Hahn–Grant", "+ factorized", "bnb"]);
  assertClose(cost12.y[0], 1.02e-4, 1e-9);
  assertClose(cost12.y[1], 1.24e-4, 1e-9);
  assert.equal(cost12.y[2], 0);
  assertClose(bound12.y[0], -7.9e-5, 1e-9);
  assert.equal(cost20.y[0] > 2e-4, true);
  assert.equal(fig.layout.yaxis.tickformat, ".1e");
  assert.match(cost12.hovertemplate, /\.3e/);
});

Deno.test({
  name: `plotCostBound(rows) of eight solvers keeps the whole legend and the title inside the figure (Chromium)${
    hasChromium() ? "" : " (skipped: /usr/bin/chromium absent)"
  }`,
  ignore: !hasChromium(),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const solvers = ["random", "local-cka", "ot", "faq", "mpopt", "milp", "fhg-paper", "fhg", "bnb"];
    const rows = solvers.flatMap((solver, k) =>
      [10, 20].map((n) => ({ solver, n, cost: 0.3 + 0.01 * k + n / 100, bound: k > 3 ? 0.2 + n / 100 : null }))
    );
    const fig = plotCostBound(rows, {
      title: "Cost and bound vs problem size (tiny-imagenet × clip-vit-l14-text, best subset per size: local search)",
    });
    const [b] = await figureBoxes([fig], { legend: ".legend", title: ".gtitle" });
    assert.ok(inside(b.legend[0], b.svg[0]), `legend ${JSON.stringify(b.legend[0])} runs off the figure`);
    assert.ok(inside(b.title[0], b.svg[0]), `title ${JSON.stringify(b.title[0])} cut at the figure's edges`);
  },
});
