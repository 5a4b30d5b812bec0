/**
 * CIFAR-10 / CIFAR-100 in their official binary format (cs.toronto.edu/~kriz/cifar.html): records of label byte(s)
 * then 3072 bytes (1024 red, 1024 green, 1024 blue, row-major 32×32). CIFAR-10: `cifar-10-batches-bin/test_batch.bin`
 * (1 label byte); CIFAR-100: `cifar-100-binary/test.bin` (coarse byte, fine byte; the fine label is used).
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { checkRange, DataNotFoundError } from "../core/errors.ts";
import type { RgbImage } from "./image_codec.ts";
import { CIFAR100_CLASSES, CIFAR10_CLASSES } from "./prompts.ts";
import type { ImageDataset, ImageItem } from "./image_dataset.ts";

/** CIFAR images are 32 × 32 RGB. */
const CIFAR_SIDE = 32;
/** Pixels per image, i.e. bytes per colour plane of a record. */
const CIFAR_PLANE = CIFAR_SIDE * CIFAR_SIDE;
/** Image bytes per record: the red, green and blue planes in turn. */
const CIFAR_IMAGE_BYTES = 3 * CIFAR_PLANE;

/** Which CIFAR variant a binary file holds. */
export type CifarVariant = "cifar10" | "cifar100";

/** Parses CIFAR binary records (`bytes` of one or more batch files concatenated) into a dataset. */
export function fromCifarBinary(
  bytes: Uint8Array,
  variant: CifarVariant,
  split = "test",
  source = "<bytes>",
): ImageDataset {
  const fn = "fromCifarBinary";
  const labelBytes = variant === "cifar10" ? 1 : 2;
  const record = labelBytes + CIFAR_IMAGE_BYTES;
  checkRange(
    bytes.length > 0 && bytes.length % record === 0,
    fn,
    `${source} must hold whole ${record}-byte records, got ${bytes.length} bytes`,
  );
  const classNames = variant === "cifar10" ? CIFAR10_CLASSES : CIFAR100_CLASSES;
  const n = bytes.length / record;
  const items: ImageItem[] = [];
  for (let i = 0; i < n; i++) {
    const at = i * record;
    const label = bytes[at + labelBytes - 1];
    checkRange(label < classNames.length, fn, `${source}: record ${i} has label ${label} ≥ ${classNames.length}`);
    items.push({
      name: `${split}/${String(i).padStart(5, "0")}`,
      label,
      load: (): RgbImage => {
        const data = new Uint8Array(CIFAR_IMAGE_BYTES);
        const px = at + labelBytes;
        for (let p = 0; p < CIFAR_PLANE; p++) { // planar RRR…GGG…BBB → interleaved RGB
          data[3 * p] = bytes[px + p];
          data[3 * p + 1] = bytes[px + CIFAR_PLANE + p];
          data[3 * p + 2] = bytes[px + 2 * CIFAR_PLANE + p];
        }
        return { width: CIFAR_SIDE, height: CIFAR_SIDE, data };
      },
    });
  }
  let hash: string | null = null;
  return {
    id: variant,
    split,
    classNames,
    items,
    source,
    fingerprint: () => (hash ??= createHash("sha256").update(bytes).digest("hex")),
  };
}

/**
 * Loads the CIFAR test split from the folder of the official binary archive (`cifar-10-batches-bin` /
 * `cifar-100-binary`, or their parent). `split` "train" reads data_batch_1..5.bin / train.bin.
 */
export function loadCifarBinary(dir: string, variant: CifarVariant, split: "test" | "train" = "test"): ImageDataset {
  const sub = variant === "cifar10" ? "cifar-10-batches-bin" : "cifar-100-binary";
  const root = existsSync(join(dir, sub)) ? join(dir, sub) : dir;
  const files = variant === "cifar10"
    ? (split === "test" ? ["test_batch.bin"] : [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`))
    : [`${split}.bin`];
  const parts: Uint8Array[] = [];
  for (const f of files) {
    const p = join(root, f);
    if (!existsSync(p) || !statSync(p).isFile()) {
      throw new DataNotFoundError(
        p,
        `download the ${variant} binary version from https://www.cs.toronto.edu/~kriz/cifar.html and unpack it`,
      );
    }
    parts.push(readFileSync(p));
  }
  const all = new Uint8Array(parts.reduce((s, b) => s + b.length, 0));
  let at = 0;
  for (const b of parts) {
    all.set(b, at);
    at += b.length;
  }
  return fromCifarBinary(all, variant, split, root);
}
