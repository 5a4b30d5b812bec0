/**
 * Branch-and-bound benchmarks (issue goals; none is a timed test): time to proof on QAPLIB n ≤ 15 (≤ 60 s each), the
 * synthetic GW instances (N20 ≤ 60 s, N30 ≤ 10 min), seeded random 20-class subsets of the shipped ImageNet-100 sample
 * (MobileNet v1 × USE lite, GW; ≤ 5 min each), node throughput with one and two threads and the speed-up (nug14, and
 * nug16a against the goal of 1.8×), and the root gap of the Hahn–Grant bound per instance. Each row names the
 * measurement before the engine work of issue 19 where one exists ({@link BNB_BEFORE}). `--quick`: n ≤ 12, N20-s0,
 * one subset, the speed-up on nug12 only, shorter limits.
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

/** A measurement before the issue-19 work, shown beside the new one ("before" in the row's note). */
export interface BnbBefore {
  /** Seconds to proof, or null when it was not proven within `limit`. */
  seconds: number | null;
  /** Time limit of that run (s). */
  limit: number;
  /** What was measured, where: threads, bound at the limit, nodes, source. */
  what: string;
}

/**
 * Before the issue-19 work: the issue's own figures (2 threads, this machine class) and the runs of the tree at commit
 * a5f284a made at the start of that work (`threads: 1`, a machine shared with other jobs: upper bounds).
 */
export const BNB_BEFORE: Readonly<Record<string, BnbBefore>> = {
  "nug16a×1": { seconds: 13.1, limit: 180, what: "1 thread, 28,148 nodes, root gap 13.2 % (a5f284a)" },
  "nug17×1": { seconds: null, limit: 180, what: "1 thread, bound 1489 / 1732 after 132,498 nodes (a5f284a)" },
  "tai17a×1": { seconds: null, limit: 180, what: "1 thread, bound 434848 / 491812 after 74,955 nodes (a5f284a)" },
  "nug20": { seconds: null, limit: 900, what: "2 threads, bound 2141 / 2570 (issue 19)" },
  "tai20a": { seconds: null, limit: 3600, what: "unproven (issue 19)" },
  "had18": { seconds: null, limit: 120, what: "unproven in 120 s (issue 19)" },
  "nug14 speed-up": { seconds: null, limit: 300, what: "2 threads 1.23× one thread (issue 19)" },
  "nug16a speed-up": {
    seconds: 6.82,
    limit: 300,
    what: "2 threads 1.68× one thread (11.47 s), nodes 24,132 → 27,534 (aca5d48, idle machine)",
  },
  "Sec. 5.3-larger best subset n = 30": { seconds: 523, limit: 900, what: "2 threads (issue 19)" },
  "imagenet100 random 30 classes": { seconds: null, limit: 900, what: "gap 33 % after 900 s (issue 19)" },
};

/** The "before" text of a row. */
export function beforeNote(before: BnbBefore | undefined): string {
  if (!before) return "";
  const measured = before.seconds === null ? `unproven at ${before.limit} s` : `proven in ${before.seconds} s`;
  return `; before: ${measured}, ${before.what}`;
}

/** What the RLT-2 levels did in a bnb run (empty when they did not run). */
function rlt2Note(result: SolveResult): string {
  const info = result.info;
  if (info.rlt2RootBound === null || info.rlt2RootBound === undefined) return "";
  return ` (with RLT-2: root bound ${info.rlt2RootBound} after ${info.rlt2RootIterations} iterations, ` +
    `${
      (info.rlt2RootSeconds as number).toFixed(1)
    } s; ${info.rlt2Nodes} RLT-2 nodes, ${info.rlt2Iterations} iterations)`;
}

/** One bench row of a bnb run against a goal in seconds, with the measurement before the issue-19 work if known. */
export function bnbRow(
  group: string,
  instance: string,
  result: SolveResult,
  best: number | null,
  goalSeconds: number,
  before?: BnbBefore,
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
    referenceSeconds: before?.seconds ?? null,
    goal: `proven ≤ ${goalSeconds} s`,
    pass: result.optimal && result.seconds <= goalSeconds,
    note: `${result.status}; nodes ${nodes} (${(nodes / Math.max(result.seconds, 1e-9)).toFixed(0)}/s); ` +
      `root gap ${rootGap.toFixed(2)} % in ${(result.info.rootSeconds as number).toFixed(1)} s` + rlt2Note(result) +
      beforeNote(before),
  };
}

/**
 * Runs `problem` with one thread and then two (same settings, `limit` seconds each) and returns both rows and a
 * speed-up row: goal "2 threads ≥ `goal`× one thread", seconds to proof (or to the limit) side by side.
 */
export function speedupRows(
  group: string,
  instance: string,
  problem: QapProblem,
  best: number | null,
  limit: number,
  goal: number,
  log: (line: string) => void,
  before?: BnbBefore,
): BenchRow[] {
  const results = [1, 2].map((threads) => {
    log(`bnb ${instance} (${threads} threads, limit ${limit} s)`);
    return solveBranchAndBound(problem, { threads, timeLimit: limit, seed: 0 });
  });
  const [one, two] = results;
  const bothProven = one.optimal && two.optimal;
  const ratio = one.seconds / two.seconds;
  return [
    ...results.map((r) => bnbRow(group, instance, r, best, limit)),
    {
      group,
      instance,
      n: problem.n,
      solver: "bnb speed-up",
      seconds: two.seconds,
      referenceSeconds: one.seconds,
      goal: `2 threads ≥ ${goal}× one thread`,
      pass: bothProven && ratio >= goal,
      note: `speed-up ${ratio.toFixed(2)}×${bothProven ? "" : " (not both proven: time-limited)"}; nodes ` +
        `${one.info.nodes} → ${two.info.nodes}; nodes/s ${(one.iterations / one.seconds).toFixed(0)} → ` +
        `${(two.iterations / two.seconds).toFixed(0)}` + beforeNote(before),
    },
  ];
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
  // Node throughput and the second core's speed-up, the same search settings.
  const throughput = quick ? ["nug12"] : ["nug14", "nug16a"];
  for (const name of throughput) {
    const { problem, best } = loadBenchInstance(root, name);
    const goal = name === "nug16a" ? 1.8 : 1;
    rows.push(...speedupRows("bnb-threads", name, problem, best, 300, goal, log, BNB_BEFORE[`${name} speed-up`]));
  }
  return await Promise.resolve(rows);
}
