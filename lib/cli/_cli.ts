/**
 * Shared command-line plumbing. User mistakes (a bad flag, a missing or malformed file, input a library check rejects)
 * print one line `name: message` and exit 2; internal errors (genuine bugs) print "this is a bug" with the stack and
 * exit 1. {@link parseFlags} wraps `node:util` parseArgs: a negative number after a flag is a value, a flag given
 * twice is an error, parse errors become one line.
 * @module
 */
import { parseArgs } from "node:util";

export {
  INTERNAL_EXIT_CODE,
  isUserError,
  runCli,
  USAGE_EXIT_CODE,
  UsageError,
  userErrorLine,
} from "../core/run_main.ts";
import { UsageError } from "../core/run_main.ts";

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

/** Formats a number for human output (up to 10 significant digits, integers as is). */
export function formatNumber(x: number | null | undefined): string {
  if (x === null || x === undefined) return "—";
  if (Number.isInteger(x)) return String(x);
  return Number(x.toPrecision(10)).toString();
}
