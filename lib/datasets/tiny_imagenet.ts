/**
 * Tiny-ImageNet validation split: the class list (sorted WNIDs = label order) and the items (file, label) from the
 * distribution's `wnids.txt` and `val/val_annotations.txt`, and a loader for a user's copy of that folder.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkType, DataNotFoundError } from "../core/errors.ts";
import { type ImageDataset, imageFileItem } from "./image_dataset.ts";
import { sha256Hex } from "./checksums.ts";
import type { LanguageStrings } from "./prompts.ts";
import { TINY_IMAGENET_DEFINITIONS, TINY_IMAGENET_WNIDS } from "./strings_tiny_imagenet.ts";

/** One validation image: file name and class label (index into the sorted WNIDs). */
export interface TinyImagenetValItem {
  readonly file: string;
  readonly label: number;
}

/**
 * Parses `wnids.txt` (one WNID a line) and `val_annotations.txt` (tab-separated: file, WNID, box) into the sorted
 * WNIDs and the items ordered by class, then by the number in `val_<n>.JPEG`. A WNID in the annotations that is not
 * in `wnids.txt` is an error naming it.
 *
 * @example
 * const { wnids, items } = tinyImagenetValIndex("n01443537\n", "val_0.JPEG\tn01443537\t0\t0\t63\t63\n");
 * // wnids = ["n01443537"], items = [{ file: "val_0.JPEG", label: 0 }]
 */
export function tinyImagenetValIndex(
  wnidsText: string,
  annotationsText: string,
): { wnids: string[]; items: TinyImagenetValItem[] } {
  const wnids = [...new Set(wnidsText.split(/\s+/).filter(Boolean))].sort();
  const index = new Map(wnids.map((w, i) => [w, i]));
  const number = (file: string) => Number(/(\d+)/.exec(file)?.[1] ?? NaN);
  const items = annotationsText.split("\n").filter((l) => l.trim()).map((line) => {
    const [file, wnid] = line.split("\t");
    const label = index.get(wnid);
    checkType(label !== undefined, "tinyImagenetValIndex", `${file}: class ${wnid} is not in wnids.txt`);
    return { file, label };
  });
  items.sort((a, b) => a.label - b.label || number(a.file) - number(b.file) || a.file.localeCompare(b.file));
  return { wnids, items };
}

/** Loads a Tiny-ImageNet folder (`wnids.txt`, `val/val_annotations.txt`, `val/images/`) as the `val` split. */
export function loadTinyImagenetFolder(dir: string, id = "tiny-imagenet"): ImageDataset {
  const wnidsPath = join(dir, "wnids.txt");
  const annotationsPath = join(dir, "val/val_annotations.txt");
  for (const p of [wnidsPath, annotationsPath]) {
    if (!existsSync(p)) throw new DataNotFoundError(p, "expected a Tiny-ImageNet folder (tiny-imagenet-200/)");
  }
  const wnidsText = readFileSync(wnidsPath, "utf8");
  const annotationsText = readFileSync(annotationsPath, "utf8");
  const { wnids, items } = tinyImagenetValIndex(wnidsText, annotationsText);
  let hash: string | null = null;
  return {
    id,
    split: "val",
    classNames: wnids,
    items: items.map((e) => imageFileItem(e.file, e.label, join(dir, "val/images", e.file))),
    source: dir,
    fingerprint: () => (hash ??= sha256Hex(new TextEncoder().encode(`${wnidsText}\n${annotationsText}`))),
  };
}

/** Tiny-ImageNet language strings: one "Name - definition" string per class (no template), class names = WNIDs. */
export function tinyImagenetLanguageStrings(): LanguageStrings {
  return {
    texts: [...TINY_IMAGENET_DEFINITIONS],
    labels: Int32Array.from(TINY_IMAGENET_DEFINITIONS, (_, i) => i),
    classNames: [...TINY_IMAGENET_WNIDS],
    templates: [],
  };
}
