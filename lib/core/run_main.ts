/**
 * Running a command's main function: user mistakes (a bad flag, a missing or malformed file, input a library check
 * rejects) print one line `name: message` and exit 2; internal errors (genuine bugs) print "this is a bug" with the
 * stack and exit 1. Shared by lib/cli/ and the maintenance scripts of lib/convert/ (re-exported by lib/cli/_cli.ts).
 * @module
 */
import { DataNotFoundError } from "./errors.ts";

/** An error in how the command was called (bad flag, missing file, malformed input); printed as one line. */
export class UsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UsageError";
  }
}

/** Exit code of a user mistake. */
export const USAGE_EXIT_CODE = 2;
/** Exit code of an internal error (a bug). */
export const INTERNAL_EXIT_CODE = 1;

const FILE_ERRORS = [
  Deno.errors.NotFound,
  Deno.errors.PermissionDenied,
  Deno.errors.IsADirectory,
  Deno.errors.NotADirectory,
  Deno.errors.AlreadyExists,
];

/** node:fs error codes of a path the user gave that cannot be read or written. */
const NODE_FILE_CODES = ["ENOENT", "EACCES", "EISDIR", "ENOTDIR", "EEXIST"];

/**
 * The library's argument checks (lib/core/errors.ts) throw TypeError / RangeError with messages "fn: rule, got
 * value"; the engine's own TypeErrors ("Cannot read properties of undefined", "x is not a function") never start with
 * an identifier and a colon. A check message containing "internal:" marks a broken invariant, i.e. a bug.
 */
const CHECK_MESSAGE = /^[A-Za-z_$][\w$.-]*(?:\([^)\n]*\))?: /;

/**
 * True when `error` is the caller's mistake: a {@link UsageError}, a {@link DataNotFoundError}, a file-system error
 * (Deno's, or node:fs ENOENT / EACCES / EISDIR / ENOTDIR / EEXIST), or a TypeError / RangeError raised by a library input check (message "fn: …", not "internal:").
 */
export function isUserError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (/(^|: )internal:/.test(error.message)) return false;
  if (error instanceof UsageError || error instanceof DataNotFoundError) return true;
  if (FILE_ERRORS.some((kind) => error instanceof kind)) return true;
  if (NODE_FILE_CODES.includes((error as { code?: string }).code ?? "")) return true;
  if (error instanceof TypeError || error instanceof RangeError) return CHECK_MESSAGE.test(error.message);
  return false;
}

/** The one line printed for a user error: the message with its line breaks folded. */
export function userErrorLine(name: string, error: Error): string {
  return `${name}: ${error.message.replace(/\s*\n\s*/g, " ").trim()}`;
}

/**
 * Runs `main`: a user error (see {@link isUserError}) prints one line and exits 2; any other error is a bug: it
 * prints "this is a bug" with the stack and exits 1.
 */
export async function runCli(name: string, main: () => Promise<void> | void): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (isUserError(error)) {
      console.error(userErrorLine(name, error as Error));
      Deno.exit(USAGE_EXIT_CODE);
    }
    const detail = error instanceof Error ? error.stack ?? `${error.name}: ${error.message}` : String(error);
    console.error(`${name}: internal error — this is a bug, please report it with the trace below\n${detail}`);
    Deno.exit(INTERNAL_EXIT_CODE);
  }
}
