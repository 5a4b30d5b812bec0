/**
 * `deno task embed-text [--model use-lite|glove-100d|clip-vit-l14-text|clip-vit-b32-text|all] [--dataset <id>|all]`:
 * language embeddings into the store (`data/embeddings/<dataset>/<model>.{npy,json}`, float32, atomic). Data sets:
 * cifar10, cinic10, cifar100, imagenet100 (the paper's prompts / definitions), coco-mini (shipped captions) and
 * tiny-imagenet ("Name - definition"). Re-running is a cache hit unless the strings or the encoder changed (sha256
 * `inputHash`). `all` models = the encoders (use-lite, glove-100d).
 *
 * The precomputed CLIP text models write one row per class, for the data sets of their class table
 * (lib/embed/clip_text_table.ts; `--dataset all` = those): clip-vit-b32-text (cifar10, cinic10),
 * clip-vit-l14-text (imagenet100, tiny-imagenet).
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
  CLIP_TEXT_MODEL_IDS,
  clipTextDatasets,
  type ClipTextModelId,
  datasetClassNames,
  datasetLanguageStrings,
  embedLanguageDataset,
  openClipTextModel,
  openTextEmbedder,
  STRING_DATASET_IDS,
  type StringDatasetId,
  TEXT_MODEL_IDS,
  type TextModelId,
} from "../embed/text_embed.ts";
import type { LanguageStrings } from "../datasets/prompts.ts";
import { loadOnnxTextEncoder } from "../embed/text_onnx.ts";
import type { TextEmbedder } from "../embed/text_types.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const USAGE = `usage: deno task embed-text [--model ${
  [...TEXT_MODEL_IDS, ...CLIP_TEXT_MODEL_IDS].join("|")
}|all] [--dataset ${STRING_DATASET_IDS.join("|")}|all]
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

function selectDatasets(value: string | undefined): StringDatasetId[] {
  const datasets = (value ?? "all") === "all"
    ? STRING_DATASET_IDS.filter((d) => d !== "tiny-imagenet")
    : [value as StringDatasetId];
  for (const d of datasets) {
    if (!(STRING_DATASET_IDS as readonly string[]).includes(d)) {
      throw new UsageError(`--dataset must be one of ${STRING_DATASET_IDS.join(", ")} or all, got ${d}`);
    }
  }
  return datasets;
}

/** A precomputed CLIP text model over the data sets of its table (`all`) or the one named (which must be mapped). */
async function embedClip(model: ClipTextModelId, a: Values): Promise<void> {
  const mapped = clipTextDatasets(model);
  const datasets = (a.dataset ?? "all") === "all" ? mapped : [a.dataset!];
  for (const dataset of datasets) {
    if (!mapped.includes(dataset)) {
      throw new UsageError(
        `--model ${model} has vectors for ${
          mapped.join(", ")
        } only (lib/embed/clip_text_table.ts), got --dataset ${dataset}`,
      );
    }
    const { strings, embedder } = openClipTextModel(model, dataset, datasetClassNames(dataset));
    await embedOne(embedder, dataset, strings, a);
  }
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
      throw new UsageError(
        `--model must be one of ${[...TEXT_MODEL_IDS, ...CLIP_TEXT_MODEL_IDS].join(", ")} or all, got ${m}`,
      );
    }
  }
  return models.map((m) => () => openTextEmbedder(m, m === "use-lite" ? { backend, batchSize } : {}));
}

async function embedAll(embedder: TextEmbedder, datasets: StringDatasetId[], a: Values): Promise<void> {
  for (const dataset of datasets) await embedOne(embedder, dataset, datasetLanguageStrings(dataset), a);
}

/** Embeds one data set's strings into the store and says what it wrote (or that it was cached). */
async function embedOne(embedder: TextEmbedder, dataset: string, strings: LanguageStrings, a: Values): Promise<void> {
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

async function main(): Promise<void> {
  const { values: a } = parseFlags(Deno.args, FLAGS);
  if (a.help) return console.log(USAGE);
  if (a["pack-captions"] !== undefined) return packCaptions(a["pack-captions"]);
  if ((CLIP_TEXT_MODEL_IDS as readonly string[]).includes(a.model ?? "")) {
    return await embedClip(a.model as ClipTextModelId, a);
  }
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
