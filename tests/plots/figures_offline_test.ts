import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM_ARGS, CHROMIUM_PATH, hasChromium } from "../../lib/plots/export.ts";
import { PLOTLY_BUNDLE_NAME } from "../../lib/plots/html.ts";
import { REPO_ROOT } from "../../lib/notebook/runner.ts";

const FIGURES = join(REPO_ROOT, "figures");
const pages = readdirSync(FIGURES).filter((f) => f.endsWith(".html") && f !== "index.html").sort();
const chromium = hasChromium();

Deno.test("figures/plotly.min.js is in the repository (not git-ignored) and every figure page loads it from beside it", async () => {
  assert.ok(existsSync(join(FIGURES, PLOTLY_BUNDLE_NAME)), "figures/plotly.min.js missing");
  if (existsSync(join(REPO_ROOT, ".git"))) {
    const out = await new Deno.Command("git", {
      args: ["check-ignore", "-q", join("figures", PLOTLY_BUNDLE_NAME)],
      cwd: REPO_ROOT,
      stdout: "null",
      stderr: "null",
    }).output().catch(() => null);
    if (out) assert.equal(out.code, 1, "figures/plotly.min.js is git-ignored: a fresh clone would lack it");
  }
  assert.ok(pages.length > 0, "no figure pages in figures/");
  for (const page of pages) {
    const scripts = [...readFileSync(join(FIGURES, page), "utf8").matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(scripts, [PLOTLY_BUNDLE_NAME], `${page} loads ${scripts.join(", ")}`);
  }
});

Deno.test({
  name: `every figures/*.html draws offline in headless Chromium (network blocked)${
    chromium ? "" : " (skipped: /usr/bin/chromium absent)"
  }`,
  ignore: !chromium,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const { chromium: pw } = await import("playwright-core");
    const profile = await Deno.makeTempDir({ prefix: "figures_offline_" });
    const context = await pw.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
      headless: true,
    });
    try {
      const page = await context.newPage();
      const requested: string[] = [];
      await page.route(/^(https?|wss?):/, (route: any) => (requested.push(route.request().url()), route.abort()));
      for (const name of pages) {
        await page.goto(pathToFileURL(join(FIGURES, name)).href);
        await page.waitForFunction(
          "document.querySelector('#figure[data-rendered=true], #figure[data-error]') !== null",
          null,
          { timeout: 30000 },
        );
        assert.equal(await page.locator("#figure[data-error]").count(), 0, `${name}: plotly.js not loaded`);
        const svgs = await page.locator("#figure svg.main-svg").count();
        assert.ok(svgs > 0, `${name}: no plot SVG`);
        const marks = await page.locator(
          "#figure .cartesianlayer g.trace, #figure .cartesianlayer image, #figure .hm image",
        ).count();
        assert.ok(marks > 0, `${name}: plot has no traces`);
      }
      assert.deepEqual(requested, [], "a figure page tried to reach the network");
    } finally {
      await context.close();
      await Deno.remove(profile, { recursive: true });
    }
  },
});
