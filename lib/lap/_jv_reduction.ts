/**
 * Internal: the column reduction with reduction transfer that both Jonker–Volgenant codes start with (`lapjv.ts`
 * and `shortest_path.ts` run exactly these operations in this order; only what follows differs).
 * @module
 */

/**
 * JV column reduction and reduction transfer on a square n×n `cost` (lapjv's _ccrrt_dense): v[j] = min_i C[i,j]
 * (the first minimal row wins); each row takes the last column it is the minimum of; a row that took exactly one
 * column transfers its second-best reduced cost into that column's v. Expects `x` (row → column) filled with −1 and
 * writes `y` (column → row, −1 = free), `v` and the per-row flags `unique`. Writes the free rows to `free`; returns
 * their count. Throws a RangeError (message prefixed with `fn`) when a column has only forbidden (+Infinity) entries.
 */
export function jvColumnReduction(
  cost: Float64Array,
  n: number,
  v: Float64Array,
  x: Int32Array,
  y: Int32Array,
  free: Int32Array,
  unique: Uint8Array,
  fn: string,
): number {
  v.fill(Infinity, 0, n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const c = cost[row + j];
      if (c < v[j]) {
        v[j] = c;
        y[j] = i;
      }
    }
  }
  unique.fill(1, 0, n);
  for (let j = n - 1; j >= 0; j--) {
    if (!(v[j] < Infinity)) {
      throw new RangeError(`${fn}: cost matrix is infeasible (column ${j} has only forbidden entries)`);
    }
    const i = y[j];
    if (x[i] < 0) x[i] = j;
    else {
      unique[i] = 0;
      y[j] = -1;
    }
  }
  let numFree = 0;
  for (let i = 0; i < n; i++) {
    const j1 = x[i];
    if (j1 < 0) {
      free[numFree++] = i;
    } else if (unique[i] === 1) {
      // Reduction transfer: u_i becomes the second-best reduced cost, v[j1] drops by it.
      const row = i * n;
      let min = Infinity;
      for (let j = 0; j < n; j++) {
        if (j === j1) continue;
        const h = cost[row + j] - v[j];
        if (h < min) min = h;
      }
      if (min < Infinity) v[j1] -= min;
    }
  }
  return numFree;
}
