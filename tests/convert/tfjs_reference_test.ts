import assert from "node:assert/strict";
import { Rng } from "../../lib/core/rng.ts";
import type { RgbImage } from "../../lib/embed/image.ts";
import { convertTfjsLayersToOnnx } from "../../lib/convert/tfjs_to_onnx.ts";
import { referenceBatch, verifyOnnxAgainstTfjs } from "../../lib/convert/tfjs_reference.ts";
import { tinyModel } from "./_tiny_tfjs_model.ts";

function randomImage(rng: Rng, width: number, height: number): RgbImage {
  return { width, height, data: Uint8Array.from({ length: width * height * 3 }, () => rng.int(256)) };
}

Deno.test("referenceBatch(images, options) holds the same pixels in NCHW and NHWC order", () => {
  const rng = new Rng(2);
  const images = [randomImage(rng, 9, 8), randomImage(rng, 7, 7)];
  for (const normalization of [undefined, "zero-one"] as const) {
    const { count, nchw, nhwc } = referenceBatch(images, { size: 5, normalization });
    assert.equal(count, 2);
    assert.equal(nchw.length, 2 * 3 * 5 * 5);
    for (let b = 0; b < 2; b++) {
      for (let y = 0; y < 5; y++) {
        for (let x = 0; x < 5; x++) {
          for (let c = 0; c < 3; c++) {
            assert.equal(nchw[((b * 3 + c) * 5 + y) * 5 + x], nhwc[((b * 5 + y) * 5 + x) * 3 + c]);
          }
        }
      }
    }
    const lo = Math.min(...nchw), hi = Math.max(...nchw);
    if (normalization === "zero-one") assert.ok(lo >= 0 && hi <= 1, `[${lo}, ${hi}]`);
    else assert.ok(lo >= -1 && hi <= 1 && lo < 0, `[${lo}, ${hi}]`);
  }
});

Deno.test("verifyOnnxAgainstTfjs(model, converted, batch) finds the converted model equal to TF.js, and a wrong one not", async () => {
  const model = tinyModel(4);
  const rng = new Rng(9);
  const batch = referenceBatch([randomImage(rng, 10, 9), randomImage(rng, 9, 12), randomImage(rng, 11, 11)], {
    size: 9,
  });
  const good = await verifyOnnxAgainstTfjs(model, convertTfjsLayersToOnnx(model), batch);
  assert.equal(good.inputName, "pixel_values");
  assert.equal(good.outputName, "embedding");
  assert.ok(good.maxAbsValue > 0);
  assert.ok(good.maxAbsDiff <= 1e-5, `max |onnx − tfjs| = ${good.maxAbsDiff}`);
  // The ONNX model of other weights, checked against this model's TF.js output, must show a difference.
  const other = convertTfjsLayersToOnnx(tinyModel(5), { outputLayer: "gap" });
  const bad = await verifyOnnxAgainstTfjs(model, other, batch);
  assert.ok(bad.maxAbsDiff > 1e-3, `max |onnx − tfjs| = ${bad.maxAbsDiff}`);
});
