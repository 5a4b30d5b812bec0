/**
 * QAPLIB readers: `.dat` (n, then A and B as a stream of integers) and `.sln` (n, value, then a 1-based permutation).
 * Follows the arquero triad: `fromQaplib*` parses text, `loadQaplib*` reads a path.
 * @module
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { matrixFrom } from "../core/matrix.ts";
import { createQapProblem, type QapProblem } from "../qap/problem.ts";

/** A QAPLIB solution file: problem size, objective value and the 0-based permutation (null when absent). */
export interface QaplibSolution {
  n: number;
  value: number;
  permutation: Int32Array | null;
}

function tokens(text: string, what: string): number[] {
  const parts = text.trim().split(/\s+/).filter((t) => t.length > 0);
  return parts.map((t, i) => {
    const x = Number(t);
    if (!Number.isFinite(x)) throw new RangeError(`${what}: token ${i + 1} is not a number: '${t}'`);
    return x;
  });
}

/** Parses the text of a QAPLIB `.dat` file into a problem (A = first matrix, B = second). */
export function fromQaplibDat(text: string, name = "qaplib"): QapProblem {
  const fn = `fromQaplibDat(${name})`;
  const values = tokens(text, fn);
  if (values.length === 0) throw new RangeError(`${fn}: empty file`);
  const n = values[0];
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${fn}: first token must be the size n ≥ 1, got ${n}`);
  const expected = 1 + 2 * n * n;
  if (values.length !== expected) {
    throw new RangeError(
      `${fn}: expected ${expected} numbers (n = ${n}, then two ${n}×${n} matrices), got ${values.length}`,
    );
  }
  const a = matrixFrom(values.slice(1, 1 + n * n), n, n);
  const b = matrixFrom(values.slice(1 + n * n), n, n);
  return createQapProblem(a, b, { source: { kind: "qaplib", name } });
}

/** Parses the text of a QAPLIB `.sln` file. A file with only "n value" gives a null permutation. */
export function fromQaplibSln(text: string, name = "qaplib"): QaplibSolution {
  const fn = `fromQaplibSln(${name})`;
  const values = tokens(text, fn);
  if (values.length < 2) throw new RangeError(`${fn}: expected 'n value' then a permutation`);
  const n = values[0], value = values[1];
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${fn}: first token must be the size n ≥ 1, got ${n}`);
  if (values.length === 2) return { n, value, permutation: null };
  if (values.length !== 2 + n) {
    throw new RangeError(`${fn}: expected ${n} permutation entries, got ${values.length - 2}`);
  }
  const permutation = new Int32Array(n);
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = values[2 + i] - 1;
    if (!Number.isInteger(x) || x < 0 || x >= n || seen[x]) {
      throw new RangeError(`${fn}: entry ${i + 1} (${values[2 + i]}) breaks the 1-based permutation of 1..${n}`);
    }
    seen[x] = 1;
    permutation[i] = x;
  }
  return { n, value, permutation };
}

function readText(path: string, fn: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`${fn}: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads a QAPLIB `.dat` file. */
export function loadQaplibDat(path: string): QapProblem {
  return fromQaplibDat(readText(path, "loadQaplibDat"), basename(path).replace(/\.dat$/, ""));
}

/** Reads a QAPLIB `.sln` file. */
export function loadQaplibSln(path: string): QaplibSolution {
  return fromQaplibSln(readText(path, "loadQaplibSln"), basename(path).replace(/\.sln$/, ""));
}
