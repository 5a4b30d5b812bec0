import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { entryPaperRef, entrySection, galleryHtml, readGalleryIndex } from "../../lib/report/gallery.ts";
import { updateGallery } from "../../lib/studies/write_output.ts";
import { figureHtml } from "../../lib/plots/html.ts";
import { hasChromium } from "../../lib/plots/export.ts";
import { plotLineBand } from "../../lib/plots/lines.ts";
import { writeReport } from "../../lib/report/write_report.ts";

Deno.test("galleryHtml(entries, dir) makes one card per entry with relative links and the paper reference", () => {
  const html = galleryHtml([
    {
      name: "fig5",
      title: "Accuracy vs size",
      paperRef: "Fig. 5",
      data: "CIFAR-100, n=10..100",
      files: { png: "/out/fig5.png", html: "/out/fig5.html", svg: "fig5.svg" },
    },
    { name: "tab3", title: "Metrics <n=10>", paperRef: null, files: { csv: "/out/tab3.csv", md: "/out/tab3.md" } },
  ], "/out");
  assert.equal(html.match(/<article class="card/g)!.length, 2);
  assert.match(html, /<img src="fig5\.png"/);
  assert.match(html, /href="fig5\.html"><img/);
  assert.match(html, /Paper: <b>Fig\. 5<\/b>/);
  assert.match(html, /Paper: <b>— \(not in the paper\)<\/b>/);
  assert.match(html, /Metrics &lt;n=10&gt;/);
  const links = [...html.matchAll(/data-kind="([a-z-]+)"/g)].map((m) => m[1]);
  assert.deepEqual(links, ["html", "png", "svg", "csv", "md"]);
  assert.throws(() => galleryHtml([{ title: "x" } as any], "/out"), TypeError);
});

Deno.test("entrySection / entryPaperRef read the section and a table's own paper counterpart from the name", () => {
  assert.equal(entrySection({ name: "sec3_fig2_gw_coco-mini" }), "3");
  assert.equal(entrySection({ name: "sec5_1_fig4_cifar10" }), "5.1");
  assert.equal(entrySection({ name: "sec5_3-small_accuracy" }), "5.3-small");
  assert.equal(entrySection({ name: "secD_3_summary" }), "D.3");
  assert.equal(entrySection({ name: "fig5" }), null);
  assert.equal(entrySection({ name: "fig5", section: "5.2" }), "5.2");
  assert.equal(entryPaperRef({ name: "sec5_1_tab3", paperRef: "Fig. 4, 11, 12, 13; Tab. 3" }), "Tab. 3");
  assert.equal(entryPaperRef({ name: "sec5_1_runs", paperRef: null }), null);
});

Deno.test("galleryHtml groups cards under section headings, renders tables and lists each figure's own series", async () => {
  const dir = await Deno.makeTempDir({ prefix: "gallery_sections_" });
  try {
    const fig = plotLineBand([
      { id: "mobilenet-v1-0.75", x: [0, 1], mean: [1, 0], sd: [0.1, 0.1] },
      { id: "pixels-8", x: [0, 1], mean: [1, 0.5] },
    ], { title: "t" });
    writeFileSync(join(dir, "sec3_fig2_gw_x.html"), figureHtml(fig));
    writeFileSync(join(dir, "sec5_1_tab3.csv"), "metric,accuracy\ngw,0.123456\ncka,0.5\n");
    const html = galleryHtml([
      { name: "sec5_1_tab3", title: "Tab", paperRef: "Fig. 4; Tab. 3", files: { csv: "sec5_1_tab3.csv" } },
      {
        name: "sec3_fig2_gw_x",
        title: "Fig",
        paperRef: "Fig. 2",
        data: "coco-mini (n = 159); vision: a; vision: b; language: c",
        files: { html: "sec3_fig2_gw_x.html", png: "sec3_fig2_gw_x.png" },
      },
    ], dir);
    const headings = [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1]);
    assert.equal(headings.length, 2);
    assert.match(headings[0], /^Sec\. 5\.1 — /);
    assert.match(headings[1], /^Sec\. 3 — /);
    assert.match(html, /<table class="result-table">[\s\S]*<td[^>]*>gw<\/td><td[^>]*>0\.123456<\/td>/); // as written
    assert.match(html, /Paper: <b>Tab\. 3<\/b>/);
    assert.match(html, /Shown: mobilenet-v1-0\.75, pixels-8</);
    assert.match(html, /<p class="data">coco-mini \(n = 159\)<\/p>/); // the section-wide model list is left out
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const chromium = hasChromium();

Deno.test({
  name:
    `writeReport(items) writes a gallery whose index.html and figure page render in headless Chromium (SVG with traces)${
      chromium ? "" : " (skipped: /usr/bin/chromium absent)"
    }`,
  ignore: !chromium,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "gallery_test_" });
    let browser: any = null;
    try {
      const fig = plotLineBand([
        { id: "clip", x: [10, 20, 30], mean: [0.9, 0.7, 0.5], sd: [0.1, 0.1, 0.1] },
        { id: "dinov2", x: [10, 20, 30], mean: [0.95, 0.6, 0.3] },
      ], { title: "Accuracy vs size", width: 500, height: 320 });
      const progress: string[] = [];
      const { index, entries } = await writeReport([
        { name: "fig5", title: "Accuracy vs size", paperRef: "Fig. 5", figure: fig, table: [{ n: 10, accuracy: 0.9 }] },
        { name: "tab1", title: "A table", paperRef: "Tab. 1", table: [{ a: 1 }] },
      ], { outDir: dir, formats: ["html", "png"], onProgress: (_d, _t, name) => void progress.push(name) });
      assert.deepEqual(progress, ["fig5", "tab1"]);
      assert.deepEqual(Object.keys(entries[0].files).sort(), ["csv", "html", "md", "png"]);
      assert.match(readFileSync(join(dir, "tab1.md"), "utf8"), /^# A table/);
      const { chromium: pw } = await import("playwright-core");
      const { CHROMIUM_ARGS, CHROMIUM_PATH } = await import("../../lib/plots/export.ts");
      browser = await pw.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
      const page = await browser.newPage();
      await page.goto(`file://${index}`);
      assert.equal(await page.locator("article.card").count(), 2);
      await page.waitForFunction(
        "(() => { const img = document.querySelector('article.card img'); return img !== null && img.complete && img.naturalWidth > 0; })()",
      );
      const href = await page.locator("#fig5 a[data-kind=html]").getAttribute("href");
      assert.equal(href, "fig5.html");
      await page.goto(`file://${join(dir, href!)}`);
      await page.waitForSelector("#figure[data-rendered=true]", { timeout: 30000 });
      const svgCount = await page.locator("#figure svg.main-svg").count();
      assert.ok(svgCount > 0, "no main-svg");
      const traces = await page.locator("#figure .scatterlayer .trace").count();
      assert.ok(traces >= 3, `expected ≥ 3 traces (band + 2 lines), got ${traces}`);
      const pathLength: number = await page.evaluate(
        "document.querySelector('#figure .scatterlayer .trace path.js-line')?.getAttribute('d')?.length ?? 0",
      );
      assert.ok(pathLength > 10, "line path is empty");
      assert.equal(readFileSync(index, "utf8").includes("Fig. 5"), true);
    } finally {
      if (browser) await browser.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("writeReport(items) rejects duplicate names before doing any work", async () => {
  await assert.rejects(
    () =>
      writeReport([{ name: "a", title: "x", paperRef: null }, { name: "a", title: "y", paperRef: null }], {
        outDir: "/nonexistent/never",
      }),
    /writeReport: item names must be unique, got 'a' twice/,
  );
});

Deno.test("a truncated or corrupt gallery.json is refused with one line and left as it is, never silently replaced", () => {
  const dir = mkdtempSync("/tmp/gallery-index-");
  try {
    const path = join(dir, "gallery.json");
    assert.deepEqual(readGalleryIndex(path), {}, "no file yet: an empty gallery");
    const entry = (name: string) => ({ name, title: name, paperRef: null, files: {} });
    updateGallery(dir, "3", [entry("sec3_a")], ["3", "5.1"]);
    updateGallery(dir, "5.1", [entry("sec5_1_b")], ["3", "5.1"]);
    assert.deepEqual(Object.keys(readGalleryIndex(path)), ["3", "5.1"]);
    const whole = readFileSync(path, "utf8");
    const corrupt = [whole.slice(0, whole.length / 2), "[1, 2]", '{"3": [{"title": "no name"}]}', ""];
    for (const text of corrupt) {
      writeFileSync(path, text);
      for (const read of [() => readGalleryIndex(path), () => updateGallery(dir, "5.2", [entry("c")], ["3"])]) {
        assert.throws(read, (e: Error) => {
          assert.ok(e instanceof RangeError, String(e));
          assert.equal(e.message.split("\n").length, 1);
          assert.match(e.message, /gallery\.json (is not valid JSON|is not a JSON object|has a malformed entry)/);
          assert.match(e.message, /not replaced: restore it .* or remove it/);
          return true;
        });
      }
      assert.equal(readFileSync(path, "utf8"), text, "the file is left as it was");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
