/**
 * `--margins` on the command line: `deno task solve … --margins exact --json` gains `margins` (one entry per row, in
 * row order, equal to brute force) and `runnerUpGap`; the text output shows the table; a bad mode is a one-line error;
 * `deno task match … --margins bound` refuses an asymmetric kernel before solving.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { saveNpy } from "../../lib/io/npy.ts";
import { bruteForceMargins, marginCase } from "./_margins_cases.ts";

const CLI = (name: string) => new URL(`../../lib/cli/${name}.ts`, import.meta.url).pathname;

async function run(name: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI(name), ...args],
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

Deno.test("solve --margins exact --json: margins in row order equal to brute force, runner-up gap, text table", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "margins-cli-" });
  try {
    const problem = marginCase(6, "integer", 1, 12);
    const [a, b, l] = [join(dir, "a.npy"), join(dir, "b.npy"), join(dir, "l.npy")];
    saveNpy(a, problem.a.data, [6, 6]);
    saveNpy(b, problem.b.data, [6, 6]);
    saveNpy(l, problem.linear!.data, [6, 6]);
    const files = ["--a", a, "--b", b, "--linear", l, "--constant", String(problem.constant)];
    const json = await run("solve", ...files, "--solver", "brute-force", "--margins", "exact", "--json");
    assert.equal(json.code, 0, json.stderr);
    const result = JSON.parse(json.stdout);
    const truth = bruteForceMargins(problem, Int32Array.from(result.permutation));
    assert.deepEqual(result.margins.map((m: { row: number }) => m.row), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(result.margins.map((m: { upper: number }) => m.upper), truth.margins);
    assert.deepEqual(result.margins.map((m: { lower: number }) => m.lower), truth.margins);
    assert.equal(result.runnerUpGap.upper, Math.min(...truth.margins));
    assert.ok(result.marginsInfo.randomCostSd > 0);
    const text = await run("solve", ...files, "--solver", "brute-force", "--margins", "bound", "--quiet");
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /margins \(bound\): \d+\/6 exact/);
    assert.match(text.stdout, /runner-up gap/);
    const bad = await run("solve", ...files, "--margins", "fast");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^solve: --margins must be one of bound, exact, got 'fast'\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("match --margins with an asymmetric kernel (mknn) is refused in one line before solving", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "margins-cli-" });
  try {
    const v = join(dir, "v.npy"), w = join(dir, "w.npy");
    saveNpy(v, Float64Array.from({ length: 24 }, (_, k) => Math.sin(k)), [6, 4]);
    saveNpy(w, Float64Array.from({ length: 24 }, (_, k) => Math.cos(k)), [6, 4]);
    const out = await run("match", "--vision", v, "--language", w, "--metric", "mknn", "--margins", "bound");
    assert.equal(out.code, 2);
    assert.match(out.stderr, /--margins needs a symmetric kernel/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
