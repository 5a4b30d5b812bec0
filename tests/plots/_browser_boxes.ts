/**
 * Test helper: draws Plotly figures in headless Chromium and returns the on-screen boxes of their parts (titles,
 * tick labels, buttons, …), so that tests can check that nothing overlaps or is cut at the figure's edge.
 * @module
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../lib/plots/export.ts";
import { plotlyBundlePath } from "../../lib/plots/html.ts";
import type { PlotlyFigure } from "../../lib/plots/style.ts";

/** A box in page pixels. */
export interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** True when the two boxes share an area (touching edges, within 1 px, do not count). */
export function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
}

/** True when `inner` lies inside `outer` (1 px tolerance). */
export function inside(inner: Box, outer: Box): boolean {
  return inner.left >= outer.left - 1 && inner.right <= outer.right + 1 && inner.top >= outer.top - 1 &&
    inner.bottom <= outer.bottom + 1;
}

/**
 * Draws each figure (in a 1100 × 900 page) and returns, per figure, the boxes of every element matching each
 * selector, plus `svg`: the figure's own box.
 */
export async function figureBoxes(
  figures: readonly PlotlyFigure[],
  selectors: Record<string, string>,
): Promise<Record<string, Box[]>[]> {
  const dir = await Deno.makeTempDir({ prefix: "browser_boxes_" });
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  try {
    const shell = join(dir, "shell.html");
    writeFileSync(
      shell,
      `<!DOCTYPE html><html><head><script src="${
        pathToFileURL(plotlyBundlePath()).href
      }"></script></head><body style="margin:0"><div id="p"></div></body></html>`,
    );
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(pathToFileURL(shell).href);
    const out: Record<string, Box[]>[] = [];
    for (const figure of figures) {
      out.push(
        await page.evaluate(async ({ fig, selectors }: { fig: any; selectors: Record<string, string> }) => {
          const el = (globalThis as any).document.getElementById("p");
          await (globalThis as any).Plotly.newPlot(el, fig.data, fig.layout);
          const boxes = (selector: string) =>
            [...el.querySelectorAll(selector)].map((n: any) => {
              const r = n.getBoundingClientRect();
              return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
            });
          const result: Record<string, unknown> = { svg: boxes("svg.main-svg").slice(0, 1) };
          for (const [name, selector] of Object.entries(selectors)) result[name] = boxes(selector);
          return result;
        }, { fig: figure, selectors }) as Record<string, Box[]>,
      );
    }
    return out;
  } finally {
    await browser.close();
    await Deno.remove(dir, { recursive: true });
  }
}
