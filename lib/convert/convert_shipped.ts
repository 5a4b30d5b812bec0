/**
 * One-off script: converts the shipped TF.js MobileNets (and, with `--random`, a seeded randomly initialised
 * MobileNet v1) to ONNX in data/models/, and verifies each against TF.js (wasm backend) on real images, writing the
 * max abs difference into `data/models/<id>.json`.
 *
 *   deno run -A lib/convert/convert_shipped.ts [--src /work/shared/data/models] [--images dir] [--count 8]
 * @module
 */
import { parseArgs } from "node:util";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../core/atomic.ts";
import { convertTfjsLayersToOnnx } from "./tfjs_to_onnx.ts";
import { randomizeTfjsWeights } from "./random_weights.ts";
import { readTfjsLayersModel } from "./tfjs_layers.ts";
import { referenceBatch, verifyOnnxAgainstTfjs } from "./tfjs_reference.ts";
import { decodeImage } from "../embed/image.ts";

interface Job {
  id: string;
  folder: string;
  random?: number;
  note: string;
}

const { values: args } = parseArgs({
  options: {
    src: { type: "string", default: "/work/shared/data/models" },
    images: { type: "string", default: "/work/shared/data/imagenet100" },
    count: { type: "string", default: "8" },
    out: { type: "string", default: "data/models" },
    only: { type: "string" },
  },
});

const JOBS: Job[] = [
  {
    id: "mobilenet-v1-0.75",
    folder: "mobilenet_v1_0.75_224",
    note: "MobileNet v1 width 0.75, 224, ImageNet (tfjs-models); GAP output 768-d",
  },
  {
    id: "mobilenet-v2-0.35",
    folder: "tm_mobilenet_v2_0.35",
    note: "MobileNetV2 width 0.35 trunk (Keras applications, via Teachable Machine); GAP output 1280-d",
  },
  {
    id: "random-mobilenet-v1-0.75",
    folder: "mobilenet_v1_0.75_224",
    random: 7,
    note: "MobileNet v1 0.75 architecture, He-normal weights seeded 7, identity BatchNorm (control)",
  },
];

async function main() {
  const count = Number(args.count);
  const files = readdirSync(args.images).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort().slice(0, count);
  const size = 224;
  const batch = referenceBatch(files.map((f) => decodeImage(readFileSync(join(args.images, f)), f)), { size });
  for (const job of JOBS) {
    if (args.only && args.only !== job.id) continue;
    let model = readTfjsLayersModel(join(args.src, job.folder));
    if (job.random !== undefined) model = randomizeTfjsWeights(model, job.random);
    const converted = convertTfjsLayersToOnnx(model, { metadata: { source: job.folder, id: job.id } });
    const path = join(args.out, `${job.id}.onnx`);
    writeFileAtomic(path, converted.bytes);
    const check = await verifyOnnxAgainstTfjs(model, converted, batch);
    const maxAbs = check.maxAbsDiff, maxRef = check.maxAbsValue;
    const info = {
      id: job.id,
      file: `${job.id}.onnx`,
      source: `${job.folder} (TF.js layers)${
        job.random !== undefined ? `, weights replaced: randomizeTfjsWeights(seed ${job.random})` : ""
      }`,
      note: job.note,
      input: {
        name: check.inputName,
        shape: ["batch", ...converted.inputDims],
        layout: "NCHW",
        preprocessing: { size, normalization: "minus-one-one" },
      },
      output: { name: check.outputName, shape: ["batch", ...converted.outputDims], layer: converted.outputLayer },
      foldedBatchNorms: converted.foldedBatchNorms,
      verification: {
        against: "@tensorflow/tfjs@4.22.0 wasm backend",
        images: files,
        maxAbsDiff: maxAbs,
        maxAbsValue: maxRef,
      },
      bytes: converted.bytes.length,
      tool: "deno run -A lib/convert/convert_shipped.ts",
    };
    writeFileAtomic(join(args.out, `${job.id}.json`), JSON.stringify(info, null, 2) + "\n");
    console.log(
      `${job.id}: ${converted.bytes.length} bytes, out [${converted.outputDims}], folded ${converted.foldedBatchNorms} BN, max |onnx − tfjs| = ${
        maxAbs.toExponential(2)
      } (max |ref| ${maxRef.toFixed(2)})`,
    );
  }
}

if (import.meta.main) await main();
