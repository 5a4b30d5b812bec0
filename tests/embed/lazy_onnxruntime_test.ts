import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("a script that imports lib/mod.ts and only solves a QAP runs with --allow-read alone (onnxruntime loads lazily)", async () => {
  const dir = mkdtempSync("/tmp/lazy-ort-");
  try {
    const script = join(dir, "solve_only.ts");
    writeFileSync(
      script,
      `import { createQapProblem, solveQap } from "${ROOT}lib/mod.ts";
const n = 5, a = new Float64Array(n * n), b = new Float64Array(n * n);
for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) (a[i * n + j] = Math.abs(i - j)), (b[i * n + j] = (i * 7 + j * 3) % 5);
const r = await solveQap(createQapProblem({ rows: n, cols: n, data: a }, { rows: n, cols: n, data: b }), { method: "bnb" });
console.log(JSON.stringify({ cost: r.cost, optimal: r.optimal }));
`,
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--config", join(ROOT, "deno.json"), script],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    assert.doesNotMatch(stderr, /Requires ffi/);
    const result = JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
    assert.equal(result.optimal, true);
    assert.ok(Number.isFinite(result.cost));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
