/**
 * Internal: SciPy's `linear_sum_assignment` algorithm (Crouse 2016 shortest augmenting path, scipy
 * `rectangular_lsap.cpp`) for square float64 costs, reproducing its tie-breaking: rows are added in order, the
 * remaining columns are scanned in reverse order, and among equal shortest-path costs a free column wins. FAQ uses it
 * so that its LAP directions (and hence its results on integer data, where directions tie) follow SciPy's.
 * Buffers are reused between calls; nothing is allocated per call.
 * @module
 */

/** Reusable state of {@link CrouseLsap}. */
export class CrouseLsap {
  /** Column of each row after {@link solve}. */
  readonly rowToCol: Int32Array;
  readonly #rowForCol: Int32Array;
  readonly #u: Float64Array;
  readonly #v: Float64Array;
  readonly #shortest: Float64Array;
  readonly #path: Int32Array;
  readonly #remaining: Int32Array;
  readonly #rowSeen: Uint8Array;
  readonly #colSeen: Uint8Array;
  constructor(readonly n: number) {
    this.rowToCol = new Int32Array(n);
    this.#rowForCol = new Int32Array(n);
    this.#u = new Float64Array(n);
    this.#v = new Float64Array(n);
    this.#shortest = new Float64Array(n);
    this.#path = new Int32Array(n);
    this.#remaining = new Int32Array(n);
    this.#rowSeen = new Uint8Array(n);
    this.#colSeen = new Uint8Array(n);
  }

  /** Minimises Σ cost[i, rowToCol[i]] over permutations (n×n row-major, finite); result in `rowToCol`. */
  solve(cost: Float64Array): void {
    const n = this.n, u = this.#u, v = this.#v, sp = this.#shortest, path = this.#path, remaining = this.#remaining;
    const col4row = this.rowToCol, row4col = this.#rowForCol, SR = this.#rowSeen, SC = this.#colSeen;
    u.fill(0);
    v.fill(0);
    path.fill(-1);
    col4row.fill(-1);
    row4col.fill(-1);
    for (let curRow = 0; curRow < n; curRow++) {
      // Shortest augmenting path from curRow (scipy augmenting_path).
      let minVal = 0, numRemaining = n, i = curRow, sink = -1;
      for (let it = 0; it < n; it++) remaining[it] = n - it - 1;
      SR.fill(0);
      SC.fill(0);
      sp.fill(Infinity);
      while (sink === -1) {
        let index = -1, lowest = Infinity;
        SR[i] = 1;
        const row = i * n, ui = u[i];
        for (let it = 0; it < numRemaining; it++) {
          const j = remaining[it];
          const r = minVal + cost[row + j] - ui - v[j];
          if (r < sp[j]) {
            path[j] = i;
            sp[j] = r;
          }
          if (sp[j] < lowest || (sp[j] === lowest && row4col[j] === -1)) {
            lowest = sp[j];
            index = it;
          }
        }
        minVal = lowest;
        if (minVal === Infinity) throw new RangeError("internal: CrouseLsap cost matrix is infeasible");
        const j = remaining[index];
        if (row4col[j] === -1) sink = j;
        else i = row4col[j];
        SC[j] = 1;
        remaining[index] = remaining[--numRemaining];
      }
      // Dual update.
      u[curRow] += minVal;
      for (let r = 0; r < n; r++) if (SR[r] && r !== curRow) u[r] += minVal - sp[col4row[r]];
      for (let c = 0; c < n; c++) if (SC[c]) v[c] -= minVal - sp[c];
      // Augment.
      let j = sink;
      while (true) {
        const r = path[j];
        row4col[j] = r;
        const t = col4row[r];
        col4row[r] = j;
        j = t;
        if (r === curRow) break;
      }
    }
  }
}
