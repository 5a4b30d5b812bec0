/**
 * One-off script: converts the TF.js *layers* models bundled in the npm package nsfwjs@4.4.0 (MIT; ImageNet-initialised
 * networks fine-tuned for NSFW classification: weak generic features for the quality-vs-matchability trend) to ONNX,
 * cut at the pooled features before the classifier head, verified against TF.js on real images.
 * The package's MobileNetV2 "mid" model is a TF.js *graph* model, which this converter does not cover.
 *
 * The package is not a dependency; unpack it anywhere first:
 *   npm pack nsfwjs@4.4.0 && tar xzf nsfwjs-4.4.0.tgz      (→ ./package)
 *   deno run -A lib/convert/convert_nsfwjs.ts --pkg ./package [--out data/models] [--images data/datasets/imagenet100-sample.bmpack]
 * @module
 */
import { parseArgs } from "node:util";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../core/atomic.ts";
import { convertTfjsLayersToOnnx } from "./tfjs_to_onnx.ts";
import { parseTfjsLayersModel } from "./tfjs_layers.ts";
import { referenceBatch, verifyOnnxAgainstTfjs } from "./tfjs_reference.ts";
import { loadImagePack } from "../datasets/image_dataset.ts";

const { values: args } = parseArgs({
  options: {
    pkg: { type: "string", default: "./package" },
    out: { type: "string", default: "data/models" },
    images: { type: "string", default: "data/datasets/imagenet100-sample.bmpack" },
    count: { type: "string", default: "4" },
    only: { type: "string" },
  },
});

const JOBS = [
  {
    id: "nsfw-mobilenet-v2",
    folder: "mobilenet_v2",
    output: "flatten_1",
    size: 224,
    note: "nsfwjs MobileNetV2 (224), features after the 7×7 average pool, 1280-d",
  },
  {
    id: "nsfw-inception-v3",
    folder: "inception_v3",
    output: "flatten_1",
    size: 299,
    note: "nsfwjs InceptionV3 (299), features after the 8×8 average pool, 2048-d",
  },
];

const require = createRequire(import.meta.url);

for (const job of JOBS) {
  if (args.only && args.only !== job.id) continue;
  const dir = resolve(args.pkg, "dist/models", job.folder);
  const json = require(join(dir, "model.min.js"));
  const shards: Uint8Array[] = json.weightsManifest.flatMap((g: { paths: string[] }) =>
    g.paths.map((p) => Uint8Array.from(atob(require(join(dir, `${p}.min.js`)) as string), (c) => c.charCodeAt(0)))
  );
  const all = new Uint8Array(shards.reduce((s, b) => s + b.length, 0));
  let at = 0;
  for (const b of shards) {
    all.set(b, at);
    at += b.length;
  }
  const model = parseTfjsLayersModel(json, all.buffer);
  const converted = convertTfjsLayersToOnnx(model, {
    outputLayer: job.output,
    metadata: { source: `nsfwjs@4.4.0 ${job.folder}`, id: job.id },
  });
  writeFileAtomic(join(args.out, `${job.id}.onnx`), converted.bytes);
  // Verify on real images: zero-one pixels (nsfwjs divides by 255), centre crop at the model size.
  const pack = loadImagePack(args.images);
  const count = Number(args.count);
  const items = Array.from({ length: count }, (_, i) => pack.items[i * Math.floor(pack.items.length / count)]);
  const names = items.map((item) => item.name);
  const batch = referenceBatch(items.map((item) => item.load()), { size: job.size, normalization: "zero-one" });
  const { maxAbsDiff: maxAbs, maxAbsValue: maxRef } = await verifyOnnxAgainstTfjs(model, converted, batch);
  const info = {
    id: job.id,
    file: `${job.id}.onnx`,
    source: `npm nsfwjs@4.4.0 dist/models/${job.folder} (TF.js layers, uint8-quantised weights dequantised)`,
    licence: "MIT",
    note: job.note,
    input: {
      shape: ["batch", ...converted.inputDims],
      layout: "NCHW",
      preprocessing: { size: job.size, normalization: "zero-one" },
    },
    output: { name: "embedding", shape: ["batch", ...converted.outputDims], layer: converted.outputLayer },
    foldedBatchNorms: converted.foldedBatchNorms,
    verification: { against: "@tensorflow/tfjs@4.22.0", images: names, maxAbsDiff: maxAbs, maxAbsValue: maxRef },
    bytes: converted.bytes.length,
    tool: "deno run -A lib/convert/convert_nsfwjs.ts --pkg <unpacked nsfwjs@4.4.0>",
  };
  writeFileAtomic(join(args.out, `${job.id}.json`), JSON.stringify(info, null, 2) + "\n");
  console.log(
    `${job.id}: ${converted.bytes.length} bytes, out [${converted.outputDims}], max |onnx − tfjs| = ${
      maxAbs.toExponential(2)
    } (max |ref| ${maxRef.toFixed(2)})`,
  );
}
