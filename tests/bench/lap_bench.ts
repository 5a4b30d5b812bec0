/**
 * LAP benchmarks: uniform random n = 1000 (and 500, no goal) against SciPy's `linear_sum_assignment` on this
 * machine class (goal for "jv-shortest-path" at n = 1000: ≤ 2× SciPy), and µs per call at the sizes Hahn–Grant calls
 * millions of times (n = 9, 19, 29, 49, 99) on uniform random costs and on "Hahn–Grant-like" costs, for every
 * algorithm in the `LAP_ALGORITHMS` registry (auction: square only; all others at their registry id).
 * Seconds are process CPU seconds (see `cpuSeconds`): the machine class is shared, and wall time under load says
 * more about the neighbours than about the code; the median wall time is kept in the row's note.
 */
import process from "node:process";
import { Rng } from "../../lib/core/rng.ts";
import { LAP_ALGORITHM_IDS, LAP_ALGORITHMS, type LapAlgorithmId } from "../../lib/lap/algorithms.ts";
import { LapWorkspace } from "../../lib/lap/workspace.ts";
import type { BenchContext, BenchRow } from "./_bench.ts";

/** SciPy 1.x `linear_sum_assignment` seconds on uniform random dense n×n on this machine. */
export const SCIPY_LAP_SECONDS: Readonly<Record<number, number>> = Object.freeze({ 500: 0.007, 1000: 0.034 });

/** The algorithm the n = 1000 goal is set for (the fastest exact one for large one-off LAPs). */
const GOAL_ALGORITHM: LapAlgorithmId = "jv-shortest-path";

/** Uniform [0, 1) costs. */
function uniformCost(rng: Rng, n: number): Float64Array {
  const cost = new Float64Array(n * n);
  for (let k = 0; k < cost.length; k++) cost[k] = rng.uniform();
  return cost;
}

/**
 * A Hahn–Grant-like subproblem: the product block A[i,k]·B[j,l] of a QAP (outer product of two random vectors plus
 * 5 % noise), row- and column-reduced as after a dual-ascent step, so it is non-negative with many zero ties.
 */
function hahnGrantLikeCost(rng: Rng, n: number): Float64Array {
  const a = Array.from({ length: n }, () => rng.uniform());
  const b = Array.from({ length: n }, () => rng.uniform());
  const cost = new Float64Array(n * n);
  for (let k = 0; k < n; k++) for (let l = 0; l < n; l++) cost[k * n + l] = a[k] * b[l] + 0.05 * rng.uniform();
  for (let k = 0; k < n; k++) {
    let min = Infinity;
    for (let l = 0; l < n; l++) min = Math.min(min, cost[k * n + l]);
    for (let l = 0; l < n; l++) cost[k * n + l] -= min;
  }
  for (let l = 0; l < n; l++) {
    let min = Infinity;
    for (let k = 0; k < n; k++) min = Math.min(min, cost[k * n + l]);
    for (let k = 0; k < n; k++) cost[k * n + l] -= min;
  }
  return cost;
}

/** CPU seconds (user + system) this process has used: unlike wall time it barely grows when others share the cores. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Single solves of fresh uniform instances after one warm-up solve: the fastest CPU time (used for the goal: on an
 * idle machine it equals wall time, and this 2-core machine is shared) and the median wall time; plus the last cost.
 */
function timeLarge(
  id: LapAlgorithmId,
  n: number,
  runs: number,
): { cpu: number; wall: number; cost: number } {
  const solve = LAP_ALGORITHMS[id].solve;
  const rng = new Rng(1000 + n);
  const ws = new LapWorkspace(n);
  solve(uniformCost(rng, n), n, n, ws);
  const cpu: number[] = [], wall: number[] = [];
  let cost = NaN;
  for (let r = 0; r < runs; r++) {
    const matrix = uniformCost(rng, n);
    const c0 = cpuSeconds(), t0 = performance.now();
    cost = solve(matrix, n, n, ws);
    wall.push((performance.now() - t0) / 1000);
    cpu.push(cpuSeconds() - c0);
  }
  return { cpu: Math.min(...cpu), wall: median(wall), cost };
}

/**
 * CPU seconds per call cycling over `pool` (after a warm-up pass): the budget is split into 5 rounds and the fastest
 * round counts.
 */
function timeSmall(id: LapAlgorithmId, pool: Float64Array[], n: number, budgetS: number): number {
  const solve = LAP_ALGORITHMS[id].solve;
  const ws = new LapWorkspace(n);
  for (const cost of pool) solve(cost, n, n, ws);
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    let calls = 0, elapsed = 0;
    const c0 = cpuSeconds();
    while (elapsed < budgetS / 5) {
      for (const cost of pool) solve(cost, n, n, ws);
      calls += pool.length;
      elapsed = cpuSeconds() - c0;
    }
    best = Math.min(best, elapsed / calls);
  }
  return best;
}

/** The LAP benchmark rows. */
export function bench(context: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const runs = context.quick ? 3 : 7;
  for (const n of context.quick ? [1000] : [500, 1000]) {
    for (const id of LAP_ALGORITHM_IDS) {
      if (id !== GOAL_ALGORITHM && (context.quick || n !== 1000)) continue;
      context.log(`lap uniform n=${n} ${id}`);
      const runsHere = id === GOAL_ALGORITHM ? runs : Math.min(runs, 3);
      const { cpu, wall, cost } = timeLarge(id, n, runsHere);
      const reference = SCIPY_LAP_SECONDS[n] ?? null;
      // The goal is set at n = 1000; n = 500 is shown for the trend only.
      const isGoal = id === GOAL_ALGORITHM && n === 1000 && reference !== null;
      rows.push({
        group: "lap",
        instance: "uniform",
        n,
        solver: id,
        cost,
        seconds: cpu,
        referenceSeconds: reference,
        goal: isGoal ? "≤ 2× SciPy linear_sum_assignment" : undefined,
        pass: isGoal ? cpu <= 2 * reference : null,
        note: `CPU s, fastest of ${runsHere} solves (median wall ${
          wall.toPrecision(3)
        } s); reference = SciPy wall, idle`,
      });
    }
  }
  const budgetS = context.quick ? 0.03 : 0.25;
  for (const kind of ["uniform", "hg-like"] as const) {
    for (const n of [9, 19, 29, 49, 99]) {
      const rng = new Rng(n * 7 + (kind === "uniform" ? 0 : 1));
      const pool = Array.from(
        { length: 16 },
        () => (kind === "uniform" ? uniformCost(rng, n) : hahnGrantLikeCost(rng, n)),
      );
      for (const id of LAP_ALGORITHM_IDS) {
        const seconds = timeSmall(id, pool, n, budgetS);
        rows.push({
          group: "lap-small",
          instance: kind,
          n,
          solver: id,
          seconds,
          note: `${(seconds * 1e6).toFixed(2)} µs CPU per call (seconds column is per call)`,
        });
      }
    }
  }
  return Promise.resolve(rows);
}
