import assert from "node:assert/strict";
import { type Matrix } from "../../lib/core/matrix.ts";
import { Rng } from "../../lib/core/rng.ts";
import {
  alignmentScore,
  buildKernel,
  formatMetricId,
  parseMetricId,
  qapFromKernels,
  referenceCost,
} from "../../lib/kernels/metrics.ts";
import { standardizeKernel } from "../../lib/kernels/standardize.ts";
import { qapCost } from "../../lib/qap/objective.ts";
import { assertClose } from "../_helpers/assert.ts";
import { allPermutations, plantedPair } from "./_planted.ts";

function randomKernel(n: number, rng: Rng): Matrix {
  const data = new Float64Array(n * n);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return { rows: n, cols: n, data };
}

Deno.test("qapFromKernels(K_V, K_L, 'gw') has J(p) = Σ (K_V − K_L[p][:,p])² with A = −K_V, B = 2K_L", () => {
  const rng = new Rng(5);
  const n = 7, kv = randomKernel(n, rng), kl = randomKernel(n, rng);
  const problem = qapFromKernels(kv, kl, "gw");
  assert.equal(problem.a.data[3], -kv.data[3]);
  assert.equal(problem.b.data[3], 2 * kl.data[3]);
  for (let trial = 0; trial < 5; trial++) {
    const p = rng.permutation(n);
    let direct = 0;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) direct += (kv.data[i * n + k] - kl.data[p[i] * n + p[k]]) ** 2;
    }
    assertClose(qapCost(problem, p), direct, 1e-12);
    assertClose(referenceCost(kv, kl, p), direct / (n * n), 1e-12);
    assertClose(alignmentScore(kl, kv, "gw", p), direct, 1e-12); // Σ l(K_L[p][:,p], K_V)
  }
});

Deno.test("qapFromKernels(K_V, K_L, 'cka') has J(p) = −Σ K_V[i,k]·K_L[p_i,p_k] and no constant", () => {
  const rng = new Rng(6);
  const n = 5, kv = randomKernel(n, rng), kl = randomKernel(n, rng);
  const problem = qapFromKernels(kv, kl, "cka");
  assert.equal(problem.constant, 0);
  const p = rng.permutation(n);
  let direct = 0;
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) direct -= kv.data[i * n + k] * kl.data[p[i] * n + p[k]];
  assertClose(qapCost(problem, p), direct, 1e-12);
});

for (const metric of ["gw", "cka", "mknn"] as const) {
  Deno.test(`alignmentScore(K_V, K_L, '${metric}', p) is smallest at the identity on a planted problem (n = 6, all 720 p)`, () => {
    const { vision, language } = plantedPair(6, 12, 11, 0.02);
    const kv = buildKernel(vision, metric, { k: 2 }), kl = buildKernel(language, metric, { k: 2 });
    const identity = alignmentScore(kv, kl, metric);
    let better = 0;
    for (const p of allPermutations(6)) if (alignmentScore(kv, kl, metric, p) < identity - 1e-12) better++;
    assert.equal(better, 0);
    // and after standardisation the factorised QAP agrees
    const problem = qapFromKernels(standardizeKernel(kv), standardizeKernel(kl), metric);
    const costId = qapCost(problem, [0, 1, 2, 3, 4, 5]);
    for (const p of allPermutations(6)) assert.ok(qapCost(problem, p) >= costId - 1e-9);
  });
}

Deno.test("buildKernel(vectors, metric) rejects unknown metrics and options", () => {
  const { vision } = plantedPair(4, 3, 1);
  assert.throws(() => buildKernel(vision, "l1"), /metric must be one of gw, cka, mknn, inner-product, got 'l1'/);
  assert.throws(() => buildKernel(vision, "gw", { kk: 2 } as never), /unknown option 'kk'/);
});

Deno.test("parseMetricId(id) splits study metric ids, refuses a bare or k < 1 mknn, and inverts formatMetricId", () => {
  assert.deepEqual(parseMetricId("gw"), { metric: "gw", k: undefined });
  assert.deepEqual(parseMetricId("inner-product"), { metric: "inner-product", k: undefined });
  assert.deepEqual(parseMetricId("mknn-10"), { metric: "mknn", k: 10 });
  assert.throws(() => parseMetricId("mknn-0"), RangeError);
  assert.throws(() => parseMetricId("mknn"), /parseMetricId: metric must be .* got 'mknn'/);
  assert.throws(() => parseMetricId("euclid"), /parseMetricId: metric must be/);
  for (const id of ["gw", "cka", "inner-product", "mknn-3"]) {
    const { metric, k } = parseMetricId(id);
    assert.equal(formatMetricId(metric, k), id);
  }
});
