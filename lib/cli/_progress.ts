/**
 * Progress lines for long CLI runs (embedding extraction): the one progress module lib/report/progress.ts, fed with
 * what extraction reports.
 * @module
 */
import { terminalProgress } from "../report/progress.ts";

/** What a progress callback receives: items done, items in total, seconds since the start. */
export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly seconds: number;
}

/** A progress printer for stderr (lib/report/progress.ts): a redrawn bar on a terminal, a line per 10 % otherwise. */
export function progressPrinter(label: string, unit = "items"): (p: Progress) => void {
  const print = terminalProgress();
  return (p) => print({ label, done: p.done, total: p.total, seconds: p.seconds, unit, rate: true });
}
