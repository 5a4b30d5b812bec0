import assert from "node:assert/strict";
import { definedOptions, withDefaults } from "../../lib/core/options.ts";

Deno.test("definedOptions(options) drops undefined values, keeps null, false and 0, and tolerates no options", () => {
  assert.deepEqual(definedOptions({ a: undefined, b: null, c: false, d: 0 }), { b: null, c: false, d: 0 });
  assert.deepEqual(definedOptions(undefined), {});
  assert.deepEqual(definedOptions(null), {});
});

Deno.test("withDefaults(defaults, options): an explicit undefined never overrides a default; inputs stay unchanged", () => {
  const defaults = Object.freeze({ seed: 0, timeLimit: Infinity, label: "x" });
  const options = { seed: 7, timeLimit: undefined };
  const merged = withDefaults(defaults, options);
  assert.deepEqual(merged, { seed: 7, timeLimit: Infinity, label: "x" });
  assert.notEqual(merged, defaults);
  assert.deepEqual(options, { seed: 7, timeLimit: undefined });
  assert.deepEqual(withDefaults(defaults, undefined), defaults);
});
