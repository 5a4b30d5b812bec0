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
