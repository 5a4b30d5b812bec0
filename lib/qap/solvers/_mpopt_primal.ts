/**
 * The primal side of the mpopt port: libmpopt's greedy rounding on the reparametrised costs, its 2-exchange local
 * search, and a fusion of the new assignment with the best one so far.
 *
 * Greedy. libmpopt labels a random root, then repeatedly picks a random frontier node and a random unlabeled neighbour
 * of it, and gives that neighbour the cheapest free label given the labelled nodes (unary + pairwise costs to every
 * labelled neighbour). On the complete graph of a QAP every unlabeled node neighbours every labelled one, so this is a
 * uniformly random node order with the same greedy choice; that is what {@link greedyAssignment} draws.
 *
 * Fusion. libmpopt fuses the best and the new assignment with QPBO. Here the fusion works on the cycles in which the
 * two permutations differ (taking one side of a cycle but not the other would use a label twice): with few cycles
 * every mix of the two sides is tried (the exact fusion move); otherwise, starting from the better of the two, cycles
 * are switched to the other side while that lowers J (first improvement, repeated until no switch helps). The result
 * is never worse than either input.
 * @module
 */
import { qapCostUnchecked, swapDelta, swapDeltaSymmetric } from "../objective.ts";
import type { QapProblem } from "../problem.ts";
import type { Rng } from "../../core/rng.ts";
import type { MpoptDual } from "./_mpopt_dual.ts";

/** Scratch buffers of the primal heuristics. */
export class MpoptPrimalWorkspace {
  readonly order: Int32Array;
  readonly used: Uint8Array;
  readonly labeled: Int32Array;
  readonly acc: Float64Array;
  readonly inverse: Int32Array;
  readonly cycle: Int32Array;
  readonly trial: Int32Array;
  readonly seen: Uint8Array;
  constructor(n: number) {
    this.order = new Int32Array(n);
    this.used = new Uint8Array(n);
    this.labeled = new Int32Array(n);
    this.acc = new Float64Array(n);
    this.inverse = new Int32Array(n);
    this.cycle = new Int32Array(n);
    this.trial = new Int32Array(n);
    this.seen = new Uint8Array(n);
  }
}

/**
 * One greedy labelling on the current reparametrisation, written into `out`: rows in a random order, each taking the
 * free label of least unary + pairwise cost to the rows labelled before it (ties → smallest label).
 */
export function greedyAssignment(dual: MpoptDual, rng: Rng, ws: MpoptPrimalWorkspace, out: Int32Array): void {
  const n = dual.n, a = dual.a, b = dual.b, bt = dual.bt, msg = dual.msg, unary = dual.unary;
  const { order, used, labeled, acc } = ws;
  for (let t = 0; t < n; t++) order[t] = t;
  rng.shuffle(order);
  used.fill(0);
  for (let t = 0; t < n; t++) {
    const i = order[t];
    for (let j = 0; j < n; j++) acc[j] = unary[i * n + j];
    for (let s = 0; s < t; s++) {
      const k = labeled[s], l = out[k];
      const aik = a[i * n + k], aki = a[k * n + i];
      const own = (i * n + k) * n, other = msg[(k * n + i) * n + l];
      // θ(j, l) = A[i,k]·B[j,l] + A[k,i]·B[l,j]; B[j,l] over j is row l of Bᵀ (of B when symmetric).
      const colL = l * n;
      const bCol = bt === null ? b : bt;
      for (let j = 0; j < n; j++) {
        acc[j] += aik * bCol[colL + j] + aki * b[colL + j] + msg[own + j] + other;
      }
    }
    let best = -1, bestValue = Infinity;
    for (let j = 0; j < n; j++) {
      if (used[j] === 0 && (best < 0 || acc[j] < bestValue)) {
        best = j;
        bestValue = acc[j];
      }
    }
    out[i] = best;
    used[best] = 1;
    labeled[t] = i;
  }
}

/**
 * libmpopt's 2-exchange local search on J itself (equal to the reparametrised objective on permutations up to a
 * constant): rows are swept cyclically; for a row, the labels are tried in order and the first swap with the row
 * holding that label that lowers J by more than `tolerance` is made. Stops after a full sweep without a swap, or when
 * `stop` (asked before each row) says so. Returns the number of swaps made; `p` is updated in place.
 */
export function localSearch(
  problem: QapProblem,
  p: Int32Array,
  ws: MpoptPrimalWorkspace,
  tolerance: number,
  stop: () => boolean = () => false,
): number {
  const n = problem.n, a = problem.a.data, b = problem.b.data, l = problem.linear ? problem.linear.data : null;
  const delta = problem.isSymmetric ? swapDeltaSymmetric : swapDelta;
  const inv = ws.inverse;
  for (let i = 0; i < n; i++) inv[p[i]] = i;
  let swaps = 0, sinceLast = 0, i = 0;
  while (sinceLast < n) {
    if (stop()) break;
    let improved = false;
    for (let label = 0; label < n; label++) {
      if (label === p[i]) continue;
      const s = inv[label];
      const d = delta(a, b, l, n, p, i, s);
      if (d < -tolerance) {
        const pi = p[i];
        p[i] = label;
        p[s] = pi;
        inv[label] = i;
        inv[pi] = s;
        swaps++;
        improved = true;
        break;
      }
    }
    if (improved) sinceLast = 0;
    else {
      sinceLast++;
      i = i + 1 === n ? 0 : i + 1;
    }
  }
  return swaps;
}

/** Fusions with at most this many difference cycles try every mix of the two sides … */
const EXHAUSTIVE_MAX_CYCLES = 12;
/** … when 2^cycles · n² stays below this; larger ones switch cycles greedily. */
const EXHAUSTIVE_MAX_WORK = 2 ** 22;

/**
 * Fuses `best` (cost `bestCost`) with `candidate` (cost `candidateCost`) by switching whole difference cycles; writes
 * the fused permutation into `best` and returns its cost (≤ both inputs).
 */
export function fuse(
  problem: QapProblem,
  best: Int32Array,
  bestCost: number,
  candidate: Int32Array,
  candidateCost: number,
  ws: MpoptPrimalWorkspace,
): number {
  const n = problem.n;
  // Start from the better side, switch cycles towards the other.
  const start = candidateCost < bestCost ? candidate.slice() : best.slice();
  const other = candidateCost < bestCost ? best.slice() : candidate;
  let current = Math.min(bestCost, candidateCost);
  best.set(start);
  const { inverse, seen, cycle, trial } = ws;
  for (let i = 0; i < n; i++) inverse[start[i]] = i;
  // Cycles as runs of `cycle`: node i is followed by the node that holds other[i] in `start`.
  const bounds: number[] = [0];
  seen.fill(0);
  let len = 0;
  for (let i = 0; i < n; i++) {
    if (seen[i] || start[i] === other[i]) continue;
    let k = i;
    while (!seen[k]) {
      seen[k] = 1;
      cycle[len++] = k;
      k = inverse[other[k]];
    }
    bounds.push(len);
  }
  const cycles = bounds.length - 1;
  if (cycles < 2) return current;
  if (cycles <= EXHAUSTIVE_MAX_CYCLES && (1 << cycles) * n * n <= EXHAUSTIVE_MAX_WORK) {
    // Every mix of the two sides, in Gray-code order (one cycle switched per step).
    trial.set(start);
    for (let code = 1; code < 1 << cycles; code++) {
      const c = 31 - Math.clz32(code & -code);
      for (let t = bounds[c]; t < bounds[c + 1]; t++) {
        const node = cycle[t];
        trial[node] = trial[node] === start[node] ? other[node] : start[node];
      }
      const cost = qapCostUnchecked(problem, trial);
      if (cost < current) {
        best.set(trial);
        current = cost;
      }
    }
    return current;
  }
  let improved = true;
  while (improved) {
    improved = false;
    for (let c = 0; c < cycles; c++) {
      trial.set(best);
      for (let t = bounds[c]; t < bounds[c + 1]; t++) {
        const node = cycle[t];
        trial[node] = best[node] === start[node] ? other[node] : start[node];
      }
      const cost = qapCostUnchecked(problem, trial);
      if (cost < current) {
        best.set(trial);
        current = cost;
        improved = true;
      }
    }
  }
  return current;
}
