/**
 * The RLT-2 dual ascent (lib/qap/bounds/rlt2.ts) at the top of the branch-and-bound tree (docs/method.md, "Branch and
 * bound", RLT-2 levels): the root runs it after the Hahn–Grant root, and every node of the first `depth` levels below
 * the root starts from its parent's RLT-2 state, restricted, and climbs until its certified bound reaches the
 * incumbent (the node is pruned) or an iteration gains less than `gainRatio` of the gap. A node's RLT-2 leaders then
 * bound its children (LB + Λ[i,j], as the Hahn–Grant ones do); deeper nodes use the Hahn–Grant state only, and never
 * go below the RLT-2 bound they inherited. The search is depth first, so one state per level is kept: a node's state
 * stays until a node of the same level replaces it, by which time its subtree is done (a node handed to another thread
 * restarts from the deepest stored ancestor there, usually the root).
 * @module
 */
import { atIterations, type Certificate, certifiedBound, isCertifiedOptimal } from "../../certificate.ts";
import type { Rlt2DualState } from "../../bounds/rlt2.ts";
import { without } from "./search.ts";

/** How the RLT-2 levels run. */
export interface Rlt2LevelSettings {
  /** Levels below the root whose nodes run the RLT-2 ascent (0: the root only). */
  depth: number;
  /** Most RLT-2 iterations at a node. */
  nodeIterations: number;
  /** A node keeps iterating while an iteration gains at least this fraction of its gap to the incumbent. */
  gainRatio: number;
}

/** What the RLT-2 ascent left at a node: a valid raw bound, its rounds, and (when complete) leaders for children. */
export interface Rlt2NodeBound {
  /** Raw lower bound on every completion of the node (its state's LB). */
  lowerBound: number;
  /** Dual rounds behind it. */
  rounds: number;
  /** Reduced leaders in the node's local order (rows / columns not fixed, ascending), or null when the ascent was
   * stopped half-way (the bound stays valid; the leaders are not reduced). */
  leaders: Float64Array | null;
  /** Iterations run at this node. */
  iterations: number;
}

/**
 * Runs RLT-2 iterations on `state` until its certified bound proves `incumbent()` optimal over it, an iteration gains
 * less than `gainRatio` of the remaining gap, `maxIterations` ran, or `shouldStop()` (then false: stopped half-way).
 * `onIteration` hears the iteration count after each complete iteration (progress reports).
 */
export function climbRlt2(
  state: Rlt2DualState,
  certificate: Certificate,
  incumbent: () => number,
  maxIterations: number,
  gainRatio: number,
  shouldStop: () => boolean,
  onIteration?: (iterations: number) => void,
): { iterations: number; complete: boolean } {
  let iterations = 0;
  const proves = () => {
    const cert = atIterations(certificate, state.rounds), target = incumbent();
    return Number.isFinite(target) && isCertifiedOptimal(target, certifiedBound(state.lowerBound, cert), cert);
  };
  while (iterations < maxIterations && !(state.boundValid && proves())) {
    const before = state.lowerBound;
    if (!state.iterate({}, shouldStop)) return { iterations, complete: false };
    iterations++;
    onIteration?.(iterations);
    const gap = incumbent() - state.lowerBound;
    if (state.lowerBound - before < gainRatio * gap) break;
  }
  return { iterations, complete: true };
}

/** One stored level: the node's fixed assignments (original indices), its free rows / columns and its state. */
interface StoredLevel {
  fixedRows: Int32Array;
  fixedCols: Int32Array;
  rows: Int32Array;
  cols: Int32Array;
  state: Rlt2DualState;
}

/** The RLT-2 states of the top levels of one search thread; see the module doc. */
export class Rlt2Levels {
  readonly #levels: (StoredLevel | undefined)[];

  constructor(root: Rlt2DualState, readonly settings: Rlt2LevelSettings, readonly certificate: Certificate) {
    const ids = Int32Array.from({ length: root.n }, (_, k) => k);
    this.#levels = [{
      fixedRows: new Int32Array(0),
      fixedCols: new Int32Array(0),
      rows: ids,
      cols: ids.slice(),
      state: root,
    }];
  }

  /** True when nodes that fix `depth` rows run the RLT-2 ascent. */
  covers(depth: number): boolean {
    return depth <= this.settings.depth;
  }

  /**
   * The RLT-2 bound of the node that fixes `fixedRows` → `fixedCols` (depth ≤ settings.depth): the root's state as it
   * is; a deeper node's state restricted from the deepest stored ancestor and climbed ({@link climbRlt2}), kept for
   * its children unless it is on the last RLT-2 level.
   */
  evaluate(
    fixedRows: Int32Array,
    fixedCols: Int32Array,
    incumbent: () => number,
    shouldStop: () => boolean,
  ): Rlt2NodeBound {
    const depth = fixedRows.length;
    if (depth === 0) {
      const root = this.#levels[0]!.state;
      return { lowerBound: root.lowerBound, rounds: root.rounds, leaders: root.leaders.slice(), iterations: 0 };
    }
    let from = depth - 1;
    while (from > 0 && !this.#isAncestor(this.#levels[from], fixedRows, fixedCols)) from--;
    const stored = this.#levels[from]!;
    let { state, rows, cols } = stored;
    for (let d = from; d < depth; d++) {
      const i = rows.indexOf(fixedRows[d]), j = cols.indexOf(fixedCols[d]);
      if (i < 0 || j < 0) throw new RangeError(`bnb: node fixes row ${fixedRows[d]} or column ${fixedCols[d]} twice`);
      state = state.restrict(i, j);
      rows = without(rows, i);
      cols = without(cols, j);
    }
    const { iterations, complete } = climbRlt2(
      state,
      this.certificate,
      incumbent,
      this.settings.nodeIterations,
      this.settings.gainRatio,
      shouldStop,
    );
    // levels deeper than the ancestor used belong to finished subtrees
    this.#levels.length = from + 1;
    if (complete && depth < this.settings.depth) this.#levels[depth] = { fixedRows, fixedCols, rows, cols, state };
    return {
      lowerBound: state.boundValid ? state.lowerBound : -Infinity,
      rounds: state.rounds,
      leaders: complete ? state.leaders : null,
      iterations,
    };
  }

  #isAncestor(level: StoredLevel | undefined, fixedRows: Int32Array, fixedCols: Int32Array): boolean {
    if (!level) return false;
    for (let d = 0; d < level.fixedRows.length; d++) {
      if (level.fixedRows[d] !== fixedRows[d] || level.fixedCols[d] !== fixedCols[d]) return false;
    }
    return true;
  }
}
