/**
 * The best alternative seen per row: for a given permutation p and each row i, the cheapest permutation q found so far
 * with q(i) ≠ p(i) (an upper bound on min{J(q) : q(i) ≠ p(i)}). Every candidate any step produces (a LAP assignment of
 * the dual ascent, a 2-opt neighbour of p, a node of a search) is offered once and serves every row it changes.
 * @module
 */
import { costOf, type PreparedInput } from "../solvers/_fhg_input.ts";
import { swapDeltaSymmetric } from "../objective.ts";

/** Per-row best alternatives to a fixed permutation (costs on the solver's working input, see _fhg_input.ts). */
export class AlternativeTable {
  /** Problem size. */
  readonly n: number;
  /** Working cost of each row's best alternative (Infinity: none seen yet). */
  readonly costs: Float64Array;
  /** Row-major n×n: row i holds the best alternative permutation of row i (valid where costs[i] is finite). */
  readonly permutations: Int32Array;
  /** Candidates offered so far. */
  offered = 0;

  constructor(readonly input: PreparedInput, readonly given: Int32Array) {
    this.n = input.n;
    this.costs = new Float64Array(this.n).fill(Infinity);
    this.permutations = new Int32Array(this.n * this.n);
  }

  /** Offers a permutation; its cost is computed here unless given. Returns that cost. */
  offer(q: ArrayLike<number>, cost = costOf(this.input, q)): number {
    this.offered++;
    const { n, given, costs, permutations } = this;
    for (let i = 0; i < n; i++) {
      if (q[i] !== given[i] && cost < costs[i]) {
        costs[i] = cost;
        for (let k = 0; k < n; k++) permutations[i * n + k] = q[k];
      }
    }
    return cost;
  }

  /** The best alternative of row i (a copy), or null when none was seen. */
  permutationOf(i: number): Int32Array | null {
    if (!Number.isFinite(this.costs[i])) return null;
    return this.permutations.slice(i * this.n, (i + 1) * this.n);
  }

  /**
   * Offers the best 2-opt neighbour of the given permutation for every row (the swap of rows r and s changes both):
   * O(n³) to rank all swaps by their delta, then one exact cost per row's best swap.
   */
  offerSwapNeighbours(): void {
    const { n, input, given } = this;
    if (n < 2) return;
    const q = given.slice();
    const best = new Float64Array(n).fill(Infinity), partner = new Int32Array(n).fill(-1);
    for (let r = 0; r < n; r++) {
      for (let s = r + 1; s < n; s++) {
        const delta = swapDeltaSymmetric(input.a, input.b, input.linear, n, given, r, s);
        if (delta < best[r]) (best[r] = delta), (partner[r] = s);
        if (delta < best[s]) (best[s] = delta), (partner[s] = r);
      }
    }
    for (let r = 0; r < n; r++) {
      const s = partner[r];
      if (s < 0) continue;
      q[r] = given[s];
      q[s] = given[r];
      this.offer(q);
      q[r] = given[r];
      q[s] = given[s];
    }
  }
}
