import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hasJupyter, REPO_ROOT, runNotebooks } from "../../lib/notebook/runner.ts";

const jupyter = await hasJupyter();
const skip = jupyter ? "" : " (skipped: /usr/bin/python3 lacks nbclient; apt-get install python3-nbclient)";

function notebook(cells: { type: "code" | "markdown"; source: string }[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
    cells: cells.map((c, i) =>
      c.type === "code"
        ? { id: `c${i}`, cell_type: "code", metadata: {}, execution_count: null, outputs: [], source: c.source }
        : { id: `c${i}`, cell_type: "markdown", metadata: {}, source: c.source }
    ),
  });
}

/** Temp folder inside the repo (ignored .cache/), so the kernel finds deno.json and the import map. */
async function tempDir(): Promise<string> {
  await Deno.mkdir(join(REPO_ROOT, ".cache"), { recursive: true });
  return await Deno.makeTempDir({ dir: join(REPO_ROOT, ".cache"), prefix: "runner_test_" });
}

Deno.test({
  name:
    `runNotebooks([nb]) captures display, stream and result outputs of every cell through the real Deno kernel${skip}`,
  ignore: !jupyter,
  fn: async () => {
    const dir = await tempDir();
    try {
      const path = join(dir, "tiny.ipynb");
      Deno.writeTextFileSync(
        path,
        notebook([
          { type: "markdown", source: "# Tiny" },
          {
            type: "code",
            source:
              'import { displayFigure } from "../../lib/notebook/display.ts";\nimport { plotLineBand } from "../../lib/plots/lines.ts";',
          },
          {
            type: "code",
            source:
              'await displayFigure(plotLineBand([{ id: "clip", x: [0, 1], mean: [1, 0] }], { title: "tiny" }), { plotly: "none" });',
          },
          { type: "code", source: 'console.log("hello from the kernel");\n6 * 7' },
        ]),
      );
      const result = await runNotebooks([path], { outputDir: join(dir, "out"), verbose: false });
      assert.ok(result.success, result.log);
      const executed = JSON.parse(readFileSync(result.outputs[path], "utf8"));
      const code = executed.cells.filter((c: any) => c.cell_type === "code");
      assert.deepEqual(code.map((c: any) => c.execution_count), [1, 2, 3]);
      const display = code[1].outputs.find((o: any) => o.output_type === "display_data");
      assert.ok(display, "display cell has no display_data output");
      assert.equal(display.data["application/vnd.plotly.v1+json"].layout.title.text, "tiny");
      assert.ok([].concat(display.data["text/html"]).join("").includes("newPlot"));
      const stream = code[2].outputs.find((o: any) => o.output_type === "stream");
      assert.equal([].concat(stream.text).join(""), "hello from the kernel\n");
      const result42 = code[2].outputs.find((o: any) => o.output_type === "execute_result");
      assert.equal([].concat(result42.data["text/plain"]).join(""), "42", "NO_COLOR=1 keeps ANSI codes out");
      // the committed notebook stays output-free
      assert.equal(JSON.parse(readFileSync(path, "utf8")).cells[1].outputs.length, 0);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: `runNotebooks([nb]) fails naming the cell when a cell throws, keeping earlier outputs${skip}`,
  ignore: !jupyter,
  fn: async () => {
    const dir = await tempDir();
    try {
      const path = join(dir, "bad.ipynb");
      Deno.writeTextFileSync(
        path,
        notebook([
          { type: "code", source: 'console.log("before")' },
          { type: "code", source: 'throw new RangeError("boom in cell two")' },
          { type: "code", source: 'console.log("never")' },
        ]),
      );
      const result = await runNotebooks([path], { outputDir: join(dir, "out"), verbose: false });
      assert.equal(result.success, false);
      assert.equal(result.code, 1);
      assert.match(result.log, /FAILED .*bad\.ipynb: cell 2\b.*boom in cell two/);
      const executed = JSON.parse(readFileSync(result.outputs[path], "utf8"));
      assert.equal([].concat(executed.cells[0].outputs[0].text).join(""), "before\n");
      assert.equal(executed.cells[1].outputs[0].output_type, "error");
      assert.equal(executed.cells[2].outputs.length, 0);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    `runNotebooks([nb]) keeps results the Deno kernel publishes after reporting idle (first cells of a fresh kernel)${skip}`,
  ignore: !jupyter,
  fn: async () => {
    const dir = await tempDir();
    try {
      const path = join(dir, "late.ipynb");
      Deno.writeTextFileSync(
        path,
        notebook([
          { type: "code", source: "const a = 1;\na + 1" },
          { type: "code", source: "const b = { x: 1 };\nb.x + 5" },
        ]),
      );
      const result = await runNotebooks([path], { outputDir: join(dir, "out"), verbose: false });
      assert.ok(result.success, result.log);
      const executed = JSON.parse(readFileSync(result.outputs[path], "utf8"));
      const values = executed.cells.map((c: any) =>
        c.outputs.filter((o: any) => o.output_type === "execute_result").map((o: any) =>
          [].concat(o.data["text/plain"]).join("")
        )
      );
      assert.deepEqual(values, [["2"], ["6"]]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
