/**
 * One run of the paper's class-level matching from labelled embedding rows (docs/method.md, "Class vectors"; Pitfalls
 * P1, P13): the run's random half of the vision rows (torch-compatible `randperm`), class means of raw rows then
 * L2-normalised on both sides (language over all its rows), then {@link blindMatch} — or {@link blindMatchSubset} for a
 * class subset.
 * @module
 */
import { checkInteger, checkRange, checkType } from "../core/errors.ts";
import type { Matrix } from "../core/matrix.ts";
import { classVectors, type EmbeddingSet } from "../embeddings/embedding_set.ts";
import { randomHalf } from "../embeddings/seeds.ts";
import { blindMatch, type BlindMatchOptions, type BlindMatchResult, blindMatchSubset } from "./blind_match.ts";

/** Options of {@link matchEmbeddingSets}: those of blindMatch plus the run seed and an optional class subset. */
export interface EmbeddingMatchOptions extends BlindMatchOptions {
  /** Run seed (e.g. from `paperSeeds(PAPER_BASE_SEED, m)`) choosing the random half of the vision rows; null: all. */
  seed?: number | null;
  /** Class subset (docs/method.md, "Subsets and unsupervised classification"); default all classes. */
  subset?: ArrayLike<number> | null;
}

/**
 * The class vectors of one run (docs/method.md, "Class vectors"): vision rows averaged over the run's random half
 * (`seed`; null: all rows), language rows over all rows, both L2-normalised, in the data set's label order. Class names
 * must agree when both sets carry them (Pitfalls P18).
 */
export function embeddingClassVectors(
  vision: EmbeddingSet,
  language: EmbeddingSet,
  seed: number | null = null,
  fn = "embeddingClassVectors",
): { vision: Matrix; language: Matrix } {
  checkType(
    vision?.labels instanceof Int32Array && language?.labels instanceof Int32Array,
    fn,
    "vision and language must be EmbeddingSets",
  );
  const classCount = language.classNames?.length ?? Math.max(...language.labels) + 1;
  if (vision.classNames && language.classNames) {
    checkRange(
      vision.classNames.length === language.classNames.length &&
        vision.classNames.every((name, i) => name === language.classNames![i]),
      fn,
      "vision and language class names differ (both sides must be in dataset label order)",
    );
  }
  const rows = seed === null ? null : randomHalf(vision.vectors.rows, checkInteger(seed, fn, "seed", 0, 4294967295));
  return {
    vision: classVectors(vision, { classCount, rowIndices: rows }),
    language: classVectors(language, { classCount }),
  };
}

/**
 * Matches the classes of `vision` (e.g. image rows) to those of `language` (e.g. prompt rows) with the class vectors
 * of {@link embeddingClassVectors}; both label sets use the dataset's label order, so the truth is the identity.
 */
export function matchEmbeddingSets(
  vision: EmbeddingSet,
  language: EmbeddingSet,
  options: EmbeddingMatchOptions = {},
): BlindMatchResult {
  const { seed = null, subset = null, ...rest } = options;
  const vectors = embeddingClassVectors(vision, language, seed, "matchEmbeddingSets");
  return subset === null
    ? blindMatch(vectors.vision, vectors.language, rest)
    : blindMatchSubset(vectors.vision, vectors.language, subset, rest);
}
