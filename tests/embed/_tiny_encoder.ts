/** Test helper: a tiny ONNX image encoder written with the repository's own ONNX builder (no downloads). */
import { OnnxGraphBuilder } from "../../lib/convert/onnx_builder.ts";

/**
 * Input `[batch, 3, size, size]` → 1×1 Conv (3 → 4 channels, fixed weights) → GlobalAveragePool → Flatten →
 * output `embedding` `[batch, 4]`: channels 0–2 are the channel means, channel 3 is their sum.
 */
export function tinyEncoderOnnx(size: number): Uint8Array {
  const g = new OnnxGraphBuilder();
  const input = g.fresh("pixel_values");
  const w = g.addFloat("W", Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1]), [4, 3, 1, 1]);
  const conv = g.addNode("Conv", [input, w], "conv", { kernel_shape: [1, 1] });
  const pooled = g.addNode("GlobalAveragePool", [conv], "pool");
  const flat = g.addNode("Flatten", [pooled], "flat", { axis: 1 });
  const out = g.addNode("Identity", [flat], "embedding");
  return g.encode({ name: input, dims: [3, size, size] }, { name: out, dims: [4] }, { producer: "test" });
}
