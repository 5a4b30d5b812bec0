/**
 * Language embedding throughput on the shipped strings: USE lite (TF.js wasm backend, and the cpu backend for
 * comparison), GloVe 100-d mean of word vectors, and the USE SentencePiece tokenizer alone. Goals: USE lite on wasm
 * ≤ 25 ms/string (all 2,945 shipped strings in ≈ 1 minute on 2 shared cores) and load ≤ 5 s; GloVe ≤ 0.1 ms/string.
 */
import { datasetLanguageStrings, LANGUAGE_DATASET_IDS } from "../../lib/embed/text_embed.ts";
import { createGloveEmbedder } from "../../lib/embed/text_glove.ts";
import { SentencePieceTokenizer } from "../../lib/embed/text_sentencepiece.ts";
import { defaultUseLiteDir, loadUseLite } from "../../lib/embed/text_use.ts";
import type { BenchContext, BenchRow } from "./_bench.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Runs `f` (awaited) and returns its value with the wall-clock seconds it took. */
async function timed<T>(f: () => T | Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await f();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

/** Runs the language embedding benchmarks. */
export async function bench(context: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const all = LANGUAGE_DATASET_IDS.flatMap((id) => datasetLanguageStrings(id).texts);
  const cifar100 = datasetLanguageStrings("cifar100").texts;
  const sample = context.quick ? cifar100.slice(0, 180) : cifar100;

  // Rows timed on all shipped strings.
  const allRow = (solver: string, seconds: number): BenchRow => ({
    group: "text-embed",
    instance: `all shipped strings ×${all.length}`,
    n: all.length,
    solver,
    seconds,
  });

  const { value: glove, seconds: gloveLoad } = await timed(() => createGloveEmbedder());
  const { seconds: gloveSeconds } = await timed(() => glove.embed(all));
  rows.push({
    ...allRow("glove-100d (js)", gloveSeconds),
    goal: "≤ 0.1 ms/string",
    pass: (1000 * gloveSeconds) / all.length <= 0.1,
    note: `${((1000 * gloveSeconds) / all.length).toFixed(3)} ms/string; subset load ${gloveLoad.toFixed(2)} s`,
  });

  const dir = defaultUseLiteDir();
  if (dir === null) return rows;
  const tokenizer = new SentencePieceTokenizer(JSON.parse(readFileSync(join(dir, "vocab.json"), "utf8")));
  const { seconds: tokSeconds } = await timed(() => {
    for (const text of all) tokenizer.encode(text);
  });
  rows.push({
    ...allRow("use sentencepiece", tokSeconds),
    note: `${((1000 * tokSeconds) / all.length).toFixed(3)} ms/string (tokenizer only)`,
  });

  for (const backend of ["wasm", "cpu"] as const) {
    const texts = backend === "wasm" ? sample : sample.slice(0, context.quick ? 16 : 64);
    context.log(`text-embed: use-lite (${backend}) on ${texts.length} strings`);
    const { value: use, seconds: load } = await timed(() => loadUseLite({ backend }));
    const { seconds } = await timed(() => use.embed(texts));
    await use.close();
    const ms = (1000 * seconds) / texts.length;
    rows.push({
      group: "text-embed",
      instance: `cifar100 prompts ×${texts.length}`,
      n: texts.length,
      solver: `use-lite (${backend})`,
      seconds,
      goal: backend === "wasm" ? "≤ 25 ms/string, load ≤ 5 s" : "",
      pass: backend === "wasm" ? ms <= 25 && load <= 5 : null,
      note: `${ms.toFixed(2)} ms/string; load ${load.toFixed(2)} s; all ${all.length} strings ≈ ${
        (ms * all.length / 1000).toFixed(0)
      } s`,
    });
  }
  return rows;
}
