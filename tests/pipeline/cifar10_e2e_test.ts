/**
 * End-to-end on the shipped CIFAR-10 embeddings (data/embeddings/cifar10, made by `deno task embed` /
 * `deno task embed-text`): random half per paper seed → class vectors → GW kernels → FHG → accuracy beside the random
 * baseline; and the unsupervised classifier on one half. Asserts invariants only, never a tuned accuracy.
 * Skipped (ignored) when the embeddings are not present.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { classVectors } from "../../lib/embeddings/embedding_set.ts";
import { PAPER_BASE_SEED, paperSeeds, randomHalf } from "../../lib/embeddings/seeds.ts";
import { readEmbeddings } from "../../lib/embeddings/store.ts";
import { classifyUnsupervised } from "../../lib/pipeline/classify.ts";
import { blindMatch } from "../../lib/pipeline/blind_match.ts";
import { assertPermutation } from "../_helpers/assert.ts";

const ROOT = join(new URL("../..", import.meta.url).pathname, "data/embeddings");
const VISION = "mobilenet-v1-0.75", LANGUAGES = ["use-lite", "glove-100d"];
const present = [VISION, ...LANGUAGES].every((m) =>
  existsSync(join(ROOT, "cifar10", `${m}.json`)) && existsSync(join(ROOT, "cifar10", `${m}.npy`))
);

Deno.test({
  name:
    "blindMatch on shipped CIFAR-10 embeddings (2 paper seeds × 2 language models) gives valid matchings with bounds",
  ignore: !present,
  fn() {
    const vision = readEmbeddings("cifar10", VISION, ROOT);
    assert.equal(vision.manifest.kind, "vision");
    const lines: string[] = [];
    for (const model of LANGUAGES) {
      const language = readEmbeddings("cifar10", model, ROOT);
      assert.deepEqual(
        language.manifest.classNames,
        vision.manifest.classNames,
        "label order must agree (Pitfalls P18)",
      );
      const lv = classVectors(language.set);
      for (const seed of paperSeeds(PAPER_BASE_SEED, 2)) {
        const half = randomHalf(vision.set.vectors.rows, seed);
        assert.equal(half.length, 5000);
        const vv = classVectors(vision.set, { rowIndices: half, classCount: 10 });
        const r = blindMatch(vv, lv, { solverOptions: { seed: 0 } });
        assertPermutation(r.permutation, 10);
        assert.ok(r.bound !== null && r.bound <= r.cost + 1e-9 * Math.max(1, Math.abs(r.cost)));
        assert.ok(Number.isInteger(Math.round(r.accuracy * 10)) && r.accuracy >= 0 && r.accuracy <= 1);
        assert.ok(r.referenceCost >= 0);
        lines.push(
          `${VISION} × ${model} seed ${seed}: accuracy ${
            r.accuracy.toFixed(1)
          } (random ${r.randomBaseline.mean} ± ${r.randomBaseline.sd}), cost/n² ${(r.cost / 100).toFixed(4)}, gap ${
            (r.solve.gap ?? NaN).toFixed(4)
          }`,
        );
      }
    }
    console.log(lines.join("\n"));
  },
});

Deno.test({
  name: "classifyUnsupervised on a CIFAR-10 random half keeps accuracy ≤ oracle and oracle ≥ 1/k",
  ignore: !present,
  fn() {
    const vision = readEmbeddings("cifar10", VISION, ROOT);
    const lv = classVectors(readEmbeddings("cifar10", "use-lite", ROOT).set);
    const half = randomHalf(vision.set.vectors.rows, paperSeeds(PAPER_BASE_SEED, 1)[0]);
    const r = classifyUnsupervised(vision.set, lv, { rowIndices: half, kmeans: { nInit: 2, seed: 42 } });
    assert.equal(r.predicted.length, 5000);
    assert.ok(r.accuracy <= r.oracleAccuracy + 1e-12);
    assert.ok(r.oracleAccuracy >= 0.1 - 1e-12, "a best cluster→class map beats the average map (1/k)");
    console.log(
      `classifier: accuracy ${r.accuracy.toFixed(3)}, oracle ${
        r.oracleAccuracy.toFixed(3)
      }, matching accuracy ${r.matchingAccuracy}`,
    );
  },
});
