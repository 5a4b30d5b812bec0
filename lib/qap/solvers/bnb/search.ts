/**
 * Depth-first branch and bound over one part of the assignment tree, on Hahn–Grant dual states (docs/method.md,
 * "Branch and bound"). A node fixes some rows to columns; its residual problem is a smaller QAP whose dual state is
 * its parent's, restricted ({@link HahnGrantDualState.restrict}): the child starts at its parent's bound plus the
 * fixed assignment's reduced leader, and only then pays for LAPs.
 *
 * Per node, cheapest first: (1) the inherited bound (free), (2) one leader LAP (O(n³)), (3) further dual iterations
 * (a sweep of n² subproblem LAPs, O(n⁵), then a leader LAP) while an iteration gains at least `gainRatio` of the gap
 * to the incumbent, at most `nodeIterations` of them. A node whose certified bound reaches the incumbent is pruned
 * (lib/qap/certificate.ts: rounding-safe at every scale). Otherwise it branches on the row or column whose children
 * are pruned most (ties: the largest leader sum; in the top {@link LOOKAHEAD_DEPTH} levels judged by each child's
 * bound after its first leader LAP, a look-ahead), and pushes the surviving children lowest bound on top; children that
 * break the twin order (bnb/symmetry.ts) are skipped, since an equivalent permutation lies elsewhere in the tree.
 * Residual problems of `leafSize` or fewer rows are enumerated exactly.
 * @module
 */
import { atIterations, type Certificate, certifiedBound, isCertifiedOptimal } from "../../certificate.ts";
import { costOf, type PreparedInput } from "../_fhg_input.ts";
import type { HahnGrantDualState } from "../fhg/dual_state.ts";
import { HahnGrantScratch } from "../fhg/dual_state.ts";
import { type FhgLapAlgorithm, HahnGrantLapRunner } from "../fhg/lap_runner.ts";
import { keepsTwinOrder, type RootOrbits, type TwinOrder } from "./symmetry.ts";
import { createNodeBounds, type NodeBoundEvaluator } from "../../bounds/node_bound.ts";
import type { Rlt2DualState } from "../../bounds/rlt2.ts";
import { Rlt2Levels, type Rlt2LevelSettings } from "./rlt2_levels.ts";

/**
 * Default {@link BnbSearchSettings.lookaheadDepth}: look-ahead in the top three levels. Measured (one thread, the
 * optimum given as the incumbent): nodes to proof nug15 −61 %, nug14 −21 %, nug16a −12 %, nug16b −8 %, tai15a −4 %
 * against no look-ahead (docs/method.md, "Branch and bound").
 */
export const LOOKAHEAD_DEPTH = 3;

/** How nodes are processed. */
export interface BnbSearchSettings {
  /** LAP algorithm of the dual ascent. */
  lap: FhgLapAlgorithm;
  /** Checkerboard LAP orientation (see the fhg option of that name). */
  alternateOrientation: boolean;
  /** Most dual iterations (sweep + leader LAP) per node after its first leader LAP. */
  nodeIterations: number;
  /** Keep iterating at a node while the last iteration gained at least this fraction of the gap to the incumbent. */
  gainRatio: number;
  /** Residual problems with at most this many rows are enumerated. */
  leafSize: number;
  /** Twin order to impose (bnb/symmetry.ts), or null. */
  twins: TwinOrder | null;
  /** Automorphism orbits of rows and columns for the root's branching (bnb/symmetry.ts), or null. */
  orbits: RootOrbits | null;
  /** Nodes with fewer fixed rows choose their branching line by look-ahead (`SubtreeSearch.#lookahead`); default
   * {@link LOOKAHEAD_DEPTH}; 0 turns it off. */
  lookaheadDepth?: number;
  /** Ids of the extra node bounds (lib/qap/bounds/node_bound.ts) tried after a node's first leader LAP. */
  nodeBounds: readonly string[];
  /** The RLT-2 ascent in the top levels (bnb/rlt2_levels.ts), or null / absent: Hahn–Grant states only. */
  rlt2?: Rlt2LevelSettings | null;
}

/** Children's bounds from a second dual state of the node (the RLT-2 one): LB + Λ[i,j], with its rounds. */
interface ChildBounds {
  lowerBound: number;
  leaders: Float64Array;
  rounds: number;
}

/** An open node in portable form: the fixed assignments (original indices), a valid bound, the dual rounds so far. */
export interface BnbTask {
  /** Fixed rows, in the order they were fixed. */
  rows: Int32Array;
  /** Their columns. */
  cols: Int32Array;
  /** A valid (raw, uncertified) lower bound on every completion. */
  bound: number;
  /** Rounds of dual updates behind that bound (for the certificate's rounding allowance). */
  rounds: number;
}

/** What a search needs from its surroundings: the shared incumbent, stop requests, work sharing. */
export interface SearchHub {
  /** Cost of the best permutation known to any thread. */
  incumbentCost(): number;
  /** Offers a permutation (original indices) with its cost; kept when it improves the incumbent. */
  offer(permutation: Int32Array, cost: number): void;
  /** True when the search should stop now (time limit, abort, pause). */
  shouldStop(): boolean;
  /** True when another thread is idle and would take a node. */
  wantsWork(): boolean;
  /** Hands a node to another thread, with its frame (its dual state) when one is at hand, else null. */
  share(task: BnbTask, frame: NodeFrame | null): void;
  /** Called after every node (progress reports, checkpoints). */
  afterNode(search: SubtreeSearch): void;
}

/** A materialised node: its dual state and how its local rows / columns map to the original ones. */
export interface NodeFrame {
  state: HahnGrantDualState;
  /** Original row of each local row. */
  rows: Int32Array;
  /** Original column of each local column. */
  cols: Int32Array;
  /** Fixed rows / columns so far (original indices). */
  fixedRows: Int32Array;
  fixedCols: Int32Array;
  /** Rounds of dual updates behind the state. */
  rounds: number;
}

/** A child waiting on the stack: its parent's frame and the local assignment that makes it. */
interface PendingChild {
  parent: NodeFrame;
  i0: number;
  j0: number;
  bound: number;
  /** Dual rounds behind `bound`. */
  rounds: number;
}

/** A stack entry: a child of a frame, or a portable task (handed over, resumed or interrupted), with its frame when
 * it came with its dual state. */
type StackEntry = PendingChild | { task: BnbTask; bound: number; frame: NodeFrame | null };

/** How a {@link SubtreeSearch.run} ended. */
export type SearchEnd = "exhausted" | "stopped";

/** Depth-first branch and bound from a root frame; see the module doc. One per thread. */
export class SubtreeSearch {
  /** Nodes processed. */
  nodes = 0;
  /** Subtrees pruned by their bound. */
  pruned = 0;
  /** Residual problems enumerated. */
  leaves = 0;
  /** Smallest certified bound of a pruned subtree or cost of an enumerated completion. */
  prunedMin = Infinity;
  /** Most dual rounds behind any bound this search has used or holds (for the certificate's allowance). */
  maxRounds = 0;
  /** Nodes that ran the RLT-2 ascent, and its iterations there. */
  rlt2Nodes = 0;
  rlt2Iterations = 0;
  readonly #stack: StackEntry[] = [];
  readonly #lap: HahnGrantLapRunner;
  readonly #scratch: HahnGrantScratch;
  readonly #perm: Int32Array;
  readonly #enumeration: Int32Array;
  /** The leader matrix of a child under look-ahead ({@link #lookahead}). */
  readonly #lookCost: Float64Array;
  readonly #lookColumn: Float64Array;
  /** This thread's evaluators of `settings.nodeBounds`. */
  readonly #nodeBounds: NodeBoundEvaluator[];
  /** The RLT-2 states of the top levels (null: none). */
  readonly #rlt2: Rlt2Levels | null;

  /** `rlt2Root`: the root's RLT-2 state (after its ascent) when `settings.rlt2` is set; this search keeps it. */
  constructor(
    readonly input: PreparedInput,
    readonly certificate: Certificate,
    readonly root: NodeFrame,
    readonly settings: BnbSearchSettings,
    readonly hub: SearchHub,
    rlt2Root: Rlt2DualState | null = null,
  ) {
    const n = input.n;
    this.#lap = new HahnGrantLapRunner(n, settings.lap);
    this.#scratch = new HahnGrantScratch(n);
    this.#perm = new Int32Array(n);
    this.#enumeration = new Int32Array(n);
    this.#lookCost = new Float64Array(n * n);
    this.#lookColumn = new Float64Array(n);
    this.#nodeBounds = createNodeBounds(settings.nodeBounds, input);
    this.#rlt2 = rlt2Root && settings.rlt2 ? new Rlt2Levels(rlt2Root, settings.rlt2, certificate) : null;
  }

  /** LAPs solved so far. */
  get lapCalls(): number {
    return this.#lap.calls;
  }

  /** Open nodes held by this search. */
  get openCount(): number {
    return this.#stack.length;
  }

  /** The smallest bound of an open node held here (Infinity when none). */
  openBound(): number {
    let m = Infinity;
    for (const e of this.#stack) if (e.bound < m) m = e.bound;
    return m;
  }

  /** The open nodes held here, in portable form (shallowest first). */
  openTasks(): BnbTask[] {
    return this.#stack.map((e) => this.#toTask(e));
  }

  /** Adds a node to work on; `frame` is its materialised frame when it came with its dual state (a handed-over
   * node), else it is rebuilt from the root ({@link frameOf}). */
  push(task: BnbTask, frame: NodeFrame | null = null): void {
    this.#seen(task.rounds);
    this.#stack.push({ task, bound: task.bound, frame });
  }

  /** Processes the held nodes depth-first until none is left or the hub asks to stop (open nodes stay held). */
  run(): SearchEnd {
    const stack = this.#stack, hub = this.hub;
    while (stack.length > 0) {
      if (hub.shouldStop()) return "stopped";
      if (stack.length >= 2 && hub.wantsWork()) this.#share(stack.shift()!);
      const entry = stack.pop()!;
      if (this.#prunes(entry.bound, this.#roundsOf(entry))) this.#prune(entry.bound, this.#roundsOf(entry));
      else this.#process(this.#frameOf(entry), entry.bound, this.#roundsOf(entry));
      hub.afterNode(this);
    }
    return "exhausted";
  }

  /** The frame of a portable task: the root state restricted along its fixed assignments. */
  frameOf(task: BnbTask): NodeFrame {
    let frame = this.root;
    for (let d = 0; d < task.rows.length; d++) {
      const i = frame.rows.indexOf(task.rows[d]), j = frame.cols.indexOf(task.cols[d]);
      if (i < 0 || j < 0) throw new RangeError(`bnb: node fixes row ${task.rows[d]} or column ${task.cols[d]} twice`);
      frame = child(frame, i, j);
    }
    frame.rounds = Math.max(frame.rounds, task.rounds);
    return frame;
  }

  /** The frame of a stack entry: its own, its parent's restricted, or the root's restricted along its assignments. */
  #frameOf(entry: StackEntry): NodeFrame {
    if (!("task" in entry)) return child(entry.parent, entry.i0, entry.j0);
    return entry.frame ?? this.frameOf(entry.task);
  }

  /** Hands an entry to an idle thread with its dual state, unless it is a portable task without one (a child's state
   * is its parent's restricted: the receiver goes on from the duals its ancestors improved). */
  #share(entry: StackEntry): void {
    const frame = "task" in entry ? entry.frame : child(entry.parent, entry.i0, entry.j0);
    this.hub.share(this.#toTask(entry), frame);
  }

  #roundsOf(entry: StackEntry): number {
    return "task" in entry ? entry.task.rounds : entry.rounds;
  }

  #toTask(entry: StackEntry): BnbTask {
    if ("task" in entry) return entry.task;
    const { parent, i0, j0, bound, rounds } = entry;
    return {
      rows: appended(parent.fixedRows, parent.rows[i0]),
      cols: appended(parent.fixedCols, parent.cols[j0]),
      bound,
      rounds,
    };
  }

  /** True when the incumbent is proven optimal over every completion of a node with this raw bound. */
  #prunes(bound: number, rounds: number): boolean {
    const incumbent = this.hub.incumbentCost();
    if (!Number.isFinite(incumbent)) return false;
    const cert = atIterations(this.certificate, rounds);
    return isCertifiedOptimal(incumbent, certifiedBound(bound, cert), cert);
  }

  #seen(rounds: number): void {
    if (rounds > this.maxRounds) this.maxRounds = rounds;
  }

  #prune(bound: number, rounds: number): void {
    this.#seen(rounds);
    this.pruned++;
    const certified = certifiedBound(bound, atIterations(this.certificate, rounds));
    if (certified < this.prunedMin) this.prunedMin = certified;
  }

  /** Processes a node whose inherited bound `inherited` has `inheritedRounds` dual rounds behind it. */
  #process(frame: NodeFrame, inherited: number, inheritedRounds: number): void {
    this.nodes++;
    const state = frame.state, settings = this.settings, lap = this.#lap, scratch = this.#scratch;
    if (state.n <= settings.leafSize) return this.#enumerate(frame);
    const depth = frame.fixedRows.length;
    let before = -Infinity, bound = inherited;
    // the rounds behind `bound` (the inherited bound's, or the state's when that is larger)
    const boundRounds = () => Math.max(frame.rounds, inheritedRounds);
    for (let it = 0;; it++) {
      const transposed = settings.alternateOrientation && ((depth + it) & 1) === 1;
      state.bankLeaders(state.solveLeaders(lap, scratch, transposed));
      frame.rounds++;
      this.#offerLeaderAssignment(frame);
      if (state.lowerBound > bound) bound = state.lowerBound;
      if (this.#prunes(bound, boundRounds())) return this.#prune(bound, boundRounds());
      for (let e = 0; it === 0 && e < this.#nodeBounds.length; e++) {
        bound = Math.max(bound, this.#nodeBounds[e].bound(frame));
        if (this.#prunes(bound, boundRounds())) return this.#prune(bound, boundRounds());
      }
      if (it >= settings.nodeIterations) break;
      const gap = this.hub.incumbentCost() - bound;
      if (it > 0 && state.lowerBound - before < settings.gainRatio * gap) break;
      before = state.lowerBound;
      const complete = state.sweep(lap, scratch, frame.rounds, settings.alternateOrientation, {
        shouldStop: () => this.hub.shouldStop(),
      });
      frame.rounds++;
      if (!complete) {
        // The state is mid-sweep: keep the node open in portable form with the bound it had.
        this.#seen(boundRounds());
        this.#stack.push({ task: this.#frameTask(frame, bound, boundRounds()), bound, frame: null });
        return;
      }
    }
    let rounds = boundRounds(), alternative: ChildBounds | null = null;
    if (this.#rlt2?.covers(depth)) {
      // the top levels: the RLT-2 ascent from the parent's RLT-2 state (bnb/rlt2_levels.ts)
      const hub = this.hub;
      const rlt2 = this.#rlt2.evaluate(
        frame.fixedRows,
        frame.fixedCols,
        () => hub.incumbentCost(),
        () => hub.shouldStop(),
      );
      this.rlt2Nodes++;
      this.rlt2Iterations += rlt2.iterations;
      if (rlt2.lowerBound > bound) {
        bound = rlt2.lowerBound;
        rounds = Math.max(rounds, rlt2.rounds);
      }
      if (this.#prunes(bound, rounds)) return this.#prune(bound, rounds);
      if (!rlt2.leaders) {
        // stopped half-way: keep the node open with the bound it reached
        this.#seen(rounds);
        this.#stack.push({ task: this.#frameTask(frame, bound, rounds), bound, frame: null });
        return;
      }
      alternative = { lowerBound: rlt2.lowerBound, leaders: rlt2.leaders, rounds: rlt2.rounds };
    }
    this.#branch(frame, bound, rounds, alternative);
  }

  #frameTask(frame: NodeFrame, bound: number, rounds: number): BnbTask {
    return { rows: frame.fixedRows, cols: frame.fixedCols, bound, rounds };
  }

  /** Branches on the row or column whose children are pruned (or excluded by the twin order) most (ties: the largest
   * leader sum; in the top {@link BnbSearchSettings.lookaheadDepth} levels by look-ahead, {@link #lookahead}); pushes
   * the survivors, lowest bound on top. A child's bound is LB + its reduced leader (or its look-ahead bound), and never
   * below `nodeBound` (the node's own bound with `nodeRounds` dual rounds behind it, which holds for every completion
   * of the child too: it may come from a resumed checkpoint, an extra node bound or the RLT-2 ascent and exceed LB),
   * nor below the child's bound from `alternative` (the node's RLT-2 state: its LB + its reduced leader). */
  #branch(frame: NodeFrame, nodeBound: number, nodeRounds: number, alternative: ChildBounds | null): void {
    const state = frame.state, n = state.n, leaders = state.leaders, lb = state.lowerBound;
    const incumbent = this.hub.incumbentCost();
    const alternativeRounds = alternative ? alternative.rounds + 1 : 0;
    const cert = atIterations(this.certificate, Math.max(frame.rounds + 1, alternativeRounds));
    // a child's bound from the second state (−∞ without one)
    const floorOf = alternative
      ? (i0: number, j0: number) => alternative.lowerBound + alternative.leaders[i0 * n + j0]
      : () => -Infinity;
    const twins = this.settings.twins;
    const excluded = (i: number, j: number) => twins !== null && !keepsTwinOrder(twins, frame, i, j);
    // With twins on one side, branch on that side only: a line of the other side would split twins into children
    // that differ only by their order.
    const branchRows = twins === null || twins.side === "rows", branchCols = twins === null || twins.side === "cols";
    const prunedAt = (bound: number) =>
      Number.isFinite(incumbent) && isCertifiedOptimal(incumbent, certifiedBound(bound, cert), cert);
    const pruned = (i0: number, j0: number) => prunedAt(Math.max(lb + leaders[i0 * n + j0], floorOf(i0, j0)));
    const rootOrbits = frame.fixedRows.length === 0 ? this.settings.orbits : null;
    const ahead = frame.fixedRows.length < (this.settings.lookaheadDepth ?? LOOKAHEAD_DEPTH) &&
        Number.isFinite(incumbent) && state.boundValid && n > 2
      ? this.#lookahead(
        frame,
        (i0, j0, keep, k) => excluded(i0, j0) || (keep !== null && !keep[k]),
        pruned,
        floorOf,
        alternativeRounds,
        { rows: branchRows, cols: branchCols },
      )
      : null;
    let bestLine = ahead?.line ?? 0, bestIsRow = ahead?.isRow ?? true, bestPruned = -1, bestSum = -Infinity;
    for (let line = 0; line < n && ahead === null; line++) {
      let rowPruned = 0, rowSum = 0, colPruned = 0, colSum = 0;
      const rowKeep = rootOrbits && orbitRepresentatives(frame, rootOrbits, twins, line, true);
      const colKeep = rootOrbits && orbitRepresentatives(frame, rootOrbits, twins, line, false);
      for (let k = 0; k < n; k++) {
        const r = leaders[line * n + k], c = leaders[k * n + line];
        if (pruned(line, k) || excluded(line, k) || (rowKeep && !rowKeep[k])) rowPruned++;
        if (pruned(k, line) || excluded(k, line) || (colKeep && !colKeep[k])) colPruned++;
        rowSum += r;
        colSum += c;
      }
      if (branchRows && (rowPruned > bestPruned || (rowPruned === bestPruned && rowSum > bestSum))) {
        bestLine = line, bestIsRow = true, bestPruned = rowPruned, bestSum = rowSum;
      }
      if (branchCols && (colPruned > bestPruned || (colPruned === bestPruned && colSum > bestSum))) {
        bestLine = line, bestIsRow = false, bestPruned = colPruned, bestSum = colSum;
      }
    }
    const children: PendingChild[] = [];
    const keep = rootOrbits && orbitRepresentatives(frame, rootOrbits, twins, bestLine, bestIsRow);
    // a look-ahead bound has one more round (the child's leader LAP) behind it
    const rounds = Math.max(frame.rounds + (ahead ? 2 : 1), nodeRounds, alternativeRounds);
    const childCert = atIterations(this.certificate, rounds);
    for (let k = 0; k < n; k++) {
      const i0 = bestIsRow ? bestLine : k, j0 = bestIsRow ? k : bestLine;
      if (excluded(i0, j0) || (keep && !keep[k])) continue;
      const looked = ahead ? ahead.bounds[i0 * n + j0] : NaN;
      const bound = Math.max(
        nodeBound,
        lb + leaders[i0 * n + j0],
        Number.isNaN(looked) ? -Infinity : looked,
        floorOf(i0, j0),
      );
      if (Number.isFinite(incumbent) && isCertifiedOptimal(incumbent, certifiedBound(bound, childCert), childCert)) {
        this.#prune(bound, rounds);
      } else children.push({ parent: frame, i0, j0, bound, rounds });
    }
    this.#seen(rounds);
    children.sort((x, y) => y.bound - x.bound);
    for (const c of children) this.#stack.push(c);
  }

  /**
   * Strong branching near the root: for every candidate line, the bound of each child that its reduced leader does not
   * prune after the child's first leader LAP — LB + Λ[i0,j0] + the LAP over Λ[k,l] + R_{i0j0}(k,l), exactly what the
   * child computes first ({@link HahnGrantDualState.restrict}), without building the child (one LAP of size n − 1 per
   * child, 2n² at most per node). Returns the line whose children these bounds prune most (ties: the largest sum of the
   * surviving children's bounds) and the bounds (NaN where not computed). Valid while the state is a bound. `floorOf`
   * gives a child's bound from a second dual state (−∞ without one; `floorRounds` rounds behind it): the larger one
   * counts.
   */
  #lookahead(
    frame: NodeFrame,
    skipped: (i0: number, j0: number, keep: Uint8Array | null, k: number) => boolean,
    prunedByLeader: (i0: number, j0: number) => boolean,
    floorOf: (i0: number, j0: number) => number,
    floorRounds: number,
    sides: { rows: boolean; cols: boolean },
  ): { line: number; isRow: boolean; bounds: Float64Array } {
    const state = frame.state, n = state.n, m = n - 1, leaders = state.leaders, lb = state.lowerBound;
    const incumbent = this.hub.incumbentCost();
    const cert = atIterations(this.certificate, Math.max(frame.rounds + 2, floorRounds));
    const rootOrbits = frame.fixedRows.length === 0 ? this.settings.orbits : null, twins = this.settings.twins;
    const cost = this.#lookCost, column = this.#lookColumn, bounds = new Float64Array(n * n).fill(NaN);
    const { a, b, gu, gv } = state, n2 = n * n;
    // Λ[k,l] + R_{i0j0}(k,l) as HahnGrantDualState.restrict computes it (same operations), invariants hoisted
    const childBound = (i0: number, j0: number) => {
      const own = i0 * n + j0, guPlane = i0 * n2, gvPlane = j0 * n2, bRow = j0 * n;
      for (let l = 0; l < n; l++) column[l] = gv[l * n2 + own];
      for (let k = 0, kk = 0; k < n; k++) {
        if (k === i0) continue;
        const ak = 2 * a[k * n + i0], uk = gu[k * n2 + own], row = k * n, out = kk * m;
        const guRow = guPlane + row, gvRow = gvPlane + row;
        for (let l = 0, ll = 0; l < n; l++) {
          if (l === j0) continue;
          cost[out + ll++] = leaders[row + l] + (ak * b[bRow + l] - uk - column[l] - gu[guRow + l] - gv[gvRow + l]);
        }
        kk++;
      }
      return lb + leaders[own] + this.#lap.solve(cost, m, false);
    };
    let best = { line: 0, isRow: true, bounds }, bestPruned = -1, bestSum = -Infinity;
    for (let line = 0; line < n; line++) {
      for (const isRow of [true, false]) {
        if (isRow ? !sides.rows : !sides.cols) continue;
        const keep = rootOrbits && orbitRepresentatives(frame, rootOrbits, twins, line, isRow);
        let prunedCount = 0, sum = 0, k = 0;
        // a line that cannot reach the best count even if all its remaining children were pruned is left early
        for (; k < n && prunedCount + n - k >= bestPruned; k++) {
          const i0 = isRow ? line : k, j0 = isRow ? k : line;
          if (skipped(i0, j0, keep, k) || prunedByLeader(i0, j0)) {
            prunedCount++;
            continue;
          }
          const x = i0 * n + j0;
          if (Number.isNaN(bounds[x])) bounds[x] = Math.max(childBound(i0, j0), floorOf(i0, j0));
          if (isCertifiedOptimal(incumbent, certifiedBound(bounds[x], cert), cert)) prunedCount++;
          else sum += bounds[x];
        }
        if (k < n) continue;
        if (prunedCount > bestPruned || (prunedCount === bestPruned && sum > bestSum)) {
          best = { line, isRow, bounds };
          bestPruned = prunedCount;
          bestSum = sum;
        }
      }
    }
    return best;
  }

  /** Offers the last leader LAP's assignment, completed by the fixed assignments. */
  #offerLeaderAssignment(frame: NodeFrame): void {
    const perm = this.#perm, rc = this.#lap.ws.rowToCol;
    for (let d = 0; d < frame.fixedRows.length; d++) perm[frame.fixedRows[d]] = frame.fixedCols[d];
    for (let k = 0; k < frame.state.n; k++) perm[frame.rows[k]] = frame.cols[rc[k]];
    this.#offer(perm);
  }

  #offer(perm: Int32Array): number {
    const cost = costOf(this.input, perm);
    if (cost < this.hub.incumbentCost()) this.hub.offer(perm, cost);
    return cost;
  }

  /** Enumerates every completion of a small residual problem (Heap's order). */
  #enumerate(frame: NodeFrame): void {
    this.leaves++;
    const m = frame.state.n, perm = this.#perm, order = this.#enumeration;
    for (let d = 0; d < frame.fixedRows.length; d++) perm[frame.fixedRows[d]] = frame.fixedCols[d];
    for (let k = 0; k < m; k++) order[k] = k;
    const visit = () => {
      for (let k = 0; k < m; k++) perm[frame.rows[k]] = frame.cols[order[k]];
      const cost = this.#offer(perm);
      if (cost < this.prunedMin) this.prunedMin = cost;
    };
    visit();
    const c = new Int32Array(m);
    for (let i = 1; i < m;) {
      if (c[i] < i) {
        const j = i % 2 === 0 ? 0 : c[i];
        const t = order[j];
        order[j] = order[i];
        order[i] = t;
        visit();
        c[i]++;
        i = 1;
      } else c[i++] = 0;
    }
  }
}

/**
 * At the root: for branching on `line` (a row when `isRow`), which children to keep — one per automorphism orbit of
 * the other side, the one with the largest reduced leader (equivalent subtrees have the same optimum; the highest
 * bound prunes soonest). Null when orbits do not apply to this line (see bnb/symmetry.ts on twins).
 */
function orbitRepresentatives(
  frame: NodeFrame,
  orbits: RootOrbits,
  twins: TwinOrder | null,
  line: number,
  isRow: boolean,
): Uint8Array | null {
  const own = isRow ? frame.rows[line] : frame.cols[line];
  if (twins !== null && (twins.side !== (isRow ? "rows" : "cols") || twins.classOf[own] >= 0)) return null;
  const ids = isRow ? orbits.cols : orbits.rows, others = isRow ? frame.cols : frame.rows;
  const n = frame.state.n, leaders = frame.state.leaders;
  const leader = (k: number) => isRow ? leaders[line * n + k] : leaders[k * n + line];
  const best = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    const id = ids[others[k]], current = best.get(id);
    if (current === undefined || leader(k) > leader(current)) best.set(id, k);
  }
  if (best.size === n) return null;
  const keep = new Uint8Array(n);
  for (const k of best.values()) keep[k] = 1;
  return keep;
}

/** The frame of the child of `parent` that fixes local row i0 to local column j0. */
export function child(parent: NodeFrame, i0: number, j0: number): NodeFrame {
  return {
    state: parent.state.restrict(i0, j0),
    rows: without(parent.rows, i0),
    cols: without(parent.cols, j0),
    fixedRows: appended(parent.fixedRows, parent.rows[i0]),
    fixedCols: appended(parent.fixedCols, parent.cols[j0]),
    rounds: parent.rounds + 1,
  };
}

/** The root frame of a state over all rows and columns. */
export function rootFrame(state: HahnGrantDualState, rounds: number): NodeFrame {
  const ids = Int32Array.from({ length: state.n }, (_, k) => k);
  return { state, rows: ids, cols: ids.slice(), fixedRows: new Int32Array(0), fixedCols: new Int32Array(0), rounds };
}

/** `values` without the entry at `index`. */
export function without(values: Int32Array, index: number): Int32Array {
  const out = new Int32Array(values.length - 1);
  out.set(values.subarray(0, index));
  out.set(values.subarray(index + 1), index);
  return out;
}

function appended(values: Int32Array, value: number): Int32Array {
  const out = new Int32Array(values.length + 1);
  out.set(values);
  out[values.length] = value;
  return out;
}
