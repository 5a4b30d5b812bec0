/**
 * The common shape of the language encoders (USE lite, GloVe, user ONNX text models): an open model that maps
 * strings to float64 rows. Each encoder documents its own tokenisation, pooling and normalisation.
 * @module
 */

/** An open text encoder. */
export interface TextEmbedder {
  /** Model id as used in the store (lowercase kebab-case), e.g. "use-lite". */
  readonly model: string;
  /** Embedding dimension. */
  readonly dim: number;
  /** Device / backend that runs it ("wasm", "cpu", "cuda", "js"). */
  readonly device: string;
  /** What the encoder does, recorded in the store manifest's `preprocessing`. */
  readonly description: Readonly<Record<string, unknown>>;
  /** Embeds `texts` (never mutated); returns `texts.length × dim` values, row-major float64. */
  embed(texts: readonly string[]): Promise<Float64Array>;
  /** Releases the model's resources; the encoder must not be used afterwards. */
  close(): Promise<void>;
}

/** Progress report of a batched embedding run. */
export interface TextEmbedProgress {
  /** Strings embedded so far. */
  done: number;
  /** Strings in total. */
  total: number;
  /** Seconds since the run started. */
  seconds: number;
}

/** Re-exported from lib/core/options.ts, where the library's option merging lives (the encoders import it here). */
export { definedOptions } from "../core/options.ts";
