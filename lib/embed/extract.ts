/**
 * Image embedding extraction: decode → resize/crop/normalise → batched ONNX inference (preprocessing of the next
 * batch overlaps inference of the current one), float32 in / float64 out. Also computes the pixel and Gaussian
 * controls. Bad images throw naming the item, or are skipped and counted (`onBadImage: "skip"`), never zero-filled.
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { checkInteger, checkKnownKeys, checkType, DataNotFoundError } from "../core/errors.ts";
import { Rng } from "../core/rng.ts";
import type { ImageDataset, ImageItem } from "../datasets/image_dataset.ts";
import { ImageDecodeError, preprocessImageInto, resolvePreprocess } from "./image.ts";
import {
  checkEncoderInput,
  closeEncoderSession,
  createEncoderSession,
  type Device,
  MISSING_MODEL_HINT,
  runEncoder,
} from "./session.ts";
import type { VisionModel } from "./vision_models.ts";

/** Progress of an extraction. */
export interface EmbedProgress {
  /** Items done (embedded or skipped). */
  readonly done: number;
  /** Items in total. */
  readonly total: number;
  /** Seconds since the start. */
  readonly seconds: number;
}

/** Options of {@link embedImages}. */
export interface EmbedImagesOptions {
  /** Images per inference batch. */
  readonly batchSize?: number;
  /** Use only the first `limit` items (Infinity: all). */
  readonly limit?: number;
  /** Device for ONNX models. */
  readonly device?: Device;
  /** CPU threads for onnxruntime; 0: one less than the cores (at least 1), leaving a core for decoding, which overlaps inference. */
  readonly threads?: number;
  /** What to do with an image that cannot be read or decoded. */
  readonly onBadImage?: "throw" | "skip";
  /** Progress callback (after each batch). */
  readonly onProgress?: ((progress: EmbedProgress) => void) | null;
  /** Warning callback (e.g. the CUDA fallback). */
  readonly onWarning?: ((message: string) => void) | null;
  /** Repository root that relative model files are resolved against. */
  readonly root?: string;
}

/** Defaults of {@link EmbedImagesOptions}. */
export const EMBED_IMAGES_DEFAULTS: Readonly<Required<EmbedImagesOptions>> = Object.freeze({
  batchSize: 16,
  limit: Infinity,
  device: "auto",
  threads: 0,
  onBadImage: "throw",
  onProgress: null,
  onWarning: null,
  root: ".",
});

/** Result of {@link embedImages}: rows in dataset order (skipped items left out). */
export interface EmbedImagesResult {
  /** `rows × dim` float64, row-major. */
  readonly data: Float64Array;
  /** Number of rows. */
  readonly rows: number;
  /** Embedding dimension. */
  readonly dim: number;
  /** Class label per row. */
  readonly labels: Int32Array;
  /** Item name per row. */
  readonly items: string[];
  /** Names of skipped items with the reason. */
  readonly skipped: { item: string; reason: string }[];
  /** Device that ran ("cpu", "cuda" or "none" for controls). */
  readonly device: string;
  /** Why device "auto" ran on the CPU (CUDA did not load), as information; null otherwise. */
  readonly deviceNote: string | null;
  /** Seconds spent decoding + preprocessing. */
  readonly preprocessSeconds: number;
  /** Seconds spent waiting for inference (not overlapped with preprocessing). */
  readonly inferenceWaitSeconds: number;
  /** Total seconds. */
  readonly seconds: number;
}

/** Resolves a model file path against `root` unless absolute. */
export function resolveModelPath(file: string, root = "."): string {
  return file.startsWith("/") ? file : `${root.replace(/\/$/, "")}/${file}`;
}

/** sha256 over the model (file bytes, or its spec for controls), the preprocessing, the data fingerprint and the limit. */
export function embeddingInputHash(dataset: ImageDataset, model: VisionModel, limit: number, root = "."): string {
  const h = createHash("sha256");
  if (model.kind === "onnx") {
    const path = resolveModelPath(model.file, root);
    if (!existsSync(path)) throw new DataNotFoundError(path, MISSING_MODEL_HINT);
    h.update(readFileSync(path));
  }
  h.update(
    JSON.stringify({
      model: { ...model, file: undefined, description: undefined },
      preprocess: "preprocess" in model ? resolvePreprocess(model.preprocess) : null,
    }),
  );
  h.update(`${dataset.id}|${dataset.split}|${dataset.items.length}|${limit}|`);
  h.update(dataset.fingerprint());
  return h.digest("hex");
}

/** Embeds the images of `dataset` with `model`. */
export async function embedImages(
  dataset: ImageDataset,
  model: VisionModel,
  options: EmbedImagesOptions = {},
): Promise<EmbedImagesResult> {
  const fn = "embedImages";
  checkKnownKeys(options, Object.keys(EMBED_IMAGES_DEFAULTS), fn);
  const o = { ...EMBED_IMAGES_DEFAULTS, ...options };
  checkInteger(o.batchSize, fn, "options.batchSize", 1, 65536);
  checkType(
    o.limit === Infinity || (Number.isInteger(o.limit) && o.limit >= 1),
    fn,
    `options.limit must be a positive integer or Infinity, got ${o.limit}`,
  );
  checkType(
    o.onBadImage === "throw" || o.onBadImage === "skip",
    fn,
    `options.onBadImage must be "throw" or "skip", got ${o.onBadImage}`,
  );
  const items = dataset.items.slice(0, Math.min(o.limit, dataset.items.length));
  const t0 = performance.now();
  const since = (t: number) => (performance.now() - t) / 1000;
  const skipped: { item: string; reason: string }[] = [];
  const kept: ImageItem[] = [];

  if (model.kind === "gaussian") {
    const rng = new Rng(model.seed);
    const data = new Float64Array(items.length * model.dim);
    for (let i = 0; i < data.length; i++) data[i] = rng.normal();
    o.onProgress?.({ done: items.length, total: items.length, seconds: since(t0) });
    return {
      data,
      rows: items.length,
      dim: model.dim,
      labels: Int32Array.from(items, (it) => it.label),
      items: items.map((it) => it.name),
      skipped,
      device: "none",
      deviceNote: null,
      preprocessSeconds: 0,
      inferenceWaitSeconds: 0,
      seconds: since(t0),
    };
  }

  const pre = resolvePreprocess(model.preprocess);
  const per = 3 * pre.size * pre.size;
  const dims = pre.layout === "nchw" ? [3, pre.size, pre.size] : [pre.size, pre.size, 3];
  const encoder = model.kind === "onnx"
    ? await createEncoderSession(resolveModelPath(model.file, o.root), {
      device: o.device,
      threads: o.threads === 0 ? Math.max(1, navigator.hardwareConcurrency - 1) : o.threads,
      outputName: model.outputName,
      onWarning: o.onWarning,
    })
    : null;
  try {
    if (encoder) checkEncoderInput(encoder, dims);
    let preprocessSeconds = 0, waitSeconds = 0;
    const chunks: Float64Array[] = [];
    let dim = model.kind === "pixels" ? per : 0;
    // Fills a batch buffer from items[start..], skipping bad images; returns [buffer, count, next start].
    const fill = (start: number): [Float32Array, number, number] => {
      const t = performance.now();
      const buf = new Float32Array(o.batchSize * per);
      let count = 0, i = start;
      while (count < o.batchSize && i < items.length) {
        const item = items[i++];
        try {
          preprocessImageInto(buf, count * per, item.load(), pre);
          kept.push(item);
          count++;
        } catch (error) {
          if (o.onBadImage === "throw" || !(error instanceof ImageDecodeError)) throw error;
          skipped.push({ item: item.name, reason: error.message });
        }
      }
      preprocessSeconds += since(t);
      return [count === o.batchSize ? buf : buf.subarray(0, count * per), count, i];
    };
    let [buf, count, next] = fill(0);
    while (count > 0) {
      const finished = next; // items[0..finished) are done once this batch is
      if (encoder) {
        const pending = runEncoder(encoder, buf, dims);
        const following = next < items.length
          ? fill(next)
          : [new Float32Array(0), 0, next] as [Float32Array, number, number];
        const t = performance.now();
        const out = await pending;
        waitSeconds += since(t);
        dim = out.dim;
        chunks.push(out.data);
        [buf, count, next] = following;
      } else {
        chunks.push(Float64Array.from(buf));
        [buf, count, next] = next < items.length ? fill(next) : [new Float32Array(0), 0, next];
      }
      o.onProgress?.({ done: finished, total: items.length, seconds: since(t0) });
    }
    const rows = kept.length;
    const data = new Float64Array(rows * dim);
    let at = 0;
    for (const c of chunks) {
      data.set(c, at);
      at += c.length;
    }
    if (at !== data.length) throw new Error(`internal: ${at} values for ${rows}×${dim}`);
    return {
      data,
      rows,
      dim,
      labels: Int32Array.from(kept, (it) => it.label),
      items: kept.map((it) => it.name),
      skipped,
      device: encoder ? encoder.device : "none",
      deviceNote: encoder ? encoder.deviceNote : null,
      preprocessSeconds,
      inferenceWaitSeconds: waitSeconds,
      seconds: since(t0),
    };
  } finally {
    if (encoder) await closeEncoderSession(encoder);
  }
}
