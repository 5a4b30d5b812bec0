import assert from "node:assert/strict";
import { CORRECTNESS_COLORS, legendBelow, plotMarginsByCorrectness } from "../../lib/plots/margins.ts";
import { plotLineBand } from "../../lib/plots/lines.ts";
import { JUPYTER_DISPLAY, legendKey, legendTraces } from "../../lib/plots/style.ts";

Deno.test("plotMarginsByCorrectness draws one box trace per kind with every pair, grouped by category", () => {
  const figure = plotMarginsByCorrectness(
    [
      { label: "cifar10", correct: [0.1, 0.2, 0.3], wrong: [0.05] },
      { label: "tiny-imagenet", correct: [], wrong: [0.01, 0.02] },
    ],
    { title: "Margins", yTitle: "Margin / sd" },
  );
  assert.equal(figure.data.length, 2);
  const [correct, wrong] = figure.data as Record<string, any>[];
  assert.equal(correct.type, "box");
  assert.equal(correct.boxpoints, "all");
  assert.deepEqual(correct.x, ["cifar10", "cifar10", "cifar10"]);
  assert.deepEqual(correct.y, [0.1, 0.2, 0.3]);
  assert.deepEqual(wrong.x, ["cifar10", "tiny-imagenet", "tiny-imagenet"]);
  assert.deepEqual(wrong.y, [0.05, 0.01, 0.02]);
  assert.equal(correct.name, "correct (3 pairs)");
  assert.equal(wrong.name, "wrong (3 pairs)");
  assert.equal(correct.line.color, CORRECTNESS_COLORS.correct);
  assert.equal(figure.layout.boxmode, "group");
  assert.deepEqual((figure.layout.xaxis as any).categoryarray, ["cifar10", "tiny-imagenet"]);
  assert.equal((figure.layout.yaxis as any).title.text, "Margin / sd");
  const keys = legendTraces(figure).map(legendKey);
  assert.equal(new Set(keys).size, 2, "the two kinds look different in the legend");
  assert.equal(typeof (figure as any)[JUPYTER_DISPLAY], "function");
  JSON.stringify(figure); // plain JSON
});

Deno.test("plotMarginsByCorrectness rejects non-finite margins and unknown options", () => {
  assert.throws(
    () => plotMarginsByCorrectness([{ label: "a", correct: [Infinity], wrong: [] }], { title: "t" }),
    /group 'a': margins must be finite/,
  );
  assert.throws(() => plotMarginsByCorrectness([], { title: "t", colour: "red" } as never), /colour/);
});

Deno.test("legendBelow puts a figure's legend under the plot, horizontal, and keeps its traces", () => {
  const figure = plotLineBand([{ id: "a long group name", x: [0.5, 1], mean: [0.2, 0.3] }], { title: "t" });
  const traces = figure.data.length;
  assert.equal(legendBelow(figure), figure);
  assert.equal((figure.layout.legend as any).orientation, "h");
  assert.ok((figure.layout.legend as any).y < 0);
  assert.ok(Number(figure.layout.height) >= 760);
  assert.equal(figure.data.length, traces);
});
