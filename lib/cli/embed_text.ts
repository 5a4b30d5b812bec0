/**
 * `deno task embed-text [--model use-lite|glove-100d|all] [--dataset <id>|all]`: language embeddings into the store
 * (`data/embeddings/<dataset>/<model>.{npy,json}`, float32, atomic). Data sets: cifar10, cinic10, cifar100,
 * imagenet100 (the paper's prompts / definitions) and coco-mini (shipped captions). Re-running is a cache hit unless
 * the strings or the encoder changed (sha256 `inputHash`).
 *
 * User ONNX text encoder: `--onnx model.onnx --tokenizer tokenizer.json --id my-model [--max-length 128]
 * [--no-normalize] [--output-name NAME]` (mean pooling over the attention mask, then L2 unless `--no-normalize`).
 *
 * `--pack-captions DIR` rewrites `data/datasets/coco-mini-captions.json` from a COCO-mini folder
 * (`DIR/annotations/captions_{train,val}2017.json`).
 * @module
 */
import { writeFileAtomic } from "../core/atomic.ts";
import { parseFlags, parseNumberFlag, runCli, UsageError } from "./_cli.ts";
import { progressPrinter } from "./_progress.ts";
import { COCO_MINI_SPLITS, packCocoCaptions, SHIPPED_COCO_CAPTIONS_PATH } from "../datasets/strings_coco.ts";
import {
  datasetLanguageStrings,
  embedLanguageDataset,
  LANGUAGE_DATASET_IDS,
  type LanguageDatasetId,
  openTextEmbedder,
  TEXT_MODEL_IDS,
  type TextModelId,
} from "../embed/text_embed.ts";
import { loadOnnxTextEncoder } from "../embed/text_onnx.ts";
import type { TextEmbedder } from "../embed/text_types.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const USAGE = `usage: deno task embed-text [--model use-lite|glove-100d|all] [--dataset ${
  LANGUAGE_DATASET_IDS.join("|")
}|all]
       [--backend wasm|cpu] [--batch 32] [--store data/embeddings] [--force]
       user ONNX: --onnx model.onnx --tokenizer tokenizer.json --id my-model [--max-length 128] [--no-normalize] [--output-name NAME]
       deno task embed-text --pack-captions path/to/coco-mini`;

const FLAGS = {
  model: { type: "string" },
  dataset: { type: "string" },
  backend: { type: "string" },
  batch: { type: "string" },
  store: { type: "string" },
  force: { type: "boolean" },
  onnx: { type: "string" },
  tokenizer: { type: "string" },
  id: { type: "string" },
  "max-length": { type: "string" },
  "no-normalize": { type: "boolean" },
  "output-name": { type: "string" },
  "pack-captions": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseFlags<typeof FLAGS>>["values"];

function packCaptions(dir: string): void {
  const sources = COCO_MINI_SPLITS.map((split) => {
    const path = join(dir, "annotations", `captions_${split}.json`);
    try {
      return { split, json: JSON.parse(readFileSync(path, "utf8")) };
    } catch (error) {
      throw new UsageError(`--pack-captions: cannot read ${path} (${(error as Error).message})`);
    }
  });
  const packed = packCocoCaptions(sources, "coco-mini", {
    source: "GitHub Obmutescence/COCO-MINI commit 644f29e, annotations/captions_{train,val}2017.json",
    licence: "COCO annotations CC BY 4.0",
    order: "images sorted by image id over both splits; captions by annotation id (see lib/datasets/strings_coco.ts)",
  });
  writeFileAtomic(SHIPPED_COCO_CAPTIONS_PATH, JSON.stringify(packed) + "\n");
  console.log(`wrote ${SHIPPED_COCO_CAPTIONS_PATH}`);
}

function selectDatasets(value: string | undefined): LanguageDatasetId[] {
  const datasets = (value ?? "all") === "all" ? [...LANGUAGE_DATASET_IDS] : [value as LanguageDatasetId];
  for (const d of datasets) {
    if (!(LANGUAGE_DATASET_IDS as readonly string[]).includes(d)) {
      throw new UsageError(`--dataset must be one of ${LANGUAGE_DATASET_IDS.join(", ")} or all, got ${d}`);
    }
  }
  return datasets;
}

/** One opener per encoder to run: the user ONNX encoder, or the built-in model(s). */
function encoderOpeners(a: Values): (() => Promise<TextEmbedder>)[] {
  const batchSize = parseNumberFlag(a.batch, "batch", { integer: true, min: 1 });
  if (a.onnx !== undefined) {
    if (!a.tokenizer || !a.id) throw new UsageError("--onnx needs --tokenizer tokenizer.json and --id my-model");
    const maxLength = parseNumberFlag(a["max-length"], "max-length", { integer: true, min: 1 });
    return [() =>
      loadOnnxTextEncoder(a.onnx!, a.tokenizer!, {
        model: a.id!,
        normalize: !a["no-normalize"],
        ...(maxLength !== undefined ? { maxLength } : {}),
        ...(a["output-name"] ? { outputName: a["output-name"] } : {}),
        ...(batchSize !== undefined ? { batchSize } : {}),
      })];
  }
  const backend = a.backend as "wasm" | "cpu" | undefined;
  if (backend !== undefined && !["wasm", "cpu"].includes(backend)) {
    throw new UsageError(`--backend must be wasm or cpu, got ${backend}`);
  }
  const models = (a.model ?? "all") === "all" ? [...TEXT_MODEL_IDS] : [a.model as TextModelId];
  for (const m of models) {
    if (!(TEXT_MODEL_IDS as readonly string[]).includes(m)) {
      throw new UsageError(`--model must be one of ${TEXT_MODEL_IDS.join(", ")} or all, got ${m}`);
    }
  }
  return models.map((m) => () => openTextEmbedder(m, m === "use-lite" ? { backend, batchSize } : {}));
}

async function embedAll(embedder: TextEmbedder, datasets: LanguageDatasetId[], a: Values): Promise<void> {
  for (const dataset of datasets) {
    const strings = datasetLanguageStrings(dataset);
    const r = await embedLanguageDataset(dataset, strings, embedder, {
      root: a.store ?? "data/embeddings",
      force: a.force ?? false,
      tool: `deno task embed-text --model ${embedder.model} --dataset ${dataset}`,
      chunkSize: 64,
      onProgress: progressPrinter(`${embedder.model} × ${dataset}`, "strings"),
    });
    console.log(
      r.cached
        ? `cache hit: ${r.npy} (${r.rows}×${r.dim}, inputs unchanged; --force re-embeds)`
        : `wrote ${r.npy} (${r.rows}×${r.dim}) in ${r.seconds.toFixed(1)} s, ${
          (1000 * r.seconds / Math.max(r.rows, 1)).toFixed(2)
        } ms/string`,
    );
  }
}

async function main(): Promise<void> {
  const { values: a } = parseFlags(Deno.args, FLAGS);
  if (a.help) return console.log(USAGE);
  if (a["pack-captions"] !== undefined) return packCaptions(a["pack-captions"]);
  const datasets = selectDatasets(a.dataset);
  for (const open of encoderOpeners(a)) {
    const t0 = performance.now();
    const embedder = await open();
    console.log(`${embedder.model}: loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s (${embedder.device})`);
    try {
      await embedAll(embedder, datasets, a);
    } finally {
      await embedder.close();
    }
  }
}

if (import.meta.main) await runCli("embed-text", main);
