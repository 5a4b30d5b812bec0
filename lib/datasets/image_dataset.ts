/**
 * The image data-set shape every vision loader returns: ordered items (name, class label, lazy pixel access), class
 * names in label order, and a fingerprint for the embedding cache. Plus the "image pack" container the shipped data
 * sets use: many small encoded images in one file (magic `BMPACK01`, u32 LE header length, JSON header, payload).
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { checkRange, checkType, DataNotFoundError } from "../core/errors.ts";
import { decodeImage, ImageDecodeError, type RgbImage } from "./image_codec.ts";

/** One image of a data set. */
export interface ImageItem {
  /** Stable item name (relative file name or record id), used in error messages and the manifest `items`. */
  readonly name: string;
  /** Class index (dataset label order). */
  readonly label: number;
  /** Decodes the pixels; throws ImageDecodeError naming the item when the bytes are corrupt or unreadable. */
  load(): RgbImage;
}

/** An ordered, labelled image collection. */
export interface ImageDataset {
  /** Dataset id (`cifar10`, `cifar100`, `cinic10`, `imagenet100`, `coco-mini`, or a user id). */
  readonly id: string;
  /** Split name, e.g. "test". */
  readonly split: string;
  /** Class names in label order. */
  readonly classNames: readonly string[];
  /** Items in dataset order. */
  readonly items: readonly ImageItem[];
  /** Where it came from (path), for the manifest. */
  readonly source: string;
  /** A content fingerprint (sha256 hex) for cache keys; computed lazily. */
  fingerprint(): string;
}

/**
 * An item backed by the image file `path` (JPEG or PNG), read and decoded on each `load()`; an unreadable file
 * throws an ImageDecodeError naming the item (so do corrupt bytes).
 */
export function imageFileItem(name: string, label: number, path: string): ImageItem {
  return {
    name,
    label,
    load: () => {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(path);
      } catch (error) {
        throw new ImageDecodeError(name, `unreadable file ${path}`, { cause: error });
      }
      return decodeImage(bytes, name);
    },
  };
}

const MAGIC = "BMPACK01";
/** Bytes before the JSON header: the 8-byte magic and the header length (uint32, little-endian). */
const PREAMBLE_BYTES = 12;
/** Offset of the header length in the preamble. */
const LENGTH_OFFSET = 8;

/** Header of an image pack. */
export interface ImagePackHeader {
  /** Pack format version (1). */
  readonly format: 1;
  /** Dataset id. */
  readonly dataset: string;
  /** Split. */
  readonly split: string;
  /** Class names in label order. */
  readonly classNames: readonly string[];
  /** Items: `[name, label, byteOffset, byteLength]` (offsets into the payload). */
  readonly items: readonly (readonly [string, number, number, number])[];
  /** Free-form provenance (source, licence, processing). */
  readonly provenance: Readonly<Record<string, unknown>>;
}

/** Builds an image pack from encoded images (JPEG/PNG bytes). */
export function toImagePack(
  meta: { dataset: string; split: string; classNames: readonly string[]; provenance?: Record<string, unknown> },
  entries: readonly { name: string; label: number; bytes: Uint8Array }[],
): Uint8Array {
  let offset = 0;
  const items: [string, number, number, number][] = entries.map((e) => {
    checkRange(
      Number.isInteger(e.label) && e.label >= 0 && e.label < meta.classNames.length,
      "toImagePack",
      `label of ${e.name} must be in [0, ${meta.classNames.length - 1}], got ${e.label}`,
    );
    const item: [string, number, number, number] = [e.name, e.label, offset, e.bytes.length];
    offset += e.bytes.length;
    return item;
  });
  const header: ImagePackHeader = {
    format: 1,
    dataset: meta.dataset,
    split: meta.split,
    classNames: [...meta.classNames],
    items,
    provenance: meta.provenance ?? {},
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(PREAMBLE_BYTES + json.length + offset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(LENGTH_OFFSET, json.length, true);
  out.set(json, PREAMBLE_BYTES);
  let at = PREAMBLE_BYTES + json.length;
  for (const e of entries) {
    out.set(e.bytes, at);
    at += e.bytes.length;
  }
  return out;
}

/** The JSON header of an image pack and the offset where its image bytes start; errors name `fn` and `source`. */
function readPackHeader(bytes: Uint8Array, source: string, fn: string): { header: ImagePackHeader; base: number } {
  checkType(
    bytes.length >= PREAMBLE_BYTES && new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) === MAGIC,
    fn,
    `${source} is not an image pack (magic ${MAGIC})`,
  );
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(LENGTH_OFFSET, true);
  checkRange(PREAMBLE_BYTES + length <= bytes.length, fn, `${source}: header length ${length} exceeds the file`);
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + length)),
  ) as ImagePackHeader;
  checkRange(header.format === 1, fn, `${source}: format must be 1, got ${header.format}`);
  return { header, base: PREAMBLE_BYTES + length };
}

/** Parses an image pack (bytes of a `.bmpack` file) into a dataset; `source` names it in errors. */
export function fromImagePack(bytes: Uint8Array, source = "<pack>"): ImageDataset {
  const fn = "fromImagePack";
  const { header, base } = readPackHeader(bytes, source, fn);
  const items: ImageItem[] = header.items.map(([name, label, offset, size]) => {
    checkRange(
      base + offset + size <= bytes.length,
      fn,
      `${source}: item ${name} lies outside the file (truncated pack?)`,
    );
    return { name, label, load: () => decodeImage(bytes.subarray(base + offset, base + offset + size), name) };
  });
  let hash: string | null = null;
  return {
    id: header.dataset,
    split: header.split,
    classNames: header.classNames,
    items,
    source,
    fingerprint: () => (hash ??= createHash("sha256").update(bytes).digest("hex")),
  };
}

/** Reads an image pack file; a missing file throws DataNotFoundError. */
export function loadImagePack(path: string): ImageDataset {
  if (!existsSync(path)) {
    throw new DataNotFoundError(path, "the shipped data sets live in data/datasets/ (see data/datasets/README.md)");
  }
  return fromImagePack(readFileSync(path), path);
}

/** The provenance object stored in a pack's header. */
export function readImagePackProvenance(path: string): Record<string, unknown> {
  const { header } = readPackHeader(readFileSync(path), path, "readImagePackProvenance");
  return header.provenance as Record<string, unknown>;
}
