/**
 * Data of one study run: the stored vision and language embeddings of a data set, the class vectors of a seed (vision:
 * mean over that seed's random half of the images, docs/method.md Pitfalls P13; language: all strings), and their
 * standardised kernels. Stores are read once per process (memoised by path).
 * @module
 */
import { type Matrix, selectRows } from "../core/matrix.ts";
import { DEFAULT_STORE_ROOT, readEmbeddings, type StoredEmbeddings } from "../embeddings/store.ts";
import { buildKernel } from "../kernels/metrics.ts";
import { standardizeKernel } from "../kernels/standardize.ts";
import { subsetKernelPair } from "../pipeline/blind_match.ts";
import { embeddingClassVectors } from "../pipeline/embedding_match.ts";
import { optimalSubsets } from "../subsets/select.ts";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const cache = new Map<string, StoredEmbeddings>();

/** Reads (dataset, model) from the embedding store once per process. */
export function loadStored(dataset: string, model: string, root = DEFAULT_STORE_ROOT): StoredEmbeddings {
  const key = `${root}\u0000${dataset}\u0000${model}`;
  let hit = cache.get(key);
  if (!hit) cache.set(key, hit = readEmbeddings(dataset, model, root));
  return hit;
}

/** Model ids of `kind` stored for `dataset` (sorted), read from the manifests. */
export function storedModels(dataset: string, kind: "vision" | "language", root = DEFAULT_STORE_ROOT): string[] {
  const dir = join(root, dataset);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .filter((f) => {
      try {
        return JSON.parse(readFileSync(join(dir, f), "utf8")).kind === kind;
      } catch {
        return false;
      }
    })
    .map((f) => f.replace(/\.json$/, ""))
    .sort();
}

/** Options of {@link runClassVectors}. */
export interface RunDataOptions {
  /** Use a seeded random half of the images (Pitfalls P13); false: all (e.g. one image per class). Default true. */
  half?: boolean;
  /** Embedding store root. */
  root?: string;
  /** Restrict to these class indices, in this order (subsets). */
  classes?: readonly number[] | null;
}

/** Vision and language class vectors of one run (rows in class order; identity = ground truth). */
export function runClassVectors(
  dataset: string,
  vision: string,
  language: string,
  seed: number,
  options: RunDataOptions = {},
): { vision: Matrix; language: Matrix; classNames: readonly string[] } {
  const root = options.root ?? DEFAULT_STORE_ROOT;
  const v = loadStored(dataset, vision, root), l = loadStored(dataset, language, root);
  const classCount = l.manifest.classNames.length;
  if (v.manifest.classNames.length !== classCount) {
    throw new RangeError(
      `runClassVectors: ${dataset}/${vision} has ${v.manifest.classNames.length} classes, ${dataset}/${language} has ${classCount}`,
    );
  }
  const vectors = embeddingClassVectors(v.set, l.set, options.half ?? true ? seed : null, "runClassVectors");
  let visionVectors = vectors.vision, languageVectors = vectors.language;
  let classNames: readonly string[] = l.manifest.classNames;
  if (options.classes) {
    visionVectors = selectRows(visionVectors, options.classes);
    languageVectors = selectRows(languageVectors, options.classes);
    classNames = options.classes.map((c) => l.manifest.classNames[c]);
  }
  return { vision: visionVectors, language: languageVectors, classNames };
}

/** Standardised kernels of `metric` on both sides (docs/method.md, "Standardisation"). */
export function standardizedKernels(
  vectors: { vision: Matrix; language: Matrix },
  metric: string,
  k?: number,
): { vision: Matrix; language: Matrix } {
  const options = k === undefined ? {} : { k };
  return {
    vision: standardizeKernel(buildKernel(vectors.vision, metric, options)),
    language: standardizeKernel(buildKernel(vectors.language, metric, options)),
  };
}

/**
 * Kernels of a run on a class subset, as the original builds them (Pitfalls P12): the language kernel is standardised
 * over ALL classes and then restricted; the vision class vectors (of the seed's half) are restricted first and their
 * kernel is standardised over the subset only.
 */
export function subsetKernels(
  dataset: string,
  vision: string,
  language: string,
  seed: number,
  classes: readonly number[],
  metric: string,
  options: { half?: boolean; root?: string; k?: number } = {},
): { vision: Matrix; language: Matrix } {
  const all = runClassVectors(dataset, vision, language, seed, { half: options.half, root: options.root });
  return subsetKernelPair(all.vision, all.language, classes, metric, { k: options.k });
}

const subsetCache = new Map<string, number[][]>();

/**
 * The `best` best class subsets of `size` for (dataset, vision, language) (docs/method.md, "Subsets and unsupervised
 * classification": class means over ALL images, GW kernels standardised over all classes, identity-matching distortion
 * minimised). Memoised per process.
 */
export function bestSubsets(
  dataset: string,
  vision: string,
  language: string,
  size: number,
  best: number,
  options: { root?: string; restarts?: number } = {},
): number[][] {
  const key = [options.root ?? DEFAULT_STORE_ROOT, dataset, vision, language, size, best, options.restarts ?? 0].join(
    "\u0000",
  );
  let hit = subsetCache.get(key);
  if (!hit) {
    const all = runClassVectors(dataset, vision, language, 0, { half: false, root: options.root });
    const result = optimalSubsets(all.vision, all.language, size, {
      best,
      ...(options.restarts ? { restarts: options.restarts } : {}),
    });
    hit = result.subsets.map((s) => Array.from(s.indices));
    subsetCache.set(key, hit);
  }
  return hit;
}
