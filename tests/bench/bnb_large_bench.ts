/**
 * The long branch-and-bound goals of issue 19 (hours in all; only with `deno task bench --only bnb_large`), each row
 * beside its measurement before that work (bnb_bench.ts `BNB_BEFORE`), on both cores unless the row says otherwise:
 * nug20 proven ≤ 900 s; tai20a ≤ 3,600 s; had18 / had20 ≤ 120 s (rows that say so when the instance is not shipped);
 * two threads ≥ 1.8× one thread on nug17; the Sec. 5.3-larger problems (the best ImageNet-100 subsets of MobileNet v1
 * × USE lite, GW) at n = 30 (≤ 120 s) and n = 40 (≤ 5,400 s); random 30-class subsets of the shipped ImageNet-100
 * sample (≤ 900 s each).
 * `BNB_LARGE_LIMIT=S` caps every run at S seconds (the goals stay as stated); `BNB_LARGE_ONLY="a;b"` runs only the
 * rows whose instance name starts with one of the given prefixes, separated by semicolons (row names hold commas), e.g.
 * `nug20;nug17;imagenet100 random 30 classes, seed 1`;
 * `BNB_LARGE_STRETCH=1` adds the stretch
 * goals nug22 / nug24 ≤ 3,600 s; `BNB_LARGE_SWEEP=1` adds the QAPLIB n = 16–20 sweep (≤ 30 min each).
 * `--quick`: three QAPLIB instances at 5 min each.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { qapFromKernels } from "../../lib/kernels/metrics.ts";
import type { QapProblem } from "../../lib/qap/problem.ts";
import { solveBranchAndBound } from "../../lib/qap/solvers/branch_and_bound.ts";
import { bestSubsets, subsetKernels } from "../../lib/studies/run_data.ts";
import { DEFAULT_STORE_ROOT } from "../../lib/embeddings/store.ts";
import type { BenchContext, BenchRow } from "./_bench.ts";
import { BNB_BEFORE, bnbRow, imagenetSubsetProblem, loadBenchInstance, speedupRows } from "./bnb_bench.ts";

/** This file runs only when `--only bnb_large` names it. */
export const ON_REQUEST_ONLY = true;

/** QAPLIB instances with n = 16–20 (the `BNB_LARGE_SWEEP=1` rows). */
export const QAPLIB_LARGE = [
  "esc16a",
  "esc16b",
  "esc16c",
  "esc16d",
  "esc16e",
  "esc16f",
  "esc16g",
  "esc16h",
  "esc16i",
  "esc16j",
  "nug16a",
  "nug16b",
  "nug17",
  "nug18",
  "nug20",
  "chr18b",
  "chr20a",
  "chr20c",
  "els19",
  "lipa20a",
  "lipa20b",
  "tai17a",
  "tai20a",
  "tai20b",
];

/** The QAPLIB goals of issue 19: instance and seconds to proof. */
export const QAPLIB_GOALS: readonly [string, number][] = [["nug20", 900], ["tai20a", 3600], ["had18", 120], [
  "had20",
  120,
]];

/** The stretch goals (`BNB_LARGE_STRETCH=1`). */
export const QAPLIB_STRETCH: readonly [string, number][] = [["nug22", 3600], ["nug24", 3600]];

/** The QAP of the best `size`-class subset of ImageNet-100 (MobileNet v1 0.75 × USE lite, GW), as in Sec. 5.3. */
export function bestSubsetProblem(root: string, size: number): QapProblem {
  const store = join(root, DEFAULT_STORE_ROOT);
  const [classes] = bestSubsets("imagenet100", "mobilenet-v1-0.75", "use-lite", size, 1, { root: store, restarts: 20 });
  const kernels = subsetKernels("imagenet100", "mobilenet-v1-0.75", "use-lite", 0, classes, "gw", {
    half: false,
    root: store,
  });
  return qapFromKernels(kernels.vision, kernels.language, "gw");
}

/** The long bnb rows. */
export async function bench(context: BenchContext): Promise<BenchRow[]> {
  const { root, quick, log } = context;
  const cap = Number(Deno.env.get("BNB_LARGE_LIMIT") ?? Infinity);
  const rows: BenchRow[] = [];
  const only = Deno.env.get("BNB_LARGE_ONLY")?.split(";").map((prefix) => prefix.trim()).filter(Boolean) ?? null;
  const wanted = (name: string) => only === null || only.some((prefix) => name.startsWith(prefix));
  const run = (name: string, problem: QapProblem, best: number | null, goal: number) => {
    log(`bnb ${name} (2 threads, limit ${Math.min(goal, cap)} s)`);
    const result = solveBranchAndBound(problem, { threads: 2, timeLimit: Math.min(goal, cap), seed: 0 });
    rows.push(bnbRow("bnb_large", name, result, best, goal, BNB_BEFORE[name]));
  };
  if (quick) {
    for (const name of ["esc16a", "nug16a", "chr18b"]) {
      const { problem, best } = loadBenchInstance(root, name);
      run(name, problem, best, 300);
    }
    return rows;
  }
  const qaplibGoals = [...QAPLIB_GOALS, ...(Deno.env.get("BNB_LARGE_STRETCH") === "1" ? QAPLIB_STRETCH : [])];
  for (const [name, goal] of qaplibGoals.filter(([name]) => wanted(name))) {
    if (!existsSync(join(root, "tests", "fixtures", "qaplib", `${name}.dat`))) {
      rows.push({
        group: "bnb_large",
        instance: name,
        n: 0,
        solver: "bnb×2",
        seconds: 0,
        goal: `proven ≤ ${goal} s`,
        pass: null,
        note: `not run: ${name}.dat is not in tests/fixtures/qaplib (nor in the shared QAPLIB copy)` +
          (BNB_BEFORE[name] ? `; issue 19 measured it elsewhere: ${BNB_BEFORE[name].what}` : ""),
      });
      continue;
    }
    const { problem, best } = loadBenchInstance(root, name);
    run(name, problem, best, goal);
  }
  if (wanted("nug17")) {
    const { problem, best } = loadBenchInstance(root, "nug17");
    const limit = Math.min(1800, cap);
    rows.push(...speedupRows("bnb_large", "nug17", problem, best, limit, 1.8, log, BNB_BEFORE["nug14 speed-up"]));
  }
  for (const [size, goal] of [[30, 120], [40, 5400]]) {
    const name = `Sec. 5.3-larger best subset n = ${size}`;
    if (wanted(name)) run(name, bestSubsetProblem(root, size), null, goal);
  }
  for (const seed of [1, 2, 3]) {
    const name = `imagenet100 random 30 classes, seed ${seed}`;
    if (!wanted(name)) continue;
    log(`bnb ${name} (2 threads, limit ${Math.min(900, cap)} s)`);
    const result = solveBranchAndBound(imagenetSubsetProblem(root, 30, seed), {
      threads: 2,
      timeLimit: Math.min(900, cap),
      seed: 0,
    });
    rows.push(bnbRow("bnb_large", name, result, null, 900, BNB_BEFORE["imagenet100 random 30 classes"]));
  }
  if (Deno.env.get("BNB_LARGE_SWEEP") === "1") {
    for (const name of QAPLIB_LARGE.filter(wanted)) {
      const { problem, best } = loadBenchInstance(root, name);
      run(name, problem, best, 1800);
    }
  }
  return await Promise.resolve(rows);
}
