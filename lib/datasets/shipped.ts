/**
 * The data sets shipped in `data/datasets/` as image packs: CIFAR-10 test (10,000 JPEGs as distributed), COCO-mini
 * (159 images, shorter side resized to 256), the ImageNet-100 sample (one image per class, shorter side 256) and the
 * Tiny-ImageNet validation split (202 classes × 50 JPEGs, 64×64, as distributed). Each pack's sha256 is recorded in
 * `data/datasets/manifest.json` and checked at load: a corrupt or changed pack is refused with a one-line error.
 * @module
 */
import { basename, join } from "node:path";
import { checkType } from "../core/errors.ts";
import { fromImagePack, type ImageDataset } from "./image_dataset.ts";
import { readVerified, recordChecksums } from "./checksums.ts";

/** Ids of the shipped image data sets. */
export const SHIPPED_DATASET_IDS = Object.freeze(["cifar10", "coco-mini", "imagenet100", "tiny-imagenet"] as const);
/** A shipped data set id. */
export type ShippedDatasetId = (typeof SHIPPED_DATASET_IDS)[number];

/** Pack file of each shipped data set, relative to the repository root. */
export const SHIPPED_DATASET_FILES: Readonly<Record<ShippedDatasetId, string>> = Object.freeze({
  "cifar10": "data/datasets/cifar10-test.bmpack",
  "coco-mini": "data/datasets/coco-mini.bmpack",
  "imagenet100": "data/datasets/imagenet100-sample.bmpack",
  "tiny-imagenet": "data/datasets/tiny-imagenet-val.bmpack",
});

/**
 * Loads a shipped data set after checking its pack against `data/datasets/manifest.json`; `root` is the repository
 * root (default: the working directory).
 *
 * @example
 * const tiny = loadShippedDataset("tiny-imagenet"); // 10,100 items, 202 classes (WNIDs)
 */
export function loadShippedDataset(id: ShippedDatasetId, root = "."): ImageDataset {
  checkType(
    SHIPPED_DATASET_IDS.includes(id),
    "loadShippedDataset",
    `id must be one of ${SHIPPED_DATASET_IDS.join(", ")}, got ${id}`,
  );
  const path = join(root, SHIPPED_DATASET_FILES[id]);
  return fromImagePack(readVerified(path), path);
}

/** Records the sha256 of every shipped pack present in `dir` in `<dir>/manifest.json` (used by pack_datasets.ts). */
export function recordPackChecksums(dir: string): void {
  recordChecksums(dir, Object.values(SHIPPED_DATASET_FILES).map((f) => basename(f)));
}
