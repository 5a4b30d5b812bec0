/**
 * Blind Match workspace: the public API, what a notebook or a user script needs, grouped by topic. Named re-exports
 * only, one statement per module, so adding a name is one line; internals (workspaces, `…Into` kernels of the
 * solvers, repository paths, `_`-prefixed modules, the study's data plumbing) stay in their modules, which tests and
 * tools import directly.
 * @module
 */

// ── Core: matrices, permutations, seeded random numbers, argument errors ─────────────────────────────────────────
export { checkFinite, checkInteger, checkKnownKeys, checkRange, checkType, DataNotFoundError } from "./core/errors.ts";
export {
  copyMatrix,
  fromRows,
  isSymmetric,
  matMul,
  type Matrix,
  matrixFrom,
  selectRows,
  symmetrize,
  toRows,
  transpose,
  zeros,
} from "./core/matrix.ts";
export {
  composePermutations,
  identityPermutation,
  invertPermutation,
  isPermutation,
  matchingAccuracy,
  permutationsEqual,
} from "./core/permutation.ts";
export { Rng } from "./core/rng.ts";
export { definedOptions, withDefaults } from "./core/options.ts";

// ── Files: QAPLIB, NumPy .npy ────────────────────────────────────────────────────────────────────────────────────
export { fromQaplibDat, fromQaplibSln, loadQaplibDat, loadQaplibSln, type QaplibSolution } from "./io/qaplib.ts";
export { fromNpy, loadNpy, type NpyArray, type NpyDtype, saveNpy, toNpy } from "./io/npy.ts";

// ── The QAP, one dispatch path to its solvers, bounds ────────────────────────────────────────────────────────────
export { createQapProblem, type QapProblem, type QapProblemOptions } from "./qap/problem.ts";
export { qapCost } from "./qap/objective.ts";
export type { ProgressEvent, SolveResult, SolverOptions, SolveStatus } from "./qap/result.ts";
export {
  asymmetricSolverIds,
  getSolver,
  solveQap,
  type SolveQapOptions,
  SOLVER_IDS,
  solverRefusal,
  SOLVERS,
  type SolverSpec,
} from "./qap/registry.ts";
export { gilmoreLawlerBound } from "./qap/bounds/gilmore_lawler.ts";
export { eigenvalueBound, projectedEigenvalueBound } from "./qap/bounds/eigenvalue.ts";
export {
  type Certificate,
  certificateGap,
  certificateTolerance,
  certifiedBound,
  isCertifiedOptimal,
} from "./qap/certificate.ts";
export { BNB_DEFAULTS, bnbMemoryBytes, type BnbOptions, solveBranchAndBound } from "./qap/solvers/branch_and_bound.ts";
export { HahnGrantDualState } from "./qap/solvers/fhg/dual_state.ts";
export { FHG_DEFAULTS, type FhgOptions, solveFactorizedHahnGrant } from "./qap/solvers/factorized_hahn_grant.ts";
export { HAHN_GRANT_DEFAULTS, type HahnGrantOptions, solveHahnGrant } from "./qap/solvers/hahn_grant.ts";
export { BRUTE_FORCE_DEFAULTS, type BruteForceOptions, solveBruteForce } from "./qap/solvers/brute_force.ts";
export { FAQ_DEFAULTS, type FaqOptions, solveFaq } from "./qap/solvers/faq.ts";
export { solveTwoOpt, TWO_OPT_DEFAULTS, type TwoOptOptions } from "./qap/solvers/two_opt.ts";
export { ENTROPIC_GW_DEFAULTS, type EntropicGwOptions, solveEntropicGw } from "./qap/solvers/entropic_gw.ts";
export { RANDOM_DEFAULTS, type RandomOptions, solveRandom } from "./qap/solvers/random.ts";
export { MPOPT_DEFAULTS, mpoptMemoryBytes, type MpoptOptions, solveMpopt } from "./qap/solvers/mpopt.ts";
export {
  MILP_DEFAULTS,
  type MilpLinearization,
  milpMemoryBytes,
  type MilpOptions,
  solveMilp,
} from "./qap/solvers/milp.ts";

// ── Linear assignment ────────────────────────────────────────────────────────────────────────────────────────────
export type { LapResult } from "./lap/types.ts";
export { LAP_DEFAULTS, type LapOptions, solveLap } from "./lap/shortest_path.ts";

// ── Embeddings and the paper's seeds ─────────────────────────────────────────────────────────────────────────────
export { classVectors, createEmbeddingSet, type EmbeddingSet, normalizeRows } from "./embeddings/embedding_set.ts";
export { PAPER_BASE_SEED, paperSeeds, randomHalf, torchRandperm } from "./embeddings/seeds.ts";
export {
  DEFAULT_STORE_ROOT,
  type EmbeddingManifest,
  readEmbeddings,
  readEmbeddingsFile,
  type StoredEmbeddings,
  writeEmbeddings,
} from "./embeddings/store.ts";

// ── Kernels, metrics and the QAP of two kernels ──────────────────────────────────────────────────────────────────
export { INNER_PRODUCT_LOSS, type Loss, SQUARE_LOSS } from "./kernels/losses.ts";
export { euclideanKernel } from "./kernels/euclidean.ts";
export { ckaKernel } from "./kernels/cka.ts";
export { mutualKnnKernel } from "./kernels/mutual_knn.ts";
export { standardizeKernel } from "./kernels/standardize.ts";
export {
  alignmentScore,
  buildKernel,
  formatMetricId,
  getMetric,
  type Metric,
  METRIC_IDS,
  type MetricId,
  parseMetricId,
  qapFromKernels,
  referenceCost,
} from "./kernels/metrics.ts";

// ── Blind matching, unsupervised classification, subsets, k-means ────────────────────────────────────────────────
export {
  BLIND_MATCH_DEFAULTS,
  blindMatch,
  type BlindMatchOptions,
  type BlindMatchResult,
  blindMatchSubset,
  matchKernels,
  restrictKernel,
  subsetKernelPair,
} from "./pipeline/blind_match.ts";
export { embeddingClassVectors, type EmbeddingMatchOptions, matchEmbeddingSets } from "./pipeline/embedding_match.ts";
export {
  type ClassifyOptions,
  type ClassifyResult,
  classifyUnsupervised,
  classKernel,
  clusterMatchScores,
  clusterRows,
  matchClusters,
} from "./pipeline/classify.ts";
export { classificationAccuracy, isGlobalOptimum, oracleAssignment, randomBaseline } from "./pipeline/evaluation.ts";
export { optimalSubsets, selectSubsets, type SelectSubsetsOptions } from "./subsets/select.ts";
export { type HighsSubset, highsSubsets, type HighsSubsetsOptions } from "./subsets/highs.ts";
export { kmeans, type KmeansOptions, type KmeansResult } from "./cluster/kmeans.ts";

// ── Data sets, prompts, models and extraction ────────────────────────────────────────────────────────────────────
export {
  CIFAR100_CLASSES,
  CIFAR10_CLASSES,
  CIFAR_TEMPLATES,
  CINIC_TEMPLATES,
  fillTemplates,
  languageStrings,
} from "./datasets/prompts.ts";
export { IMAGENET100_DEFINITIONS, IMAGENET100_SHORT_NAMES, IMAGENET100_WNIDS } from "./datasets/strings_imagenet100.ts";
export { loadCocoCaptions } from "./datasets/strings_coco.ts";
export { loadShippedDataset, SHIPPED_DATASET_IDS } from "./datasets/shipped.ts";
export type { ImageDataset, ImageItem } from "./datasets/image_dataset.ts";
export { loadImageFolder } from "./datasets/image_folder.ts";
export { loadCifarBinary } from "./datasets/cifar_binary.ts";
export { loadCocoImages } from "./datasets/coco_images.ts";
export { decodeImage, ImageDecodeError, type RgbImage } from "./datasets/image_codec.ts";
export { preprocessImage, type PreprocessOptions } from "./embed/image.ts";
export {
  gaussianVisionModel,
  onnxVisionModel,
  VISION_MODEL_FACTS,
  VISION_MODEL_IDS,
  VISION_MODELS,
  type VisionModel,
  visionModelFamily,
  visionModelParameters,
} from "./embed/vision_models.ts";
export { embedImages, type EmbedImagesOptions, type EmbedImagesResult } from "./embed/extract.ts";
export type { TextEmbedder } from "./embed/text_types.ts";
export { embedLanguageDataset, embedTexts, openTextEmbedder, TEXT_MODEL_IDS } from "./embed/text_embed.ts";
export { convertTfjsLayersToOnnx, type TfjsToOnnxOptions } from "./convert/tfjs_to_onnx.ts";
export { readTfjsLayersModel } from "./convert/tfjs_layers.ts";

// ── Figures, tables, notebook display ────────────────────────────────────────────────────────────────────────────
export type { PlotlyFigure } from "./plots/style.ts";
export { aggregateMeanSd, plotLineBand } from "./plots/lines.ts";
export { plotPointErrors, plotScatterFit } from "./plots/points.ts";
export { plotHeatmap, plotHeatmaps } from "./plots/heatmap.ts";
export { plotHistogram } from "./plots/histogram.ts";
export { plotConvergence, plotCostBound } from "./plots/solver_plots.ts";
export { figureHtml } from "./plots/html.ts";
export { FigureExporter, hasChromium } from "./plots/export.ts";
export { tableToCsv, tableToHtml, tableToMarkdown, writeTable } from "./report/tables.ts";
export { writeReport } from "./report/write_report.ts";
export { displayFigure, displayTable, liveProgress, tableView } from "./notebook/display.ts";
export { runNotebookSection, showFigures, showNotes, showSummary, showTable } from "./notebook/study_display.ts";
export { alignKernel, buildToyProblem, costLandscape, matchingRows } from "./tour/toy_problem.ts";
export { checkBoundIdentity } from "./tour/bound_check.ts";
export { animateAlignment, animateBound, transpositionPath } from "./tour/animation.ts";
export { alignedKernelsFigure, certificateRows, matchedPairRows, matchNpyFiles } from "./tour/own_embeddings.ts";

// ── The study: sections, runners, notebook presets and settings ──────────────────────────────────────────────────
export { runSection, runSectionJobs, type StudyOutput, type StudyRow, type StudySection } from "./studies/study.ts";
export { getSection, STUDY_SECTIONS } from "./studies/sections.ts";
export {
  cachedStudyRuns,
  clearStudyCache,
  NOTEBOOK_PRESETS,
  NOTEBOOK_SECTION_IDS,
  notebookJobCount,
  type NotebookPreset,
  notebookPreset,
  notebookSectionConfig,
  notebookSettings,
  runStudySection,
  type SectionOverrides,
} from "./studies/notebook_run.ts";
export { writeSectionOutput } from "./studies/write_output.ts";
