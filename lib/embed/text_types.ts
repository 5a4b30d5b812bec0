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
  /** Milliseconds since the run started. */
  elapsedMs: number;
}

/** A copy of `options` without the keys whose value is `undefined` (so they fall back to the defaults). */
export function definedOptions<T extends object>(options: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(options ?? {}) as (keyof T)[]) {
    if (options[key] !== undefined) out[key] = options[key];
  }
  return out;
}
