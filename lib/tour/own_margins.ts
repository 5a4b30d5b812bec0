/**
 * The margins of a "bring your own embeddings" matching (notebook 07, issue 20 item 4): for every matched pair, how
 * much more any matching that changes it costs (lib/qap/margins), shown as the same text table `deno task match
 * --margins` prints — pairs with the smallest margin first, each also as margin ÷ sd of the cost of random matchings,
 * ✓ / ✗ when row names give the truth.
 * @module
 */
import { checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import { computeMargins, formatMarginsTable, type MarginsWithSpread } from "../qap/margins/format.ts";
import { MARGIN_MODES, type MarginMode } from "../qap/margins/margins.ts";
import { JUPYTER_DISPLAY } from "../plots/style.ts";
import type { OwnEmbeddingsMatch } from "./own_embeddings.ts";

/** Options of {@link ownMatchMargins}. */
export interface OwnMatchMarginsOptions {
  /** "exact" (default: branch and bound per open row) or "bound" (dual state only, fast). */
  mode?: MarginMode;
  /** Seconds for the exact search (default none); rows left open keep their bracket lower … upper. */
  timeLimit?: number;
}

/** The margins of a matching with their text table; renders as that text when it ends a notebook cell. */
export interface OwnMatchMargins {
  /** The margins report and the random-matching spread. */
  margins: MarginsWithSpread;
  /** The text table (as `deno task match --margins` prints it). */
  text: string;
  [JUPYTER_DISPLAY](): Record<string, string>;
}

/**
 * Margins of the matching `match` (from `matchNpyFiles`), warm-started with the solver's bound.
 *
 * @example
 * const match = matchNpyFiles("V.npy", "L.npy", { names: "names.json" });
 * ownMatchMargins(match).text; // "margins (exact): 10/10 exact in 0.21 s\nrunner-up gap …"
 */
export function ownMatchMargins(match: OwnEmbeddingsMatch, options: OwnMatchMarginsOptions = {}): OwnMatchMargins {
  const fn = "ownMatchMargins";
  checkType(match?.result?.problem !== undefined, fn, "match must be what matchNpyFiles returns");
  checkKnownKeys(options, ["mode", "timeLimit"], fn);
  const mode = options.mode ?? "exact";
  checkRange(MARGIN_MODES.includes(mode), fn, `mode must be "bound" or "exact", got '${mode}'`);
  const margins = computeMargins(match.result.problem, match.result.permutation, mode, {
    bound: match.result.bound,
    quiet: true,
    ...(options.timeLimit !== undefined ? { timeLimit: options.timeLimit } : {}),
  });
  const text = formatMarginsTable(margins, {
    rowNames: match.visionNames,
    columnNames: match.languageNames,
    correct: match.report.pairs.map((p) => p.correct),
  });
  return { margins, text, [JUPYTER_DISPLAY]: () => ({ "text/plain": text }) };
}
