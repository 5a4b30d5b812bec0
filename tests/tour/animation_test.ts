import assert from "node:assert/strict";
import { hasChromium } from "../../lib/plots/export.ts";
import { figureBoxes, inside } from "../plots/_browser_boxes.ts";
import { animateAlignment, animateBound, transpositionPath } from "../../lib/tour/animation.ts";
import { alignKernel, buildToyProblem, costLandscape } from "../../lib/tour/toy_problem.ts";
import { solveQap } from "../../lib/qap/registry.ts";

Deno.test("transpositionPath(start, target) walks from start to target one swap at a time", () => {
  const start = Int32Array.from([3, 0, 4, 1, 2]), target = Int32Array.from([0, 1, 2, 3, 4]);
  const path = transpositionPath(start, target);
  assert.deepEqual(Array.from(path[0]), [3, 0, 4, 1, 2]);
  assert.deepEqual(Array.from(path.at(-1)!), [0, 1, 2, 3, 4]);
  assert.ok(path.length <= 5);
  for (let k = 1; k < path.length; k++) {
    const changed = path[k].reduce((c, v, i) => c + (v !== path[k - 1][i] ? 1 : 0), 0);
    assert.equal(changed, 2, `step ${k} is not one transposition`);
  }
  assert.equal(transpositionPath(target, target).length, 1);
  assert.throws(() => transpositionPath([0, 0, 1], [0, 1, 2]), /start must be a permutation/);
});

Deno.test("animateBound(trace) has one frame per trace row (subsampled), fixed axes and the full run last", () => {
  const toy = buildToyProblem({ n: 7, seed: 0 });
  const result = solveQap(toy.problem, { method: "fhg", primalHeuristic: false, progressInterval: 0 });
  const trace = result.trace;
  const { bestCost } = costLandscape(toy.problem);
  const fig = animateBound(trace, { optimum: bestCost, maxFrames: 10 });
  assert.ok(fig.frames.length >= 2 && fig.frames.length <= 11, `${fig.frames.length} frames`);
  const last = fig.frames.at(-1)!;
  assert.equal(last.name, String(trace.at(-1)!.iteration));
  const bounds = trace.filter((t) => t.bound !== null && Number.isFinite(t.bound));
  assert.deepEqual(last.data[1].y, bounds.map((t) => t.bound));
  assert.deepEqual(last.traces, [0, 1]);
  assert.equal((fig.layout.xaxis as any).autorange, false);
  assert.equal((fig.layout.yaxis as any).autorange, false);
  assert.equal((fig.layout.sliders as any)[0].steps.length, fig.frames.length);
  assert.equal(fig.data.length, 3); // cost, bound, optimum line
  assert.match((last.layout!.title as any).text, /gap/);
  assert.throws(() => animateBound([], {}), /trace must be a non-empty array/);
});

Deno.test("animateAlignment(K_V, K_L, path) ends on the language kernel aligned by the last permutation", () => {
  const toy = buildToyProblem({ n: 6, seed: 1 });
  const { best } = costLandscape(toy.problem);
  const path = transpositionPath([5, 4, 3, 2, 1, 0], best);
  const fig = animateAlignment(toy.kernelVision, toy.kernelLanguage, path, {
    concepts: toy.concepts,
    problem: toy.problem,
    truth: toy.truth,
  });
  assert.equal(fig.frames.length, path.length);
  const aligned = alignKernel(toy.kernelLanguage, best);
  const z = fig.frames.at(-1)!.data[0].z as number[][];
  assert.deepEqual(z.flat(), Array.from(aligned.data));
  assert.match((fig.frames.at(-1)!.layout!.title as any).text, /J\(p\) = .*pairs correct/);
  assert.equal((fig.layout.updatemenus as any)[0].buttons[0].args[1].frame.redraw, true);
});

Deno.test({
  name: `the tour's animations draw the play buttons, the slider and the x axis title apart (rendered in Chromium)${
    hasChromium() ? "" : " (skipped: /usr/bin/chromium absent)"
  }`,
  ignore: !hasChromium(),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const toy = buildToyProblem({ n: 6, seed: 1 });
    const { best, bestCost } = costLandscape(toy.problem);
    const result = solveQap(toy.problem, { method: "fhg", primalHeuristic: false, progressInterval: 0 });
    const figures = [
      animateBound(result.trace, { optimum: bestCost, maxFrames: 10 }),
      animateAlignment(toy.kernelVision, toy.kernelLanguage, transpositionPath([5, 4, 3, 2, 1, 0], best), {
        concepts: toy.concepts,
      }),
    ];
    const all = await figureBoxes(figures, {
      buttons: ".updatemenu-container",
      slider: ".slider-container",
      xtitle: ".g-xtitle",
    });
    all.forEach((b, i) => {
      const title = (figures[i].layout.title as any).text.split("<br>")[0];
      const [buttons, slider, xtitle, svg] = [b.buttons[0], b.slider[0], b.xtitle[0], b.svg[0]];
      assert.ok(
        buttons.bottom <= slider.top + 1,
        `${title}: buttons ${JSON.stringify(buttons)} over the slider ${JSON.stringify(slider)}`,
      );
      if (xtitle) assert.ok(xtitle.bottom <= buttons.top + 1, `${title}: x axis title over the buttons`);
      assert.ok(inside(slider, svg), `${title}: slider cut at the figure's edge`);
    });
  },
});
