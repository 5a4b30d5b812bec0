/**
 * The public entry `lib/mod.ts` stays short (≤ 120 names, tiers; advanced parts through `lib/qap/mod.ts` and
 * `lib/lap/mod.ts`), and every name the README snippets and the notebooks import from it exists.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as entry from "../lib/mod.ts";
import * as qap from "../lib/qap/mod.ts";
import * as lap from "../lib/lap/mod.ts";

const root = new URL("../", import.meta.url);

/** Names imported from a `…lib/mod.ts` path in `text` (import lines of code cells or snippets). */
function importedNames(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/import \{([^}]*)\} from \\?"[./]*lib\/mod\.ts\\?"/g)) {
    for (const part of m[1].split(",")) {
      const name = part.trim().replace(/^type\s+/, "");
      if (name) names.push(name);
    }
  }
  return names;
}

/** Every name `lib/mod.ts` declares (values and types). */
function declaredNames(): string[] {
  const source = readFileSync(new URL("lib/mod.ts", root), "utf8");
  return [...source.matchAll(/^export (?:type )?\{([^}]*)\}/gms)].flatMap((m) =>
    m[1].split(",").map((s) => s.trim().replace(/^type\s+/, "")).filter(Boolean)
  );
}

Deno.test("lib/mod.ts: at most 120 names, and no internals (argument checks, option merging)", () => {
  const declared = declaredNames();
  assert.ok(declared.length <= 120, `${declared.length} names`);
  for (const name of Object.keys(entry)) assert.ok(declared.includes(name), name);
  for (const internal of ["withDefaults", "definedOptions", "checkRange", "checkInteger", "checkType"]) {
    assert.ok(!declared.includes(internal), internal);
  }
});

Deno.test("lib/mod.ts exports every name the README snippets and the notebooks import from it", () => {
  const declared = new Set(declaredNames());
  const notebooks = readdirSync(new URL("notebooks/", root)).filter((f) => f.endsWith(".ipynb"));
  let checked = 0;
  for (const file of ["README.md", ...notebooks.map((f) => `notebooks/${f}`)]) {
    const text = readFileSync(new URL(file, root), "utf8");
    for (const name of importedNames(text)) {
      assert.ok(declared.has(name), `${file} imports ${name}`);
      checked++;
    }
  }
  assert.ok(checked >= 20, `${checked} imports checked`);
});

Deno.test("advanced entries: lib/qap/mod.ts has the engine, schemas and node bounds; lib/lap/mod.ts the LAP registry", () => {
  for (const name of ["createHahnGrantRun", "FHG_OPTIONS", "BNB_OPTIONS", "HAHN_GRANT_OPTIONS", "NODE_BOUNDS"]) {
    assert.ok(name in qap, name);
  }
  for (const name of ["LAP_ALGORITHMS", "HAHN_GRANT_LAPS", "getLapAlgorithm"]) assert.ok(name in lap, name);
});
