/**
 * The SentencePiece (unigram) tokenizer of the Universal Sentence Encoder lite, as in Google's tfjs-models
 * `universal-sentence-encoder` tokenizer (also shipped by `@energetic-ai/embeddings`; Apache-2.0): NFKC-normalise,
 * replace spaces by "▁" and prefix one, then a Viterbi search for the segmentation with the highest total piece score.
 * A position no piece starts at becomes the unknown id 0 (one character; consecutive unknowns merge into one).
 *
 * Ties and score-0 quirks follow the reference exactly (a later candidate wins ties; a best score of exactly 0 counts
 * as "unset"). Lengths are counted in code points throughout (the reference mixes code points and UTF-16 units,
 * which only differs for characters outside the Basic Multilingual Plane).
 * @module
 */
import { checkRange, checkType } from "../core/errors.ts";

/** The word-boundary symbol of SentencePiece. */
export const SENTENCEPIECE_SEPARATOR = "\u2581";

/** Vocabulary ids below this are reserved (unknown, <s>, </s>, extra tokens) and never matched. */
export const USE_RESERVED_SYMBOLS = 6;

/** A unigram SentencePiece tokenizer over a `[piece, score][]` vocabulary (index = token id). */
export class SentencePieceTokenizer {
  readonly #pieces = new Map<string, { score: number; id: number }>();
  readonly #prefixes = new Set<string>(); // every prefix of every piece: the scan from a start stops outside it
  readonly #lengths: Int32Array;
  readonly #maxLength: number;

  /**
   * Builds the tokenizer; `vocabulary[i] = [piece, log-probability score]`; ids < `reserved` are not matched. A `null`
   * score (the USE vocabulary stores a few) counts as 0, as JavaScript arithmetic makes it in the reference.
   */
  constructor(vocabulary: readonly (readonly [string, number | null])[], reserved = USE_RESERVED_SYMBOLS) {
    const fn = "SentencePieceTokenizer";
    checkType(Array.isArray(vocabulary), fn, `vocabulary must be an array of [piece, score], got ${typeof vocabulary}`);
    checkRange(
      vocabulary.length > reserved,
      fn,
      `vocabulary must have more than ${reserved} entries, got ${vocabulary.length}`,
    );
    this.#lengths = new Int32Array(vocabulary.length);
    let maxLength = 1;
    for (let id = 0; id < vocabulary.length; id++) {
      const entry = vocabulary[id];
      checkType(
        Array.isArray(entry) && typeof entry[0] === "string" && (typeof entry[1] === "number" || entry[1] === null),
        fn,
        `vocabulary[${id}] must be [string, number | null], got ${JSON.stringify(entry)}`,
      );
      const length = [...entry[0]].length;
      this.#lengths[id] = length;
      if (id < reserved || length === 0) continue;
      this.#pieces.set(entry[0], { score: entry[1] ?? 0, id });
      let prefix = "";
      for (const symbol of entry[0]) this.#prefixes.add(prefix += symbol);
      if (length > maxLength) maxLength = length;
    }
    this.#maxLength = maxLength;
  }

  /** Token ids of `text` (see the module comment). The empty string gives no ids. */
  encode(text: string): number[] {
    checkType(typeof text === "string", "SentencePieceTokenizer.encode", `text must be a string, got ${typeof text}`);
    const normalized = text.normalize("NFKC");
    if (normalized.length === 0) return [];
    const symbols = [...(SENTENCEPIECE_SEPARATOR + normalized.replace(/ /g, SENTENCEPIECE_SEPARATOR))];
    const n = symbols.length;
    const best = new Float64Array(n + 1); // best[end]: best total score of a segmentation of symbols[0, end)
    const word = new Int32Array(n + 1); // word[end]: id of the last piece of that segmentation
    const wordLength = new Int32Array(n + 1); // its length in symbols
    // The reference visits candidates by end position, then by start position ascending. Visiting start-major (each
    // start's pieces by growing length) relaxes the candidates of every end in the same start order, so ties and the
    // "0 = unset" rule resolve identically; best[start] is final before any edge leaving it is relaxed.
    for (let start = 0; start < n; start++) {
      let piece = "";
      let found = false;
      for (let end = start + 1; end <= n && end - start <= this.#maxLength; end++) {
        piece += symbols[end - 1];
        if (!this.#prefixes.has(piece)) break;
        const entry = this.#pieces.get(piece);
        if (entry === undefined) continue;
        found = true;
        this.#relax(best, word, wordLength, start, end, entry.score, entry.id);
      }
      if (!found) this.#relax(best, word, wordLength, start, start + 1, 0, 0); // unknown character
    }
    const ids: number[] = [];
    for (let end = n; end > 0; end -= wordLength[end]) ids.push(word[end]);
    ids.reverse();
    const merged: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] === 0 && merged.length > 0 && merged[merged.length - 1] === 0) continue;
      merged.push(ids[i]);
    }
    return merged;
  }

  #relax(
    best: Float64Array,
    word: Int32Array,
    wordLength: Int32Array,
    start: number,
    end: number,
    score: number,
    id: number,
  ): void {
    const total = score + best[start];
    if (best[end] === 0 || total >= best[end]) {
      best[end] = total;
      word[end] = id;
      wordLength[end] = end - start;
    }
  }
}
