/**
 * onnxruntime-node session for image (or any single-input float) encoders. Device "auto" tries CUDA explicitly and
 * falls back to CPU when the CUDA provider libraries do not load; the device that ran is recorded on the session.
 * Inputs are float32 at the ONNX boundary, outputs come back as float64 rows.
 * @module
 */
import type * as Ort from "onnxruntime-node";
import { existsSync, readFileSync } from "node:fs";
import { checkInteger, checkKnownKeys, checkType, DataNotFoundError } from "../core/errors.ts";

let ortModule: Promise<typeof Ort> | null = null;

/**
 * onnxruntime-node, imported on first use (it is a native addon: importing it needs `--allow-ffi`, so modules that
 * only solve or plot must not load it eagerly).
 *
 * @example
 * const ort = await loadOnnxRuntime();
 * const t = new ort.Tensor("float32", new Float32Array(3), [1, 3]);
 */
export function loadOnnxRuntime(): Promise<typeof Ort> {
  return ortModule ??= import("onnxruntime-node");
}

/** Devices a session may be asked for. */
export const DEVICES = Object.freeze(["auto", "cpu", "cuda"] as const);
/** A requested device. */
export type Device = (typeof DEVICES)[number];

/** Options of {@link createEncoderSession}. */
export interface EncoderSessionOptions {
  /** "auto": CUDA when it loads, else CPU; "cuda": CUDA or throw; "cpu": CPU only. */
  readonly device?: Device;
  /** Intra-op threads for the CPU provider (0: onnxruntime's default, all cores). */
  readonly threads?: number;
  /** Output name to return; null: the output named `embedding`, `pooler_output` or `image_embeds` if present, else the first. */
  readonly outputName?: string | null;
  /** Called with a warning (the CUDA → CPU fallback of "auto" is not one: see {@link EncoderSession.deviceNote}). */
  readonly onWarning?: ((message: string) => void) | null;
}

/** Defaults of {@link EncoderSessionOptions}. */
export const ENCODER_SESSION_DEFAULTS: Readonly<Required<EncoderSessionOptions>> = Object.freeze({
  device: "auto",
  threads: 0,
  outputName: null,
  onWarning: null,
});

/** An open encoder: the ORT session plus what it expects and which device runs it. */
export interface EncoderSession {
  /** The underlying onnxruntime-node session. */
  readonly session: Ort.InferenceSession;
  /** Device that actually runs ("cuda" or "cpu"). */
  readonly device: "cuda" | "cpu";
  /** Why "auto" runs on the CPU (CUDA did not load), as information; null otherwise. */
  readonly deviceNote: string | null;
  /** Name of the (first) input. */
  readonly inputName: string;
  /** Input shape from the model; strings or -1 for symbolic axes (e.g. `["batch", 3, 224, 224]`). */
  readonly inputShape: readonly (number | string)[];
  /** Name of the output returned by {@link runEncoder}. */
  readonly outputName: string;
  /** Path of the ONNX file. */
  readonly path: string;
}

/** What to do about a missing model file. */
export const MISSING_MODEL_HINT =
  "make it with lib/convert/convert_shipped.ts (MobileNets, random MobileNet) or lib/convert/convert_nsfwjs.ts (nsfwjs models), or export your own ONNX model there (README: user ONNX models)";

/** Output names preferred as the pooled embedding, in order. */
export const POOLED_OUTPUT_NAMES = Object.freeze([
  "embedding",
  "pooler_output",
  "image_embeds",
  "text_embeds",
  "sentence_embedding",
]);

/** Opens an ONNX encoder with the CUDA → CPU fallback. Throws DataNotFoundError when the file is missing. */
export async function createEncoderSession(path: string, options: EncoderSessionOptions = {}): Promise<EncoderSession> {
  const fn = "createEncoderSession";
  checkKnownKeys(options, Object.keys(ENCODER_SESSION_DEFAULTS), fn);
  const o = { ...ENCODER_SESSION_DEFAULTS, ...options };
  checkType(DEVICES.includes(o.device), fn, `options.device must be one of ${DEVICES.join(", ")}, got ${o.device}`);
  checkInteger(o.threads, fn, "options.threads", 0, 1024);
  if (!existsSync(path)) throw new DataNotFoundError(path, MISSING_MODEL_HINT);
  const bytes = readFileSync(path);
  const ort = await loadOnnxRuntime();
  const base: Ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: "all",
    ...(o.threads > 0 ? { intraOpNumThreads: o.threads, interOpNumThreads: 1 } : {}),
  };
  let session: Ort.InferenceSession | null = null;
  let device: "cuda" | "cpu" = "cpu";
  let deviceNote: string | null = null;
  if (o.device !== "cpu") {
    const level = ort.env.logLevel;
    ort.env.logLevel = "fatal"; // a missing CUDA library is expected here: keep onnxruntime's native log quiet
    try {
      session = await ort.InferenceSession.create(bytes, {
        ...base,
        executionProviders: ["cuda", "cpu"],
        logSeverityLevel: 4,
      });
      device = "cuda";
    } catch (error) {
      if (o.device === "cuda") {
        throw new RangeError(`${fn}: CUDA execution provider failed to load for ${path}`, { cause: error });
      }
      deviceNote = `CUDA unavailable (${String((error as Error).message).split("\n")[0]})`;
    } finally {
      ort.env.logLevel = level;
    }
  }
  if (session === null) {
    try {
      session = await ort.InferenceSession.create(bytes, { ...base, executionProviders: ["cpu"] });
    } catch (error) {
      throw new RangeError(
        `${fn}: onnxruntime could not load ${path}: ${String((error as Error).message).split("\n")[0]}`,
        {
          cause: error,
        },
      );
    }
  }
  const inputName = session.inputNames[0];
  const meta = session.inputMetadata[0] as { isTensor: boolean; shape?: readonly (number | string)[] };
  const inputShape = meta?.isTensor && meta.shape ? meta.shape.slice() : [];
  let outputName = o.outputName;
  if (outputName === null) {
    outputName = POOLED_OUTPUT_NAMES.find((n) => session!.outputNames.includes(n)) ?? session.outputNames[0];
  } else {checkType(
      session.outputNames.includes(outputName),
      fn,
      `options.outputName must be one of ${session.outputNames.join(", ")}, got ${outputName}`,
    );}
  return { session, device, deviceNote, inputName, inputShape, outputName, path };
}

/**
 * Checks that `dims` (without the batch axis, e.g. `[3, 224, 224]`) fits the model input; throws a RangeError naming
 * both shapes before any batch runs.
 */
export function checkEncoderInput(encoder: EncoderSession, dims: readonly number[]): void {
  const shape = encoder.inputShape;
  if (shape.length === 0) return; // unknown: onnxruntime will check
  const ok = shape.length === dims.length + 1 &&
    dims.every((d, i) => typeof shape[i + 1] !== "number" || (shape[i + 1] as number) < 0 || shape[i + 1] === d);
  if (!ok) {
    throw new RangeError(
      `checkEncoderInput: preprocessing gives [batch, ${dims.join(", ")}] but ${encoder.path} expects [${
        shape.join(", ")
      }]`,
    );
  }
}

/**
 * Runs one batch: `input` holds `batch × prod(dims)` float32 values; returns `{ data: batch × dim float64, dim }`.
 * A rank-3 output `[batch, tokens, dim]` is mean-pooled over tokens, a rank-4 output `[batch, C, H, W]` over H·W.
 */
export async function runEncoder(
  encoder: EncoderSession,
  input: Float32Array,
  dims: readonly number[],
): Promise<{ data: Float64Array; dim: number }> {
  const per = dims.reduce((a, b) => a * b, 1);
  const batch = input.length / per;
  checkType(
    Number.isInteger(batch) && batch > 0,
    "runEncoder",
    `input length must be a positive multiple of ${per}, got ${input.length}`,
  );
  const ort = await loadOnnxRuntime();
  const feeds = { [encoder.inputName]: new ort.Tensor("float32", input, [batch, ...dims]) };
  const results = await encoder.session.run(feeds, [encoder.outputName]);
  const t = results[encoder.outputName];
  const values = t.data as Float32Array;
  const shape = t.dims;
  let data: Float64Array, dim: number;
  if (shape.length === 3 || shape.length === 4) {
    // Pool to one vector per item: [B, T, D] → mean over tokens T; [B, C, H, W] → mean over H·W.
    const tokens = shape.length === 3 ? shape[1] : shape[2] * shape[3];
    dim = shape.length === 3 ? shape[2] : shape[1];
    data = new Float64Array(batch * dim);
    for (let b = 0; b < batch; b++) {
      for (let k = 0; k < tokens; k++) {
        for (let d = 0; d < dim; d++) {
          const v = shape.length === 3 ? values[(b * tokens + k) * dim + d] : values[(b * dim + d) * tokens + k];
          data[b * dim + d] += v / tokens;
        }
      }
    }
  } else {
    dim = values.length / batch;
    data = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) data[i] = values[i];
  }
  for (const k of Object.keys(results)) results[k].dispose?.();
  return { data, dim };
}

/** Releases the session. */
export async function closeEncoderSession(encoder: EncoderSession): Promise<void> {
  await encoder.session.release();
}
