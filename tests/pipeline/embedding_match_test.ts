import assert from "node:assert/strict";
import { Rng } from "../../lib/core/rng.ts";
import { createEmbeddingSet } from "../../lib/embeddings/embedding_set.ts";
import { embeddingClassVectors, matchEmbeddingSets } from "../../lib/pipeline/embedding_match.ts";
import { classVectors } from "../../lib/embeddings/embedding_set.ts";
import { randomHalf } from "../../lib/embeddings/seeds.ts";
import { plantedPair } from "../kernels/_planted.ts";

/** Rows scattered around planted class vectors: 12 vision rows and 3 language rows ("prompts") per class. */
function labelledRows(seed: number) {
  const n = 8, d = 16;
  const { vision, language } = plantedPair(n, d, seed, 0.01);
  const rng = new Rng(seed + 1);
  const spread = (base: Float64Array, perClass: number, noise: number) => {
    const data = new Float64Array(n * perClass * d), labels: number[] = [];
    for (let r = 0; r < n * perClass; r++) {
      const c = r % n;
      labels.push(c);
      for (let t = 0; t < d; t++) data[r * d + t] = base[c * d + t] + noise * rng.normal();
    }
    return { data, labels, rows: n * perClass };
  };
  const names = ["a", "b", "c", "d", "e", "f", "g", "h"];
  const v = spread(vision.data, 12, 0.02), l = spread(language.data, 3, 0.01);
  return {
    vision: createEmbeddingSet({ rows: v.rows, cols: d, data: v.data }, v.labels, names),
    language: createEmbeddingSet({ rows: l.rows, cols: d, data: l.data }, l.labels, names),
  };
}

Deno.test("matchEmbeddingSets(vision, language, {seed}) recovers the planted classes from a random half", () => {
  const { vision, language } = labelledRows(3);
  const r = matchEmbeddingSets(vision, language, { seed: 734796314, solver: "brute-force" });
  assert.equal(r.accuracy, 1);
  const sub = matchEmbeddingSets(vision, language, { seed: 734796314, solver: "brute-force", subset: [0, 2, 3, 6] });
  assert.equal(sub.problem.n, 4);
  assert.equal(sub.accuracy, 1);
});

Deno.test("matchEmbeddingSets(vision, language) rejects class names in different orders", () => {
  const { vision, language } = labelledRows(4);
  const shuffled = createEmbeddingSet(language.vectors, language.labels, ["b", "a", "c", "d", "e", "f", "g", "h"]);
  assert.throws(() => matchEmbeddingSets(vision, shuffled, { solver: "brute-force" }), /class names differ/);
});

Deno.test("embeddingClassVectors(vision, language, seed) averages the seed's random half of the vision rows", () => {
  const { vision, language } = labelledRows(5);
  const half = embeddingClassVectors(vision, language, 7);
  assert.deepEqual(
    Array.from(half.vision.data),
    Array.from(classVectors(vision, { classCount: 8, rowIndices: randomHalf(vision.vectors.rows, 7) }).data),
  );
  assert.deepEqual(Array.from(half.language.data), Array.from(classVectors(language, { classCount: 8 }).data));
  const all = embeddingClassVectors(vision, language, null);
  assert.deepEqual(Array.from(all.vision.data), Array.from(classVectors(vision, { classCount: 8 }).data));
  assert.throws(() => embeddingClassVectors(vision, language, -1), /embeddingClassVectors: seed must be/);
});
