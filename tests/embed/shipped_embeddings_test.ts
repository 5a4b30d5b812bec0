import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { readEmbeddings } from "../../lib/embeddings/store.ts";
import { loadShippedDataset } from "../../lib/datasets/shipped.ts";
import { embeddingInputHash } from "../../lib/embed/extract.ts";
import { VISION_MODELS } from "../../lib/embed/vision_models.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const STORE = `${ROOT}data/embeddings`;

Deno.test("shipped CIFAR-10 vision embeddings cover all 10,000 test images (controls and weak models 100 per class) in pack order", () => {
  const pack = loadShippedDataset("cifar10", ROOT);
  const names = pack.items.map((i) => i.name), labels = pack.items.map((i) => i.label);
  for (const model of ["mobilenet-v1-0.75", "mobilenet-v2-0.35", "pixels-8", "gaussian-128"]) {
    const manifest = JSON.parse(readFileSync(`${STORE}/cifar10/${model}.json`, "utf8"));
    assert.equal(manifest.kind, "vision");
    assert.equal(manifest.count, 10000, model);
    assert.equal(
      statSync(`${STORE}/cifar10/${model}.npy`).size,
      128 + 2 * 10000 * manifest.dim,
      `${model}: float16 npy size`,
    );
    assert.deepEqual(manifest.items, names, model);
    assert.deepEqual(manifest.labels, labels, model);
  }
  // Controls and weak models ship the first 100 images of each class (--per-class 100) to keep the repository small.
  for (const model of ["random-mobilenet-v1-0.75", "nsfw-mobilenet-v2", "nsfw-inception-v3"]) {
    const manifest = JSON.parse(readFileSync(`${STORE}/cifar10/${model}.json`, "utf8"));
    assert.equal(manifest.count, 1000, model);
    assert.equal(manifest.preprocessing.perClass, 100, model);
    const picked = pack.items.filter((it) => Number(it.name.slice(-8, -4)) < 100);
    assert.deepEqual(manifest.items, picked.map((i) => i.name), model);
    assert.deepEqual(manifest.labels, picked.map((i) => i.label), model);
  }
  const { set } = readEmbeddings("cifar10", "mobilenet-v2-0.35", STORE);
  assert.ok(set.vectors.data.every(Number.isFinite), "mobilenet-v2-0.35 has non-finite values");
});

Deno.test("shipped MobileNet embeddings are cache hits: their inputHash matches the shipped model, preprocessing and data", () => {
  for (const dataset of ["cifar10", "coco-mini", "imagenet100"] as const) {
    const data = loadShippedDataset(dataset, ROOT);
    for (const id of ["mobilenet-v1-0.75", "mobilenet-v2-0.35", "pixels-8", "gaussian-128"]) {
      const model = VISION_MODELS[id];
      if (model.kind === "onnx" && !existsSync(`${ROOT}${model.file}`)) continue;
      const { manifest } = readEmbeddings(dataset, id, STORE);
      assert.equal(manifest.inputHash, embeddingInputHash(data, model, Infinity, ROOT), `${dataset}/${id}`);
    }
  }
});

Deno.test("shipped MobileNet v1 embeddings separate CIFAR-10 classes better than the Gaussian control (nearest class mean)", () => {
  const accuracy = (model: string) => {
    const { set } = readEmbeddings("cifar10", model, STORE);
    const { rows, cols, data } = set.vectors;
    const means = new Float64Array(10 * cols), counts = new Float64Array(10);
    for (let i = 0; i < rows; i += 2) { // class means from even rows, accuracy on odd rows
      counts[set.labels[i]]++;
      for (let j = 0; j < cols; j++) means[set.labels[i] * cols + j] += data[i * cols + j];
    }
    let correct = 0;
    for (let i = 1; i < rows; i += 2) {
      let best = -1, bestD = Infinity;
      for (let c = 0; c < 10; c++) {
        let d = 0;
        for (let j = 0; j < cols; j++) {
          const t = data[i * cols + j] - means[c * cols + j] / counts[c];
          d += t * t;
        }
        if (d < bestD) [bestD, best] = [d, c];
      }
      if (best === set.labels[i]) correct++;
    }
    return correct / (rows / 2);
  };
  const mobilenet = accuracy("mobilenet-v1-0.75");
  const gaussian = accuracy("gaussian-128");
  assert.ok(mobilenet > 0.5, `mobilenet-v1-0.75 nearest-class-mean accuracy ${mobilenet}`);
  assert.ok(gaussian < 0.15, `gaussian-128 accuracy ${gaussian}`);
});

Deno.test("shipped tiny-imagenet vision stores: MobileNets on all 10,100 images (cache hits), controls on the first 10 per class", () => {
  const pack = loadShippedDataset("tiny-imagenet", ROOT);
  for (const id of ["mobilenet-v1-0.75", "mobilenet-v2-0.35"]) {
    const { manifest } = readEmbeddings("tiny-imagenet", id, STORE);
    assert.deepEqual([manifest.count, manifest.dtype], [10100, "float16"], id);
    assert.deepEqual(manifest.items, pack.items.map((i) => i.name), id);
    assert.deepEqual(manifest.labels, pack.items.map((i) => i.label), id);
    assert.equal(manifest.inputHash, embeddingInputHash(pack, VISION_MODELS[id], Infinity, ROOT), id);
  }
  const seen = new Map<number, number>();
  const first10 = pack.items.filter((it) => {
    const k = seen.get(it.label) ?? 0;
    seen.set(it.label, k + 1);
    return k < 10;
  });
  for (const id of ["random-mobilenet-v1-0.75", "pixels-8", "gaussian-128"]) {
    const { manifest } = readEmbeddings("tiny-imagenet", id, STORE);
    assert.deepEqual([manifest.count, manifest.preprocessing.perClass], [2020, 10], id);
    assert.deepEqual(manifest.items, first10.map((i) => i.name), id);
  }
});
