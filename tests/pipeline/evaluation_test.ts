import assert from "node:assert/strict";
import { Rng } from "../../lib/core/rng.ts";
import {
  classificationAccuracy,
  isGlobalOptimum,
  matchingAccuracy,
  oracleAssignment,
  randomBaseline,
} from "../../lib/pipeline/evaluation.ts";
import { assertClose } from "../_helpers/assert.ts";

Deno.test("randomBaseline(n) matches the simulated accuracy of random permutations (mean 1/n, sd 1/n)", () => {
  const n = 10, rng = new Rng(3), trials = 20000;
  let sum = 0, sq = 0;
  for (let t = 0; t < trials; t++) {
    const a = matchingAccuracy(rng.permutation(n));
    sum += a;
    sq += a * a;
  }
  const mean = sum / trials, sd = Math.sqrt(sq / trials - mean * mean);
  const base = randomBaseline(n);
  assertClose(base.mean, 0.1, 1e-15);
  assert.ok(Math.abs(mean - base.mean) < 0.005, `simulated mean ${mean}`);
  assert.ok(Math.abs(sd - base.sd) < 0.005, `simulated sd ${sd}`);
  assert.deepEqual(randomBaseline(1), { mean: 1, sd: 0 });
});

Deno.test("isGlobalOptimum(cost, p, bfCost, bfP) accepts cost within 1e-8 or the same permutation", () => {
  assert.ok(isGlobalOptimum(1 + 5e-9, [1, 0], 1, [0, 1]));
  assert.ok(!isGlobalOptimum(1 + 2e-8, [1, 0], 1, [0, 1]));
  assert.ok(isGlobalOptimum(5, [0, 1], 1, [0, 1]));
});

Deno.test("oracleAssignment(clusters, truth, k, c) maximises the agreement count", () => {
  // cluster 0 is mostly class 2, cluster 1 mostly class 0, cluster 2 mostly class 1
  const clusters = [0, 0, 0, 1, 1, 1, 2, 2, 2, 0];
  const truth = [2, 2, 1, 0, 0, 2, 1, 1, 0, 2];
  assert.deepEqual(Array.from(oracleAssignment(clusters, truth, 3, 3)), [2, 0, 1]);
  assert.equal(classificationAccuracy([1, 2, 3], [1, 0, 3]), 2 / 3);
  assert.throws(() => oracleAssignment([0, 3], [0, 1], 3, 3), /clusterLabels\[1\] must be in \[0, 2\], got 3/);
});
