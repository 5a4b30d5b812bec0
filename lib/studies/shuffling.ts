/**
 * Sec. 3 — shuffling degrades alignment (Fig. 2, 7, 8, 9; docs/method.md, "The study"): class vectors over all images
 * (no subsampling), unstandardised kernels; for 21 shuffling levels f and each seed, a random m = ⌊f·n⌋-subset of the
 * language items is shuffled and the alignment score Σ_ij l(K_V[perm_i, perm_j], K_L[i, j]) recorded. GW runs on every
 * data set, mutual k-NN (k = 10) and CKA on paired data (coco-mini). The paper's claim: the mean score rises strictly
 * monotonically with the amount of shuffling (the ground-truth pairing is optimal). Fig. 9 (empirical Lipschitz ratios
 * of a random network) is drawn when pixel-value vectors and a randomly initialised network's features are stored.
 * @module
 */
import * as aq from "arquero";
import { normalizeRows } from "../embeddings/embedding_set.ts";
import { CONTROL_FAMILIES, PIXEL_VALUES_FAMILY, RANDOM_NETWORK_FAMILY } from "../embed/vision_models.ts";
import { PAPER_BASE_SEED, paperSeeds, torchRandperm } from "../embeddings/seeds.ts";
import { DEFAULT_STORE_ROOT } from "../embeddings/store.ts";
import { alignmentScore, buildKernel, parseMetricId } from "../kernels/metrics.ts";
import { histogramCounts, plotHistogram } from "../plots/histogram.ts";
import { aggregateMeanSd, type LineSeries, type Observation, plotLineBand } from "../plots/lines.ts";
import {
  checkConfigKeys,
  checkCounts,
  distinctFallbackColors,
  firstVisionModel,
  missingDataNotes,
  modelFamily,
  modelStyleId,
  pickModel,
  PREFERRED_LANGUAGE_MODELS,
  resolveModels,
} from "./_section_helpers.ts";
import { loadStored, runClassVectors } from "./run_data.ts";
import { groupRows, meanStd, type StudyOutput, type StudyRow, type StudySection } from "./study.ts";

/** Settings of the shuffling study. */
export interface ShufflingConfig {
  /** Data set ids; GW runs on each. */
  datasets: string[];
  /** Data sets with paired items (each image its own class) where every metric runs; others get GW only. */
  pairedDatasets: string[];
  /** Vision model ids, or null for every vision model stored for the data set, controls included. */
  visionModels: string[] | null;
  /** Language model, or null: "all-mpnet-base-v2" / "use-lite" / "glove-100d" / the first stored. */
  languageModel: string | null;
  /**
   * More language models per data set, run next to `languageModel` with the same vision models (GW and, on paired
   * data, every metric), e.g. the precomputed CLIP text vectors: { cifar10: ["clip-vit-b32-text"] }. Models not in
   * the store are skipped (and named in the notes).
   */
  extraLanguageModels: Record<string, string[]>;
  /** Metric ids: "gw", "cka", "mknn-K" (paper: gw, mknn-10, cka). */
  metrics: string[];
  /** Number of shuffling levels, linspace(0, 1) in float32 (paper: 21). */
  levels: number;
  /** Number of permutation seeds (`get_seeds(42, m)`; paper: 100). */
  seedCount: number;
  /** Draw Fig. 9 (on the paired data sets) when a random network's and pixel-value vectors are stored. */
  lipschitz: boolean;
  /** Fig. 9 uses at most this many images (the first ones; all pairs among them). */
  lipschitzMaxImages: number;
  /** Embedding store root. */
  storeRoot: string;
}

/** One job: alignment curves of one data set × vision model × metric, or the Lipschitz histogram of a random network. */
export type ShufflingJob =
  | { kind: "scores"; dataset: string; vision: string; language: string; metric: string }
  | { kind: "lipschitz"; dataset: string; vision: string; pixels: string };

const quick: ShufflingConfig = Object.freeze({
  datasets: ["coco-mini", "imagenet100", "cifar100", "cifar10", "tiny-imagenet"],
  pairedDatasets: ["coco-mini"],
  visionModels: null,
  languageModel: null,
  // CLIP text vectors (one per class, precomputed): ViT-B/32 for CIFAR-10, ViT-L/14 for the ImageNet class lists
  extraLanguageModels: { cifar10: ["clip-vit-b32-text"], imagenet100: ["clip-vit-l14-text"] },
  metrics: ["gw", "mknn-10", "cka"],
  levels: 21,
  seedCount: 20,
  lipschitz: true,
  lipschitzMaxImages: 1000,
  storeRoot: DEFAULT_STORE_ROOT,
}) as ShufflingConfig;

const full: ShufflingConfig = Object.freeze({ ...quick, seedCount: 100 }) as ShufflingConfig;

/** Shuffling levels of the smoke preset (a few points per curve). */
const SMOKE_LEVELS = 6;

/** Defaults (= the quick preset), frozen. */
export const SHUFFLING_DEFAULTS: Readonly<ShufflingConfig> = quick;

/** Fig. 9 binning: 50 bins on [0, 2] (ratios ≥ 2 dropped, as in the paper). */
export const LIPSCHITZ_BINS = Object.freeze({ bins: 50, range: [0, 2] as [number, number] });

/**
 * The shuffling levels of torch.linspace(0, 1, count) in float32 (first half start + i·step, second half
 * end − (count−1−i)·step), each as a float32 value.
 */
export function shufflingLevels(count: number): number[] {
  if (!Number.isInteger(count) || count < 2) {
    throw new RangeError(`shufflingLevels: count must be an integer ≥ 2, got ${count}`);
  }
  const step = Math.fround(1 / (count - 1));
  const half = Math.floor(count / 2);
  return Array.from(
    { length: count },
    (_, i) => i < half ? Math.fround(step * i) : Math.fround(1 - Math.fround(step * (count - 1 - i))),
  );
}

/** Number of shuffled items at level f for n items: ⌊f·n⌋ with the product in float32 (a torch tensor times an int). */
export function shuffledCount(level: number, n: number): number {
  return Math.floor(Math.fround(Math.fround(level) * n));
}

/**
 * The shuffling permutation of the original: S = the first m entries of torch.randperm(n) seeded with `seed`; the
 * sorted positions of S receive the elements of S in that random order, every other item stays. m = 0 or 1 gives the
 * identity.
 */
export function shufflePermutation(n: number, m: number, seed: number): Int32Array {
  if (!Number.isInteger(m) || m < 0 || m > n) {
    throw new RangeError(`shufflePermutation: m must be an integer in [0, ${n}], got ${m}`);
  }
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  if (m < 2) return perm;
  const chosen = torchRandperm(n, seed).slice(0, m);
  const positions = Int32Array.from(chosen).sort();
  for (let t = 0; t < m; t++) perm[positions[t]] = chosen[t];
  return perm;
}

function check(config: ShufflingConfig): void {
  const fn = "shufflingSection";
  checkConfigKeys(config, quick, fn);
  for (const m of config.metrics) parseMetricId(m);
  shufflingLevels(config.levels);
  checkCounts(config, ["seedCount"], fn);
  if (!Number.isInteger(config.lipschitzMaxImages) || config.lipschitzMaxImages < 2) {
    throw new RangeError(`${fn}: lipschitzMaxImages must be an integer ≥ 2, got ${config.lipschitzMaxImages}`);
  }
}

function languageFor(config: ShufflingConfig, dataset: string): string | null {
  if (config.languageModel) return config.languageModel;
  return pickModel(PREFERRED_LANGUAGE_MODELS, resolveModels(null, dataset, "language", config.storeRoot));
}

/** The language models of `dataset`: the main one, then the stored extra ones (each once). */
function languagesFor(config: ShufflingConfig, dataset: string): string[] {
  const main = languageFor(config, dataset);
  const stored = resolveModels(null, dataset, "language", config.storeRoot);
  const extra = (config.extraLanguageModels[dataset] ?? []).filter((l) => stored.includes(l));
  return [...new Set([...(main ? [main] : []), ...extra])];
}

/** Configured extra language models that are not in the store (for the notes). */
function missingExtras(config: ShufflingConfig): string[] {
  return config.datasets.flatMap((dataset) => {
    const stored = resolveModels(null, dataset, "language", config.storeRoot);
    return (config.extraLanguageModels[dataset] ?? []).filter((l) => !stored.includes(l)).map((l) => `${dataset}/${l}`);
  });
}

/** Similarity plotted for a raw score: −score for the inner-product metrics (CKA, k-NN); GW is min–max normalised later. */
function plotted(metric: string, score: number): number {
  return metric === "gw" ? score : -score;
}

/** The shuffling section (id "3"). */
export const shufflingSection: StudySection<ShufflingConfig, ShufflingJob> = {
  id: "3",
  title: "Shuffling degrades vision–language alignment",
  paper: "Fig. 2, 7, 8, 9",
  presets: { quick, full },
  notebook: {
    storeKey: "storeRoot",
    // the paired data set (all metrics) and one other (GW only), 6 levels × 2 seeds; one real model plus the first
    // pixel-value and random-network controls, so that every figure kind (Fig. 2, 7, 8, 9) is drawn
    smoke: (q, root) => {
      const paired = q.pairedDatasets[0] ?? q.datasets[0];
      const other = q.datasets.filter((d) => d !== paired && resolveModels(null, d, "vision", root).length > 0);
      const stored = resolveModels(null, paired, "vision", root, true);
      const controls = [PIXEL_VALUES_FAMILY, RANDOM_NETWORK_FAMILY].flatMap((family) =>
        stored.filter((m) => modelFamily(m) === family).slice(0, 1)
      );
      return {
        ...q,
        datasets: [paired, ...other.slice(0, 1)],
        visionModels: [...firstVisionModel(q.visionModels, paired, root), ...controls],
        levels: SMOKE_LEVELS,
        seedCount: 2,
      };
    },
    settings: ["datasets", "visionModels", "languageModel", "metrics", "levels", "seedCount"],
  },
  jobs(config) {
    check(config);
    const jobs: ShufflingJob[] = [];
    for (const dataset of config.datasets) {
      const languages = languagesFor(config, dataset);
      if (languages.length === 0) continue;
      const visions = resolveModels(config.visionModels, dataset, "vision", config.storeRoot, true);
      const metrics = config.pairedDatasets.includes(dataset)
        ? config.metrics
        : config.metrics.filter((m) => m === "gw");
      for (const language of languages) {
        for (const metric of metrics) {
          for (const vision of visions) jobs.push({ kind: "scores", dataset, vision, language, metric });
        }
      }
      if (config.lipschitz && config.pairedDatasets.includes(dataset)) {
        const pixels = visions.find((v) => modelFamily(v) === PIXEL_VALUES_FAMILY);
        if (pixels) {
          for (const vision of visions.filter((v) => modelFamily(v) === RANDOM_NETWORK_FAMILY)) {
            jobs.push({ kind: "lipschitz", dataset, vision, pixels });
          }
        }
      }
    }
    return jobs;
  },
  runJob(job, config) {
    if (job.kind === "lipschitz") return lipschitzRows(job, config);
    const { dataset, vision, language, metric: metricId } = job;
    const { metric, k } = parseMetricId(metricId);
    const vectors = runClassVectors(dataset, vision, language, 0, { root: config.storeRoot, half: false });
    const options = k === undefined ? {} : { k };
    const kv = buildKernel(vectors.vision, metric, options), kl = buildKernel(vectors.language, metric, options);
    const n = kv.rows;
    const seeds = paperSeeds(PAPER_BASE_SEED, config.seedCount);
    const rows: StudyRow[] = [];
    const family = modelFamily(vision);
    const identity = alignmentScore(kv, kl, metric);
    for (const level of shufflingLevels(config.levels)) {
      const m = shuffledCount(level, n);
      for (const seed of seeds) {
        const score = m < 2 ? identity : alignmentScore(kv, kl, metric, shufflePermutation(n, m, seed));
        rows.push({ kind: "score", dataset, vision, family, language, metric: metricId, n, level, m, seed, score });
      }
    }
    return rows;
  },
  summarize(rows, config) {
    return summarizeShuffling(rows, config);
  },
};

/** Fig. 9 rows: histogram counts of ‖f(x)−f(y)‖/‖x−y‖ over all image pairs (normalised pixel and feature vectors). */
function lipschitzRows(job: Extract<ShufflingJob, { kind: "lipschitz" }>, config: ShufflingConfig): StudyRow[] {
  const features = loadStored(job.dataset, job.vision, config.storeRoot).set.vectors;
  const pixels = loadStored(job.dataset, job.pixels, config.storeRoot).set.vectors;
  if (features.rows !== pixels.rows) {
    throw new RangeError(`shufflingSection: ${job.vision} has ${features.rows} rows, ${job.pixels} has ${pixels.rows}`);
  }
  const f = normalizeRows(features), x = normalizeRows(pixels);
  const n = Math.min(f.rows, config.lipschitzMaxImages);
  const ratios = new Float64Array((n * (n - 1)) / 2);
  let t = 0;
  const dist = (m: typeof f, i: number, j: number) => {
    let s = 0;
    for (let c = 0; c < m.cols; c++) {
      const d = m.data[i * m.cols + c] - m.data[j * m.cols + c];
      s += d * d;
    }
    return Math.sqrt(s);
  };
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) ratios[t++] = dist(f, i, j) / dist(x, i, j);
  // non-finite (identical images) and ratios ≥ 2 are dropped, as in the paper
  const finite = ratios.filter((r) => Number.isFinite(r) && r < LIPSCHITZ_BINS.range[1]);
  const h = histogramCounts(finite, { ...LIPSCHITZ_BINS, density: false });
  return h.heights.map((count, bin) => ({
    kind: "lipschitz",
    dataset: job.dataset,
    vision: job.vision,
    pixels: job.pixels,
    bin,
    lo: h.edges[bin],
    hi: h.edges[bin + 1],
    count,
    dropped: bin === 0 ? ratios.length - finite.length : 0,
  }));
}

/**
 * Per (dataset, language, metric, vision): level means of the raw score and whether they rise strictly with distinct
 * m.
 */
function monotonicity(scores: StudyRow[]): StudyRow[] {
  const out: StudyRow[] = [];
  for (const list of groupRows(scores, ["dataset", "language", "metric", "vision"])) {
    const byM = new Map<number, number[]>();
    for (const r of list) {
      const m = Number(r.m) < 2 ? 0 : Number(r.m); // m = 0 and m = 1 both leave the pairing unchanged
      const values = byM.get(m);
      if (values) values.push(Number(r.score));
      else byM.set(m, [Number(r.score)]);
    }
    const ms = [...byM.keys()].sort((a, b) => a - b);
    const means = ms.map((m) => meanStd(byM.get(m)!).mean);
    const violationsAt: number[] = [];
    for (let i = 1; i < means.length; i++) if (!(means[i] > means[i - 1])) violationsAt.push(ms[i]);
    const r0 = list[0];
    out.push({
      dataset: r0.dataset,
      language: r0.language,
      metric: r0.metric,
      vision: r0.vision,
      family: r0.family,
      n: r0.n,
      distinctLevels: ms.length,
      identityScore: means[0],
      fullyShuffledScore: means[means.length - 1],
      violations: violationsAt.length,
      violationsAt: violationsAt.join(" "),
      strictlyMonotone: violationsAt.length === 0,
    });
  }
  return out;
}

/** Fixed notes of the section: how scores, levels and controls are read. */
const SHUFFLING_NOTES: readonly string[] = [
  "Scores are Σ_ij l(K_V[perm][:, perm], K_L) on unstandardised kernels of class vectors over all images; m = ⌊f·n⌋ with float32 f and a float32 product (our reading of the original's tensor arithmetic).",
  "Monotonicity is checked on the mean raw score over the levels with distinct m (levels with m ≤ 1 are the identity, so small n repeats values); `violationsAt` lists the m whose mean did not rise over the previous level. Near full shuffling the expected score is flat, so a few seeds can break strictness there.",
  "For n = 100 every f·n is within float32 rounding of an integer, so m can differ by one from the original at some levels (torch's linspace rounding is version-dependent).",
  "GW curves are min–max normalised per vision model (the paper normalises per model class; controls pool their 20 model seeds, here one model each).",
  "Vision models are those stored here (small MobileNets; controls when extracted), not the paper's CLIP/DeiT/DINOv2. Language: USE-lite / GloVe, and the paper's own CLIP text encoders as precomputed class vectors — CLIP ViT-B/32 text on CIFAR-10, CLIP ViT-L/14 text (80 prompt templates averaged) on ImageNet-100 and Tiny-ImageNet (202 ImageNet classes, 50 validation images each).",
  "The CLIP text vectors are one vector per class (no prompt variants), so on CIFAR-10, ImageNet-100 and Tiny-ImageNet shuffling permutes class vectors, as for every class-level data set here (class means over all images against one language vector per class); the pair-level shuffling of image–caption pairs (Fig. 2) stays on coco-mini.",
  "Controls: 'pixels-…' = downsampled pixel values, 'gaussian-…' = i.i.d. N(0, 1) vectors (the paper's Random; expected flat, so strict monotonicity is not expected), 'random-…' = a randomly initialised network (the paper's Random ViT, here one seed of a random MobileNet). Fig. 8 = the mutual k-NN panel with the controls.",
];

/** Fraction of n from which on a monotonicity violation counts as "at the end" (the expected score is flat there). */
const FLAT_TAIL_FRACTION = 0.9;

/**
 * The plotted value of a score row: GW min–max normalised per (dataset, vision model) over all its levels and seeds;
 * the other metrics as similarity = −score.
 */
function plottedValue(scores: StudyRow[]): (r: StudyRow) => number {
  const range = new Map<string, [number, number]>();
  for (const r of scores) {
    if (r.metric !== "gw") continue;
    const key = `${r.dataset}\u0000${r.language}\u0000${r.vision}`;
    const s = Number(r.score), cur = range.get(key);
    range.set(key, cur ? [Math.min(cur[0], s), Math.max(cur[1], s)] : [s, s]);
  }
  return (r) => {
    if (r.metric !== "gw") return plotted(String(r.metric), Number(r.score));
    const [lo, hi] = range.get(`${r.dataset}\u0000${r.language}\u0000${r.vision}`)!;
    return hi > lo ? (Number(r.score) - lo) / (hi - lo) : 0;
  };
}

/** Mean and std of the raw and the plotted score per (dataset, language, metric, vision, level). */
function levelSummary(scores: StudyRow[], y: (r: StudyRow) => number): StudyRow[] {
  return groupRows(scores, ["dataset", "language", "metric", "vision", "level"]).map((list) => {
    const r0 = list[0];
    const raw = meanStd(list.map((r) => Number(r.score))), shown = meanStd(list.map(y));
    return {
      dataset: r0.dataset,
      language: r0.language,
      metric: r0.metric,
      vision: r0.vision,
      level: r0.level,
      m: r0.m,
      seeds: list.length,
      scoreMean: raw.mean,
      scoreStd: raw.std,
      plottedMean: shown.mean,
      plottedStd: shown.std,
    };
  });
}

/** Fig. 2 / 7 (non-control models) and Fig. 8 (mutual k-NN with the controls) per data set and metric. */
function curveFigures(
  scores: StudyRow[],
  y: (r: StudyRow) => number,
  datasets: string[],
  config: ShufflingConfig,
): StudyOutput["figures"] {
  const figures: StudyOutput["figures"] = {};
  const metrics = [...new Set(scores.map((r) => String(r.metric)))];
  const yTitle = (metric: string) =>
    metric === "gw"
      ? "Distance (GW, min–max normalised)"
      : `Similarity (${metric === "cka" ? "CKA" : `Mutual k-NN, k = ${parseMetricId(metric).k}`})`;
  const curve = (selected: StudyRow[]): LineSeries[] => {
    const obs: Observation[] = selected.map((r) => ({ group: String(r.vision), x: Number(r.level), y: y(r) }));
    return aggregateMeanSd(obs).map((s) => ({ ...s, id: modelStyleId(s.id), label: s.id, markers: false }));
  };
  for (const dataset of datasets) {
    const main = languageFor(config, dataset);
    const languages = [...new Set(scores.filter((r) => r.dataset === dataset).map((r) => String(r.language)))];
    for (const language of languages) {
      // the main language model keeps the figure names of the paper's layout; others get the model id appended
      const suffix = language === main ? "" : `_${language}`;
      for (const metric of metrics) {
        const selected = scores.filter((r) => r.dataset === dataset && r.language === language && r.metric === metric);
        if (selected.length === 0) continue;
        const real = selected.filter((r) => !CONTROL_FAMILIES.has(String(r.family)));
        const shown = real.length ? real : selected;
        figures[`${dataset === "coco-mini" ? "fig2" : "fig7"}_${metric}_${dataset}${suffix}`] = {
          figure: distinctFallbackColors(plotLineBand(curve(shown), {
            title: `${dataset} × ${language}: alignment vs shuffling (${metric})`,
            xTitle: "Amount of shuffling",
            yTitle: yTitle(metric),
          })),
          paper: dataset === "coco-mini" ? "Fig. 2" : "Fig. 7",
          caption:
            `Alignment of ${dataset} vision class means with ${language} (${metric}, unstandardised kernels, all images) against the fraction of shuffled language items; band = ± sd over ${config.seedCount} seeds.`,
          units: metric === "gw"
            ? "GW distance, min–max normalised per vision model (0 = best, 1 = worst observed)"
            : "similarity = −(summed loss)",
        };
        if (parseMetricId(metric).metric === "mknn" && real.length && real.length < selected.length) {
          figures[`fig8_${metric}_${dataset}${suffix}`] = {
            figure: distinctFallbackColors(plotLineBand(curve(selected), {
              title: `${dataset} × ${language}: alignment vs shuffling incl. controls (${metric})`,
              xTitle: "Amount of shuffling",
              yTitle: yTitle(metric),
            })),
            paper: "Fig. 8",
            caption:
              `As Fig. 2 with the controls (pixel values, random network, Gaussian noise); ± sd over ${config.seedCount} seeds.`,
          };
        }
      }
    }
  }
  return figures;
}

/** Fig. 9: the histogram of Lipschitz ratios per (dataset, random network), rebuilt from the binned rows. */
function lipschitzFigures(lipschitz: StudyRow[], config: ShufflingConfig): StudyOutput["figures"] {
  const figures: StudyOutput["figures"] = {};
  for (const key of [...new Set(lipschitz.map((r) => `${r.dataset}\u0000${r.vision}`))]) {
    const [dataset, vision] = key.split("\u0000");
    const mine = lipschitz.filter((r) => r.dataset === dataset && r.vision === vision);
    const bins = new Float64Array(LIPSCHITZ_BINS.bins);
    for (const r of mine) bins[Number(r.bin)] += Number(r.count);
    const width = (LIPSCHITZ_BINS.range[1] - LIPSCHITZ_BINS.range[0]) / LIPSCHITZ_BINS.bins;
    const values: number[] = [];
    bins.forEach((c, b) => {
      for (let i = 0; i < c; i++) values.push(LIPSCHITZ_BINS.range[0] + (b + 0.5) * width);
    });
    figures[`fig9_${vision}_${dataset}`] = {
      figure: plotHistogram(values, {
        title: `Empirical Lipschitz ratios of ${vision}`,
        xTitle: "‖f(x) − f(y)‖ / ‖x − y‖",
        ...LIPSCHITZ_BINS,
      }),
      paper: "Fig. 9",
      caption:
        `Density of the ratio of feature to pixel distances over all image pairs of ${dataset} (at most ${config.lipschitzMaxImages} images; normalised vectors; ratios ≥ 2 dropped; pixels from '${
          mine[0].pixels
        }').`,
    };
  }
  return figures;
}

/** The note that sets the monotonicity table against the paper's claim (none without non-control curves). */
function monotonicityNote(mono: StudyRow[]): string[] {
  const realCurves = mono.filter((r) => !CONTROL_FAMILIES.has(String(r.family)));
  if (!realCurves.length) return [];
  const strict = realCurves.filter((r) => r.strictlyMonotone).length;
  const atEnd = realCurves.filter((r) =>
    !r.strictlyMonotone &&
    String(r.violationsAt).split(" ").every((m) => Number(m) >= FLAT_TAIL_FRACTION * Number(r.n))
  ).length;
  const byLanguage = [...new Set(realCurves.map((r) => String(r.language)))].map((language) => {
    const mine = realCurves.filter((r) => r.language === language);
    return `${language} ${mine.filter((r) => r.strictlyMonotone).length} of ${mine.length}`;
  });
  return [
    `Paper: the mean alignment decreases strictly monotonically with shuffling for every measure, data set and model. Here ${strict} of ${realCurves.length} (data set, language model, metric, vision model) curves of non-control models are strictly monotone (per language model: ${
      byLanguage.join("; ")
    }); ${atEnd} more break it only at ≥ 90 % shuffling, where the expected score is flat.`,
  ];
}

function summarizeShuffling(rows: StudyRow[], config: ShufflingConfig): StudyOutput {
  const scores = rows.filter((r) => r.kind === "score");
  const lipschitz = rows.filter((r) => r.kind === "lipschitz");
  const y = plottedValue(scores);
  const datasets = [...new Set(scores.map((r) => String(r.dataset)))];
  const figures: StudyOutput["figures"] = {
    ...curveFigures(scores, y, datasets, config),
    ...lipschitzFigures(lipschitz, config),
  };
  const notes = [...SHUFFLING_NOTES];
  if (!lipschitz.length) {
    notes.push(
      "Fig. 9 not drawn: it needs pixel-value vectors (a 'pixels…' model) and a randomly initialised network's features ('random-…') for the same images in the store.",
    );
  }
  const mono = monotonicity(scores);
  notes.push(...monotonicityNote(mono));
  notes.push(...missingDataNotes(scores.length, datasets, config.datasets, config.storeRoot));
  const missing = missingExtras(config);
  if (missing.length) notes.push(`Extra language models not in the store (skipped): ${missing.join(", ")}.`);
  const models = [
    ...new Set(scores.map((r) => `vision: ${r.vision}`)),
    ...new Set(scores.map((r) => `language: ${r.language}`)),
  ];
  return {
    section: "3",
    title: shufflingSection.title,
    tables: { levels: aq.from(levelSummary(scores, y)), monotonicity: aq.from(mono) },
    figures,
    meta: {
      models,
      datasets: datasets.map((d) =>
        `${d} (n = ${
          scores.find((r) => r.dataset === d)?.n
        } classes; ${config.levels} levels × ${config.seedCount} seeds)`
      ),
      preset: "",
      notes,
      paper: shufflingSection.paper,
    },
  };
}
