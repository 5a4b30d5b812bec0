/**
 * Exact alternatives by branch and bound, in one pass over a partition of the alternatives. For the rows K of the
 * given permutation p whose margins are still open, ordered k₁, k₂, …, k_m, group t holds the permutations q that keep
 * k₁ … k_{t−1} on p and move k_t (q(k_t) ≠ p(k_t)); every alternative of row k_s lies in a group t ≤ s. So group t
 * only matters to the rows k_t … k_m, and a node of it can be pruned once its bound reaches T_t = max over s ≥ t of
 * the best alternative cost seen for row k_s: nothing in it can improve any of those rows. Each group is one depth-first
 * search of bnb (lib/qap/solvers/bnb/search.ts) with T_t as its incumbent; rows are ordered by their best alternative
 * seen, costliest first, so T_t is row k_t's own alternative and the deepest groups (most rows on p) prune hardest.
 * Groups run deepest first; every permutation any of them finds updates the alternatives of all the rows it changes,
 * which lowers the thresholds of the groups still to come.
 *
 * Tasks start warm from the margins' root dual state restricted along their prefix (a leader LAP banked at every step
 * of the prefix). When every group t ≤ s is exhausted, row k_s's best alternative is exact up to the certificate: each
 * pruned node's certified bound reached T_t ≥ that alternative's cost (less twice the rounding allowance), and every
 * completion enumerated or offered below T_t updated the row. Symmetry reductions are off: an equivalent permutation
 * may lie outside a group.
 * @module
 */
import { atIterations, certifiedBound } from "../certificate.ts";
import {
  type BnbSearchSettings,
  type BnbTask,
  child,
  type NodeFrame,
  rootFrame,
  type SearchHub,
  SubtreeSearch,
} from "../solvers/bnb/search.ts";
import { HahnGrantScratch } from "../solvers/fhg/dual_state.ts";
import { HahnGrantLapRunner } from "../solvers/fhg/lap_runner.ts";
import type { DualRoot } from "./dual_root.ts";

/** Search settings: bnb's defaults without symmetry reductions, and up to 4 dual iterations per node instead of 2
 * (thresholds above the optimum need tighter node bounds; measured on a 17-class ImageNet-100 subset: 1,174 nodes
 * instead of 1,799). */
const GROUP_SEARCH_SETTINGS: BnbSearchSettings = {
  lap: "jv",
  alternateOrientation: true,
  nodeIterations: 4,
  gainRatio: 0.1,
  leafSize: 3,
  twins: null,
  orbits: null,
  nodeBounds: [],
};

/** What the pass established, per row of K (working costs). */
export interface GroupSearchOutcome {
  /** Rows searched, in group order (k₁ … k_m). */
  rows: number[];
  /** lower[s]: certified lower bound on the cheapest alternative of rows[s]. */
  lower: Float64Array;
  /** exact[s]: every group t ≤ s was exhausted (rows[s] is exact up to twice `tolerance`). */
  exact: boolean[];
  /** Nodes processed. */
  nodes: number;
  /** Dual rounds behind the bounds used (for the allowance). */
  rounds: number;
}

/** The hub of group t: threshold T_t = max over the rows it serves of their best alternative; finds shared. */
class GroupHub implements SearchHub {
  #threshold = Infinity;
  constructor(readonly root: DualRoot, readonly served: readonly number[], readonly expired: () => boolean) {
    this.#update();
  }
  #update(): void {
    const costs = this.root.alternatives.costs;
    let m = -Infinity;
    for (const k of this.served) if (costs[k] > m) m = costs[k];
    this.#threshold = m;
  }
  incumbentCost(): number {
    return this.#threshold;
  }
  offer(permutation: Int32Array, cost: number): void {
    this.root.alternatives.offer(permutation, cost);
    this.#update();
  }
  shouldStop(): boolean {
    return this.expired();
  }
  wantsWork(): boolean {
    return false;
  }
  share(): void {
    throw new Error("margins: a group search shares no nodes");
  }
  afterNode(): void {}
}

/** The tasks of every group: group t's tasks fix the prefix k₁ … k_{t−1} to p and k_t to each other column. */
function groupTasks(root: DualRoot, rows: readonly number[], p: Int32Array): BnbTask[][] {
  const lap = new HahnGrantLapRunner(root.state.n, "jv"), scratch = new HahnGrantScratch(root.state.n);
  const groups: BnbTask[][] = [];
  let frame: NodeFrame = rootFrame(root.state, root.rounds);
  for (let t = 0; t < rows.length; t++) {
    const { state } = frame, m = state.n, k = rows[t];
    const local = frame.rows.indexOf(k), keep = frame.cols.indexOf(p[k]);
    const tasks: BnbTask[] = [];
    for (let c = 0; c < m; c++) {
      if (c === keep) continue;
      tasks.push({
        rows: Int32Array.of(...frame.fixedRows, k),
        cols: Int32Array.of(...frame.fixedCols, frame.cols[c]),
        bound: state.lowerBound + state.leaders[local * m + c],
        rounds: frame.rounds + 1,
      });
    }
    groups.push(tasks);
    if (t === rows.length - 1) break;
    frame = child(frame, local, keep);
    // a leader LAP on the prefix's residual state tightens the bounds of the deeper groups
    if (frame.state.n > 1) {
      frame.state.bankLeaders(frame.state.solveLeaders(lap, scratch, false));
      frame.rounds++;
    }
  }
  return groups;
}

/**
 * Searches the groups of `rows` (see the module doc) until done or `expired()`; the best alternatives found are left
 * in `root.alternatives`. Each row's lower bound is certified (integer data exact; otherwise the best alternative
 * less twice the rounding allowance, or an open node's certified bound when the clock stopped a group).
 */
export function searchAlternatives(
  root: DualRoot,
  rows: readonly number[],
  p: Int32Array,
  expired: () => boolean,
  onGroup?: () => void,
): GroupSearchOutcome {
  const { state, input, certificate } = root;
  const costs = root.alternatives.costs;
  const order = [...rows].sort((x, y) => costs[y] - costs[x] || x - y);
  const groups = groupTasks(root, order, p);
  const m = order.length;
  let nodes = 0, rounds = root.rounds;
  // openBound[t]: smallest certified bound of group t's open nodes (Infinity when exhausted); groups not run: −∞
  const openBound = new Float64Array(m).fill(-Infinity);
  for (let t = m - 1; t >= 0; t--) {
    if (expired()) break;
    const hub = new GroupHub(root, order.slice(t), expired);
    const search = new SubtreeSearch(input, certificate, rootFrame(state, root.rounds), GROUP_SEARCH_SETTINGS, hub);
    // highest bound pushed first: the most promising task is searched first
    for (const task of [...groups[t]].sort((x, y) => y.bound - x.bound)) search.push(task);
    search.run();
    nodes += search.nodes;
    rounds = Math.max(rounds, search.maxRounds, ...groups[t].map((task) => task.rounds));
    let open = Infinity;
    for (const task of search.openTasks()) {
      open = Math.min(open, certifiedBound(task.bound, atIterations(certificate, task.rounds)));
    }
    openBound[t] = open;
    onGroup?.();
  }
  const tolerance = atIterations(certificate, rounds).tolerance;
  const lower = new Float64Array(m), exact: boolean[] = [];
  let worstOpen = Infinity; // min over groups t ≤ s of their open bound
  for (let s = 0; s < m; s++) {
    worstOpen = Math.min(worstOpen, openBound[s]);
    const best = costs[order[s]];
    const proven = certificate.integral ? best : best - 2 * tolerance;
    lower[s] = Math.min(proven, worstOpen);
    exact.push(worstOpen === Infinity);
  }
  return { rows: order, lower, exact, nodes, rounds };
}
