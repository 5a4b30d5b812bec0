import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { defaultUseLiteDir } from "../../lib/embed/text_use.ts";
import { SentencePieceTokenizer } from "../../lib/embed/text_sentencepiece.ts";

// ids 0..5 are reserved (0 = unknown); pieces from id 6 on.
const reserved: [string, number][] = [["<unk>", 0], ["<s>", 0], ["</s>", 0], ["x1", 0], ["x2", 0], ["x3", 0]];

Deno.test("SentencePieceTokenizer.encode(text) picks the segmentation with the highest total score", () => {
  const vocab: [string, number][] = [...reserved, ["▁ab", -5], ["▁a", -1], ["b", -1], ["▁", -3], ["a", -2], ["c", -1]];
  const tok = new SentencePieceTokenizer(vocab);
  assert.deepEqual(tok.encode("ab"), [7, 8], "▁a + b (−2) beats ▁ab (−5)");
  vocab[6] = ["▁ab", -1.5];
  assert.deepEqual(new SentencePieceTokenizer(vocab).encode("ab"), [6], "now ▁ab (−1.5) wins");
  assert.deepEqual(tok.encode("ab c"), [7, 8, 9, 11], "spaces become ▁");
  assert.deepEqual(tok.encode(""), []);
});

Deno.test("SentencePieceTokenizer.encode(text) maps unknown characters to 0 and merges runs of them", () => {
  const tok = new SentencePieceTokenizer([...reserved, ["▁", -1], ["a", -1]]);
  assert.deepEqual(tok.encode("a"), [6, 7]);
  assert.deepEqual(tok.encode("azzz a"), [6, 7, 0, 6, 7]);
  assert.deepEqual(tok.encode("ﬁ"), [6, 0], "NFKC turns the ligature into 'fi', both unknown");
});

Deno.test("SentencePieceTokenizer(bad vocabulary) throws", () => {
  assert.throws(() => new SentencePieceTokenizer(reserved), /more than 6 entries/);
  assert.throws(() => new SentencePieceTokenizer([...reserved, ["a", "x" as unknown as number]]), TypeError);
});

const dir = defaultUseLiteDir();
Deno.test({
  name: "SentencePieceTokenizer(USE vocab) reproduces the reference tokenizer's ids",
  ignore: dir === null,
  fn() {
    const tok = new SentencePieceTokenizer(JSON.parse(readFileSync(`${dir}/vocab.json`, "utf8")));
    // Expected ids from @energetic-ai/embeddings@0.2.0's Tokenizer (the tfjs-models USE tokenizer) on the same vocab.
    assert.deepEqual(tok.encode("a photo of a cat."), [11, 2129, 14, 11, 1163, 6]);
    assert.deepEqual(tok.encode("Gila monster lizard - large orange"), [
      6060,
      86,
      6444,
      861,
      5598,
      29,
      116,
      1014,
      5885,
    ]);
    assert.deepEqual(tok.encode("zzqxj 日本 :)"), [30, 1093, 1111, 152, 785, 30, 0, 658]);
    assert.deepEqual(tok.encode("Ünïcödé ﬁ"), [30, 0, 85, 0, 131, 6781, 29, 1133, 1480]);
  },
});
