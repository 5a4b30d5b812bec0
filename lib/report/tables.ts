/**
 * Result tables to CSV and Markdown. Input is an arquero table or an array of row objects; CSV is arquero's
 * `toCSV` (RFC 4180 quoting), Markdown is a GitHub pipe table with numbers printed to a fixed number of decimals.
 * @module
 */
import * as aq from "arquero";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkInteger, checkKnownKeys, checkType } from "../core/errors.ts";

/** An arquero table. */
export type Table = aq.ColumnTable;

/** A table or plain row objects. */
export type TableLike = Table | readonly Record<string, unknown>[];

/** Options of {@link tableToMarkdown}. */
export interface MarkdownOptions {
  /** Decimals for non-integer numbers (default 4). */
  decimals?: number;
  /** Text for null, undefined and NaN (default "—"). */
  missing?: string;
}

/** Frozen defaults of {@link MarkdownOptions}. */
export const MARKDOWN_DEFAULTS = Object.freeze({ decimals: 4, missing: "—" });

/** The input as an arquero table (row objects go through `aq.from`). */
export function asTable(table: TableLike, fn = "asTable"): Table {
  if (Array.isArray(table)) return aq.from(table as Record<string, unknown>[]);
  checkType(
    table !== null && typeof table === "object" && typeof (table as Table).columnNames === "function",
    fn,
    "table must be an arquero table or an array of row objects",
  );
  return table as Table;
}

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

/**
 * Checks the options of a text renderer `fn` and reads the table: column names, rows as objects, and the cell
 * formatter (numbers to `decimals`, missing values as `missing`).
 */
function renderInput(
  table: TableLike,
  options: MarkdownOptions,
  fn: string,
): { names: string[]; rows: Record<string, unknown>[]; cell: (value: unknown) => string } {
  checkKnownKeys(options, ["decimals", "missing"], fn);
  const decimals = options.decimals ?? MARKDOWN_DEFAULTS.decimals,
    missing = options.missing ?? MARKDOWN_DEFAULTS.missing;
  checkInteger(decimals, fn, "decimals", 0, 20);
  const t = asTable(table, fn);
  return {
    names: t.columnNames(),
    rows: t.objects() as Record<string, unknown>[],
    cell: (value) => formatCell(value, decimals, missing),
  };
}

/** A GitHub Markdown pipe table; numeric columns right-aligned, `|` and newlines in cells escaped. */
export function tableToMarkdown(table: TableLike, options: MarkdownOptions = {}): string {
  const { names, rows, cell } = renderInput(table, options, "tableToMarkdown");
  const escape = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  const numeric = names.map((name) =>
    rows.length > 0 && rows.every((r) => r[name] === null || r[name] === undefined || typeof r[name] === "number")
  );
  const lines = [
    `| ${names.map(escape).join(" | ")} |`,
    `|${numeric.map((isNum) => (isNum ? " ---: " : " :--- ")).join("|")}|`,
    ...rows.map((r) => `| ${names.map((name) => escape(cell(r[name]))).join(" | ")} |`),
  ];
  return lines.join("\n") + "\n";
}

/** An HTML `<table>` (same cell formatting as {@link tableToMarkdown}; numeric columns right-aligned). */
export function tableToHtml(table: TableLike, options: MarkdownOptions = {}): string {
  const { names, rows, cell } = renderInput(table, options, "tableToHtml");
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const align = (v: unknown) => (typeof v === "number" ? ' style="text-align:right"' : "");
  return `<table class="result-table"><thead><tr>${
    names.map((n) => `<th>${esc(n)}</th>`).join("")
  }</tr></thead><tbody>` +
    rows.map((r) => `<tr>${names.map((n) => `<td${align(r[n])}>${esc(cell(r[n]))}</td>`).join("")}</tr>`).join("") +
    `</tbody></table>`;
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
