/**
 * Blind Match workspace: the public entry, in tiers: (1) solve a QAP and check its certificate, (2) match embeddings
 * blindly, (3) data, models and extraction, (4) figures, notebooks and the tour. Named re-exports only, one statement
 * per module. Advanced parts have their own entries: `lib/qap/mod.ts` (every solver's options schema and defaults,
 * the Hahn–Grant engine and dual state, certificates, bounds, node bounds), `lib/lap/mod.ts` (every LAP algorithm
 * and its registry); internals (workspaces, `…Into` kernels, argument checks, option merging, the study's plumbing)
 * stay in their modules.
 * @example
 * import { loadQaplibDat, solveQap } from "./lib/mod.ts";
 * const result = solveQap(loadQaplibDat("tests/fixtures/qaplib/nug12.dat"), { method: "bnb" });
 * @module
 */

// ── Tier 1: the QAP, one dispatch path to its solvers, bounds and certificates ───────────────────────────────────
export { fromRows, type Matrix, matrixFrom, toRows } from "./core/matrix.ts";
export { isPermutation, matchingAccuracy } from "./core/permutation.ts";
export { Rng } from "./core/rng.ts";
export { DataNotFoundError } from "./core/errors.ts";
export { loadQaplibDat, loadQaplibSln, type QaplibSolution } from "./io/qaplib.ts";
export { loadNpy, type NpyArray, saveNpy } from "./io/npy.ts";
export { createQapProblem, type QapProblem, type QapProblemOptions } from "./qap/problem.ts";
export { qapCost } from "./qap/objective.ts";
export type { ProgressEvent, SolveResult, SolverOptions, SolveStatus } from "./qap/result.ts";
export { getSolver, solveQap, type SolveQapOptions, SOLVER_IDS, SOLVERS, type SolverSpec } from "./qap/registry.ts";
export { gilmoreLawlerBound } from "./qap/bounds/gilmore_lawler.ts";
export { eigenvalueBound, projectedEigenvalueBound } from "./qap/bounds/eigenvalue.ts";
export { type Certificate, certificateGap, isCertifiedOptimal } from "./qap/certificate.ts";
export { type FhgOptions, solveFactorizedHahnGrant } from "./qap/solvers/factorized_hahn_grant.ts";
export { type BnbOptions, solveBranchAndBound } from "./qap/solvers/branch_and_bound.ts";
export { type HahnGrantOptions, solveHahnGrant } from "./qap/solvers/hahn_grant.ts";
export { solveBruteForce } from "./qap/solvers/brute_force.ts";
export { solveFaq } from "./qap/solvers/faq.ts";
export { solveTwoOpt } from "./qap/solvers/two_opt.ts";
export { solveEntropicGw } from "./qap/solvers/entropic_gw.ts";
export { solveRandom } from "./qap/solvers/random.ts";
export { solveMpopt } from "./qap/solvers/mpopt.ts";
export { solveMilp } from "./qap/solvers/milp.ts";
export type { LapResult } from "./lap/types.ts";
export { type LapOptions, solveLap } from "./lap/shortest_path.ts";

// ── Tier 2: embeddings, kernels, blind matching, classification, subsets ─────────────────────────────────────────
export { classVectors, createEmbeddingSet, type EmbeddingSet, normalizeRows } from "./embeddings/embedding_set.ts";
export { paperSeeds } from "./embeddings/seeds.ts";
export { readEmbeddings, type StoredEmbeddings, writeEmbeddings } from "./embeddings/store.ts";
export {
  buildKernel,
  getMetric,
  type Metric,
  METRIC_IDS,
  type MetricId,
  parseMetricId,
  qapFromKernels,
} from "./kernels/metrics.ts";
export { blindMatch, type BlindMatchOptions, type BlindMatchResult } from "./pipeline/blind_match.ts";
export { matchEmbeddingSets } from "./pipeline/embedding_match.ts";
export { type ClassifyResult, classifyUnsupervised } from "./pipeline/classify.ts";
export { optimalSubsets, selectSubsets } from "./subsets/select.ts";
export { highsSubsets } from "./subsets/highs.ts";
export { kmeans } from "./cluster/kmeans.ts";

// ── Tier 3: data sets, prompts, models and extraction ────────────────────────────────────────────────────────────
export { languageStrings } from "./datasets/prompts.ts";
export { loadShippedDataset, SHIPPED_DATASET_IDS } from "./datasets/shipped.ts";
export type { ImageDataset } from "./datasets/image_dataset.ts";
export { loadImageFolder } from "./datasets/image_folder.ts";
export { onnxVisionModel, VISION_MODEL_IDS, type VisionModel } from "./embed/vision_models.ts";
export { embedImages } from "./embed/extract.ts";
export { embedTexts, openTextEmbedder, TEXT_MODEL_IDS } from "./embed/text_embed.ts";

// ── Tier 4: figures, tables, notebooks, the study and the tour ───────────────────────────────────────────────────
export type { PlotlyFigure } from "./plots/style.ts";
export { plotLineBand } from "./plots/lines.ts";
export { plotHeatmaps } from "./plots/heatmap.ts";
export { plotHistogram } from "./plots/histogram.ts";
export { plotConvergence, plotCostBound } from "./plots/solver_plots.ts";
export { figureHtml } from "./plots/html.ts";
export { writeTable } from "./report/tables.ts";
export { displayFigure, displayTable, liveProgress, tableView } from "./notebook/display.ts";
export { runNotebookSection, showFigures, showNotes, showSummary, showTable } from "./notebook/study_display.ts";
export { notebookPreset, notebookSettings } from "./studies/notebook_run.ts";
export { alignKernel, buildToyProblem, costLandscape, matchingRows } from "./tour/toy_problem.ts";
export { checkBoundIdentity } from "./tour/bound_check.ts";
export { animateAlignment, animateBound, transpositionPath } from "./tour/animation.ts";
export { alignedKernelsFigure, certificateRows, matchedPairRows, matchNpyFiles } from "./tour/own_embeddings.ts";
