/**
 * Vision embedding pipeline (decode + resize + inference) on the shipped CIFAR-10 test pack with MobileNet v1 0.75:
 * goals ≥ 60 images/s, preprocessing < 20 % of the time, all 10,000 images in < 3 minutes (extrapolated from the
 * measured rate unless not --quick and the full set was run). Reference: MobileNet v1 0.75 alone ≈ 14 ms/image in
 * onnxruntime-node on 2 CPU cores (shared/data/README.md).
 */
import { join } from "node:path";
import { embedImages } from "../../lib/embed/extract.ts";
import { VISION_MODELS } from "../../lib/embed/vision_models.ts";
import { loadShippedDataset } from "../../lib/datasets/shipped.ts";
import { preprocessImageInto, resolvePreprocess } from "../../lib/embed/image.ts";
import type { BenchContext, BenchRow } from "./_bench.ts";

/** Runs the embedding benchmarks. */
export async function bench(context: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dataset = loadShippedDataset("cifar10", context.root);
  const n = context.quick ? 256 : 2000;
  // Spread the sample over all classes (the pack is class-major).
  const step = Math.floor(dataset.items.length / n);
  const sample = { ...dataset, items: Array.from({ length: n }, (_, i) => dataset.items[i * step]) };
  for (const id of ["mobilenet-v1-0.75", "mobilenet-v2-0.35"]) {
    const model = VISION_MODELS[id];
    if (model.kind !== "onnx") continue;
    context.log(`embed: ${id} on ${n} CIFAR-10 images`);
    const r = await embedImages(sample, { ...model, file: join(context.root, model.file) }, {
      batchSize: 16,
      device: "auto",
    });
    const seconds = r.seconds;
    const rate = r.rows / seconds;
    const share = r.preprocessSeconds / r.seconds;
    const main = id === "mobilenet-v1-0.75";
    rows.push({
      group: "embed",
      instance: `cifar10 ×${n}`,
      n,
      solver: `${id} (${r.device})`,
      seconds,
      referenceSeconds: main ? 0.014 * n : null,
      goal: main ? "≥ 60 images/s, preprocessing < 20 %" : "",
      pass: main ? rate >= 60 && share < 0.2 : null,
      note:
        `${rate.toFixed(1)} images/s, ${(1000 / rate).toFixed(1)} ms/image, preprocessing ${
          (100 * share).toFixed(1)
        } % ` +
        `(${(1000 * r.preprocessSeconds / r.rows).toFixed(2)} ms/image), 10,000 images ≈ ${
          (10000 / rate).toFixed(0)
        } s`,
    });
    if (main) {
      rows.push({
        group: "embed",
        instance: "cifar10 ×10000 (extrapolated)",
        n: 10000,
        solver: `${id} (${r.device})`,
        seconds: 10000 / rate,
        goal: "< 180 s",
        pass: 10000 / rate < 180,
        note: "from the measured rate",
      });
    }
  }
  // Preprocessing alone (decode + bilinear 32→224 + normalise), single thread.
  const pre = resolvePreprocess({ size: 224 });
  const buf = new Float32Array(3 * 224 * 224);
  const m = context.quick ? 200 : 1000;
  const t0 = performance.now();
  for (let i = 0; i < m; i++) preprocessImageInto(buf, 0, dataset.items[i * 7].load(), pre);
  const s = (performance.now() - t0) / 1000;
  rows.push({
    group: "embed",
    instance: `cifar10 ×${m}`,
    n: m,
    solver: "decode+resize 224",
    seconds: s,
    note: `${((1000 * s) / m).toFixed(2)} ms/image`,
  });
  return rows;
}
