/**
 * Seeded random re-initialisation of a TF.js layers model (the "randomly initialised network" control).
 * @module
 */
import { Rng } from "../core/rng.ts";
import type { TfjsLayersModel, TfjsWeight } from "./tfjs_layers.ts";

/**
 * A copy of `model` with seeded random weights: He-normal kernels (std √(2 / fan-in)), zero biases, identity
 * BatchNorm statistics (γ = 1, β = 0, mean 0, variance 1). The "randomly initialised network" control.
 */
export function randomizeTfjsWeights(model: TfjsLayersModel, seed: number): TfjsLayersModel {
  const rng = new Rng(seed);
  const weights = new Map<string, TfjsWeight>();
  for (const [key, w] of model.weights) {
    const values = new Float32Array(w.values.length);
    const leaf = key.slice(key.lastIndexOf("/") + 1);
    if (leaf === "kernel" || leaf === "depthwise_kernel") {
      const fanIn = w.shape.length === 4 ? w.shape[0] * w.shape[1] * (leaf === "kernel" ? w.shape[2] : 1) : w.shape[0];
      const std = Math.sqrt(2 / fanIn);
      for (let i = 0; i < values.length; i++) values[i] = std * rng.normal();
    } else if (leaf === "gamma" || leaf === "moving_variance") values.fill(1);
    weights.set(key, { name: w.name, shape: w.shape, values });
  }
  return { ...model, weights };
}
