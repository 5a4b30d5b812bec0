/**
 * `bnb`: exact QAP solving by branch and bound on the Hahn–Grant bound (docs/method.md, "Branch and bound").
 *
 * 1. Root: the factorised Hahn–Grant dual ascent with fhg's primal heuristic (the incumbent) until it proves, stalls
 *    or reaches `rootIterations`; then, where it is affordable (`rlt2`), the RLT-2 dual ascent
 *    (lib/qap/bounds/rlt2.ts), which the nodes of the top `rlt2Depth` levels continue from their parent's state
 *    (lib/qap/solvers/bnb/rlt2_levels.ts).
 * 2. Search: depth-first over assignments; each child starts from its parent's dual state restricted to the residual
 *    problem (bound = parent's bound + the fixed assignment's reduced leader) and pays for LAPs only when that does
 *    not prune it (lib/qap/solvers/bnb/search.ts). Every prune and the final claim use the rounding-safe certificate
 *    of lib/qap/certificate.ts, so `optimal: true` holds at any scale.
 * 3. Threads: with `threads` > 1 the search runs on worker threads that share the incumbent and an open-node pool
 *    (idle threads take the lowest bound; busy ones hand over their shallowest node); the calling thread waits and
 *    reports. `threads: 1` runs in the calling thread.
 * 4. Anytime: at the time limit the result has the incumbent and the global bound min(open nodes' bounds, pruned
 *    subtrees' bounds); `checkpoint` writes the open nodes every `checkpointInterval` seconds and at the end, and
 *    `resume` continues from such a file (the global bound never drops below the checkpoint's).
 * `iterations` counts nodes explored (this run); `info` has nodes, pruned, leaves, open nodes, root bound and time, and
 * the nodes handed between threads (`handedOver`; `handedOverWithState` of them travelled with their dual state),
 * the RLT-2 root (`rlt2RootBound`, `rlt2RootIterations`, `rlt2RootSeconds`) and nodes (`rlt2Nodes`, `rlt2Iterations`).
 * @module
 */
import { existsSync } from "node:fs";
import { checkMemoryBudget } from "../memory.ts";
import { checkRange } from "../../core/errors.ts";
import { checkPermutation } from "../../core/permutation.ts";
import { option, pickOptions, schemaDefaults } from "../../core/options.ts";
import {
  atIterations,
  type Certificate,
  certificateTolerance,
  certifiedBound,
  isCertifiedOptimal,
} from "../certificate.ts";
import type { QapProblem } from "../problem.ts";
import {
  finishResult,
  resolveSchemaOptions,
  SolveClock,
  type SolveResult,
  type SolverOptions,
  type SolveStatus,
} from "../result.ts";
import { costOf, type FactorShift, type PreparedInput, prepareSymmetricInput } from "./_fhg_input.ts";
import { gilmoreLawlerBound } from "../bounds/gilmore_lawler.ts";
import { NODE_BOUND_IDS } from "../bounds/node_bound.ts";
import { dualStateBytes, type HahnGrantDualState } from "./fhg/dual_state.ts";
import type { FhgLapAlgorithm } from "./fhg/lap_runner.ts";
import { createHahnGrantRun, HAHN_GRANT_ENGINE_OPTIONS, PRIMAL_OPTION_NAMES } from "./fhg/engine.ts";
import {
  type BnbCheckpoint,
  checkpointBound,
  problemFingerprint,
  readCheckpoint,
  removeStaleTemporaries,
  ResumedClock,
  writeCheckpoint,
} from "./bnb/checkpoint.ts";
import { type BnbSearchSettings, type BnbTask, LOOKAHEAD_DEPTH, rootFrame } from "./bnb/search.ts";
import { findRootOrbits, findTwinOrder } from "./bnb/symmetry.ts";
import { stateSlotsFor } from "./bnb/shared_hub.ts";
import { Rlt2DualState, rlt2MemoryBytes } from "../bounds/rlt2.ts";
import { climbRlt2 } from "./bnb/rlt2_levels.ts";
import { matrixFrom } from "../../core/matrix.ts";
import { createQapProblem } from "../problem.ts";
import {
  searchHere,
  type SearchJob,
  searchOnWorkers,
  type SearchOutcome,
  type SearchSnapshot,
  startWorkers,
  stopWorkers,
} from "./bnb/runners.ts";

/** Options of {@link solveBranchAndBound}; each is declared (default, range, doc, flag) in {@link BNB_OPTIONS}. */
export interface BnbOptions extends SolverOptions {
  /** Worker threads; 1 = search in the calling thread; default: the machine's logical cores (at least 1). */
  threads?: number;
  /** Most dual-ascent iterations at the root; default 100 (it stops earlier when it stalls or proves). */
  rootIterations?: number;
  /** Most extra dual iterations (sweep + leader LAP) per node; default 2. */
  nodeIterations?: number;
  /** A node keeps iterating while an iteration gains at least this fraction of its gap; default 0.1. */
  gainRatio?: number;
  /** Residual problems with at most this many rows are enumerated; default 3 (≥ 2). */
  leafSize?: number;
  /** Nodes in the top this many levels choose their branching line by look-ahead (bnb/search.ts); 0 = off. */
  lookaheadDepth?: number;
  /** LAP algorithm of the dual ascent (as fhg's `lap`); default "jv". */
  lap?: FhgLapAlgorithm;
  /** Checkerboard LAP orientation (as fhg's); default true. */
  alternateOrientation?: boolean;
  /** Run fhg's FAQ + 2-opt heuristic at the root for the first incumbent; default true. */
  primalHeuristic?: boolean;
  /** The root's primal side, as fhg's options of these names (defaults as fhg's). */
  updateWithLapSolutions?: boolean;
  heuristicRepetitions?: number;
  /** Default {@link BNB_ROOT_HEURISTIC_PATIENCE} (fhg's is 5). */
  heuristicPatience?: number;
  stallHeuristicPatience?: number;
  heuristicTimeFraction?: number;
  heuristicMaxSeconds?: number;
  /** The root ascent's stall rule, as fhg's (defaults 3 and 1e-6). */
  maxStallIterations?: number;
  epsilon?: number;
  /** Skip assignments that only permute twin rows (or columns) of an optimal permutation, and at the root all but one
   * child per automorphism orbit (bnb/symmetry.ts); default true. */
  symmetry?: boolean;
  /** How the working factors are shifted ("min": non-negative, as fhg; "none": as given; see _fhg_input.ts);
   * default "none". */
  shift?: FactorShift;
  /** Extra lower bounds tried at every node after its first leader LAP, by id (lib/qap/bounds/node_bound.ts:
   * "eigenvalue", the projected eigenvalue bound of Hadley, Rendl & Wolkowicz); default none. */
  nodeBounds?: readonly string[];
  /** Write the open nodes to this file (JSON) every `checkpointInterval` seconds and at the end; default none. */
  checkpoint?: string;
  /** Seconds between checkpoints; default 60. */
  checkpointInterval?: number;
  /** Continue from this checkpoint file (written for the same problem); default none. */
  resume?: string;
  /** Refuse to start when the estimated memory exceeds this many bytes; default 8 GiB. */
  memoryBudgetBytes?: number;
  /** A permutation tried as the first incumbent (e.g. fhg's result), so the search prunes against it at once. */
  incumbent?: Int32Array | readonly number[];
  /** Most nodes this run explores; a finite budget runs the search in the calling thread, so the same problem and
   * options give the same result on any machine (status "max-iterations" when the budget stops it). Default ∞. */
  maxNodes?: number;
  /** The RLT-2 dual ascent at the root and in the top `rlt2Depth` levels: "auto" (default: for
   * {@link RLT2_AUTO_SIZES} when its states fit the memory budget, once the Hahn–Grant search has not finished within
   * {@link RLT2_TRIGGER_NODES} nodes; it then goes on from the open nodes), "on" (from the start) or "off". */
  rlt2?: "auto" | "on" | "off";
  /** Levels below the root whose nodes run the RLT-2 ascent; default {@link RLT2_DEPTH}. */
  rlt2Depth?: number;
  /** Most RLT-2 iterations at the root; default 100. */
  rlt2RootIterations?: number;
  /** Most RLT-2 iterations at a node; default 40. */
  rlt2NodeIterations?: number;
  /** RLT-2 keeps iterating (root and nodes) while an iteration gains at least this fraction of the gap; default 0.05. */
  rlt2GainRatio?: number;
  /** With `rlt2: "auto"`, the Hahn–Grant nodes after which the RLT-2 levels join; default {@link RLT2_TRIGGER_NODES}. */
  rlt2TriggerNodes?: number;
}

/** Sizes where `rlt2: "auto"` may add the RLT-2 levels (below them the Hahn–Grant search alone proves in seconds;
 * above them an RLT-2 iteration takes several seconds and its state hundreds of MiB). */
export const RLT2_AUTO_SIZES = Object.freeze({ min: 12, max: 24 });

/**
 * `rlt2: "auto"` adds the RLT-2 levels when the Hahn–Grant search has not finished within this many nodes. Measured
 * on both cores (docs/method.md, "RLT-2 levels"): nug17 needs 88k Hahn–Grant nodes (26 s; with RLT-2 from the start
 * 38 s), nug18 324k (107 s; with RLT-2 87 s), nug20 is unproven after 900 s (with RLT-2 proven in 426 s).
 */
export const RLT2_TRIGGER_NODES = 100_000;

/** Default {@link BnbOptions.rlt2Depth}. */
export const RLT2_DEPTH = 2;

/** bnb's default `heuristicPatience` (fhg's is 5): the root's incumbent prunes the whole search. */
export const BNB_ROOT_HEURISTIC_PATIENCE = 100;

/** The declared options of bnb: its own, and the engine's LAP, orientation, primal and stall options for its root. */
export const BNB_OPTIONS = Object.freeze({
  threads: option.integer(
    Math.max(1, navigator.hardwareConcurrency ?? 1),
    "worker threads (1: search in the calling thread); default: the machine's logical cores",
    { min: 1, max: 256 },
  ),
  rootIterations: option.integer(
    100,
    "most dual-ascent iterations at the root (it stops earlier on a stall or proof)",
    {
      min: 1,
    },
  ),
  nodeIterations: option.integer(2, "most extra dual iterations (sweep + leader LAP) per node", { min: 0 }),
  gainRatio: option.number(0.1, "a node keeps iterating while an iteration gains at least this fraction of its gap", {
    min: 0,
    max: 1,
  }),
  leafSize: option.integer(3, "residual problems with at most this many rows are enumerated", { min: 2, max: 8 }),
  lookaheadDepth: option.integer(
    LOOKAHEAD_DEPTH,
    "nodes in the top this many levels choose their branching line by look-ahead (0: off)",
    { min: 0 },
  ),
  ...pickOptions(HAHN_GRANT_ENGINE_OPTIONS, [
    "lap",
    "alternateOrientation",
    ...PRIMAL_OPTION_NAMES,
    "maxStallIterations",
    "epsilon",
  ]),
  // A search pays for every node the incumbent fails to prune: the root's heuristic runs longer than fhg's (measured,
  // docs/method.md "Branch and bound": nug16a, nug17, nug18 reach the optimum at the root with 100, not with 5, for
  // 0.1–0.2 s more; without it two threads explored 14 % more nodes than one, finding the optimum later).
  heuristicPatience: option.integer(
    BNB_ROOT_HEURISTIC_PATIENCE,
    "iteration 1 stops the heuristic after this many repetitions without gain",
    { min: 1 },
  ),
  symmetry: option.boolean(true, "skip children that only permute twin rows / columns or root automorphism orbits"),
  shift: option.choice(["min", "none"] as const, "none", "shift of the working factors: min (non-negative) or none"),
  nodeBounds: option.list(NODE_BOUND_IDS, [], "extra lower bounds tried at every node (lib/qap/bounds/node_bound.ts)"),
  checkpoint: option.path("write the open nodes to this JSON file every checkpointInterval seconds and at the end"),
  checkpointInterval: option.number(60, "seconds between checkpoints", { min: 0, minExclusive: true }),
  resume: option.path("continue from this checkpoint file (written for the same problem)"),
  memoryBudgetBytes: option.number(8 * 2 ** 30, "refuse to start when the estimated memory exceeds this (bytes)", {
    min: 0,
    minExclusive: true,
  }),
  incumbent: option.permutation("a permutation tried as the first incumbent (e.g. fhg's result)"),
  maxNodes: option.number(Infinity, "most nodes explored in this run (a finite budget searches on one thread)", {
    min: 1,
  }),
  rlt2: option.choice(
    ["auto", "on", "off"] as const,
    "auto",
    `RLT-2 dual ascent at the root and the top rlt2Depth levels (auto: n = ${RLT2_AUTO_SIZES.min}–` +
      `${RLT2_AUTO_SIZES.max}, after ${RLT2_TRIGGER_NODES} Hahn–Grant nodes without a proof; on: from the start)`,
  ),
  rlt2Depth: option.integer(RLT2_DEPTH, "levels below the root whose nodes run the RLT-2 ascent", { min: 0 }),
  rlt2RootIterations: option.integer(100, "most RLT-2 iterations at the root", { min: 0 }),
  rlt2NodeIterations: option.integer(40, "most RLT-2 iterations at a node", { min: 0 }),
  rlt2GainRatio: option.number(0.05, "RLT-2 keeps iterating while an iteration gains this fraction of the gap", {
    min: 0,
    max: 1,
  }),
  rlt2TriggerNodes: option.integer(
    RLT2_TRIGGER_NODES,
    "with rlt2 auto: Hahn–Grant nodes without a proof after which the RLT-2 levels join",
    { min: 0 },
  ),
});

/** Defaults of {@link BnbOptions}. */
export const BNB_DEFAULTS = schemaDefaults(BNB_OPTIONS);

/** Estimated peak bytes of a search of size n on `threads` threads (root state per thread, the dual states along a
 * depth-first path, the shared pool and the states of handed-over nodes), with the RLT-2 states when `rlt2Depth` is
 * not null (the root's per thread and in the calling thread, one per level per thread, one more being restricted). */
export function bnbMemoryBytes(n: number, threads: number, rlt2Depth: number | null = null): number {
  let path = 0;
  for (let k = 1; k <= n; k++) path += dualStateBytes(k);
  const pool = (4096 + 64 * threads) * (4 * (2 + 2 * n) + 16);
  const handedOver = threads > 1 ? stateSlotsFor(n, threads) * dualStateBytes(Math.max(1, n - 1)) : 0;
  let rlt2 = 0;
  if (rlt2Depth !== null) {
    rlt2 = (threads + 1) * rlt2MemoryBytes(n);
    for (let d = 1; d <= rlt2Depth + 1 && d < n; d++) rlt2 += threads * rlt2MemoryBytes(n - d);
  }
  return (threads + 1) * dualStateBytes(n) + threads * path + pool + handedOver + rlt2;
}

/**
 * The RLT-2 levels a run uses, or null for none: "off" → null; "on" → `depth` (n > 3); "auto" → `depth` when n is in
 * {@link RLT2_AUTO_SIZES} and the whole search with them fits `memoryBudgetBytes`.
 */
export function rlt2DepthFor(
  n: number,
  mode: "auto" | "on" | "off",
  depth: number,
  threads: number,
  memoryBudgetBytes: number,
): number | null {
  if (mode === "off" || n <= 3) return null;
  if (mode === "on") return depth;
  const sized = n >= RLT2_AUTO_SIZES.min && n <= RLT2_AUTO_SIZES.max;
  return sized && bnbMemoryBytes(n, threads, depth) <= memoryBudgetBytes ? depth : null;
}

type ResolvedBnbOptions = ReturnType<typeof resolveBnbOptions>;

function resolveBnbOptions(fn: string, options: BnbOptions) {
  return resolveSchemaOptions(fn, BNB_OPTIONS, options);
}

/**
 * Solves `problem` (symmetric A or B, as fhg) to proven optimality by branch and bound, or until the time limit with
 * the best permutation and a valid global bound. See the module doc.
 */
export function solveBranchAndBound(problem: QapProblem, options: BnbOptions = {}): SolveResult {
  const fn = "solveBranchAndBound";
  const opts = resolveBnbOptions(fn, options);
  const input = prepareSymmetricInput(problem, fn, opts.shift);
  const n = problem.n;
  // A node budget is only reproducible when one thread explores the nodes in a fixed order.
  const threads = Number.isFinite(opts.maxNodes) ? 1 : Math.min(opts.threads, Math.max(1, n));
  const incumbent = opts.incumbent === undefined ? null : checkPermutation(opts.incumbent, n, fn, "incumbent");
  const rlt2Depth = rlt2DepthFor(n, opts.rlt2, opts.rlt2Depth, threads, opts.memoryBudgetBytes);
  checkMemoryBudget(fn, bnbMemoryBytes(n, threads, rlt2Depth), opts.memoryBudgetBytes, {
    what: `the dual states of a search at n = ${n} on ${threads} threads`,
    hint: "raise memoryBudgetBytes or use fewer threads",
    largestArrayEntries: n ** 3,
  });
  const resumed = opts.resume ? readCheckpoint(opts.resume, problem, fn) : null;
  if (opts.checkpoint && existsSync(opts.checkpoint) && opts.checkpoint !== opts.resume) {
    checkRange(false, fn, `checkpoint ${opts.checkpoint} exists; resume it (resume: the same path) or remove it first`);
  }
  const certificate = certificateTolerance(input);
  for (const path of new Set([opts.checkpoint, opts.resume])) if (path) removeStaleTemporaries(path);
  const clock = resumed
    ? new ResumedClock("bnb", opts, checkpointBound(resumed, certificate))
    : new SolveClock("bnb", opts);
  // Worker threads start loading while the root's dual ascent runs (their start-up is then hidden behind it).
  const searchThreads = threads > 1 && n > opts.leafSize + 1 ? threads : 1;
  const workers = searchThreads > 1 ? startWorkers(searchThreads) : null;
  try {
    const run: BnbRun = { fn, problem, input, clock, opts, resumed, incumbent };
    return searchFromRoot(run, certificate, workers, rlt2Depth);
  } finally {
    if (workers) stopWorkers(workers);
  }
}

/** What one bnb run works on: the problem, its prepared input, the clock, the options and where it starts from. */
interface BnbRun {
  fn: string;
  problem: QapProblem;
  input: PreparedInput;
  clock: SolveClock;
  opts: ResolvedBnbOptions;
  resumed: BnbCheckpoint | null;
  incumbent: Int32Array | null;
}

/** The root, then the search (on the started `workers`, or in this thread when null), then the result. */
function searchFromRoot(
  run: BnbRun,
  certificate: Certificate,
  workers: Worker[] | null,
  rlt2Depth: number | null,
): SolveResult {
  const { problem, input, clock, opts, resumed } = run;
  const n = problem.n, threads = workers?.length ?? 1;
  const root = runRoot(run);
  const fingerprint = problemFingerprint(problem);
  const previousNodes = resumed?.nodes ?? 0, previousSeconds = resumed?.seconds ?? 0;
  // nodes of an earlier search phase of this run (the Hahn–Grant phase before the RLT-2 levels)
  let phaseNodes = 0;
  const saveCheckpoint = (
    open: BnbTask[],
    incumbent: Int32Array | null,
    snapshot: { nodes: number; incumbentCost: number },
  ) => {
    const checkpoint: BnbCheckpoint = {
      fingerprint,
      n,
      incumbent: incumbent && Number.isFinite(snapshot.incumbentCost)
        ? { permutation: incumbent, cost: costOf(input, incumbent) }
        : null,
      open,
      nodes: previousNodes + phaseNodes + snapshot.nodes,
      seconds: previousSeconds + clock.seconds(),
    };
    writeCheckpoint(opts.checkpoint!, checkpoint);
  };

  const rootTask: BnbTask = {
    rows: new Int32Array(0),
    cols: new Int32Array(0),
    bound: root.rawBound,
    rounds: root.rounds,
  };
  const startTasks = resumed ? resumed.open : [rootTask];
  let outcome: SearchOutcome, rlt2: Rlt2Root | null = null;
  if (root.proven || root.status !== null) {
    outcome = {
      openBound: root.proven ? Infinity : startTasks.reduce((m, t) => Math.min(m, t.bound), Infinity),
      prunedMin: root.proven ? root.bound : Infinity,
      openNodes: root.proven ? 0 : startTasks.length,
      nodes: 0,
      incumbentCost: root.bestCost,
      incumbent: root.best,
      open: root.proven ? [] : startTasks,
      pruned: 0,
      leaves: 0,
      lapCalls: 0,
      maxRounds: startTasks.reduce((m, t) => Math.max(m, t.rounds), root.rounds),
      exhausted: root.proven,
      handedOver: { nodes: 0, withState: 0 },
      rlt2Nodes: 0,
      rlt2Iterations: 0,
    };
  } else {
    const settings: BnbSearchSettings = {
      lap: opts.lap,
      alternateOrientation: opts.alternateOrientation,
      nodeIterations: opts.nodeIterations,
      gainRatio: opts.gainRatio,
      leafSize: opts.leafSize,
      lookaheadDepth: opts.lookaheadDepth,
      twins: opts.symmetry ? findTwinOrder(input) : null,
      orbits: opts.symmetry ? findRootOrbits(input) : null,
      nodeBounds: opts.nodeBounds,
      rlt2: null,
    };
    const search = (
      tasks: BnbTask[],
      from: { incumbent: Int32Array | null; incumbentCost: number; prunedMin: number },
      maxNodes: number,
      levels: { depth: number; root: Rlt2DualState } | null,
      started: Worker[] | null,
    ): SearchOutcome => {
      const job: SearchJob = {
        input,
        certificate,
        // the root state counted the rounds of every step taken on it (also by an earlier phase in this thread)
        root: rootFrame(root.state, Math.max(root.rounds, root.state.rounds)),
        settings: levels
          ? {
            ...settings,
            rlt2: { depth: levels.depth, nodeIterations: opts.rlt2NodeIterations, gainRatio: opts.rlt2GainRatio },
          }
          : settings,
        tasks,
        incumbent: from.incumbent,
        incumbentCost: from.incumbentCost,
        clock,
        onSnapshot: (s) =>
          reportSnapshot(clock, certificate, {
            ...s,
            nodes: phaseNodes + s.nodes,
            prunedMin: Math.min(s.prunedMin, from.prunedMin),
          }),
        snapshotInterval: opts.progressInterval,
        checkpoint: opts.checkpoint ? saveCheckpoint : null,
        checkpointInterval: opts.checkpointInterval,
        maxNodes,
        rlt2Root: levels?.root ?? null,
      };
      return started || threads > 1 ? searchOnWorkers(job, threads, root.state, started) : searchHere(job);
    };
    // "auto": the Hahn–Grant search alone first; the RLT-2 levels join only when it has not finished within
    // rlt2TriggerNodes nodes (the rest of the tree then goes on from the open nodes, nothing is searched twice).
    // "on": the RLT-2 levels from the start.
    const trigger = rlt2Depth === null ? Infinity : opts.rlt2 === "on" ? 0 : opts.rlt2TriggerNodes;
    const first = trigger > 0
      ? search(
        startTasks,
        { incumbent: root.best, incumbentCost: root.bestCost, prunedMin: Infinity },
        Math.min(opts.maxNodes, trigger),
        null,
        workers,
      )
      : null;
    outcome = first!;
    if (
      rlt2Depth !== null && (first === null || (!first.exhausted && !clock.expired() && first.nodes < opts.maxNodes))
    ) {
      const incumbentCost = first?.incumbentCost ?? root.bestCost;
      rlt2 = runRlt2Root(input, certificate, clock, opts, incumbentCost);
      // The RLT-2 root bound holds for every completion: it raises every open node (and may prove the incumbent).
      const floor = rlt2.boundValid ? rlt2.rawBound : -Infinity, floorRounds = rlt2.rounds;
      const open = (first?.open ?? startTasks).map((t) =>
        floor > t.bound ? { ...t, bound: floor, rounds: Math.max(t.rounds, floorRounds) } : t
      );
      if (rlt2.boundValid) {
        root.bound = Math.max(root.bound, certifiedBound(floor, atIterations(certificate, floorRounds)));
      }
      const before = first ?? emptyOutcome(root);
      if (rlt2.complete) {
        phaseNodes = before.nodes;
        const second = search(
          open,
          { incumbent: before.incumbent ?? root.best, incumbentCost, prunedMin: before.prunedMin },
          opts.maxNodes - before.nodes,
          { depth: rlt2Depth, root: rlt2.state },
          first ? null : workers,
        );
        outcome = joinOutcomes(before, second);
      } else {
        // the clock stopped the RLT-2 root: the open nodes keep its bound
        outcome = { ...before, open, openNodes: open.length, exhausted: false };
      }
    }
  }
  if (opts.checkpoint) {
    phaseNodes = 0; // the outcome's count already covers every phase
    saveCheckpoint(outcome.open, outcome.incumbent, outcome);
  }
  // The claim's allowance covers the most dual rounds behind any bound the search used (tracked by the search).
  const claimRounds = Math.max(root.rounds, rlt2?.rounds ?? 0, outcome.maxRounds);
  return finish(problem, clock, opts, certificate, root, outcome, {
    threads,
    previousNodes,
    claimRounds,
    rlt2,
    memoryBytes: bnbMemoryBytes(n, threads, rlt2Depth),
  });
}

/** The outcome of a search that explored nothing (the start of a run whose first phase is the RLT-2 one). */
function emptyOutcome(root: RootResult): SearchOutcome {
  return {
    openBound: Infinity,
    prunedMin: Infinity,
    openNodes: 0,
    nodes: 0,
    incumbentCost: root.bestCost,
    incumbent: root.best,
    open: [],
    pruned: 0,
    leaves: 0,
    lapCalls: 0,
    maxRounds: root.rounds,
    exhausted: false,
    handedOver: { nodes: 0, withState: 0 },
    rlt2Nodes: 0,
    rlt2Iterations: 0,
  };
}

/** Two consecutive search phases of one run as one outcome: the second's open nodes and incumbent, the counts summed. */
function joinOutcomes(first: SearchOutcome, second: SearchOutcome): SearchOutcome {
  return {
    ...second,
    prunedMin: Math.min(first.prunedMin, second.prunedMin),
    nodes: first.nodes + second.nodes,
    pruned: first.pruned + second.pruned,
    leaves: first.leaves + second.leaves,
    lapCalls: first.lapCalls + second.lapCalls,
    maxRounds: Math.max(first.maxRounds, second.maxRounds),
    handedOver: {
      nodes: first.handedOver.nodes + second.handedOver.nodes,
      withState: first.handedOver.withState + second.handedOver.withState,
    },
    rlt2Nodes: first.rlt2Nodes + second.rlt2Nodes,
    rlt2Iterations: first.rlt2Iterations + second.rlt2Iterations,
  };
}

/** The RLT-2 ascent at the root ({@link runRlt2Root}). */
interface Rlt2Root {
  state: Rlt2DualState;
  /** The state's LB and rounds (a bound only when `boundValid`). */
  rawBound: number;
  rounds: number;
  boundValid: boolean;
  /** False when the clock stopped it half-way (the bound stays valid; the state is not handed to the search). */
  complete: boolean;
  iterations: number;
  seconds: number;
}

/**
 * The RLT-2 dual ascent at the root, after the Hahn–Grant root: on the prepared input's symmetric factors (the same
 * objective J), a leader step and then iterations until its certified bound proves `incumbentCost`, an iteration
 * gains less than `rlt2GainRatio` of the gap, `rlt2RootIterations` ran or the clock stops it.
 */
function runRlt2Root(
  input: PreparedInput,
  certificate: Certificate,
  clock: SolveClock,
  opts: ResolvedBnbOptions,
  incumbentCost: number,
): Rlt2Root {
  const n = input.n, start = clock.seconds();
  const factors = createQapProblem(matrixFrom(input.a, n, n), matrixFrom(input.b, n, n), {
    linear: input.linear ? matrixFrom(input.linear, n, n) : undefined,
    constant: input.constant,
  });
  // the memory was checked with the whole search (bnbMemoryBytes)
  const state = Rlt2DualState.initial(factors, "min", Infinity);
  state.leaderStep();
  const { iterations, complete } = climbRlt2(
    state,
    certificate,
    () => incumbentCost,
    opts.rlt2RootIterations,
    opts.rlt2GainRatio,
    () => clock.expired(),
    (iteration) => {
      const bound = certifiedBound(state.lowerBound, atIterations(certificate, state.rounds));
      clock.report(iteration, incumbentCost, bound);
    },
  );
  return {
    state,
    rawBound: state.lowerBound,
    rounds: state.rounds,
    boundValid: state.boundValid,
    complete,
    iterations,
    seconds: clock.seconds() - start,
  };
}

/** The root's result: dual state (consistent, leaders reduced), incumbent, and whether it already decided. */
interface RootResult {
  state: HahnGrantDualState;
  /** A valid raw lower bound at the root (the state's LB, or Gilmore–Lawler before the state is a bound). */
  rawBound: number;
  rounds: number;
  best: Int32Array | null;
  bestCost: number;
  proven: boolean;
  /** Set when the clock stopped the root (its state may be mid-sweep). */
  status: SolveStatus | null;
  seconds: number;
  bound: number;
  iterations: number;
  heuristicSeconds: number;
}

/** The root: one run of the Hahn–Grant engine (fhg/engine.ts) on the prepared input, bnb's options for its settings. */
function runRoot(run: BnbRun): RootResult {
  const { fn, problem, input, clock, opts, resumed, incumbent } = run;
  const n = problem.n;
  const { state, primal, ascent, certificate } = createHahnGrantRun(
    problem,
    { ...opts, maxIterations: opts.rootIterations, onSweep: undefined },
    { fn, clock, input },
  );
  if (resumed?.incumbent) primal.tryCandidate(resumed.incumbent.permutation);
  if (incumbent) primal.tryCandidate(incumbent);
  let rounds = 0, proven = false, status: SolveStatus | null = null, iterations = 0;
  if (n > 2) {
    ascent.ascend();
    iterations = ascent.iterations;
    proven = ascent.optimal;
    if (ascent.status === "time-limit" || ascent.status === "aborted") status = ascent.status;
    else if (!proven) {
      // Bank one more leader LAP: a consistent state whose reduced leaders have zeros, for the first branching.
      state.bankLeaders(state.solveLeaders(ascent.lap, ascent.scratch, false));
    }
    // The state counted its own rounds: the root claim and every node start from the same allowance as the proof.
    rounds = state.rounds;
  } else {
    // n ≤ 2: the search enumerates; one candidate for an incumbent.
    primal.tryCandidate(Int32Array.from({ length: n }, (_, k) => k));
  }
  // The dual state is a bound once its pair costs are non-negative (bnb's default shift "none" keeps negative
  // kernel entries, so only after the first complete sweep); before that the root falls back on Gilmore–Lawler.
  const rawBound = state.boundValid ? state.lowerBound : n > 2 ? gilmoreLawlerBound(problem) : -Infinity;
  const bound = certifiedBound(rawBound, state.certificate(certificate));
  return {
    state,
    rawBound,
    rounds,
    best: Number.isFinite(primal.bestCost) ? primal.best.slice() : null,
    bestCost: primal.bestCost,
    proven,
    status,
    seconds: clock.seconds(),
    bound,
    iterations,
    heuristicSeconds: primal.seconds,
  };
}

/** The global bound of a snapshot: min over open nodes (certified with the largest allowance any of them can need),
 * pruned subtrees and the incumbent. */
function globalBound(certificate: Certificate, snapshot: SearchSnapshot): number {
  const open = snapshot.openBound === Infinity
    ? Infinity
    : certifiedBound(snapshot.openBound, atIterations(certificate, snapshot.maxRounds));
  return Math.min(open, snapshot.prunedMin, snapshot.incumbentCost);
}

function reportSnapshot(clock: SolveClock, certificate: Certificate, snapshot: SearchSnapshot): void {
  const bound = globalBound(certificate, snapshot);
  clock.report(snapshot.nodes, snapshot.incumbentCost, Number.isFinite(bound) ? bound : null, true, {
    nodes: snapshot.nodes,
    openNodes: snapshot.openNodes,
  });
}

function finish(
  problem: QapProblem,
  clock: SolveClock,
  opts: ResolvedBnbOptions,
  certificate: Certificate,
  root: RootResult,
  outcome: SearchOutcome,
  run: { threads: number; previousNodes: number; claimRounds: number; rlt2: Rlt2Root | null; memoryBytes: number },
): SolveResult {
  const { threads, previousNodes, claimRounds, rlt2 } = run;
  let bound = Math.min(outcome.prunedMin, outcome.incumbentCost);
  for (const task of outcome.open) {
    bound = Math.min(bound, certifiedBound(task.bound, atIterations(certificate, task.rounds)));
  }
  const incumbent = outcome.incumbent ?? Int32Array.from({ length: problem.n }, (_, k) => k);
  // Each prune compared the incumbent with a bound certified at that node's own rounds; the claim uses the largest
  // allowance any node can have had, so it is never stricter than the prunes that support it.
  const claimCertificate = atIterations(certificate, claimRounds);
  const optimal = outcome.exhausted && outcome.open.length === 0 &&
    isCertifiedOptimal(outcome.incumbentCost, bound, claimCertificate);
  const status: SolveStatus = optimal
    ? "optimal"
    : root.status ?? (outcome.nodes >= opts.maxNodes ? "max-iterations" : clock.expiredStatus());
  return finishResult(problem, clock, opts, {
    permutation: incumbent,
    bound: Number.isFinite(bound) ? bound : null,
    optimal,
    status,
    iterations: outcome.nodes,
    certificate: claimCertificate,
    info: {
      nodes: outcome.nodes,
      totalNodes: previousNodes + outcome.nodes,
      pruned: outcome.pruned,
      leaves: outcome.leaves,
      openNodes: outcome.open.length,
      threads,
      rootBound: root.bound,
      rootSeconds: root.seconds,
      rootIterations: root.iterations,
      rootProven: root.proven,
      heuristicSeconds: root.heuristicSeconds,
      lapCalls: outcome.lapCalls,
      handedOver: outcome.handedOver.nodes,
      handedOverWithState: outcome.handedOver.withState,
      rlt2RootBound: rlt2?.boundValid ? certifiedBound(rlt2.rawBound, atIterations(certificate, rlt2.rounds)) : null,
      rlt2RootIterations: rlt2?.iterations ?? 0,
      rlt2RootSeconds: rlt2?.seconds ?? 0,
      rlt2Nodes: outcome.rlt2Nodes,
      rlt2Iterations: outcome.rlt2Iterations,
      memoryBytes: run.memoryBytes,
      checkpoint: opts.checkpoint ?? null,
      resumedFrom: opts.resume ?? null,
    },
  });
}
