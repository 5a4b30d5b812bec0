/**
 * The precomputed CLIP text models `clip-vit-l14-text` and `clip-vit-b32-text`: fixed tables of class vectors shipped
 * in `data/clip-text/` (checked against their manifest's sha256 at load), not encoders: they cannot embed a new
 * prompt. A data set's classes are resolved through the explicit table of lib/embed/clip_text_table.ts; the store gets
 * one row per class (the class vector is that row, L2-normalised by the reader).
 * @module
 */
import { join } from "node:path";
import { checkRange } from "../core/errors.ts";
import { fromNpy } from "../io/npy.ts";
import { readChecksumManifest, readVerified } from "../datasets/checksums.ts";
import type { LanguageStrings } from "../datasets/prompts.ts";
import { CLIP_CLASS_TABLE, type ClipVocabularyId } from "./clip_text_table.ts";
import type { TextEmbedder } from "./text_types.ts";

/** Ids of the precomputed CLIP text models. */
export const CLIP_TEXT_MODEL_IDS = Object.freeze(["clip-vit-l14-text", "clip-vit-b32-text"] as const);
/** A precomputed CLIP text model id. */
export type ClipTextModelId = (typeof CLIP_TEXT_MODEL_IDS)[number];

/** Folder of the shipped CLIP text vectors, relative to the repository root. */
export const CLIP_TEXT_DIR = "data/clip-text";

/** Files and meaning of one vocabulary. */
interface VocabularySpec {
  readonly label: string;
  readonly model: ClipTextModelId;
  readonly folder: string;
  readonly vectors: string;
  readonly names: string;
  /** Entry keys in row order, from the names file. */
  readonly keys: (namesText: string) => string[];
  /** File of display names in row order (imagenet1k: the OpenAI class names), or null. */
  readonly displayNames: string | null;
  /** The string the row's vector was computed from (for the store's `texts`), from its key and display name. */
  readonly text: (entry: string, displayName: string) => string;
}

const lines = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean);
const o365Names = (text: string) => lines(text).map((l) => l.split(",").slice(2).join(","));

const VOCABULARIES: Readonly<Record<ClipVocabularyId, VocabularySpec>> = Object.freeze({
  imagenet1k: {
    label: "ImageNet-1k WNIDs (CLIP ViT-L/14, 80 templates)",
    model: "clip-vit-l14-text",
    folder: "vit-l14-imagenet1k",
    vectors: "vectors.npy",
    names: "wnids.txt",
    keys: lines,
    displayNames: "classnames_openai.txt",
    text: (_entry, name) => `${name} (80 ImageNet templates, averaged)`,
  },
  lvis: {
    label: "LVIS v1 names",
    model: "clip-vit-b32-text",
    folder: "detic-vit-b32",
    vectors: "lvis_v1_clip_a+cname.npy",
    names: "lvis_v1_names.txt",
    keys: lines,
    displayNames: null,
    text: (entry) => `a ${entry}`,
  },
  coco: {
    label: "COCO names",
    model: "clip-vit-b32-text",
    folder: "detic-vit-b32",
    vectors: "coco_clip_a+cname.npy",
    names: "coco80_names.txt",
    keys: lines,
    displayNames: null,
    text: (entry) => `a ${entry}`,
  },
  o365: {
    label: "Objects365 names",
    model: "clip-vit-b32-text",
    folder: "detic-vit-b32",
    vectors: "o365_clip_a+cnamefix.npy",
    names: "Objects365_names_fix.csv",
    keys: o365Names,
    displayNames: null,
    text: (entry) => `a ${entry}`,
  },
});

/** One loaded vocabulary: entry key → row, the row texts and the vectors. */
interface Vocabulary {
  readonly id: ClipVocabularyId;
  readonly label: string;
  readonly dim: number;
  readonly index: ReadonlyMap<string, number>;
  readonly texts: readonly string[];
  readonly data: Float64Array;
  /** sha256 of the vectors file (from its manifest, checked at load): part of the stores' inputHash. */
  readonly sha256: string;
}

/** What each model's vectors are, for the store manifest's `preprocessing`. */
const MODEL_DESCRIPTIONS: Readonly<Record<ClipTextModelId, Record<string, unknown>>> = Object.freeze({
  "clip-vit-l14-text": {
    encoder: "CLIP ViT-L/14 text tower (OpenAI), precomputed",
    prompts:
      "OpenAI class name in the 80 ImageNet templates (data/clip-text/vit-l14-imagenet1k/templates_80.txt); each template embedding L2-normalised, averaged, renormalised",
    source: "data/clip-text/vit-l14-imagenet1k/manifest.json",
  },
  "clip-vit-b32-text": {
    encoder: "CLIP ViT-B/32 text tower (OpenAI) as dumped by Detic, precomputed",
    prompts: "'a ' + vocabulary name, one prompt, not normalised",
    source: "data/clip-text/detic-vit-b32/manifest.json",
  },
});

const cache = new Map<string, Vocabulary>();

/** Loads (and checks) a vocabulary's vectors and names; memoised per root. */
function loadVocabulary(id: ClipVocabularyId, root: string): Vocabulary {
  const key = `${root}\u0000${id}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const spec = VOCABULARIES[id];
  const dir = join(root, CLIP_TEXT_DIR, spec.folder);
  const namesText = new TextDecoder().decode(readVerified(join(dir, spec.names)));
  const array = fromNpy(readVerified(join(dir, spec.vectors)), join(dir, spec.vectors));
  const keys = spec.keys(namesText);
  checkRange(
    array.shape.length === 2 && array.shape[0] === keys.length,
    "loadVocabulary",
    `${join(dir, spec.vectors)} has shape ${JSON.stringify(array.shape)}, expected ${keys.length} rows (${spec.names})`,
  );
  const display = spec.displayNames === null
    ? keys
    : lines(new TextDecoder().decode(readVerified(join(dir, spec.displayNames))));
  checkRange(
    display.length === keys.length,
    "loadVocabulary",
    `${dir}: ${spec.displayNames} must list ${keys.length} names, got ${display.length}`,
  );
  const texts = keys.map((entry, row) => spec.text(entry, display[row]));
  const vocabulary: Vocabulary = {
    id,
    label: spec.label,
    dim: array.shape[1],
    index: new Map(keys.map((k, i) => [k, i])),
    texts,
    data: array.data,
    sha256: readChecksumManifest(dir).files[spec.vectors].sha256,
  };
  cache.set(key, vocabulary);
  return vocabulary;
}

/** One resolved class: where its vector lives and the string it was computed from. */
export interface ResolvedClipClass {
  readonly className: string;
  readonly vocabulary: ClipVocabularyId;
  readonly entry: string;
  readonly row: number;
  readonly text: string;
}

/** Data sets the table maps for `model`. */
export function clipTextDatasets(model: ClipTextModelId): string[] {
  return Object.keys(CLIP_CLASS_TABLE[model] ?? {});
}

/**
 * Resolves every class of `classNames` (data set `dataset`, label order) to a vector of `model` through
 * CLIP_CLASS_TABLE. A class without a vector throws a one-line RangeError naming it and the vocabularies searched.
 *
 * @example
 * resolveClipClasses("clip-vit-b32-text", "cifar10", ["automobile", "ship"]);
 * // [{ vocabulary: "lvis", entry: "car_(automobile)", … }, { vocabulary: "o365", entry: "Ship", … }]
 */
export function resolveClipClasses(
  model: ClipTextModelId,
  dataset: string,
  classNames: readonly string[],
  root = ".",
): ResolvedClipClass[] {
  const fn = "resolveClipClasses";
  checkRange(
    (CLIP_TEXT_MODEL_IDS as readonly string[]).includes(model),
    fn,
    `model must be one of ${CLIP_TEXT_MODEL_IDS.join(", ")}, got ${JSON.stringify(model)}`,
  );
  const mapping = CLIP_CLASS_TABLE[model][dataset];
  checkRange(
    mapping !== undefined,
    fn,
    `${model} has no class table for data set '${dataset}' (mapped: ${
      clipTextDatasets(model).join(", ")
    }; see lib/embed/clip_text_table.ts)`,
  );
  return classNames.map((className) => {
    const source = mapping.kind === "wnid"
      ? { vocabulary: mapping.vocabulary, entry: className }
      : mapping.classes[className];
    const searched = mapping.kind === "wnid"
      ? VOCABULARIES[mapping.vocabulary].label
      : `the ${dataset} table of lib/embed/clip_text_table.ts`;
    if (source === undefined) {
      throw new RangeError(
        `${fn}: ${model} has no vector for class '${className}' of ${dataset} (searched: ${searched})`,
      );
    }
    const vocabulary = loadVocabulary(source.vocabulary, root);
    const row = vocabulary.index.get(source.entry);
    if (row === undefined) {
      throw new RangeError(
        `${fn}: ${model} has no vector for class '${className}' of ${dataset}: '${source.entry}' is not in ${vocabulary.label} (searched: ${searched})`,
      );
    }
    return { className, vocabulary: source.vocabulary, entry: source.entry, row, text: vocabulary.texts[row] };
  });
}

/**
 * A precomputed CLIP text model for one data set: its language strings (one row per class, `items` =
 * `<vocabulary>:<entry>`) and a {@link TextEmbedder} that returns the stored vector of each of those strings (any other
 * string is an error: these are tables, not encoders).
 *
 * @example
 * const { strings, embedder } = openClipTextModel("clip-vit-b32-text", "cifar10", CIFAR10_CLASSES);
 * await embedLanguageDataset("cifar10", strings, embedder); // data/embeddings/cifar10/clip-vit-b32-text.npy, 10 × 512
 */
export function openClipTextModel(
  model: ClipTextModelId,
  dataset: string,
  classNames: readonly string[],
  root = ".",
): { strings: LanguageStrings; embedder: TextEmbedder } {
  const resolved = resolveClipClasses(model, dataset, classNames, root);
  const dims = new Set(resolved.map((r) => loadVocabulary(r.vocabulary, root).dim));
  checkRange(dims.size === 1, "openClipTextModel", `internal: ${model} mixes dimensions ${[...dims].join(", ")}`);
  const [dim] = dims;
  const byText = new Map<string, Float64Array>();
  for (const r of resolved) {
    const v = loadVocabulary(r.vocabulary, root);
    checkRange(
      !byText.has(r.text),
      "openClipTextModel",
      `${model}: two classes of ${dataset} map to the same vector '${r.vocabulary}:${r.entry}'`,
    );
    byText.set(r.text, v.data.subarray(r.row * dim, (r.row + 1) * dim));
  }
  const strings: LanguageStrings = {
    texts: resolved.map((r) => r.text),
    labels: Int32Array.from(resolved, (_, i) => i),
    classNames: [...classNames],
    templates: [],
    items: resolved.map((r) => `${r.vocabulary}:${r.entry}`),
  };
  const embedder: TextEmbedder = {
    model,
    dim,
    device: "table",
    description: {
      ...MODEL_DESCRIPTIONS[model],
      classTable: "lib/embed/clip_text_table.ts",
      rowsPerClass: 1,
      vectorsSha256: Object.fromEntries(
        [...new Set(resolved.map((r) => r.vocabulary))].map((id) => [id, loadVocabulary(id, root).sha256]),
      ),
    },
    // a Promise executor turns the lookup error into a rejection, as an encoder's would be
    embed: (texts) =>
      new Promise<Float64Array>((resolve) => {
        const out = new Float64Array(texts.length * dim);
        texts.forEach((t, i) => {
          const row = byText.get(t);
          if (row === undefined) {
            throw new RangeError(`${model} holds precomputed class vectors only and cannot embed ${JSON.stringify(t)}`);
          }
          out.set(row, i * dim);
        });
        resolve(out);
      }),
    close: () => Promise.resolve(),
  };
  return { strings, embedder };
}
