/**
 * Image-folder data sets (torchvision ImageFolder layout): `<root>/<class>/<image>`; classes are the sub-folder names
 * in sorted order (CINIC-10: `cinic-10/valid/<class>/*.png` sorts to the CIFAR-10 order; ImageNet: `val/<wnid>/*`,
 * sorted WNIDs — restrict to a class list such as ImageNet-100 with `classes`).
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { checkKnownKeys, checkRange, DataNotFoundError } from "../core/errors.ts";
import { withDefaults } from "../core/options.ts";
import { type ImageDataset, imageFileItem, type ImageItem } from "./image_dataset.ts";

/** Options of {@link loadImageFolder}. */
export interface ImageFolderOptions {
  /** Dataset id recorded in the result. */
  readonly id?: string;
  /** Split name recorded in the result. */
  readonly split?: string;
  /** Class folders to use, in label order; null: all sub-folders, sorted. */
  readonly classes?: readonly string[] | null;
  /** Class display names (same length as the classes); null: the folder names. */
  readonly classNames?: readonly string[] | null;
  /** At most this many images per class (first in sorted order); Infinity: all. */
  readonly perClass?: number;
}

/** Defaults of {@link ImageFolderOptions}. */
export const IMAGE_FOLDER_DEFAULTS: Readonly<Required<ImageFolderOptions>> = Object.freeze({
  id: "images",
  split: "test",
  classes: null,
  classNames: null,
  perClass: Infinity,
});

const IMAGE_FILE = /\.(jpe?g|png)$/i;

/** Lists `<root>/<class>/<image>` files (sorted) into a dataset; images are read lazily. */
export function loadImageFolder(root: string, options: ImageFolderOptions = {}): ImageDataset {
  const fn = "loadImageFolder";
  checkKnownKeys(options, Object.keys(IMAGE_FOLDER_DEFAULTS), fn);
  const o = withDefaults(IMAGE_FOLDER_DEFAULTS, options);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new DataNotFoundError(root, "give the folder holding one sub-folder per class");
  }
  const classes = o.classes
    ? [...o.classes]
    : readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory()).sort();
  checkRange(classes.length > 0, fn, `${root} must contain class sub-folders, got none`);
  const classNames = o.classNames ? [...o.classNames] : classes;
  checkRange(
    classNames.length === classes.length,
    fn,
    `options.classNames must have ${classes.length} entries, got ${classNames.length}`,
  );
  const items: ImageItem[] = [];
  const stamp: string[] = [];
  classes.forEach((cls, label) => {
    const dir = join(root, cls);
    if (!existsSync(dir)) throw new DataNotFoundError(dir, `class folder ${cls} is missing under ${root}`);
    const files = readdirSync(dir).filter((f) => IMAGE_FILE.test(f)).sort().slice(0, o.perClass);
    for (const f of files) {
      const name = `${cls}/${f}`;
      const path = join(dir, f);
      const st = statSync(path);
      stamp.push(`${name}:${st.size}:${st.mtimeMs}`);
      items.push(imageFileItem(name, label, path));
    }
  });
  let hash: string | null = null;
  return {
    id: o.id,
    split: o.split,
    classNames,
    items,
    source: root,
    fingerprint: () => (hash ??= createHash("sha256").update(stamp.join("\n")).digest("hex")),
  };
}
