/**
 * Sec. 5.3 — solver comparison on n = 10 (Tab. 1 / 7): every solver on the same blind-matching problems, scored by
 * matching accuracy, the GW reference cost / n² and "Global?" (did it reach the brute-force optimum).
 * Also the shared per-problem solver runner used by the larger comparison (Fig. 6).
 * @module
 */
import * as aq from "arquero";
import { type Matrix, transpose } from "../core/matrix.ts";
import { matchingAccuracy } from "../core/permutation.ts";
import { PAPER_BASE_SEED, paperSeeds } from "../embeddings/seeds.ts";
import { qapFromKernels, referenceCost } from "../kernels/metrics.ts";
import { isGlobalOptimum } from "../pipeline/evaluation.ts";
import { plotPointErrors } from "../plots/points.ts";
import type { PlotlyFigure } from "../plots/style.ts";
import { getSolver, solveQap, type SolveQapOptions } from "../qap/registry.ts";
import type { SolveResult } from "../qap/result.ts";
import { runClassVectors, standardizedKernels, storedModels } from "./run_data.ts";
import { firstVisionModel, formatMeanStd, oneLanguageModel } from "./_section_helpers.ts";
import { groupRows, meanStd, type StudyRow, type StudySection } from "./study.ts";

/** Solvers of the comparison: registry id + how the problem is posed (docs/method.md, "Other solvers"). */
export const COMPARISON_SOLVERS = Object.freeze(
  [
    { id: "random", label: "Random", method: "random", metric: "gw", transposeA: false },
    { id: "local-cka", label: "LocalCKA", method: "faq", metric: "cka", transposeA: true },
    { id: "ot", label: "OT", method: "entropic-gw", metric: "gw", transposeA: false },
    { id: "faq", label: "FAQ", method: "faq", metric: "gw", transposeA: false },
    { id: "mpopt", label: "MPOpt", method: "mpopt", metric: "gw", transposeA: false },
    { id: "milp", label: "MILP (HiGHS)", method: "milp", metric: "gw", transposeA: false },
    { id: "fhg", label: "Ours", method: "fhg", metric: "gw", transposeA: false },
    { id: "bnb", label: "Ours + B&B", method: "bnb", metric: "gw", transposeA: false },
    { id: "brute-force", label: "Brute force", method: "brute-force", metric: "gw", transposeA: false },
  ] as const,
);

/** One solver's outcome on one problem. */
export interface ComparisonOutcome {
  solver: string;
  permutation: Int32Array;
  /** GW reference cost / n² on the run's (standardised GW) kernels. */
  cost: number;
  /** The solver's own bound converted to GW / n² where it is a GW bound, else null. */
  bound: number | null;
  optimal: boolean;
  seconds: number;
  status: string;
}

/** Standardised (vision, language) kernels of a metric id, for one problem. */
export type KernelProvider = (metric: string) => { vision: Matrix; language: Matrix };

/**
 * Runs each of `solvers` on one matching problem, posing it as the solver expects (GW for most, transposed CKA for
 * LocalCKA) and scoring every permutation on the standardised GW kernels (we score LocalCKA on GW kernels too, unlike
 * the original's quirk, docs/method.md Pitfalls P10, so that costs compare). `kernels` gives the standardised kernels
 * per metric.
 */
export function runComparisonSolvers(
  kernels: KernelProvider,
  solvers: readonly string[],
  options: { seed: number; timeLimit?: number },
): ComparisonOutcome[] {
  const gw = kernels("gw");
  const n = gw.vision.rows;
  // One QAP per (metric, transposed A); the GW kernels above are reused for it and for scoring.
  const problems = new Map<string, ReturnType<typeof qapFromKernels>>([[
    "gw|false",
    qapFromKernels(gw.vision, gw.language, "gw"),
  ]]);
  const outcomes: ComparisonOutcome[] = [];
  for (const id of solvers) {
    const spec = COMPARISON_SOLVERS.find((s) => s.id === id);
    if (!spec) {
      throw new RangeError(
        `runComparisonSolvers: unknown solver '${id}' (${COMPARISON_SOLVERS.map((s) => s.id).join(", ")})`,
      );
    }
    const key = `${spec.metric}|${spec.transposeA}`;
    let problem = problems.get(key);
    if (!problem) {
      const k = kernels(spec.metric);
      problem = qapFromKernels(spec.transposeA ? transpose(k.vision) : k.vision, k.language, spec.metric);
      problems.set(key, problem);
    }
    if (n > getSolver(spec.method).maxN) continue; // brute force above its n: left out of the table
    const solverOptions: SolveQapOptions = { method: spec.method, seed: options.seed };
    if (options.timeLimit !== undefined && spec.method !== "random" && spec.method !== "brute-force") {
      solverOptions.timeLimit = options.timeLimit;
    }
    const result: SolveResult = solveQap(problem, solverOptions);
    outcomes.push({
      solver: id,
      permutation: result.permutation,
      cost: referenceCost(gw.vision, gw.language, result.permutation),
      bound: spec.metric === "gw" && result.bound !== null ? result.bound / (n * n) : null,
      optimal: result.optimal,
      seconds: result.seconds,
      status: result.status,
    });
  }
  return outcomes;
}

/** Places the solvers' markers side by side within each category instead of on top of each other. */
function dodged(figure: PlotlyFigure): PlotlyFigure {
  return { data: figure.data, layout: { ...figure.layout, scattermode: "group", scattergap: 0.4 } };
}

/** Settings of the small comparison. */
export interface SolverSmallConfig {
  dataset: string;
  /** Vision model ids; empty = every vision model in the store for the data set. */
  visionModels: string[];
  /** Language model ids; empty = every language model in the store. */
  languageModels: string[];
  seedCount: number;
  solvers: string[];
  root?: string;
}

/** One job: one model pair × seed. */
export interface SolverSmallJob {
  dataset: string;
  vision: string;
  language: string;
  seed: number;
}

function models(config: SolverSmallConfig, kind: "vision" | "language"): string[] {
  const given = kind === "vision" ? config.visionModels : config.languageModels;
  return given.length > 0 ? given : storedModels(config.dataset, kind, config.root);
}

const ALL = COMPARISON_SOLVERS.map((s) => s.id);

/** Sec. 5.3 (small). */
export const solverSmallSection: StudySection<SolverSmallConfig, SolverSmallJob> = {
  id: "5.3-small",
  title: "Solver comparison on n = 10 (accuracy, cost, global optimum)",
  paper: "Tab. 1, Tab. 7",
  presets: {
    quick: {
      dataset: "cifar10",
      visionModels: ["mobilenet-v1-0.75", "mobilenet-v2-0.35"],
      languageModels: [],
      seedCount: 5,
      solvers: ALL,
    },
    full: { dataset: "cifar10", visionModels: [], languageModels: [], seedCount: 20, solvers: ALL },
  },
  notebook: {
    storeKey: "root",
    // one model pair, one seed, every solver
    smoke: (q, root) => ({
      ...q,
      visionModels: firstVisionModel(q.visionModels, q.dataset, root),
      languageModels: oneLanguageModel(q.languageModels, q.dataset, root),
      seedCount: 1,
    }),
    settings: ["dataset", "visionModels", "languageModels", "seedCount", "solvers"],
  },
  jobs(config) {
    const jobs: SolverSmallJob[] = [];
    for (const vision of models(config, "vision")) {
      for (const language of models(config, "language")) {
        for (const seed of paperSeeds(PAPER_BASE_SEED, config.seedCount)) {
          jobs.push({ dataset: config.dataset, vision, language, seed });
        }
      }
    }
    return jobs;
  },
  runJob(job, config) {
    const vectors = runClassVectors(job.dataset, job.vision, job.language, job.seed, { root: config.root });
    const outcomes = runComparisonSolvers((metric) => standardizedKernels(vectors, metric), config.solvers, {
      seed: job.seed,
    });
    const truth = outcomes.find((o) => o.solver === "brute-force");
    return outcomes.map((o): StudyRow => ({
      ...job,
      solver: o.solver,
      accuracy: matchingAccuracy(o.permutation),
      cost: o.cost,
      global: truth ? isGlobalOptimum(o.cost, o.permutation, truth.cost, truth.permutation) : null,
      seconds: o.seconds,
    }));
  },
  summarize(rows, config) {
    const groups = groupRows(rows, ["dataset", "vision", "language", "solver"]);
    const summary: StudyRow[] = [];
    for (const list of groups) {
      const r0 = list[0];
      const label = COMPARISON_SOLVERS.find((s) => s.id === r0.solver)?.label ?? String(r0.solver);
      const globals = list.map((r) => r.global).filter((g) => g !== null);
      summary.push({
        dataset: r0.dataset,
        vision: r0.vision,
        language: r0.language,
        solver: label,
        seeds: list.length,
        "matching accuracy (%)": formatMeanStd(list.map((r) => Number(r.accuracy)), { scale: 100 }),
        "cost (GW/n²)": formatMeanStd(list.map((r) => Number(r.cost))),
        "global? (%)": globals.length ? formatMeanStd(globals.map((g) => (g ? 1 : 0)), { scale: 100 }) : null,
        "mean seconds": meanStd(list.map((r) => Number(r.seconds))).mean,
      });
    }
    const points = groups.map((list) => {
      const s = meanStd(list.map((r) => Number(r.accuracy)));
      return {
        category: `${list[0].vision} · ${list[0].language}`,
        group: String(list[0].solver),
        mean: s.mean,
        sd: s.std,
      };
    });
    const visions = [...new Set(rows.map((r) => String(r.vision)))],
      languages = [...new Set(rows.map((r) => String(r.language)))];
    return {
      section: "5.3-small",
      title: this.title,
      tables: { summary: aq.from(summary), runs: aq.from(rows) },
      figures: {
        accuracy: {
          figure: dodged(plotPointErrors(points, {
            title: `Matching accuracy by solver (${config.dataset}, n = 10, mean ± sd over seeds)`,
            yTitle: "Matching accuracy",
            yRange: [0, 1],
            referenceValue: 0.1,
          })),
          paper: "Tab. 1 / Tab. 7 (accuracy columns)",
          caption: `Matching accuracy of each solver on ${config.dataset} (n = 10), per vision · language model pair`,
        },
      },
      meta: {
        models: [`vision: ${visions.join(", ")}`, `language: ${languages.join(", ")}`],
        datasets: [`${config.dataset} (random half of the images per seed)`],
        preset: "",
        notes: [
          "Solvers: Random, LocalCKA (FAQ on transposed CKA kernels), OT (entropic GW, ε = 0.1), FAQ, MPOpt (TypeScript port of libmpopt: graph-matching dual decomposition + greedy primal), Ours (factorized Hahn–Grant), brute force (ground truth). Gurobi has no TypeScript counterpart here and is left out.",
          "Cost is the GW reference cost / n² on the standardised GW kernels for every solver (the original scores LocalCKA on CKA kernels, docs/method.md Pitfalls P10).",
          "The paper's vision/language models (CLIP, DeiT, DINOv2; all-mpnet-base-v2, All-Roberta-large-v1) are not available offline; the shipped MobileNets and sentence encoders stand in. Absolute accuracies are therefore not comparable; the solver ranking is.",
        ],
        paper: "Tab. 1, Tab. 7",
      },
    };
  },
};
