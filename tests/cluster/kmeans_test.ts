import assert from "node:assert/strict";
import type { Matrix } from "../../lib/core/matrix.ts";
import { Rng } from "../../lib/core/rng.ts";
import { kmeans } from "../../lib/cluster/kmeans.ts";
import { assertClose } from "../_helpers/assert.ts";

/** n points around k random centres (spread `scale`) with unit noise; returns data and true labels. */
function blobs(n: number, d: number, k: number, scale: number, seed: number): { data: Matrix; labels: Int32Array } {
  const rng = new Rng(seed);
  const means = Float64Array.from({ length: k * d }, () => rng.normal() * scale);
  const data = new Float64Array(n * d), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % k;
    for (let t = 0; t < d; t++) data[i * d + t] = means[labels[i] * d + t] + rng.normal();
  }
  return { data: { rows: n, cols: d, data }, labels };
}

function sqDist(x: Float64Array, xo: number, c: Float64Array, co: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) s += (x[xo + t] - c[co + t]) ** 2;
  return s;
}

Deno.test("kmeans(data, k) recovers well-separated blobs (same partition as the truth)", () => {
  const { data, labels } = blobs(300, 8, 4, 10, 1);
  const r = kmeans(data, 4, { nInit: 3, seed: 1 });
  const map = new Map<number, number>();
  for (let i = 0; i < 300; i++) {
    if (!map.has(labels[i])) map.set(labels[i], r.labels[i]);
    assert.equal(r.labels[i], map.get(labels[i]));
  }
  assert.equal(new Set(map.values()).size, 4);
});

Deno.test("kmeans(data, k) ends at a Lloyd fixed point: labels are nearest centres, centres are means, inertia is exact", () => {
  const { data } = blobs(400, 16, 6, 0.6, 2); // overlapping clusters, many iterations
  const d = 16, k = 6;
  const r = kmeans(data, k, { nInit: 2, seed: 3, tolerance: 0 });
  const c = r.centers.data, x = data.data;
  let inertia = 0;
  const sums = new Float64Array(k * d), counts = new Float64Array(k);
  for (let i = 0; i < 400; i++) {
    const own = sqDist(x, i * d, c, r.labels[i] * d, d);
    inertia += own;
    for (let j = 0; j < k; j++) {
      assert.ok(own <= sqDist(x, i * d, c, j * d, d) + 1e-9, `point ${i} is closer to centre ${j}`);
    }
    counts[r.labels[i]]++;
    for (let t = 0; t < d; t++) sums[r.labels[i] * d + t] += x[i * d + t];
  }
  assertClose(r.inertia, inertia, 1e-9);
  for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) assertClose(c[j * d + t], sums[j * d + t] / counts[j], 1e-9);
  assert.ok(r.iterations > 2);
});

Deno.test("kmeans(data, k, {seed}) is deterministic, never mutates data, and more restarts never raise inertia", () => {
  const { data } = blobs(200, 5, 5, 0.8, 4);
  const before = data.data.slice();
  const a = kmeans(data, 5, { nInit: 4, seed: 9 }), b = kmeans(data, 5, { nInit: 4, seed: 9 });
  assert.deepEqual(Array.from(a.labels), Array.from(b.labels));
  assert.equal(a.inertia, b.inertia);
  assert.deepEqual(data.data, before);
  const one = kmeans(data, 5, { nInit: 1, seed: 9 });
  assert.ok(a.inertia <= one.inertia + 1e-9);
});

Deno.test("kmeans(data, k) with fewer distinct points than k relocates empty clusters and reaches inertia 0", () => {
  const rows = [[0, 0], [5, 5], [9, 0]];
  const x = new Float64Array(30 * 2);
  for (let i = 0; i < 30; i++) x.set(rows[i % 3], i * 2);
  const r = kmeans({ rows: 30, cols: 2, data: x }, 4, { nInit: 2 });
  assert.ok(r.inertia < 1e-20, `inertia ${r.inertia}`);
  assert.ok(r.labels.every((l) => l >= 0 && l < 4));
});

Deno.test("kmeans(data, k) validates k and options", () => {
  const { data } = blobs(10, 2, 2, 1, 5);
  assert.throws(() => kmeans(data, 11), /kmeans: k must be in \[1, 10\], got 11/);
  assert.throws(() => kmeans(data, 2, { n_init: 3 } as never), /unknown option 'n_init'/);
  assert.throws(() => kmeans(data, 2, { nInit: 0 }), /nInit must be in/);
});
