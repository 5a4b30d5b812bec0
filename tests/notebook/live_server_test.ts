import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hasNotebookServer, startNotebookServer } from "../../lib/notebook/live_server.ts";
import { REPO_ROOT } from "../../lib/notebook/runner.ts";
import { plotlyScriptCandidates, scriptUrlsForPage } from "../../lib/notebook/display.ts";
import { NOTEBOOK_BUNDLE } from "../../lib/plots/html.ts";
import { CHROMIUM_ARGS, CHROMIUM_PATH, hasChromium } from "../../lib/plots/export.ts";

const server = await hasNotebookServer();
const chromium = hasChromium();
const skip = !chromium
  ? " (skipped: /usr/bin/chromium absent)"
  : !server
  ? " (skipped: /usr/bin/python3 has no Jupyter Notebook server; apt-get install jupyter-notebook)"
  : "";
const serverSkip = server ? "" : " (skipped: /usr/bin/python3 has no Jupyter Notebook server)";

for (const where of ["notebooks", "."]) {
  Deno.test({
    name: `a Jupyter server started in ${where === "." ? "the repository root" : "notebooks/"} serves the plotly.js ` +
      `that a notebook's figure fallback asks for${serverSkip}`,
    ignore: serverSkip !== "",
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async () => {
      const live = await startNotebookServer({ root: join(REPO_ROOT, where) });
      try {
        const prefix = where === "." ? "notebooks/" : "";
        const page = `${live.url}notebooks/${prefix}00_tour.ipynb`;
        const tried: string[] = [];
        let served: string | null = null;
        // the first candidate the browser tries in turn that answers with the bundle
        for (const rel of plotlyScriptCandidates(join(REPO_ROOT, "notebooks"))) {
          for (const url of scriptUrlsForPage(page, rel)) {
            const res = await fetch(url, { headers: { Referer: page } }); // the server refuses requests without one
            const body = res.ok ? await res.text() : (await res.body?.cancel(), "");
            tried.push(`${url} → ${res.status}`);
            if (res.ok && body.length > 1_000_000 && body.includes("plotly")) served ??= url;
          }
          if (served) break;
        }
        assert.ok(served, `no plotly.js served; tried:\n${tried.join("\n")}`);
        assert.equal(served, `${live.url}files/${prefix}assets/plotly.min.js`, `${NOTEBOOK_BUNDLE} is the one used`);
      } finally {
        await live.stop();
      }
    },
  });
}

/** The tour, one section notebook (Sec. 5.3, seconds at the smoke preset) and notebook 07. */
const NOTEBOOKS = ["00_tour.ipynb", "04_sec5_3_solver_comparison.ipynb", "07_bring_your_own_embeddings.ipynb"];

/** What {@link SUMMARY} returns. */
interface Summary {
  code: number;
  ran: number;
  idle: boolean;
  errors: string[];
  plotly: number;
  drawn: number;
}

/** Page-side summary of the open notebook (classic Notebook's `Jupyter.notebook`). */
const SUMMARY = `(() => {
  const cells = Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code");
  const outputs = cells.flatMap((c) => c.output_area.outputs);
  return {
    code: cells.length,
    ran: cells.filter((c) => typeof c.input_prompt_number === "number").length,
    idle: document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null,
    errors: outputs.filter((o) => o.output_type === "error").map((o) => o.ename + ": " + o.evalue),
    plotly: outputs.filter((o) => o.data && o.data["application/vnd.plotly.v1+json"]).length,
    drawn: [...document.querySelectorAll("#notebook .js-plotly-plot")]
      .filter((p) => p.querySelector("svg.main-svg .cartesianlayer, svg.main-svg .hm, svg.main-svg image")).length,
  };
})()`;

Deno.test({
  name:
    `the tour and a section notebook run through the UI of a live Jupyter Notebook server started in notebooks/ in ` +
    `headless Chromium: ` +
    `every Plotly output draws an SVG, no cell errors${skip}`,
  ignore: skip !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const before = NOTEBOOKS.map((nb) => readFileSync(join(REPO_ROOT, "notebooks", nb), "utf8"));
    const live = await startNotebookServer({
      env: { BLIND_MATCH_PRESET: "smoke" },
      root: join(REPO_ROOT, "notebooks"),
    });
    const { chromium: pw } = await import("playwright-core");
    const profile = await Deno.makeTempDir({ prefix: "live_server_test_" });
    const context = await pw.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
      headless: true,
      viewport: { width: 1280, height: 900 },
    });
    try {
      const offsite: string[] = [];
      await context.route(/^(https?|wss?):\/\/(?!127\.0\.0\.1[:/])/, (route: any) => {
        offsite.push(route.request().url());
        return route.abort();
      });
      for (const name of NOTEBOOKS) {
        const page = await context.newPage();
        await page.goto(`${live.url}notebooks/${name}`);
        await page.waitForFunction(
          "window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && Jupyter.notebook.kernel && " +
            "document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null",
          null,
          { timeout: 60000 },
        );
        await page.evaluate("Jupyter.notebook.set_autosave_interval(0)");
        await page.click("#celllink");
        await page.click("#run_all_cells > a");
        await page.waitForFunction(
          `(() => { const s = ${SUMMARY}; return s.ran === s.code && s.idle; })()`,
          null,
          { timeout: 180000, polling: 500 },
        );
        const ran: Summary = await page.evaluate(SUMMARY);
        assert.deepEqual(ran.errors, [], `${name}: cells raised`);
        assert.ok(ran.plotly > 0, `${name}: no Plotly outputs`);
        await page.waitForFunction(`(() => { const s = ${SUMMARY}; return s.drawn >= s.plotly; })()`, null, {
          timeout: 60000,
          polling: 500,
        }).catch(() => {});
        const done: Summary = await page.evaluate(SUMMARY);
        assert.equal(
          done.drawn,
          done.plotly,
          `${name}: ${done.drawn} of ${done.plotly} Plotly outputs drew an SVG plot`,
        );
        await page.close();
      }
      assert.deepEqual(offsite, [], "the notebook pages tried to reach the network");
      NOTEBOOKS.forEach((nb, i) =>
        assert.equal(readFileSync(join(REPO_ROOT, "notebooks", nb), "utf8"), before[i], `${nb} was rewritten`)
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- server log ---\n${live.log().slice(-3000)}`, { cause: error });
    } finally {
      await context.close();
      await live.stop();
      await Deno.remove(profile, { recursive: true });
    }
  },
});
