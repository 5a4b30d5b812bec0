/**
 * Reads a TF.js *layers* model (`model.json` + binary weight shards) into a flat list of layers with resolved inputs
 * and a weight table. Nested `Model` / `Functional` / `Sequential` containers are inlined, so a Teachable-Machine
 * export (Sequential → Model → layers) reads the same as a plain functional model.
 * @module
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DataNotFoundError } from "../core/errors.ts";

/** One weight tensor of a TF.js model: float32 values in TF.js (channels-last, Keras) layout. */
export interface TfjsWeight {
  /** Full weight name, e.g. `conv1/kernel`. */
  readonly name: string;
  /** Shape, e.g. `[3, 3, 3, 24]` for a Conv2D kernel `[kh, kw, cin, cout]`. */
  readonly shape: readonly number[];
  /** Values, row-major over `shape`. */
  readonly values: Float32Array;
}

/** One layer after inlining nested models: Keras class, config, and the names of the layers it reads. */
export interface TfjsLayer {
  /** Unique layer name (weights are `<name>/<weight>`). */
  readonly name: string;
  /** Keras class name, e.g. `Conv2D`, `DepthwiseConv2D`, `BatchNormalization`, `InputLayer`. */
  readonly className: string;
  /** The Keras layer config as stored in `model.json`. */
  readonly config: Readonly<Record<string, any>>;
  /** Names of the input layers (already resolved through nested-model boundaries). */
  readonly inputs: readonly string[];
}

/** A TF.js layers model in memory. */
export interface TfjsLayersModel {
  /** Layers in topological order (the first is the single `InputLayer`). */
  readonly layers: readonly TfjsLayer[];
  /** Name of the layer whose output is the model output. */
  readonly output: string;
  /** Weights by full name. */
  readonly weights: ReadonlyMap<string, TfjsWeight>;
  /** Input shape without the batch axis, channels-last, e.g. `[224, 224, 3]`. */
  readonly inputShape: readonly number[];
  /** The raw `modelTopology` JSON (for TF.js reference runs). */
  readonly topology: unknown;
  /** The raw weight specs, in shard order (for TF.js reference runs). */
  readonly weightSpecs: readonly { name: string; shape: number[]; dtype: string }[];
  /** All shard bytes concatenated (for TF.js reference runs). */
  readonly weightData: ArrayBuffer;
}

/** Reads `model.json` and its weight shards from `path` (a file or the folder holding `model.json`). */
export function readTfjsLayersModel(path: string): TfjsLayersModel {
  const file = path.endsWith(".json") ? path : join(path, "model.json");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new DataNotFoundError(file, "give the folder of a TF.js layers model (model.json + weight shards)");
  }
  const json = JSON.parse(text);
  const dir = dirname(file);
  const groups = json.weightsManifest as {
    paths: string[];
    weights: { name: string; shape: number[]; dtype: string; quantization?: unknown }[];
  }[];
  if (!Array.isArray(groups)) throw new TypeError(`readTfjsLayersModel: ${file} has no weightsManifest`);
  const buffers: Uint8Array[] = [];
  for (const group of groups) for (const p of group.paths) buffers.push(readFileSync(join(dir, p)));
  const total = buffers.reduce((s, b) => s + b.length, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const b of buffers) {
    all.set(b, at);
    at += b.length;
  }
  return parseTfjsLayersModel(json, all.buffer);
}

/** Parses an in-memory TF.js layers model: `json` is the parsed `model.json`, `weightData` the concatenated shards. */
export function parseTfjsLayersModel(json: any, weightData: ArrayBuffer): TfjsLayersModel {
  const fn = "parseTfjsLayersModel";
  const topology = json.modelTopology;
  if (topology === undefined) throw new TypeError(`${fn}: model.json has no modelTopology (is it a graph model?)`);
  const weightSpecs =
    (json.weightsManifest as { weights: { name: string; shape: number[]; dtype: string; quantization?: unknown }[] }[])
      .flatMap((g) => g.weights);
  const weights = new Map<string, TfjsWeight>();
  let offset = 0;
  for (const spec of weightSpecs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const q = spec.quantization as { dtype: string; min?: number; scale?: number } | undefined;
    if (spec.dtype !== "float32") throw new RangeError(`${fn}: weight ${spec.name} must be float32, got ${spec.dtype}`);
    let values: Float32Array;
    if (q === undefined) {
      if (offset + 4 * size > weightData.byteLength) {
        throw new RangeError(`${fn}: weight shards too short at ${spec.name}`);
      }
      values = new Float32Array(weightData.slice(offset, offset + 4 * size));
      offset += 4 * size;
    } else if (q.dtype === "uint8" || q.dtype === "uint16") {
      // TF.js affine quantisation: value = min + scale · q
      const bytes = q.dtype === "uint8" ? 1 : 2;
      if (offset + bytes * size > weightData.byteLength) {
        throw new RangeError(`${fn}: weight shards too short at ${spec.name}`);
      }
      const raw = bytes === 1
        ? new Uint8Array(weightData.slice(offset, offset + size))
        : new Uint16Array(weightData.slice(offset, offset + 2 * size));
      values = new Float32Array(size);
      for (let i = 0; i < size; i++) values[i] = (q.min ?? 0) + (q.scale ?? 1) * raw[i];
      offset += bytes * size;
    } else throw new RangeError(`${fn}: weight ${spec.name} has unsupported quantisation ${q.dtype}`);
    weights.set(spec.name, { name: spec.name, shape: spec.shape.slice(), values });
  }
  const layers: TfjsLayer[] = [];
  const alias = new Map<string, string>();
  const resolve = (name: string) => {
    let n = name;
    while (alias.has(n)) n = alias.get(n)!;
    return n;
  };
  const root = topology.model_config ?? topology;
  const output = inline(root, null, layers, alias, resolve);
  const first = layers[0];
  if (first === undefined || first.className !== "InputLayer") throw new TypeError(`${fn}: model has no InputLayer`);
  const shape = (first.config.batch_input_shape ?? first.config.batchInputShape) as (number | null)[];
  return {
    layers,
    output: resolve(output),
    weights,
    inputShape: shape.slice(1) as number[],
    topology,
    weightSpecs: weightSpecs.map((s) => ({ name: s.name, shape: s.shape, dtype: s.dtype })),
    weightData,
  };
}

function inline(
  container: any,
  input: string | null,
  out: TfjsLayer[],
  alias: Map<string, string>,
  resolve: (n: string) => string,
): string {
  const cls = container.class_name;
  const cfg = container.config;
  if (cls === "Sequential") {
    const list: any[] = Array.isArray(cfg) ? cfg : cfg.layers;
    let current = input;
    for (const layer of list) {
      if (current === null && layer.class_name !== "InputLayer" && !isContainer(layer)) {
        const shape = layer.config.batch_input_shape;
        if (!shape) throw new TypeError("parseTfjsLayersModel: Sequential model without an input shape");
        const name = `${cfg.name ?? "sequential"}_input`;
        out.push({ name, className: "InputLayer", config: { batch_input_shape: shape }, inputs: [] });
        current = name;
      }
      if (layer.class_name === "InputLayer") {
        if (current === null) {
          out.push({ name: layer.config.name, className: "InputLayer", config: layer.config, inputs: [] });
          current = layer.config.name;
        }
        continue;
      }
      current = isContainer(layer) ? inline(layer, current, out, alias, resolve) : push(layer, [current!], out);
    }
    return current!;
  }
  if (cls === "Model" || cls === "Functional") {
    for (const layer of cfg.layers) {
      const name = layer.config.name ?? layer.name;
      if (layer.class_name === "InputLayer") {
        if (input === null) out.push({ name, className: "InputLayer", config: layer.config, inputs: [] });
        else alias.set(name, input);
        continue;
      }
      const inbound = (layer.inbound_nodes?.[0] ?? []) as any[];
      const inputs = inbound.map((node) =>
        resolve(Array.isArray(node) ? node[0] : node.args?.[0]?.config?.keras_history?.[0])
      );
      if (isContainer(layer)) {
        if (inputs.length !== 1) throw new RangeError(`parseTfjsLayersModel: nested model ${name} must have one input`);
        alias.set(name, inline(layer, inputs[0], out, alias, resolve));
      } else push(layer, inputs, out);
    }
    const outputs = cfg.output_layers as any[];
    if (outputs.length !== 1) {
      throw new RangeError(`parseTfjsLayersModel: model must have one output, got ${outputs.length}`);
    }
    return resolve(outputs[0][0]);
  }
  throw new TypeError(`parseTfjsLayersModel: unsupported container ${cls}`);
}

function isContainer(layer: any): boolean {
  return layer.class_name === "Sequential" || layer.class_name === "Model" || layer.class_name === "Functional";
}

function push(layer: any, inputs: string[], out: TfjsLayer[]): string {
  const name = layer.config.name ?? layer.name;
  out.push({ name, className: layer.class_name, config: layer.config, inputs });
  return name;
}
