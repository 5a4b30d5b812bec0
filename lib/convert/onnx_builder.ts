/**
 * A minimal ONNX graph builder over the `onnx-proto` protobuf classes: float32 initializers, nodes with int / ints /
 * float attributes, one float32 input and output with a symbolic batch axis. Enough for feed-forward CNN exports.
 * @module
 */
import onnxProto from "onnx-proto";

const { onnx } = onnxProto as any;

/** Attribute values the builder writes: integer, integer list or float. */
export type OnnxAttribute = number | readonly number[] | { readonly float: number };

/** ONNX opset the builder targets (Clip and Pad take their bounds as inputs from opset 11 on). */
export const ONNX_OPSET = 13;

/** Collects nodes and initializers, then encodes a `ModelProto`. */
export class OnnxGraphBuilder {
  #nodes: unknown[] = [];
  #initializers: unknown[] = [];
  #names = new Set<string>();
  #counter = 0;

  /** A fresh tensor name starting with `base`. */
  fresh(base: string): string {
    let name = base;
    while (this.#names.has(name)) name = `${base}_${++this.#counter}`;
    this.#names.add(name);
    return name;
  }

  /** Adds a float32 initializer and returns its name. */
  addFloat(base: string, values: Float32Array, dims: readonly number[]): string {
    const name = this.fresh(base);
    const bytes = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
    this.#initializers.push(
      onnx.TensorProto.create({ name, dims: dims.slice(), dataType: onnx.TensorProto.DataType.FLOAT, rawData: bytes }),
    );
    return name;
  }

  /** Adds an int64 initializer and returns its name. */
  addInt64(base: string, values: readonly number[]): string {
    const name = this.fresh(base);
    this.#initializers.push(
      onnx.TensorProto.create({
        name,
        dims: [values.length],
        dataType: onnx.TensorProto.DataType.INT64,
        int64Data: values.slice(),
      }),
    );
    return name;
  }

  /** Adds a node `opType(inputs) → output` (output name made fresh from `outputBase`) and returns the output name. */
  addNode(
    opType: string,
    inputs: readonly string[],
    outputBase: string,
    attributes: Record<string, OnnxAttribute> = {},
  ): string {
    const output = this.fresh(outputBase);
    const attribute = Object.entries(attributes).map(([name, value]) => {
      const T = onnx.AttributeProto.AttributeType;
      if (typeof value === "number") return onnx.AttributeProto.create({ name, type: T.INT, i: value });
      if (Array.isArray(value)) {
        return onnx.AttributeProto.create({ name, type: T.INTS, ints: (value as number[]).slice() });
      }
      return onnx.AttributeProto.create({ name, type: T.FLOAT, f: (value as { float: number }).float });
    });
    this.#nodes.push(
      onnx.NodeProto.create({ opType, input: inputs.slice(), output: [output], name: output, attribute }),
    );
    return output;
  }

  /** Encodes the model with one float32 input `[batch, ...inputDims]` and one float32 output `[batch, ...outputDims]`. */
  encode(
    input: { name: string; dims: readonly number[] },
    output: { name: string; dims: readonly number[] },
    meta: { producer: string; docString?: string; metadata?: Record<string, string> },
  ): Uint8Array {
    const valueInfo = (name: string, dims: readonly number[]) =>
      onnx.ValueInfoProto.create({
        name,
        type: onnx.TypeProto.create({
          tensorType: onnx.TypeProto.Tensor.create({
            elemType: onnx.TensorProto.DataType.FLOAT,
            shape: onnx.TensorShapeProto.create({
              dim: [
                onnx.TensorShapeProto.Dimension.create({ dimParam: "batch" }),
                ...dims.map((d) => onnx.TensorShapeProto.Dimension.create({ dimValue: d })),
              ],
            }),
          }),
        }),
      });
    const graph = onnx.GraphProto.create({
      name: "graph",
      node: this.#nodes,
      initializer: this.#initializers,
      input: [valueInfo(input.name, input.dims)],
      output: [valueInfo(output.name, output.dims)],
    });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [onnx.OperatorSetIdProto.create({ domain: "", version: ONNX_OPSET })],
      producerName: meta.producer,
      docString: meta.docString ?? "",
      metadataProps: Object.entries(meta.metadata ?? {}).map(([key, value]) =>
        onnx.StringStringEntryProto.create({ key, value })
      ),
      graph,
    });
    return onnx.ModelProto.encode(model).finish() as Uint8Array;
  }
}
