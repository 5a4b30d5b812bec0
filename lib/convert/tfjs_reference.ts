/**
 * Reference outputs from TF.js itself (wasm backend, cpu fallback) for verifying converted models: runs a TF.js
 * layers model up to a named layer (also inside nested containers) on NHWC float32 input.
 * @module
 */
import { type Normalization, preprocessImage, type RgbImage } from "../embed/image.ts";
import type { TfjsLayersModel } from "./tfjs_layers.ts";
import { loadOnnxRuntime } from "../embed/session.ts";

/** A preprocessed image batch in both layouts: NCHW for the converted ONNX model, NHWC for TF.js. */
export interface ReferenceBatch {
  /** Number of images. */
  readonly count: number;
  /** `[count, 3, size, size]` float32. */
  readonly nchw: Float32Array;
  /** `[count, size, size, 3]` float32. */
  readonly nhwc: Float32Array;
}

/** Preprocesses `images` (centre crop at `size`, `normalization`, default minus-one-one) into a {@link ReferenceBatch}. */
export function referenceBatch(
  images: readonly RgbImage[],
  options: { readonly size: number; readonly normalization?: Normalization },
): ReferenceBatch {
  const { size } = options, per = 3 * size * size, count = images.length;
  const pre = options.normalization === undefined ? { size } : { size, normalization: options.normalization };
  const nchw = new Float32Array(count * per), nhwc = new Float32Array(count * per);
  images.forEach((img, i) => {
    nchw.set(preprocessImage(img, { ...pre, layout: "nchw" }), i * per);
    nhwc.set(preprocessImage(img, { ...pre, layout: "nhwc" }), i * per);
  });
  return { count, nchw, nhwc };
}

/** Outcome of {@link verifyOnnxAgainstTfjs}. */
export interface TfjsVerification {
  /** max |ONNX − TF.js| over the batch's outputs. */
  readonly maxAbsDiff: number;
  /** max |TF.js| (the scale the difference is measured against). */
  readonly maxAbsValue: number;
  /** The ONNX model's input and output names. */
  readonly inputName: string;
  readonly outputName: string;
}

/**
 * Runs the converted ONNX `bytes` (onnxruntime-node, cpu) on `batch.nchw` and TF.js ({@link tfjsLayerOutput}) up to
 * `outputLayer` on `batch.nhwc`, and compares the outputs.
 */
export async function verifyOnnxAgainstTfjs(
  model: TfjsLayersModel,
  converted: { readonly bytes: Uint8Array; readonly outputLayer: string },
  batch: ReferenceBatch,
): Promise<TfjsVerification> {
  const [h, w, c] = model.inputShape;
  const ort = await loadOnnxRuntime();
  const session = await ort.InferenceSession.create(converted.bytes, { executionProviders: ["cpu"] });
  const inputName = session.inputNames[0], outputName = session.outputNames[0];
  let got: Float32Array;
  try {
    const res = await session.run({ [inputName]: new ort.Tensor("float32", batch.nchw, [batch.count, c, h, w]) });
    got = res[outputName].data as Float32Array;
  } finally {
    await session.release();
  }
  const ref = await tfjsLayerOutput(model, converted.outputLayer, batch.nhwc, batch.count);
  if (ref.length !== got.length) {
    throw new Error(`internal: ONNX gives ${got.length} outputs, TF.js ${ref.length}`);
  }
  let maxAbsDiff = 0, maxAbsValue = 0;
  for (let i = 0; i < ref.length; i++) {
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(ref[i] - got[i]));
    maxAbsValue = Math.max(maxAbsValue, Math.abs(ref[i]));
  }
  return { maxAbsDiff, maxAbsValue, inputName, outputName };
}

/** Output of `outputLayer` for `nhwc` input `[count, H, W, C]`, computed by TF.js with the model's (possibly replaced) weights. */
export async function tfjsLayerOutput(
  model: TfjsLayersModel,
  outputLayer: string,
  nhwc: Float32Array,
  count: number,
): Promise<Float32Array> {
  const tf = await import("@tensorflow/tfjs");
  try {
    await import("@tensorflow/tfjs-backend-wasm");
    await tf.setBackend("wasm");
  } catch {
    await tf.setBackend("cpu");
  }
  const weightSpecs = model.weightSpecs.map((s) => ({ name: s.name, shape: s.shape, dtype: "float32" as const }));
  const data = new Float32Array(model.weightSpecs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0));
  let at = 0;
  for (const s of model.weightSpecs) {
    const w = model.weights.get(s.name)!;
    data.set(w.values, at);
    at += w.values.length;
  }
  const m = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: model.topology as any, weightSpecs, weightData: data.buffer }),
  );
  const find = (container: any): any => {
    for (const l of container.layers ?? []) {
      if (l.name === outputLayer) return tf.model({ inputs: container.inputs, outputs: l.output });
      if (l.layers) {
        const sub = find(l);
        if (sub) return sub;
      }
    }
    return null;
  };
  const cut = find(m);
  if (cut === null) throw new Error(`internal: layer ${outputLayer} not found in the TF.js model`);
  const [h, w, c] = model.inputShape;
  const x = tf.tensor4d(nhwc, [count, h, w, c]);
  const y = cut.predict(x) as any;
  const out = (await y.data()) as Float32Array;
  x.dispose();
  y.dispose();
  m.dispose();
  return out;
}
