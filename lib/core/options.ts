/**
 * Option merging, one way for the whole library: an option given as `undefined` means "not given", so it never
 * overrides a default (a plain spread `{...defaults, ...options}` would let it).
 * @module
 */

/** A copy of `options` without the keys whose value is `undefined` (so they fall back to the defaults). */
export function definedOptions<T extends object>(options: T | null | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (options === null || options === undefined) return out;
  for (const key of Object.keys(options) as (keyof T)[]) {
    if (options[key] !== undefined) out[key] = options[key];
  }
  return out;
}

/**
 * `defaults` overridden by the defined values of `options` (see {@link definedOptions}); a new object, neither
 * argument is changed. Checks nothing: callers validate keys (core/errors.ts `checkKnownKeys`) and values.
 */
export function withDefaults<D extends object, O extends object>(
  defaults: D,
  options: O | null | undefined,
): D & Partial<O> {
  return { ...defaults, ...definedOptions(options) } as D & Partial<O>;
}

/**
 * One declared option of a solver: what it holds, its default, the values it accepts, a one-line doc and its
 * command-line flag. A solver's {@link OptionSchema} is the single source of truth: its defaults, its validation
 * ({@link validateOptions}) and the CLI flags (`flag`) all derive from it.
 *
 * - "boolean": true / false. "integer": a whole number in [min, max]. "number": a finite or infinite number in the
 *   range (`minExclusive` / `maxExclusive` make an end open). "choice": one of `choices`. "list": an array of distinct
 *   `choices`. "path": a non-empty file path. "function": a callback (never a flag).
 * - `optional`: `undefined` is a valid value (the default of options that have none, e.g. a memory budget taken
 *   from the machine).
 */
export interface OptionSpec<T = unknown> {
  readonly type: "boolean" | "integer" | "number" | "choice" | "list" | "path" | "permutation" | "function";
  readonly default: T;
  /** One line: what the option does and its unit. */
  readonly doc: string;
  /** CLI flag name without the dashes; undefined: the kebab-case of the option name; null: not on the command line. */
  readonly flag?: string | null;
  readonly min?: number;
  readonly max?: number;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  readonly choices?: readonly string[];
  readonly optional?: boolean;
}

/** A solver's declared options by name. */
export type OptionSchema = Readonly<Record<string, OptionSpec>>;

/** The defaults object of a schema (`{ name: default }`), typed from the declarations. */
export type SchemaDefaults<S extends OptionSchema> = { -readonly [K in keyof S]: S[K]["default"] };

type Range = Pick<OptionSpec, "min" | "max" | "minExclusive" | "maxExclusive" | "flag" | "optional">;

/**
 * Builders of {@link OptionSpec}s, so a schema reads as a table:
 * `{ leafSize: option.integer(3, "enumerate residual problems of at most this many rows", { min: 2, max: 8 }) }`.
 */
export const option = Object.freeze({
  boolean(value: boolean, doc: string, extra: Pick<OptionSpec, "flag"> = {}): OptionSpec<boolean> {
    return Object.freeze({ type: "boolean", default: value, doc, ...extra });
  },
  integer<T extends number | undefined = number>(value: T, doc: string, extra: Range = {}): OptionSpec<T> {
    return Object.freeze({ type: "integer", default: value, doc, ...extra });
  },
  number<T extends number | undefined = number>(value: T, doc: string, extra: Range = {}): OptionSpec<T> {
    return Object.freeze({ type: "number", default: value, doc, ...extra });
  },
  choice<C extends string>(choices: readonly C[], value: C, doc: string, extra: Pick<OptionSpec, "flag"> = {}) {
    return Object.freeze({ type: "choice", default: value, doc, choices, ...extra }) as OptionSpec<C>;
  },
  list<C extends string>(
    choices: readonly C[],
    value: readonly C[],
    doc: string,
    extra: Pick<OptionSpec, "flag"> = {},
  ) {
    return Object.freeze({ type: "list", default: Object.freeze([...value]), doc, choices, ...extra }) as OptionSpec<
      readonly C[]
    >;
  },
  path(doc: string, extra: Pick<OptionSpec, "flag"> = {}): OptionSpec<string | undefined> {
    return Object.freeze({ type: "path", default: undefined, doc, optional: true, ...extra });
  },
  /** A permutation of 0…n−1 (Int32Array or number[]), optional, not on the command line; the solver checks n. */
  permutation(doc: string): OptionSpec<Int32Array | readonly number[] | undefined> {
    return Object.freeze({ type: "permutation", default: undefined, doc, flag: null, optional: true });
  },
  callback<F>(doc: string): OptionSpec<F | undefined> {
    return Object.freeze({ type: "function", default: undefined, doc, flag: null, optional: true });
  },
});

/** The defaults of `schema` as a frozen object. */
export function schemaDefaults<S extends OptionSchema>(schema: S): Readonly<SchemaDefaults<S>> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) out[name] = spec.default;
  return Object.freeze(out) as Readonly<SchemaDefaults<S>>;
}

/** The command-line flag of option `name` (without dashes), or null when it has none. */
export function optionFlag(name: string, spec: OptionSpec): string | null {
  if (spec.flag !== undefined) return spec.flag;
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The schema with only the named options (for a solver that reuses part of another's). */
export function pickOptions<S extends OptionSchema, K extends keyof S & string>(schema: S, names: readonly K[]) {
  const out: Partial<Pick<S, K>> = {};
  for (const name of names) out[name] = schema[name];
  return Object.freeze(out) as Readonly<Pick<S, K>>;
}

/** "[0, 1)"-style text of a spec's range. */
function rangeText(spec: OptionSpec): string {
  const lo = spec.min ?? -Infinity, hi = spec.max ?? Infinity;
  return `${spec.minExclusive ? "(" : "["}${lo}, ${hi}${spec.maxExclusive ? ")" : "]"}`;
}

function inRange(x: number, spec: OptionSpec): boolean {
  const lo = spec.min ?? -Infinity, hi = spec.max ?? Infinity;
  return (spec.minExclusive ? x > lo : x >= lo) && (spec.maxExclusive ? x < hi : x <= hi);
}

/**
 * Throws a one-line TypeError (wrong kind of value) or RangeError (outside the declared range or choices) naming
 * `fn` and the option when `value` does not fit `spec`.
 */
export function validateOption(fn: string, name: string, spec: OptionSpec, value: unknown): void {
  if (value === undefined && spec.optional) return;
  const fail = (Err: typeof TypeError, what: string) => {
    throw new Err(`${fn}: ${name} must be ${what}, got ${Array.isArray(value) ? `[${value}]` : String(value)}`);
  };
  switch (spec.type) {
    case "boolean":
      if (typeof value !== "boolean") fail(TypeError, "a boolean");
      return;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) fail(TypeError, "an integer");
      if (!inRange(value as number, spec)) fail(RangeError, `an integer in ${rangeText(spec)}`);
      return;
    case "number":
      if (typeof value !== "number" || Number.isNaN(value)) fail(TypeError, "a number");
      if (!inRange(value as number, spec)) fail(RangeError, `a number in ${rangeText(spec)}`);
      return;
    case "choice":
      if (!spec.choices!.includes(value as string)) fail(RangeError, `one of ${spec.choices!.join(", ")}`);
      return;
    case "list": {
      const ok = Array.isArray(value) && value.every((v) => spec.choices!.includes(v)) &&
        new Set(value).size === value.length;
      if (!ok) fail(RangeError, `a list of distinct values from ${spec.choices!.join(", ")}`);
      return;
    }
    case "path":
      if (typeof value !== "string" || value === "") fail(TypeError, "a file path");
      return;
    case "permutation": {
      const ok = (value instanceof Int32Array || Array.isArray(value)) &&
        Array.prototype.every.call(value, (v: unknown) => Number.isInteger(v) && (v as number) >= 0);
      if (!ok) fail(TypeError, "a permutation (Int32Array or array of indices 0…n−1)");
      return;
    }
    case "function":
      if (typeof value !== "function") fail(TypeError, "a function");
      return;
  }
}

/** Checks every option of `schema` in `values` (defaults already merged in); see {@link validateOption}. */
export function validateOptions(fn: string, schema: OptionSchema, values: Record<string, unknown>): void {
  for (const [name, spec] of Object.entries(schema)) validateOption(fn, name, spec, values[name]);
}
