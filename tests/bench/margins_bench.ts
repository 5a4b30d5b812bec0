/**
 * Per-pair margins benchmark (issue 20): `exact` margins of a real n = 20 problem — seeded random 20-class subsets
 * of the shipped ImageNet-100 sample (MobileNet v1 0.75 × USE lite, GW kernels, as the bnb bench) — within 10× the
 * time of its proof. Both run on one thread (the margins search is single-threaded); the note also gives the ratio
 * to bnb's default two-thread proof. `--quick`: one 16-class subset.
 */
import { marginsOf } from "../../lib/qap/margins/margins.ts";
import { solveBranchAndBound } from "../../lib/qap/solvers/branch_and_bound.ts";
import { imagenetSubsetProblem } from "./bnb_bench.ts";
import type { BenchContext, BenchRow } from "./_bench.ts";

/** Margins may take this many times the proof. */
const GOAL_RATIO = 10;

/** The margins bench rows. */
export async function bench(context: BenchContext): Promise<BenchRow[]> {
  const { root, quick, log } = context;
  const rows: BenchRow[] = [];
  const size = quick ? 16 : 20;
  for (const seed of quick ? [1] : [1, 2, 3]) {
    const instance = `imagenet100 random ${size} classes, seed ${seed}`;
    const problem = imagenetSubsetProblem(root, size, seed);
    log(`margins ${instance}: proof (1 and 2 threads)`);
    const proof = solveBranchAndBound(problem, { threads: 1, seed: 0, timeLimit: 600 });
    const proof2 = solveBranchAndBound(problem, { threads: 2, seed: 0, timeLimit: 600 });
    log(`margins ${instance}: exact margins`);
    const margins = marginsOf(problem, proof.permutation, {
      mode: "exact",
      bound: proof.bound,
      timeLimit: GOAL_RATIO * proof.seconds * 3,
    });
    const exact = margins.margins.filter((m) => m.exact).length;
    const ratio = margins.seconds / proof.seconds;
    rows.push({
      group: "margins",
      instance,
      n: problem.n,
      solver: "margins exact",
      cost: proof.cost,
      bound: proof.bound,
      seconds: margins.seconds,
      referenceSeconds: proof.seconds,
      goal: `exact margins ≤ ${GOAL_RATIO}× the proof (1 thread)`,
      pass: proof.optimal && exact === problem.n && ratio <= GOAL_RATIO,
      note: `${exact}/${problem.n} exact; runner-up gap ${margins.runnerUpGap.upper.toPrecision(4)}; ` +
        `${margins.info.nodes} nodes (proof ${proof.info.nodes}); ${ratio.toFixed(1)}× the 1-thread proof ` +
        `(${proof.seconds.toFixed(1)} s), ${(margins.seconds / proof2.seconds).toFixed(1)}× the 2-thread proof ` +
        `(${proof2.seconds.toFixed(1)} s)`,
    });
  }
  return await Promise.resolve(rows);
}
