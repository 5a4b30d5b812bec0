/**
 * Memory estimates for solvers: a solver states how many bytes its large buffers need before allocating them, and
 * {@link checkMemoryBudget} refuses with a clear message (size, budget, what to do) instead of letting the engine die
 * with "Array buffer allocation failed" half-way through.
 * @module
 */
import { checkRange } from "../core/errors.ts";

/** Bytes of a Float64Array of `count` entries. */
export function float64Bytes(count: number): number {
  return 8 * count;
}

/** "512 MiB", "1.9 GiB", "12 KiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes, unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ${units[unit]}`;
}

/** Memory the machine has available now (bytes), or Infinity when it cannot be read. */
export function availableMemoryBytes(): number {
  try {
    const info = Deno.systemMemoryInfo();
    return info.available > 0 ? info.available : info.free;
  } catch {
    return Infinity;
  }
}

/** Largest single typed array V8 allocates (2³² − 1 entries on 64-bit builds is the safe figure). */
export const MAX_TYPED_ARRAY_ENTRIES = 2 ** 32 - 1;

/** Options of {@link checkMemoryBudget}. */
export interface MemoryBudgetDetail {
  /** What needs the memory, e.g. "the n³ dual planes at n = 2000". */
  what?: string;
  /** What the user can do, e.g. "use --solver faq, or raise memoryBudgetBytes". */
  hint?: string;
  /** Entries of the largest single array (checked against {@link MAX_TYPED_ARRAY_ENTRIES}). */
  largestArrayEntries?: number;
}

/**
 * Throws a RangeError `fn: <what> need X, over the memory budget of Y; <hint>` when `bytes` exceeds `budgetBytes`
 * (pass {@link availableMemoryBytes}() for "what the machine has"), or when one array would be larger than a typed
 * array can be. Call it before allocating.
 */
export function checkMemoryBudget(
  fn: string,
  bytes: number,
  budgetBytes: number,
  { what = "the buffers", hint = "", largestArrayEntries = 0 }: MemoryBudgetDetail = {},
): void {
  const advice = hint ? `; ${hint}` : "";
  checkRange(
    Number.isFinite(bytes) && bytes <= budgetBytes,
    fn,
    `${what} need ${formatBytes(bytes)}, over the memory budget of ${formatBytes(budgetBytes)}${advice}`,
  );
  checkRange(
    largestArrayEntries <= MAX_TYPED_ARRAY_ENTRIES,
    fn,
    `${what} need one array of ${largestArrayEntries} entries, more than a typed array can hold (${MAX_TYPED_ARRAY_ENTRIES})${advice}`,
  );
}
