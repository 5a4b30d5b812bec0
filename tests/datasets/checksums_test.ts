import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DataNotFoundError } from "../../lib/core/errors.ts";
import { ChecksumMismatchError, readVerified, recordChecksums } from "../../lib/datasets/checksums.ts";
import { loadShippedDataset, SHIPPED_DATASET_FILES } from "../../lib/datasets/shipped.ts";
import { openClipTextModel } from "../../lib/embed/clip_text.ts";
import { CIFAR10_CLASSES } from "../../lib/datasets/prompts.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Copies `files` (repository-relative) and the manifest.json of their folder into a fresh root; returns it. */
function copyRoot(files: string[]): string {
  const root = mkdtempSync("/tmp/checksums-");
  for (const f of files) {
    const dir = f.slice(0, f.lastIndexOf("/"));
    mkdirSync(join(root, dir), { recursive: true });
    copyFileSync(join(ROOT, f), join(root, f));
    copyFileSync(join(ROOT, dir, "manifest.json"), join(root, dir, "manifest.json"));
  }
  return root;
}

/** Flips one byte of a file. */
function corrupt(path: string, at: number): void {
  const bytes = readFileSync(path);
  bytes[at] ^= 0xff;
  writeFileSync(path, bytes);
}

const oneLine = (e: unknown) => e instanceof ChecksumMismatchError && !e.message.includes("\n");

Deno.test("readVerified returns the bytes of a file that matches its manifest and refuses a changed one", () => {
  const dir = mkdtempSync("/tmp/checksums-");
  try {
    writeFileSync(join(dir, "a.txt"), "hello");
    recordChecksums(dir, ["a.txt"], { "a.txt": { source: "test" } });
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    assert.equal(manifest.files["a.txt"].bytes, 5);
    assert.equal(manifest.files["a.txt"].source, "test");
    assert.equal(new TextDecoder().decode(readVerified(join(dir, "a.txt"))), "hello");
    writeFileSync(join(dir, "a.txt"), "hellO");
    assert.throws(
      () => readVerified(join(dir, "a.txt")),
      (e: unknown) => oneLine(e) && /a\.txt is corrupt or was changed: sha256/.test((e as Error).message),
    );
    writeFileSync(join(dir, "b.txt"), "no entry");
    assert.throws(() => readVerified(join(dir, "b.txt")), DataNotFoundError);
    assert.throws(() => readVerified(join(dir, "missing.txt")), DataNotFoundError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("loadShippedDataset refuses a corrupted copy of a shipped pack", () => {
  const file = SHIPPED_DATASET_FILES["imagenet100"];
  const root = copyRoot([file]);
  try {
    assert.equal(loadShippedDataset("imagenet100", root).items.length, 100);
    corrupt(join(root, file), 5000);
    assert.throws(
      () => loadShippedDataset("imagenet100", root),
      (e: unknown) => oneLine(e) && (e as Error).message.includes("imagenet100-sample.bmpack"),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

Deno.test("the CLIP text vectors are refused when a copy is corrupted", () => {
  const folder = "data/clip-text/detic-vit-b32";
  const files = [
    "lvis_v1_clip_a+cname.npy",
    "lvis_v1_names.txt",
    "o365_clip_a+cnamefix.npy",
    "Objects365_names_fix.csv",
  ]
    .map((f) => `${folder}/${f}`);
  const root = copyRoot(files);
  try {
    assert.equal(openClipTextModel("clip-vit-b32-text", "cifar10", CIFAR10_CLASSES, ROOT).embedder.dim, 512);
    corrupt(join(root, folder, "o365_clip_a+cnamefix.npy"), 1000);
    assert.throws(
      () => openClipTextModel("clip-vit-b32-text", "cifar10", CIFAR10_CLASSES, root),
      (e: unknown) => oneLine(e) && (e as Error).message.includes("o365_clip_a+cnamefix.npy"),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

Deno.test("every shipped data file listed in a manifest matches its checksum", () => {
  for (const dir of ["data/datasets", "data/clip-text/vit-l14-imagenet1k", "data/clip-text/detic-vit-b32"]) {
    const manifest = JSON.parse(readFileSync(join(ROOT, dir, "manifest.json"), "utf8"));
    const names = Object.keys(manifest.files);
    assert.ok(names.length >= 4, dir);
    for (const name of names) readVerified(join(ROOT, dir, name));
  }
});
