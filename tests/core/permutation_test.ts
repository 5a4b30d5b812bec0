import assert from "node:assert/strict";
import { forEachPermutation, isPermutation } from "../../lib/core/permutation.ts";

Deno.test("forEachPermutation visits every permutation of 0…n−1 exactly once, each a transposition from the last", () => {
  for (const [n, count] of [[1, 1], [2, 2], [3, 6], [5, 120]]) {
    const seen = new Set<string>();
    let previous: Int32Array | null = null;
    forEachPermutation(n, (p) => {
      assert.ok(isPermutation(p, n));
      if (previous) assert.equal(p.reduce((d, v, k) => d + (v !== previous![k] ? 1 : 0), 0), 2);
      previous = p.slice();
      seen.add(p.join(","));
    });
    assert.equal(seen.size, count, `n = ${n}`);
  }
});
