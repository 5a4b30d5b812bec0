/**
 * The data sets shipped in `data/datasets/` as image packs: CIFAR-10 test (10,000 JPEGs as distributed), COCO-mini
 * (159 images, shorter side resized to 256) and the ImageNet-100 sample (one image per class, shorter side 256).
 * @module
 */
import { join } from "node:path";
import { checkType } from "../core/errors.ts";
import { type ImageDataset, loadImagePack } from "./image_dataset.ts";

/** Ids of the shipped image data sets. */
export const SHIPPED_DATASET_IDS = Object.freeze(["cifar10", "coco-mini", "imagenet100"] as const);
/** A shipped data set id. */
export type ShippedDatasetId = (typeof SHIPPED_DATASET_IDS)[number];

/** Pack file of each shipped data set, relative to the repository root. */
export const SHIPPED_DATASET_FILES: Readonly<Record<ShippedDatasetId, string>> = Object.freeze({
  "cifar10": "data/datasets/cifar10-test.bmpack",
  "coco-mini": "data/datasets/coco-mini.bmpack",
  "imagenet100": "data/datasets/imagenet100-sample.bmpack",
});

/** Loads a shipped data set; `root` is the repository root (default: the working directory). */
export function loadShippedDataset(id: ShippedDatasetId, root = "."): ImageDataset {
  checkType(
    SHIPPED_DATASET_IDS.includes(id),
    "loadShippedDataset",
    `id must be one of ${SHIPPED_DATASET_IDS.join(", ")}, got ${id}`,
  );
  return loadImagePack(join(root, SHIPPED_DATASET_FILES[id]));
}
