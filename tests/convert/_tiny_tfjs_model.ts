/**
 * A tiny seeded TF.js layers model for the converter tests: 9×9×3 input and every layer kind MobileNet v1/v2 need
 * (Conv2D, BatchNormalization, ReLU6, ZeroPadding2D, DepthwiseConv2D, Add, GlobalAveragePooling2D "gap", Dense "head").
 * @module
 */
import { Rng } from "../../lib/core/rng.ts";
import { parseTfjsLayersModel, type TfjsLayersModel } from "../../lib/convert/tfjs_layers.ts";

/** A small functional Keras model using every layer kind MobileNet v1/v2 need, with seeded weights. */
export function tinyModelJson(seed: number): { json: any; weights: Float32Array } {
  const rng = new Rng(seed);
  const specs: { name: string; shape: number[]; dtype: string }[] = [];
  const values: number[] = [];
  const add = (name: string, shape: number[], kind: "w" | "pos" | "any") => {
    specs.push({ name, shape, dtype: "float32" });
    const n = shape.reduce((a, b) => a * b, 1);
    for (let i = 0; i < n; i++) {
      values.push(kind === "pos" ? 0.5 + rng.uniform() : kind === "w" ? 0.4 * rng.normal() : 0.3 * rng.normal());
    }
  };
  const bn = (name: string, c: number) => {
    add(`${name}/gamma`, [c], "pos");
    add(`${name}/beta`, [c], "any");
    add(`${name}/moving_mean`, [c], "any");
    add(`${name}/moving_variance`, [c], "pos");
  };
  const L = (class_name: string, name: string, inbound: string[], config: Record<string, unknown> = {}) => ({
    class_name,
    name,
    config: { name, ...config },
    inbound_nodes: inbound.length ? [inbound.map((i) => [i, 0, 0, {}])] : [],
  });
  const layers = [
    L("InputLayer", "input", [], { batch_input_shape: [null, 9, 9, 3], dtype: "float32" }),
    L("Conv2D", "c1", ["input"], {
      filters: 6,
      kernel_size: [3, 3],
      strides: [2, 2],
      padding: "same",
      use_bias: true,
      activation: "linear",
      data_format: "channels_last",
    }),
    L("BatchNormalization", "c1_bn", ["c1"], { epsilon: 0.001, axis: -1 }),
    L("Activation", "c1_relu", ["c1_bn"], { activation: "relu6" }),
    L("ZeroPadding2D", "pad", ["c1_relu"], { padding: [[0, 1], [0, 1]] }),
    L("DepthwiseConv2D", "dw", ["pad"], {
      kernel_size: [3, 3],
      strides: [2, 2],
      padding: "valid",
      depth_multiplier: 1,
      use_bias: false,
      activation: "linear",
      data_format: "channels_last",
    }),
    L("BatchNormalization", "dw_bn", ["dw"], { epsilon: 0.001, axis: -1 }),
    L("ReLU", "dw_relu", ["dw_bn"], { max_value: 6 }),
    L("Conv2D", "pw", ["dw_relu"], {
      filters: 6,
      kernel_size: [1, 1],
      strides: [1, 1],
      padding: "same",
      use_bias: false,
      activation: "linear",
      data_format: "channels_last",
    }),
    L("BatchNormalization", "pw_bn", ["pw"], { epsilon: 0.001, axis: -1 }),
    L("DepthwiseConv2D", "dw2", ["pw_bn"], {
      kernel_size: [3, 3],
      strides: [1, 1],
      padding: "same",
      depth_multiplier: 1,
      use_bias: false,
      activation: "linear",
      data_format: "channels_last",
    }),
    L("Add", "add", ["pw_bn", "dw2"]),
    L("ReLU", "out_relu", ["add"], {}),
    L("GlobalAveragePooling2D", "gap", ["out_relu"], { data_format: "channels_last" }),
    L("Dense", "head", ["gap"], { units: 4, activation: "softmax", use_bias: true }),
  ];
  add("c1/kernel", [3, 3, 3, 6], "w");
  add("c1/bias", [6], "any");
  bn("c1_bn", 6);
  add("dw/depthwise_kernel", [3, 3, 6, 1], "w");
  bn("dw_bn", 6);
  add("pw/kernel", [1, 1, 6, 6], "w");
  bn("pw_bn", 6);
  add("dw2/depthwise_kernel", [3, 3, 6, 1], "w");
  add("head/kernel", [6, 4], "w");
  add("head/bias", [4], "any");
  const json = {
    modelTopology: {
      class_name: "Model",
      config: { name: "tiny", layers, input_layers: [["input", 0, 0]], output_layers: [["head", 0, 0]] },
      keras_version: "2.1.4",
      backend: "tensorflow",
    },
    weightsManifest: [{ paths: ["w.bin"], weights: specs }],
  };
  return { json, weights: Float32Array.from(values) };
}

export function tinyModel(seed = 3): TfjsLayersModel {
  const { json, weights } = tinyModelJson(seed);
  return parseTfjsLayersModel(json, weights.buffer as ArrayBuffer);
}
