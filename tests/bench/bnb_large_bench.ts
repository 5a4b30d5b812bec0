/**
 * The long branch-and-bound goals (hours in all; only with `deno task bench --only bnb_large`): QAPLIB n = 16–20
 * proven ≤ 30 min each, and the Sec. 5.3-larger problems (the best ImageNet-100 subsets of MobileNet v1 × USE lite,
 * GW) at n = 30 (≤ 10 min) and n = 40 (≤ 1 h). `--quick`: three of the QAPLIB instances at 5 min each.
 * `BNB_LARGE_LIMIT=S` caps every run at S seconds (the goals stay as stated).
 */
import { qapFromKernels } from "../../lib/kernels/metrics.ts";
import { solveBranchAndBound } from "../../lib/qap/solvers/branch_and_bound.ts";
import { bestSubsets, subsetKernels } from "../../lib/studies/run_data.ts";
import { join } from "node:path";
import { DEFAULT_STORE_ROOT } from "../../lib/embeddings/store.ts";
import type { BenchContext, BenchRow } from "./_bench.ts";
import { bnbRow, loadBenchInstance } from "./bnb_bench.ts";

/** This file runs only when `--only bnb_large` names it. */
export const ON_REQUEST_ONLY = true;

/** QAPLIB instances with n = 16–20 named by the issue. */
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

/** The long bnb rows. */
export async function bench(context: BenchContext): Promise<BenchRow[]> {
  const { root, quick, log } = context;
  const cap = Number(Deno.env.get("BNB_LARGE_LIMIT") ?? Infinity);
  const rows: BenchRow[] = [];
  const names = quick ? ["esc16a", "nug16a", "chr18b"] : QAPLIB_LARGE;
  for (const name of names) {
    const goal = quick ? 300 : 1800;
    const { problem, best } = loadBenchInstance(root, name);
    log(`bnb ${name} (limit ${Math.min(goal, cap)} s)`);
    const result = solveBranchAndBound(problem, { timeLimit: Math.min(goal, cap) });
    rows.push(bnbRow("bnb_large", name, result, best, goal));
  }
  if (!quick) {
    for (const [size, goal] of [[30, 600], [40, 3600]]) {
      const [classes] = bestSubsets("imagenet100", "mobilenet-v1-0.75", "use-lite", size, 1, {
        root: join(root, DEFAULT_STORE_ROOT),
        restarts: 20,
      });
      const kernels = subsetKernels("imagenet100", "mobilenet-v1-0.75", "use-lite", 0, classes, "gw", {
        half: false,
        root: join(root, DEFAULT_STORE_ROOT),
      });
      log(`bnb Sec. 5.3-larger n = ${size} (limit ${Math.min(goal, cap)} s)`);
      const result = solveBranchAndBound(qapFromKernels(kernels.vision, kernels.language, "gw"), {
        timeLimit: Math.min(goal, cap),
      });
      rows.push(bnbRow("bnb_large", `Sec. 5.3-larger best subset n = ${size}`, result, null, goal));
    }
  }
  return await Promise.resolve(rows);
}
