/**
 * A tiny synthetic embedding store for the study tests, written to a temp folder:
 * - "toy-classes": 6 classes × 20 images; vision "toy-net" = class prototype + noise (raw, offset), "toy-net-b" =
 *   a noisier copy; language "toy-lang" = 3 strings per class, each an orthogonal map (coordinate swap + sign flip)
 *   of the prototype + small noise, so the true pairing has near-identical kernels.
 * - "toy-pairs": 12 images, each its own class (like coco-mini); vision "toy-net", "pixels-8" (the "images"),
 *   "random-mobilenet-v1-0.75" (tanh of a random projection of the pixels; stored under a control id that
 *   lib/embed/vision_models.ts knows, so its family is a control's); language "toy-lang" with 2 captions per image.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rng } from "../../lib/core/rng.ts";
import { createEmbeddingSet } from "../../lib/embeddings/embedding_set.ts";
import { readEmbeddings, writeEmbeddings } from "../../lib/embeddings/store.ts";

function write(
  root: string,
  dataset: string,
  model: string,
  kind: "vision" | "language",
  rows: number[][],
  labels: number[],
  classCount: number,
): void {
  const dim = rows[0].length;
  const set = createEmbeddingSet({ rows: rows.length, cols: dim, data: Float64Array.from(rows.flat()) }, labels);
  const classNames = Array.from({ length: classCount }, (_, c) => `class ${c}`);
  writeEmbeddings(set, {
    kind,
    model,
    dataset,
    split: "test",
    classNames,
    dtype: "float64",
    preprocessing: { synthetic: true },
    ...(kind === "language" ? { texts: labels.map((y, i) => `text ${i} of class ${y}`) } : {}),
  }, root);
}

/** Orthogonal map used for the language side: reverse the coordinates and flip every other sign. */
function mapLanguage(x: number[]): number[] {
  return x.slice().reverse().map((v, i) => (i % 2 ? -v : v));
}

/** Writes the synthetic store; returns its root and a cleanup function. */
export function makeSyntheticStore(): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), "study-store-"));
  const rng = new Rng(1234);
  const dim = 8;
  const draw = (scale: number) => Array.from({ length: dim }, () => scale * rng.normal());

  // toy-classes: 6 well-separated prototypes
  const classes = 6, perClass = 20;
  const protos = Array.from({ length: classes }, () => draw(3));
  const visionA: number[][] = [], visionB: number[][] = [], labels: number[] = [];
  for (let c = 0; c < classes; c++) {
    for (let t = 0; t < perClass; t++) {
      visionA.push(protos[c].map((v, j) => v + 0.5 * rng.normal() + (j === 0 ? 5 : 0)));
      visionB.push(protos[c].map((v) => v + 2.5 * rng.normal()));
      labels.push(c);
    }
  }
  write(root, "toy-classes", "toy-net", "vision", visionA, labels, classes);
  write(root, "toy-classes", "toy-net-b", "vision", visionB, labels, classes);
  const langRows: number[][] = [], langLabels: number[] = [];
  for (let c = 0; c < classes; c++) {
    for (let s = 0; s < 3; s++) {
      langRows.push(mapLanguage(protos[c]).map((v) => v + 0.2 * rng.normal()));
      langLabels.push(c);
    }
  }
  write(root, "toy-classes", "toy-lang", "language", langRows, langLabels, classes);

  // toy-pairs: 12 images, each its own class
  const items = 12, pixelDim = 16;
  const pixels = Array.from({ length: items }, () => Array.from({ length: pixelDim }, () => rng.normal()));
  const projection = Array.from({ length: dim }, () => Array.from({ length: pixelDim }, () => rng.normal() / 4));
  const randomNet = pixels.map((x) => projection.map((w) => Math.tanh(w.reduce((s, wj, j) => s + wj * x[j], 0))));
  const pairProtos = Array.from({ length: items }, () => draw(1));
  const ids = Array.from({ length: items }, (_, i) => i);
  write(
    root,
    "toy-pairs",
    "toy-net",
    "vision",
    pairProtos.map((p) => p.map((v) => v + 0.1 * rng.normal())),
    ids,
    items,
  );
  write(root, "toy-pairs", "pixels-8", "vision", pixels, ids, items);
  write(root, "toy-pairs", "random-mobilenet-v1-0.75", "vision", randomNet, ids, items);
  const caps: number[][] = [], capLabels: number[] = [];
  for (let i = 0; i < items; i++) {
    for (let s = 0; s < 2; s++) {
      caps.push(mapLanguage(pairProtos[i]).map((v) => v + 0.1 * rng.normal()));
      capLabels.push(i);
    }
  }
  write(root, "toy-pairs", "toy-lang", "language", caps, capLabels, items);
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * Stores a copy of `dataset`/`from` under the model id `to` in the store `root` (a second language model with the
 * same vectors, e.g. to stand in for the CLIP text vectors next to "toy-lang").
 */
export function copyStoredModel(root: string, dataset: string, from: string, to: string): void {
  const stored = readEmbeddings(dataset, from, root);
  writeEmbeddings(stored.set, { ...stored.manifest, model: to }, root);
}
