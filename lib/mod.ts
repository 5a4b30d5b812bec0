/**
 * Blind Match workspace: the public API. Re-exports only; each module documents itself.
 * @module
 */

// Core: matrices, permutations, seeded random numbers, errors
export * from "./core/errors.ts";
export * from "./core/matrix.ts";
export * from "./core/rng.ts";
export * from "./core/permutation.ts";
export * from "./core/sum.ts";

// Files: QAPLIB, NumPy .npy, atomic writes
export * from "./io/qaplib.ts";
export * from "./io/npy.ts";
export * from "./io/atomic.ts";

// The QAP and its solvers
export * from "./qap/problem.ts";
export * from "./qap/objective.ts";
export * from "./qap/result.ts";
export * from "./qap/registry.ts";
export * from "./qap/bounds/gilmore_lawler.ts";
export * from "./qap/solvers/brute_force.ts";
export * from "./qap/solvers/random.ts";
export * from "./qap/solvers/faq.ts";
export * from "./qap/solvers/two_opt.ts";
export * from "./qap/solvers/entropic_gw.ts";
export * from "./qap/solvers/factorized_hahn_grant.ts";
export * from "./qap/solvers/hahn_grant.ts";

// Linear assignment
export * from "./lap/types.ts";
export * from "./lap/shortest_path.ts";
export * from "./lap/hungarian.ts";
export * from "./lap/auction.ts";
export * from "./lap/algorithms.ts";

// Embeddings, kernels, matching pipeline
export * from "./embeddings/embedding_set.ts";
export * from "./embeddings/seeds.ts";
export * from "./embeddings/store.ts";
export * from "./kernels/losses.ts";
export * from "./kernels/euclidean.ts";
export * from "./kernels/cka.ts";
export * from "./kernels/mutual_knn.ts";
export * from "./kernels/standardize.ts";
export * from "./kernels/metrics.ts";
export * from "./subsets/subset_problem.ts";
export * from "./subsets/exact.ts";
export * from "./subsets/local_search.ts";
export * from "./subsets/select.ts";
export * from "./cluster/kmeans.ts";
export * from "./pipeline/evaluation.ts";
export * from "./pipeline/blind_match.ts";
export * from "./pipeline/classify.ts";
export * from "./pipeline/embedding_match.ts";

// Data sets and extraction
export * from "./datasets/prompts.ts";
export * from "./datasets/strings_imagenet100.ts";
export * from "./datasets/strings_coco.ts";
export * from "./datasets/shipped.ts";
export * from "./datasets/image_dataset.ts";
export * from "./datasets/image_folder.ts";
export * from "./datasets/cifar_binary.ts";
export * from "./datasets/coco_images.ts";
export * from "./embed/session.ts";
export * from "./embed/image.ts";
export * from "./embed/extract.ts";
export * from "./embed/vision_models.ts";
export * from "./embed/text_types.ts";
export * from "./embed/text_sentencepiece.ts";
export * from "./embed/text_use.ts";
export * from "./embed/text_glove.ts";
export * from "./embed/text_onnx.ts";
export * from "./embed/text_embed.ts";
export * from "./convert/onnx_builder.ts";
export * from "./convert/tfjs_layers.ts";
export * from "./convert/tfjs_to_onnx.ts";
export * from "./convert/random_weights.ts";

// Figures, tables, notebooks
export * from "./plots/style.ts";
export * from "./plots/lines.ts";
export * from "./plots/points.ts";
export * from "./plots/heatmap.ts";
export * from "./plots/histogram.ts";
export * from "./plots/solver_plots.ts";
export * from "./plots/html.ts";
export * from "./plots/export.ts";
export * from "./report/tables.ts";
export * from "./report/gallery.ts";
export * from "./report/write_report.ts";
export * from "./notebook/display.ts";
export * from "./notebook/runner.ts";
export * from "./notebook/study_display.ts";
export * from "./tour/toy_problem.ts";
export * from "./tour/bound_check.ts";

// The study
export * from "./studies/study.ts";
export * from "./studies/run_data.ts";
export * from "./studies/sections.ts";
export * from "./studies/write_output.ts";
export * from "./studies/notebook_run.ts";
export * from "./studies/solver_comparison.ts";
export * from "./studies/large_scale.ts";
export * from "./studies/ablation.ts";
export * from "./studies/shuffling.ts";
export * from "./studies/small_scale.ts";
export * from "./studies/unsupervised.ts";
