/** Test fixtures of the Hahn–Grant tests: random standardised GW instances and an exhaustive optimum for small n. */
import { readFileSync } from "node:fs";
import { fromRows, type Matrix } from "../../../lib/core/matrix.ts";
import { Rng } from "../../../lib/core/rng.ts";
import { createQapProblem, type QapProblem } from "../../../lib/qap/problem.ts";
import { qapCost, swapDelta } from "../../../lib/qap/objective.ts";
import { fixturePath } from "../../_helpers/assert.ts";

function distanceKernel(x: Float64Array, n: number, d: number): Float64Array {
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (x[i * d + t] - x[j * d + t]) ** 2;
      k[i * n + j] = Math.sqrt(s);
    }
  }
  return k;
}

function standardize(k: Float64Array, n: number): Float64Array {
  let mean = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) mean += k[i * n + j];
  mean /= n * (n - 1);
  let variance = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) variance += (k[i * n + j] - mean) ** 2;
  const std = Math.sqrt(variance / (n * (n - 1) - 1));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) out[i * n + j] = (k[i * n + j] - mean) / std;
  return out;
}

/**
 * A random standardised GW instance as in the paper: X ~ N(0, I_d), Y = X[perm] + noise·N(0, I), rows normalised,
 * distance kernels standardised off the diagonal; A = −Kx, B = 2·Ky, c = ΣKx² + ΣKy².
 */
export function randomGwProblem(n: number, seed: number, noise = 0.5, d = 8): QapProblem {
  const rng = new Rng(seed);
  const x = new Float64Array(n * d), y = new Float64Array(n * d);
  for (let k = 0; k < n * d; k++) x[k] = rng.normal();
  const perm = rng.permutation(n);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) y[i * d + t] = x[perm[i] * d + t] + noise * rng.normal();
  for (const z of [x, y]) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += z[i * d + t] ** 2;
      for (let t = 0; t < d; t++) z[i * d + t] /= Math.sqrt(s);
    }
  }
  const kx = standardize(distanceKernel(x, n, d), n), ky = standardize(distanceKernel(y, n, d), n);
  let constant = 0;
  for (let k = 0; k < n * n; k++) constant += kx[k] ** 2 + ky[k] ** 2;
  const a: Matrix = { rows: n, cols: n, data: kx.map((v) => -v) };
  const b: Matrix = { rows: n, cols: n, data: ky.map((v) => 2 * v) };
  return createQapProblem(a, b, { constant });
}

/** Exhaustive minimum of J over all permutations (Heap's algorithm with O(n) swap deltas); n ≤ 10. */
export function bruteForceOptimum(problem: QapProblem): number {
  const { n } = problem;
  const a = problem.a.data, b = problem.b.data, l = problem.linear ? problem.linear.data : null;
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  let current = qapCost(problem, p), best = current;
  const bestPerm = p.slice();
  const c = new Int32Array(n);
  let i = 1;
  while (i < n) {
    if (c[i] < i) {
      const r = i % 2 === 0 ? 0 : c[i];
      current += swapDelta(a, b, l, n, p, r, i);
      const t = p[r];
      p[r] = p[i];
      p[i] = t;
      if (current < best) {
        best = current;
        bestPerm.set(p);
      }
      c[i]++;
      i = 1;
    } else {
      c[i] = 0;
      i++;
    }
  }
  // Re-evaluate the minimiser exactly (the running sum drifts by rounding over n! swaps).
  return qapCost(problem, bestPerm);
}

/** A shared synthetic instance with its reference record. */
export function loadSynthetic(
  name: string,
): { problem: QapProblem; reference: { best_cost: number; best_lower_bound: number } } {
  const json = JSON.parse(readFileSync(fixturePath("synthetic_qap", `${name}.json`), "utf8"));
  return {
    problem: createQapProblem(fromRows(json.A), fromRows(json.B), { constant: json.constant, source: { name } }),
    reference: json.reference,
  };
}
