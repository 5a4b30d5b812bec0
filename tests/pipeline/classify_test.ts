import assert from "node:assert/strict";
import { Rng } from "../../lib/core/rng.ts";
import { classVectors, createEmbeddingSet } from "../../lib/embeddings/embedding_set.ts";
import { classifyUnsupervised, classKernel, clusterRows, matchClusters } from "../../lib/pipeline/classify.ts";
import { assertPermutation } from "../_helpers/assert.ts";

/** 6 classes of points around random means; language class vectors = the true means with permuted features. */
function toyDataset(seed: number, spread: number) {
  const rng = new Rng(seed);
  const k = 6, d = 12, perClass = 40;
  const means = Float64Array.from({ length: k * d }, () => rng.normal());
  const rows = new Float64Array(k * perClass * d), labels: number[] = [];
  for (let i = 0; i < k * perClass; i++) {
    const y = i % k;
    labels.push(y);
    for (let t = 0; t < d; t++) rows[i * d + t] = means[y * d + t] + spread * rng.normal();
  }
  const vision = createEmbeddingSet({ rows: k * perClass, cols: d, data: rows }, labels);
  const perm = rng.permutation(d);
  const language = new Float64Array(k * d);
  const meanSet = createEmbeddingSet({ rows: k, cols: d, data: means }, [0, 1, 2, 3, 4, 5]);
  const normalised = classVectors(meanSet);
  for (let c = 0; c < k; c++) for (let t = 0; t < d; t++) language[c * d + perm[t]] = normalised.data[c * d + t];
  return { vision, language: { rows: k, cols: d, data: language } };
}

Deno.test("classifyUnsupervised(vision, language) labels separable clusters correctly (accuracy = oracle = 1)", () => {
  const { vision, language } = toyDataset(1, 0.05);
  const r = classifyUnsupervised(vision, language, { kmeans: { nInit: 3, seed: 42 }, solver: "brute-force" });
  assertPermutation(r.clusterToClass, 6);
  assert.equal(r.oracleAccuracy, 1);
  assert.equal(r.accuracy, 1);
  assert.equal(r.matchingAccuracy, 1);
});

Deno.test("classifyUnsupervised(vision, language, {rowIndices}) keeps its invariants on noisy data", () => {
  const { vision, language } = toyDataset(2, 0.8);
  const half = new Rng(5).permutation(240).subarray(0, 120);
  const r = classifyUnsupervised(vision, language, {
    rowIndices: half,
    kmeans: { nInit: 2, seed: 42 },
    solver: "brute-force",
  });
  assert.equal(r.predicted.length, 120);
  assert.ok(r.accuracy <= r.oracleAccuracy + 1e-12, "no cluster→class map beats the oracle");
  assert.ok(r.matchingAccuracy >= 0 && r.matchingAccuracy <= 1);
  for (let t = 0; t < 120; t++) assert.equal(r.predicted[t], r.clusterToClass[r.clusterLabels[t]]);
});

Deno.test("classifyUnsupervised(vision, language) rejects labels without a class vector", () => {
  const { vision, language } = toyDataset(3, 0.1);
  const five = { rows: 5, cols: 12, data: language.data.slice(0, 60) };
  assert.throws(() => classifyUnsupervised(vision, five, { solver: "brute-force" }), /has no language class vector/);
});

Deno.test("clusterRows + matchClusters: one clustering matched to two class kernels equals two classifyUnsupervised runs", () => {
  const { vision, language } = toyDataset(4, 0.6);
  const options = { kmeans: { nInit: 2, seed: 42 }, solver: "brute-force" };
  const clustered = clusterRows(vision, 6, { kmeans: options.kmeans });
  const reversed = { rows: 6, cols: 12, data: new Float64Array(72) };
  for (let c = 0; c < 6; c++) reversed.data.set(language.data.subarray((5 - c) * 12, (6 - c) * 12), c * 12);
  for (const classes of [language, reversed]) {
    const split = matchClusters(clustered, classKernel(classes), { solver: "brute-force" });
    const whole = classifyUnsupervised(vision, classes, options);
    assert.deepEqual(Array.from(split.clusterToClass), Array.from(whole.clusterToClass));
    assert.equal(split.accuracy, whole.accuracy);
    assert.equal(split.oracleAccuracy, whole.oracleAccuracy);
  }
  assert.throws(
    () => matchClusters(clustered, classKernel({ rows: 5, cols: 12, data: language.data.slice(0, 60) })),
    /^RangeError: matchClusters: languageKernel must be 6×6, got 5×5$/,
  );
});
