/**
 * Per-file sha256 checksums of shipped data: a folder's `manifest.json` lists `files: { name: { sha256, bytes, … } }`
 * and {@link readVerified} refuses a file whose bytes do not match, with a one-line error naming the file.
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { writeFileAtomic } from "../core/atomic.ts";
import { DataNotFoundError } from "../core/errors.ts";

/** One file's entry in a checksum manifest (provenance fields are free-form beside these two). */
export interface ChecksumEntry {
  /** sha256 of the file, lowercase hex. */
  readonly sha256: string;
  /** File size in bytes. */
  readonly bytes: number;
  readonly [key: string]: unknown;
}

/** A folder's `manifest.json`. */
export interface ChecksumManifest {
  /** Free-form notes (provenance of the folder as a whole). */
  readonly [key: string]: unknown;
  /** Entries by file name (relative to the manifest's folder). */
  readonly files: Readonly<Record<string, ChecksumEntry>>;
}

/** A shipped file whose bytes do not match the checksum recorded for it. */
export class ChecksumMismatchError extends Error {
  /** The refused file. */
  readonly path: string;
  constructor(path: string, expected: string, actual: string, manifest: string) {
    super(
      `${path} is corrupt or was changed: sha256 ${actual.slice(0, 12)}… does not match ${
        expected.slice(0, 12)
      }… recorded in ${manifest}; restore it from the repository (git checkout)`,
    );
    this.name = "ChecksumMismatchError";
    this.path = path;
  }
}

/** sha256 of bytes, lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Reads `<dir>/manifest.json`; a missing manifest throws DataNotFoundError. */
export function readChecksumManifest(dir: string): ChecksumManifest {
  const path = join(dir, "manifest.json");
  if (!existsSync(path)) throw new DataNotFoundError(path, "the checksum manifest of the shipped data is missing");
  return JSON.parse(readFileSync(path, "utf8")) as ChecksumManifest;
}

/**
 * Reads `path` and checks its sha256 against the entry for its file name in the `manifest.json` beside it; throws
 * ChecksumMismatchError (one line, naming the file) on a mismatch, DataNotFoundError when the file or its entry is
 * missing.
 *
 * @example
 * const bytes = readVerified("data/clip-text/detic-vit-b32/coco_clip_a+cname.npy");
 */
export function readVerified(path: string): Uint8Array {
  if (!existsSync(path)) throw new DataNotFoundError(path, "shipped data file missing (see data/README.md)");
  const dir = dirname(path);
  const entry = readChecksumManifest(dir).files[basename(path)];
  if (!entry) throw new DataNotFoundError(path, `no checksum for it in ${join(dir, "manifest.json")}`);
  const bytes = readFileSync(path);
  const actual = sha256Hex(bytes);
  if (actual !== entry.sha256) throw new ChecksumMismatchError(path, entry.sha256, actual, join(dir, "manifest.json"));
  return bytes;
}

/**
 * Writes (or updates) the checksum entries of `files` (names relative to `dir`) in `<dir>/manifest.json`, keeping
 * other entries and fields; `extra` adds provenance fields per file.
 */
export function recordChecksums(
  dir: string,
  files: readonly string[],
  extra: Readonly<Record<string, Record<string, unknown>>> = {},
): void {
  const path = join(dir, "manifest.json");
  const manifest = existsSync(path)
    ? JSON.parse(readFileSync(path, "utf8")) as { files?: Record<string, ChecksumEntry> }
    : {};
  const entries: Record<string, ChecksumEntry> = { ...manifest.files };
  for (const name of files) {
    const bytes = readFileSync(join(dir, name));
    entries[name] = { ...entries[name], ...extra[name], sha256: sha256Hex(bytes), bytes: bytes.length };
  }
  const sorted = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)));
  writeFileAtomic(path, JSON.stringify({ ...manifest, files: sorted }, null, 2) + "\n");
}
