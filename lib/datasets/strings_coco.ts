/**
 * COCO captions as language strings (docs/method.md, "Class vectors"): every image is its own class and its captions
 * play the role of prompts. Input is the standard COCO caption format (`captions_<split>2017.json`: `images` +
 * `annotations`).
 *
 * Order (shared with the vision side): images sorted by image id over all given splits together; class index = position
 * in that order; class name = the image's `file_name` (e.g. "000000397133.jpg"); item of each row = "<split
 * folder>/<file_name>" (e.g. "val2017/000000397133.jpg"). Rows are image-major; an image's captions are in ascending
 * annotation id order, verbatim (no trimming). Images without captions are an error (a class with no rows would have no
 * class vector).
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkRange, checkType, DataNotFoundError } from "../core/errors.ts";
import type { LanguageStrings } from "./prompts.ts";

/** One parsed caption file and the folder name its images live in (e.g. "val2017"). */
export interface CocoCaptionSource {
  /** Folder of the split's images, used as the prefix of each row's item (e.g. "train2017"). */
  split: string;
  /** The parsed JSON of `captions_<split>.json` (needs `images[].{id,file_name}` and `annotations[].{id,image_id,caption}`). */
  json: unknown;
}

interface CocoImage {
  id: number;
  file_name: string;
}
interface CocoCaption {
  id: number;
  image_id: number;
  caption: string;
}

/**
 * Builds the caption strings of one or more COCO caption files (see the module comment for the order). Image ids must
 * be unique over all sources, and every caption must belong to a listed image.
 */
export function fromCocoCaptions(sources: readonly CocoCaptionSource[]): LanguageStrings {
  const fn = "fromCocoCaptions";
  checkType(Array.isArray(sources), fn, `sources must be an array, got ${typeof sources}`);
  checkRange(sources.length >= 1, fn, "sources must not be empty, got 0 sources");
  const images: { id: number; fileName: string; split: string; captions: CocoCaption[] }[] = [];
  const byId = new Map<number, (typeof images)[number]>();
  for (let s = 0; s < sources.length; s++) {
    const { split, json } = sources[s];
    checkType(typeof split === "string" && split.length > 0, fn, `sources[${s}].split must be a non-empty string`);
    const data = json as { images?: unknown; annotations?: unknown };
    checkType(
      data !== null && typeof data === "object" && Array.isArray(data.images) && Array.isArray(data.annotations),
      fn,
      `sources[${s}].json must have "images" and "annotations" arrays`,
    );
    for (const image of data.images as CocoImage[]) {
      checkType(
        Number.isInteger(image?.id) && typeof image?.file_name === "string",
        fn,
        `sources[${s}].json.images entries need an integer id and a file_name, got ${JSON.stringify(image)}`,
      );
      checkRange(!byId.has(image.id), fn, `image ids must be unique over all sources, got ${image.id} twice`);
      const entry = { id: image.id, fileName: image.file_name, split, captions: [] };
      byId.set(image.id, entry);
      images.push(entry);
    }
  }
  for (let s = 0; s < sources.length; s++) {
    for (const caption of (sources[s].json as { annotations: CocoCaption[] }).annotations) {
      checkType(
        Number.isInteger(caption?.image_id) && Number.isInteger(caption?.id) && typeof caption?.caption === "string",
        fn,
        `sources[${s}].json.annotations entries need integer id, image_id and a caption string, got ${
          JSON.stringify(caption)
        }`,
      );
      const image = byId.get(caption.image_id);
      checkRange(
        image !== undefined,
        fn,
        `caption ${caption.id} refers to image ${caption.image_id}, which no source lists`,
      );
      image.captions.push(caption);
    }
  }
  images.sort((x, y) => x.id - y.id);
  const texts: string[] = [];
  const labels: number[] = [];
  const items: string[] = [];
  for (let c = 0; c < images.length; c++) {
    const image = images[c];
    checkRange(image.captions.length > 0, fn, `every image needs at least one caption, got none for image ${image.id}`);
    image.captions.sort((x, y) => x.id - y.id);
    for (const caption of image.captions) {
      texts.push(caption.caption);
      labels.push(c);
      items.push(`${image.split}/${image.fileName}`);
    }
  }
  return {
    texts,
    labels: Int32Array.from(labels),
    classNames: images.map((image) => image.fileName),
    templates: [],
    items,
  };
}

/** Caption files read by {@link loadCocoCaptions} by default (COCO-mini: both splits). */
export const COCO_MINI_SPLITS = Object.freeze(["train2017", "val2017"] as const);

/**
 * Reads `<dir>/annotations/captions_<split>.json` for each split (default train2017 and val2017, as COCO-mini ships
 * them) and returns {@link fromCocoCaptions} of them. A missing file throws DataNotFoundError.
 */
export function loadCocoCaptions(dir: string, splits: readonly string[] = COCO_MINI_SPLITS): LanguageStrings {
  const fn = "loadCocoCaptions";
  checkType(typeof dir === "string", fn, `dir must be a string, got ${typeof dir}`);
  const sources: CocoCaptionSource[] = splits.map((split) => {
    const path = join(dir, "annotations", `captions_${split}.json`);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      if ((error as { code?: string }).code === "ENOENT") {
        throw new DataNotFoundError(path, "copy the COCO caption annotations there (see data/README.md)");
      }
      throw error;
    }
    try {
      return { split, json: JSON.parse(text) };
    } catch (error) {
      throw new RangeError(`${fn}: ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  });
  return fromCocoCaptions(sources);
}

/** The shipped COCO-mini captions (both splits, COCO fields trimmed to what {@link fromCocoCaptions} reads). */
export const SHIPPED_COCO_CAPTIONS_PATH = fileURLToPath(
  new URL("../../data/datasets/coco-mini-captions.json", import.meta.url),
);

/** The packed form of caption files: `{ format: 1, dataset, provenance, splits: { <split>: { images, annotations } } }`. */
export interface PackedCocoCaptions {
  /** Format version (1). */
  format: 1;
  /** Data set id, e.g. "coco-mini". */
  dataset: string;
  /** Where the captions come from and their licence. */
  provenance: Record<string, string>;
  /** Per split folder: the caption file reduced to images {id, file_name} and annotations {id, image_id, caption}. */
  splits: Record<string, { images: CocoImage[]; annotations: CocoCaption[] }>;
}

/** Packs caption files into one {@link PackedCocoCaptions} object (only the fields the loader reads; order kept). */
export function packCocoCaptions(
  sources: readonly CocoCaptionSource[],
  dataset: string,
  provenance: Record<string, string>,
): PackedCocoCaptions {
  fromCocoCaptions(sources); // validates
  const splits: PackedCocoCaptions["splits"] = {};
  for (const { split, json } of sources) {
    const data = json as { images: CocoImage[]; annotations: CocoCaption[] };
    splits[split] = {
      images: data.images.map(({ id, file_name }) => ({ id, file_name })),
      annotations: data.annotations.map(({ id, image_id, caption }) => ({ id, image_id, caption })),
    };
  }
  return { format: 1, dataset, provenance: { ...provenance }, splits };
}

/** Reads a packed caption file (default: the shipped COCO-mini captions) and returns its strings. */
export function loadPackedCocoCaptions(path: string = SHIPPED_COCO_CAPTIONS_PATH): LanguageStrings {
  const fn = "loadPackedCocoCaptions";
  checkType(typeof path === "string", fn, `path must be a string, got ${typeof path}`);
  if (!existsSync(path)) {
    throw new DataNotFoundError(path, "run `deno task embed-text --pack-captions <coco dir>` to create it");
  }
  const packed = JSON.parse(readFileSync(path, "utf8")) as PackedCocoCaptions;
  checkRange(
    packed?.format === 1 && packed.splits !== null && typeof packed.splits === "object",
    fn,
    `${path} must be a packed caption file (format 1)`,
  );
  return fromCocoCaptions(Object.entries(packed.splits).map(([split, json]) => ({ split, json })));
}
