/**
 * Exact k-best subset selection through HiGHS (the paper solved this binary QP with Gurobi): minimise
 * Σ_{i,k} Q[i,k]·b_i·b_k subject to Σ b = s, b ∈ {0,1}^L, linearised with one continuous z_ik = b_i·b_k per pair
 * i < k (cost Q[i,k] + Q[k,i]; the diagonal is linear) and
 * - z_ik ≤ b_i, z_ik ≤ b_k, z_ik ≥ b_i + b_k − 1 (the standard product linearisation), and
 * - Σ_{k≠i} z_ik = (s − 1)·b_i for every i (the cardinality row multiplied by b_i: the reformulation–linearisation
 *   cut that makes the LP bound useful for this p-dispersion-sum-type problem).
 * The r-th best subset is the optimum after r − 1 no-good cuts Σ_{i ∈ S_t} b_i ≤ s − 1 (one per earlier subset), each
 * solve warm-started from the best remaining subset of a local search. Every solve has its own time limit; a solve
 * stopped by it keeps its incumbent (unproven) and its dual bound. The default limit is 60 s per solve instead of the
 * paper's 3,600 s (Gurobi, many threads): at L = 100 HiGHS's bound barely moves after its root (s = 10: 1.13 against an
 * incumbent of 21.31 after 20 s and after 30 s), so a longer limit buys nothing on this machine; at L ≲ 20 every solve
 * proves in well under a second. `nodeLimit` is the machine-independent budget (studies whose outputs must not depend
 * on the machine's speed use it instead of the time limit).
 * @module
 */
import { checkInteger, checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import type { Matrix } from "../core/matrix.ts";
import { type MipModel, runMip } from "../qap/solvers/_highs.ts";
import { localSearchSubsets } from "./local_search.ts";
import { checkSubsetArgs, type Subset, subsetCount, subsetObjective } from "./subset_problem.ts";

/** Options of {@link highsSubsets}. */
export interface HighsSubsetsOptions {
  /** Number of subsets returned (the r-th is optimal given the r − 1 before it when proven); default 1. */
  best?: number;
  /** Seconds per HiGHS solve (one per subset); default 60. */
  timeLimit?: number;
  /** HiGHS random seed and local-search seed; default 0. */
  seed?: number;
  /** Random restarts of the warm-start local search; default 50. */
  restarts?: number;
  /**
   * Most branch-and-bound nodes per HiGHS solve (Infinity: none). A node limit, unlike `timeLimit`, stops every machine
   * at the same point, so whether a subset is proven does not depend on the machine's speed; default Infinity.
   */
  nodeLimit?: number;
  /** Stop after the first solve that is not proven (the later ones cannot make the pool exact); default false. */
  stopWhenUnproven?: boolean;
}

/** Defaults of {@link HighsSubsetsOptions}. */
export const HIGHS_SUBSETS_DEFAULTS = Object.freeze({
  best: 1,
  timeLimit: 60,
  seed: 0,
  restarts: 50,
  nodeLimit: Infinity,
  stopWhenUnproven: false,
});

/** One subset of {@link highsSubsets} with its proof status. */
export interface HighsSubset extends Subset {
  /** True when HiGHS proved it optimal among the subsets not returned before it. */
  proven: boolean;
  /** HiGHS's lower bound for this solve (≤ objective; −Infinity when it had none). */
  bound: number;
  /** Seconds of this solve. */
  seconds: number;
}

/** The pair index of (i, k), i < k, in row-major order of the strict upper triangle of an L×L matrix. */
function pairIndex(i: number, k: number, l: number): number {
  return i * l - (i * (i + 1)) / 2 + (k - i - 1);
}

/** The linearised model of the subset problem with `cuts` no-good rows. */
function subsetModel(q: Matrix, size: number, cuts: readonly Int32Array[]): MipModel {
  const l = q.rows, d = q.data;
  const pairs = (l * (l - 1)) / 2;
  const cols = l + pairs;
  // rows: 0 cardinality; 1..l RLT rows; then per pair 3 rows (z ≤ b_i, z ≤ b_k, z ≥ b_i + b_k − 1); then cuts.
  const rltRow = (i: number) => 1 + i;
  const pairRow = (p: number) => 1 + l + 3 * p;
  const cutRow = (c: number) => 1 + l + 3 * pairs + c;
  const rows = 1 + l + 3 * pairs + cuts.length;
  const inCut = cuts.map((c) => {
    const mark = new Uint8Array(l);
    for (const i of c) mark[i] = 1;
    return mark;
  });
  const rowLower = new Float64Array(rows), rowUpper = new Float64Array(rows);
  rowLower[0] = rowUpper[0] = size;
  for (let p = 0; p < pairs; p++) {
    const r = pairRow(p);
    rowLower[r] = rowLower[r + 1] = -Infinity; // z − b_i ≤ 0, z − b_k ≤ 0
    rowLower[r + 2] = -1; // z − b_i − b_k ≥ −1
    rowUpper[r + 2] = Infinity;
  }
  for (let c = 0; c < cuts.length; c++) {
    rowLower[cutRow(c)] = -Infinity;
    rowUpper[cutRow(c)] = size - 1;
  }
  // Column-wise entries: b_i: cardinality, RLT row i (−(s−1)), its pair rows (−1, −1), cuts; z_ik: RLT rows i and k,
  // its three pair rows.
  const nonzeros = l * (2 + cuts.length) + 2 * 3 * pairs + 5 * pairs;
  const starts = new Int32Array(cols + 1), indices = new Int32Array(nonzeros), values = new Float64Array(nonzeros);
  let nz = 0;
  const push = (row: number, value: number) => {
    indices[nz] = row;
    values[nz++] = value;
  };
  for (let i = 0; i < l; i++) {
    push(0, 1);
    push(rltRow(i), -(size - 1));
    for (let k = 0; k < l; k++) {
      if (k === i) continue;
      const p = i < k ? pairIndex(i, k, l) : pairIndex(k, i, l);
      push(pairRow(p) + (i < k ? 0 : 1), -1);
      push(pairRow(p) + 2, -1);
    }
    for (let c = 0; c < cuts.length; c++) if (inCut[c][i]) push(cutRow(c), 1);
    starts[i + 1] = nz;
  }
  const colCost = new Float64Array(cols);
  for (let i = 0; i < l; i++) colCost[i] = d[i * l + i];
  for (let i = 0; i < l; i++) {
    for (let k = i + 1; k < l; k++) {
      const p = pairIndex(i, k, l);
      colCost[l + p] = d[i * l + k] + d[k * l + i];
      push(rltRow(i), 1);
      push(rltRow(k), 1);
      push(pairRow(p), 1);
      push(pairRow(p) + 1, 1);
      push(pairRow(p) + 2, 1);
      starts[l + p + 1] = nz;
    }
  }
  const colUpper = new Float64Array(cols).fill(1);
  const integrality = new Int32Array(cols);
  integrality.fill(1, 0, l);
  return {
    numCols: cols,
    numRows: rows,
    offset: 0,
    colCost,
    colLower: new Float64Array(cols),
    colUpper,
    rowLower,
    rowUpper,
    starts,
    indices: indices.subarray(0, nz),
    values: values.subarray(0, nz),
    integrality,
  };
}

/** The model's solution vector for a subset. */
function encodeSubset(indices: ArrayLike<number>, l: number): Float64Array {
  const x = new Float64Array(l + (l * (l - 1)) / 2);
  for (let a = 0; a < indices.length; a++) {
    x[indices[a]] = 1;
    for (let b = a + 1; b < indices.length; b++) {
      const i = Math.min(indices[a], indices[b]), k = Math.max(indices[a], indices[b]);
      x[l + pairIndex(i, k, l)] = 1;
    }
  }
  return x;
}

/**
 * The `best` best subsets of `size` elements minimising Σ_{i,k∈S} Q[i,k], by HiGHS with no-good cuts (see the module
 * doc). Subsets come back in the order found (best first when every solve is proven), indices ascending, objectives
 * recomputed.
 */
export function highsSubsets(q: Matrix, size: number, options: HighsSubsetsOptions = {}): HighsSubset[] {
  const fn = "highsSubsets";
  checkKnownKeys(options, Object.keys(HIGHS_SUBSETS_DEFAULTS), fn);
  const l = checkSubsetArgs(q, size, fn);
  const best = checkInteger(options.best ?? HIGHS_SUBSETS_DEFAULTS.best, fn, "best", 1);
  const seed = checkInteger(options.seed ?? HIGHS_SUBSETS_DEFAULTS.seed, fn, "seed", 0);
  const restarts = checkInteger(options.restarts ?? HIGHS_SUBSETS_DEFAULTS.restarts, fn, "restarts", 0);
  const timeLimit = options.timeLimit ?? HIGHS_SUBSETS_DEFAULTS.timeLimit;
  checkType(typeof timeLimit === "number", fn, "timeLimit must be a number of seconds");
  checkRange(timeLimit > 0, fn, `timeLimit must be positive, got ${timeLimit}`);
  const nodeLimit = options.nodeLimit ?? HIGHS_SUBSETS_DEFAULTS.nodeLimit;
  checkType(typeof nodeLimit === "number", fn, "nodeLimit must be a number of nodes");
  if (Number.isFinite(nodeLimit)) checkInteger(nodeLimit, fn, "nodeLimit", 0);
  else checkRange(nodeLimit === Infinity, fn, `nodeLimit must be a whole number ≥ 0 or Infinity, got ${nodeLimit}`);
  const stopWhenUnproven = options.stopWhenUnproven ?? HIGHS_SUBSETS_DEFAULTS.stopWhenUnproven;
  const count = Math.min(best, subsetCount(l, size));
  // Warm starts: the local search's best distinct subsets (one more than needed, since cuts remove earlier ones).
  const starts = localSearchSubsets(q, size, { best: count + 1, restarts, seed });
  const found: HighsSubset[] = [];
  const cuts: Int32Array[] = [];
  for (let r = 0; r < count; r++) {
    const taken = new Set(cuts.map((c) => c.join(",")));
    const start = starts.find((s) => !taken.has(s.indices.join(",")));
    const t0 = performance.now();
    const out = runMip(subsetModel(q, size, cuts), {
      timeLimit,
      seed,
      start: start ? encodeSubset(start.indices, l) : undefined,
      ...(Number.isFinite(nodeLimit) ? { options: { mip_max_nodes: nodeLimit } } : {}),
    });
    if (!out.solution) break; // no feasible subset left (cannot happen while r < C(L, s)) or none found in time
    const chosen: number[] = [];
    for (let i = 0; i < l; i++) if (out.solution[i] > 0.5) chosen.push(i);
    if (chosen.length !== size) throw new Error(`internal: ${fn} got ${chosen.length} elements, expected ${size}`);
    const indices = Int32Array.from(chosen);
    const objective = subsetObjective(q, indices);
    found.push({
      indices,
      objective,
      proven: out.status === "optimal",
      bound: Math.min(out.dual, objective),
      seconds: (performance.now() - t0) / 1000,
    });
    cuts.push(indices);
    if (stopWhenUnproven && out.status !== "optimal") break;
  }
  return found;
}
