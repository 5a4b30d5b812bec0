/**
 * Language-side strings of the paper's data sets (docs/method.md, "Class vectors"; verbatim from the original code):
 * prompt templates, class names in dataset label order, and {@link languageStrings} which turns a data set into the
 * "rows with labels" layout of the embedding store (one row per string, labelled with its class index; class vector =
 * mean of the raw rows, then L2).
 *
 * Row order of the filled prompts: class-major, template-minor (row = class · T + template), i.e. all templates of
 * class 0 first. COCO-mini captions live in `strings_coco.ts` (one class per image).
 * @module
 */
import { checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import { IMAGENET100_DEFINITIONS, IMAGENET100_WNIDS } from "./strings_imagenet100.ts";

/** CIFAR-10 / CIFAR-100 prompt templates (Appendix A1, 18; `{}` = class name). */
export const CIFAR_TEMPLATES: readonly string[] = Object.freeze([
  "a photo of a {}.",
  "a blurry photo of a {}.",
  "a black and white photo of a {}.",
  "a low contrast photo of a {}.",
  "a high contrast photo of a {}.",
  "a bad photo of a {}.",
  "a good photo of a {}.",
  "a photo of a small {}.",
  "a photo of a big {}.",
  "a photo of the {}.",
  "a blurry photo of the {}.",
  "a black and white photo of the {}.",
  "a low contrast photo of the {}.",
  "a high contrast photo of the {}.",
  "a bad photo of the {}.",
  "a good photo of the {}.",
  "a photo of the small {}.",
  "a photo of the big {}.",
]);

/** CINIC-10 prompt templates (Appendix A2, the CLIP "ensemble of 7"; also ImageNet-100's unused `prompts_original`). */
export const CINIC_TEMPLATES: readonly string[] = Object.freeze([
  "itap of a {}.",
  "a bad photo of the {}.",
  "a origami {}.",
  "a photo of the large {}.",
  "a {} in a video game.",
  "art of the {}.",
  "a photo of the small {}.",
]);

/** CIFAR-10 class names in label order (CINIC-10's ImageFolder folders sort to the same order). */
export const CIFAR10_CLASSES: readonly string[] = Object.freeze([
  "airplane",
  "automobile",
  "bird",
  "cat",
  "deer",
  "dog",
  "frog",
  "horse",
  "ship",
  "truck",
]);

/** CIFAR-100 fine labels in standard index order, underscores replaced by spaces (as the paper does). */
export const CIFAR100_CLASSES: readonly string[] = Object.freeze(
  ("apple aquarium_fish baby bear beaver bed bee beetle bicycle bottle bowl boy bridge bus butterfly camel can castle " +
    "caterpillar cattle chair chimpanzee clock cloud cockroach couch crab crocodile cup dinosaur dolphin elephant " +
    "flatfish forest fox girl hamster house kangaroo keyboard lamp lawn_mower leopard lion lizard lobster man " +
    "maple_tree motorcycle mountain mouse mushroom oak_tree orange orchid otter palm_tree pear pickup_truck pine_tree " +
    "plain plate poppy porcupine possum rabbit raccoon ray road rocket rose sea seal shark shrew skunk skyscraper " +
    "snail snake spider squirrel streetcar sunflower sweet_pepper table tank telephone television tiger tractor train " +
    "trout tulip turtle wardrobe whale willow_tree wolf woman worm").split(" ").map((name) => name.replace(/_/g, " ")),
);

/** Data sets whose language strings are fixed by the paper (COCO-mini captions come from `strings_coco.ts`). */
export const PROMPT_DATASET_IDS = Object.freeze(["cifar10", "cinic10", "cifar100", "imagenet100"] as const);

/** A data set id of {@link PROMPT_DATASET_IDS}. */
export type PromptDatasetId = typeof PROMPT_DATASET_IDS[number];

/** Language strings in the store's "rows with labels" layout. */
export interface LanguageStrings {
  /** One string per row. */
  texts: string[];
  /** Class index per row (dataset label order). */
  labels: Int32Array;
  /** Class names in label order (the store's `classNames`). */
  classNames: string[];
  /** Templates used (empty when the strings are used bare, e.g. ImageNet-100 definitions or captions). */
  templates: string[];
  /** Item name per row (e.g. the image file a caption belongs to), when the data set has one. */
  items?: string[];
}

/**
 * Fills every template with every class name: row = class · T + template (class-major). A template must contain
 * exactly one `{}`. Returns the texts and the class label of each row; inputs are not modified.
 */
export function fillTemplates(
  templates: readonly string[],
  classNames: readonly string[],
): { texts: string[]; labels: Int32Array } {
  const fn = "fillTemplates";
  checkType(Array.isArray(templates), fn, `templates must be an array of strings, got ${typeof templates}`);
  checkType(Array.isArray(classNames), fn, `classNames must be an array of strings, got ${typeof classNames}`);
  checkRange(templates.length >= 1, fn, "templates must not be empty, got 0 templates");
  for (let t = 0; t < templates.length; t++) {
    const template = templates[t];
    checkType(typeof template === "string", fn, `templates[${t}] must be a string, got ${typeof template}`);
    checkRange(
      template.split("{}").length === 2,
      fn,
      `templates[${t}] must contain exactly one "{}", got ${JSON.stringify(template)}`,
    );
  }
  for (let c = 0; c < classNames.length; c++) {
    checkType(typeof classNames[c] === "string", fn, `classNames[${c}] must be a string, got ${typeof classNames[c]}`);
  }
  const texts: string[] = [];
  const labels = new Int32Array(classNames.length * templates.length);
  for (let c = 0; c < classNames.length; c++) {
    for (let t = 0; t < templates.length; t++) {
      labels[texts.length] = c;
      texts.push(templates[t].replace("{}", classNames[c]));
    }
  }
  return { texts, labels };
}

/** Options of {@link languageStrings}. */
export interface LanguageStringsOptions {
  /** Replace the data set's templates (must each contain one `{}`); default the paper's. */
  templates?: readonly string[];
}

/** Default options of {@link languageStrings}: the paper's templates. */
export const LANGUAGE_STRINGS_DEFAULTS: Readonly<LanguageStringsOptions> = Object.freeze({ templates: undefined });

/**
 * The paper's language strings of a data set: cifar10 = 18 A1 templates × 10 classes, cifar100 = 18 × 100,
 * cinic10 = 7 A2 templates × 10, imagenet100 = one A3 "Name - definition" string per class (no template; class names
 * are the sorted WNIDs). Returns fresh arrays.
 */
export function languageStrings(dataset: PromptDatasetId, options: LanguageStringsOptions = {}): LanguageStrings {
  const fn = "languageStrings";
  checkKnownKeys(options, Object.keys(LANGUAGE_STRINGS_DEFAULTS), fn);
  checkRange(
    (PROMPT_DATASET_IDS as readonly string[]).includes(dataset),
    fn,
    `dataset must be one of ${PROMPT_DATASET_IDS.join(", ")}, got ${JSON.stringify(dataset)}`,
  );
  if (dataset === "imagenet100") {
    checkRange(options.templates === undefined, fn, "templates are not used for imagenet100 (definitions only)");
    return {
      texts: [...IMAGENET100_DEFINITIONS],
      labels: Int32Array.from(IMAGENET100_DEFINITIONS, (_, i) => i),
      classNames: [...IMAGENET100_WNIDS],
      templates: [],
    };
  }
  const classNames = dataset === "cifar100" ? CIFAR100_CLASSES : CIFAR10_CLASSES;
  const templates = options.templates ?? (dataset === "cinic10" ? CINIC_TEMPLATES : CIFAR_TEMPLATES);
  const { texts, labels } = fillTemplates(templates, classNames);
  return { texts, labels, classNames: [...classNames], templates: [...templates] };
}
