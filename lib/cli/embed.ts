/**
 * `deno task embed --model M --dataset D [--limit N] [--batch B]`: extracts image embeddings into the store
 * (`data/embeddings/<dataset>/<model>.npy` + `.json`, written atomically). Re-running is a cache hit unless the
 * model file, the preprocessing or the data changed (sha256 `inputHash` in the manifest). Progress (items/s, ETA)
 * goes to stderr.
 *
 * Models: a built-in id (`--list`) or a path to a user `.onnx` file with `--id` (+ `--size`, `--normalization`,
 * `--interpolation`, `--resize-shorter`, `--layout`, `--output-name`). Data sets: the shipped `cifar10`,
 * `coco-mini`, `imagenet100`; or with `--data-dir PATH`: `cifar10` / `cifar100` (official binary), `cinic10`
 * (folder `valid/`), `imagenet100` / `imagenet` (ImageNet `val/<wnid>/` folders), `coco` (val2017 captions + images).
 * @module
 */
import { parseArgs } from "node:util";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseNumberFlag, runCli, UsageError } from "./_cli.ts";
import { createEmbeddingSet } from "../embeddings/embedding_set.ts";
import { storePaths, writeEmbeddings } from "../embeddings/store.ts";
import { embeddingInputHash, embedImages, type EmbedProgress } from "../embed/extract.ts";
import { resolvePreprocess } from "../embed/image.ts";
import { onnxVisionModel, VISION_MODELS, type VisionModel } from "../embed/vision_models.ts";
import { loadShippedDataset, SHIPPED_DATASET_IDS, type ShippedDatasetId } from "../datasets/shipped.ts";
import { loadCifarBinary } from "../datasets/cifar_binary.ts";
import { loadImageFolder } from "../datasets/image_folder.ts";
import { loadCocoImages } from "../datasets/coco_images.ts";
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
    default:
      throw new UsageError(
        `--dataset with --data-dir must be one of cifar10, cifar100, cinic10, imagenet100, imagenet, coco, got ${id}`,
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

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, "0")}s` : `${s.toFixed(1)}s`;
}

/** A progress printer for stderr: a redrawn bar on a terminal, a line per 10 % otherwise. */
export function progressPrinter(label: string): (p: EmbedProgress) => void {
  const tty = Deno.stderr.isTerminal();
  let lastDecile = -1;
  const enc = new TextEncoder();
  return ({ done, total, elapsedMs }) => {
    const rate = done / Math.max(elapsedMs / 1000, 1e-9);
    const eta = (total - done) / Math.max(rate, 1e-9);
    const width = 30, filled = Math.round((width * done) / Math.max(total, 1));
    const line = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${
      rate.toFixed(1)
    } items/s ETA ${formatSeconds(eta)}`;
    if (tty) Deno.stderr.writeSync(enc.encode(`\r${line}${done === total ? "\n" : ""}`));
    else {
      const decile = Math.floor((10 * done) / Math.max(total, 1));
      if (decile !== lastDecile) {
        lastDecile = decile;
        Deno.stderr.writeSync(enc.encode(line + "\n"));
      }
    }
  };
}

async function main(): Promise<void> {
  const { values: a } = parseArgs({
    options: {
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
      help: { type: "boolean" },
      "per-class": { type: "string" },
    },
  });
  if (a.help) return console.log(USAGE);
  if (a.list) {
    for (const m of Object.values(VISION_MODELS)) console.log(`${m.id.padEnd(26)} ${m.description}`);
    console.log(`data sets (shipped): ${SHIPPED_DATASET_IDS.join(", ")}`);
    return;
  }
  if (!a.model || !a.dataset) throw new UsageError(`--model and --dataset are required\n${USAGE}`);
  let model: VisionModel;
  if (a.model.endsWith(".onnx")) {
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
    model = onnxVisionModel(a.id, a.model, preprocess, a["output-name"] ?? null);
  } else {
    const known = VISION_MODELS[a.model];
    if (!known) throw new UsageError(`--model ${a.model} is not known (see --list) and is not an .onnx path`);
    model = known;
  }
  const dtype = (a.dtype ?? "float16") as "float16";
  if (!["float16", "float32", "float64"].includes(dtype)) {
    throw new UsageError(`--dtype must be float16, float32 or float64, got ${dtype}`);
  }
  const device = (a.device ?? "auto") as Device;
  if (!["auto", "cpu", "cuda"].includes(device)) {
    throw new UsageError(`--device must be auto, cpu or cuda, got ${device}`);
  }
  const limit = parseNumberFlag(a.limit, "limit", { integer: true, min: 1 }) ?? Infinity;
  const batchSize = parseNumberFlag(a.batch, "batch", { integer: true, min: 1 }) ?? 16;
  const threads = parseNumberFlag(a.threads, "threads", { integer: true, min: 0 }) ?? 0;
  const storeRoot = a.store ?? "data/embeddings";
  const perClass = parseNumberFlag(a["per-class"], "per-class", { integer: true, min: 1 });
  const full = loadVisionDataset(a.dataset, a["data-dir"]);
  const dataset = perClass === undefined ? full : firstPerClass(full, perClass);
  const paths = storePaths(dataset.id, model.id, storeRoot);
  if (
    !a.force && model.kind === "onnx" && !existsSync(model.file) && existsSync(paths.manifest) && existsSync(paths.npy)
  ) {
    console.log(`kept: ${paths.npy} (shipped; model file ${model.file} is absent, so its inputs cannot be re-checked)`);
    return;
  }
  const inputHash = embeddingInputHash(dataset, model, limit);
  if (!a.force && existsSync(paths.manifest) && existsSync(paths.npy)) {
    const old = JSON.parse(readFileSync(paths.manifest, "utf8"));
    if (old.inputHash === inputHash && old.dtype === dtype) {
      console.log(`cache hit: ${paths.npy} (${old.count}×${old.dim}, inputs unchanged; --force re-extracts)`);
      return;
    }
  }
  const result = await embedImages(dataset, model, {
    batchSize,
    limit,
    device,
    threads,
    onBadImage: a["skip-bad"] ? "skip" : "throw",
    onProgress: progressPrinter(`${model.id} × ${dataset.id}`),
    onWarning: (m) => console.error(`warning: ${m}`),
  });
  const set = createEmbeddingSet({ rows: result.rows, cols: result.dim, data: result.data }, result.labels, [
    ...dataset.classNames,
  ]);
  const preprocessing: Record<string, unknown> = model.kind === "gaussian"
    ? { control: "gaussian", dim: model.dim, seed: model.seed }
    : {
      ...resolvePreprocess(model.preprocess),
      ...(model.kind === "pixels" ? { control: "pixels", flatten: "hwc" } : { modelFile: model.file }),
      batchSize,
      limit: Number.isFinite(limit) ? limit : null,
      perClass: perClass ?? null,
      skipped: result.skipped.length,
    };
  writeEmbeddings(set, {
    kind: "vision",
    model: model.id,
    dataset: dataset.id,
    split: dataset.split,
    dtype,
    items: result.items,
    preprocessing,
    inputHash,
    device: result.device,
    tool: `deno task embed ${Deno.args.join(" ")}`,
  }, storeRoot);
  const rate = result.rows / (result.elapsedMs / 1000);
  console.log(
    `${paths.npy}: ${result.rows}×${result.dim} ${dtype} on ${result.device}, ${rate.toFixed(1)} images/s, ` +
      `preprocessing ${(100 * result.preprocessMs / result.elapsedMs).toFixed(1)} % of ${
        (result.elapsedMs / 1000).toFixed(1)
      } s` +
      (result.skipped.length > 0
        ? `, skipped ${result.skipped.length} bad image(s): ${result.skipped.slice(0, 5).map((s) => s.item).join(", ")}`
        : ""),
  );
}

if (import.meta.main) await runCli("embed", main);
