import assert from "node:assert/strict";
import type { Matrix } from "../../lib/core/matrix.ts";
import { Rng } from "../../lib/core/rng.ts";
import { normalizeRows } from "../../lib/embeddings/embedding_set.ts";
import { exactSubsets } from "../../lib/subsets/exact.ts";
import { localSearchSubsets } from "../../lib/subsets/local_search.ts";
import { optimalSubsets, selectSubsets } from "../../lib/subsets/select.ts";
import { subsetObjective } from "../../lib/subsets/subset_problem.ts";
import { assertClose } from "../_helpers/assert.ts";
import { plantedPair } from "../kernels/_planted.ts";

/** A random symmetric non-negative pair-cost matrix with zero diagonal (like Q = c + cᵀ). */
function randomQ(n: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = i + 1; k < n; k++) {
      const v = rng.uniform() ** 2 * 4;
      q[i * n + k] = v;
      q[k * n + i] = v;
    }
  }
  return { rows: n, cols: n, data: q };
}

/** Every subset's objective by enumeration, sorted ascending. */
function enumerateObjectives(q: Matrix, size: number): number[] {
  const out: number[] = [];
  const pick: number[] = [];
  const rec = (start: number) => {
    if (pick.length === size) return void out.push(subsetObjective(q, pick));
    for (let v = start; v < q.rows; v++) {
      pick.push(v);
      rec(v + 1);
      pick.pop();
    }
  };
  rec(0);
  return out.sort((a, b) => a - b);
}

Deno.test("exactSubsets(Q, 4, 5) returns the 5 best of all C(12,4) subsets", () => {
  const q = randomQ(12, 1);
  const all = enumerateObjectives(q, 4);
  const best = exactSubsets(q, 4, 5);
  assert.equal(best.length, 5);
  best.forEach((s, r) => {
    assertClose(s.objective, all[r], 1e-12);
    assertClose(subsetObjective(q, s.indices), s.objective, 1e-12);
  });
  assert.equal(new Set(best.map((s) => s.indices.join(","))).size, 5);
});

Deno.test("localSearchSubsets(Q, s, {best: 3}) finds the exact 3 best subsets on small cases (L = 16, s = 5)", () => {
  for (const seed of [2, 3, 4, 5]) {
    const q = randomQ(16, seed);
    const exact = exactSubsets(q, 5, 3);
    const heuristic = localSearchSubsets(q, 5, { best: 3, restarts: 30, seed });
    assert.equal(heuristic.length, 3);
    heuristic.forEach((s, r) => assertClose(s.objective, exact[r].objective, 1e-9, `seed ${seed}, rank ${r}`));
  }
});

Deno.test("selectSubsets(Q, L) returns all classes; 'auto' picks exact for small L", () => {
  const q = randomQ(8, 7);
  const all = selectSubsets(q, 8);
  assert.equal(all.method, "all");
  assert.deepEqual(Array.from(all.subsets[0].indices), [0, 1, 2, 3, 4, 5, 6, 7]);
  const small = selectSubsets(q, 3, { best: 2 });
  assert.equal(small.method, "exact");
  assert.ok(small.exact);
  assert.throws(() => selectSubsets(q, 9), /size must be an integer in \[1, 8\], got 9/);
  assert.throws(() => selectSubsets(q, 3, { bestK: 2 } as never), /unknown option 'bestK'/);
});

Deno.test("optimalSubsets(V, L, s) leaves out classes whose language vectors were replaced by noise", () => {
  const { vision, language } = plantedPair(14, 24, 21, 0.05);
  const rng = new Rng(99);
  const broken = [2, 7, 11];
  const data = language.data.slice();
  for (const c of broken) for (let t = 0; t < 24; t++) data[c * 24 + t] = rng.normal();
  const corrupted = normalizeRows({ rows: 14, cols: 24, data });
  const result = optimalSubsets(vision, corrupted, 11);
  const chosen = new Set(result.subsets[0].indices);
  for (const c of broken) assert.ok(!chosen.has(c), `class ${c} should be left out, got ${Array.from(chosen)}`);
});

Deno.test("exactSubsets and localSearchSubsets handle an asymmetric Q (same objective as its symmetric part)", () => {
  const rng = new Rng(91);
  const n = 9;
  const data = new Float64Array(n * n);
  for (let t = 0; t < n * n; t++) data[t] = rng.uniform() * 4 - 1;
  const q: Matrix = { rows: n, cols: n, data };
  const expected = enumerateObjectives(q, 4).slice(0, 3);
  const exact = exactSubsets(q, 4, 3).map((s) => s.objective);
  const local = localSearchSubsets(q, 4, { best: 1, restarts: 20 });
  for (let r = 0; r < 3; r++) assertClose(exact[r], expected[r], 1e-9);
  assert.ok(local[0].objective >= expected[0] - 1e-9);
  assertClose(local[0].objective, subsetObjective(q, local[0].indices), 1e-12);
});
