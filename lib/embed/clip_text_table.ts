/**
 * The class → vocabulary table of the precomputed CLIP text models: which stored vector stands for which data-set
 * class. Explicit on purpose (no fuzzy name matching, no fallbacks): a class missing here or from its vocabulary is an
 * error naming it and the vocabularies searched.
 *
 * | model | data set | classes resolve to |
 * |---|---|---|
 * | clip-vit-b32-text | cifar10, cinic10 | LVIS v1 names (9 classes; automobile → `car_(automobile)`), Objects365 `Ship` (ship: LVIS has only `cargo_ship`, `cruise_ship`, …, COCO has only `boat`) |
 * | clip-vit-l14-text | imagenet100, tiny-imagenet | the ImageNet-1k row of the class's WNID (class names are WNIDs) |
 *
 * COCO-mini is not in the table: its classes are single images (captions), not categories.
 * @module
 */

/** A vocabulary of stored vectors: `imagenet1k` (CLIP ViT-L/14, keyed by WNID), or Detic's `lvis`, `coco`, `o365`. */
export type ClipVocabularyId = "imagenet1k" | "lvis" | "coco" | "o365";

/** Where one class's vector comes from: a vocabulary and the entry's exact name there. */
export interface ClipClassSource {
  readonly vocabulary: ClipVocabularyId;
  /** The entry's key: the exact vocabulary name (Detic), or the WNID (imagenet1k). */
  readonly entry: string;
}

/** How a data set's classes map: an explicit entry per class name, or "the class name is a WNID of imagenet1k". */
export type ClipClassMapping =
  | { readonly kind: "table"; readonly classes: Readonly<Record<string, ClipClassSource>> }
  | { readonly kind: "wnid"; readonly vocabulary: "imagenet1k" };

const CIFAR10_TO_DETIC: Readonly<Record<string, ClipClassSource>> = Object.freeze({
  airplane: { vocabulary: "lvis", entry: "airplane" },
  automobile: { vocabulary: "lvis", entry: "car_(automobile)" },
  bird: { vocabulary: "lvis", entry: "bird" },
  cat: { vocabulary: "lvis", entry: "cat" },
  deer: { vocabulary: "lvis", entry: "deer" },
  dog: { vocabulary: "lvis", entry: "dog" },
  frog: { vocabulary: "lvis", entry: "frog" },
  horse: { vocabulary: "lvis", entry: "horse" },
  ship: { vocabulary: "o365", entry: "Ship" },
  truck: { vocabulary: "lvis", entry: "truck" },
});

const BY_WNID = Object.freeze({ kind: "wnid", vocabulary: "imagenet1k" } as const);

/** The table: model id → data set id → mapping. */
export const CLIP_CLASS_TABLE: Readonly<Record<string, Readonly<Record<string, ClipClassMapping>>>> = Object.freeze({
  "clip-vit-b32-text": Object.freeze({
    cifar10: { kind: "table" as const, classes: CIFAR10_TO_DETIC },
    cinic10: { kind: "table" as const, classes: CIFAR10_TO_DETIC },
  }),
  "clip-vit-l14-text": Object.freeze({
    imagenet100: BY_WNID,
    "tiny-imagenet": BY_WNID,
  }),
});
