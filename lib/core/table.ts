/**
 * Arquero tables below every presentation layer: the table types, row objects → table, and mean ± sd per group
 * (`groupby` + `rollup`). Plots, notebooks and reports build on these (lib/report/tables.ts renders them).
 * @module
 */
import * as aq from "arquero";
import { checkKnownKeys, checkType } from "./errors.ts";

/** An arquero table. */
export type Table = aq.ColumnTable;

/** A table or plain row objects. */
export type TableLike = Table | readonly Record<string, unknown>[];

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

/** Options of {@link meanSdBy}. */
export interface MeanSdOptions {
  /** Names of the output columns (default "mean", "sd", "count"). */
  names?: { mean?: string; sd?: string; count?: string };
}

/**
 * Mean, sample standard deviation (ddof 1; 0 for a single value) and count of column `value` per group of `keys`
 * (arquero groupby + rollup), groups in order of first appearance. Non-finite values are left out.
 */
export function meanSdBy(table: TableLike, keys: readonly string[], value: string, options: MeanSdOptions = {}): Table {
  const fn = "meanSdBy";
  checkKnownKeys(options, ["names"], fn);
  const t = asTable(table, fn);
  for (const name of [...keys, value]) {
    checkType(t.columnNames().includes(name), fn, `column '${name}' not in the table (${t.columnNames().join(", ")})`);
  }
  const { mean = "mean", sd = "sd", count = "count" } = options.names ?? {};
  const finite = t.filter(aq.escape((d: Record<string, unknown>) => Number.isFinite(d[value])));
  return finite
    .groupby(...keys)
    .rollup({
      [mean]: aq.op.mean(value),
      [sd]: aq.op.stdev(value),
      [count]: aq.op.count(),
    })
    .derive({ [sd]: aq.escape((d: Record<string, unknown>) => (d[sd] === undefined || d[sd] === null ? 0 : d[sd])) });
}
