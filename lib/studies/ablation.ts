/**
 * App. D.3 — Hahn–Grant ablation (Tab. 4 / 5): classic Hahn–Grant, then one change at a time towards the paper's
 * factorized solver, plus a last row for this workspace's default (the alternating LAP orientation), on synthetic
 * inner-product problems (docs/method.md, Pitfalls P16): for each seed, source and target are n × 1024 i.i.d. N(0, 1)
 * rows, L2-normalised; kernels are Euclidean distances; metric "inner-product" (A = −D_src, B = D_tgt, c = 0, no
 * standardisation). Only cost and bound matter (no ground truth).
 * @module
 */
import * as aq from "arquero";
import { matrixFrom } from "../core/matrix.ts";
import { Rng } from "../core/rng.ts";
import { normalizeRows } from "../embeddings/embedding_set.ts";
import { PAPER_BASE_SEED, paperSeeds } from "../embeddings/seeds.ts";
import { euclideanKernel } from "../kernels/euclidean.ts";
import { qapFromKernels } from "../kernels/metrics.ts";
import type { QapProblem } from "../qap/problem.ts";
import { solveQap } from "../qap/registry.ts";
import { budgetedOptions, limitNote, type SolverBudget, splitTimings } from "./budgets.ts";
import { plotAblation } from "../plots/solver_plots.ts";
import { meanStd, type StudyRow, type StudySection } from "./study.ts";

/** The cumulative ablation rows of Tab. 4/5, in order, with the solver call each stands for. */
export const ABLATION_VARIANTS = Object.freeze(
  [
    // Its n⁴ tensor is 748 MiB at n = 100, over hg's default budget; the paper ran it there, so the row allows 4 GiB.
    { id: "hahn-grant", label: "Hahn–Grant", method: "hg", options: { memoryBudgetBytes: 4 * 2 ** 30 } },
    {
      id: "factorized",
      label: "+ factorized",
      method: "fhg",
      options: { lap: "hungarian", alternateOrientation: false, updateWithLapSolutions: false, primalHeuristic: false },
    },
    {
      id: "auction",
      label: "+ auction",
      method: "fhg",
      options: { lap: "auction", alternateOrientation: false, updateWithLapSolutions: false, primalHeuristic: false },
    },
    {
      id: "jonker-volgenant",
      label: "+ Jonker–Volgenant",
      method: "fhg",
      options: { lap: "jv", alternateOrientation: false, updateWithLapSolutions: false, primalHeuristic: false },
    },
    {
      id: "lap-solutions",
      label: "+ LAP solutions",
      method: "fhg",
      options: { lap: "jv", alternateOrientation: false, updateWithLapSolutions: true, primalHeuristic: false },
    },
    // With the heuristic this row is the paper's solver as published (Alg. 2, fixed LAP orientation).
    {
      id: "primal-heuristic",
      label: "+ primal heuristic (= the paper's FHG)",
      method: "fhg",
      options: { alternateOrientation: false },
    },
    // Not in the paper: this workspace's default, the checkerboard of transposed LAPs (FhgOptions.alternateOrientation).
    { id: "alternating-orientation", label: "+ alternating LAP orientation (ours)", method: "fhg", options: {} },
    // Not in the paper: branch and bound on the same problem, to say which instances' optima are certified (and so
    // whether the rows above reached them).
    // One thread, like every other row, so each row has one core for its time limit (and shards can share a machine).
    {
      id: "branch-and-bound",
      label: "branch and bound (bnb, certifies the optimum)",
      method: "bnb",
      options: { threads: 1 },
    },
  ] as const,
);

/** The result columns of a row that did not run (an error, or a limit the solver cannot keep). */
const NOT_RUN = Object.freeze({
  cost: null,
  bound: null,
  optimal: false,
  status: "not run",
  iterations: 0,
  seconds: 0,
  lapCalls: null,
});

/** Seconds per solver run for a size with neither an entry in `timeLimits` nor in `budgets`. */
const DEFAULT_TIME_LIMIT = 60;

/** Settings of the ablation. */
export interface AblationConfig {
  /** Problem sizes. */
  sizes: number[];
  /** Number of seeds (the paper's seed list `get_seeds(42, m)`). */
  seedCount: number;
  /** Seeds per size where it differs from `seedCount` (key = n; the first m of the same seed list). */
  seedCounts?: Record<number, number>;
  /** Embedding dimension of the synthetic vectors. */
  dim: number;
  /** Time limit per solver run in seconds, per size (key = n); the `full` preset's protocol, as the paper's. */
  timeLimits: Record<number, number>;
  /**
   * Work budget per solver run, per size (key = n): iterations (fhg, hg; bnb's root), nodes (bnb). A size with a
   * budget and no time limit runs without the clock, so its rows are the same on any machine (the quick preset).
   */
  budgets?: Record<number, SolverBudget>;
  /** Variant ids to run (default all). */
  variants: string[];
}

/** One job: one size × seed × variant. */
export interface AblationJob {
  n: number;
  seed: number;
  variant: string;
}

/** The synthetic inner-product problem of one seed (rows ~ N(0, 1), normalised; distances; metric inner-product). */
export function syntheticAblationProblem(n: number, dim: number, seed: number): QapProblem {
  const rng = new Rng(seed);
  const draw = () =>
    normalizeRows(matrixFrom(Float64Array.from({ length: n * dim }, () => Math.fround(rng.normal())), n, dim, false));
  const source = draw(), target = draw();
  return qapFromKernels(euclideanKernel(source), euclideanKernel(target), "inner-product", { study: "D.3", n, seed });
}

const quick: AblationConfig = {
  sizes: [12, 20],
  seedCount: 2,
  seedCounts: {},
  dim: 1024,
  timeLimits: {},
  // measured (seed 734796314): at n = 12 every row stalls before 200 iterations; at n = 20 the rows stall after
  // 157–228 iterations (auction: 0.2 s per iteration), so 100 iterations bound the quick run's time
  budgets: { 12: { iterations: 300, nodes: 20000 }, 20: { iterations: 100, nodes: 5000 } },
  variants: ABLATION_VARIANTS.map((v) => v.id),
};
/** The paper's time limits (s) per size; `full` scales them to fit a 2-core machine (a notebook can set these). */
export const PAPER_ABLATION_TIME_LIMITS: Readonly<Record<number, number>> = Object.freeze({ 40: 3600, 100: 7200 });
const full: AblationConfig = {
  sizes: [40, 100],
  seedCount: 5,
  // n = 100: every row but classic Hahn–Grant runs 490–600 s (measured: ≈ 75 min of one core a seed), so 2 seeds, not 5
  seedCounts: { 100: 2 },
  dim: 1024,
  timeLimits: { 40: 300, 100: 600 },
  variants: ABLATION_VARIANTS.map((v) => v.id),
};

/** Seeds run at size n. */
function seedCountAt(config: AblationConfig, n: number): number {
  return config.seedCounts?.[n] ?? config.seedCount;
}

/** "k of m": runs whose cost is the certified optimum of their (n, seed), of the m runs with one; null when none. */
function reachedOptimum(runs: StudyRow[], certified: Map<string, number>): string | null {
  let known = 0, reached = 0;
  for (const r of runs) {
    const optimum = certified.get(`${r.n}|${r.seed}`);
    if (optimum === undefined || typeof r.cost !== "number") continue;
    known++;
    if (Math.abs(r.cost - optimum) <= 1e-9 * Math.max(1, Math.abs(optimum))) reached++;
  }
  return known === 0 ? null : `${reached} of ${known}`;
}

/** The ablation section. */
export const ablationSection: StudySection<AblationConfig, AblationJob> = {
  id: "D.3",
  title: "Hahn–Grant ablation: from classic Hahn–Grant to the factorized solver",
  paper: "Tab. 4, Tab. 5",
  presets: { quick, full },
  notebook: {
    storeKey: null,
    // the first size only, one seed, 20 iterations per variant
    smoke: (q) => {
      const n = q.sizes[0];
      return { ...q, sizes: [n], seedCount: 1, timeLimits: {}, budgets: { [n]: { iterations: 20, nodes: 200 } } };
    },
    settings: ["sizes", "seedCount", "seedCounts", "timeLimits", "budgets", "variants"],
  },
  jobs(config) {
    const jobs: AblationJob[] = [];
    for (const n of config.sizes) {
      const seeds = paperSeeds(PAPER_BASE_SEED, seedCountAt(config, n));
      for (const seed of seeds) for (const variant of config.variants) jobs.push({ n, seed, variant });
    }
    return jobs;
  },
  runJob(job, config) {
    const variant = ABLATION_VARIANTS.find((v) => v.id === job.variant);
    if (!variant) throw new RangeError(`ablation: unknown variant '${job.variant}'`);
    const problem = syntheticAblationProblem(job.n, config.dim, job.seed);
    const budget = config.budgets?.[job.n];
    const timeLimit = config.timeLimits[job.n] ?? (budget === undefined ? DEFAULT_TIME_LIMIT : undefined);
    const base: StudyRow = {
      n: job.n,
      seed: job.seed,
      variant: variant.id,
      label: variant.label,
      timeLimit: timeLimit ?? null,
      budget: budget ? JSON.stringify(budget) : null,
    };
    try {
      const result = solveQap(problem, {
        method: variant.method,
        ...variant.options,
        ...budgetedOptions(variant.method, budget, timeLimit),
      });
      const n2 = job.n * job.n;
      return [{
        ...base,
        cost: result.cost / n2,
        bound: result.bound === null ? null : result.bound / n2,
        optimal: result.optimal,
        status: result.status,
        iterations: result.iterations,
        seconds: result.seconds,
        lapCalls: typeof result.info.lapCalls === "number" ? result.info.lapCalls : null,
        error: null,
      }];
    } catch (error) {
      // e.g. a solver over its memory budget: reported, not hidden.
      return [{ ...base, ...NOT_RUN, status: "error", error: (error as Error).message }];
    }
  },
  summarize(rows, config) {
    const split = splitTimings(rows, ["n", "seed", "variant"]);
    const table = aq.from(split.rows);
    const summaryRows: StudyRow[] = [];
    // Optima certified by the branch-and-bound row, per (n, seed): a run "reached the optimum" when its cost is it.
    const certified = new Map<string, number>();
    for (const r of rows) {
      if (r.variant === "branch-and-bound" && r.optimal === true) certified.set(`${r.n}|${r.seed}`, Number(r.cost));
    }
    for (const n of config.sizes) {
      for (const variant of ABLATION_VARIANTS.filter((v) => config.variants.includes(v.id))) {
        const mine = rows.filter((r) => r.n === n && r.variant === variant.id);
        const costs = mine.map((r) => r.cost).filter((x): x is number => typeof x === "number");
        const bounds = mine.map((r) => r.bound).filter((x): x is number => typeof x === "number");
        const iterations = mine.map((r) => Number(r.iterations));
        const cost = costs.length ? meanStd(costs).mean : null, bound = bounds.length ? meanStd(bounds).mean : null;
        summaryRows.push({
          n,
          row: variant.label,
          runs: mine.length,
          // six decimals: the rows differ in the 4th–6th decimal of cost / n² on these small problems
          "cost / n²": cost === null ? null : cost.toFixed(6),
          "bound / n²": bound === null ? null : bound.toFixed(6),
          "gap / n²": cost === null || bound === null ? null : (cost - bound).toExponential(2),
          iterations: iterations.length ? Math.round(meanStd(iterations).mean) : null,
          proven: mine.filter((r) => r.optimal === true).length,
          "at the certified optimum": reachedOptimum(mine, certified),
          errors: [...new Set(mine.map((r) => r.error).filter(Boolean))].join("; ") || null,
        });
      }
    }
    return {
      section: "D.3",
      title: this.title,
      tables: { runs: table, summary: aq.from(summaryRows) },
      timings: aq.from(split.timings),
      figures: {
        // issue 21 item 10 (helper G): the rows differ by ~1e-4 in cost / n², shown relative to the lowest cost
        rows: {
          figure: plotAblation(
            rows.map((r) => ({
              n: Number(r.n),
              row: ABLATION_VARIANTS.find((v) => v.id === r.variant)?.label ?? String(r.variant),
              cost: typeof r.cost === "number" ? r.cost : null,
              bound: typeof r.bound === "number" ? r.bound : null,
            })),
            { title: "Hahn–Grant ablation: cost and bound of each row" },
          ),
          paper: "Tab. 4, 5",
          caption:
            "Mean cost (solid) and lower bound (dashed) of each ablation row minus the lowest mean cost of any row at the same n",
          units: "cost / n² and bound / n² (synthetic kernels), as differences; 0 = the lowest cost found at that n",
          notes: ["Mean over seeds; the rows of the table 'summary' give the values themselves."],
        },
      },
      meta: {
        models: [],
        datasets: [
          `synthetic N(0,1), ${config.dim}-d, L2-normalised rows; ${
            config.sizes.map((n) => `n = ${n}: ${seedCountAt(config, n)} seeds`).join(", ")
          }`,
        ],
        preset: "",
        notes: [
          "Cost and bound are divided by n², as in the paper's tables; mean over seeds.",
          'The last row (not in the paper) runs branch and bound (one thread) under the same limits (its budget counts nodes): where it proves the optimum, "at the certified optimum" says how many runs of each row reached it.',
          "Synthetic vectors come from this workspace's seeded generator (float32-rounded normals), not torch.randn, so values differ from the paper's; the ranking of the rows is what compares.",
          `${limitNote(config.budgets ?? {}, config.timeLimits)} The paper's time limits: ${
            Object.entries(PAPER_ABLATION_TIME_LIMITS).map(([n, t]) => `n = ${n}: ${t} s`).join(", ")
          }; one core per run. Under a time limit faster code does more iterations (docs/method.md Pitfalls P15); iterations are reported.`,
          "Row \"+ primal heuristic (= the paper's FHG)\" is the paper's solver (Alg. 2: fixed LAP orientation, JV, LAP solutions and the FAQ + 2-opt heuristic); the row below it adds this workspace's alternating LAP orientation (fhg's default here).",
        ],
        paper: "Tab. 4 (n = 40), Tab. 5 (n = 100)",
      },
    };
  },
};
