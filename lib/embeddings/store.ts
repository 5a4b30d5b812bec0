/**
 * The embedding store: `data/embeddings/<dataset>/<model>.npy` (rows × dim, C order) plus a JSON manifest beside it
 * (`<model>.json`), both written atomically (temp file + rename) so an interrupted run never leaves a corrupt cache.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkRange, checkType, DataNotFoundError } from "../core/errors.ts";
import type { Matrix } from "../core/matrix.ts";
import { writeFileAtomic } from "../core/atomic.ts";
import { fromNpy, readNpyHeader, toNpy } from "../io/npy.ts";
import { checkUniqueNames, createEmbeddingSet, type EmbeddingSet } from "./embedding_set.ts";

/** Storage dtypes of the store. */
export type StoreDtype = "float16" | "float32" | "float64";

/** The manifest stored beside each `.npy` file (format 1). */
export interface EmbeddingManifest {
  /** Manifest format version (1). */
  format: 1;
  /** Which side the rows come from. */
  kind: "vision" | "language";
  /** Model id (lowercase kebab-case). */
  model: string;
  /** Dataset id (lowercase kebab-case). */
  dataset: string;
  /** Dataset split, e.g. "test". */
  split: string;
  /** Number of rows. */
  count: number;
  /** Embedding dimension. */
  dim: number;
  /** Storage dtype of the .npy file. */
  dtype: StoreDtype;
  /** Class index of every row. */
  labels: number[];
  /** Class names in dataset label order. */
  classNames: string[];
  /** The string embedded for every row (language only). */
  texts?: string[];
  /** Item names per row (e.g. image file names), optional. */
  items?: string[];
  /** Free-form preprocessing description. */
  preprocessing: Record<string, unknown>;
  /** sha256 of model file + preprocessing + data. */
  inputHash?: string;
  /** Device used ("cpu", "cuda", "wasm", …). */
  device?: string;
  /** ISO creation time. */
  createdAt?: string;
  /** Command that produced the file. */
  tool?: string;
}

/** Default store root, relative to the working directory. */
export const DEFAULT_STORE_ROOT = "data/embeddings";

const ID = /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/;

/** Paths of the `.npy` and manifest of (dataset, model) under `root`. */
export function storePaths(
  dataset: string,
  model: string,
  root = DEFAULT_STORE_ROOT,
): { npy: string; manifest: string } {
  checkType(
    typeof dataset === "string" && ID.test(dataset),
    "storePaths",
    `dataset must be a lowercase kebab-case id, got '${dataset}'`,
  );
  checkType(
    typeof model === "string" && ID.test(model),
    "storePaths",
    `model must be a lowercase kebab-case id, got '${model}'`,
  );
  const base = join(root, dataset, model);
  return { npy: `${base}.npy`, manifest: `${base}.json` };
}

/** Validates a parsed manifest object (fields, types, counts); returns it typed. `where` names the file in messages. */
export function checkManifest(value: unknown, where = "manifest"): EmbeddingManifest {
  const fn = "checkManifest";
  const m = value as EmbeddingManifest;
  checkType(m !== null && typeof m === "object" && !Array.isArray(m), fn, `${where} must be a JSON object`);
  checkRange(m.format === 1, fn, `${where}: format must be 1, got ${m.format}`);
  checkRange(
    m.kind === "vision" || m.kind === "language",
    fn,
    `${where}: kind must be "vision" or "language", got ${m.kind}`,
  );
  for (const key of ["model", "dataset", "split"] as const) {
    checkType(typeof m[key] === "string", fn, `${where}: ${key} must be a string, got ${typeof m[key]}`);
  }
  checkRange(Number.isInteger(m.count) && m.count >= 0, fn, `${where}: count must be an integer ≥ 0, got ${m.count}`);
  checkRange(Number.isInteger(m.dim) && m.dim >= 1, fn, `${where}: dim must be an integer ≥ 1, got ${m.dim}`);
  checkRange(
    ["float16", "float32", "float64"].includes(m.dtype),
    fn,
    `${where}: dtype must be float16|float32|float64, got ${m.dtype}`,
  );
  checkType(Array.isArray(m.labels), fn, `${where}: labels must be an array`);
  checkRange(
    m.labels.length === m.count,
    fn,
    `${where}: labels must have count=${m.count} entries, got ${m.labels.length}`,
  );
  checkType(Array.isArray(m.classNames), fn, `${where}: classNames must be an array`);
  checkUniqueNames(m.classNames, fn, `${where}: classNames`);
  for (let i = 0; i < m.labels.length; i++) {
    const y = m.labels[i];
    checkRange(
      Number.isInteger(y) && y >= 0 && y < m.classNames.length,
      fn,
      `${where}: labels[${i}] must be a class index in [0, ${m.classNames.length - 1}], got ${y}`,
    );
  }
  if (m.texts !== undefined) {
    checkRange(
      Array.isArray(m.texts) && m.texts.length === m.count,
      fn,
      `${where}: texts must have count=${m.count} entries`,
    );
  }
  if (m.items !== undefined) {
    checkRange(
      Array.isArray(m.items) && m.items.length === m.count,
      fn,
      `${where}: items must have count=${m.count} entries`,
    );
  }
  checkType(
    m.preprocessing !== null && typeof m.preprocessing === "object",
    fn,
    `${where}: preprocessing must be an object`,
  );
  return m;
}

/** A loaded store entry: the labelled rows and their manifest. */
export interface StoredEmbeddings {
  /** Rows with labels and class names. */
  set: EmbeddingSet;
  /** The manifest as stored. */
  manifest: EmbeddingManifest;
}

/** Reads a manifest file and its `.npy` (same path with `.npy`), checking that shape and manifest agree. */
export function readEmbeddingsFile(manifestPath: string): StoredEmbeddings {
  const fn = "readEmbeddingsFile";
  checkType(typeof manifestPath === "string", fn, "manifestPath must be a string");
  const npyPath = manifestPath.replace(/\.json$/, "") + ".npy";
  if (!existsSync(manifestPath)) throw new DataNotFoundError(manifestPath, "run `deno task embed` to create it");
  if (!existsSync(npyPath)) throw new DataNotFoundError(npyPath, "run `deno task embed` to create it");
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch (error) {
    throw new RangeError(`${fn}: ${manifestPath} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const manifest = checkManifest(parsed, manifestPath);
  const array = fromNpy(readFileSync(npyPath), npyPath);
  checkRange(
    array.shape.length === 2,
    fn,
    `${npyPath} must be 2-D (rows × dim), got shape [${array.shape.join(", ")}]`,
  );
  const [rows, dim] = array.shape;
  checkRange(
    rows === manifest.count && dim === manifest.dim,
    fn,
    `${npyPath} has shape ${rows}×${dim}, manifest says ${manifest.count}×${manifest.dim}`,
  );
  const vectors: Matrix = { rows, cols: dim, data: array.data };
  return { set: createEmbeddingSet(vectors, manifest.labels, manifest.classNames), manifest };
}

/** Reads (dataset, model) from the store under `root`. Missing files throw DataNotFoundError. */
export function readEmbeddings(dataset: string, model: string, root = DEFAULT_STORE_ROOT): StoredEmbeddings {
  return readEmbeddingsFile(storePaths(dataset, model, root).manifest);
}

/**
 * Writes rows and manifest atomically (npy first, manifest last, so a manifest always describes a complete npy).
 * `count`, `dim`, `dtype` and `labels` of the manifest are taken from the arguments; other fields from `manifest`.
 * Returns the two paths.
 */
export function writeEmbeddings(
  set: EmbeddingSet,
  manifest: Omit<EmbeddingManifest, "count" | "dim" | "labels" | "dtype" | "format" | "classNames"> & {
    dtype?: StoreDtype;
    classNames?: string[];
  },
  root = DEFAULT_STORE_ROOT,
): { npy: string; manifest: string } {
  const fn = "writeEmbeddings";
  const paths = storePaths(manifest.dataset, manifest.model, root);
  const dtype = manifest.dtype ?? "float32";
  const classNames = manifest.classNames ?? (set.classNames ? [...set.classNames] : null);
  checkType(classNames !== null, fn, "class names are needed (in the set or the manifest)");
  const full: EmbeddingManifest = {
    ...manifest,
    format: 1,
    count: set.vectors.rows,
    dim: set.vectors.cols,
    dtype,
    labels: Array.from(set.labels),
    classNames,
    createdAt: manifest.createdAt ?? new Date().toISOString(),
  };
  checkManifest(full, fn);
  writeFileAtomic(paths.npy, toNpy(set.vectors.data, [set.vectors.rows, set.vectors.cols], dtype));
  writeFileAtomic(paths.manifest, JSON.stringify(full, null, 1) + "\n");
  return paths;
}

/** Outcome of {@link checkStoredEntry}: a reusable entry with its manifest, or why it must be (re)computed. */
export type StoredEntryCheck = { hit: true; manifest: EmbeddingManifest } | { hit: false; reason: string };

/** What a cache hit must match. */
export interface StoredEntryExpectation {
  /** sha256 of the inputs (model, preprocessing, data). */
  inputHash: string;
  /** Storage dtype asked for. */
  dtype: StoreDtype;
  /** Extra rule on the manifest: a reason to recompute, or null (e.g. a strict run after a run that skipped images). */
  accept?: (manifest: EmbeddingManifest) => string | null;
}

/**
 * Whether the store entry at `paths` can be reused without recomputing: both files exist, the manifest parses and
 * validates, its inputHash and dtype match, the `.npy` header's shape and dtype agree with the manifest and the file
 * holds exactly the bytes they need (a truncated or foreign `.npy` is a miss), and `accept` has no objection.
 */
export function checkStoredEntry(
  paths: { npy: string; manifest: string },
  expected: StoredEntryExpectation,
): StoredEntryCheck {
  if (!existsSync(paths.manifest) || !existsSync(paths.npy)) return { hit: false, reason: "no stored entry" };
  let manifest: EmbeddingManifest;
  try {
    manifest = checkManifest(JSON.parse(readFileSync(paths.manifest, "utf8")), paths.manifest);
  } catch (error) {
    return { hit: false, reason: `unreadable manifest (${(error as Error).message})` };
  }
  if (manifest.inputHash !== expected.inputHash) return { hit: false, reason: "inputs changed" };
  if (manifest.dtype !== expected.dtype) {
    return { hit: false, reason: `stored dtype ${manifest.dtype}, asked for ${expected.dtype}` };
  }
  let header;
  try {
    header = readNpyHeader(paths.npy);
  } catch (error) {
    return { hit: false, reason: `unreadable ${paths.npy} (${(error as Error).message})` };
  }
  const [rows, dim] = header.shape;
  if (header.shape.length !== 2 || rows !== manifest.count || dim !== manifest.dim) {
    return {
      hit: false,
      reason: `${paths.npy} has shape (${header.shape.join(", ")}), manifest says ${manifest.count}×${manifest.dim}`,
    };
  }
  if (header.dtype !== manifest.dtype) {
    return { hit: false, reason: `${paths.npy} holds ${header.dtype}, manifest says ${manifest.dtype}` };
  }
  const needed = header.dataStart + header.dataBytes;
  if (header.fileBytes !== needed) {
    return { hit: false, reason: `${paths.npy} has ${header.fileBytes} bytes, its shape needs ${needed}` };
  }
  const objection = expected.accept?.(manifest) ?? null;
  return objection === null ? { hit: true, manifest } : { hit: false, reason: objection };
}
