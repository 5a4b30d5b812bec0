/** Shared test helpers. */
import assert from "node:assert/strict";
import { isPermutation } from "../../lib/core/permutation.ts";

/** Asserts |actual − expected| ≤ tol·max(1, |expected|). */
export function assertClose(actual: number, expected: number, tol = 1e-9, message = ""): void {
  const scale = Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol * scale, `${message} expected ${expected}, got ${actual} (tol ${tol})`);
}

/** Asserts that `p` is a permutation of 0..n−1. */
export function assertPermutation(p: ArrayLike<number>, n: number): void {
  assert.ok(isPermutation(p, n), `not a permutation of 0..${n - 1}: ${Array.from(p).join(",")}`);
}

/** Path of a fixture file under tests/fixtures. */
export function fixturePath(...parts: string[]): string {
  return new URL(`../fixtures/${parts.join("/")}`, import.meta.url).pathname;
}
