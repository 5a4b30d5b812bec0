import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hasJupyter, REPO_ROOT, runNotebooks } from "../../lib/notebook/runner.ts";
import { NOTEBOOK_STORE_ROOT } from "../../lib/studies/notebook_run.ts";
import { storedModels } from "../../lib/studies/run_data.ts";

const NOTEBOOK = join(REPO_ROOT, "notebooks", "08_margins.ipynb");
const OWN = join(REPO_ROOT, "notebooks", "07_bring_your_own_embeddings.ipynb");
const text = (v: unknown) => ([] as string[]).concat((v ?? []) as string[]).join("");
const LOGIC = /\bfunction\b|=>|\bfor\s*\(|\bwhile\s*\(/;

Deno.test("notebooks/08_margins.ipynb is committed without outputs, thin, with the section-notebook layout", () => {
  const nb = JSON.parse(readFileSync(NOTEBOOK, "utf8"));
  assert.equal(nb.metadata.kernelspec.name, "deno");
  const [first, imports, settings] = nb.cells;
  assert.match(text(first.source), /\*\*Question\.\*\*[\s\S]*\*\*Paper\.\*\*[\s\S]*\*\*Runtime\.\*\*/);
  assert.ok(text(imports.source).split("\n").every((l: string) => l.startsWith("import ")), "cell 2 imports only");
  assert.match(text(settings.source), /^const settings = Object\.freeze\(\{\n {2}section: "margins",/);
  for (const [i, cell] of nb.cells.entries()) {
    if (cell.cell_type !== "code") continue;
    assert.deepEqual(cell.outputs, [], `code cell ${i + 1} has outputs`);
    assert.equal(cell.execution_count, null);
    assert.ok(text(cell.source).split("\n").length <= 8, `code cell ${i + 1} is longer than 8 lines`);
    assert.ok(!LOGIC.test(text(cell.source)), `code cell ${i + 1} defines logic`);
    if (i > 2) assert.equal(nb.cells[i - 1].cell_type, "markdown", `code cell ${i + 1} has no prose before it`);
  }
});

Deno.test("notebooks/07 ends with the margins cells (prose, then one call into lib/tour/own_margins.ts)", () => {
  const nb = JSON.parse(readFileSync(OWN, "utf8"));
  const at = nb.cells.findIndex((c: any) => c.id === "byo-margins");
  assert.ok(at > 0, "no byo-margins cell");
  assert.equal(nb.cells[at - 1].cell_type, "markdown");
  assert.match(text(nb.cells[at - 1].source), /margin/);
  assert.match(text(nb.cells[at].source), /ownMatchMargins\(match/);
  assert.ok(!LOGIC.test(text(nb.cells[at].source)));
});

const jupyter = await hasJupyter();
const store = ["cifar10", "tiny-imagenet"].every((d) => storedModels(d, "vision", NOTEBOOK_STORE_ROOT).length > 0);

Deno.test({
  name: `notebooks/08_margins.ipynb runs with BLIND_MATCH_PRESET=smoke: lesson table, summary, three figures${
    jupyter && store ? "" : " (skipped: no jupyter_client or no embedding store)"
  }`,
  ignore: !(jupyter && store),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await Deno.mkdir(join(REPO_ROOT, ".cache"), { recursive: true });
    const dir = await Deno.makeTempDir({ dir: join(REPO_ROOT, ".cache"), prefix: "margins_nb_" });
    try {
      const result = await runNotebooks([NOTEBOOK], {
        outputDir: dir,
        verbose: false,
        cellTimeout: 240,
        env: { BLIND_MATCH_PRESET: "smoke" },
      });
      assert.ok(result.success, result.log);
      const nb = JSON.parse(readFileSync(result.outputs[NOTEBOOK], "utf8"));
      const outputs = nb.cells.flatMap((c: any) => c.cell_type === "code" ? c.outputs : []);
      assert.deepEqual(outputs.filter((o: any) => o.output_type === "error"), []);
      const markdown = outputs.map((o: any) => text(o.data?.["text/markdown"]));
      assert.ok(markdown.some((md: string) => md.includes("|pair|correct|true margin|bound mode|exact mode|")));
      assert.ok(markdown.some((md: string) => md.includes("|group|problems|proven|pairs|")));
      assert.ok(markdown.some((md: string) => md.includes("preset: `smoke`")));
      const plain = outputs.map((o: any) => text(o.data?.["text/plain"]));
      const summary = plain.find((t: string) => t.includes("bracketsHold:"));
      assert.ok(summary, "lesson summary printed");
      const n = /\bn: (\d+)/.exec(summary)?.[1], holds = /bracketsHold: (\d+)/.exec(summary)?.[1];
      assert.ok(n !== undefined && holds === n, `every bracket holds (${holds} of ${n})`);
      assert.equal(outputs.filter((o: any) => o.data?.["application/vnd.plotly.v1+json"]).length, 3);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
