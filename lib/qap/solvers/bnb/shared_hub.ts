/**
 * The memory that branch-and-bound threads share (one SharedArrayBuffer, no messages after the start, so the calling
 * thread may block in `Atomics.wait` while the workers search): the incumbent, a pool of open nodes that idle threads
 * take from (lowest bound first), per-thread counters, the run mode (run / pause / stop) and the open nodes each
 * thread dumps when it pauses or stops. Every change of the incumbent or the pool happens under one spin lock.
 * @module
 */
import type { BnbTask, SearchHub, SubtreeSearch } from "./search.ts";

// Int32 control slots.
const LOCK = 0, MODE = 1, POOL_COUNT = 2, IDLE = 3, ACK = 4, DONE = 5, WAKE = 6, STARTED = 7, FAILED = 8;
const CONTROL_SLOTS = 16;
/** Run modes. */
export const MODE_RUN = 0, MODE_PAUSE = 1, MODE_STOP = 2;
// Float64 slots per thread.
const NODES = 0, PRUNED = 1, LEAVES = 2, PRUNED_MIN = 3, OPEN_MIN = 4, OPEN_COUNT = 5, LAP_CALLS = 6, MAX_ROUNDS = 7;
const STAT_SLOTS = 8;
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
    this.#ints = new Int32Array(sab, intOffset, capacity * (1 + 2 * n));
    this.#floats = new Float64Array(sab, floatOffset, capacity * 2);
  }
  static bytes(capacity: number, n: number): { ints: number; floats: number } {
    return { ints: 4 * capacity * (1 + 2 * n), floats: 8 * capacity * 2 };
  }
  get(k: number): BnbTask {
    const stride = 1 + 2 * this.n, base = k * stride, depth = this.#ints[base];
    return {
      rows: this.#ints.slice(base + 1, base + 1 + depth),
      cols: this.#ints.slice(base + 1 + this.n, base + 1 + this.n + depth),
      bound: this.#floats[2 * k],
      rounds: this.#floats[2 * k + 1],
    };
  }
  set(k: number, task: BnbTask): void {
    const stride = 1 + 2 * this.n, base = k * stride;
    this.#ints[base] = task.rows.length;
    this.#ints.set(task.rows, base + 1);
    this.#ints.set(task.cols, base + 1 + this.n);
    this.#floats[2 * k] = task.bound;
    this.#floats[2 * k + 1] = task.rounds;
  }
  bound(k: number): number {
    return this.#floats[2 * k];
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

  private constructor(readonly sab: SharedArrayBuffer, readonly layout: HubLayout) {
    const { n, threads, poolCapacity, dumpCapacity } = layout;
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
  }

  /** Bytes of the shared buffer for a layout. */
  static bytes(layout: HubLayout): number {
    const { n, threads, poolCapacity, dumpCapacity } = layout;
    const pool = TaskSlots.bytes(poolCapacity, n), dump = TaskSlots.bytes(dumpCapacity, n);
    return 4 * CONTROL_SLOTS + 8 * (1 + threads * STAT_SLOTS) + 4 * n + 4 * threads + MESSAGE_BYTES +
      pool.ints + pool.floats + threads * (dump.ints + dump.floats) + 64 * (4 + 2 * threads);
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
  }

  /** @internal */
  holdBound(w: number, bound: number): void {
    const at = 1 + w * STAT_SLOTS + OPEN_MIN;
    if (bound < this.#stats[at]) this.#stats[at] = bound;
  }

  /** @internal Adds to the pool unless full; true when added. */
  pushPool(task: BnbTask): boolean {
    const count = this.control[POOL_COUNT];
    if (count >= this.#pool.capacity) return false;
    this.#pool.set(count, task);
    this.control[POOL_COUNT] = count + 1;
    return true;
  }

  /** @internal Removes the pool's lowest-bound node (caller holds the lock; pool not empty). */
  popPool(): BnbTask {
    const count = this.control[POOL_COUNT];
    let best = 0;
    for (let k = 1; k < count; k++) if (this.#pool.bound(k) < this.#pool.bound(best)) best = k;
    const task = this.#pool.get(best);
    if (best !== count - 1) this.#pool.set(best, this.#pool.get(count - 1));
    this.control[POOL_COUNT] = count - 1;
    return task;
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
  share(task: BnbTask): void {
    const shared = this.shared;
    shared.lock();
    const added = shared.pushPool(task);
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
   * The next node for an empty-handed thread: the pool's lowest bound, or, after waiting idle, null when the tree is
   * exhausted or the run stops. Answers pauses while idle.
   */
  take(search: SubtreeSearch): BnbTask | null {
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
        const task = shared.popPool();
        shared.holdBound(this.index, task.bound);
        shared.unlock();
        return task;
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
