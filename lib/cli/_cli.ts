/**
 * Shared command-line plumbing. User mistakes (a bad flag, a missing, unreadable or malformed file, input a library
 * check rejects) print one line `name: message` in the user's terms and exit 2; internal errors (genuine bugs) print
 * "this is a bug" with the stack and exit 1. {@link parseFlags} wraps `node:util` parseArgs: a negative number after a
 * flag is a value, a flag given twice is an error, parse errors become one line. {@link readInputFile} and
 * {@link checkOutputFile} check the files a flag names before any work starts, so a bad path costs no run.
 * @module
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { checkWritable } from "../core/atomic.ts";
import { isUserError, runCli as runMain, UsageError } from "../core/run_main.ts";

export { INTERNAL_EXIT_CODE, isUserError, USAGE_EXIT_CODE, UsageError, userErrorLine } from "../core/run_main.ts";

/** A library check's leading function name, "fn: " or "fn(detail): " (see lib/core/errors.ts). */
const INTERNAL_NAME = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?(?:\([^)\n]*\))?: /;

/**
 * `message` without the library's leading function names ("createQapProblem: a must be square" → "a must be
 * square"): a user of a command knows its flags and files, not the functions behind them.
 */
export function withoutInternalName(message: string): string {
  let out = message;
  while (INTERNAL_NAME.test(out) && !/^internal: /.test(out)) out = out.replace(INTERNAL_NAME, "");
  return out;
}

/**
 * Runs a command's `main` (lib/core/run_main.ts): a user error prints one line `name: message` and exits 2, with the
 * library's internal function names taken off the message; anything else is a bug (stack, exit 1).
 */
export function runCli(name: string, main: () => Promise<void> | void): Promise<void> {
  return runMain(name, async () => {
    try {
      await main();
    } catch (error) {
      if (!(error instanceof UsageError) && isUserError(error)) {
        throw new UsageError(withoutInternalName((error as Error).message), { cause: error });
      }
      throw error;
    }
  });
}

/**
 * Throws a one-line {@link UsageError} ("--qaplib runs/: is a folder, expected a .dat file") unless `path`, given
 * with `--flag`, is a readable, non-empty file. `kind` names what is expected (".dat file").
 */
export function checkInputFile(path: string, flag: string, kind = "file"): void {
  const where = `--${flag} ${path}`;
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`${where}: no such file`);
  }
  if (stat.isDirectory()) throw new UsageError(`${where}: is a folder, expected a ${kind}`);
  if (!stat.isFile()) throw new UsageError(`${where}: not a regular file, expected a ${kind}`);
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    readSync(fd, new Uint8Array(1), 0, 1, 0);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(`${where}: cannot read it (${code === "EACCES" ? "permission denied" : code ?? error})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (stat.size === 0) throw new UsageError(`${where}: the file is empty, expected a ${kind}`);
}

/**
 * Reads the file `--flag path` with `load` after {@link checkInputFile}; whatever the loader rejects (a bad number, a
 * truncated header, a wrong shape) becomes one line naming the flag and the file, without internal names.
 *
 *   const problem = readInputFile("qaplib", path, loadQaplibDat, "QAPLIB .dat file");
 */
export function readInputFile<T>(flag: string, path: string, load: (path: string) => T, kind = "file"): T {
  checkInputFile(path, flag, kind);
  try {
    return load(path);
  } catch (error) {
    if (!isUserError(error)) throw error;
    throw new UsageError(`--${flag} ${path}: ${withoutInternalName((error as Error).message)}`, { cause: error });
  }
}

/**
 * Throws a one-line {@link UsageError} unless `--flag path` can be written (lib/core/atomic.ts `checkWritable`):
 * checked before the work whose result goes there, never found at the first write after it.
 */
export function checkOutputFile(path: string, flag: string): void {
  try {
    checkWritable(path);
  } catch (error) {
    throw new UsageError(`--${flag} ${(error as Error).message.replace(/^cannot write /, "")}`, { cause: error });
  }
}

/** What `node:util` parseArgs accepts as option descriptions. */
export type FlagOptions = Record<
  string,
  { type: "string" | "boolean"; short?: string; default?: string | boolean; multiple?: false }
>;

/** A string flag followed by a negative number: the number is its value (`--constant -2`), not a flag. */
const NEGATIVE_NUMBER = /^-(?:\d|\.\d|Infinity\b|inf\b|nan\b)/i;

/** Rewrites `--flag -2` to `--flag=-2` for string flags, so negative numbers read as values. */
export function joinNegativeValues(args: readonly string[], options: FlagOptions): string[] {
  const out: string[] = [];
  const byShort = new Map(Object.entries(options).filter(([, o]) => o.short).map(([k, o]) => [o.short!, k]));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      out.push(...args.slice(i));
      break;
    }
    const long = /^--([^=]+)$/.exec(arg)?.[1];
    const name = long ?? (/^-([A-Za-z])$/.exec(arg) ? byShort.get(arg[1]) : undefined);
    if (
      name !== undefined && options[name]?.type === "string" && i + 1 < args.length && NEGATIVE_NUMBER.test(args[i + 1])
    ) {
      out.push(`--${name}=${args[++i]}`);
    } else out.push(arg);
  }
  return out;
}

/**
 * Parses `args` strictly: unknown flags, a missing value and a flag given twice are {@link UsageError}s (one line); a
 * negative number after a string flag is its value. Returns the values and the positionals.
 */
export function parseFlags<O extends FlagOptions>(
  args: readonly string[],
  options: O,
  { allowPositionals = false } = {},
): { values: { [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string }; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(args, options),
      options,
      strict: true,
      allowPositionals,
      tokens: true,
    });
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    throw new UsageError(message.replace(/\s*\n\s*/g, " "), { cause: error });
  }
  const seen = new Map<string, string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== "option") continue;
    const shown = token.value === undefined ? "" : ` '${token.value}'`;
    if (seen.has(token.name)) {
      throw new UsageError(
        `--${token.name} given twice (${seen.get(token.name) || "once"}, then${shown || " again"}); give it once`,
      );
    }
    seen.set(token.name, shown.trim());
  }
  return { values: parsed.values as never, positionals: parsed.positionals };
}

/** Parses a number flag, throwing a UsageError naming the flag. */
export function parseNumberFlag(
  value: string | undefined,
  flag: string,
  { integer = false, min = -Infinity } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || (integer && !Number.isInteger(x)) || x < min) {
    throw new UsageError(
      `--${flag} must be ${integer ? "an integer" : "a number"}${min > -Infinity ? ` ≥ ${min}` : ""}, got '${value}'`,
    );
  }
  return x;
}

/** Formats a number for human output: `digits` significant digits (default 10), integers as they are, "—" for none. */
export function formatNumber(x: number | null | undefined, digits = 10): string {
  if (x === null || x === undefined) return "—";
  if (Number.isInteger(x)) return String(x);
  return Number(x.toPrecision(digits)).toString();
}
