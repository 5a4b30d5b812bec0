/**
 * Language embeddings end to end: the strings of a data set ({@link datasetLanguageStrings}), a built-in or user text
 * encoder ({@link openTextEmbedder}), batched embedding with progress ({@link embedTexts}) and the store entry
 * `data/embeddings/<dataset>/<model>.{npy,json}` ({@link embedLanguageDataset}). Rows are strings labelled with their
 * class; class vectors (mean of raw rows, then L2) are made by the reader, not here.
 * @module
 */
import { createHash } from "node:crypto";
import { checkInteger, checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import {
  CIFAR100_CLASSES,
  CIFAR10_CLASSES,
  type LanguageStrings,
  languageStrings,
  PROMPT_DATASET_IDS,
  type PromptDatasetId,
} from "../datasets/prompts.ts";
import { IMAGENET100_WNIDS } from "../datasets/strings_imagenet100.ts";
import { tinyImagenetLanguageStrings } from "../datasets/tiny_imagenet.ts";
import { TINY_IMAGENET_WNIDS } from "../datasets/strings_tiny_imagenet.ts";
import { loadPackedCocoCaptions } from "../datasets/strings_coco.ts";
import { createEmbeddingSet } from "../embeddings/embedding_set.ts";
import {
  checkStoredEntry,
  DEFAULT_STORE_ROOT,
  type StoreDtype,
  storePaths,
  writeEmbeddings,
} from "../embeddings/store.ts";
import { CLIP_TEXT_MODEL_IDS, clipTextDatasets, type ClipTextModelId, openClipTextModel } from "./clip_text.ts";
import { createGloveEmbedder, loadWordVectors } from "./text_glove.ts";
import { definedOptions, type TextEmbedder, type TextEmbedProgress } from "./text_types.ts";
import { loadUseLite, type TfjsBackend } from "./text_use.ts";

/** Data sets with shipped language strings and shipped use-lite / glove-100d stores. */
export const LANGUAGE_DATASET_IDS = Object.freeze([...PROMPT_DATASET_IDS, "coco-mini"] as const);
/** A data set id of {@link LANGUAGE_DATASET_IDS}. */
export type LanguageDatasetId = (typeof LANGUAGE_DATASET_IDS)[number];
/**
 * Every data set with shipped language strings: {@link LANGUAGE_DATASET_IDS} plus `tiny-imagenet` ("Name -
 * definition" per class; its shipped language stores are the CLIP ones only).
 */
export const STRING_DATASET_IDS = Object.freeze([...LANGUAGE_DATASET_IDS, "tiny-imagenet"] as const);
/** A data set id of {@link STRING_DATASET_IDS}. */
export type StringDatasetId = (typeof STRING_DATASET_IDS)[number];

/** Built-in language encoders (they embed any string). */
export const TEXT_MODEL_IDS = Object.freeze(["use-lite", "glove-100d"] as const);
/** A built-in language encoder id. */
export type TextModelId = (typeof TEXT_MODEL_IDS)[number];

export { CLIP_TEXT_MODEL_IDS, clipTextDatasets, type ClipTextModelId, openClipTextModel };
/**
 * The language-model registry: the encoders of {@link TEXT_MODEL_IDS} and the precomputed CLIP text models
 * (`clip-vit-l14-text`, `clip-vit-b32-text`: one vector per class of the data sets their table maps, see
 * lib/embed/clip_text_table.ts).
 */
export const LANGUAGE_MODEL_IDS = Object.freeze([...TEXT_MODEL_IDS, ...CLIP_TEXT_MODEL_IDS] as const);

/** The language strings of a data set: the paper's prompts / definitions, or the shipped COCO-mini captions. */
export function datasetLanguageStrings(dataset: StringDatasetId, captionsPath?: string): LanguageStrings {
  checkRange(
    (STRING_DATASET_IDS as readonly string[]).includes(dataset),
    "datasetLanguageStrings",
    `dataset must be one of ${STRING_DATASET_IDS.join(", ")}, got ${JSON.stringify(dataset)}`,
  );
  if (dataset === "tiny-imagenet") return tinyImagenetLanguageStrings();
  return dataset === "coco-mini" ? loadPackedCocoCaptions(captionsPath) : languageStrings(dataset as PromptDatasetId);
}

/**
 * Class names of a data set in label order (CIFAR names, or WNIDs for the ImageNet subsets), as the vision stores
 * and the CLIP class table use them.
 *
 * @example
 * datasetClassNames("tiny-imagenet").length; // 202
 */
export function datasetClassNames(dataset: string): readonly string[] {
  const names: Record<string, readonly string[]> = {
    cifar10: CIFAR10_CLASSES,
    cinic10: CIFAR10_CLASSES,
    cifar100: CIFAR100_CLASSES,
    imagenet100: IMAGENET100_WNIDS,
    "tiny-imagenet": TINY_IMAGENET_WNIDS,
  };
  const found = names[dataset];
  checkRange(
    found !== undefined,
    "datasetClassNames",
    `dataset must be one of ${Object.keys(names).join(", ")}, got ${JSON.stringify(dataset)}`,
  );
  return found;
}

/** The split a data set's stores record: the one the vision side uses. */
function datasetSplit(dataset: string): string {
  const splits: Record<string, string> = {
    "coco-mini": "train2017+val2017",
    cinic10: "valid",
    imagenet100: "val",
    "tiny-imagenet": "val",
  };
  return splits[dataset] ?? "test";
}

/** Options of {@link openTextEmbedder}. */
export interface OpenTextEmbedderOptions {
  /** TF.js backend for use-lite. */
  backend?: TfjsBackend;
  /** Strings per model call (use-lite). */
  batchSize?: number;
}

/** Opens a built-in language model: "use-lite" (TF.js, 512-d) or "glove-100d" (shipped subset, 100-d). */
export async function openTextEmbedder(
  model: TextModelId,
  options: OpenTextEmbedderOptions = {},
): Promise<TextEmbedder> {
  const fn = "openTextEmbedder";
  checkKnownKeys(options, ["backend", "batchSize"], fn);
  checkRange(
    (TEXT_MODEL_IDS as readonly string[]).includes(model),
    fn,
    `model must be one of ${TEXT_MODEL_IDS.join(", ")}, got ${JSON.stringify(model)}`,
  );
  if (model === "use-lite") return await loadUseLite(options);
  checkRange(
    options.backend === undefined && options.batchSize === undefined,
    fn,
    "backend and batchSize apply to use-lite only",
  );
  return createGloveEmbedder(loadWordVectors());
}

/** Options of {@link embedTexts}. */
export interface EmbedTextsOptions {
  /** Strings per progress step (each step is one `embedder.embed` call). */
  chunkSize?: number;
  /** Called after every chunk. */
  onProgress?: ((progress: TextEmbedProgress) => void) | null;
}

/** Defaults of {@link EmbedTextsOptions}. */
export const EMBED_TEXTS_DEFAULTS: Readonly<Required<EmbedTextsOptions>> = Object.freeze({
  chunkSize: 256,
  onProgress: null,
});

/**
 * Embeds `texts` in chunks; returns `texts.length × embedder.dim` float64 rows (row-major). Throws a RangeError when
 * the encoder returns a non-finite value (never silently NaN).
 */
export async function embedTexts(
  embedder: TextEmbedder,
  texts: readonly string[],
  options: EmbedTextsOptions = {},
): Promise<Float64Array> {
  const fn = "embedTexts";
  checkKnownKeys(options, Object.keys(EMBED_TEXTS_DEFAULTS), fn);
  const o = { ...EMBED_TEXTS_DEFAULTS, ...definedOptions(options) };
  checkInteger(o.chunkSize, fn, "options.chunkSize", 1);
  checkType(embedder !== null && typeof embedder?.embed === "function", fn, "embedder must be a TextEmbedder");
  checkType(Array.isArray(texts), fn, `texts must be an array of strings, got ${typeof texts}`);
  const { dim } = embedder;
  const out = new Float64Array(texts.length * dim);
  const started = performance.now();
  for (let start = 0; start < texts.length; start += o.chunkSize) {
    const chunk = texts.slice(start, start + o.chunkSize);
    const rows = await embedder.embed(chunk);
    checkRange(
      rows.length === chunk.length * dim,
      fn,
      `internal: ${embedder.model} returned ${rows.length} values for ${chunk.length} strings`,
    );
    for (let i = 0; i < rows.length; i++) {
      if (!Number.isFinite(rows[i])) {
        const row = start + Math.floor(i / dim);
        throw new RangeError(
          `${fn}: ${embedder.model} gave a non-finite value (${rows[i]}) for texts[${row}] ${
            JSON.stringify(texts[row])
          }`,
        );
      }
    }
    out.set(rows, start * dim);
    o.onProgress?.({ done: start + chunk.length, total: texts.length, seconds: (performance.now() - started) / 1000 });
  }
  return out;
}

/** Options of {@link embedLanguageDataset}. */
export interface EmbedLanguageDatasetOptions extends EmbedTextsOptions {
  /** Store root folder. */
  root?: string;
  /** Storage dtype of the `.npy`. */
  dtype?: StoreDtype;
  /** Re-embed even when the stored entry has the same inputHash. */
  force?: boolean;
  /** Command recorded in the manifest's `tool`. */
  tool?: string;
}

/** Defaults of {@link EmbedLanguageDatasetOptions}. */
export const EMBED_LANGUAGE_DATASET_DEFAULTS = Object.freeze({
  ...EMBED_TEXTS_DEFAULTS,
  root: DEFAULT_STORE_ROOT,
  dtype: "float32" as StoreDtype,
  force: false,
  tool: "deno task embed-text",
});

/** sha256 over the encoder description and the strings with their labels: equal hashes mean equal inputs. */
export function languageInputHash(embedder: TextEmbedder, strings: LanguageStrings): string {
  return createHash("sha256")
    .update(JSON.stringify({ model: embedder.model, description: embedder.description }))
    .update(
      JSON.stringify({ texts: strings.texts, labels: Array.from(strings.labels), classNames: strings.classNames }),
    )
    .digest("hex");
}

/**
 * Embeds the strings of `dataset` with `embedder` and writes the store entry (atomic; npy then manifest). When an
 * entry with the same inputHash and dtype exists it is kept (`cached: true`) unless `force`.
 */
export async function embedLanguageDataset(
  dataset: string,
  strings: LanguageStrings,
  embedder: TextEmbedder,
  options: EmbedLanguageDatasetOptions = {},
): Promise<{ npy: string; manifest: string; cached: boolean; rows: number; dim: number; seconds: number }> {
  const fn = "embedLanguageDataset";
  checkKnownKeys(options, Object.keys(EMBED_LANGUAGE_DATASET_DEFAULTS), fn);
  const o = { ...EMBED_LANGUAGE_DATASET_DEFAULTS, ...definedOptions(options) };
  checkType(strings !== null && Array.isArray(strings?.texts), fn, "strings must be LanguageStrings");
  checkRange(
    strings.labels.length === strings.texts.length,
    fn,
    `strings.labels must have ${strings.texts.length} entries, got ${strings.labels.length}`,
  );
  const paths = storePaths(dataset, embedder.model, o.root);
  const inputHash = languageInputHash(embedder, strings);
  if (!o.force) {
    const stored = checkStoredEntry(paths, { inputHash, dtype: o.dtype });
    if (stored.hit) {
      return { ...paths, cached: true, rows: stored.manifest.count, dim: stored.manifest.dim, seconds: 0 };
    }
  }
  const started = performance.now();
  const data = await embedTexts(embedder, strings.texts, { chunkSize: o.chunkSize, onProgress: o.onProgress });
  const seconds = (performance.now() - started) / 1000;
  const set = createEmbeddingSet(
    { rows: strings.texts.length, cols: embedder.dim, data },
    strings.labels,
    strings.classNames,
  );
  const written = writeEmbeddings(set, {
    kind: "language",
    model: embedder.model,
    dataset,
    split: datasetSplit(dataset),
    dtype: o.dtype,
    classNames: strings.classNames,
    texts: strings.texts,
    ...(strings.items ? { items: strings.items } : {}),
    preprocessing: {
      ...embedder.description,
      templates: strings.templates,
      rowOrder: strings.templates.length > 0 ? "class-major, template-minor" : "one row per string, class order",
      classVector: "mean of raw rows, then L2 (x / max(|x|, 1e-12))",
    },
    inputHash,
    device: embedder.device,
    tool: o.tool,
  }, o.root);
  return { ...written, cached: false, rows: strings.texts.length, dim: embedder.dim, seconds };
}
