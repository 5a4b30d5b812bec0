import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { saveNpy } from "../../lib/io/npy.ts";
import { fixturePath } from "../_helpers/assert.ts";
import { SOLVER_FLAGS } from "../../lib/cli/solve.ts";

const SOLVE = new URL("../../lib/cli/solve.ts", import.meta.url).pathname;
/** The flag that turns the checkerboard orientation off, as fhg declares it (lib/cli/solver_flags.ts). */
const ORIENTATION = SOLVER_FLAGS.find((f) => f.option === "alternateOrientation")!.name;

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
    [["--solver", "nope", "--qaplib", fixturePath("qaplib", "nug8.dat")], /--solver: unknown solver 'nope'/],
    [["--solver", "faq", "--qaplib", "/no/such.dat"], /--qaplib \/no\/such\.dat: no such file/],
    [["--solver", "faq"], /give --qaplib/],
    [
      ["--solver", "faq", "--qaplib", fixturePath("qaplib", "nug8.dat"), "--lap", "jv"],
      /--lap does not apply to --solver faq \(it applies to --solver auto, fhg, hg, bnb\)/,
    ],
    [
      ["--solver", "fhg", "--qaplib", fixturePath("qaplib", "nug8.dat"), "--time-limit", "abc"],
      /--time-limit must be a number/,
    ],
    [["--solver", "brute-force", "--qaplib", fixturePath("qaplib", "nug20.dat")], /n ≤ 12, got n = 20/],
    [
      ["--solver", "hg", "--qaplib", fixturePath("qaplib", "nug8.dat"), `--${ORIENTATION}`],
      new RegExp(`--${ORIENTATION} does not apply to --solver hg \\(it applies to --solver auto, fhg, bnb\\)`),
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
  // QAPLIB input: 1-based like its .sln files, and the line says so
  assert.match(stdout, /permutation \(1-based[^\n]*\n\s+(\d ){7}\d\n/);
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
  const fixed = await run(`--${ORIENTATION}`);
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
  const line = /--lap NAME[^\n]*\n\s+\[([^\]]*)\]/.exec(help)?.[1] ?? "";
  const nug8 = fixturePath("qaplib", "nug8.dat");
  let checked = 0;
  for (const solver of ["fhg", "hg"]) {
    const listed = new RegExp(`\\b${solver}(?:, \\w+)*: ([^;]*)`).exec(line)?.[1];
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

Deno.test("solve: unusable input files are one line in the user's terms (flag and file), exit 2, never 'this is a bug'", async () => {
  const dir = mkdtempSync("/tmp/solve-cli-");
  try {
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const npy = (name: string, data: number[], shape: number[]) => {
      saveNpy(join(dir, name), Float64Array.from(data), shape);
      return join(dir, name);
    };
    const sq = (n: number, f = (k: number) => k % 5) =>
      npy(`m${n}.npy`, Array.from({ length: n * n }, (_, k) => f(k)), [n, n]);
    const a3 = sq(3);
    const cases: [string[], RegExp][] = [
      [["--qaplib", dir], /^solve: --qaplib \S+: is a folder, expected a QAPLIB \.dat file$/],
      [["--qaplib", file("empty.dat", "")], /^solve: --qaplib \S+empty\.dat: the file is empty/],
      [
        ["--qaplib", file("bad.dat", "3\n\n1 2 3\n4 5 x\n")],
        /^solve: --qaplib \S+bad\.dat: token 7 is not a number: 'x'$/,
      ],
      [["--qaplib", file("short.dat", "3\n1 2\n")], /^solve: --qaplib \S+short\.dat: expected 19 numbers/],
      [
        ["--a", npy("a34.npy", Array(12).fill(1), [3, 4]), "--b", a3],
        /^solve: --a \S+a34\.npy: the matrix must be square, got 3×4$/,
      ],
      [["--a", a3, "--b", sq(4)], /^solve: --b \S+m4\.npy: must be 3×3 like --a, got 4×4$/],
      [
        ["--a", a3, "--b", npy("v.npy", [1, 2, 3], [3])],
        /^solve: --b \S+v\.npy: expected a 2-D array \(a matrix\), got shape \(3\)$/,
      ],
      [
        ["--a", a3, "--b", npy("nan.npy", [0, 1, 2, 3, NaN, 5, 6, 7, 8], [3, 3])],
        /--b \S+nan\.npy: entries must be finite numbers, got NaN at \[1, 1\]/,
      ],
      [
        ["--a", a3, "--b", file("text.npy", "not numpy")],
        /^solve: --b \S+text\.npy: not a \.npy file \(bad magic bytes\)$/,
      ],
      [["--a", a3, "--b", a3, "--linear", sq(4)], /^solve: --linear \S+m4\.npy: must be 3×3 like --a, got 4×4$/],
      [["--a", sq(3, (k) => 1e300 * (k + 1)), "--b", a3], /^solve: --a \S+ \/ --b \S+: entries too large/],
    ];
    for (const [args, pattern] of cases) {
      const { code, stderr } = await solve("--solver", "faq", ...args);
      assert.equal(code, 2, `${args.join(" ")} → exit ${code}: ${stderr}`);
      assert.equal(stderr.trim().split("\n").length, 1, `one line expected, got: ${stderr}`);
      assert.match(stderr.trim(), pattern);
      assert.doesNotMatch(stderr, /this is a bug|createQapProblem|loadQaplibDat|fromQaplibDat|fromNpy|loadNpy/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("solve: the permutation line says its base: 1-based for QAPLIB (as its .sln), 0-based for .npy; --json 0-based", async () => {
  const nug8 = fixturePath("qaplib", "nug8.dat");
  const text = await solve("--solver", "brute-force", "--qaplib", nug8);
  assert.equal(text.code, 0, text.stderr);
  // nug8.sln: 2 1 4 5 3 8 7 6 (1-based); brute force finds that optimum
  assert.match(text.stdout, /permutation \(1-based, as QAPLIB's \.sln[^\n]*\n\s+2 1 4 5 3 8 7 6\n/);
  const json = JSON.parse((await solve("--solver", "brute-force", "--qaplib", nug8, "--json")).stdout);
  assert.deepEqual(json.permutation, [1, 0, 3, 4, 2, 7, 6, 5]);
  const dir = mkdtempSync("/tmp/solve-cli-");
  try {
    const n = 4, a = Float64Array.from({ length: 16 }, (_, k) => (k * 7) % 5);
    saveNpy(join(dir, "a.npy"), a, [n, n]);
    const npy = await solve("--solver", "brute-force", "--a", join(dir, "a.npy"), "--b", join(dir, "a.npy"));
    assert.match(npy.stdout, /permutation \(0-based: row i → column p\[i\]\)\n\s+([0-3] ){3}[0-3]\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("solve without --solver runs auto (fhg, then bnb) and says which stage proved", async () => {
  const { code, stdout } = await solve("--qaplib", fixturePath("qaplib", "nug8.dat"), "--quiet", "--threads", "1");
  assert.equal(code, 0);
  assert.match(stdout, /solver\s+auto/);
  assert.match(stdout, /optimal\s+yes \(proven by (fhg|bnb)\)/);
  assert.match(stdout, /cost\s+214\n/);
});
