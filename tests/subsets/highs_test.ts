/**
 * HiGHS subset selection: the k best subsets (no-good cuts) equal enumeration on small problems — symmetric,
 * asymmetric, negative entries, non-zero diagonal — and selectSubsets' "highs" method reports them as exact; a node
 * limit leaves them unproven, and "highs-else-local-search" then falls back on the local search, labelled so.
 */
import assert from "node:assert/strict";
import type { Matrix } from "../../lib/core/matrix.ts";
import { Rng } from "../../lib/core/rng.ts";
import { highsSubsets } from "../../lib/subsets/highs.ts";
import { selectSubsets, subsetProvenance } from "../../lib/subsets/select.ts";
import { subsetObjective } from "../../lib/subsets/subset_problem.ts";

/** A random pair-cost matrix: entries in [lo, hi), symmetric or not, diagonal kept or zeroed. */
function randomMatrix(
  n: number,
  seed: number,
  opts: { lo: number; hi: number; symmetric: boolean; diagonal: boolean },
) {
  const rng = new Rng(seed);
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      if (i === k) q[i * n + k] = opts.diagonal ? opts.lo + rng.uniform() * (opts.hi - opts.lo) : 0;
      else if (opts.symmetric && k < i) q[i * n + k] = q[k * n + i];
      else q[i * n + k] = opts.lo + rng.uniform() * (opts.hi - opts.lo);
    }
  }
  return { rows: n, cols: n, data: q } as Matrix;
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

Deno.test("highsSubsets: the k best subsets equal enumeration (symmetric, asymmetric, negative, diagonal)", () => {
  const kinds = [
    { lo: 0, hi: 4, symmetric: true, diagonal: false },
    { lo: -1, hi: 3, symmetric: false, diagonal: true },
    { lo: -2, hi: 2, symmetric: true, diagonal: true },
  ];
  for (let t = 0; t < 6; t++) {
    const n = 8 + (t % 3), size = 3 + (t % 2);
    const q = randomMatrix(n, 50 + t, kinds[t % 3]);
    const expected = enumerateObjectives(q, size).slice(0, 4);
    const found = highsSubsets(q, size, { best: 4, seed: t });
    assert.equal(found.length, 4);
    const keys = new Set<string>();
    for (const [r, s] of found.entries()) {
      assert.equal(s.indices.length, size);
      assert.deepEqual(Array.from(s.indices), Array.from(s.indices).sort((a, b) => a - b), "indices ascending");
      keys.add(s.indices.join(","));
      assert.equal(s.proven, true, `t=${t} subset ${r}`);
      assert.ok(s.bound <= s.objective);
      assert.ok(Math.abs(s.objective - subsetObjective(q, s.indices)) === 0);
      assert.ok(Math.abs(s.objective - expected[r]) <= 1e-9 * Math.max(1, Math.abs(expected[r])), `t=${t} r=${r}`);
    }
    assert.equal(keys.size, 4, "distinct subsets");
  }
});

Deno.test("highsSubsets: asking for more subsets than exist returns all of them", () => {
  const q = randomMatrix(5, 9, { lo: 0, hi: 1, symmetric: true, diagonal: false });
  const found = highsSubsets(q, 4, { best: 8 });
  assert.equal(found.length, 5);
  assert.deepEqual(found.map((s) => s.objective), enumerateObjectives(q, 4));
});

Deno.test("selectSubsets: method 'highs' is exact when every solve is proven, and agrees with branch and bound", () => {
  const q = randomMatrix(12, 3, { lo: 0, hi: 4, symmetric: true, diagonal: false });
  const viaHighs = selectSubsets(q, 5, { method: "highs", best: 3 });
  const viaExact = selectSubsets(q, 5, { method: "exact", best: 3 });
  assert.equal(viaHighs.method, "highs");
  assert.equal(viaHighs.exact, true);
  assert.deepEqual(viaHighs.subsets.map((s) => s.indices.join()), viaExact.subsets.map((s) => s.indices.join()));
  for (const [r, s] of viaHighs.subsets.entries()) {
    // branch and bound sums its objective incrementally: equal up to rounding
    assert.ok(Math.abs(s.objective - viaExact.subsets[r].objective) <= 1e-12 * Math.abs(s.objective), `subset ${r}`);
  }
});

Deno.test("highsSubsets rejects bad options with one-line errors", () => {
  const q = randomMatrix(6, 1, { lo: 0, hi: 1, symmetric: true, diagonal: false });
  assert.throws(() => highsSubsets(q, 3, { timeLimit: 0 }), /highsSubsets: timeLimit must be positive, got 0/);
  assert.throws(() => highsSubsets(q, 3, { best: 0 }), /highsSubsets: best must be/);
  assert.throws(() => highsSubsets(q, 7), /highsSubsets: size must be an integer in \[1, 6\], got 7/);
  assert.throws(() => highsSubsets(q, 3, { pool: 2 } as never), /unknown option 'pool'/);
  assert.throws(
    () => selectSubsets(q, 3, { method: "gurobi" as never }),
    /method must be one of auto, exact, local-search, highs, highs-else-local-search, got 'gurobi'/,
  );
  assert.throws(() => highsSubsets(q, 3, { nodeLimit: 1.5 }), /highsSubsets: nodeLimit must be an integer/);
  assert.throws(() => highsSubsets(q, 3, { nodeLimit: -1 }), /highsSubsets: nodeLimit must be in \[0, Infinity\]/);
});

Deno.test("highsSubsets: a node limit stops the solves unproven on every machine; stopWhenUnproven ends after the first", () => {
  const q = randomMatrix(12, 7, { lo: 0, hi: 1, symmetric: true, diagonal: false });
  const stopped = highsSubsets(q, 4, { best: 2, nodeLimit: 0, timeLimit: Infinity });
  assert.equal(stopped.length, 2);
  assert.ok(stopped.every((s) => !s.proven && s.bound <= s.objective));
  const first = highsSubsets(q, 4, { best: 2, nodeLimit: 0, timeLimit: Infinity, stopWhenUnproven: true });
  assert.equal(first.length, 1);
  const proven = highsSubsets(q, 4, { best: 2, nodeLimit: 1000, timeLimit: Infinity });
  assert.ok(proven.every((s) => s.proven));
  assert.deepEqual(proven.map((s) => s.objective), enumerateObjectives(q, 4).slice(0, 2));
});

Deno.test("selectSubsets 'highs-else-local-search': HiGHS's subsets when proven, else exactly the local search's", () => {
  const q = randomMatrix(12, 7, { lo: 0, hi: 1, symmetric: true, diagonal: false });
  const proven = selectSubsets(q, 4, { method: "highs-else-local-search", best: 2, nodeLimit: 1000 });
  assert.equal(proven.method, "highs");
  assert.equal(proven.exact, true);
  assert.deepEqual(proven.highs, { solves: 2, proven: 2 });
  assert.equal(subsetProvenance(proven), "optimal (HiGHS, proven)");
  const fallback = selectSubsets(q, 4, { method: "highs-else-local-search", best: 2, nodeLimit: 0, restarts: 7 });
  const local = selectSubsets(q, 4, { method: "local-search", best: 2, restarts: 7 });
  assert.equal(fallback.method, "local-search");
  assert.equal(fallback.exact, false);
  assert.deepEqual(fallback.highs, { solves: 1, proven: 0 });
  assert.deepEqual(fallback.subsets, local.subsets);
  assert.equal(subsetProvenance(fallback), "local search");
  assert.equal(subsetProvenance(selectSubsets(q, 12)), "all classes");
  assert.equal(subsetProvenance(selectSubsets(q, 4, { method: "exact" })), "optimal (exact)");
  assert.equal(subsetProvenance({ method: "highs", exact: false }), "HiGHS (not proven)");
});
