/**
 * Branch-and-bound checkpoints: the open nodes (fixed assignments + a valid bound each), the incumbent and the counts
 * so far, as JSON, written atomically (a crash mid-write leaves the previous checkpoint). A checkpoint names its problem
 * by a fingerprint of the data, so resuming on other data is refused; a corrupt file is refused naming the file.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { writeFileAtomic } from "../../../core/atomic.ts";
import type { QapProblem } from "../../problem.ts";
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
