/**
 * The memory that branch-and-bound threads share (one SharedArrayBuffer, no messages after the start, so the calling
 * thread may block in `Atomics.wait` while the workers search): the incumbent, a pool of open nodes that idle threads
 * take from (lowest bound first), per-thread counters, the run mode (run / pause / stop) and the open nodes each
 * thread dumps when it pauses or stops. Every change of the incumbent or the pool happens under one spin lock.
 * A node handed from a busy thread to an idle one travels with its dual state (a few state slots in the buffer), so
 * the receiver goes on from the duals its ancestors improved instead of restricting the root's again.
 * @module
 */
import { HahnGrantDualState } from "../fhg/dual_state.ts";
import type { BnbTask, NodeFrame, SearchHub, SubtreeSearch } from "./search.ts";

// Int32 control slots.
const LOCK = 0, MODE = 1, POOL_COUNT = 2, IDLE = 3, ACK = 4, DONE = 5, WAKE = 6, STARTED = 7, FAILED = 8;
// Nodes handed over between threads, and how many of them with their dual state.
const HANDED = 9, HANDED_WITH_STATE = 10;
const CONTROL_SLOTS = 16;
/** Run modes. */
export const MODE_RUN = 0, MODE_PAUSE = 1, MODE_STOP = 2;
// Float64 slots per thread.
const NODES = 0, PRUNED = 1, LEAVES = 2, PRUNED_MIN = 3, OPEN_MIN = 4, OPEN_COUNT = 5, LAP_CALLS = 6, MAX_ROUNDS = 7;
const RLT2_NODES = 8, RLT2_ITERATIONS = 9;
const STAT_SLOTS = 10;
/** Bytes kept for a worker's error message. */
const MESSAGE_BYTES = 2048;

/** Sizes that fix the buffer layout. */
export interface HubLayout {
  n: number;
  threads: number;
  /** Nodes the shared pool holds. */
  poolCapacity: number;
  /** Nodes one thread can dump. */
  dumpCapacity: number;
  /** Dual states of handed-over nodes the buffer holds at once (0: nodes travel without their states). */
  stateSlots: number;
}

/** State slots for `threads` threads: one per thread (a node is handed over only while a thread is idle and the pool
 * is empty, so at most one per idle thread waits), fewer when the states are large (at most 64 MiB in all). */
export function stateSlotsFor(n: number, threads: number): number {
  return Math.max(0, Math.min(threads, Math.floor(64 * 1024 * 1024 / StateSlots.bytes(1, n).floats)));
}

/** Counters of one thread. */
export interface ThreadStats {
  nodes: number;
  pruned: number;
  leaves: number;
  prunedMin: number;
  openMin: number;
  openCount: number;
  lapCalls: number;
  maxRounds: number;
  rlt2Nodes: number;
  rlt2Iterations: number;
}

/** A fixed-capacity array of portable nodes inside the shared buffer. */
class TaskSlots {
  readonly #ints: Int32Array;
  readonly #floats: Float64Array;
  constructor(
    sab: SharedArrayBuffer,
    intOffset: number,
    floatOffset: number,
    readonly capacity: number,
    readonly n: number,
  ) {
    this.#ints = new Int32Array(sab, intOffset, capacity * (2 + 2 * n));
    this.#floats = new Float64Array(sab, floatOffset, capacity * 2);
  }
  static bytes(capacity: number, n: number): { ints: number; floats: number } {
    return { ints: 4 * capacity * (2 + 2 * n), floats: 8 * capacity * 2 };
  }
  get(k: number): BnbTask {
    const stride = 2 + 2 * this.n, base = k * stride, depth = this.#ints[base];
    return {
      rows: this.#ints.slice(base + 2, base + 2 + depth),
      cols: this.#ints.slice(base + 2 + this.n, base + 2 + this.n + depth),
      bound: this.#floats[2 * k],
      rounds: this.#floats[2 * k + 1],
    };
  }
  /** The state slot of node k (−1: none). */
  stateSlot(k: number): number {
    return this.#ints[k * (2 + 2 * this.n) + 1];
  }
  set(k: number, task: BnbTask, stateSlot = -1): void {
    const stride = 2 + 2 * this.n, base = k * stride;
    this.#ints[base] = task.rows.length;
    this.#ints[base + 1] = stateSlot;
    this.#ints.set(task.rows, base + 2);
    this.#ints.set(task.cols, base + 2 + this.n);
    this.#floats[2 * k] = task.bound;
    this.#floats[2 * k + 1] = task.rounds;
  }
  /** Moves node `from` to slot `to` with its state slot. */
  move(from: number, to: number): void {
    this.set(to, this.get(from), this.stateSlot(from));
  }
  bound(k: number): number {
    return this.#floats[2 * k];
  }
}

/**
 * Dual states of handed-over nodes: per slot a used flag, the residual size m, the local → original rows and columns
 * and the state's arrays (factors, leaders, dual planes) and scalars, for m up to n − 1 (a handed-over node is a child).
 */
class StateSlots {
  readonly #ints: Int32Array;
  readonly #floats: Float64Array;
  readonly #intStride: number;
  readonly #floatStride: number;
  constructor(sab: SharedArrayBuffer, intOffset: number, floatOffset: number, readonly count: number, n: number) {
    this.#intStride = 2 + 2 * n;
    this.#floatStride = StateSlots.bytes(1, n).floats / 8;
    this.#ints = new Int32Array(sab, intOffset, count * this.#intStride);
    this.#floats = new Float64Array(sab, floatOffset, count * this.#floatStride);
  }
  static bytes(count: number, n: number): { ints: number; floats: number } {
    const m = Math.max(1, n - 1);
    return { ints: 4 * count * (2 + 2 * n), floats: 8 * count * (2 * m * m * m + 3 * m * m + 3) };
  }
  /** Claims a free slot (caller holds the lock); −1 when all are in use. */
  claim(): number {
    for (let s = 0; s < this.count; s++) {
      if (this.#ints[s * this.#intStride] === 0) {
        this.#ints[s * this.#intStride] = 1;
        return s;
      }
    }
    return -1;
  }
  /** Writes a frame's state and index maps into slot s. */
  write(s: number, frame: NodeFrame): void {
    const { n: m, a, b, leaders, gu, gv, lowerBound, boundValid, rounds } = frame.state.parts();
    const ib = s * this.#intStride;
    this.#ints[ib + 1] = m;
    this.#ints.set(frame.rows, ib + 2);
    this.#ints.set(frame.cols, ib + 2 + m);
    const f = this.#floats, m2 = m * m, m3 = m2 * m;
    let at = s * this.#floatStride;
    f[at++] = lowerBound;
    f[at++] = boundValid ? 1 : 0;
    f[at++] = rounds ?? 1;
    for (const part of [a, b, leaders]) {
      f.set(part, at);
      at += m2;
    }
    f.set(gu, at);
    f.set(gv, at + m3);
  }
  /** Reads slot s back as a frame (fresh arrays) of the node that fixes `task`'s assignments, and frees the slot. */
  take(s: number, task: BnbTask): NodeFrame {
    const ib = s * this.#intStride, m = this.#ints[ib + 1], m2 = m * m, m3 = m2 * m, f = this.#floats;
    let at = s * this.#floatStride;
    const lowerBound = f[at], boundValid = f[at + 1] === 1, stateRounds = f[at + 2];
    at += 3;
    // views: fromParts copies leaders and the dual planes; the factors it takes, so those are copied here
    const part = (length: number) => {
      const out = f.subarray(at, at + length);
      at += length;
      return out;
    };
    const a = part(m2).slice(), b = part(m2).slice(), leaders = part(m2), gu = part(m3), gv = part(m3);
    const state = HahnGrantDualState.fromParts({
      n: m,
      a,
      b,
      leaders,
      gu,
      gv,
      lowerBound,
      boundValid,
      rounds: stateRounds,
    });
    const frame: NodeFrame = {
      state,
      rows: this.#ints.slice(ib + 2, ib + 2 + m),
      cols: this.#ints.slice(ib + 2 + m, ib + 2 + 2 * m),
      fixedRows: task.rows,
      fixedCols: task.cols,
      rounds: Math.max(stateRounds, task.rounds),
    };
    this.#ints[ib] = 0;
    return frame;
  }
}

/** Views of the shared buffer; {@link SharedHub.create} makes the buffer, {@link SharedHub.attach} joins it. */
export class SharedHub {
  readonly control: Int32Array;
  readonly #stats: Float64Array;
  readonly #incumbent: Int32Array;
  readonly #pool: TaskSlots;
  readonly #dumps: TaskSlots[];
  readonly #dumpCounts: Int32Array;
  readonly #message: Uint8Array;
  readonly #states: StateSlots;

  private constructor(readonly sab: SharedArrayBuffer, readonly layout: HubLayout) {
    const { n, threads, poolCapacity, dumpCapacity, stateSlots } = layout;
    let offset = 0;
    const take = (bytes: number, align: number) => {
      offset = Math.ceil(offset / align) * align;
      const at = offset;
      offset += bytes;
      return at;
    };
    this.control = new Int32Array(sab, take(4 * CONTROL_SLOTS, 8), CONTROL_SLOTS);
    this.#stats = new Float64Array(sab, take(8 * (1 + threads * STAT_SLOTS), 8), 1 + threads * STAT_SLOTS);
    this.#incumbent = new Int32Array(sab, take(4 * n, 8), n);
    this.#dumpCounts = new Int32Array(sab, take(4 * threads, 8), threads);
    this.#message = new Uint8Array(sab, take(MESSAGE_BYTES, 8), MESSAGE_BYTES);
    const poolBytes = TaskSlots.bytes(poolCapacity, n), dumpBytes = TaskSlots.bytes(dumpCapacity, n);
    this.#pool = new TaskSlots(sab, take(poolBytes.ints, 8), take(poolBytes.floats, 8), poolCapacity, n);
    this.#dumps = [];
    for (let w = 0; w < threads; w++) {
      this.#dumps.push(new TaskSlots(sab, take(dumpBytes.ints, 8), take(dumpBytes.floats, 8), dumpCapacity, n));
    }
    const stateBytes = StateSlots.bytes(stateSlots, n);
    this.#states = new StateSlots(sab, take(stateBytes.ints, 8), take(stateBytes.floats, 8), stateSlots, n);
  }

  /** Bytes of the shared buffer for a layout. */
  static bytes(layout: HubLayout): number {
    const { n, threads, poolCapacity, dumpCapacity, stateSlots } = layout;
    const pool = TaskSlots.bytes(poolCapacity, n), dump = TaskSlots.bytes(dumpCapacity, n);
    const states = StateSlots.bytes(stateSlots, n);
    return 4 * CONTROL_SLOTS + 8 * (1 + threads * STAT_SLOTS) + 4 * n + 4 * threads + MESSAGE_BYTES +
      pool.ints + pool.floats + threads * (dump.ints + dump.floats) + states.ints + states.floats +
      64 * (6 + 2 * threads);
  }

  /** A new shared buffer with the incumbent and the initial open nodes. */
  static create(layout: HubLayout, incumbent: Int32Array | null, incumbentCost: number, tasks: BnbTask[]): SharedHub {
    if (tasks.length > layout.poolCapacity) throw new RangeError(`bnb: ${tasks.length} open nodes exceed the pool`);
    const hub = new SharedHub(new SharedArrayBuffer(SharedHub.bytes(layout)), layout);
    hub.#stats[0] = incumbentCost;
    if (incumbent) hub.#incumbent.set(incumbent);
    tasks.forEach((t, k) => hub.#pool.set(k, t));
    hub.control[POOL_COUNT] = tasks.length;
    for (let w = 0; w < layout.threads; w++) hub.#stats[1 + w * STAT_SLOTS + PRUNED_MIN] = Infinity;
    for (let w = 0; w < layout.threads; w++) hub.#stats[1 + w * STAT_SLOTS + OPEN_MIN] = Infinity;
    return hub;
  }

  /** Joins an existing buffer. */
  static attach(sab: SharedArrayBuffer, layout: HubLayout): SharedHub {
    return new SharedHub(sab, layout);
  }

  lock(): void {
    while (Atomics.compareExchange(this.control, LOCK, 0, 1) !== 0) Atomics.wait(this.control, LOCK, 1, 1);
  }

  unlock(): void {
    Atomics.store(this.control, LOCK, 0);
    Atomics.notify(this.control, LOCK, 1);
  }

  /** Wakes every thread waiting for a change. */
  wake(): void {
    Atomics.add(this.control, WAKE, 1);
    Atomics.notify(this.control, WAKE);
  }

  get mode(): number {
    return Atomics.load(this.control, MODE);
  }

  /** Sets the run mode, clears the acknowledgements and wakes everyone (the calling thread only). */
  setMode(mode: number): void {
    Atomics.store(this.control, ACK, 0);
    Atomics.store(this.control, MODE, mode);
    this.wake();
  }

  /** Threads that acknowledged the last pause / stop (or finished). */
  get acknowledged(): number {
    return Atomics.load(this.control, ACK);
  }

  /** True once every thread was idle with an empty pool: the tree is exhausted. */
  get done(): boolean {
    return Atomics.load(this.control, DONE) === 1;
  }

  /** Nodes handed from a busy thread to an idle one so far, and how many of them travelled with their dual state. */
  handedOver(): { nodes: number; withState: number } {
    return { nodes: Atomics.load(this.control, HANDED), withState: Atomics.load(this.control, HANDED_WITH_STATE) };
  }

  get started(): number {
    return Atomics.load(this.control, STARTED);
  }

  /** A worker's error message, or null. */
  failure(): string | null {
    if (Atomics.load(this.control, FAILED) === 0) return null;
    const end = this.#message.indexOf(0);
    return new TextDecoder().decode(this.#message.slice(0, end < 0 ? MESSAGE_BYTES : end));
  }

  /** Records a worker's error and stops everyone. */
  fail(message: string): void {
    const bytes = new TextEncoder().encode(message).slice(0, MESSAGE_BYTES - 1);
    this.lock();
    if (Atomics.load(this.control, FAILED) === 0) {
      this.#message.set(bytes);
      Atomics.store(this.control, FAILED, 1);
    }
    this.unlock();
    Atomics.store(this.control, MODE, MODE_STOP);
    this.wake();
  }

  /** Blocks the calling thread until something changes or `ms` pass. */
  waitForChange(ms: number): void {
    Atomics.wait(this.control, WAKE, Atomics.load(this.control, WAKE), ms);
  }

  /** The incumbent's cost. */
  incumbentCost(): number {
    return this.#stats[0];
  }

  /** The incumbent permutation (a copy). */
  incumbent(): Int32Array {
    this.lock();
    const p = this.#incumbent.slice();
    this.unlock();
    return p;
  }

  /** Keeps `permutation` when `cost` improves the incumbent. */
  offer(permutation: Int32Array, cost: number): void {
    this.lock();
    if (cost < this.#stats[0]) {
      this.#stats[0] = cost;
      this.#incumbent.set(permutation);
    }
    this.unlock();
  }

  /** Open nodes in the pool (copies) and their count. */
  poolTasks(): BnbTask[] {
    const count = Atomics.load(this.control, POOL_COUNT), out: BnbTask[] = [];
    for (let k = 0; k < count; k++) out.push(this.#pool.get(k));
    return out;
  }

  /** The smallest bound in the pool, every thread's smallest held bound and pruned minimum, under the lock: a valid
   * global bound at this moment (before certification). */
  openMinimum(): { bound: number; open: number; prunedMin: number; maxRounds: number } {
    this.lock();
    let bound = Infinity, open = 0, prunedMin = Infinity, maxRounds = 0;
    const count = this.control[POOL_COUNT];
    for (let k = 0; k < count; k++) {
      bound = Math.min(bound, this.#pool.bound(k));
      maxRounds = Math.max(maxRounds, this.#pool.get(k).rounds);
    }
    open += count;
    for (let w = 0; w < this.layout.threads; w++) {
      const s = this.stats(w);
      bound = Math.min(bound, s.openMin);
      prunedMin = Math.min(prunedMin, s.prunedMin);
      maxRounds = Math.max(maxRounds, s.maxRounds);
      open += s.openCount;
    }
    this.unlock();
    return { bound, open, prunedMin, maxRounds };
  }

  /** Counters of thread `w`. */
  stats(w: number): ThreadStats {
    const s = this.#stats, b = 1 + w * STAT_SLOTS;
    return {
      nodes: s[b + NODES],
      pruned: s[b + PRUNED],
      leaves: s[b + LEAVES],
      prunedMin: s[b + PRUNED_MIN],
      openMin: s[b + OPEN_MIN],
      openCount: s[b + OPEN_COUNT],
      lapCalls: s[b + LAP_CALLS],
      maxRounds: s[b + MAX_ROUNDS],
      rlt2Nodes: s[b + RLT2_NODES],
      rlt2Iterations: s[b + RLT2_ITERATIONS],
    };
  }

  /** Nodes dumped by thread `w` at its last pause / stop. */
  dumped(w: number): BnbTask[] {
    const out: BnbTask[] = [];
    for (let k = 0; k < this.#dumpCounts[w]; k++) out.push(this.#dumps[w].get(k));
    return out;
  }

  /** The hub of worker `w` (the {@link SearchHub} its search talks to). */
  worker(w: number): WorkerHub {
    return new WorkerHub(this, w);
  }

  /** @internal worker-side operations, used by {@link WorkerHub}. */
  writeStats(w: number, search: SubtreeSearch): void {
    const s = this.#stats, b = 1 + w * STAT_SLOTS;
    s[b + NODES] = search.nodes;
    s[b + PRUNED] = search.pruned;
    s[b + LEAVES] = search.leaves;
    s[b + PRUNED_MIN] = search.prunedMin;
    s[b + OPEN_MIN] = search.openBound();
    s[b + OPEN_COUNT] = search.openCount;
    s[b + LAP_CALLS] = search.lapCalls;
    s[b + MAX_ROUNDS] = search.maxRounds;
    s[b + RLT2_NODES] = search.rlt2Nodes;
    s[b + RLT2_ITERATIONS] = search.rlt2Iterations;
  }

  /** @internal */
  holdBound(w: number, bound: number): void {
    const at = 1 + w * STAT_SLOTS + OPEN_MIN;
    if (bound < this.#stats[at]) this.#stats[at] = bound;
  }

  /** @internal Adds to the pool unless full, with the node's state when a slot is free (caller holds the lock);
   * true when added. */
  pushPool(task: BnbTask, frame: NodeFrame | null): boolean {
    const count = this.control[POOL_COUNT];
    if (count >= this.#pool.capacity) return false;
    const slot = frame ? this.#states.claim() : -1;
    if (slot >= 0) this.#states.write(slot, frame!);
    this.control[HANDED]++;
    if (slot >= 0) this.control[HANDED_WITH_STATE]++;
    this.#pool.set(count, task, slot);
    this.control[POOL_COUNT] = count + 1;
    return true;
  }

  /** @internal Removes the pool's lowest-bound node, with its frame when it travelled with its state (caller holds the
   * lock; pool not empty). */
  popPool(): { task: BnbTask; frame: NodeFrame | null } {
    const count = this.control[POOL_COUNT];
    let best = 0;
    for (let k = 1; k < count; k++) if (this.#pool.bound(k) < this.#pool.bound(best)) best = k;
    const task = this.#pool.get(best), slot = this.#pool.stateSlot(best);
    const frame = slot >= 0 ? this.#states.take(slot, task) : null;
    if (best !== count - 1) this.#pool.move(count - 1, best);
    this.control[POOL_COUNT] = count - 1;
    return { task, frame };
  }

  /** @internal */
  dump(w: number, tasks: BnbTask[]): void {
    const slots = this.#dumps[w];
    if (tasks.length > slots.capacity) throw new RangeError(`bnb: thread ${w} holds ${tasks.length} open nodes`);
    tasks.forEach((t, k) => slots.set(k, t));
    this.#dumpCounts[w] = tasks.length;
  }
}

/** One worker's side of the shared hub. */
export class WorkerHub implements SearchHub {
  constructor(readonly shared: SharedHub, readonly index: number) {}

  incumbentCost(): number {
    return this.shared.incumbentCost();
  }
  offer(permutation: Int32Array, cost: number): void {
    this.shared.offer(permutation, cost);
  }
  shouldStop(): boolean {
    return this.shared.mode !== MODE_RUN;
  }
  wantsWork(): boolean {
    const c = this.shared.control;
    return Atomics.load(c, IDLE) > 0 && Atomics.load(c, POOL_COUNT) === 0;
  }
  share(task: BnbTask, frame: NodeFrame | null): void {
    const shared = this.shared;
    shared.lock();
    const added = shared.pushPool(task, frame);
    shared.unlock();
    if (added) shared.wake();
    else throw new RangeError("bnb: the shared node pool is full");
  }
  afterNode(search: SubtreeSearch): void {
    this.shared.writeStats(this.index, search);
  }

  /** Announces that this worker runs. */
  started(): void {
    Atomics.add(this.shared.control, STARTED, 1);
    this.shared.wake();
  }

  /**
   * The next node for an empty-handed thread: the pool's lowest bound (with its frame when it travelled with its
   * state), or, after waiting idle, null when the tree is exhausted or the run stops. Answers pauses while idle.
   */
  take(search: SubtreeSearch): { task: BnbTask; frame: NodeFrame | null } | null {
    const shared = this.shared, c = shared.control;
    shared.lock();
    let idle = false;
    for (;;) {
      if (Atomics.load(c, MODE) === MODE_STOP || c[DONE] === 1) {
        if (idle) Atomics.sub(c, IDLE, 1);
        shared.unlock();
        return null;
      }
      if (Atomics.load(c, MODE) === MODE_PAUSE) {
        shared.unlock();
        this.pause(search);
        shared.lock();
        continue;
      }
      if (c[POOL_COUNT] > 0) {
        if (idle) Atomics.sub(c, IDLE, 1);
        const taken = shared.popPool();
        shared.holdBound(this.index, taken.task.bound);
        shared.unlock();
        return taken;
      }
      if (!idle) {
        idle = true;
        Atomics.add(c, IDLE, 1);
        shared.writeStats(this.index, search);
        if (c[IDLE] === shared.layout.threads) {
          c[DONE] = 1;
          shared.unlock();
          shared.wake();
          shared.lock();
          continue;
        }
      }
      const seen = Atomics.load(c, WAKE);
      shared.unlock();
      Atomics.wait(c, WAKE, seen, 50);
      shared.lock();
    }
  }

  /** Dumps the open nodes, acknowledges, and waits while the mode is pause. */
  pause(search: SubtreeSearch): void {
    const shared = this.shared;
    shared.writeStats(this.index, search);
    shared.dump(this.index, search.openTasks());
    Atomics.add(shared.control, ACK, 1);
    shared.wake();
    while (shared.mode === MODE_PAUSE) shared.waitForChange(50);
  }

  /** Final counters and open nodes, then acknowledges. */
  finish(search: SubtreeSearch): void {
    const shared = this.shared;
    shared.writeStats(this.index, search);
    shared.dump(this.index, search.openTasks());
    Atomics.add(shared.control, ACK, 1);
    shared.wake();
  }
}
