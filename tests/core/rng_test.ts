import assert from "node:assert/strict";
import { Rng } from "../../lib/core/rng.ts";
import { assertPermutation } from "../_helpers/assert.ts";

Deno.test("Rng(seed) gives the same stream for the same seed and different streams for different seeds", () => {
  const a = new Rng(42), b = new Rng(42), c = new Rng(43);
  const xa = Array.from({ length: 8 }, () => a.nextUint32());
  const xb = Array.from({ length: 8 }, () => b.nextUint32());
  const xc = Array.from({ length: 8 }, () => c.nextUint32());
  assert.deepEqual(xa, xb);
  assert.notDeepEqual(xa, xc);
});

Deno.test("Rng stream is pinned across platforms (first draws of seed 0)", () => {
  // Pinned on first implementation; a change here breaks reproducibility of every seeded result.
  const r = new Rng(0);
  const first = [r.nextUint32(), r.nextUint32(), r.nextUint32()];
  assert.deepEqual(first, PINNED_SEED0);
});
const PINNED_SEED0 = [3809008728, 1133695204, 53579671];

Deno.test("Rng.uniform lies in [0,1) with mean ≈ 1/2; Rng.normal has mean ≈ 0 and variance ≈ 1", () => {
  const r = new Rng(7);
  let s = 0, sn = 0, sn2 = 0;
  const m = 20000;
  for (let i = 0; i < m; i++) {
    const u = r.uniform();
    assert.ok(u >= 0 && u < 1);
    s += u;
    const z = r.normal();
    sn += z;
    sn2 += z * z;
  }
  assert.ok(Math.abs(s / m - 0.5) < 0.01);
  assert.ok(Math.abs(sn / m) < 0.03);
  assert.ok(Math.abs(sn2 / m - 1) < 0.05);
});

Deno.test("Rng.int(n) covers 0..n−1 uniformly and Rng.permutation(n) is a permutation", () => {
  const r = new Rng(3);
  const counts = new Array(5).fill(0);
  for (let i = 0; i < 5000; i++) counts[r.int(5)]++;
  for (const c of counts) assert.ok(c > 900 && c < 1100, `count ${c}`);
  assertPermutation(r.permutation(50), 50);
});
