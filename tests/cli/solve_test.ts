import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { saveNpy } from "../../lib/io/npy.ts";
import { fixturePath } from "../_helpers/assert.ts";

const SOLVE = new URL("../../lib/cli/solve.ts", import.meta.url).pathname;

async function solve(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", SOLVE, ...args],
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

Deno.test("solve --json prints exactly one JSON object whose cost matches the permutation (QAPLIB brute force)", async () => {
  const { code, stdout } = await solve(
    "--solver",
    "brute-force",
    "--qaplib",
    fixturePath("qaplib", "nug8.dat"),
    "--json",
  );
  assert.equal(code, 0);
  const lines = stdout.trim().split("\n");
  assert.equal(lines.length, 1, "stdout must hold one JSON object only");
  const result = JSON.parse(lines[0]);
  for (const key of ["solver", "n", "cost", "bound", "optimal", "permutation", "seconds", "iterations"]) {
    assert.ok(key in result, key);
  }
  assert.equal(result.solver, "brute-force");
  assert.equal(result.n, 8);
  assert.equal(result.optimal, true);
  assert.equal(result.cost, result.bound);
  assert.equal(result.permutation.length, 8);
});

Deno.test("solve --a/--b reads .npy matrices with a constant and fhg proves a small planted problem", async () => {
  const dir = mkdtempSync("/tmp/solve-cli-");
  try {
    // A = −K, B = 2·K[q][:,q] with a planted permutation: GW cost 0 at the plant (constant = 2‖K‖²).
    const n = 6, k = new Float64Array(n * n), q = [3, 0, 5, 1, 4, 2];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        k[i * n + j] = i === j ? 0 : Math.abs(Math.sin(i * 7 + j * 7 + i * j));
      }
    }
    const a = k.map((x) => -x);
    const b = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[q[i] * n + q[j]] = 2 * k[i * n + j];
    const constant = 2 * k.reduce((s, x) => s + x * x, 0);
    saveNpy(join(dir, "a.npy"), a, [n, n]);
    saveNpy(join(dir, "b.npy"), b, [n, n]);
    const { code, stdout } = await solve(
      "--solver",
      "fhg",
      "--a",
      join(dir, "a.npy"),
      "--b",
      join(dir, "b.npy"),
      "--constant",
      String(constant),
      "--json",
    );
    assert.equal(code, 0);
    const result = JSON.parse(stdout);
    assert.ok(Math.abs(result.cost) < 1e-9, `planted cost 0, got ${result.cost}`);
    assert.deepEqual(result.permutation, q);
    assert.equal(result.optimal, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("solve prints one-line errors and exits 2 on user mistakes (never a stack trace)", async () => {
  const cases: [string[], RegExp][] = [
    [["--qaplib", fixturePath("qaplib", "nug8.dat")], /--solver is required/],
    [["--solver", "nope", "--qaplib", fixturePath("qaplib", "nug8.dat")], /unknown solver 'nope'/],
    [["--solver", "faq", "--qaplib", "/no/such.dat"], /file not found/],
    [["--solver", "faq"], /give --qaplib/],
    [
      ["--solver", "faq", "--qaplib", fixturePath("qaplib", "nug8.dat"), "--lap", "jv"],
      /applies only to --solver fhg, hg or bnb/,
    ],
    [
      ["--solver", "fhg", "--qaplib", fixturePath("qaplib", "nug8.dat"), "--time-limit", "abc"],
      /--time-limit must be a number/,
    ],
    [["--solver", "brute-force", "--qaplib", fixturePath("qaplib", "nug20.dat")], /n ≤ 12, got n = 20/],
    [
      ["--solver", "hg", "--qaplib", fixturePath("qaplib", "nug8.dat"), "--fixed-orientation"],
      /--fixed-orientation applies only to --solver fhg/,
    ],
    [["--bogus"], /bogus/],
  ];
  for (const [args, pattern] of cases) {
    const { code, stderr } = await solve(...args);
    assert.equal(code, 2, `${args.join(" ")} → exit ${code}: ${stderr}`);
    assert.match(stderr, pattern);
    assert.equal(stderr.trim().split("\n").length, 1, `one line expected, got: ${stderr}`);
    assert.doesNotMatch(stderr, /at .*\.ts:\d+/);
  }
});

Deno.test("solve prints a human summary with the best-known value of a QAPLIB instance", async () => {
  const { code, stdout } = await solve(
    "--solver",
    "two-opt",
    "--qaplib",
    fixturePath("qaplib", "nug8.dat"),
    "--quiet",
    "--seed",
    "3",
  );
  assert.equal(code, 0);
  assert.match(stdout, /solver\s+two-opt/);
  assert.match(stdout, /best known\s+214/);
  assert.match(stdout, /permutation( \d){8}/);
});

Deno.test("solve --solver fhg proves chr12a with the default orientation; --fixed-orientation (the original's rule) stalls below", async () => {
  const run = async (...extra: string[]) => {
    const { code, stdout } = await solve(
      "--solver",
      "fhg",
      "--qaplib",
      fixturePath("qaplib", "chr12a.dat"),
      "--time-limit",
      "20",
      "--json",
      ...extra,
    );
    assert.equal(code, 0);
    return JSON.parse(stdout);
  };
  const alternating = await run();
  assert.equal(alternating.optimal, true);
  assert.equal(alternating.bound, 9552);
  const fixed = await run("--fixed-orientation");
  assert.equal(fixed.optimal, false);
  assert.ok(fixed.bound < 9552 && fixed.bound <= fixed.cost, `fixed orientation bound ${fixed.bound}`);
});

Deno.test("solve: a negative number after a flag is its value (--constant -2 shifts the cost; --seed -1 is refused by its rule)", async () => {
  const nug8 = fixturePath("qaplib", "nug8.dat");
  const dir = mkdtempSync("/tmp/solve-cli-");
  try {
    const n = 4, a = new Float64Array(n * n), b = new Float64Array(n * n);
    for (let k = 0; k < n * n; k++) {
      a[k] = (k * 7) % 5;
      b[k] = (k * 3) % 4;
    }
    saveNpy(join(dir, "a.npy"), a, [n, n]);
    saveNpy(join(dir, "b.npy"), b, [n, n]);
    const base = ["--solver", "brute-force", "--a", join(dir, "a.npy"), "--b", join(dir, "b.npy"), "--json"];
    const plain = await solve(...base);
    const shifted = await solve(...base, "--constant", "-2");
    assert.equal(shifted.code, 0, shifted.stderr);
    assert.equal(JSON.parse(shifted.stdout).cost, JSON.parse(plain.stdout).cost - 2);
    for (
      const [flag, rule] of [["--seed", /--seed must be an integer ≥ 0, got '-1'/], [
        "--time-limit",
        /--time-limit must be a number ≥ 0, got '-1'/,
      ]] as const
    ) {
      const { code, stderr } = await solve("--solver", "faq", "--qaplib", nug8, flag, "-1");
      assert.equal(code, 2);
      assert.match(stderr, rule);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("solve: a flag given twice is refused, never silently resolved", async () => {
  const nug8 = fixturePath("qaplib", "nug8.dat");
  const { code, stderr, stdout } = await solve("--solver", "fhg", "--solver", "faq", "--qaplib", nug8, "--json");
  assert.equal(code, 2, stdout);
  assert.match(stderr, /--solver given twice \('fhg', then 'faq'\)/);
  assert.equal(stderr.trim().split("\n").length, 1);
});

Deno.test("solve: every --lap value the help lists for fhg and hg is accepted by that solver", async () => {
  const help = (await solve("--help")).stdout;
  const line = /--lap ALG\s+(.*)/.exec(help)?.[1] ?? "";
  const nug8 = fixturePath("qaplib", "nug8.dat");
  let checked = 0;
  for (const solver of ["fhg", "hg"]) {
    const listed = new RegExp(`\\b${solver}: ([^;]*)`).exec(line)?.[1];
    assert.ok(listed, `help lists the LAPs of ${solver}: ${line}`);
    for (const lap of listed.split(",").map((s) => s.replace("(default)", "").trim())) {
      const { code, stderr } = await solve(
        "--solver",
        solver,
        "--qaplib",
        nug8,
        "--lap",
        lap,
        "--time-limit",
        "2",
        "--quiet",
      );
      assert.equal(code, 0, `${solver} --lap ${lap}: ${stderr}`);
      checked++;
    }
  }
  assert.ok(checked >= 4);
});
