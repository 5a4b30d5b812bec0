import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  displayFigure,
  displayTable,
  figureMimeBundle,
  type MimeBundle,
  PLOTLY_MIME,
  plotlyScriptCandidates,
} from "../../lib/notebook/display.ts";
import { REPO_ROOT } from "../../lib/notebook/runner.ts";
import { plotLineBand } from "../../lib/plots/lines.ts";

const fig = () => plotLineBand([{ id: "clip", x: [0, 1], mean: [1, 0] }], { title: "Demo figure" });

Deno.test("figureMimeBundle(figure) carries the Plotly JSON, an offline HTML fallback and the title as text", () => {
  const bundle = figureMimeBundle(fig());
  assert.deepEqual(Object.keys(bundle), [PLOTLY_MIME, "text/html", "text/plain"]);
  assert.deepEqual((bundle[PLOTLY_MIME] as any).data[0].y, [1, 0]);
  assert.equal(bundle["text/plain"], "Figure: Demo figure");
  const html = bundle["text/html"] as string;
  assert.match(html, /window\.Plotly\.newPlot/);
  assert.ok(!/https?:/.test(html), "fallback must not load anything from the network");
  assert.ok(html.includes(JSON.stringify(plotlyScriptCandidates()[0])) || html.includes(plotlyScriptCandidates()[0]));
  assert.ok(html.length < 20000, "the local fallback stays small");
});

Deno.test("plotlyScriptCandidates(dir) starts with the relative path to the npm bundle", () => {
  const fromNotebooks = plotlyScriptCandidates(join(REPO_ROOT, "notebooks"));
  assert.equal(fromNotebooks[0], "../node_modules/plotly.js-dist/plotly.js");
  assert.ok(existsSync(join(REPO_ROOT, "notebooks", fromNotebooks[0])));
  assert.ok(fromNotebooks.includes("../plotly.js"));
});

Deno.test("displayFigure(figure, {plotly}) publishes the local loader by default, the bundle only when inline", async () => {
  const shown: MimeBundle[] = [];
  const display = (b: MimeBundle) => void shown.push(b);
  await displayFigure(fig(), { display });
  await displayFigure(fig(), { display, plotly: "none" });
  await displayFigure(fig(), { display, plotly: "inline" });
  const html = shown.map((b) => b["text/html"] as string);
  assert.match(html[0], /__bmPlotlyLoading/);
  assert.ok(!html[1].includes("__bmPlotlyLoading"));
  assert.ok(html[2].length > 1_000_000 && html[2].includes("window.Plotly = Plotly"));
  await assert.rejects(() => displayFigure(fig(), { display, plotly: "cdn" as any }), RangeError);
  await assert.rejects(() => displayFigure(fig(), { display, theme: "dark" } as any), /unknown option 'theme'/);
});
Deno.test("displayTable(rows) publishes HTML and Markdown", async () => {
  const shown: MimeBundle[] = [];
  await displayTable([{ solver: "fhg", cost: 1.25 }], { display: (b) => void shown.push(b), decimals: 1 });
  assert.match(shown[0]["text/markdown"] as string, /\| fhg \| 1\.3 \|/);
  assert.match(shown[0]["text/html"] as string, /<table/);
});
