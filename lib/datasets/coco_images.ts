/**
 * COCO caption data sets as images: one class per image. Order (shared with the language side,
 * lib/datasets/strings_coco.ts): images sorted by image id over all given splits; class name = `file_name`; item =
 * `<split>/<file_name>`. Reads `annotations/captions_<split>.json` for the image list and `<split>/<file_name>` images.
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkRange, checkType, DataNotFoundError } from "../core/errors.ts";
import { type ImageDataset, imageFileItem } from "./image_dataset.ts";

/** One COCO image entry in dataset order. */
export interface CocoImageEntry {
  /** COCO image id. */
  readonly id: number;
  /** Split folder, e.g. "val2017". */
  readonly split: string;
  /** File name, e.g. "000000397133.jpg". */
  readonly fileName: string;
}

/** The images of parsed caption files, sorted by image id (ids must be unique over all splits). */
export function cocoImageOrder(sources: readonly { split: string; json: unknown }[]): CocoImageEntry[] {
  const fn = "cocoImageOrder";
  const out: CocoImageEntry[] = [];
  const seen = new Set<number>();
  for (const { split, json } of sources) {
    const images = (json as { images?: { id: number; file_name: string }[] }).images;
    checkType(Array.isArray(images), fn, `captions of ${split} must have an images array`);
    for (const im of images) {
      checkRange(!seen.has(im.id), fn, `image id ${im.id} appears twice`);
      seen.add(im.id);
      out.push({ id: im.id, split, fileName: im.file_name });
    }
  }
  return out.sort((a, b) => a.id - b.id);
}

/** Loads COCO images of `splits` under `dir` (`annotations/captions_<split>.json` + `<split>/<file>`). */
export function loadCocoImages(dir: string, splits: readonly string[] = ["val2017"], id = "coco"): ImageDataset {
  const sources = splits.map((split) => {
    const path = join(dir, "annotations", `captions_${split}.json`);
    if (!existsSync(path)) {
      throw new DataNotFoundError(path, "give the COCO folder holding annotations/ and the image folders");
    }
    return { split, json: JSON.parse(readFileSync(path, "utf8")) };
  });
  const order = cocoImageOrder(sources);
  const items = order.map((e, label) =>
    imageFileItem(`${e.split}/${e.fileName}`, label, join(dir, e.split, e.fileName))
  );
  let hash: string | null = null;
  return {
    id,
    split: splits.join("+"),
    classNames: order.map((e) => e.fileName),
    items,
    source: dir,
    fingerprint: () => (hash ??= createHash("sha256").update(items.map((i) => i.name).join("\n")).digest("hex")),
  };
}
