/**
 * Vision "models" the workspace knows by id: ONNX encoders (shipped or user files) and the controls of the shuffling
 * study (raw pixel values, seeded Gaussian features). A user ONNX file is described with {@link onnxVisionModel}.
 * @module
 */
import { checkInteger, checkType } from "../core/errors.ts";
import type { PreprocessOptions } from "./image.ts";

/** An ONNX image encoder: file, preprocessing and output name (null: the pooled one). */
export interface OnnxVisionModel {
  readonly kind: "onnx";
  /** Model id (lowercase kebab-case; the store's file name). */
  readonly id: string;
  /** Path of the `.onnx` file, relative to the repository root or absolute. */
  readonly file: string;
  /** Image preprocessing the model expects. */
  readonly preprocess: PreprocessOptions;
  /** Output to use; null: `embedding` / `pooler_output` / `image_embeds` or the first. */
  readonly outputName: string | null;
  /** One-line description. */
  readonly description: string;
}

/** Control: the image resized to `size × size`, normalised, flattened (`3·size²` dims, channel-last order). */
export interface PixelVisionModel {
  readonly kind: "pixels";
  readonly id: string;
  /** Side length after resizing. */
  readonly size: number;
  readonly preprocess: PreprocessOptions;
  readonly description: string;
}

/** Control: an i.i.d. N(0, 1) vector per image from `new Rng(seed)` (row i gets the i-th block of draws). */
export interface GaussianVisionModel {
  readonly kind: "gaussian";
  readonly id: string;
  /** Feature dimension. */
  readonly dim: number;
  /** RNG seed. */
  readonly seed: number;
  readonly description: string;
}

/** Any vision model. */
export type VisionModel = OnnxVisionModel | PixelVisionModel | GaussianVisionModel;

const MOBILENET_PREPROCESS: PreprocessOptions = Object.freeze({
  size: 224,
  interpolation: "bilinear",
  normalization: "minus-one-one",
  layout: "nchw",
});

/** The built-in vision models by id. */
export const VISION_MODELS: Readonly<Record<string, VisionModel>> = Object.freeze({
  "mobilenet-v1-0.75": {
    kind: "onnx",
    id: "mobilenet-v1-0.75",
    file: "data/models/mobilenet-v1-0.75.onnx",
    preprocess: MOBILENET_PREPROCESS,
    outputName: null,
    description: "MobileNet v1 width 0.75 (ImageNet), 768-d global-average-pool output",
  },
  "mobilenet-v2-0.35": {
    kind: "onnx",
    id: "mobilenet-v2-0.35",
    file: "data/models/mobilenet-v2-0.35.onnx",
    preprocess: MOBILENET_PREPROCESS,
    outputName: null,
    description: "MobileNetV2 width 0.35 trunk (ImageNet), 1280-d global-average-pool output",
  },
  "random-mobilenet-v1-0.75": {
    kind: "onnx",
    id: "random-mobilenet-v1-0.75",
    file: "data/models/random-mobilenet-v1-0.75.onnx",
    preprocess: MOBILENET_PREPROCESS,
    outputName: null,
    description: "control: MobileNet v1 0.75 with seeded random He-normal weights (seed 7), 768-d",
  },
  "nsfw-mobilenet-v2": {
    kind: "onnx",
    id: "nsfw-mobilenet-v2",
    file: "data/models/nsfw-mobilenet-v2.onnx",
    preprocess: { size: 224, interpolation: "bilinear", normalization: "zero-one", layout: "nchw" },
    outputName: null,
    description:
      "weak: nsfwjs@4.4.0 MobileNetV2 (ImageNet-initialised, fine-tuned for NSFW), 1280-d (make with lib/convert/convert_nsfwjs.ts)",
  },
  "nsfw-inception-v3": {
    kind: "onnx",
    id: "nsfw-inception-v3",
    file: "data/models/nsfw-inception-v3.onnx",
    preprocess: { size: 299, interpolation: "bilinear", normalization: "zero-one", layout: "nchw" },
    outputName: null,
    description:
      "weak: nsfwjs@4.4.0 InceptionV3 (ImageNet-initialised, fine-tuned for NSFW), 2048-d (make with lib/convert/convert_nsfwjs.ts)",
  },
  "pixels-8": {
    kind: "pixels",
    id: "pixels-8",
    size: 8,
    preprocess: { size: 8, interpolation: "bilinear", normalization: "imagenet", layout: "nhwc" },
    description: "control: pixel values, image resized to 8×8 (antialiased bilinear), ImageNet-normalised, 192-d",
  },
  "pixels-32": {
    kind: "pixels",
    id: "pixels-32",
    size: 32,
    preprocess: { size: 32, interpolation: "bilinear", normalization: "imagenet", layout: "nhwc" },
    description: "control: pixel values at 32×32 (CIFAR's native size), ImageNet-normalised, 3072-d",
  },
  "gaussian-128": {
    kind: "gaussian",
    id: "gaussian-128",
    dim: 128,
    seed: 0,
    description: "control: i.i.d. N(0,1) 128-d per image (seed 0)",
  },
  "gaussian-1280": {
    kind: "gaussian",
    id: "gaussian-1280",
    dim: 1280,
    seed: 0,
    description: "control: i.i.d. N(0,1) 1280-d per image (seed 0), as in the paper",
  },
});

/** Family of the pixel-value controls. */
export const PIXEL_VALUES_FAMILY = "pixel-values";
/** Family of the i.i.d. Gaussian controls. */
export const GAUSSIAN_FAMILY = "random";
/** Family of randomly initialised networks (the paper's "random ViT" control). */
export const RANDOM_NETWORK_FAMILY = "random-vit";
/** Families of the control "models" of the shuffling study (no learnt image representation). */
export const CONTROL_FAMILIES: ReadonlySet<string> = new Set([
  PIXEL_VALUES_FAMILY,
  GAUSSIAN_FAMILY,
  RANDOM_NETWORK_FAMILY,
]);

/** What the studies know about a vision model besides how to run it. */
export interface VisionModelFacts {
  /** Family: the plots' hue and the groups of Fig. 11's fits, e.g. "mobilenet", or a control family. */
  readonly family: string;
  /** Parameters of the layers that compute the embedding (backbone without classifier); null when unknown/none. */
  readonly parameters: number | null;
}

/**
 * Family and parameter count per model id: every built-in model, plus the paper's models under the ids an ONNX
 * export of them would likely carry (their embeddings can be stored from user files). Kept beside
 * {@link VISION_MODELS} rather than inside the model objects because the embedding cache hashes those objects.
 * Parameter counts: Keras `include_top=False` (MobileNet α = 0.75: 1,832,976; MobileNetV2 α = 0.35: 410,208;
 * MobileNetV2 α = 1.0, the nsfwjs model: 2,257,984; InceptionV3: 21,802,784), the DINOv2 and DeiT READMEs and the
 * CLIP ViT-L/14 image tower, rounded to 3 significant digits.
 */
export const VISION_MODEL_FACTS: Readonly<Record<string, VisionModelFacts>> = Object.freeze({
  "mobilenet-v1-0.75": { family: "mobilenet", parameters: 1.83e6 },
  "mobilenet-v2-0.35": { family: "mobilenet", parameters: 0.41e6 },
  "random-mobilenet-v1-0.75": { family: RANDOM_NETWORK_FAMILY, parameters: 1.83e6 },
  "nsfw-mobilenet-v2": { family: "nsfw", parameters: 2.26e6 },
  "nsfw-inception-v3": { family: "nsfw", parameters: 21.8e6 },
  "pixels-8": { family: PIXEL_VALUES_FAMILY, parameters: null },
  "pixels-32": { family: PIXEL_VALUES_FAMILY, parameters: null },
  "gaussian-128": { family: GAUSSIAN_FAMILY, parameters: null },
  "gaussian-1280": { family: GAUSSIAN_FAMILY, parameters: null },
  "dinov2-vit-s14": { family: "dinov2", parameters: 21e6 },
  "dinov2-vit-b14": { family: "dinov2", parameters: 86e6 },
  "dinov2-vit-l14": { family: "dinov2", parameters: 300e6 },
  "dinov2-vit-g14": { family: "dinov2", parameters: 1.1e9 },
  "deit-tiny-patch16-224": { family: "deit", parameters: 5.7e6 },
  "deit-small-patch16-224": { family: "deit", parameters: 22e6 },
  "deit-base-patch16-224": { family: "deit", parameters: 86e6 },
  "clip-vit-l14-336": { family: "clip", parameters: 304e6 },
});

/**
 * Family of a vision model id: from {@link VISION_MODEL_FACTS}; a Gaussian control made by
 * {@link gaussianVisionModel} is {@link GAUSSIAN_FAMILY}; any other id (a user model) is its own first dash-separated
 * part ("convnext-base" → "convnext"), which names the paper's families too.
 */
export function visionModelFamily(id: string): string {
  const known = VISION_MODEL_FACTS[id];
  if (known) return known.family;
  if (/^gaussian-\d+(?:-s\d+)?$/.test(id)) return GAUSSIAN_FAMILY;
  return id.toLowerCase().split("-")[0];
}

/** Parameter count of a vision model id from {@link VISION_MODEL_FACTS}, or null when unknown. */
export function visionModelParameters(id: string): number | null {
  return VISION_MODEL_FACTS[id]?.parameters ?? null;
}

/** Ids of the built-in vision models. */
export const VISION_MODEL_IDS: readonly string[] = Object.freeze(Object.keys(VISION_MODELS));

/** Describes a user ONNX image encoder (e.g. a timm / Hugging Face / CLIP export). */
export function onnxVisionModel(
  id: string,
  file: string,
  preprocess: PreprocessOptions = {},
  outputName: string | null = null,
): OnnxVisionModel {
  checkType(
    /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/.test(id),
    "onnxVisionModel",
    `id must be lowercase kebab-case, got '${id}'`,
  );
  checkType(typeof file === "string" && file.length > 0, "onnxVisionModel", "file must be a path");
  return { kind: "onnx", id, file, preprocess, outputName, description: `user ONNX model ${file}` };
}

/** A Gaussian control of `dim` dims with `seed`. */
export function gaussianVisionModel(dim: number, seed = 0): GaussianVisionModel {
  checkInteger(dim, "gaussianVisionModel", "dim", 1, 1 << 20);
  checkInteger(seed, "gaussianVisionModel", "seed", 0);
  return {
    kind: "gaussian",
    id: `gaussian-${dim}${seed === 0 ? "" : `-s${seed}`}`,
    dim,
    seed,
    description: `control: i.i.d. N(0,1) ${dim}-d per image (seed ${seed})`,
  };
}
