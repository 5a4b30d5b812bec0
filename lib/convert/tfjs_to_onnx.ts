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

/** Converts a TF.js layers model to ONNX; throws a TypeError naming the first unsupported layer on the path to the output. */
export function convertTfjsLayersToOnnx(model: TfjsLayersModel, options: TfjsToOnnxOptions = {}): TfjsToOnnxResult {
  const fn = "convertTfjsLayersToOnnx";
  checkKnownKeys(options, Object.keys(TFJS_TO_ONNX_DEFAULTS), fn);
  const o = { ...TFJS_TO_ONNX_DEFAULTS, ...options };
  const byName = new Map(model.layers.map((l) => [l.name, l]));
  let outputLayer = o.outputLayer;
  if (outputLayer === null) {
    const gaps = model.layers.filter((l) => l.className === "GlobalAveragePooling2D");
    outputLayer = gaps.length > 0 ? gaps[gaps.length - 1].name : model.output;
  }
  checkType(byName.has(outputLayer), fn, `options.outputLayer must name a layer, got '${outputLayer}'`);
  // Ancestors of the output and how many times each layer output is read.
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

  const ops: Op[] = [];
  const tensors = new Map<string, Tensor>();
  let folded = 0;
  let counter = 0;
  const fresh = (base: string) => `${base}:${counter++}`;
  const inputLayer = model.layers[0];
  const [h0, w0, c0] = model.inputShape;
  checkType(
    model.inputShape.length === 3 && h0 !== null && w0 !== null,
    fn,
    `model input must be [H, W, C] with fixed size, got [${model.inputShape}]`,
  );
  tensors.set(inputLayer.name, { name: o.inputName, dims: [c0, h0, w0], producer: null });

  const weight = (layer: TfjsLayer, key: string, required = true): TfjsWeight | null => {
    const w = model.weights.get(`${layer.name}/${key}`);
    if (w === undefined && required) throw new TypeError(`${fn}: weight ${layer.name}/${key} missing`);
    return w ?? null;
  };
  const emitActivation = (activation: string | undefined, t: Tensor, layerName: string): Tensor => {
    const act = activation ?? "linear";
    if (act === "linear") return t;
    if (act === "relu" || act === "relu6" || act === "sigmoid" || act === "tanh" || act === "softmax") {
      const output = fresh(layerName);
      if (act === "relu6") {
        ops.push({
          kind: "node",
          op: "Clip",
          inputs: [t.name],
          output,
          attrs: {},
          consts: [{ name: "min", values: new Float32Array([0]), dims: [] }, {
            name: "max",
            values: new Float32Array([6]),
            dims: [],
          }],
        });
      } else {
        const op = { relu: "Relu", sigmoid: "Sigmoid", tanh: "Tanh", softmax: "Softmax" }[act]!;
        ops.push({ kind: "node", op, inputs: [t.name], output, attrs: act === "softmax" ? { axis: 1 } : {} });
      }
      return { name: output, dims: t.dims, producer: ops[ops.length - 1] };
    }
    throw new TypeError(`${fn}: activation '${act}' of layer ${layerName} is not supported`);
  };

  for (const layer of model.layers) {
    if (!needed.has(layer.name) || layer.className === "InputLayer") continue;
    const c = layer.config;
    const ins = layer.inputs.map((n) => tensors.get(n)!);
    const x = ins[0];
    let out: Tensor;
    switch (layer.className) {
      case "Conv2D":
      case "DepthwiseConv2D": {
        checkType(x.dims.length === 3, fn, `layer ${layer.name} needs a [C, H, W] input`);
        checkType(
          (c.data_format ?? "channels_last") === "channels_last",
          fn,
          `layer ${layer.name} must be channels_last`,
        );
        const depthwise = layer.className === "DepthwiseConv2D";
        const k = weight(layer, depthwise ? "depthwise_kernel" : "kernel")!;
        const [kh, kw, cin, m] = k.shape; // Conv2D: m = cout; depthwise: m = depth multiplier
        const cout = depthwise ? cin * m : m;
        const w = new Float32Array(cout * (depthwise ? 1 : cin) * kh * kw);
        // Keras kernel [kh, kw, cin, m] → ONNX [cout, cin/group, kh, kw]
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
        const strides = c.strides ?? [1, 1];
        const dilations = c.dilation_rate ?? [1, 1];
        let input = x;
        let pads = [0, 0, 0, 0];
        if (c.padding === "same") pads = samePads(x.dims[1], x.dims[2], [kh, kw], strides, dilations);
        else if (c.padding !== "valid") {
          throw new TypeError(`${fn}: padding '${c.padding}' of ${layer.name} not supported`);
        }
        if (c.padding === "valid" && x.producer?.kind === "pad" && uses.get(layer.inputs[0]) === 1) {
          const pad = x.producer;
          pad.removed = true;
          pads = pad.pads.slice();
          input = tensors.get(`@pad:${pad.output}`)!;
        }
        const bias = c.use_bias ? Float32Array.from(weight(layer, "bias")!.values) : null;
        const output = fresh(layer.name);
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
        ops.push(op);
        const dims = [cout, outSize(hIn, kh, strides[0], dilations[0]), outSize(wIn, kw, strides[1], dilations[1])];
        out = emitActivation(c.activation, { name: output, dims, producer: op }, layer.name);
        break;
      }
      case "BatchNormalization": {
        const eps = c.epsilon ?? 1e-3;
        const ch = x.dims[0];
        checkType(
          c.axis === -1 || c.axis === 3 || (Array.isArray(c.axis) && c.axis[0] === 3),
          fn,
          `BatchNormalization ${layer.name} must normalise the channel axis`,
        );
        const gamma = c.scale === false ? new Float32Array(ch).fill(1) : weight(layer, "gamma")!.values;
        const beta = c.center === false ? new Float32Array(ch) : weight(layer, "beta")!.values;
        const mean = weight(layer, "moving_mean")!.values;
        const variance = weight(layer, "moving_variance")!.values;
        const p = x.producer;
        if (o.foldBatchNorm && p?.kind === "conv" && p.output === x.name && uses.get(layer.inputs[0]) === 1) {
          // y = gamma (conv(x) + b − mean) / sqrt(var + eps) + beta  →  W' = s W, b' = s (b − mean) + beta
          const per = p.w.length / ch;
          const bias = p.bias ?? new Float32Array(ch);
          for (let oc = 0; oc < ch; oc++) {
            const s = gamma[oc] / Math.sqrt(variance[oc] + eps);
            for (let i = oc * per; i < (oc + 1) * per; i++) p.w[i] *= s;
            bias[oc] = s * (bias[oc] - mean[oc]) + beta[oc];
          }
          p.bias = bias;
          folded++;
          out = x;
        } else {
          const output = fresh(layer.name);
          ops.push({
            kind: "node",
            op: "BatchNormalization",
            inputs: [x.name],
            output,
            attrs: { epsilon: { float: eps } },
            consts: [
              { name: "scale", values: Float32Array.from(gamma), dims: [ch] },
              { name: "B", values: Float32Array.from(beta), dims: [ch] },
              { name: "mean", values: Float32Array.from(mean), dims: [ch] },
              { name: "var", values: Float32Array.from(variance), dims: [ch] },
            ],
          });
          out = { name: output, dims: x.dims, producer: ops[ops.length - 1] };
        }
        break;
      }
      case "Activation":
        out = emitActivation(c.activation, x, layer.name);
        break;
      case "ReLU": {
        checkType(!c.threshold, fn, `ReLU ${layer.name} with a threshold is not supported`);
        if (c.negative_slope) {
          const output = fresh(layer.name);
          ops.push({
            kind: "node",
            op: "LeakyRelu",
            inputs: [x.name],
            output,
            attrs: { alpha: { float: c.negative_slope } },
          });
          out = { name: output, dims: x.dims, producer: ops[ops.length - 1] };
          checkType(
            c.max_value === null || c.max_value === undefined,
            fn,
            `ReLU ${layer.name}: negative_slope with max_value not supported`,
          );
        } else if (c.max_value === 6) out = emitActivation("relu6", x, layer.name);
        else if (c.max_value === null || c.max_value === undefined) out = emitActivation("relu", x, layer.name);
        else {
          const output = fresh(layer.name);
          ops.push({
            kind: "node",
            op: "Clip",
            inputs: [x.name],
            output,
            attrs: {},
            consts: [{ name: "min", values: new Float32Array([0]), dims: [] }, {
              name: "max",
              values: new Float32Array([c.max_value]),
              dims: [],
            }],
          });
          out = { name: output, dims: x.dims, producer: ops[ops.length - 1] };
        }
        break;
      }
      case "ZeroPadding2D": {
        const p = c.padding as number[][] | number[] | number;
        const [[t, b], [l, r]] = typeof p === "number"
          ? [[p, p], [p, p]]
          : Array.isArray(p[0])
          ? (p as number[][])
          : [[p[0] as number, p[0] as number], [p[1] as number, p[1] as number]];
        const output = fresh(layer.name);
        const op: PadOp = { kind: "pad", input: x.name, output, pads: [t, l, b, r], removed: false };
        ops.push(op);
        tensors.set(`@pad:${output}`, x);
        out = { name: output, dims: [x.dims[0], x.dims[1] + t + b, x.dims[2] + l + r], producer: op };
        break;
      }
      case "Add":
      case "Concatenate": {
        const output = fresh(layer.name);
        if (layer.className === "Add") {
          let acc = ins[0].name;
          for (let i = 1; i < ins.length; i++) {
            const o2 = i === ins.length - 1 ? output : fresh(layer.name);
            ops.push({ kind: "node", op: "Add", inputs: [acc, ins[i].name], output: o2, attrs: {} });
            acc = o2;
          }
          out = { name: output, dims: x.dims, producer: ops[ops.length - 1] };
        } else {
          checkType(
            c.axis === -1 || c.axis === 3,
            fn,
            `Concatenate ${layer.name} must join channels, got axis ${c.axis}`,
          );
          ops.push({ kind: "node", op: "Concat", inputs: ins.map((t) => t.name), output, attrs: { axis: 1 } });
          out = {
            name: output,
            dims: [ins.reduce((s, t) => s + t.dims[0], 0), x.dims[1], x.dims[2]],
            producer: ops[ops.length - 1],
          };
        }
        break;
      }
      case "MaxPooling2D":
      case "AveragePooling2D": {
        const size = c.pool_size ?? [2, 2];
        const strides = c.strides ?? size;
        const pads = c.padding === "same" ? samePads(x.dims[1], x.dims[2], size, strides, [1, 1]) : [0, 0, 0, 0];
        const output = fresh(layer.name);
        const op = layer.className === "MaxPooling2D" ? "MaxPool" : "AveragePool";
        ops.push({ kind: "node", op, inputs: [x.name], output, attrs: { kernel_shape: size, strides, pads } });
        out = {
          name: output,
          dims: [
            x.dims[0],
            outSize(x.dims[1] + pads[0] + pads[2], size[0], strides[0], 1),
            outSize(x.dims[2] + pads[1] + pads[3], size[1], strides[1], 1),
          ],
          producer: ops[ops.length - 1],
        };
        break;
      }
      case "GlobalAveragePooling2D": {
        const pooled = fresh(layer.name);
        ops.push({ kind: "node", op: "GlobalAveragePool", inputs: [x.name], output: pooled, attrs: {} });
        const output = fresh(`${layer.name}_flat`);
        ops.push({ kind: "node", op: "Flatten", inputs: [pooled], output, attrs: { axis: 1 } });
        out = { name: output, dims: [x.dims[0]], producer: ops[ops.length - 1] };
        break;
      }
      case "Dropout":
        out = x;
        break;
      case "Flatten": {
        if (x.dims.length === 1) {
          out = x;
          break;
        }
        let src = x.name;
        if (x.dims[1] !== 1 || x.dims[2] !== 1) { // Keras flattens channels-last: go to NHWC first
          src = fresh(`${layer.name}_nhwc`);
          ops.push({ kind: "node", op: "Transpose", inputs: [x.name], output: src, attrs: { perm: [0, 2, 3, 1] } });
        }
        const output = fresh(layer.name);
        ops.push({ kind: "node", op: "Flatten", inputs: [src], output, attrs: { axis: 1 } });
        out = { name: output, dims: [x.dims[0] * x.dims[1] * x.dims[2]], producer: ops[ops.length - 1] };
        break;
      }
      case "Dense": {
        checkType(x.dims.length === 1, fn, `Dense ${layer.name} needs a flat input`);
        const k = weight(layer, "kernel")!;
        const output = fresh(layer.name);
        const consts = [{ name: "W", values: Float32Array.from(k.values), dims: k.shape.slice() }];
        if (c.use_bias) {
          consts.push({ name: "b", values: Float32Array.from(weight(layer, "bias")!.values), dims: [k.shape[1]] });
        }
        ops.push({ kind: "node", op: "Gemm", inputs: [x.name], output, attrs: {}, consts });
        out = emitActivation(
          c.activation,
          { name: output, dims: [k.shape[1]], producer: ops[ops.length - 1] },
          layer.name,
        );
        break;
      }
      default:
        throw new TypeError(
          `${fn}: layer ${layer.name} of class ${layer.className} is not supported (supported: ${
            SUPPORTED_LAYERS.join(", ")
          })`,
        );
    }
    tensors.set(layer.name, out);
  }

  // Emit the ONNX graph.
  const g = new OnnxGraphBuilder();
  const rename = new Map<string, string>([[o.inputName, g.fresh(o.inputName)]]);
  const name = (t: string) => {
    const n = rename.get(t);
    if (n === undefined) throw new Error(`internal: tensor ${t} used before it was produced`);
    return n;
  };
  for (const op of ops) {
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
  const last = tensors.get(outputLayer)!;
  const outName = g.addNode("Identity", [name(last.name)], o.outputName);
  const inDims = [c0, h0, w0];
  const bytes = g.encode({ name: rename.get(o.inputName)!, dims: inDims }, { name: outName, dims: last.dims }, {
    producer: "blind-match tfjs_to_onnx",
    metadata: { ...o.metadata, layout: "NCHW", source_output_layer: outputLayer },
  });
  return { bytes, inputDims: inDims, outputDims: last.dims, outputLayer, foldedBatchNorms: folded };
}
