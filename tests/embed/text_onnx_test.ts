import assert from "node:assert/strict";
import onnxProto from "onnx-proto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataNotFoundError } from "../../lib/core/errors.ts";
import { loadOnnxTextEncoder, loadTokenizerFile } from "../../lib/embed/text_onnx.ts";

const { onnx } = onnxProto as any;

// A tiny BERT-style WordPiece tokenizer.json (lowercasing, [CLS] … [SEP]).
const VOCAB: Record<string, number> = {
  "[PAD]": 0,
  "[UNK]": 1,
  "[CLS]": 2,
  "[SEP]": 3,
  a: 4,
  photo: 5,
  of: 6,
  cat: 7,
  dog: 8,
  "##s": 9,
  ".": 10,
};
const TOKENIZER = {
  version: "1.0",
  truncation: null,
  padding: null,
  added_tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]"].map((content, id) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  })),
  normalizer: {
    type: "BertNormalizer",
    clean_text: true,
    handle_chinese_chars: true,
    strip_accents: null,
    lowercase: true,
  },
  pre_tokenizer: { type: "BertPreTokenizer" },
  post_processor: { type: "BertProcessing", sep: ["[SEP]", 3], cls: ["[CLS]", 2] },
  decoder: { type: "WordPiece", prefix: "##", cleanup: true },
  model: {
    type: "WordPiece",
    unk_token: "[UNK]",
    continuing_subword_prefix: "##",
    max_input_chars_per_word: 100,
    vocab: VOCAB,
  },
};
const V = Object.keys(VOCAB).length, H = 3;
// Token embedding table E[v] = [v, v², 1 + (v mod 2)], so pooled values are easy to recompute.
const TABLE = Array.from({ length: V }, (_, v) => [v, v * v, 1 + (v % 2)]);

/** input_ids, attention_mask (int64) → last_hidden_state = E[input_ids] (batch × seq × H); optionally a 2-D
 * sentence_embedding = ReduceMax over tokens. */
function tinyModel(withSentenceOutput: boolean): Uint8Array {
  const T = onnx.TensorProto.DataType;
  const info = (name: string, elemType: number, dims: (string | number)[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: onnx.TypeProto.create({
        tensorType: onnx.TypeProto.Tensor.create({
          elemType,
          shape: onnx.TensorShapeProto.create({
            dim: dims.map((d) =>
              onnx.TensorShapeProto.Dimension.create(typeof d === "string" ? { dimParam: d } : { dimValue: d })
            ),
          }),
        }),
      }),
    });
  const nodes = [
    onnx.NodeProto.create({
      opType: "Gather",
      input: ["E", "input_ids"],
      output: ["last_hidden_state"],
      name: "gather",
    }),
  ];
  const outputs = [info("last_hidden_state", T.FLOAT, ["batch", "seq", H])];
  if (withSentenceOutput) {
    nodes.push(onnx.NodeProto.create({
      opType: "ReduceMax",
      input: ["last_hidden_state"],
      output: ["sentence_embedding"],
      name: "max",
      attribute: [
        onnx.AttributeProto.create({ name: "axes", type: onnx.AttributeProto.AttributeType.INTS, ints: [1] }),
        onnx.AttributeProto.create({ name: "keepdims", type: onnx.AttributeProto.AttributeType.INT, i: 0 }),
      ],
    }));
    outputs.push(info("sentence_embedding", T.FLOAT, ["batch", H]));
  }
  const graph = onnx.GraphProto.create({
    name: "tiny-text",
    node: nodes,
    initializer: [onnx.TensorProto.create({ name: "E", dims: [V, H], dataType: T.FLOAT, floatData: TABLE.flat() })],
    input: [info("input_ids", T.INT64, ["batch", "seq"]), info("attention_mask", T.INT64, ["batch", "seq"])],
    output: outputs,
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "text_onnx_test",
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: "", version: 13 })],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

function withFiles(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "onnx-text-"));
    try {
      writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(TOKENIZER));
      writeFileSync(join(dir, "tokens.onnx"), tinyModel(false));
      writeFileSync(join(dir, "sentence.onnx"), tinyModel(true));
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true });
    }
  };
}

/** Mean of E over token ids, optionally L2-normalised. */
function expectedMean(ids: number[], normalize: boolean): number[] {
  const m = [0, 1, 2].map((k) => ids.reduce((s, id) => s + TABLE[id][k], 0) / ids.length);
  const n = normalize ? Math.max(Math.hypot(...m), 1e-12) : 1;
  return m.map((x) => x / n);
}

function assertRows(actual: Float64Array, expected: number[][], tol = 1e-6): void {
  assert.equal(actual.length, expected.flat().length);
  expected.flat().forEach((x, i) =>
    assert.ok(Math.abs(actual[i] - x) <= tol * Math.max(1, Math.abs(x)), `value ${i}: ${actual[i]} vs ${x}`)
  );
}

Deno.test(
  "loadTokenizerFile(path) tokenises with local files only",
  withFiles(async (dir) => {
    const { tokenizer, padId } = loadTokenizerFile(join(dir, "tokenizer.json"));
    assert.deepEqual(tokenizer.encode("A photo of cats.").ids, [2, 4, 5, 6, 7, 9, 10, 3]);
    assert.deepEqual(tokenizer.encode("zebra dog").ids, [2, 1, 8, 3]);
    assert.equal(padId, 0);
    assert.throws(() => loadTokenizerFile(join(dir, "none.json")), DataNotFoundError);
    await Promise.resolve();
  }),
);

Deno.test(
  "loadOnnxTextEncoder(model, tokenizer).embed mean-pools token outputs over the attention mask",
  withFiles(async (dir) => {
    const raw = await loadOnnxTextEncoder(join(dir, "tokens.onnx"), join(dir, "tokenizer.json"), {
      model: "tiny",
      normalize: false,
      device: "cpu",
    });
    try {
      assert.equal(raw.dim, H);
      assert.equal(raw.device, "cpu");
      // Different lengths in one batch: padding must not enter the means.
      const rows = await raw.embed(["a photo of cats.", "dog", "zebra"]);
      assertRows(rows, [
        expectedMean([2, 4, 5, 6, 7, 9, 10, 3], false),
        expectedMean([2, 8, 3], false),
        expectedMean([2, 1, 3], false),
      ]);
    } finally {
      await raw.close();
    }
    const unit = await loadOnnxTextEncoder(join(dir, "tokens.onnx"), join(dir, "tokenizer.json"), {
      model: "tiny",
      maxLength: 4,
      batchSize: 2,
      device: "cpu",
    });
    try {
      // maxLength 4 keeps [CLS] a photo + the final [SEP].
      const rows = await unit.embed(["a photo of a cat", "dog", "cat dog"]);
      assertRows(rows, [
        expectedMean([2, 4, 5, 3], true),
        expectedMean([2, 8, 3], true),
        expectedMean([2, 7, 8, 3], true),
      ]);
    } finally {
      await unit.close();
    }
  }),
);

Deno.test(
  "loadOnnxTextEncoder prefers a 2-D sentence_embedding output and checks names",
  withFiles(async (dir) => {
    const enc = await loadOnnxTextEncoder(join(dir, "sentence.onnx"), join(dir, "tokenizer.json"), {
      model: "tiny-max",
      normalize: false,
      device: "cpu",
    });
    try {
      assert.equal(enc.description.output, "sentence_embedding");
      const rows = await enc.embed(["cat dog"]);
      assertRows(rows, [[8, 64, 2]]); // max over [CLS]=2, cat=7, dog=8, [SEP]=3
    } finally {
      await enc.close();
    }
    await assert.rejects(
      () =>
        loadOnnxTextEncoder(join(dir, "sentence.onnx"), join(dir, "tokenizer.json"), {
          outputName: "logits",
          device: "cpu",
        }),
      /outputName must be one of/,
    );
    await assert.rejects(
      () => loadOnnxTextEncoder(join(dir, "tokens.onnx"), join(dir, "tokenizer.json"), { model: "Bad Id" }),
      RangeError,
    );
    await assert.rejects(
      () => loadOnnxTextEncoder(join(dir, "missing.onnx"), join(dir, "tokenizer.json")),
      DataNotFoundError,
    );
  }),
);
