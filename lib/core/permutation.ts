/**
 * Permutations as Int32Array: `p[i]` is the column (language item) assigned to row (vision item) i, 0-based.
 * @module
 */
import { checkRange, checkType } from "./errors.ts";

/** The identity permutation of size n. */
export function identityPermutation(n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return p;
}

/** True when `p` holds each of 0..n−1 exactly once (n = `p.length`, or `n` when given). */
export function isPermutation(p: ArrayLike<number>, n = p.length): boolean {
  if (p.length !== n) return false;
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = p[i];
    if (!Number.isInteger(x) || x < 0 || x >= n || seen[x]) return false;
    seen[x] = 1;
  }
  return true;
}

/** Checks that `p` is a permutation of 0..n−1 and returns it as a new Int32Array; the message names the defect. */
export function checkPermutation(p: unknown, n: number, fn: string, name = "permutation"): Int32Array {
  checkType(
    Array.isArray(p) || ArrayBuffer.isView(p),
    fn,
    `${name} must be an array of integers, got ${typeof p}`,
  );
  const arr = p as ArrayLike<number>;
  checkRange(arr.length === n, fn, `${name} must have length ${n}, got ${arr.length}`);
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = arr[i];
    checkRange(
      Number.isInteger(x) && x >= 0 && x < n,
      fn,
      `${name}[${i}] must be an integer in [0, ${n - 1}], got ${x}`,
    );
    checkRange(!seen[x], fn, `${name} is not a permutation: ${x} appears twice`);
    seen[x] = 1;
  }
  return Int32Array.from(arr);
}

/** The inverse permutation q with q[p[i]] = i. */
export function invertPermutation(p: ArrayLike<number>): Int32Array {
  const q = new Int32Array(p.length);
  for (let i = 0; i < p.length; i++) q[p[i]] = i;
  return q;
}

/** The composition r[i] = outer[inner[i]]. */
export function composePermutations(outer: ArrayLike<number>, inner: ArrayLike<number>): Int32Array {
  const r = new Int32Array(inner.length);
  for (let i = 0; i < inner.length; i++) r[i] = outer[inner[i]];
  return r;
}

/** Fraction of positions with p[i] = truth[i] (identity when `truth` is omitted). */
export function matchingAccuracy(p: ArrayLike<number>, truth?: ArrayLike<number>): number {
  if (p.length === 0) return 0;
  let hits = 0;
  for (let i = 0; i < p.length; i++) if (p[i] === (truth ? truth[i] : i)) hits++;
  return hits / p.length;
}

/** True when two permutations are equal entry by entry. */
export function permutationsEqual(p: ArrayLike<number>, q: ArrayLike<number>): boolean {
  if (p.length !== q.length) return false;
  for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return false;
  return true;
}

/**
 * Calls `visit` with every permutation of 0…n−1 once, in Heap's order (each one transposition from the last). The
 * array passed is reused and changed after `visit` returns: copy it to keep it. For exhaustive checks on small n.
 * @example
 * let count = 0;
 * forEachPermutation(3, () => count++); // count === 6
 */
export function forEachPermutation(n: number, visit: (permutation: Int32Array) => void): void {
  const order = identityPermutation(n), c = new Int32Array(n);
  visit(order);
  for (let i = 1; i < n;) {
    if (c[i] < i) {
      const j = i % 2 === 0 ? 0 : c[i];
      const t = order[j];
      order[j] = order[i];
      order[i] = t;
      visit(order);
      c[i]++;
      i = 1;
    } else c[i++] = 0;
  }
}
