import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkRange } from "../../lib/core/errors.ts";
import {
  checkInputFile,
  checkOutputFile,
  isUserError,
  joinNegativeValues,
  parseFlags,
  readInputFile,
  UsageError,
  withoutInternalName,
} from "../../lib/cli/_cli.ts";

const CLI = new URL("../../lib/cli/_cli.ts", import.meta.url).href;
const FLAGS = {
  constant: { type: "string" },
  json: { type: "boolean" },
  seed: { type: "string", short: "s" },
} as const;

Deno.test("parseFlags: a negative number after a string flag is its value (long, short, decimal, exponent)", () => {
  const { values } = parseFlags(["--constant", "-2", "-s", "-1", "--json"], FLAGS);
  assert.equal(values.constant, "-2");
  assert.equal(values.seed, "-1");
  assert.equal(values.json, true);
  assert.deepEqual(joinNegativeValues(["--constant", "-.5e3"], FLAGS), ["--constant=-.5e3"]);
  assert.deepEqual(joinNegativeValues(["--json", "-2"], FLAGS), ["--json", "-2"], "booleans take no value");
});

Deno.test("parseFlags: a flag given twice is a UsageError naming both values", () => {
  assert.throws(
    () => parseFlags(["--constant", "1", "--constant", "2"], FLAGS),
    (e: Error) => e instanceof UsageError && /--constant given twice/.test(e.message) && /'1'.*'2'/.test(e.message),
  );
  assert.throws(() => parseFlags(["--json", "--json"], FLAGS), /--json given twice/);
  assert.throws(() => parseFlags(["-s", "1", "--seed=2"], FLAGS), /--seed given twice/);
});

Deno.test("parseFlags: unknown flags and a value starting with '-' are one-line UsageErrors with the hint", () => {
  assert.throws(
    () => parseFlags(["--nope"], FLAGS),
    (e: Error) => e instanceof UsageError && !e.message.includes("\n"),
  );
  assert.throws(
    () => parseFlags(["--constant", "-x"], FLAGS),
    (e: Error) => e instanceof UsageError && !e.message.includes("\n") && /--constant=-XYZ/.test(e.message),
  );
});

Deno.test("isUserError: usage, file and library-check errors are user errors; engine errors and 'internal:' are bugs", () => {
  assert.equal(isUserError(new UsageError("bad")), true);
  assert.equal(isUserError(new Deno.errors.NotFound("x")), true);
  let nodeFs: unknown;
  try {
    readFileSync("/no/such/file.json");
  } catch (error) {
    nodeFs = error;
  }
  assert.equal(isUserError(nodeFs), true, "node:fs ENOENT");
  assert.throws(() => checkRange(false, "solveFaq", "n must be ≥ 1, got 0"), (e) => isUserError(e));
  assert.equal(isUserError(new RangeError("fromNpy(/tmp/a.npy): malformed header")), true);
  let engine: unknown;
  try {
    (null as unknown as { x: number }).x;
  } catch (error) {
    engine = error;
  }
  assert.ok(engine instanceof TypeError);
  assert.equal(isUserError(engine), false);
  assert.equal(isUserError(new RangeError("Invalid array length")), false);
  assert.equal(isUserError(new RangeError("internal: CrouseLsap cost matrix is infeasible")), false);
  assert.equal(isUserError(new RangeError("embedTexts: internal: 3 values for 2 strings")), false);
  assert.equal(isUserError(new Error("something")), false);
});

async function runScript(body: string): Promise<{ code: number; stderr: string }> {
  const dir = mkdtempSync("/tmp/cli-test-");
  try {
    const path = join(dir, "main.ts");
    writeFileSync(path, `import { runCli } from "${CLI}";\nawait runCli("demo", () => {\n${body}\n});\n`);
    const out = await new Deno.Command(Deno.execPath(), { args: ["run", "-A", path], env: { NO_COLOR: "1" } }).output();
    return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

Deno.test("runCli: a genuine bug keeps its stack and says it is a bug (exit 1); a check error is one line (exit 2)", async () => {
  const bug = await runScript(`const o = JSON.parse("null") as { x: { y: number } }; console.log(o.x.y);`);
  assert.equal(bug.code, 1);
  assert.match(bug.stderr, /this is a bug/);
  assert.match(bug.stderr, /TypeError/);
  assert.match(bug.stderr, /\n\s+at /, "stack kept");
  const user = await runScript(`throw new RangeError("solveFaq: tolerance must be ≥ 0, got -1");`);
  assert.equal(user.code, 2);
  // the library's function name is taken off: a command's user knows its flags and files, not solveFaq
  assert.equal(user.stderr.trim(), "demo: tolerance must be ≥ 0, got -1");
});

Deno.test("withoutInternalName strips the library's function names, keeps flags, 'internal:' and plain messages", () => {
  assert.equal(withoutInternalName("createQapProblem: a must be square, got 3×4"), "a must be square, got 3×4");
  assert.equal(withoutInternalName("fromQaplibDat(bad): token 7 is not a number: 'x'"), "token 7 is not a number: 'x'");
  assert.equal(withoutInternalName("loadNpy: fromNpy(a.npy): truncated file"), "truncated file");
  assert.equal(withoutInternalName("--vision row 2 is a zero vector"), "--vision row 2 is a zero vector");
  assert.equal(withoutInternalName("internal: broken invariant"), "internal: broken invariant");
  assert.equal(withoutInternalName("FigureExporter.export: no browser"), "no browser");
  assert.equal(withoutInternalName("runs/a.json: not valid JSON"), "runs/a.json: not valid JSON", "a path stays");
  assert.equal(withoutInternalName("entries too large: rescale A and B"), "entries too large: rescale A and B");
});

Deno.test("checkInputFile / readInputFile / checkOutputFile: one-line UsageErrors naming the flag and the path", () => {
  const dir = mkdtempSync("/tmp/cli-files-");
  try {
    const full = join(dir, "full.txt"), empty = join(dir, "empty.txt");
    writeFileSync(full, "42");
    writeFileSync(empty, "");
    const fails = (f: () => unknown, pattern: RegExp) =>
      assert.throws(f, (e: Error) => e instanceof UsageError && !e.message.includes("\n") && pattern.test(e.message));
    checkInputFile(full, "x");
    fails(() => checkInputFile(join(dir, "none"), "x"), /^--x \S+none: no such file$/);
    fails(() => checkInputFile(dir, "x", ".dat file"), /^--x \S+: is a folder, expected a \.dat file$/);
    fails(() => checkInputFile(empty, "x"), /^--x \S+empty\.txt: the file is empty/);
    fails(() => checkInputFile("/dev/null", "x"), /^--x \/dev\/null: not a regular file/);
    assert.equal(readInputFile("x", full, (p) => Number(readFileSync(p, "utf8"))), 42);
    fails(
      () => readInputFile("x", full, () => checkRange(false, "parseThing(full)", "token 1 is not a number")),
      /^--x \S+full\.txt: token 1 is not a number$/,
    );
    // a bug in the loader stays a bug (not turned into a user error)
    assert.throws(() => readInputFile("x", full, () => (null as unknown as { a: number }).a), TypeError);
    checkOutputFile(join(dir, "new", "out.json"), "checkpoint");
    assert.deepEqual(readdirSync(join(dir, "new")), [], "the probe leaves nothing behind");
    fails(
      () => checkOutputFile(join(full, "out.json"), "checkpoint"),
      /^--checkpoint \S+: a part of the path is a file/,
    );
    fails(() => checkOutputFile(dir, "checkpoint"), /^--checkpoint \S+: it is a folder$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
