/**
 * Running a branch-and-bound search: in this thread ({@link searchHere}) or on worker threads that share the
 * incumbent and split the tree through a shared pool of open nodes ({@link searchOnWorkers}); both answer with the
 * same {@link SearchOutcome}, report progress and write periodic checkpoints the same way.
 * @module
 */
import type { Certificate } from "../../certificate.ts";
import type { SolveClock } from "../../result.ts";
import type { PreparedInput } from "../_fhg_input.ts";
import type { DualStateParts, HahnGrantDualState } from "../fhg/dual_state.ts";
import type { Rlt2DualState, Rlt2StateParts } from "../../bounds/rlt2.ts";
import { type BnbSearchSettings, type BnbTask, type NodeFrame, type SearchHub, SubtreeSearch } from "./search.ts";
import { type HubLayout, MODE_PAUSE, MODE_RUN, MODE_STOP, SharedHub, stateSlotsFor } from "./shared_hub.ts";

/** A snapshot of the search for progress reports and checkpoints. */
export interface SearchSnapshot {
  /** Smallest raw bound of an open node (Infinity when none). */
  openBound: number;
  /** Smallest certified bound of a pruned subtree / enumerated completion. */
  prunedMin: number;
  openNodes: number;
  nodes: number;
  incumbentCost: number;
  /** Most dual rounds behind any bound in the search (open, pruned or started from). */
  maxRounds: number;
}

/** How a search ended, with what it leaves open. */
export interface SearchOutcome extends SearchSnapshot {
  incumbent: Int32Array | null;
  /** The open nodes (empty when the tree was exhausted). */
  open: BnbTask[];
  pruned: number;
  leaves: number;
  lapCalls: number;
  /** True when every node was explored or pruned. */
  exhausted: boolean;
  /** Nodes handed between threads, and how many with their dual state (0 for a search in one thread). */
  handedOver: { nodes: number; withState: number };
  /** Nodes that ran the RLT-2 ascent, and its iterations there. */
  rlt2Nodes: number;
  rlt2Iterations: number;
}

/** Everything a search run needs. */
export interface SearchJob {
  input: PreparedInput;
  certificate: Certificate;
  root: NodeFrame;
  settings: BnbSearchSettings;
  /** Open nodes to start from. */
  tasks: BnbTask[];
  incumbent: Int32Array | null;
  incumbentCost: number;
  clock: SolveClock;
  /** Called now and then with a snapshot (progress lines, traces). */
  onSnapshot: (snapshot: SearchSnapshot) => void;
  /** Seconds between snapshots. */
  snapshotInterval: number;
  /** Writes a checkpoint of the open nodes and the incumbent; null = no checkpoints. */
  checkpoint: ((open: BnbTask[], incumbent: Int32Array | null, snapshot: SearchSnapshot) => void) | null;
  /** Seconds between checkpoints. */
  checkpointInterval: number;
  /** Most nodes this run explores (Infinity: no budget). In this thread the budget is exact; on workers the run stops
   * at the first check after it is reached (every ≤ 100 ms), so a few more nodes may be explored. */
  maxNodes: number;
  /** The root's RLT-2 state when `settings.rlt2` is set (bnb/rlt2_levels.ts), else null. */
  rlt2Root: Rlt2DualState | null;
}

/** The hub of a single-threaded search: the incumbent in plain memory, the clock, periodic snapshots. */
class LocalHub implements SearchHub {
  cost: number;
  best: Int32Array | null;
  #lastSnapshot: number;
  #lastCheckpoint: number;
  #nodes = 0;

  constructor(readonly job: SearchJob) {
    this.cost = job.incumbentCost;
    this.best = job.incumbent?.slice() ?? null;
    this.#lastSnapshot = this.#lastCheckpoint = job.clock.seconds();
  }
  incumbentCost(): number {
    return this.cost;
  }
  offer(permutation: Int32Array, cost: number): void {
    if (cost < this.cost) {
      this.cost = cost;
      this.best = permutation.slice();
    }
  }
  shouldStop(): boolean {
    return this.#nodes >= this.job.maxNodes || this.job.clock.expired();
  }
  wantsWork(): boolean {
    return false;
  }
  share(): void {
    throw new Error("bnb: a single-threaded search shares no nodes");
  }
  afterNode(search: SubtreeSearch): void {
    this.#nodes = search.nodes;
    const { clock, snapshotInterval, checkpoint, checkpointInterval } = this.job;
    const now = clock.seconds();
    if (now - this.#lastSnapshot >= snapshotInterval) {
      this.#lastSnapshot = now;
      this.job.onSnapshot(this.snapshot(search));
    }
    if (checkpoint && now - this.#lastCheckpoint >= checkpointInterval) {
      this.#lastCheckpoint = now;
      checkpoint(search.openTasks(), this.best, this.snapshot(search));
    }
  }
  snapshot(search: SubtreeSearch): SearchSnapshot {
    return {
      openBound: search.openBound(),
      prunedMin: search.prunedMin,
      openNodes: search.openCount,
      nodes: search.nodes,
      incumbentCost: this.cost,
      maxRounds: search.maxRounds,
    };
  }
}

/** Runs the search in this thread. */
export function searchHere(job: SearchJob): SearchOutcome {
  const hub = new LocalHub(job);
  const search = new SubtreeSearch(job.input, job.certificate, job.root, job.settings, hub, job.rlt2Root);
  for (const task of [...job.tasks].sort((x, y) => y.bound - x.bound)) search.push(task);
  const exhausted = search.run() === "exhausted";
  return {
    ...hub.snapshot(search),
    incumbent: hub.best,
    open: search.openTasks(),
    pruned: search.pruned,
    leaves: search.leaves,
    lapCalls: search.lapCalls,
    exhausted,
    handedOver: { nodes: 0, withState: 0 },
    rlt2Nodes: search.rlt2Nodes,
    rlt2Iterations: search.rlt2Iterations,
  };
}

/** What a worker receives at its start (see worker.ts). */
export interface WorkerStart {
  sab: SharedArrayBuffer;
  layout: HubLayout;
  index: number;
  input: PreparedInput;
  certificate: Certificate;
  root: DualStateParts;
  rootRounds: number;
  settings: BnbSearchSettings;
  /** The root's RLT-2 state (copied to the worker), or null. */
  rlt2Root: Rlt2StateParts | null;
}

/** Milliseconds a worker may take to start before the run gives up. */
const WORKER_START_TIMEOUT_MS = 120_000;
/** Longest single wait of the calling thread (ms). */
const POLL_MS = 100;

/**
 * Starts `threads` search workers (bnb/worker.ts); each loads and compiles its modules on its own thread and then waits
 * for its start message, so starting them before the root's dual ascent hides their start-up behind it. Hand them to
 * {@link searchOnWorkers}, or {@link stopWorkers} when there is nothing to search.
 */
export function startWorkers(threads: number): Worker[] {
  const workers: Worker[] = [];
  for (let index = 0; index < threads; index++) {
    workers.push(new Worker(new URL("./worker.ts", import.meta.url).href, { type: "module" }));
  }
  return workers;
}

/** Terminates workers from {@link startWorkers}. */
export function stopWorkers(workers: readonly Worker[]): void {
  for (const w of workers) w.terminate();
}

/** Runs the search on `threads` worker threads (started here, or before the root by {@link startWorkers}); this
 * thread waits, reports and checkpoints; the workers are terminated at the end. */
export function searchOnWorkers(
  job: SearchJob,
  threads: number,
  rootState: HahnGrantDualState,
  started: Worker[] | null = null,
): SearchOutcome {
  const n = job.input.n;
  const layout: HubLayout = {
    n,
    threads,
    poolCapacity: Math.max(4096, job.tasks.length + 64 * threads),
    dumpCapacity: n * n + n + 16,
    stateSlots: stateSlotsFor(n, threads),
  };
  const hub = SharedHub.create(layout, job.incumbent, job.incumbentCost, job.tasks);
  const workers = started ?? startWorkers(threads);
  try {
    if (workers.length !== threads) {
      throw new RangeError(`bnb: ${workers.length} workers started for ${threads} threads`);
    }
    for (let index = 0; index < threads; index++) {
      const start: WorkerStart = {
        sab: hub.sab,
        layout,
        index,
        input: job.input,
        certificate: job.certificate,
        root: rootState.parts(),
        rootRounds: job.root.rounds,
        settings: job.settings,
        rlt2Root: job.rlt2Root?.parts() ?? null,
      };
      workers[index].postMessage(start);
    }
    const startedAt = performance.now();
    while (hub.started < threads) {
      throwOnFailure(hub);
      if (performance.now() - startedAt > WORKER_START_TIMEOUT_MS) throw new Error("bnb: worker threads did not start");
      hub.waitForChange(20);
    }
    return superviseWorkers(job, hub, threads);
  } finally {
    stopWorkers(workers);
  }
}

function superviseWorkers(job: SearchJob, hub: SharedHub, threads: number): SearchOutcome {
  const { clock } = job;
  let lastSnapshot = clock.seconds(), lastCheckpoint = lastSnapshot, stopped = false;
  const waitForAcks = () => {
    while (hub.acknowledged < threads) {
      throwOnFailure(hub);
      hub.waitForChange(20);
    }
  };
  for (;;) {
    throwOnFailure(hub);
    if (hub.done) break;
    if (clock.expired() || (Number.isFinite(job.maxNodes) && nodesSoFar(hub, threads) >= job.maxNodes)) {
      hub.setMode(MODE_STOP);
      stopped = true;
      break;
    }
    const now = clock.seconds();
    if (now - lastSnapshot >= job.snapshotInterval) {
      lastSnapshot = now;
      job.onSnapshot(snapshotOf(hub, threads));
    }
    if (job.checkpoint && now - lastCheckpoint >= job.checkpointInterval) {
      hub.setMode(MODE_PAUSE);
      waitForAcks();
      job.checkpoint(openNodes(hub, threads), hub.incumbent(), snapshotOf(hub, threads));
      hub.setMode(MODE_RUN);
      lastCheckpoint = clock.seconds();
    }
    hub.waitForChange(Math.min(POLL_MS, 1000 * job.snapshotInterval));
  }
  waitForAcks();
  const snapshot = snapshotOf(hub, threads);
  let pruned = 0, leaves = 0, lapCalls = 0, rlt2Nodes = 0, rlt2Iterations = 0;
  for (let w = 0; w < threads; w++) {
    const s = hub.stats(w);
    pruned += s.pruned;
    leaves += s.leaves;
    lapCalls += s.lapCalls;
    rlt2Nodes += s.rlt2Nodes;
    rlt2Iterations += s.rlt2Iterations;
  }
  const open = stopped ? openNodes(hub, threads) : [];
  return {
    ...snapshot,
    openBound: open.reduce((m, t) => Math.min(m, t.bound), Infinity),
    openNodes: open.length,
    incumbent: Number.isFinite(hub.incumbentCost()) ? hub.incumbent() : null,
    open,
    pruned,
    leaves,
    lapCalls,
    exhausted: !stopped,
    handedOver: hub.handedOver(),
    rlt2Nodes,
    rlt2Iterations,
  };
}

function throwOnFailure(hub: SharedHub): void {
  const failure = hub.failure();
  if (failure !== null) throw new Error(`bnb: a worker thread failed (this is a bug): ${failure}`);
}

/** Open nodes after every worker dumped: the pool plus each worker's dump. */
function openNodes(hub: SharedHub, threads: number): BnbTask[] {
  const open = hub.poolTasks();
  for (let w = 0; w < threads; w++) open.push(...hub.dumped(w));
  return open;
}

/** Nodes the workers explored so far (read without the lock: a count a moment old). */
function nodesSoFar(hub: SharedHub, threads: number): number {
  let nodes = 0;
  for (let w = 0; w < threads; w++) nodes += hub.stats(w).nodes;
  return nodes;
}

function snapshotOf(hub: SharedHub, threads: number): SearchSnapshot {
  const { bound, open, prunedMin, maxRounds } = hub.openMinimum();
  const nodes = nodesSoFar(hub, threads);
  return { openBound: bound, prunedMin, openNodes: open, nodes, incumbentCost: hub.incumbentCost(), maxRounds };
}
