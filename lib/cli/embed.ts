/**
 * `deno task embed --model M --dataset D [--limit N] [--batch B]`: extracts image embeddings into the store
 * (`data/embeddings/<dataset>/<model>.npy` + `.json`, written atomically). Re-running is a cache hit unless the
 * model file, the preprocessing or the data changed (sha256 `inputHash` in the manifest). Progress (items/s, ETA)
 * goes to stderr.
 *
 * Models: a built-in id (`--list`) or a path to a user `.onnx` file with `--id` (+ `--size`, `--normalization`,
 * `--interpolation`, `--resize-shorter`, `--layout`, `--output-name`). Data sets: the shipped `cifar10`,
 * `coco-mini`, `imagenet100`, `tiny-imagenet`; or with `--data-dir PATH`: `cifar10` / `cifar100` (official binary),
 * `cinic10` (folder `valid/`), `imagenet100` / `imagenet` (ImageNet `val/<wnid>/` folders), `coco` (val2017 captions
 * + images), `tiny-imagenet` (a `tiny-imagenet-200/` folder: `wnids.txt`, `val/`).
 * @module
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseFlags, parseNumberFlag, runCli, UsageError } from "./_cli.ts";
import { progressPrinter } from "./_progress.ts";
import { createEmbeddingSet } from "../embeddings/embedding_set.ts";
import { checkStoredEntry, type EmbeddingManifest, storePaths, writeEmbeddings } from "../embeddings/store.ts";
import { embeddingInputHash, embedImages, type EmbedImagesResult } from "../embed/extract.ts";
import { resolvePreprocess } from "../embed/image.ts";
import { onnxVisionModel, VISION_MODELS, type VisionModel } from "../embed/vision_models.ts";
import { loadShippedDataset, SHIPPED_DATASET_IDS, type ShippedDatasetId } from "../datasets/shipped.ts";
import { loadCifarBinary } from "../datasets/cifar_binary.ts";
import { loadImageFolder } from "../datasets/image_folder.ts";
import { loadCocoImages } from "../datasets/coco_images.ts";
import { loadTinyImagenetFolder } from "../datasets/tiny_imagenet.ts";
import { IMAGENET100_WNIDS } from "../datasets/strings_imagenet100.ts";
import type { ImageDataset } from "../datasets/image_dataset.ts";
import type { Device } from "../embed/session.ts";

const USAGE =
  `usage: deno task embed --model M --dataset D [--limit N] [--batch B] [--threads T] [--device auto|cpu|cuda]
       [--data-dir PATH] [--per-class N] [--skip-bad] [--dtype float16|float32|float64] [--force] [--store data/embeddings]
       user ONNX: --model path/to/model.onnx --id my-model [--size 224] [--normalization imagenet|clip|minus-one-one|zero-one|none]
                  [--interpolation bilinear|bicubic] [--resize-shorter 256] [--layout nchw|nhwc] [--output-name NAME]
       deno task embed --list`;

/** Loads a data set by id, from the shipped packs or from a user path. */
export function loadVisionDataset(id: string, dataDir: string | undefined, root = "."): ImageDataset {
  if (dataDir === undefined) {
    if (!(SHIPPED_DATASET_IDS as readonly string[]).includes(id)) {
      throw new UsageError(
        `--dataset ${id} is not shipped (shipped: ${SHIPPED_DATASET_IDS.join(", ")}); give --data-dir PATH`,
      );
    }
    return loadShippedDataset(id as ShippedDatasetId, root);
  }
  switch (id) {
    case "cifar10":
    case "cifar100":
      return loadCifarBinary(dataDir, id, "test");
    case "cinic10": {
      const dir = existsSync(join(dataDir, "valid")) ? join(dataDir, "valid") : dataDir;
      return loadImageFolder(dir, { id: "cinic10", split: "valid" });
    }
    case "imagenet100":
    case "imagenet": {
      const dir = existsSync(join(dataDir, "val")) ? join(dataDir, "val") : dataDir;
      return loadImageFolder(dir, { id, split: "val", classes: id === "imagenet100" ? IMAGENET100_WNIDS : null });
    }
    case "coco":
      return loadCocoImages(dataDir, ["val2017"], "coco");
    case "tiny-imagenet":
      return loadTinyImagenetFolder(dataDir);
    default:
      throw new UsageError(
        `--dataset with --data-dir must be one of cifar10, cifar100, cinic10, imagenet100, imagenet, coco, tiny-imagenet, got ${id}`,
      );
  }
}

/** The first `perClass` items of every class (dataset order kept); the fingerprint records the subset. */
export function firstPerClass(dataset: ImageDataset, perClass: number): ImageDataset {
  const seen = new Map<number, number>();
  const items = dataset.items.filter((it) => {
    const k = seen.get(it.label) ?? 0;
    seen.set(it.label, k + 1);
    return k < perClass;
  });
  return { ...dataset, items, fingerprint: () => `${dataset.fingerprint()}|perClass=${perClass}` };
}

const FLAGS = {
  model: { type: "string" },
  dataset: { type: "string" },
  limit: { type: "string" },
  batch: { type: "string" },
  threads: { type: "string" },
  device: { type: "string" },
  "data-dir": { type: "string" },
  "skip-bad": { type: "boolean" },
  dtype: { type: "string" },
  force: { type: "boolean" },
  store: { type: "string" },
  id: { type: "string" },
  size: { type: "string" },
  normalization: { type: "string" },
  interpolation: { type: "string" },
  "resize-shorter": { type: "string" },
  layout: { type: "string" },
  "output-name": { type: "string" },
  list: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  "per-class": { type: "string" },
} as const;

type Values = ReturnType<typeof parseFlags<typeof FLAGS>>["values"];

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be ${allowed.join(", ")}, got ${value}`);
  }
  return value as T;
}

/** The model: a built-in id, or a user `.onnx` file with `--id` and its preprocessing flags. */
function resolveModel(a: Values): VisionModel {
  const path = a.model!;
  if (!path.endsWith(".onnx")) {
    const known = VISION_MODELS[path];
    if (!known) throw new UsageError(`--model ${path} is not known (see --list) and is not an .onnx path`);
    return known;
  }
  if (!a.id) {
    throw new UsageError("--id is required with a user .onnx model (the store file name, e.g. --id clip-vit-b-32)");
  }
  const preprocess = resolvePreprocess({
    size: parseNumberFlag(a.size, "size", { integer: true, min: 1 }) ?? 224,
    normalization: (a.normalization ?? "imagenet") as "imagenet",
    interpolation: (a.interpolation ?? "bicubic") as "bicubic",
    resizeShorter: parseNumberFlag(a["resize-shorter"], "resize-shorter", { integer: true, min: 1 }) ?? null,
    layout: (a.layout ?? "nchw") as "nchw",
  });
  return onnxVisionModel(a.id, path, preprocess, a["output-name"] ?? null);
}

interface EmbedRun {
  model: VisionModel;
  dataset: ImageDataset;
  dtype: "float16" | "float32" | "float64";
  device: Device;
  limit: number;
  batchSize: number;
  threads: number;
  storeRoot: string;
  perClass: number | undefined;
  skipBad: boolean;
  force: boolean;
}

function resolveRun(a: Values): EmbedRun {
  if (!a.model || !a.dataset) throw new UsageError(`--model and --dataset are required\n${USAGE}`);
  const model = resolveModel(a);
  const dtype = oneOf(a.dtype ?? "float16", ["float16", "float32", "float64"] as const, "dtype");
  const device = oneOf(a.device ?? "auto", ["auto", "cpu", "cuda"] as const, "device");
  const perClass = parseNumberFlag(a["per-class"], "per-class", { integer: true, min: 1 });
  const run = {
    model,
    dtype,
    device,
    limit: parseNumberFlag(a.limit, "limit", { integer: true, min: 1 }) ?? Infinity,
    batchSize: parseNumberFlag(a.batch, "batch", { integer: true, min: 1 }) ?? 16,
    threads: parseNumberFlag(a.threads, "threads", { integer: true, min: 0 }) ?? 0,
    storeRoot: a.store ?? "data/embeddings",
    perClass,
    skipBad: a["skip-bad"] ?? false,
    force: a.force ?? false,
  };
  const full = loadVisionDataset(a.dataset, a["data-dir"]);
  return { ...run, dataset: perClass === undefined ? full : firstPerClass(full, perClass) };
}

/** A strict run (no --skip-bad) must not reuse an entry from which bad images were skipped. */
function strictObjection(skipBad: boolean): (manifest: EmbeddingManifest) => string | null {
  return (manifest) => {
    const skipped = Number(manifest.preprocessing?.skipped ?? 0);
    return !skipBad && skipped > 0
      ? `the stored run skipped ${skipped} bad image(s) (--skip-bad); this strict run re-extracts`
      : null;
  };
}

/** True (after saying so) when the store holds a shipped entry whose model file is absent (inputs not checkable). */
function keepShipped(run: EmbedRun, paths: { npy: string; manifest: string }): boolean {
  const { model } = run;
  if (run.force || model.kind !== "onnx" || existsSync(model.file)) return false;
  if (!existsSync(paths.manifest) || !existsSync(paths.npy)) return false;
  console.log(`kept: ${paths.npy} (shipped; model file ${model.file} is absent, so its inputs cannot be re-checked)`);
  return true;
}

/** True (after saying so) when the store already holds this extraction, checked file by file. */
function cacheHit(run: EmbedRun, paths: { npy: string; manifest: string }, inputHash: string): boolean {
  if (run.force) return false;
  const stored = checkStoredEntry(paths, { inputHash, dtype: run.dtype, accept: strictObjection(run.skipBad) });
  if (stored.hit) {
    const m = stored.manifest;
    console.log(`cache hit: ${paths.npy} (${m.count}×${m.dim}, inputs unchanged; --force re-extracts)`);
    return true;
  }
  if (stored.reason !== "no stored entry") console.error(`embed: cache miss: ${stored.reason}; re-extracting`);
  return false;
}

function preprocessingRecord(run: EmbedRun, result: EmbedImagesResult): Record<string, unknown> {
  const { model } = run;
  if (model.kind === "gaussian") {
    return { control: "gaussian", dim: model.dim, seed: model.seed, perClass: run.perClass ?? null };
  }
  return {
    ...resolvePreprocess(model.preprocess),
    ...(model.kind === "pixels" ? { control: "pixels", flatten: "hwc" } : { modelFile: model.file }),
    batchSize: run.batchSize,
    limit: Number.isFinite(run.limit) ? run.limit : null,
    perClass: run.perClass ?? null,
    skipped: result.skipped.length,
  };
}

function summaryLine(npy: string, run: EmbedRun, result: EmbedImagesResult): string {
  const rate = result.rows / Math.max(result.seconds, 1e-9);
  const share = (100 * result.preprocessSeconds / Math.max(result.seconds, 1e-9)).toFixed(1);
  const skipped = result.skipped.length > 0
    ? `, skipped ${result.skipped.length} bad image(s): ${result.skipped.slice(0, 5).map((s) => s.item).join(", ")}`
    : "";
  const device = `${result.device}${result.deviceNote ? " (CUDA not available)" : ""}`;
  return `${npy}: ${result.rows}×${result.dim} ${run.dtype} on ${device}, ${rate.toFixed(1)} images/s, ` +
    `preprocessing ${share} % of ${result.seconds.toFixed(1)} s${skipped}`;
}

async function extract(run: EmbedRun): Promise<void> {
  const { model, dataset } = run;
  const paths = storePaths(dataset.id, model.id, run.storeRoot);
  if (keepShipped(run, paths)) return;
  const inputHash = embeddingInputHash(dataset, model, run.limit);
  if (cacheHit(run, paths, inputHash)) return;
  const result = await embedImages(dataset, model, {
    batchSize: run.batchSize,
    limit: run.limit,
    device: run.device,
    threads: run.threads,
    onBadImage: run.skipBad ? "skip" : "throw",
    onProgress: progressPrinter(`${model.id} × ${dataset.id}`, "images"),
    onWarning: (m) => console.error(`warning: ${m}`),
  });
  const set = createEmbeddingSet({ rows: result.rows, cols: result.dim, data: result.data }, result.labels, [
    ...dataset.classNames,
  ]);
  writeEmbeddings(set, {
    kind: "vision",
    model: model.id,
    dataset: dataset.id,
    split: dataset.split,
    dtype: run.dtype,
    items: result.items,
    preprocessing: preprocessingRecord(run, result),
    inputHash,
    device: result.device,
    tool: `deno task embed ${Deno.args.join(" ")}`,
  }, run.storeRoot);
  console.log(summaryLine(paths.npy, run, result));
}

async function main(): Promise<void> {
  const { values } = parseFlags(Deno.args, FLAGS);
  if (values.help) return console.log(USAGE);
  if (values.list) {
    for (const m of Object.values(VISION_MODELS)) console.log(`${m.id.padEnd(26)} ${m.description}`);
    console.log(`data sets (shipped): ${SHIPPED_DATASET_IDS.join(", ")}`);
    return;
  }
  await extract(resolveRun(values));
}

if (import.meta.main) await runCli("embed", main);
