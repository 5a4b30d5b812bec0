/**
 * MILP (HiGHS) benchmarks: time to proof of `milp` (RLT1) against brute force — and branch and bound (`bnb`) whenever
 * the registry has it — on QAPLIB / synthetic instances n = 6–12; and Sec. 5.2 subset selection, HiGHS's exact binary
 * QP against the greedy + swap local search, on the shipped ImageNet-100 embeddings (MobileNet v1 0.75 × USE lite),
 * s = 10–40 of L = 100. `--quick`: three small instances, s = 10 with a short HiGHS limit.
 */
import { existsSync } from "node:fs";
import { getSolver, SOLVER_IDS } from "../../lib/qap/registry.ts";
import type { SolveResult } from "../../lib/qap/result.ts";
import { runClassVectors } from "../../lib/studies/run_data.ts";
import { highsSubsets } from "../../lib/subsets/highs.ts";
import { localSearchSubsets } from "../../lib/subsets/local_search.ts";
import { subsetCostFromVectors } from "../../lib/subsets/subset_problem.ts";
import type { BenchContext, BenchRow } from "./_bench.ts";
import { loadBenchInstance } from "./bnb_bench.ts";

/** Instances of the time-to-proof comparison (n = 6–12). */
const PROOF_INSTANCES = ["tai6a", "nug7", "tai7a", "nug8", "tai8a", "esc8a", "synth-gw-N10-s0", "rou10", "chr12a"];
const PROOF_INSTANCES_QUICK = ["tai6a", "nug7", "tai8a"];

/** Exact solvers compared, in row order; any of them missing from the registry is left out (bnb joins when it is). */
const EXACT_SOLVERS = ["milp", "bnb", "brute-force"];

function proofRow(instance: string, best: number, result: SolveResult, limit: number): BenchRow {
  const nodes = result.info.nodes ?? result.iterations;
  return {
    group: "milp",
    instance,
    n: result.n,
    solver: result.solver,
    cost: result.cost,
    bestKnown: Number.isFinite(best) ? best : null,
    bound: result.bound,
    seconds: result.seconds,
    goal: `proof ≤ ${limit} s`,
    pass: result.optimal,
    note:
      `${result.optimal ? "proven" : result.status}; ${result.solver === "brute-force" ? "permutations" : "nodes"} ` +
      `${nodes}`,
  };
}

/** Time to proof of every exact solver in the registry on one instance. */
function proofRows(root: string, name: string, limit: number, log: (m: string) => void): BenchRow[] {
  const { problem, best } = loadBenchInstance(root, name);
  const rows: BenchRow[] = [];
  for (const id of EXACT_SOLVERS) {
    if (!SOLVER_IDS.includes(id)) continue;
    const spec = getSolver(id);
    if (problem.n > spec.maxN) continue;
    const options: Record<string, unknown> = id === "brute-force" ? {} : { timeLimit: limit };
    const result = spec.solve(problem, options);
    log(`milp bench: ${name} ${id} ${result.status} ${result.seconds.toFixed(2)} s`);
    rows.push(proofRow(name, best, result, limit));
  }
  return rows;
}

/** HiGHS's exact subset selection against the local search at each size. */
function subsetRows(root: string, sizes: number[], limit: number, log: (m: string) => void): BenchRow[] {
  const [dataset, vision, language] = ["imagenet100", "mobilenet-v1-0.75", "use-lite"];
  if (!existsSync(`${root}/data/embeddings/${dataset}/${vision}.npy`)) {
    log(`milp bench: no stored ${dataset}/${vision} embeddings, subset rows skipped`);
    return [];
  }
  const all = runClassVectors(dataset, vision, language, 0, { half: false, root: `${root}/data/embeddings` });
  const q = subsetCostFromVectors(all.vision, all.language);
  const rows: BenchRow[] = [];
  for (const size of sizes) {
    const instance = `${dataset} ${vision}×${language} L=${q.rows} s=${size}`;
    let t0 = performance.now();
    const [local] = localSearchSubsets(q, size);
    const localSeconds = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const [exact] = highsSubsets(q, size, { timeLimit: limit });
    const exactSeconds = (performance.now() - t0) / 1000;
    log(`milp bench: subsets s=${size} local ${local.objective} highs ${exact.objective} (${exact.proven})`);
    const base = { group: "subsets", instance, n: size, bestKnown: Math.min(local.objective, exact.objective) };
    rows.push({ ...base, solver: "local-search", cost: local.objective, bound: null, seconds: localSeconds });
    rows.push({
      ...base,
      solver: "highs",
      cost: exact.objective,
      bound: exact.bound,
      seconds: exactSeconds,
      goal: "objective ≤ local search",
      pass: exact.objective <= local.objective,
      note: exact.proven ? "proven optimal" : `time limit ${limit} s, not proven`,
    });
  }
  return rows;
}

/** The MILP benchmark rows. */
export async function bench(context: BenchContext): Promise<BenchRow[]> {
  const { quick, root, log } = context;
  const rows: BenchRow[] = [];
  const limit = quick ? 20 : 120;
  for (const name of quick ? PROOF_INSTANCES_QUICK : PROOF_INSTANCES) rows.push(...proofRows(root, name, limit, log));
  rows.push(...subsetRows(root, quick ? [10] : [10, 20, 30, 40], quick ? 5 : 60, log));
  return await Promise.resolve(rows);
}
