import assert from "node:assert/strict";
import { DataNotFoundError } from "../../lib/core/errors.ts";
import { defaultUseLiteDir, loadUseLite } from "../../lib/embed/text_use.ts";

const installed = defaultUseLiteDir() !== null;

Deno.test({
  name: "loadUseLite().embed(texts) gives unit 512-d rows, batch-independent and semantically ordered",
  ignore: !installed,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const use = await loadUseLite({ batchSize: 2 });
    try {
      assert.equal(use.model, "use-lite");
      assert.equal(use.dim, 512);
      assert.ok(["wasm", "cpu"].includes(use.device));
      const texts = ["a photo of a cat.", "a photo of a dog.", "a photo of a truck.", "A truck parked on a street."];
      const rows = await use.embed(texts);
      assert.equal(rows.length, 4 * 512);
      const dot = (i: number, j: number) => {
        let s = 0;
        for (let k = 0; k < 512; k++) s += rows[i * 512 + k] * rows[j * 512 + k];
        return s;
      };
      for (let i = 0; i < 4; i++) assert.ok(Math.abs(dot(i, i) - 1) < 1e-4, `row ${i} norm² ${dot(i, i)}`);
      assert.ok(dot(0, 1) > dot(0, 2), "cat is closer to dog than to truck");
      assert.ok(dot(2, 3) > dot(0, 3), "the truck caption is closer to the truck prompt");
      const alone = await use.embed([texts[3]]);
      let diff = 0;
      for (let k = 0; k < 512; k++) diff = Math.max(diff, Math.abs(alone[k] - rows[3 * 512 + k]));
      assert.ok(diff < 1e-5, `batch vs single differ by ${diff}`);
      await assert.rejects(() => use.embed(["ok", ""]), /texts\[1\] must not be empty/);
    } finally {
      await use.close();
    }
    await assert.rejects(() => use.embed(["x"]), /closed/);
  },
});

Deno.test("loadUseLite(bad options) throws before loading", async () => {
  await assert.rejects(() => loadUseLite({ backend: "webgl" as "wasm" }), RangeError);
  await assert.rejects(() => loadUseLite({ batchSize: 0 }), RangeError);
  await assert.rejects(() => loadUseLite({ modelDir: "/nonexistent/use" }), DataNotFoundError);
  await assert.rejects(() => loadUseLite({ gpu: true } as never), /unknown option 'gpu'/);
});
