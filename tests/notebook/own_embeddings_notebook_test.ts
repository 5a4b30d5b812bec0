import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hasJupyter, REPO_ROOT, runNotebooks } from "../../lib/notebook/runner.ts";

const jupyter = await hasJupyter();
const NOTEBOOK = join(REPO_ROOT, "notebooks", "07_bring_your_own_embeddings.ipynb");
const text = (v: unknown) => ([] as string[]).concat((v ?? []) as string[]).join("");

Deno.test("notebooks/07_bring_your_own_embeddings.ipynb is committed without outputs and keeps its logic in lib/", () => {
  const nb = JSON.parse(readFileSync(NOTEBOOK, "utf8"));
  for (const cell of nb.cells.filter((c: any) => c.cell_type === "code")) {
    assert.deepEqual(cell.outputs, []);
    assert.ok(!/\bfunction\b|=>|\bfor\s*\(|\bwhile\s*\(/.test(text(cell.source)), "a code cell defines logic");
  }
});

Deno.test({
  name: `notebooks/07_bring_your_own_embeddings.ipynb runs and shows certificate, aligned kernels and pairs${
    jupyter ? "" : " (skipped: /usr/bin/python3 lacks nbclient)"
  }`,
  ignore: !jupyter,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await Deno.mkdir(join(REPO_ROOT, ".cache"), { recursive: true });
    const dir = await Deno.makeTempDir({ dir: join(REPO_ROOT, ".cache"), prefix: "own_embeddings_nb_" });
    try {
      const result = await runNotebooks([NOTEBOOK], { outputDir: dir, verbose: false });
      assert.ok(result.success, result.log);
      const nb = JSON.parse(readFileSync(result.outputs[NOTEBOOK], "utf8"));
      const outputs = nb.cells.flatMap((c: any) => c.cell_type === "code" ? c.outputs : []);
      assert.deepEqual(outputs.filter((o: any) => o.output_type === "error"), []);
      // the figure and the tables are cells' last expressions, drawn through [Deno.jupyter.$display]
      const figures = outputs.filter((o: any) => o.data?.["application/vnd.plotly.v1+json"]);
      assert.equal(figures.length, 1);
      assert.equal(figures[0].data["application/vnd.plotly.v1+json"].data.length, 3);
      const tables = outputs.map((o: any) => text(o.data?.["text/markdown"])).filter((md: string) => md.includes("|"));
      assert.equal(tables.length, 2);
      assert.match(tables[0], /lower bound on every matching's cost/);
      assert.match(tables[0], /proven optimal\|yes/);
      assert.match(tables[1], /\|vision\|matched to\|correct\|/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
