/**
 * Progress of long runs, one module for every front end: the state (done of total, seconds, current job), its text
 * line and HTML bar, and a stderr printer (a redrawn bar on a terminal, a line per 10 % or per `everyMs`
 * otherwise). The notebook's live display (lib/notebook/display.ts `liveProgress`) renders the same state.
 * @module
 */
import { checkType } from "../core/errors.ts";

/** One progress report. */
export interface ProgressState {
  /** What runs (e.g. "Sec. 5.2" or "mobilenet-v1-0.75 / cifar10"). */
  label: string;
  /** Finished steps. */
  done: number;
  /** All steps (0 when unknown). */
  total: number;
  /** Seconds since the start. */
  seconds: number;
  /** The step just finished or running, in words (optional). */
  detail?: string;
  /** Unit of a step ("jobs", "images"); default "steps". */
  unit?: string;
  /** Show the rate (steps per second) in the line (default false). */
  rate?: boolean;
}

/** "12.3 s", "4.5 min", "?" for non-finite values. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 90) return `${seconds < 10 ? seconds.toFixed(1) : seconds.toFixed(0)} s`;
  return `${(seconds / 60).toFixed(1)} min`;
}

/** Estimated seconds left (NaN before the first finished step or when the total is unknown). */
export function etaSeconds(state: ProgressState): number {
  if (state.done <= 0 || state.total <= 0) return NaN;
  return (state.seconds / state.done) * Math.max(0, state.total - state.done);
}

function fraction(state: ProgressState): number {
  return state.total > 0 ? Math.min(1, Math.max(0, state.done / state.total)) : 0;
}

function checkState(state: ProgressState, fn: string): void {
  checkType(
    state !== null && typeof state === "object" && typeof state.label === "string" &&
      typeof state.done === "number" && typeof state.total === "number" && typeof state.seconds === "number",
    fn,
    "state must be {label, done, total, seconds}",
  );
}

/** One text line: `label [####------] 3/10 jobs · [0.3 jobs/s ·] 12 s elapsed · ETA 28 s · detail`. */
export function progressLine(state: ProgressState, width = 20): string {
  checkState(state, "progressLine");
  const filled = Math.round(width * fraction(state));
  const finished = state.total > 0 && state.done >= state.total;
  const parts = [
    `${state.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${state.done}/${state.total || "?"} ${
      state.unit ?? "steps"
    }`,
    ...(state.rate ? [`${(state.done / Math.max(state.seconds, 1e-9)).toFixed(1)} ${state.unit ?? "steps"}/s`] : []),
    `${formatDuration(state.seconds)} elapsed`,
    ...(finished ? [] : [`ETA ${formatDuration(etaSeconds(state))}`]),
    ...(state.detail ? [state.detail] : []),
  ];
  return parts.join(" · ");
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** An HTML `<progress>` bar with the text of {@link progressLine} (without the ASCII bar) beside it. */
export function progressHtml(state: ProgressState): string {
  checkState(state, "progressHtml");
  const finished = state.total > 0 && state.done >= state.total;
  const text = [
    `${state.done}/${state.total || "?"} ${state.unit ?? "steps"}`,
    `${formatDuration(state.seconds)} elapsed`,
    ...(finished ? ["done"] : [`ETA ${formatDuration(etaSeconds(state))}`]),
    ...(state.detail ? [state.detail] : []),
  ].join(" · ");
  return `<div class="bm-progress" style="font-family:monospace;font-size:12px">` +
    `<b>${escapeText(state.label)}</b> <progress max="${Math.max(state.total, 1)}" value="${state.done}" ` +
    `style="width:240px;vertical-align:middle"></progress> ${escapeText(text)}</div>`;
}

/** Options of {@link terminalProgress}. */
export interface TerminalProgressOptions {
  /** Where lines go (default stderr). */
  write?: (text: string) => void;
  /** Redraw one line with `\r` (default: when stderr is a terminal). */
  redraw?: boolean;
  /** Without redraw: print at most once per this many ms, plus at each 10 % step and at the end (default 5000). */
  everyMs?: number;
}

/**
 * A progress callback for the terminal: on a TTY one redrawn line, otherwise a line at each 10 % step, at most
 * every `everyMs` in between, and at the end. Never throws on a closed stream.
 */
export function terminalProgress(options: TerminalProgressOptions = {}): (state: ProgressState) => void {
  const encoder = new TextEncoder();
  const write = options.write ?? ((text: string) => {
    try {
      Deno.stderr.writeSync(encoder.encode(text));
    } catch {
      // stderr closed: progress is optional
    }
  });
  let redraw = options.redraw;
  if (redraw === undefined) {
    try {
      redraw = Deno.stderr.isTerminal();
    } catch {
      redraw = false;
    }
  }
  const everyMs = options.everyMs ?? 5000;
  let lastDecile = -1, lastPrint = -Infinity;
  return (state) => {
    const line = progressLine(state);
    const finished = state.total > 0 && state.done >= state.total;
    if (redraw) {
      write(`\r${line}${finished ? "\n" : ""}`);
      return;
    }
    const decile = Math.floor(10 * fraction(state));
    const now = performance.now();
    if (finished || decile !== lastDecile || now - lastPrint >= everyMs) {
      lastDecile = decile;
      lastPrint = now;
      write(line + "\n");
    }
  };
}
