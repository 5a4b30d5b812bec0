/**
 * Figure export: HTML always (light pages sharing one `plotly.js` copy, or self-contained), PNG and SVG through
 * headless Chromium driven by playwright-core. One browser and one page serve a whole batch (the first figure costs
 * ~2 s for loading plotly.js, later ones ~0.1 s). Browser progress never prints; errors name the figure.
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import { captionHtml, type FigureCaption } from "./caption.ts";
import { copyPlotlyBundle, figureHtml, plotlyBundlePath } from "./html.ts";
import { FIGURE_SIZE, type PlotlyFigure } from "./style.ts";

/** Export formats: "html" (light page), "html-inline" (self-contained page, ~10 MB), "png", "svg". */
export const EXPORT_FORMATS = Object.freeze(["html", "html-inline", "png", "svg"] as const);

/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = typeof EXPORT_FORMATS[number];

/** Default Chromium binary (Debian package `chromium`). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Chromium flags that work headless in containers without network (environment.md). */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]);

/** Options of {@link FigureExporter}. */
export interface FigureExporterOptions {
  /** Output folder (created); light HTML pages reference `<outDir>/plotly.js`. */
  outDir: string;
  /** Chromium binary (default {@link CHROMIUM_PATH}). */
  executablePath?: string;
  /** Formats written by {@link FigureExporter.export} unless it is given others (default html, png, svg). */
  formats?: readonly ExportFormat[];
  /** PNG pixel scale (default 1). */
  scale?: number;
}

/** Frozen defaults of {@link FigureExporterOptions}. */
export const EXPORTER_DEFAULTS = Object.freeze({
  executablePath: CHROMIUM_PATH,
  formats: Object.freeze(["html", "png", "svg"] as ExportFormat[]),
  scale: 1,
});

/** Paths written for one figure, by format. */
export interface ExportedFigure {
  /** Base name (no extension). */
  name: string;
  /** Written files by format (paths relative to nothing: absolute or as given in outDir). */
  files: Partial<Record<ExportFormat, string>>;
}

/** Options of one {@link FigureExporter.export} call. */
export interface ExportOptions {
  /**
   * Caption of the HTML page(s): what is plotted, units, data, models, run (see lib/plots/caption.ts). Left-out
   * fields are filled in from the figure (title, axis titles), so a page always has one.
   */
  caption?: FigureCaption;
}

/** True when the Chromium binary exists (tests skip browser work otherwise). */
export function hasChromium(path = CHROMIUM_PATH): boolean {
  return existsSync(path);
}

type Browser = { newPage(): Promise<Page>; close(): Promise<void> };
type Page = {
  goto(url: string): Promise<unknown>;
  waitForFunction(fn: string): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
};

/**
 * Exports figures to HTML, PNG and SVG. `new FigureExporter({outDir})`, then `await exporter.export(fig, name)` for
 * each figure, then `await exporter.close()`. Chromium starts on the first PNG/SVG export only.
 */
export class FigureExporter {
  readonly outDir: string;
  readonly options: Readonly<Required<Omit<FigureExporterOptions, "outDir">>>;
  #browser: Browser | null = null;
  #page: Page | null = null;
  #tempDir: string | null = null;

  constructor(options: FigureExporterOptions) {
    const fn = "FigureExporter";
    checkKnownKeys(options, ["outDir", "executablePath", "formats", "scale"], fn);
    checkType(
      typeof options?.outDir === "string" && options.outDir.length > 0,
      fn,
      "outDir must be a non-empty string",
    );
    const merged = {
      ...EXPORTER_DEFAULTS,
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    };
    checkFormats(merged.formats, fn);
    checkRange(
      typeof merged.scale === "number" && merged.scale > 0,
      fn,
      `scale must be a positive number, got ${merged.scale}`,
    );
    this.outDir = options.outDir;
    this.options = Object.freeze({
      executablePath: merged.executablePath,
      formats: Object.freeze([...merged.formats]),
      scale: merged.scale,
    });
    mkdirSync(this.outDir, { recursive: true });
  }

  /**
   * Writes `figure` as `<outDir>/<name>.<ext>` in each format (default: the exporter's formats); HTML pages carry
   * `options.caption` under the plot. SVG ids are made stable ({@link stableSvgIds}), so an unchanged figure gives
   * the same bytes.
   */
  async export(
    figure: PlotlyFigure,
    name: string,
    formats?: readonly ExportFormat[],
    options: ExportOptions = {},
  ): Promise<ExportedFigure> {
    const fn = "FigureExporter.export";
    checkType(Array.isArray(figure?.data) && typeof figure?.layout === "object", fn, "figure must be {data, layout}");
    checkType(
      typeof name === "string" && /^[A-Za-z0-9._-]+$/.test(name),
      fn,
      `name must be a file-name stem [A-Za-z0-9._-], got ${name}`,
    );
    const wanted = formats ?? this.options.formats;
    checkFormats(wanted, fn);
    checkKnownKeys(options, ["caption"], fn);
    const caption = captionHtml(figure, options.caption);
    const files: Partial<Record<ExportFormat, string>> = {};
    for (const format of wanted) {
      if (format === "html") {
        copyPlotlyBundle(this.outDir);
        files.html = this.#write(`${name}.html`, figureHtml(figure, { caption }));
      } else if (format === "html-inline") {
        files["html-inline"] = this.#write(
          `${name}.standalone.html`,
          figureHtml(figure, { plotly: "inline", caption }),
        );
      } else {
        const image = await this.render(figure, format);
        files[format] = this.#write(`${name}.${format}`, image);
      }
    }
    return { name, files };
  }

  /** Renders `figure` in the shared page: PNG bytes or SVG text. */
  async render(figure: PlotlyFigure, format: "png" | "svg"): Promise<Uint8Array | string> {
    const page = await this.#ensurePage();
    const layout = figure.layout as { width?: number; height?: number };
    const opts = {
      format,
      width: layout.width ?? FIGURE_SIZE.width,
      height: layout.height ?? FIGURE_SIZE.height,
      scale: format === "png" ? this.options.scale : 1,
    };
    let url: string;
    try {
      url = await page.evaluate(
        // deno-lint-ignore no-explicit-any
        ({ fig, opts }: { fig: PlotlyFigure; opts: unknown }) => (globalThis as any).Plotly.toImage(fig, opts),
        { fig: withTraceUids(figure), opts },
      );
    } catch (error) {
      throw new Error(
        `FigureExporter: plotly.js could not render '${(figure.layout as any)?.title?.text ?? "figure"}' as ${format}`,
        { cause: error },
      );
    }
    const comma = url.indexOf(",");
    const header = url.slice(0, comma), body = url.slice(comma + 1);
    if (format === "svg") {
      return stableSvgIds(
        header.endsWith(";base64") ? new TextDecoder().decode(decodeBase64(body)) : decodeURIComponent(body),
      );
    }
    return decodeBase64(body);
  }

  /** Closes the browser (safe to call twice). */
  async close(): Promise<void> {
    const browser = this.#browser;
    this.#browser = null;
    this.#page = null;
    if (browser) await browser.close();
    if (this.#tempDir) {
      await Deno.remove(this.#tempDir, { recursive: true }).catch(() => {});
      this.#tempDir = null;
    }
  }

  async #ensurePage(): Promise<Page> {
    if (this.#page) return this.#page;
    if (!hasChromium(this.options.executablePath)) {
      throw new Error(
        `FigureExporter: Chromium not found at ${this.options.executablePath} (apt-get install chromium)`,
      );
    }
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: this.options.executablePath,
      args: [...CHROMIUM_ARGS],
      headless: true,
    }) as unknown as Browser;
    this.#browser = browser;
    this.#tempDir = await Deno.makeTempDir({ prefix: "figure_export_" });
    const shell = join(this.#tempDir, "shell.html");
    writeFileSync(
      shell,
      `<!DOCTYPE html><html><head><meta charset="utf-8"><script src="${
        pathToFileURL(plotlyBundlePath()).href
      }"></script></head><body></body></html>`,
    );
    const page = await browser.newPage();
    await page.goto(pathToFileURL(shell).href);
    await page.waitForFunction("typeof window.Plotly !== 'undefined'");
    this.#page = page;
    return page;
  }

  #write(file: string, content: string | Uint8Array): string {
    const path = join(this.outDir, file);
    if (typeof content === "string") writeFileSync(path, content);
    else writeFileSync(path, content);
    return path;
  }
}

/** `figure` with a fixed `uid` on each trace that has none (plotly.js names colour-bar elements after it). */
function withTraceUids(figure: PlotlyFigure): PlotlyFigure {
  return { ...figure, data: figure.data.map((t, i) => (t.uid === undefined ? { ...t, uid: `trace${i}` } : t)) };
}

/** FNV-1a hash of `text` as 8 hex digits. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/**
 * Replaces the random per-plot token that plotly.js puts into SVG element ids (`defs-6a453d`, `clip6a453dxyplot`,
 * `legend6a453d`, …) and their references (`url(#…)`, `href="#…"`) by a token derived from the rest of the SVG, so
 * the same figure always gives the same bytes and two different figures still get different ids.
 * Example: `stableSvgIds(svg).includes('id="defs-')`.
 */
export function stableSvgIds(svg: string): string {
  const uid = /<defs id="defs-([0-9a-z]+)"/.exec(svg)?.[1];
  if (!uid) return svg;
  const inIds = new RegExp(`((?:\\bid=|href=)"#?|url\\(['"]?#)([^"')]*?)${uid}`, "g");
  const blank = svg.replace(inIds, "$1$2\u0000");
  const token = `s${fnv1a(blank).slice(0, uid.length - 1)}`;
  return blank.split("\u0000").join(token);
}

function checkFormats(formats: unknown, fn: string): void {
  checkType(Array.isArray(formats), fn, "formats must be an array");
  for (const f of formats as unknown[]) {
    checkRange(
      (EXPORT_FORMATS as readonly unknown[]).includes(f),
      fn,
      `formats must be among ${EXPORT_FORMATS.join(", ")}, got ${String(f)}`,
    );
  }
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
