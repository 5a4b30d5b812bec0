/**
 * Numbers in the notebooks' prose (issue 21 item 13): a number a run produces (a time, a count of seeds, solvers or
 * rows, an accuracy) must come from a code cell (the settings cell, "Observed in this run"), never from Markdown,
 * where it goes stale. This test scans every Markdown cell except "What the paper found" (the paper's numbers) and
 * fails on any number that is not part of a reference (Sec. 5.3, Tab. 4 / 5), a name (CIFAR-10, ViT-H/14, 2-opt), a
 * code span, or one of the fixed phrases below (definitions and the paper's values, which no run changes).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../lib/notebook/runner.ts";

/** Phrases whose numbers are definitions or the paper's values (checked words, not results of a run). */
const FIXED_PHRASES = [
  "CVPR 2025", // the paper
  "mean 0, sd 1", // standardisation
  "n ≈ 12", // brute force is hopeless beyond
  "(n−1)×(n−1)",
  "Λ ≥ 0",
  "R ≥ 0",
  "are ≥ 0",
  "J(p) − LB ≥ 0",
  "J(p) ≥ LB",
  "on 20 random permutations", // the literal count in the checking code cell (checked below)
  "0 = true pairing",
  "1 = everything shuffled",
  "0 = strictly monotone",
  "linspace(0, 1, 21)", // the paper's shuffling levels
  "k = 10", // the paper's mutual k-NN
  "k = 4",
  "k = 1…8",
  "n = 10", // the small-problem size of Sec. 5.1 / 5.3 (the paper's)
  "n = 10 … 100",
  "n = 10 … 40 and beyond",
  "n = 20–30",
  "10! matchings",
  "1/n",
  "dashed line at 0.1 is a random",
  "0.1 is random",
  "oracle to 1",
  "accuracy 1.00 means",
  "0.8–0.95 at n = 10",
  "drop towards 0 by n = 100",
  "instead of 32 × 27 large models", // the paper's model grid
  "instead of 5,000",
  "one model seed per control instead of 20",
  "the paper's 100",
  "the paper's 20",
  "the paper: 50 validation images",
  "10 subsets × 3 seeds",
  "n up to 100",
  "10–100 with 5400 s",
  "the paper's 20 and 100",
  "Tab. 4 (n = 40)",
  "Tab. 5 (n = 100)",
  "3600 s (n = 40) and 7200 s (n = 100)",
  "3600 s / 7200 s and 5 seeds",
  "at n = 100",
  "`Global? = 100 ± 0`",
  "gap 0",
  "Gap 0",
  "(1) the",
  "(2) the",
  "(3) the",
  "1 of n right",
  "fraction rounded to 2 decimals, ×100",
  "seed 42",
  "10 clusters",
  "10 %",
];

/** References, names and markup whose digits are not results. */
const NOT_RESULTS = [
  /`[^`]*`/g, // code spans
  /\]\([^)]*\)/g, // link targets
  /\b(?:Sec|Tab|Fig|App|Appendix|Alg|Eq)\.?\s*[A-Z]?\.?\d+(?:\.\d+)*(?:\s*(?:,|\/|–|and)\s*[A-Z]?\.?\d+(?:\.\d+)*)*/g,
  /^#+\s*\d+(?:\.\d+)?\s*[·.]/gm, // "# 04 ·", "## 1."
  /^\s*\d+\.\s/gm, // numbered lists
  /\b[A-Za-z][A-Za-z]*[-/]?[A-Za-z]*\d[\w.\-/]*/g, // CIFAR-10, ViT-H/14, DINOv2, float32, L2, all-mpnet-base-v2
  /\b\d+-(?:d|core|opt|dimensional|class|NN)\b/g, // 768-d, 2-core, 2-opt
  /§\s*\d+(?:\.\d+)*/g, // sections of docs/method.md
  /\b(?:[Nn]otebook|issue|part)\s+\d+/g, // "Notebook 07", "issue 20", "part 1"
  /\(\d\)/g, // enumerations "(1)"
  // 0, 0.5 and 1 as the ends and middle of a scale in a definition ("≥ 0", "near 0", "0.5 = a coin flip")
  /(?:[=≥≤<>≠]|near|below|above|at|quantile|fraction)\s*(?:or below\s*)?(?:0\.5|0|1)\b(?![.,]\d)/g,
  /\b(?:0\.5|0|1)\s*(?==)/g,
];

function markdownCells(path: string): { index: number; text: string }[] {
  const nb = JSON.parse(readFileSync(path, "utf8"));
  return nb.cells.flatMap((c: { cell_type: string; source: string[] | string }, index: number) =>
    c.cell_type === "markdown" ? [{ index, text: Array.isArray(c.source) ? c.source.join("") : c.source }] : []
  );
}

/** Numbers in `text` that are not part of a reference, a name, a code span or a fixed phrase. */
export function unexplainedNumbers(text: string): string[] {
  let rest = text.replace(/[ \t]*\n[ \t]*(?!\s*(?:#|\d+\.\s|\*\s))/g, " ");
  for (const phrase of [...FIXED_PHRASES].sort((a, b) => b.length - a.length)) rest = rest.split(phrase).join(" ");
  for (const pattern of NOT_RESULTS) rest = rest.replace(pattern, " ");
  return [...rest.matchAll(/\d+(?:[.,]\d+)*/g)].map((m) =>
    rest.slice(Math.max(0, m.index! - 30), m.index! + m[0].length + 20).replace(/\s+/g, " ")
  );
}

const NOTEBOOKS = readdirSync(join(REPO_ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();

Deno.test("notebook prose holds no number a run produces: each comes from a code cell (settings, Observed in this run)", () => {
  const found: string[] = [];
  for (const name of NOTEBOOKS) {
    for (const cell of markdownCells(join(REPO_ROOT, "notebooks", name))) {
      if (/^##\s*What the paper found/m.test(cell.text)) continue; // the paper's numbers, quoted
      for (const context of unexplainedNumbers(cell.text)) found.push(`${name} cell ${cell.index}: …${context}…`);
    }
  }
  assert.deepEqual(found, [], "numbers in prose: generate them in a code cell, or add a definition to FIXED_PHRASES");
});

Deno.test("the prose scan catches stale run numbers of the kind issue 21 found", () => {
  for (
    const stale of [
      "About a minute with the `quick` preset (measured 44 s on a busy machine)",
      "small: 2 vision × 2 language models × 5 seeds × 6 solvers",
      "At n = 40 every row stops on its own stall rule before 300 s",
      "accuracies well below 51 % are expected",
    ]
  ) assert.notDeepEqual(unexplainedNumbers(stale), [], stale);
  assert.deepEqual(unexplainedNumbers("Sec. 5.3, Tab. 1 / 7, Fig. 4, 11, 12 on CIFAR-10 with `seed: 2` and 2-opt"), []);
});

Deno.test("notebooks cite the paper and docs/method.md, not the internal spec (no 'spec §')", () => {
  for (const name of NOTEBOOKS) {
    const text = readFileSync(join(REPO_ROOT, "notebooks", name), "utf8");
    assert.ok(!text.includes("spec §"), `${name} still refers to 'spec §'`);
  }
});

Deno.test("the tour's prose count of checked permutations is the one its code cell uses", () => {
  const nb = JSON.parse(readFileSync(join(REPO_ROOT, "notebooks", "00_tour.ipynb"), "utf8"));
  const code = nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code").map((c: { source: string[] }) =>
    c.source.join("")
  ).join("\n");
  const prose = markdownCells(join(REPO_ROOT, "notebooks", "00_tour.ipynb")).map((c) => c.text).join("\n");
  const count = /on (\d+) random permutations/.exec(prose)?.[1];
  if (count) {
    assert.match(code, new RegExp(`\\b${count}\\b`), `the prose says ${count} permutations, the code does not`);
  }
});
