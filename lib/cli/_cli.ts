/**
 * Shared command-line plumbing: user errors print one line and exit 2; internal errors keep their stack.
 * @module
 */

/** An error in how the command was called (bad flag, missing file); printed as one line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Runs `main`, turning user mistakes (UsageError, TypeError, RangeError, file errors) into `name: message` on stderr
 * with exit code 2. Errors whose message starts with "internal:" are bugs: printed with their stack, exit code 1.
 */
export async function runCli(name: string, main: () => Promise<void> | void): Promise<void> {
  try {
    await main();
  } catch (error) {
    const err = error as Error;
    if (err?.message?.startsWith("internal:") || !(err instanceof Error)) {
      console.error(`${name}: ${err?.stack ?? String(error)}`);
      Deno.exit(1);
    }
    console.error(`${name}: ${err.message.split("\n")[0]}`);
    Deno.exit(2);
  }
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
