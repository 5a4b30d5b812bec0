/**
 * Result tables with arquero: CSV (`toCSV`, RFC 4180 quoting), Markdown and HTML (`toMarkdown` / `toHTML` with
 * numbers printed to a fixed number of decimals). Mean ± sd per group lives in lib/core/table.ts (re-exported here).
 * Input is an arquero table or an array of row objects.
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkInteger, checkKnownKeys, checkType } from "../core/errors.ts";
import { asTable, type TableLike } from "../core/table.ts";

export { asTable, meanSdBy, type MeanSdOptions, type Table, type TableLike } from "../core/table.ts";

/** Options of {@link tableToMarkdown}. */
export interface MarkdownOptions {
  /** Decimals for non-integer numbers (default 4). */
  decimals?: number;
  /** Text for null, undefined and NaN (default "—"). */
  missing?: string;
}

/** Frozen defaults of {@link MarkdownOptions}. */
export const MARKDOWN_DEFAULTS = Object.freeze({ decimals: 4, missing: "—" });

/** CSV text (header line + one line per row). */
export function tableToCsv(table: TableLike): string {
  return asTable(table, "tableToCsv").toCSV();
}

function formatCell(value: unknown, decimals: number, missing: string): string {
  if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) return missing;
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(decimals);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function renderOptions(table: TableLike, options: MarkdownOptions, fn: string) {
  checkKnownKeys(options, ["decimals", "missing"], fn);
  const decimals = options.decimals ?? MARKDOWN_DEFAULTS.decimals,
    missing = options.missing ?? MARKDOWN_DEFAULTS.missing;
  checkInteger(decimals, fn, "decimals", 0, 20);
  const t = asTable(table, fn);
  const cell = (value: unknown) => formatCell(value, decimals, missing).replace(/\r?\n/g, " ");
  return { t, format: Object.fromEntries(t.columnNames().map((name) => [name, cell])) };
}

/**
 * A GitHub Markdown pipe table (arquero's `toMarkdown`): numbers to `decimals`, missing values as `missing`,
 * numeric columns right-aligned, `|` escaped, newlines in cells turned into spaces.
 */
export function tableToMarkdown(table: TableLike, options: MarkdownOptions = {}): string {
  const { t, format } = renderOptions(table, options, "tableToMarkdown");
  return t.toMarkdown({ format, limit: Infinity });
}

/** An HTML `<table>` (arquero's `toHTML`; same cell formatting as {@link tableToMarkdown}, text escaped). */
export function tableToHtml(table: TableLike, options: MarkdownOptions & { limit?: number } = {}): string {
  const { limit, ...rest } = options;
  const { t, format } = renderOptions(table, rest, "tableToHtml");
  const html = t.toHTML({ format, limit: limit ?? Infinity });
  const more = limit !== undefined && t.numRows() > limit ? `<p class="more">${limit} of ${t.numRows()} rows</p>` : "";
  return html.replace(/^<table>/, '<table class="result-table">') + more;
}

/** Paths written by {@link writeTable}. */
export interface WrittenTable {
  /** Base name. */
  name: string;
  /** `<dir>/<name>.csv`. */
  csv: string;
  /** `<dir>/<name>.md`. */
  md: string;
}

/** Writes `<dir>/<name>.csv` and `<dir>/<name>.md` (with an optional `# title` line above the Markdown table). */
export function writeTable(
  table: TableLike,
  dir: string,
  name: string,
  options: MarkdownOptions & { title?: string } = {},
): WrittenTable {
  const fn = "writeTable";
  checkType(
    typeof name === "string" && /^[A-Za-z0-9._-]+$/.test(name),
    fn,
    `name must be a file-name stem [A-Za-z0-9._-], got ${name}`,
  );
  const { title, ...md } = options;
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, `${name}.csv`), mdPath = join(dir, `${name}.md`);
  writeFileSync(csv, tableToCsv(table));
  writeFileSync(mdPath, (title ? `# ${title}\n\n` : "") + tableToMarkdown(table, md));
  return { name, csv, md: mdPath };
}
