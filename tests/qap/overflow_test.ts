import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { saveNpy } from "../../lib/io/npy.ts";
import { createQapProblem, type QapProblem } from "../../lib/qap/problem.ts";
import { SOLVERS } from "../../lib/qap/registry.ts";

const SOLVE = new URL("../../lib/cli/solve.ts", import.meta.url).pathname;

/** Symmetric n×n data with entries of magnitude `v` (zero diagonal), as a flat array. */
function data(n: number, v: number): Float64Array {
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) d[i * n + j] = v * (1 + ((i + j) % 3));
  return d;
}

function oneLineRangeError(pattern: RegExp): (e: unknown) => boolean {
  return (e) => e instanceof RangeError && !e.message.includes("\n") && pattern.test(e.message);
}

Deno.test("overflowing data (entries ~1e155) is refused with one line before any solver runs", () => {
  const n = 5, m = { rows: n, cols: n, data: data(n, 1e155) };
  assert.throws(() => createQapProblem(m, m), oneLineRangeError(/entries too large: products overflow float64/));
});

Deno.test("every registered solver refuses a NaN / infinite objective with one line, even on data that skipped validation", () => {
  // A problem object built by hand (not through createQapProblem) whose products overflow: the shared finishResult
  // (or the solver's own checks) must stop it with one line; no solver may return a NaN or infinite cost or bound.
  const n = 5, m = Object.freeze({ rows: n, cols: n, data: data(n, 1e155) });
  const problem: QapProblem = Object.freeze({
    n,
    a: m,
    b: m,
    linear: null,
    constant: 0,
    isSymmetric: true,
    isIntegral: false,
  });
  for (const spec of SOLVERS) {
    assert.throws(
      () => spec.solve(problem, { timeLimit: 2 }),
      (e: unknown) => e instanceof RangeError && !e.message.includes("\n"),
      spec.id,
    );
  }
});

Deno.test("solve CLI: overflowing .npy input exits 2 with one line naming the cause (no stack trace, no NaN result)", async () => {
  const dir = mkdtempSync("/tmp/overflow-cli-");
  try {
    const n = 5;
    saveNpy(join(dir, "a.npy"), data(n, 1e155), [n, n]);
    saveNpy(join(dir, "b.npy"), data(n, 2e155), [n, n]);
    for (const solver of ["fhg", "two-opt", "random"]) {
      const output = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", SOLVE, "--solver", solver, "--a", join(dir, "a.npy"), "--b", join(dir, "b.npy"), "--json"],
        env: { NO_COLOR: "1" },
      }).output();
      const stderr = new TextDecoder().decode(output.stderr), stdout = new TextDecoder().decode(output.stdout);
      assert.equal(output.code, 2, `${solver}: exit ${output.code}: ${stderr}`);
      assert.equal(stderr.trim().split("\n").length, 1, `${solver}: one line expected, got: ${stderr}`);
      assert.match(stderr, /entries too large: products overflow float64/);
      assert.equal(stdout.trim(), "");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
