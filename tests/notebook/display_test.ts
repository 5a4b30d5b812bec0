import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  displayFigure,
  displayTable,
  figureMimeBundle,
  liveProgress,
  type MimeBundle,
  PLOTLY_MIME,
  plotlyScriptCandidates,
  scriptUrlsForPage,
  tableView,
} from "../../lib/notebook/display.ts";
import { REPO_ROOT } from "../../lib/notebook/runner.ts";
import { plotLineBand } from "../../lib/plots/lines.ts";
import { COMMITTED_BUNDLE, NOTEBOOK_BUNDLE } from "../../lib/plots/html.ts";

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

Deno.test("plotlyScriptCandidates(dir) starts with the notebooks' own copy, then the committed figures/plotly.min.js", () => {
  const fromNotebooks = plotlyScriptCandidates(join(REPO_ROOT, "notebooks"));
  assert.equal(fromNotebooks[0], "assets/plotly.min.js");
  assert.equal(fromNotebooks[1], "../figures/plotly.min.js");
  for (const rel of fromNotebooks.slice(0, 2)) assert.ok(existsSync(join(REPO_ROOT, "notebooks", rel)), rel);
  assert.ok(fromNotebooks.includes("../plotly.min.js"));
});

Deno.test("notebooks/assets/plotly.min.js is byte for byte the committed figures/plotly.min.js", () => {
  const a = readFileSync(join(REPO_ROOT, NOTEBOOK_BUNDLE));
  const b = readFileSync(join(REPO_ROOT, COMMITTED_BUNDLE));
  assert.equal(a.length, b.length);
  assert.ok(a.equals(b), "the copies differ: cp figures/plotly.min.js notebooks/assets/");
});

Deno.test("the fallback's URL resolver maps a Jupyter server page to the notebook file's folder under /files/", () => {
  const resolve = scriptUrlsForPage;
  const rel = "../figures/plotly.min.js";
  assert.deepEqual(resolve("http://localhost:8888/notebooks/notebooks/00_tour.ipynb", rel), [
    "http://localhost:8888/files/figures/plotly.min.js",
    "http://localhost:8888/notebooks/figures/plotly.min.js",
  ]);
  assert.equal(
    resolve("http://h/user/ann/lab/tree/notebooks/01_sec3.ipynb", rel)[0],
    "http://h/user/ann/files/figures/plotly.min.js",
  );
  assert.equal(
    resolve("http://h/lab/workspaces/auto-x/tree/notebooks/a.ipynb", rel)[0],
    "http://h/files/figures/plotly.min.js",
  );
  assert.deepEqual(resolve("file:///repo/notebooks/00_tour.html", rel), ["file:///repo/figures/plotly.min.js"]);
});

Deno.test("displayFigure(figure, {plotly}) publishes the local loader by default, the bundle only when inline", async () => {
  const shown: MimeBundle[] = [];
  const display = (b: MimeBundle) => void shown.push(b);
  await displayFigure(fig(), { display });
  await displayFigure(fig(), { display, plotly: "none" });
  await displayFigure(fig(), { display, plotly: "inline" });
  const html = shown.map((b) => b["text/html"] as string);
  assert.match(html[0], /var rels = /);
  assert.ok(!html[1].includes("var rels = "));
  assert.ok(html[2].length > 1_000_000 && html[2].includes("plotly.js v"));
  await assert.rejects(() => displayFigure(fig(), { display, plotly: "cdn" as any }), RangeError);
  await assert.rejects(() => displayFigure(fig(), { display, theme: "dark" } as any), /unknown option 'theme'/);
});
Deno.test("displayTable(rows) publishes HTML and Markdown", async () => {
  const shown: MimeBundle[] = [];
  await displayTable([{ solver: "fhg", cost: 1.25 }], { display: (b) => void shown.push(b), decimals: 1 });
  assert.match(shown[0]["text/markdown"] as string, /\|fhg\|1\.3\|/);
  assert.match(shown[0]["text/html"] as string, /<table/);
});

Deno.test("figures and tableView(table) carry [Deno.jupyter.$display] once display.ts is loaded", () => {
  const key = Symbol.for("Jupyter.display");
  const figBundle = (fig() as any)[key]();
  assert.deepEqual(Object.keys(figBundle), [PLOTLY_MIME, "text/html", "text/plain"]);
  assert.match(figBundle["text/html"], /var rels = /);
  const view = tableView([{ solver: "fhg", cost: 1.25 }], { decimals: 1 });
  assert.match((view as any)[key]()["text/markdown"], /\|fhg\|1\.3\|/);
  assert.throws(() => tableView([{ a: 1 }], { digits: 2 } as any), /unknown option 'digits'/);
});

Deno.test("liveProgress(label) shows one output and then updates it in place under the same display id", async () => {
  const calls: { bundle: MimeBundle; options: { display_id: string; update: boolean } }[] = [];
  const progress = liveProgress("Sec. 5.2", {
    unit: "jobs",
    everyMs: 0,
    display: (bundle, options) => void calls.push({ bundle, options }),
  });
  await progress.update(0, 3);
  await progress.update(2, 3, "n = 20");
  await progress.update(3, 3);
  await progress.finish("3 jobs");
  assert.equal(calls.length, 4);
  assert.deepEqual(calls.map((c) => c.options.update), [false, true, true, true]);
  assert.equal(new Set(calls.map((c) => c.options.display_id)).size, 1);
  assert.match(calls[1].bundle["text/html"] as string, /<progress max="3" value="2"/);
  assert.match(calls[1].bundle["text/plain"] as string, /Sec\. 5\.2 \[#+-+\] 2\/3 jobs .* n = 20/);
  assert.match(calls[3].bundle["text/plain"] as string, /3\/3 jobs .* 3 jobs$/);
});
