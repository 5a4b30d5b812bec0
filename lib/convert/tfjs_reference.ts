/**
 * Reference outputs from TF.js itself (wasm backend, cpu fallback) for verifying converted models: runs a TF.js
 * layers model up to a named layer (also inside nested containers) on NHWC float32 input.
 * @module
 */
import type { TfjsLayersModel } from "./tfjs_layers.ts";

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
