import assert from "node:assert/strict";
import { join } from "node:path";
import { saveNpy } from "../../lib/io/npy.ts";
import { REPO_ROOT } from "../../lib/notebook/runner.ts";
import {
  alignedKernelsFigure,
  certificateRows,
  matchedPairRows,
  matchNpyFiles,
} from "../../lib/tour/own_embeddings.ts";

const EXAMPLES = join(REPO_ROOT, "data", "examples");

Deno.test("matchNpyFiles(shipped example) proves its matching optimal and pairs rows by name across row orders", () => {
  const match = matchNpyFiles(
    join(EXAMPLES, "cifar10-mobilenet-v1-0.75-classes.npy"),
    join(EXAMPLES, "cifar10-use-lite-classes.npy"),
    {
      names: join(EXAMPLES, "cifar10-mobilenet-v1-0.75-classes.json"),
      languageNames: join(EXAMPLES, "cifar10-use-lite-classes.json"),
      timeLimit: 20,
    },
  );
  const r = match.report;
  assert.equal(r.n, 10);
  assert.ok(r.bound !== null && r.bound <= r.cost + 1e-9);
  const rows = certificateRows(match);
  assert.deepEqual(rows.map((x) => x.quantity).slice(0, 2), [
    "cost J(p) of the matching found",
    "lower bound on every matching's cost",
  ]);
  const pairs = matchedPairRows(match);
  assert.equal(pairs.length, 10);
  // a pair is correct exactly when the two names agree (the language file has its own row order)
  for (const p of pairs) assert.equal(p.correct === "✓", p.vision === p["matched to"]);
  assert.equal(pairs.filter((p) => p.correct === "✓").length, r.correct);
  const fig = alignedKernelsFigure(match);
  assert.equal(fig.data.length, 3);
  assert.deepEqual((fig.data[2] as any).x, pairs.map((p) => p["matched to"]));
});

Deno.test("matchNpyFiles(a, b) recovers a hidden row order of a noisy copy and reports no accuracy without names", async () => {
  const dir = await Deno.makeTempDir({ prefix: "own_embeddings_" });
  try {
    const n = 6, d = 5, order = [3, 0, 5, 1, 4, 2];
    const v = new Float64Array(n * d), l = new Float64Array(n * d);
    let s = 1;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
    for (let i = 0; i < n * d; i++) v[i] = rand();
    order.forEach((from, to) => {
      for (let c = 0; c < d; c++) l[to * d + c] = v[from * d + c] + 0.01 * rand();
    });
    saveNpy(join(dir, "v.npy"), v, [n, d], "float32");
    saveNpy(join(dir, "l.npy"), l, [n, d], "float32");
    const names = ["a", "b", "c", "d", "e", "f"];
    const match = matchNpyFiles(join(dir, "v.npy"), join(dir, "l.npy"), {
      names,
      languageNames: order.map((i) => names[i]),
    });
    assert.equal(match.report.accuracy, 1);
    assert.ok(match.report.optimal);
    const blind = matchNpyFiles(join(dir, "v.npy"), join(dir, "l.npy"));
    assert.equal(blind.report.accuracy, null);
    assert.match(certificateRows(blind).at(-1)!.value, /no ground truth/);
    assert.throws(() => matchNpyFiles(join(dir, "v.npy"), join(dir, "l.npy"), { languageNames: names }), /needs names/);
    assert.throws(() => matchNpyFiles(join(dir, "v.npy"), join(dir, "l.npy"), { k: 3 } as never), /unknown option 'k'/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
