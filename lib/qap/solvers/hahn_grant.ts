/**
 * Classic Hahn–Grant dual ascent on the dense Lawler cost tensor (spec §2.2; the first row of the ablation Tab. 4/5).
 * Keeps all n²·(n−1)² reduced pair costs: block (i,j) row k′ column l′ holds C[i,j,k,l] for k ≠ i, l ≠ j, which is
 * what makes it O(n⁴) in memory; a clear RangeError is thrown when that exceeds `memoryBudgetBytes`.
 *
 * Deviations from the original, on purpose: the factors are shifted to be non-negative first (as in the factorised
 * solver, spec P5) so the bound is valid at every moment, not only after the first sweep; the forbidden entries of a
 * subproblem (row i / column j) are left out instead of stored as +∞, so the LAP is (n−1)×(n−1) and no O(n⁴) mask
 * restore runs per subproblem (same values and bound, far less time). No primal heuristics: the only primal solution
 * is the final LAP on the leaders. `iterations` counts outer iterations (leader LAP + sweep).
 * @module
 */
import { checkRange } from "../../core/errors.ts";
import { LapWorkspace } from "../../lap/shortest_path.ts";
import type { QapProblem } from "../problem.ts";
import {
  finishResult,
  resolveOptions,
  SolveClock,
  type SolveResult,
  type SolverOptions,
  type SolveStatus,
} from "../result.ts";
import { costOf, prepareSymmetricInput, reportedBound } from "./_fhg_input.ts";
import { solveJvInto } from "./_fhg_lap.ts";
import { solveLapHungarianInto } from "../../lap/hungarian.ts";

/** Options of {@link solveHahnGrant}. */
export interface HahnGrantOptions extends SolverOptions {
  /** LAP algorithm: "hungarian" (lib/lap/hungarian.ts, the original's choice; default) or "jv". */
  lap?: "hungarian" | "jv";
  /** Largest dense tensor allowed, in bytes; default 512 MiB (n ≈ 90). */
  memoryBudgetBytes?: number;
  /** Stop after more than this many consecutive iterations with bound gain < ε·|LB|; default 3. */
  maxStallIterations?: number;
  /** Relative tolerance of the stall and optimality tests; default 1e-6. */
  epsilon?: number;
  /** Most outer iterations; default Infinity. */
  maxIterations?: number;
}

/** Defaults of {@link HahnGrantOptions}. */
export const HAHN_GRANT_DEFAULTS = Object.freeze({
  lap: "hungarian" as "hungarian" | "jv",
  memoryBudgetBytes: 512 * 1024 * 1024,
  maxStallIterations: 3,
  epsilon: 1e-6,
  maxIterations: Infinity,
});

/** Bytes of the dense reduced-cost tensor classic Hahn–Grant needs for size n. */
export function hahnGrantMemoryBytes(n: number): number {
  return 8 * n * n * Math.max(0, n - 1) * Math.max(0, n - 1);
}

/**
 * Solves `problem` (symmetric A or B; the other is symmetrised exactly) by classic Hahn–Grant dual ascent. The
 * result's bound is valid (rounded up for integer data); `info` has `lapCalls`, `leaderLaps`, `memoryBytes`.
 */
export function solveHahnGrant(problem: QapProblem, options: HahnGrantOptions = {}): SolveResult {
  const fn = "solveHahnGrant";
  const opts = resolveOptions(fn, HAHN_GRANT_DEFAULTS, options);
  checkRange(opts.lap === "hungarian" || opts.lap === "jv", fn, `lap must be hungarian or jv, got ${opts.lap}`);
  checkRange(opts.memoryBudgetBytes > 0, fn, `memoryBudgetBytes must be positive, got ${opts.memoryBudgetBytes}`);
  checkRange(
    Number.isInteger(opts.maxStallIterations) && opts.maxStallIterations >= 0,
    fn,
    `maxStallIterations must be an integer ≥ 0, got ${opts.maxStallIterations}`,
  );
  checkRange(opts.epsilon >= 0 && opts.epsilon < 1, fn, `epsilon must be in [0, 1), got ${opts.epsilon}`);
  checkRange(opts.maxIterations >= 1, fn, `maxIterations must be ≥ 1, got ${opts.maxIterations}`);
  const n = problem.n;
  const bytes = hahnGrantMemoryBytes(n);
  checkRange(
    bytes <= opts.memoryBudgetBytes,
    fn,
    `the dense n⁴ costs need ${(bytes / 2 ** 20).toFixed(0)} MiB at n = ${n}, over memoryBudgetBytes = ` +
      `${(opts.memoryBudgetBytes / 2 ** 20).toFixed(0)} MiB; use fhg (O(n³) memory) or raise memoryBudgetBytes`,
  );
  const input = prepareSymmetricInput(problem, fn);
  const clock = new SolveClock("hg", opts);
  const integral = input.integral, eps = opts.epsilon;
  if (n === 1) {
    return finishResult(problem, clock, opts, {
      permutation: [0],
      bound: costOf(input, [0]),
      optimal: true,
      status: "optimal",
      iterations: 0,
      info: { lapCalls: 0, leaderLaps: 0, memoryBytes: 0 },
    });
  }
  const m = n - 1, n2 = n * n, block = m * m;
  const a = input.aShifted, b = input.bShifted;
  const c = new Float64Array(n2 * block);
  const leaders = new Float64Array(n2);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const ij = i * n + j, base = ij * block;
      leaders[ij] = a[i * n + i] * b[j * n + j] + (input.linear ? input.linear[ij] : 0);
      for (let k = 0, kk = 0; k < n; k++) {
        if (k === i) continue;
        const aik = a[i * n + k];
        for (let l = 0, ll = 0; l < n; l++) if (l !== j) c[base + kk * m + ll++] = aik * b[j * n + l];
        kk++;
      }
    }
  }
  const ws = new LapWorkspace(n, n);
  const leaderCost = new Float64Array(n2), sub = new Float64Array(block);
  const order = new Int32Array(n2);
  const lap = (cost: Float64Array, size: number) => {
    lapCalls++;
    if (opts.lap === "jv") return solveJvInto(cost, size, ws);
    solveLapHungarianInto(cost, size, size, ws);
    let total = 0;
    for (let k = 0; k < size; k++) total += ws.u[k] + ws.v[k];
    return total;
  };
  let lowerBound = input.shiftedConstant, lapCalls = 0, leaderLaps = 0, iterations = 0, stall = 0;
  let status: SolveStatus = "stalled";

  outer: for (;;) {
    iterations++;
    leaderCost.set(leaders);
    const delta = lap(leaderCost, n);
    leaderLaps++;
    if (clock.expired()) {
      status = clock.expiredStatus();
      break;
    }
    lowerBound += delta;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) leaders[i * n + j] -= ws.u[i] + ws.v[j];
    clock.report(iterations, Infinity, reportedBound(lowerBound, Infinity, integral, n));
    // Spread every reduced leader over its subproblem (each entry gains Λ/(n−1): every assignment gains Λ).
    for (let ij = 0; ij < n2; ij++) {
      const add = leaders[ij] / m, base = ij * block;
      for (let e = 0; e < block; e++) c[base + e] += add;
    }
    for (let x = 0; x < n2; x++) order[x] = x;
    order.sort((x, y) => leaders[x] - leaders[y] || x - y);
    for (let s = 0; s < n2; s++) {
      const ij = order[s], i = (ij / n) | 0, j = ij - i * n, base = ij * block;
      // Complementary cost transfer: C[i,j,k,l] += C[k,l,i,j]; C[k,l,i,j] ← 0.
      for (let k = 0, kk = 0; k < n; k++) {
        if (k === i) continue;
        const pi = i < k ? i : i - 1;
        for (let l = 0, ll = 0; l < n; l++) {
          if (l === j) continue;
          const pj = j < l ? j : j - 1;
          const other = (k * n + l) * block + pi * m + pj;
          c[base + kk * m + ll] += c[other];
          c[other] = 0;
          ll++;
        }
        kk++;
      }
      for (let e = 0; e < block; e++) sub[e] = c[base + e];
      const value = lap(sub, m);
      for (let kk = 0; kk < m; kk++) {
        const uk = ws.u[kk], row = base + kk * m;
        for (let ll = 0; ll < m; ll++) c[row + ll] -= uk + ws.v[ll];
      }
      leaders[ij] = value;
      if (clock.expired()) {
        status = clock.expiredStatus();
        break outer;
      }
    }
    stall = delta < eps * Math.abs(lowerBound) ? stall + 1 : 0;
    if (stall > opts.maxStallIterations) break;
    if (iterations >= opts.maxIterations) {
      status = "max-iterations";
      break;
    }
  }
  leaderCost.set(leaders);
  lap(leaderCost, n);
  leaderLaps++;
  const permutation = ws.rowToCol.slice(0, n);
  const cost = costOf(input, permutation);
  const bound = reportedBound(lowerBound, cost, integral, n);
  const optimal = integral ? cost <= bound : cost - lowerBound < Math.max(eps, eps * Math.abs(cost));
  if (optimal) status = "optimal";
  return finishResult(problem, clock, opts, {
    permutation,
    bound,
    optimal,
    status,
    iterations,
    info: { lapCalls, leaderLaps, memoryBytes: bytes, boundRoundedUp: integral, symmetrized: input.symmetrized },
  });
}
