/**
 * Branch-and-bound checkpoints: the open nodes (fixed assignments + a valid bound each), the incumbent and the counts
 * so far, as JSON, written atomically (a crash mid-write leaves the previous checkpoint; the temporary files such a
 * crash leaves beside it are removed by {@link removeStaleTemporaries} when the next run starts). A checkpoint names
 * its problem by a fingerprint of the data, so resuming on other data is refused; a corrupt file is refused naming the
 * file. A resumed run reports the checkpoint's global bound from its first progress event on ({@link ResumedClock}).
 * @module
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { writeFileAtomic } from "../../../core/atomic.ts";
import { atIterations, type Certificate, certifiedBound } from "../../certificate.ts";
import type { QapProblem } from "../../problem.ts";
import { SolveClock } from "../../result.ts";
import type { BnbTask } from "./search.ts";

/** The format tag of a checkpoint file. */
export const CHECKPOINT_FORMAT = "blind-match-bnb-checkpoint";
/** The format version written. */
export const CHECKPOINT_VERSION = 1;

/** What a checkpoint holds. */
export interface BnbCheckpoint {
  /** Fingerprint of the problem's data ({@link problemFingerprint}). */
  fingerprint: string;
  /** Problem size. */
  n: number;
  /** Best permutation so far and its cost. */
  incumbent: { permutation: Int32Array; cost: number } | null;
  /** Open nodes: every one not yet explored; their minimum bound is the global bound. */
  open: BnbTask[];
  /** Nodes explored and seconds spent before this checkpoint (over all resumed runs). */
  nodes: number;
  seconds: number;
}

/** FNV-1a (64-bit, as hex) over n, the bytes of A, B, the linear term and the constant. */
export function problemFingerprint(problem: QapProblem): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n, mask = (1n << 64n) - 1n;
  const feed = (bytes: Uint8Array) => {
    for (let k = 0; k < bytes.length; k++) h = ((h ^ BigInt(bytes[k])) * prime) & mask;
  };
  const scalars = new Float64Array([problem.n, problem.constant, problem.linear ? 1 : 0]);
  feed(new Uint8Array(scalars.buffer));
  for (const m of [problem.a.data, problem.b.data, problem.linear?.data]) {
    if (m) feed(new Uint8Array(m.buffer, m.byteOffset, m.byteLength));
  }
  return h.toString(16).padStart(16, "0");
}

/** Writes a checkpoint atomically. */
export function writeCheckpoint(path: string, checkpoint: BnbCheckpoint): void {
  const json = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    fingerprint: checkpoint.fingerprint,
    n: checkpoint.n,
    incumbent: checkpoint.incumbent &&
      { permutation: Array.from(checkpoint.incumbent.permutation), cost: checkpoint.incumbent.cost },
    nodes: checkpoint.nodes,
    seconds: checkpoint.seconds,
    open: checkpoint.open.map((t) => ({
      rows: Array.from(t.rows),
      cols: Array.from(t.cols),
      bound: t.bound,
      rounds: t.rounds,
    })),
  };
  writeFileAtomic(path, JSON.stringify(json));
}

/** Reads and checks a checkpoint of `problem`; a RangeError naming the file when it is unreadable, corrupt or for
 * another problem. */
export function readCheckpoint(path: string, problem: QapProblem, fn: string): BnbCheckpoint {
  const fail = (why: string): never => {
    throw new RangeError(`${fn}: checkpoint ${path}: ${why}`);
  };
  if (!existsSync(path)) fail("file not found");
  let json: any;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    fail(`not valid JSON (${(error as Error).message})`);
  }
  if (json?.format !== CHECKPOINT_FORMAT) fail(`not a branch-and-bound checkpoint (format tag missing)`);
  if (json.version !== CHECKPOINT_VERSION) fail(`unsupported version ${json.version} (expected ${CHECKPOINT_VERSION})`);
  const n = problem.n;
  const fingerprint = problemFingerprint(problem);
  if (json.n !== n || json.fingerprint !== fingerprint) {
    fail(
      `written for another problem (n = ${json.n}, fingerprint ${json.fingerprint}; this one: n = ${n}, ${fingerprint})`,
    );
  }
  const isCount = (x: unknown) => typeof x === "number" && Number.isFinite(x) && x >= 0;
  if (!isCount(json.nodes) || !isCount(json.seconds)) fail("nodes / seconds missing or invalid");
  let incumbent: BnbCheckpoint["incumbent"] = null;
  if (json.incumbent !== null) {
    const p = json.incumbent?.permutation;
    if (!isAssignment(p, n, n) || typeof json.incumbent.cost !== "number") fail("incumbent is not a permutation");
    incumbent = { permutation: Int32Array.from(p), cost: json.incumbent.cost };
  }
  if (!Array.isArray(json.open)) fail("open node list missing");
  const open: BnbTask[] = json.open.map((t: any, k: number) => {
    if (!isAssignment(t?.rows, t?.rows?.length, n) || !isAssignment(t?.cols, t?.rows?.length, n)) {
      fail(`open node ${k} is not a partial assignment`);
    }
    if (typeof t.bound !== "number" || Number.isNaN(t.bound) || !isCount(t.rounds)) fail(`open node ${k}: bad bound`);
    return { rows: Int32Array.from(t.rows), cols: Int32Array.from(t.cols), bound: t.bound, rounds: t.rounds };
  });
  return { fingerprint, n, incumbent, open, nodes: json.nodes, seconds: json.seconds };
}

/** True when `x` is an array of `length` distinct integers in [0, n). */
function isAssignment(x: unknown, length: number, n: number): x is number[] {
  if (!Array.isArray(x) || x.length !== length || length > n) return false;
  const seen = new Set<number>();
  for (const v of x) {
    if (!Number.isInteger(v) || v < 0 || v >= n || seen.has(v)) return false;
    seen.add(v);
  }
  return true;
}

/**
 * The global lower bound a checkpoint proves: the smallest certified bound of its open nodes, and at most the
 * incumbent's cost (less twice the rounding allowance on non-integral data: a pruned subtree may lie that far below
 * it, certificate.ts). Null when the checkpoint holds neither open nodes nor an incumbent.
 * @example
 * const floor = checkpointBound(readCheckpoint("run.json", problem, "solve"), certificateTolerance(problem));
 */
export function checkpointBound(checkpoint: BnbCheckpoint, certificate: Certificate): number | null {
  let bound = Infinity, rounds = 0;
  for (const task of checkpoint.open) {
    bound = Math.min(bound, certifiedBound(task.bound, atIterations(certificate, task.rounds)));
    rounds = Math.max(rounds, task.rounds);
  }
  if (checkpoint.incumbent) {
    const slack = certificate.integral ? 0 : 2 * atIterations(certificate, rounds).tolerance;
    bound = Math.min(bound, checkpoint.incumbent.cost - slack);
  }
  return Number.isFinite(bound) ? bound : null;
}

/**
 * The clock of a resumed run: every progress event reports at least the checkpoint's bound (a valid bound stays
 * valid), so the root's dual ascent, rebuilt from scratch, does not report a bound below the one already proven.
 * @example
 * const clock = new ResumedClock("bnb", opts, checkpointBound(checkpoint, certificate));
 */
export class ResumedClock extends SolveClock {
  constructor(solver: string, options: ConstructorParameters<typeof SolveClock>[1], readonly floor: number | null) {
    super(solver, options);
  }

  override report(...[iteration, cost, bound, force, extra]: Parameters<SolveClock["report"]>): void {
    const floor = this.floor;
    const raised = floor === null ? bound : Math.max(bound ?? -Infinity, Math.min(floor, cost));
    super.report(iteration, cost, raised, force, extra);
  }
}

/** Temporary files of `writeFileAtomic` for `path`: `<name>.<pid>.<random>.tmp` beside it. */
const TEMPORARY = /^\.(\d+)\.[0-9a-z]*\.tmp$/;
/** A temporary file of a process we cannot see as alive is stale after this long (ms). */
const STALE_AGE_MS = 10 * 60 * 1000;

/**
 * Removes the temporary files that a run killed between writing and renaming a checkpoint left beside `path`
 * (`<name>.<pid>.<random>.tmp`, see lib/core/atomic.ts): those of processes that no longer run (where /proc shows
 * them), or older than ten minutes; never this process's own. Returns the files removed.
 * @example
 * removeStaleTemporaries("runs/nug20.json"); // [] or ["runs/nug20.json.4121.k3j9.tmp"]
 */
export function removeStaleTemporaries(path: string): string[] {
  const dir = dirname(path), name = basename(path), removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return removed; // no folder yet: nothing left behind
  }
  const canSeeProcesses = existsSync(`/proc/${Deno.pid}`);
  for (const entry of entries) {
    if (!entry.startsWith(name)) continue;
    const match = TEMPORARY.exec(entry.slice(name.length));
    if (!match) continue;
    const pid = Number(match[1]), file = join(dir, entry);
    if (pid === Deno.pid) continue;
    let stale: boolean;
    if (canSeeProcesses && !existsSync(`/proc/${pid}`)) stale = true;
    else {
      try {
        stale = Date.now() - statSync(file).mtimeMs > STALE_AGE_MS;
      } catch {
        continue; // gone meanwhile
      }
    }
    if (!stale) continue;
    rmSync(file, { force: true });
    removed.push(file);
  }
  return removed;
}
