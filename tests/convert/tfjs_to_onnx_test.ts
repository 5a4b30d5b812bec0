import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";
import { Rng } from "../../lib/core/rng.ts";
import { convertTfjsLayersToOnnx } from "../../lib/convert/tfjs_to_onnx.ts";
import { samePads } from "../../lib/convert/padding.ts";
import { randomizeTfjsWeights } from "../../lib/convert/random_weights.ts";
import { parseTfjsLayersModel } from "../../lib/convert/tfjs_layers.ts";
import { tinyModel, tinyModelJson } from "./_tiny_tfjs_model.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

async function runOnnx(bytes: Uint8Array, nchw: Float32Array, dims: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ["cpu"] });
  const out = await session.run({ [session.inputNames[0]]: new ort.Tensor("float32", nchw, dims) });
  const data = out[session.outputNames[0]].data as Float32Array;
  await session.release();
  return data;
}

Deno.test("convertTfjsLayersToOnnx(tiny MobileNet-like model) matches TF.js at the pooled output and the head", async () => {
  const tf = await import("@tensorflow/tfjs");
  await tf.setBackend("cpu");
  const { json, weights } = tinyModelJson(3);
  const model = parseTfjsLayersModel(json, weights.buffer as ArrayBuffer);
  const rng = new Rng(11);
  const batch = 2, h = 9, w = 9;
  const nhwc = Float32Array.from({ length: batch * h * w * 3 }, () => 2 * rng.uniform() - 1);
  const nchw = new Float32Array(nhwc.length);
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let c = 0; c < 3; c++) {
          nchw[((b * 3 + c) * h + y) * w + x] = nhwc[((b * h + y) * w + x) * 3 + c];
        }
      }
    }
  }
  const tfModel = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: weights.buffer as ArrayBuffer,
    }),
  );
  const x = tf.tensor4d(nhwc, [batch, h, w, 3]);
  for (const layer of ["gap", "head"]) {
    const cut = tf.model({ inputs: tfModel.inputs, outputs: tfModel.getLayer(layer).output as any });
    const ref = (await (cut.predict(x) as any).data()) as Float32Array;
    const converted = convertTfjsLayersToOnnx(model, { outputLayer: layer });
    if (layer === "gap") assert.equal(converted.foldedBatchNorms, 3);
    const got = await runOnnx(converted.bytes, nchw, [batch, 3, h, w]);
    assert.equal(got.length, ref.length);
    let maxAbs = 0;
    for (let i = 0; i < ref.length; i++) maxAbs = Math.max(maxAbs, Math.abs(ref[i] - got[i]));
    assert.ok(maxAbs <= 1e-5, `${layer}: max |onnx − tfjs| = ${maxAbs}`);
  }
  x.dispose();
});

Deno.test("convertTfjsLayersToOnnx(model) defaults to the last GlobalAveragePooling2D and BN folding does not change outputs", async () => {
  const model = tinyModel();
  const folded = convertTfjsLayersToOnnx(model);
  const unfolded = convertTfjsLayersToOnnx(model, { foldBatchNorm: false });
  assert.equal(folded.outputLayer, "gap");
  assert.deepEqual(folded.outputDims, [6]);
  assert.equal(unfolded.foldedBatchNorms, 0);
  const rng = new Rng(5);
  const input = Float32Array.from({ length: 3 * 9 * 9 }, () => rng.normal());
  const a = await runOnnx(folded.bytes, input, [1, 3, 9, 9]);
  const b = await runOnnx(unfolded.bytes, input, [1, 3, 9, 9]);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-5);
});

Deno.test("convertTfjsLayersToOnnx(model) rejects unsupported layers, unknown options and unknown output layers", () => {
  const { json, weights } = tinyModelJson(1);
  json.modelTopology.config.layers[3].class_name = "PReLU";
  const bad = parseTfjsLayersModel(json, weights.buffer as ArrayBuffer);
  assert.throws(() => convertTfjsLayersToOnnx(bad), /c1_relu of class PReLU is not supported/);
  assert.throws(() => convertTfjsLayersToOnnx(tinyModel(), { colour: 1 } as any), TypeError);
  assert.throws(() => convertTfjsLayersToOnnx(tinyModel(), { outputLayer: "nope" }), /outputLayer must name a layer/);
});

Deno.test("samePads(h, w, kernel, strides, dilations) puts the odd pixel at the bottom/right like TensorFlow", () => {
  assert.deepEqual(samePads(224, 224, [3, 3], [2, 2], [1, 1]), [0, 0, 1, 1]);
  assert.deepEqual(samePads(7, 7, [3, 3], [1, 1], [1, 1]), [1, 1, 1, 1]);
  assert.deepEqual(samePads(9, 8, [3, 3], [2, 2], [1, 1]), [1, 0, 1, 1]);
  assert.deepEqual(samePads(5, 5, [1, 1], [1, 1], [1, 1]), [0, 0, 0, 0]);
});

Deno.test("randomizeTfjsWeights(model, seed) is deterministic, seed-dependent and leaves the input model unchanged", () => {
  const model = tinyModel();
  const before = Float32Array.from(model.weights.get("c1/kernel")!.values);
  const a = randomizeTfjsWeights(model, 1), b = randomizeTfjsWeights(model, 1), c = randomizeTfjsWeights(model, 2);
  assert.deepEqual(a.weights.get("c1/kernel")!.values, b.weights.get("c1/kernel")!.values);
  assert.notDeepEqual(a.weights.get("c1/kernel")!.values, c.weights.get("c1/kernel")!.values);
  assert.deepEqual(model.weights.get("c1/kernel")!.values, before);
  assert.ok(a.weights.get("c1_bn/moving_variance")!.values.every((v) => v === 1));
  assert.ok(a.weights.get("c1/bias")!.values.every((v) => v === 0));
});

Deno.test("shipped data/models/*.onnx record a TF.js verification with max abs difference ≤ 1e-4", () => {
  for (const id of ["mobilenet-v1-0.75", "mobilenet-v2-0.35"]) {
    const info = JSON.parse(readFileSync(`${ROOT}data/models/${id}.json`, "utf8"));
    assert.ok(existsSync(`${ROOT}data/models/${info.file}`), `${info.file} missing`);
    assert.ok(info.verification.images.length >= 4);
    assert.ok(info.verification.maxAbsDiff <= 1e-4, `${id}: ${info.verification.maxAbsDiff}`);
  }
});
