import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeJpeg, ImageDecodeError, type RgbImage } from "../../lib/embed/image.ts";
import { fromImagePack, toImagePack } from "../../lib/datasets/image_dataset.ts";
import { embeddingInputHash, embedImages } from "../../lib/embed/extract.ts";
import { gaussianVisionModel, onnxVisionModel, VISION_MODELS } from "../../lib/embed/vision_models.ts";
import { tinyEncoderOnnx } from "./_tiny_encoder.ts";

const dir = mkdtempSync("/tmp/e1-extract-");
const modelPath = join(dir, "tiny.onnx");
writeFileSync(modelPath, tinyEncoderOnnx(8));
const tiny = onnxVisionModel("tiny", modelPath, { size: 8, normalization: "zero-one" });
const solid = (r: number, g: number, b: number): RgbImage => {
  const data = new Uint8Array(10 * 10 * 3);
  for (let i = 0; i < 100; i++) data.set([r, g, b], 3 * i);
  return { width: 10, height: 10, data };
};
const colours = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255], [0, 0, 0]];
const entries = colours.map((c, i) => ({
  name: `c${i}.png`,
  label: i % 2,
  bytes: encodeJpeg(solid(c[0], c[1], c[2]), 100),
}));
const dataset = fromImagePack(toImagePack({ dataset: "toy", split: "test", classNames: ["x", "y"] }, entries));
const broken = fromImagePack(toImagePack({ dataset: "toy", split: "test", classNames: ["x", "y"] }, [
  entries[0],
  { name: "broken.jpg", label: 1, bytes: entries[1].bytes.subarray(0, 30) },
  entries[2],
]));

Deno.test("embedImages(dataset, onnx model) embeds every image in order through batches of any size", async () => {
  const a = await embedImages(dataset, tiny, { batchSize: 2, device: "cpu" });
  const b = await embedImages(dataset, tiny, { batchSize: 16, device: "cpu" });
  assert.equal(a.rows, 5);
  assert.equal(a.dim, 4);
  assert.deepEqual(Array.from(a.labels), [0, 1, 0, 1, 0]);
  assert.deepEqual(a.items, entries.map((e) => e.name));
  assert.equal(a.device, "cpu");
  for (let i = 0; i < a.data.length; i++) assert.ok(Math.abs(a.data[i] - b.data[i]) < 1e-6);
  // channel means of a pure red / green / blue image (JPEG at quality 100 keeps them within a few levels)
  for (let i = 0; i < 3; i++) {
    for (let c = 0; c < 3; c++) {
      assert.ok(
        Math.abs(a.data[i * 4 + c] - colours[i][c] / 255) < 0.05,
        `image ${i} channel ${c}: ${a.data[i * 4 + c]}`,
      );
    }
  }
});

Deno.test("embedImages(limit, onProgress) embeds the first items and reports progress up to the total", async () => {
  const seen: number[] = [];
  const r = await embedImages(dataset, tiny, {
    limit: 3,
    batchSize: 2,
    device: "cpu",
    onProgress: (p) => seen.push(p.done),
  });
  assert.equal(r.rows, 3);
  assert.deepEqual(seen, [2, 3]);
});

Deno.test("embedImages(corrupt image) throws naming it, or skips and counts it with onBadImage 'skip' — never a zero row", async () => {
  await assert.rejects(
    () => embedImages(broken, tiny, { device: "cpu" }),
    (e: unknown) => e instanceof ImageDecodeError && e.item === "broken.jpg",
  );
  const r = await embedImages(broken, tiny, { device: "cpu", onBadImage: "skip", batchSize: 1 });
  assert.equal(r.rows, 2);
  assert.deepEqual(r.items, ["c0.png", "c2.png"]);
  assert.deepEqual(r.skipped.map((s) => s.item), ["broken.jpg"]);
});

Deno.test("embedImages(model whose input size does not fit the preprocessing) fails before the first batch", async () => {
  const wrong = onnxVisionModel("tiny", modelPath, { size: 16 });
  let loads = 0;
  const counting = { ...dataset, items: dataset.items.map((it) => ({ ...it, load: () => (loads++, it.load()) })) };
  await assert.rejects(() => embedImages(counting, wrong, { device: "cpu" }), /expects \[batch, 3, 8, 8\]/);
  assert.equal(loads, 0);
});

Deno.test("embedImages(controls): pixels are the flattened normalised image, gaussian rows are seeded N(0,1)", async () => {
  const pixels = await embedImages(dataset, VISION_MODELS["pixels-8"]);
  assert.equal(pixels.dim, 192);
  assert.equal(pixels.device, "none");
  const g1 = await embedImages(dataset, gaussianVisionModel(64, 3));
  const g2 = await embedImages(dataset, gaussianVisionModel(64, 3));
  const g3 = await embedImages(dataset, gaussianVisionModel(64, 4));
  assert.deepEqual(g1.data, g2.data);
  assert.notDeepEqual(g1.data, g3.data);
  const mean = g1.data.reduce((s, x) => s + x, 0) / g1.data.length;
  assert.ok(Math.abs(mean) < 0.2);
});

Deno.test("embeddingInputHash changes with the model file, the preprocessing, the limit and the data", () => {
  const h = embeddingInputHash(dataset, tiny, Infinity);
  assert.equal(h, embeddingInputHash(dataset, tiny, Infinity));
  assert.notEqual(h, embeddingInputHash(dataset, tiny, 3));
  assert.notEqual(
    h,
    embeddingInputHash(dataset, onnxVisionModel("tiny", modelPath, { size: 8, normalization: "imagenet" }), Infinity),
  );
  assert.notEqual(h, embeddingInputHash(broken, tiny, Infinity));
  const other = join(dir, "tiny2.onnx");
  writeFileSync(other, tinyEncoderOnnx(8).slice(0, -1));
  assert.notEqual(
    h,
    embeddingInputHash(dataset, onnxVisionModel("tiny", other, { size: 8, normalization: "zero-one" }), Infinity),
  );
});

globalThis.addEventListener("unload", () => rmSync(dir, { recursive: true, force: true }));
