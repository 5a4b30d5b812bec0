import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DataNotFoundError } from "../../lib/core/errors.ts";
import { checkEncoderInput, closeEncoderSession, createEncoderSession, runEncoder } from "../../lib/embed/session.ts";
import { tinyEncoderOnnx } from "./_tiny_encoder.ts";

const dir = mkdtempSync("/tmp/e1-session-");
const modelPath = join(dir, "tiny.onnx");
writeFileSync(modelPath, tinyEncoderOnnx(4));

Deno.test("createEncoderSession(path, {device: 'auto'}) runs on CUDA or falls back to CPU and reports which", async () => {
  const warnings: string[] = [];
  const enc = await createEncoderSession(modelPath, { device: "auto", threads: 1, onWarning: (m) => warnings.push(m) });
  try {
    assert.ok(enc.device === "cuda" || enc.device === "cpu");
    assert.deepEqual(warnings, [], "running on the CPU is information, not a warning");
    if (enc.device === "cpu") assert.match(enc.deviceNote ?? "", /CUDA unavailable/, "the fallback reason is recorded");
    else assert.equal(enc.deviceNote, null);
    assert.equal(enc.outputName, "embedding");
    assert.deepEqual(enc.inputShape.slice(1), [3, 4, 4]);
  } finally {
    await closeEncoderSession(enc);
  }
});

Deno.test("runEncoder(encoder, batch) returns float64 rows of the named output", async () => {
  const enc = await createEncoderSession(modelPath, { device: "cpu" });
  try {
    const input = new Float32Array(2 * 48);
    for (let c = 0; c < 3; c++) input.fill(c + 1, c * 16, c * 16 + 16); // image 0: channel means 1, 2, 3
    input.fill(-0.5, 48); // image 1: all −0.5
    const { data, dim } = await runEncoder(enc, input, [3, 4, 4]);
    assert.equal(dim, 4);
    assert.ok(data instanceof Float64Array);
    assert.deepEqual(Array.from(data), [1, 2, 3, 6, -0.5, -0.5, -0.5, -1.5]);
  } finally {
    await closeEncoderSession(enc);
  }
});

Deno.test("checkEncoderInput(encoder, dims) rejects a preprocessing size the model does not take, naming both shapes", async () => {
  const enc = await createEncoderSession(modelPath, { device: "cpu" });
  try {
    checkEncoderInput(enc, [3, 4, 4]);
    assert.throws(
      () => checkEncoderInput(enc, [3, 224, 224]),
      /gives \[batch, 3, 224, 224\] but .* expects \[batch, 3, 4, 4\]/,
    );
  } finally {
    await closeEncoderSession(enc);
  }
});

Deno.test("createEncoderSession(missing file or bad options) throws DataNotFoundError / TypeError", async () => {
  await assert.rejects(() => createEncoderSession(join(dir, "none.onnx")), DataNotFoundError);
  await assert.rejects(() => createEncoderSession(modelPath, { device: "tpu" as any }), TypeError);
  await assert.rejects(
    () => createEncoderSession(modelPath, { outputName: "logits" }),
    /outputName must be one of embedding/,
  );
  writeFileSync(join(dir, "junk.onnx"), new Uint8Array([1, 2, 3]));
  await assert.rejects(() => createEncoderSession(join(dir, "junk.onnx"), { device: "cpu" }), /could not load/);
});

globalThis.addEventListener("unload", () => rmSync(dir, { recursive: true, force: true }));

Deno.test("runEncoder(encoder with a [batch, C, H, W] output) mean-pools the spatial axes", async () => {
  const { OnnxGraphBuilder } = await import("../../lib/convert/onnx_builder.ts");
  const g = new OnnxGraphBuilder();
  const input = g.fresh("x");
  const out = g.addNode("Identity", [input], "features");
  const path = join(dir, "identity.onnx");
  writeFileSync(path, g.encode({ name: input, dims: [3, 2, 2] }, { name: out, dims: [3, 2, 2] }, { producer: "test" }));
  const enc = await createEncoderSession(path, { device: "cpu" });
  try {
    const x = Float32Array.from({ length: 12 }, (_, i) => i); // channel c holds 4c..4c+3
    const { data, dim } = await runEncoder(enc, x, [3, 2, 2]);
    assert.equal(dim, 3);
    assert.deepEqual(Array.from(data), [1.5, 5.5, 9.5]);
  } finally {
    await closeEncoderSession(enc);
  }
});
