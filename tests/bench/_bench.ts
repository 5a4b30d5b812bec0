/**
 * Benchmark contract. Each `tests/bench/<topic>_bench.ts` exports `bench(context)` returning rows; the runner
 * (`deno task bench`) prints them as one table with the goals side by side with the reference numbers.
 */

/** One benchmark line. */
export interface BenchRow {
  /** Topic, e.g. "lap", "faq", "fhg", "kmeans", "embed". */
  group: string;
  /** Instance or workload name. */
  instance: string;
  /** Problem size. */
  n: number;
  /** Solver / method id. */
  solver: string;
  /** Objective reached (if any). */
  cost?: number | null;
  /** Best known / reference objective, for the gap column. */
  bestKnown?: number | null;
  /** Proven bound (if any). */
  bound?: number | null;
  /** Measured seconds. */
  seconds: number;
  /** Reference seconds on this machine class (SciPy, original code), if known. */
  referenceSeconds?: number | null;
  /** The goal in words, e.g. "≤ 2× SciPy". */
  goal?: string;
  /** Whether the goal was met (null: no goal). */
  pass?: boolean | null;
  /** Free text (iterations, memory, ...). */
  note?: string;
}

/** What the runner hands to every bench module. */
export interface BenchContext {
  /** `--quick`: smaller workloads for a smoke run. */
  quick: boolean;
  /** Repository root path. */
  root: string;
  /** Logs a progress line to stderr. */
  log: (message: string) => void;
}

/** Signature every bench module exports as `bench`. */
export type BenchFunction = (context: BenchContext) => Promise<BenchRow[]>;
