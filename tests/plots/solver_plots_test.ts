import assert from "node:assert/strict";
import { plotConvergence, plotCostBound } from "../../lib/plots/solver_plots.ts";
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
  assert.deepEqual(names, ["Ours cost", "Ours bound", "FAQ cost"]);
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
