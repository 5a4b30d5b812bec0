/**
 * Worker of `overrun_bench.ts`: solves one random symmetric QAP of size n with one solver and a time limit, in its
 * own process (so a solver that runs out of memory cannot take the bench down), and prints one JSON line: the wall
 * seconds around the solve call, the status, or the refusal message.
 *
 *   deno run -A tests/bench/_overrun_worker.ts SOLVER N LIMIT_SECONDS [SEED]
 */
import { Rng } from "../../lib/core/rng.ts";
import { createQapProblem } from "../../lib/qap/problem.ts";
import { solveQap } from "../../lib/qap/registry.ts";

/** A random symmetric n×n matrix with zero diagonal and integer entries in [0, 100). */
function randomSymmetric(n: number, rng: Rng): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) m[i * n + j] = m[j * n + i] = Math.floor(100 * rng.uniform());
  }
  return m;
}

if (import.meta.main) {
  const [solver, nText, limitText, seedText] = Deno.args;
  const n = Number(nText), timeLimit = Number(limitText), rng = new Rng(Number(seedText ?? 1));
  const problem = createQapProblem(
    { rows: n, cols: n, data: randomSymmetric(n, rng) },
    { rows: n, cols: n, data: randomSymmetric(n, rng) },
  );
  const t0 = performance.now();
  try {
    const result = solveQap(problem, { method: solver, timeLimit, seed: 0 });
    const seconds = (performance.now() - t0) / 1000;
    console.log(JSON.stringify({ seconds, status: result.status, cost: result.cost, iterations: result.iterations }));
  } catch (error) {
    const seconds = (performance.now() - t0) / 1000;
    console.log(JSON.stringify({ seconds, refused: (error as Error).message.split("\n")[0] }));
  }
}
