/**
 * Uniform argument checks. Messages read "fn: argument rule, got value" so a user sees which call, which argument,
 * which rule and what was passed. Wrong kind → TypeError; wrong size, range or value → RangeError.
 * @module
 */

/** Thrown when a data file or model the workspace needs is missing; names the path and the task that makes it. */
export class DataNotFoundError extends Error {
  /** Path that was looked for. */
  readonly path: string;
  constructor(path: string, hint: string) {
    super(`${path} not found: ${hint}`);
    this.name = "DataNotFoundError";
    this.path = path;
  }
}

/** Throws `RangeError("fn: message")` unless `condition` holds. */
export function checkRange(condition: boolean, fn: string, message: string): asserts condition {
  if (!condition) throw new RangeError(`${fn}: ${message}`);
}

/** Throws `TypeError("fn: message")` unless `condition` holds. */
export function checkType(condition: boolean, fn: string, message: string): asserts condition {
  if (!condition) throw new TypeError(`${fn}: ${message}`);
}

/** Throws a RangeError naming the first NaN or infinite entry of `values`. */
export function checkFinite(values: ArrayLike<number>, fn: string, name: string, cols = 0): void {
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) {
      const where = cols > 0 ? `[${Math.floor(i / cols)}, ${i % cols}]` : `[${i}]`;
      throw new RangeError(`${fn}: ${name} must be finite, got ${x} at ${where}`);
    }
  }
}

/** Checks that `value` is an integer in [min, max]; returns it. */
export function checkInteger(value: unknown, fn: string, name: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${fn}: ${name} must be an integer, got ${String(value)}`);
  }
  if (value < min || value > max) throw new RangeError(`${fn}: ${name} must be in [${min}, ${max}], got ${value}`);
  return value;
}

/** Throws a TypeError listing the allowed keys when `options` has a key not in `allowed` (options are never ignored). */
export function checkKnownKeys(options: object | undefined, allowed: readonly string[], fn: string): void {
  if (options === undefined || options === null) return;
  for (const key of Object.keys(options)) {
    if ((options as Record<string, unknown>)[key] === undefined) continue;
    if (!allowed.includes(key)) {
      throw new TypeError(`${fn}: unknown option '${key}' (allowed: ${allowed.join(", ")})`);
    }
  }
}
