/**
 * User ONNX text encoders (e.g. a sentence-transformers or CLIP text export) with their own local tokenizer files,
 * tokenised by `@huggingface/tokenizers` (the tokenizer library of transformers.js; pure JS, loads the given JSON
 * only, never the network) and run by onnxruntime-node through `createEncoderSession` (CUDA → CPU fallback).
 *
 * Feeds `input_ids` and, when the model has them, `attention_mask` and `token_type_ids` (zeros), all int64, padded
 * per batch with the tokenizer's pad id. Strings longer than `maxLength` tokens keep their first `maxLength − 1`
 * tokens plus their last one (the closing special token). Output: a 2-D output (batch × dim) is used as is; a 3-D
 * output (batch × tokens × dim) is mean-pooled over the attention mask. Rows are then L2-normalised unless
 * `normalize: false` (x / max(‖x‖, 1e-12)).
 * @module
 */
import type * as Ort from "onnxruntime-node";
import { Tokenizer } from "@huggingface/tokenizers";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { checkInteger, checkKnownKeys, checkRange, checkType, DataNotFoundError } from "../core/errors.ts";
import { createEncoderSession, type Device, loadOnnxRuntime } from "./session.ts";
import { definedOptions, type TextEmbedder } from "./text_types.ts";

/** Options of {@link loadOnnxTextEncoder}. */
export interface OnnxTextOptions {
  /** Model id for the store (lowercase kebab-case). */
  model?: string;
  /** Maximum tokens per string (including special tokens). */
  maxLength?: number;
  /** Strings per ONNX call. */
  batchSize?: number;
  /** L2-normalise each row after pooling. */
  normalize?: boolean;
  /** Output to read; null: "sentence_embedding", "text_embeds", "last_hidden_state" if present, else the first. */
  outputName?: string | null;
  /** Device for onnxruntime ("auto" tries CUDA, then CPU). */
  device?: Device;
  /** Called with warnings (e.g. the CUDA fallback). */
  onWarning?: ((message: string) => void) | null;
}

/** Defaults of {@link OnnxTextOptions}. */
export const ONNX_TEXT_DEFAULTS: Readonly<Required<OnnxTextOptions>> = Object.freeze({
  model: "onnx-text",
  maxLength: 128,
  batchSize: 32,
  normalize: true,
  outputName: null,
  device: "auto",
  onWarning: null,
});

/** Output names preferred, in order, when `outputName` is null. */
export const TEXT_OUTPUT_NAMES = Object.freeze(["sentence_embedding", "text_embeds", "last_hidden_state"]);

/**
 * Reads a Hugging Face `tokenizer.json` (and `tokenizer_config.json` beside it when present) into a tokenizer and its
 * pad id (tokenizer.json `padding.pad_id`, else the config's `pad_token`, "[PAD]" or "<pad>", else 0).
 * Missing files throw DataNotFoundError; malformed JSON a RangeError.
 */
export function loadTokenizerFile(path: string): { tokenizer: Tokenizer; padId: number } {
  const fn = "loadTokenizerFile";
  checkType(typeof path === "string", fn, `path must be a string, got ${typeof path}`);
  if (!existsSync(path)) throw new DataNotFoundError(path, "put the model's tokenizer.json there");
  const read = (p: string) => {
    try {
      return JSON.parse(readFileSync(p, "utf8"));
    } catch (error) {
      throw new RangeError(`${fn}: ${p} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  };
  const configPath = join(dirname(path), "tokenizer_config.json");
  const config = existsSync(configPath) ? read(configPath) : {};
  const json = read(path);
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(json, config);
  } catch (error) {
    throw new RangeError(`${fn}: ${path} is not a supported tokenizer: ${(error as Error).message}`, { cause: error });
  }
  const padToken = typeof config.pad_token === "string" ? config.pad_token : config.pad_token?.content;
  const padId: number = json.padding?.pad_id ??
    (padToken !== undefined ? tokenizer.token_to_id(padToken) : undefined) ??
    tokenizer.token_to_id("[PAD]") ?? tokenizer.token_to_id("<pad>") ?? 0;
  return { tokenizer, padId };
}

/** Opens an ONNX text encoder with its tokenizer as a {@link TextEmbedder}. */
export async function loadOnnxTextEncoder(
  modelPath: string,
  tokenizerPath: string,
  options: OnnxTextOptions = {},
): Promise<TextEmbedder> {
  const fn = "loadOnnxTextEncoder";
  checkKnownKeys(options, Object.keys(ONNX_TEXT_DEFAULTS), fn);
  const o = { ...ONNX_TEXT_DEFAULTS, ...definedOptions(options) };
  checkType(typeof modelPath === "string", fn, `modelPath must be a string, got ${typeof modelPath}`);
  checkRange(
    /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/.test(o.model),
    fn,
    `options.model must be a lowercase kebab-case id, got ${JSON.stringify(o.model)}`,
  );
  checkInteger(o.maxLength, fn, "options.maxLength", 2);
  checkInteger(o.batchSize, fn, "options.batchSize", 1);
  const { tokenizer, padId } = loadTokenizerFile(tokenizerPath);
  const encoder = await createEncoderSession(modelPath, { device: o.device, onWarning: o.onWarning });
  const { session } = encoder;
  checkRange(
    session.inputNames.includes("input_ids"),
    fn,
    `${modelPath} must have an input named input_ids, got ${session.inputNames.join(", ")}`,
  );
  const outputName = o.outputName ?? TEXT_OUTPUT_NAMES.find((n) => session.outputNames.includes(n)) ??
    session.outputNames[0];
  checkRange(
    session.outputNames.includes(outputName),
    fn,
    `options.outputName must be one of ${session.outputNames.join(", ")}, got ${outputName}`,
  );
  const hasMask = session.inputNames.includes("attention_mask");
  const hasTypes = session.inputNames.includes("token_type_ids");
  let dim = 0;
  let closed = false;

  const runBatch = async (texts: readonly string[], offset: number): Promise<Float64Array> => {
    const efn = `${o.model} embed`;
    const encoded = texts.map((text, i) => {
      checkType(typeof text === "string", efn, `texts[${offset + i}] must be a string, got ${typeof text}`);
      const ids = tokenizer.encode(text).ids;
      checkRange(ids.length > 0, efn, `texts[${offset + i}] gives no tokens, got ${JSON.stringify(text)}`);
      return ids.length <= o.maxLength ? ids : [...ids.slice(0, o.maxLength - 1), ids[ids.length - 1]];
    });
    const batch = encoded.length;
    const length = Math.max(...encoded.map((ids) => ids.length));
    const inputIds = new BigInt64Array(batch * length).fill(BigInt(padId));
    const mask = new BigInt64Array(batch * length);
    for (let b = 0; b < batch; b++) {
      const ids = encoded[b];
      for (let t = 0; t < ids.length; t++) {
        inputIds[b * length + t] = BigInt(ids[t]);
        mask[b * length + t] = 1n;
      }
    }
    const ort = await loadOnnxRuntime();
    const feeds: Record<string, Ort.Tensor> = { input_ids: new ort.Tensor("int64", inputIds, [batch, length]) };
    if (hasMask) feeds.attention_mask = new ort.Tensor("int64", mask, [batch, length]);
    if (hasTypes) feeds.token_type_ids = new ort.Tensor("int64", new BigInt64Array(batch * length), [batch, length]);
    const results = await session.run(feeds, [outputName]);
    const output = results[outputName];
    const values = output.data as Float32Array;
    const dims = output.dims;
    let rows: Float64Array;
    if (dims.length === 2) {
      checkRange(dims[0] === batch, efn, `output ${outputName} must have ${batch} rows, got [${dims.join(", ")}]`);
      rows = Float64Array.from(values);
    } else {
      checkRange(
        dims.length === 3 && dims[0] === batch && dims[1] === length,
        efn,
        `output ${outputName} must be [${batch}, ${length}, dim] or [${batch}, dim], got [${dims.join(", ")}]`,
      );
      const d = dims[2];
      rows = new Float64Array(batch * d);
      // Masked mean: rows[b] = Σ_t mask[b,t] · out[b,t,:] / Σ_t mask[b,t].
      for (let b = 0; b < batch; b++) {
        const count = encoded[b].length;
        for (let t = 0; t < count; t++) {
          for (let k = 0, src = (b * length + t) * d, dst = b * d; k < d; k++) rows[dst + k] += values[src + k];
        }
        for (let k = 0; k < d; k++) rows[b * d + k] /= count;
      }
    }
    for (const key of Object.keys(results)) results[key].dispose?.();
    const d = rows.length / batch;
    if (o.normalize) {
      for (let b = 0; b < batch; b++) {
        let sum = 0;
        for (let k = 0; k < d; k++) sum += rows[b * d + k] ** 2;
        const scale = 1 / Math.max(Math.sqrt(sum), 1e-12);
        for (let k = 0; k < d; k++) rows[b * d + k] *= scale;
      }
    }
    return rows;
  };

  // Probe the output dimension once with a one-word string.
  dim = (await runBatch(["a"], 0)).length;
  const hash = createHash("sha256").update(readFileSync(modelPath)).update(readFileSync(tokenizerPath)).digest("hex");
  return {
    model: o.model,
    dim,
    device: encoder.device,
    description: Object.freeze({
      encoder: `user ONNX text model (${modelPath})`,
      output: outputName,
      tokenizer: `${tokenizerPath} (@huggingface/tokenizers)`,
      maxLength: o.maxLength,
      pooling: "masked mean over tokens when the output is per token",
      normalized: o.normalize,
      modelSha256: hash,
    }),
    async embed(texts: readonly string[]): Promise<Float64Array> {
      checkType(!closed, `${o.model} embed`, "the encoder was closed");
      checkType(Array.isArray(texts), `${o.model} embed`, `texts must be an array of strings, got ${typeof texts}`);
      const out = new Float64Array(texts.length * dim);
      for (let start = 0; start < texts.length; start += o.batchSize) {
        const rows = await runBatch(texts.slice(start, start + o.batchSize), start);
        checkRange(
          rows.length === (Math.min(texts.length, start + o.batchSize) - start) * dim,
          `${o.model} embed`,
          "internal: output width changed between batches",
        );
        out.set(rows, start * dim);
      }
      return out;
    },
    async close() {
      closed = true;
      await session.release();
    },
  };
}
