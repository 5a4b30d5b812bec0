/**
 * Branch-and-bound benchmarks (issue goals; none is a timed test): time to proof on QAPLIB n ≤ 15 (≤ 60 s each), the
 * synthetic GW instances (N20 ≤ 60 s, N30 ≤ 10 min), seeded random 20-class subsets of the shipped ImageNet-100 sample
 * (MobileNet v1 × USE lite, GW; ≤ 5 min each), node throughput with one and two threads and the speed-up, and the
 * root gap of the Hahn–Grant bound per instance. `--quick`: n ≤ 12, N20-s0, one subset, shorter limits.
 * The n = 16–20 QAPLIB goals and the Sec. 5.3-larger n = 30 / 40 problems take up to hours: `bnb_large_bench.ts`.
 */
import { readFileSync } from "node:fs";
import { Rng } from "../../lib/core/rng.ts";
import { fromRows } from "../../lib/core/matrix.ts";
import { loadQaplibDat } from "../../lib/io/qaplib.ts";
import { qapFromKernels } from "../../lib/kernels/metrics.ts";
import { createQapProblem, type QapProblem } from "../../lib/qap/problem.ts";
import type { SolveResult } from "../../lib/qap/result.ts";
import { solveBranchAndBound } from "../../lib/qap/solvers/branch_and_bound.ts";
import { subsetKernels } from "../../lib/studies/run_data.ts";
import { join } from "node:path";
import { DEFAULT_STORE_ROOT } from "../../lib/embeddings/store.ts";
import type { BenchContext, BenchRow } from "./_bench.ts";

/** QAPLIB instances with n ≤ 15 named by the issue. */
export const QAPLIB_SMALL = [
  "esc8a",
  "esc8b",
  "esc8c",
  "esc8d",
  "esc8e",
  "esc8f",
  "rou10",
  "tai10a",
  "lipa10a",
  "lipa10b",
  "nug12",
  "chr12a",
  "chr12b",
  "chr12c",
  "tai12a",
  "tai12b",
  "nug14",
  "nug15",
  "chr15b",
  "chr15c",
  "tai15a",
  "tai15b",
];

/** A QAPLIB or synthetic instance from tests/fixtures with its best-known value. */
export function loadBenchInstance(root: string, name: string): { problem: QapProblem; best: number } {
  if (name.startsWith("synth")) {
    const json = JSON.parse(readFileSync(`${root}/tests/fixtures/synthetic_qap/${name}.json`, "utf8"));
    const problem = createQapProblem(fromRows(json.A), fromRows(json.B), { constant: json.constant, source: { name } });
    return { problem, best: json.reference.best_cost };
  }
  const problem = loadQaplibDat(`${root}/tests/fixtures/qaplib/${name}.dat`);
  const index: { name: string; best_known: number }[] = JSON.parse(
    readFileSync(`${root}/tests/fixtures/qaplib/index.json`, "utf8"),
  );
  return { problem, best: Number(index.find((r) => r.name === name)?.best_known ?? NaN) };
}

/** The QAP of a seeded random class subset of the ImageNet-100 sample (MobileNet v1 0.75 × USE lite, GW kernels). */
export function imagenetSubsetProblem(root: string, size: number, seed: number): QapProblem {
  const classes = Array.from(new Rng(seed).permutation(100).slice(0, size)).sort((a, b) => a - b);
  const kernels = subsetKernels("imagenet100", "mobilenet-v1-0.75", "use-lite", seed, classes, "gw", {
    half: false,
    root: join(root, DEFAULT_STORE_ROOT),
  });
  return qapFromKernels(kernels.vision, kernels.language, "gw");
}

/** One bench row of a bnb run against a goal in seconds. */
export function bnbRow(
  group: string,
  instance: string,
  result: SolveResult,
  best: number | null,
  goalSeconds: number,
): BenchRow {
  const rootBound = result.info.rootBound as number;
  const reference = best ?? result.cost;
  const rootGap = reference !== 0 ? (100 * (reference - rootBound)) / Math.abs(reference) : 0;
  const nodes = result.info.nodes as number;
  return {
    group,
    instance,
    n: result.n,
    solver: `bnb×${result.info.threads}`,
    cost: result.cost,
    bestKnown: best,
    bound: result.bound,
    seconds: result.seconds,
    goal: `proven ≤ ${goalSeconds} s`,
    pass: result.optimal && result.seconds <= goalSeconds,
    note: `${result.status}; nodes ${nodes} (${(nodes / Math.max(result.seconds, 1e-9)).toFixed(0)}/s); ` +
      `root gap ${rootGap.toFixed(2)} % in ${(result.info.rootSeconds as number).toFixed(1)} s`,
  };
}

/** The bnb benchmark rows. */
export async function bench(context: BenchContext): Promise<BenchRow[]> {
  const { root, quick, log } = context;
  const rows: BenchRow[] = [];
  const run = (group: string, name: string, problem: QapProblem, best: number | null, goal: number, threads = 2) => {
    log(`bnb ${name} (${threads} threads, limit ${goal} s)`);
    const result = solveBranchAndBound(problem, { threads, timeLimit: goal, seed: 0 });
    rows.push(bnbRow(group, name, result, best, goal));
    return result;
  };
  const small = quick ? QAPLIB_SMALL.filter((name) => !/1[45]/.test(name)) : QAPLIB_SMALL;
  for (const name of small) {
    const { problem, best } = loadBenchInstance(root, name);
    run("bnb", name, problem, best, 60);
  }
  const synthetic = quick ? ["synth-gw-N20-s0"] : ["synth-gw-N20-s0", "synth-gw-N20-s1", "synth-gw-N20-s2"];
  for (const name of synthetic) {
    const { problem, best } = loadBenchInstance(root, name);
    run("bnb", name, problem, best, 60);
  }
  if (!quick) {
    const { problem, best } = loadBenchInstance(root, "synth-gw-N30-s0");
    run("bnb", "synth-gw-N30-s0", problem, best, 600);
  }
  for (const seed of quick ? [1] : [1, 2, 3]) {
    run("bnb", `imagenet100 random 20 classes, seed ${seed}`, imagenetSubsetProblem(root, 20, seed), null, 300);
  }
  // Node throughput and the second core's speed-up on one instance, the same search settings.
  const throughputName = quick ? "nug12" : "nug14";
  const { problem, best } = loadBenchInstance(root, throughputName);
  const one = run("bnb-threads", throughputName, problem, best, 300, 1);
  const two = run("bnb-threads", throughputName, problem, best, 300, 2);
  rows.push({
    group: "bnb-threads",
    instance: throughputName,
    n: problem.n,
    solver: "bnb speed-up",
    seconds: two.seconds,
    referenceSeconds: one.seconds,
    goal: "2 threads faster than 1",
    pass: two.seconds < one.seconds,
    note:
      `speed-up ${(one.seconds / two.seconds).toFixed(2)}×; nodes/s ${(one.iterations / one.seconds).toFixed(0)} → ` +
      `${(two.iterations / two.seconds).toFixed(0)}`,
  });
  return await Promise.resolve(rows);
}
