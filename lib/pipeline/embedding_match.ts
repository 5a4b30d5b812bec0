/**
 * One run of the paper's class-level matching from labelled embedding rows (spec §1.1, §4.0, P1, P13): the run's
 * random half of the vision rows (torch-compatible `randperm`), class means of raw rows then L2-normalised on both
 * sides (language over all its rows), then {@link blindMatch} — or {@link blindMatchSubset} for a class subset.
 * @module
 */
import { checkInteger, checkRange, checkType } from "../core/errors.ts";
import { classVectors, type EmbeddingSet } from "../embeddings/embedding_set.ts";
import { randomHalf } from "../embeddings/seeds.ts";
import { blindMatch, type BlindMatchOptions, type BlindMatchResult, blindMatchSubset } from "./blind_match.ts";

/** Options of {@link matchEmbeddingSets}: those of blindMatch plus the run seed and an optional class subset. */
export interface EmbeddingMatchOptions extends BlindMatchOptions {
  /** Run seed (e.g. from paperSeeds(42, m)) choosing the random half of the vision rows; null = all rows. */
  seed?: number | null;
  /** Class subset (spec §3); default all classes. */
  subset?: ArrayLike<number> | null;
}

/**
 * Matches the classes of `vision` (e.g. image rows) to those of `language` (e.g. prompt rows); both label sets use the
 * dataset's label order, so the truth is the identity. Class names must agree when both sets carry them (P18).
 */
export function matchEmbeddingSets(
  vision: EmbeddingSet,
  language: EmbeddingSet,
  options: EmbeddingMatchOptions = {},
): BlindMatchResult {
  const fn = "matchEmbeddingSets";
  checkType(
    vision?.labels instanceof Int32Array && language?.labels instanceof Int32Array,
    fn,
    "vision and language must be EmbeddingSets",
  );
  const { seed = null, subset = null, ...rest } = options;
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
  const visionVectors = classVectors(vision, { classCount, rowIndices: rows });
  const languageVectors = classVectors(language, { classCount });
  return subset === null
    ? blindMatch(visionVectors, languageVectors, rest)
    : blindMatchSubset(visionVectors, languageVectors, subset, rest);
}
