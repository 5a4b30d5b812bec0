/**
 * TF.js layers (Keras) → ONNX converter for feed-forward CNNs (MobileNet v1/v2, Inception-style blocks).
 * Input is NCHW float32 `[batch, 3, H, W]` (the layout Hugging Face / timm exports use); Keras kernels are transposed
 * from channels-last. BatchNormalization is folded into the preceding convolution, ReLU6 becomes `Clip(0, 6)`,
 * Keras `same` padding becomes explicit pads (extra row/column at the bottom/right, as TensorFlow does), a
 * ZeroPadding2D before a `valid` convolution is folded into its pads, and the graph ends at the chosen layer
 * (default: the last GlobalAveragePooling2D, i.e. the pooled embedding `[batch, C]`).
 * @module
 */
import { checkKnownKeys, checkType } from "../core/errors.ts";
import { withDefaults } from "../core/options.ts";
import { OnnxGraphBuilder } from "./onnx_builder.ts";
import type { TfjsLayer, TfjsLayersModel, TfjsWeight } from "./tfjs_layers.ts";
import { outSize, samePads } from "./padding.ts";

/** Options of {@link convertTfjsLayersToOnnx}. */
export interface TfjsToOnnxOptions {
  /** Layer whose output becomes the ONNX output `embedding`; null: the last GlobalAveragePooling2D, else the model output. */
  readonly outputLayer?: string | null;
  /** Name of the ONNX input. */
  readonly inputName?: string;
  /** Name of the ONNX output. */
  readonly outputName?: string;
  /** Fold BatchNormalization into the preceding convolution where possible. */
  readonly foldBatchNorm?: boolean;
  /** Free-form metadata stored in the ONNX file (`metadata_props`). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** Defaults of {@link TfjsToOnnxOptions}. */
export const TFJS_TO_ONNX_DEFAULTS: Readonly<Required<TfjsToOnnxOptions>> = Object.freeze({
  outputLayer: null,
  inputName: "pixel_values",
  outputName: "embedding",
  foldBatchNorm: true,
  metadata: Object.freeze({}),
});

/** Keras layer classes the converter handles. */
export const SUPPORTED_LAYERS = Object.freeze(
  [
    "InputLayer",
    "Conv2D",
    "DepthwiseConv2D",
    "BatchNormalization",
    "Activation",
    "ReLU",
    "ZeroPadding2D",
    "Add",
    "Concatenate",
    "MaxPooling2D",
    "AveragePooling2D",
    "GlobalAveragePooling2D",
    "Dropout",
    "Flatten",
    "Dense",
  ] as const,
);

/** Result of a conversion: the ONNX bytes and the shapes of its input and output (without the batch axis). */
export interface TfjsToOnnxResult {
  /** Serialized ONNX `ModelProto`. */
  readonly bytes: Uint8Array;
  /** Input dims `[C, H, W]`. */
  readonly inputDims: readonly number[];
  /** Output dims, e.g. `[768]`. */
  readonly outputDims: readonly number[];
  /** Name of the Keras layer the output comes from. */
  readonly outputLayer: string;
  /** Number of BatchNormalization layers folded into convolutions. */
  readonly foldedBatchNorms: number;
}

interface ConvOp {
  kind: "conv";
  input: string;
  output: string;
  w: Float32Array; // [cout, cin/group, kh, kw]
  wDims: number[];
  bias: Float32Array | null;
  group: number;
  strides: number[];
  dilations: number[];
  pads: number[]; // [top, left, bottom, right]
}
interface GenericOp {
  kind: "node";
  op: string;
  inputs: string[];
  output: string;
  attrs: Record<string, number | number[] | { float: number }>;
  consts?: { name: string; values: Float32Array; dims: number[] }[];
}
interface PadOp {
  kind: "pad";
  input: string;
  output: string;
  pads: number[];
  removed: boolean;
}
type Op = ConvOp | GenericOp | PadOp;
interface Tensor {
  name: string;
  dims: number[]; // [C, H, W] or [C]
  producer: Op | null;
}

/** The layers on the path to `outputLayer` and how many times each layer's output is read there. */
function layersToOutput(
  model: TfjsLayersModel,
  outputLayer: string,
): { needed: Set<string>; uses: Map<string, number> } {
  const byName = new Map(model.layers.map((l) => [l.name, l]));
  const needed = new Set<string>();
  const stack = [outputLayer];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (needed.has(name)) continue;
    needed.add(name);
    stack.push(...byName.get(name)!.inputs);
  }
  const uses = new Map<string, number>([[outputLayer, 1]]);
  for (const l of model.layers) {
    if (needed.has(l.name)) {
      for (const i of l.inputs) uses.set(i, (uses.get(i) ?? 0) + 1);
    }
  }
  return { needed, uses };
}

/** Keras' default BatchNormalization epsilon. */
const KERAS_BATCH_NORM_EPSILON = 1e-3;
/** Upper clip of ReLU6 (MobileNet's activation). */
const RELU6_MAX = 6;

/** ONNX ops of the Keras activations other than linear and relu6. */
const ACTIVATION_OPS: Readonly<Record<string, string>> = Object.freeze({
  relu: "Relu",
  sigmoid: "Sigmoid",
  tanh: "Tanh",
  softmax: "Softmax",
});

/** The state of one conversion: the intermediate ops in emission order, the tensors by Keras layer, counters. */
class Conversion {
  readonly ops: Op[] = [];
  readonly tensors = new Map<string, Tensor>();
  folded = 0;
  #counter = 0;
  constructor(
    readonly fn: string,
    readonly model: TfjsLayersModel,
    readonly options: Required<TfjsToOnnxOptions>,
    readonly uses: Map<string, number>,
  ) {}
  /** A new intermediate tensor name based on `base`. */
  fresh(base: string): string {
    return `${base}:${this.#counter++}`;
  }
  /** Weight `key` of `layer`; throws when a required one is missing. */
  weight(layer: TfjsLayer, key: string, required = true): TfjsWeight | null {
    const w = this.model.weights.get(`${layer.name}/${key}`);
    if (w === undefined && required) throw new TypeError(`${this.fn}: weight ${layer.name}/${key} missing`);
    return w ?? null;
  }
  /** Appends a plain ONNX node and returns its output tensor with `dims`. */
  node(op: Omit<GenericOp, "kind">, dims: number[]): Tensor {
    const node: GenericOp = { kind: "node", ...op };
    this.ops.push(node);
    return { name: op.output, dims, producer: node };
  }
  /** `Clip(0, max)` of `t`. */
  clip(t: Tensor, max: number, layerName: string): Tensor {
    return this.node({
      op: "Clip",
      inputs: [t.name],
      output: this.fresh(layerName),
      attrs: {},
      consts: [{ name: "min", values: new Float32Array([0]), dims: [] }, {
        name: "max",
        values: new Float32Array([max]),
        dims: [],
      }],
    }, t.dims);
  }
  /** Applies a Keras activation ("linear" and undefined: none). */
  activation(activation: string | undefined, t: Tensor, layerName: string): Tensor {
    const act = activation ?? "linear";
    if (act === "linear") return t;
    if (act === "relu6") return this.clip(t, RELU6_MAX, layerName);
    const op = Object.hasOwn(ACTIVATION_OPS, act) ? ACTIVATION_OPS[act] : undefined;
    if (op === undefined) throw new TypeError(`${this.fn}: activation '${act}' of layer ${layerName} is not supported`);
    const attrs: GenericOp["attrs"] = act === "softmax" ? { axis: 1 } : {};
    return this.node({ op, inputs: [t.name], output: this.fresh(layerName), attrs }, t.dims);
  }
}

/** Converts one Keras layer (its input tensors `ins`) and returns its output tensor. */
type LayerConverter = (cv: Conversion, layer: TfjsLayer, ins: Tensor[]) => Tensor;

/** Keras kernel [kh, kw, cin, m] → ONNX [cout, cin/group, kh, kw] (depthwise: m = depth multiplier, cout = cin·m). */
function onnxKernel(k: TfjsWeight, depthwise: boolean): { w: Float32Array; cout: number } {
  const [kh, kw, cin, m] = k.shape; // Conv2D: m = cout; depthwise: m = depth multiplier
  const cout = depthwise ? cin * m : m;
  const w = new Float32Array(cout * (depthwise ? 1 : cin) * kh * kw);
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      for (let ci = 0; ci < cin; ci++) {
        for (let j = 0; j < m; j++) {
          const v = k.values[((a * kw + b) * cin + ci) * m + j];
          if (depthwise) w[((ci * m + j) * kh + a) * kw + b] = v;
          else w[((j * cin + ci) * kh + a) * kw + b] = v;
        }
      }
    }
  }
  return { w, cout };
}

/** Conv2D / DepthwiseConv2D; `same` padding made explicit, a lone ZeroPadding2D before a `valid` one folded in. */
const convertConv: LayerConverter = (cv, layer, [x]) => {
  const { fn } = cv, c = layer.config;
  checkType(x.dims.length === 3, fn, `layer ${layer.name} needs a [C, H, W] input`);
  checkType((c.data_format ?? "channels_last") === "channels_last", fn, `layer ${layer.name} must be channels_last`);
  const depthwise = layer.className === "DepthwiseConv2D";
  const k = cv.weight(layer, depthwise ? "depthwise_kernel" : "kernel")!;
  const [kh, kw, cin] = k.shape;
  const { w, cout } = onnxKernel(k, depthwise);
  const strides = c.strides ?? [1, 1];
  const dilations = c.dilation_rate ?? [1, 1];
  let input = x;
  let pads = [0, 0, 0, 0];
  if (c.padding === "same") pads = samePads(x.dims[1], x.dims[2], [kh, kw], strides, dilations);
  else if (c.padding !== "valid") throw new TypeError(`${fn}: padding '${c.padding}' of ${layer.name} not supported`);
  if (c.padding === "valid" && x.producer?.kind === "pad" && cv.uses.get(layer.inputs[0]) === 1) {
    const pad = x.producer;
    pad.removed = true;
    pads = pad.pads.slice();
    input = cv.tensors.get(`@pad:${pad.output}`)!;
  }
  const bias = c.use_bias ? Float32Array.from(cv.weight(layer, "bias")!.values) : null;
  const output = cv.fresh(layer.name);
  const hIn = input.dims[1] + pads[0] + pads[2], wIn = input.dims[2] + pads[1] + pads[3];
  const op: ConvOp = {
    kind: "conv",
    input: input.name,
    output,
    w,
    wDims: [cout, depthwise ? 1 : cin, kh, kw],
    bias,
    group: depthwise ? cin : 1,
    strides,
    dilations,
    pads,
  };
  cv.ops.push(op);
  const dims = [cout, outSize(hIn, kh, strides[0], dilations[0]), outSize(wIn, kw, strides[1], dilations[1])];
  return cv.activation(c.activation, { name: output, dims, producer: op }, layer.name);
};

/** BatchNormalization: folded into the convolution that alone feeds it, else an ONNX BatchNormalization node. */
const convertBatchNorm: LayerConverter = (cv, layer, [x]) => {
  const { fn } = cv, c = layer.config;
  const eps = c.epsilon ?? KERAS_BATCH_NORM_EPSILON;
  const ch = x.dims[0];
  checkType(
    c.axis === -1 || c.axis === 3 || (Array.isArray(c.axis) && c.axis[0] === 3),
    fn,
    `BatchNormalization ${layer.name} must normalise the channel axis`,
  );
  const gamma = c.scale === false ? new Float32Array(ch).fill(1) : cv.weight(layer, "gamma")!.values;
  const beta = c.center === false ? new Float32Array(ch) : cv.weight(layer, "beta")!.values;
  const mean = cv.weight(layer, "moving_mean")!.values;
  const variance = cv.weight(layer, "moving_variance")!.values;
  const p = x.producer;
  if (cv.options.foldBatchNorm && p?.kind === "conv" && p.output === x.name && cv.uses.get(layer.inputs[0]) === 1) {
    // y = gamma (conv(x) + b − mean) / sqrt(var + eps) + beta  →  W' = s W, b' = s (b − mean) + beta
    const per = p.w.length / ch;
    const bias = p.bias ?? new Float32Array(ch);
    for (let oc = 0; oc < ch; oc++) {
      const s = gamma[oc] / Math.sqrt(variance[oc] + eps);
      for (let i = oc * per; i < (oc + 1) * per; i++) p.w[i] *= s;
      bias[oc] = s * (bias[oc] - mean[oc]) + beta[oc];
    }
    p.bias = bias;
    cv.folded++;
    return x;
  }
  return cv.node({
    op: "BatchNormalization",
    inputs: [x.name],
    output: cv.fresh(layer.name),
    attrs: { epsilon: { float: eps } },
    consts: [
      { name: "scale", values: Float32Array.from(gamma), dims: [ch] },
      { name: "B", values: Float32Array.from(beta), dims: [ch] },
      { name: "mean", values: Float32Array.from(mean), dims: [ch] },
      { name: "var", values: Float32Array.from(variance), dims: [ch] },
    ],
  }, x.dims);
};

/** ReLU layer: leaky (negative_slope), ReLU6, plain ReLU or a clip at max_value. */
const convertRelu: LayerConverter = (cv, layer, [x]) => {
  const { fn } = cv, c = layer.config;
  checkType(!c.threshold, fn, `ReLU ${layer.name} with a threshold is not supported`);
  const noMax = c.max_value === null || c.max_value === undefined;
  if (c.negative_slope) {
    const attrs = { alpha: { float: c.negative_slope } };
    const out = cv.node({ op: "LeakyRelu", inputs: [x.name], output: cv.fresh(layer.name), attrs }, x.dims);
    checkType(noMax, fn, `ReLU ${layer.name}: negative_slope with max_value not supported`);
    return out;
  }
  if (c.max_value === RELU6_MAX) return cv.activation("relu6", x, layer.name);
  if (noMax) return cv.activation("relu", x, layer.name);
  return cv.clip(x, c.max_value, layer.name);
};

/** ZeroPadding2D: a pad op that a following `valid` convolution may absorb (its input kept under `@pad:`). */
const convertZeroPadding: LayerConverter = (cv, layer, [x]) => {
  const p = layer.config.padding as number[][] | number[] | number;
  const [[t, b], [l, r]] = typeof p === "number"
    ? [[p, p], [p, p]]
    : Array.isArray(p[0])
    ? (p as number[][])
    : [[p[0] as number, p[0] as number], [p[1] as number, p[1] as number]];
  const output = cv.fresh(layer.name);
  const op: PadOp = { kind: "pad", input: x.name, output, pads: [t, l, b, r], removed: false };
  cv.ops.push(op);
  cv.tensors.set(`@pad:${output}`, x);
  return { name: output, dims: [x.dims[0], x.dims[1] + t + b, x.dims[2] + l + r], producer: op };
};

/** Add (a chain of binary Adds) and Concatenate (along channels). */
const convertMerge: LayerConverter = (cv, layer, ins) => {
  const x = ins[0];
  const output = cv.fresh(layer.name);
  if (layer.className === "Add") {
    let acc = ins[0].name;
    let out: Tensor = x;
    for (let i = 1; i < ins.length; i++) {
      const o2 = i === ins.length - 1 ? output : cv.fresh(layer.name);
      out = cv.node({ op: "Add", inputs: [acc, ins[i].name], output: o2, attrs: {} }, x.dims);
      acc = o2;
    }
    return { name: output, dims: x.dims, producer: out.producer };
  }
  const axis = layer.config.axis;
  checkType(axis === -1 || axis === 3, cv.fn, `Concatenate ${layer.name} must join channels, got axis ${axis}`);
  const dims = [ins.reduce((s, t) => s + t.dims[0], 0), x.dims[1], x.dims[2]];
  return cv.node({ op: "Concat", inputs: ins.map((t) => t.name), output, attrs: { axis: 1 } }, dims);
};

/** MaxPooling2D / AveragePooling2D. */
const convertPooling: LayerConverter = (cv, layer, [x]) => {
  const c = layer.config;
  const size = c.pool_size ?? [2, 2];
  const strides = c.strides ?? size;
  const pads = c.padding === "same" ? samePads(x.dims[1], x.dims[2], size, strides, [1, 1]) : [0, 0, 0, 0];
  const op = layer.className === "MaxPooling2D" ? "MaxPool" : "AveragePool";
  const dims = [
    x.dims[0],
    outSize(x.dims[1] + pads[0] + pads[2], size[0], strides[0], 1),
    outSize(x.dims[2] + pads[1] + pads[3], size[1], strides[1], 1),
  ];
  const attrs = { kernel_shape: size, strides, pads };
  return cv.node({ op, inputs: [x.name], output: cv.fresh(layer.name), attrs }, dims);
};

/** GlobalAveragePooling2D: GlobalAveragePool + Flatten → [C]. */
const convertGlobalPooling: LayerConverter = (cv, layer, [x]) => {
  const pooled = cv.fresh(layer.name);
  cv.node({ op: "GlobalAveragePool", inputs: [x.name], output: pooled, attrs: {} }, x.dims);
  const output = cv.fresh(`${layer.name}_flat`);
  return cv.node({ op: "Flatten", inputs: [pooled], output, attrs: { axis: 1 } }, [x.dims[0]]);
};

/** Flatten in Keras' channels-last order (a transpose to NHWC first unless the map is 1 × 1). */
const convertFlatten: LayerConverter = (cv, layer, [x]) => {
  if (x.dims.length === 1) return x;
  let src = x.name;
  if (x.dims[1] !== 1 || x.dims[2] !== 1) {
    src = cv.fresh(`${layer.name}_nhwc`);
    cv.node({ op: "Transpose", inputs: [x.name], output: src, attrs: { perm: [0, 2, 3, 1] } }, x.dims);
  }
  const dims = [x.dims[0] * x.dims[1] * x.dims[2]];
  return cv.node({ op: "Flatten", inputs: [src], output: cv.fresh(layer.name), attrs: { axis: 1 } }, dims);
};

/** Dense: Gemm with the Keras kernel [in, out] and optional bias, then the activation. */
const convertDense: LayerConverter = (cv, layer, [x]) => {
  const c = layer.config;
  checkType(x.dims.length === 1, cv.fn, `Dense ${layer.name} needs a flat input`);
  const k = cv.weight(layer, "kernel")!;
  const output = cv.fresh(layer.name);
  const consts = [{ name: "W", values: Float32Array.from(k.values), dims: k.shape.slice() }];
  if (c.use_bias) {
    consts.push({ name: "b", values: Float32Array.from(cv.weight(layer, "bias")!.values), dims: [k.shape[1]] });
  }
  const gemm = cv.node({ op: "Gemm", inputs: [x.name], output, attrs: {}, consts }, [k.shape[1]]);
  return cv.activation(c.activation, gemm, layer.name);
};

/** The converter of each supported layer class (InputLayer is the graph input). */
const LAYER_CONVERTERS: Readonly<Record<string, LayerConverter>> = Object.freeze({
  Conv2D: convertConv,
  DepthwiseConv2D: convertConv,
  BatchNormalization: convertBatchNorm,
  Activation: (cv, layer, [x]) => cv.activation(layer.config.activation, x, layer.name),
  ReLU: convertRelu,
  ZeroPadding2D: convertZeroPadding,
  Add: convertMerge,
  Concatenate: convertMerge,
  MaxPooling2D: convertPooling,
  AveragePooling2D: convertPooling,
  GlobalAveragePooling2D: convertGlobalPooling,
  Dropout: (_cv, _layer, [x]) => x,
  Flatten: convertFlatten,
  Dense: convertDense,
});

/** Writes the ops (skipping absorbed pads) as an ONNX graph from the input to `last`; returns the model bytes. */
function emitOnnx(cv: Conversion, inDims: number[], last: Tensor, outputLayer: string): Uint8Array {
  const o = cv.options;
  const g = new OnnxGraphBuilder();
  const rename = new Map<string, string>([[o.inputName, g.fresh(o.inputName)]]);
  const name = (t: string) => {
    const n = rename.get(t);
    if (n === undefined) throw new Error(`internal: tensor ${t} used before it was produced`);
    return n;
  };
  for (const op of cv.ops) {
    if (op.kind === "conv") {
      const w = g.addFloat(`${op.output}/W`, op.w, op.wDims);
      const inputs = [name(op.input), w];
      if (op.bias) inputs.push(g.addFloat(`${op.output}/B`, op.bias, [op.bias.length]));
      rename.set(
        op.output,
        g.addNode("Conv", inputs, op.output, {
          kernel_shape: op.wDims.slice(2),
          strides: op.strides,
          dilations: op.dilations,
          pads: op.pads,
          group: op.group,
        }),
      );
    } else if (op.kind === "pad") {
      if (op.removed) continue;
      const pads = g.addInt64(`${op.output}/pads`, [0, 0, op.pads[0], op.pads[1], 0, 0, op.pads[2], op.pads[3]]);
      rename.set(op.output, g.addNode("Pad", [name(op.input), pads], op.output));
    } else {
      const inputs = op.inputs.map(name);
      for (const k of op.consts ?? []) inputs.push(g.addFloat(`${op.output}/${k.name}`, k.values, k.dims));
      rename.set(op.output, g.addNode(op.op, inputs, op.output, op.attrs));
    }
  }
  const outName = g.addNode("Identity", [name(last.name)], o.outputName);
  return g.encode({ name: rename.get(o.inputName)!, dims: inDims }, { name: outName, dims: last.dims }, {
    producer: "blind-match tfjs_to_onnx",
    metadata: { ...o.metadata, layout: "NCHW", source_output_layer: outputLayer },
  });
}

/** Converts a TF.js layers model to ONNX; throws a TypeError naming the first unsupported layer on the path to the output. */
export function convertTfjsLayersToOnnx(model: TfjsLayersModel, options: TfjsToOnnxOptions = {}): TfjsToOnnxResult {
  const fn = "convertTfjsLayersToOnnx";
  checkKnownKeys(options, Object.keys(TFJS_TO_ONNX_DEFAULTS), fn);
  const o = withDefaults(TFJS_TO_ONNX_DEFAULTS, options);
  let outputLayer = o.outputLayer;
  if (outputLayer === null) {
    const gaps = model.layers.filter((l) => l.className === "GlobalAveragePooling2D");
    outputLayer = gaps.length > 0 ? gaps[gaps.length - 1].name : model.output;
  }
  checkType(
    model.layers.some((l) => l.name === outputLayer),
    fn,
    `options.outputLayer must name a layer, got '${outputLayer}'`,
  );
  const { needed, uses } = layersToOutput(model, outputLayer);
  const cv = new Conversion(fn, model, o, uses);
  const [h0, w0, c0] = model.inputShape;
  checkType(
    model.inputShape.length === 3 && h0 !== null && w0 !== null,
    fn,
    `model input must be [H, W, C] with fixed size, got [${model.inputShape}]`,
  );
  cv.tensors.set(model.layers[0].name, { name: o.inputName, dims: [c0, h0, w0], producer: null });
  for (const layer of model.layers) {
    if (!needed.has(layer.name) || layer.className === "InputLayer") continue;
    const convert = LAYER_CONVERTERS[layer.className];
    if (convert === undefined) {
      throw new TypeError(
        `${fn}: layer ${layer.name} of class ${layer.className} is not supported (supported: ${
          SUPPORTED_LAYERS.join(", ")
        })`,
      );
    }
    cv.tensors.set(layer.name, convert(cv, layer, layer.inputs.map((n) => cv.tensors.get(n)!)));
  }
  const last = cv.tensors.get(outputLayer)!;
  const inDims = [c0, h0, w0];
  const bytes = emitOnnx(cv, inDims, last, outputLayer);
  return { bytes, inputDims: inDims, outputDims: last.dims, outputLayer, foldedBatchNorms: cv.folded };
}
