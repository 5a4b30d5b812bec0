import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { saveNpy } from "../../lib/io/npy.ts";
import { createEmbeddingSet } from "../../lib/embeddings/embedding_set.ts";
import { writeEmbeddings } from "../../lib/embeddings/store.ts";
import { plantedPair } from "../kernels/_planted.ts";

const SCRIPT = new URL("../../lib/cli/match.ts", import.meta.url).pathname;

async function runMatch(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), { args: ["run", "-A", SCRIPT, ...args], env: { NO_COLOR: "1" } })
    .output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

const dir = mkdtempSync(join(tmpdir(), "match-cli-"));
const { vision, language } = plantedPair(8, 12, 3, 0.01);
const V = join(dir, "v.npy"), L = join(dir, "l.npy");
saveNpy(V, vision.data, [8, 12]);
saveNpy(L, language.data, [8, 12]);

Deno.test("match --vision V --language L --labels N --json prints the permutation, cost, bound and accuracy", async () => {
  const names = join(dir, "names.txt");
  writeFileSync(names, "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\n");
  const r = await runMatch(["--vision", V, "--language", L, "--labels", names, "--solver", "brute-force", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.permutation, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(report.accuracy, 1);
  assert.equal(report.pairs[3].visionName, "cat");
  assert.ok(report.bound <= report.cost + 1e-9);
  assert.equal(report.randomBaseline.mean, 1 / 8);
});

Deno.test("match with per-row labels averages rows into class vectors and pairs named classes", async () => {
  // 3 rows per class on the vision side (class vectors = means), language labels in a shuffled name order
  const rows = new Float64Array(24 * 12), vLabels: string[] = [];
  const names = ["a", "b", "c", "d", "e", "f", "g", "h"];
  for (let r = 0; r < 24; r++) {
    const c = r % 8;
    vLabels.push(names[c]);
    for (let t = 0; t < 12; t++) rows[r * 12 + t] = vision.data[c * 12 + t] * (1 + 0.1 * (r % 3));
  }
  const order = [5, 2, 7, 0, 1, 6, 3, 4];
  const lang = new Float64Array(8 * 12);
  order.forEach((c, j) => lang.set(language.data.subarray(c * 12, c * 12 + 12), j * 12));
  saveNpy(join(dir, "vrows.npy"), rows, [24, 12]);
  saveNpy(join(dir, "lrows.npy"), lang, [8, 12]);
  writeFileSync(join(dir, "vlabels.json"), JSON.stringify(vLabels));
  writeFileSync(join(dir, "llabels.txt"), order.map((c) => names[c]).join("\n"));
  const r = await runMatch([
    "--vision",
    join(dir, "vrows.npy"),
    "--vision-labels",
    join(dir, "vlabels.json"),
    "--language",
    join(dir, "lrows.npy"),
    "--language-labels",
    join(dir, "llabels.txt"),
    "--solver",
    "brute-force",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.accuracy, 1);
  assert.equal(report.pairs[0].languageName, "a");
});

Deno.test("match reads embedding-store manifests on both sides", async () => {
  const names = ["a", "b", "c", "d", "e", "f", "g", "h"];
  const labels = [0, 1, 2, 3, 4, 5, 6, 7];
  const common = { model: "m", dataset: "toy", split: "test", preprocessing: {} };
  const root = join(dir, "store");
  writeEmbeddings(createEmbeddingSet(vision, labels, names), { ...common, kind: "vision", model: "vis" }, root);
  writeEmbeddings(createEmbeddingSet(language, labels, names), { ...common, kind: "language", model: "lang" }, root);
  const r = await runMatch([
    "--vision",
    join(root, "toy", "vis.json"),
    "--language",
    join(root, "toy", "lang.json"),
    "--solver",
    "brute-force",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /accuracy {8}1 \(8\/8\)/);
  assert.match(r.stdout, /3 d → 3 d {2}✓/);
});

Deno.test("match prints one-line errors with exit code 2 (counts, NaN, zero row, duplicates, < 3 items, bad flags)", async () => {
  const bad = (name: string, data: Float64Array, rows: number) => {
    const p = join(dir, name);
    saveNpy(p, data, [rows, 12]);
    return p;
  };
  const nan = vision.data.slice();
  nan[2 * 12 + 5] = NaN;
  const zero = vision.data.slice();
  zero.fill(0, 12, 24);
  const dup = join(dir, "dup.txt");
  writeFileSync(dup, "a\nb\nc\nd\ne\nf\ng\na\n");
  const cases: [string[], RegExp][] = [
    [
      ["--vision", V, "--language", bad("l7.npy", language.data.slice(0, 84), 7)],
      /--vision \S+v\.npy has 8 items, --language \S+l7\.npy has 7 items: both sides need the same number/,
    ],
    [
      ["--vision", bad("nan.npy", nan, 8), "--language", L],
      /--vision row 2 has a non-finite value \(NaN\) at column 5/,
    ],
    [["--vision", bad("zero.npy", zero, 8), "--language", L], /--vision row 1 is a zero vector/],
    [["--vision", V, "--language", L, "--labels", dup], /--labels: duplicate label 'a' \(items 0 and 7\)/],
    [[
      "--vision",
      bad("v2.npy", vision.data.slice(0, 24), 2),
      "--language",
      bad("l2.npy", language.data.slice(0, 24), 2),
    ], /--vision \S+v2\.npy has 2 items: matching needs at least 3/],
    [["--vision", V, "--language", join(dir, "missing.npy")], /--language \S+missing\.npy: no such file/],
    [["--vision", V, "--language", join(dir, "folder.npy")], /--language \S+folder\.npy: is a folder/],
    [["--vision", V, "--language", join(dir, "empty.npy")], /--language \S+empty\.npy: the file is empty/],
    [["--vision", V, "--language", join(dir, "text.npy")], /--language \S+text\.npy: not a \.npy file/],
    [["--vision", V, "--language", L, "--labels", join(dir, "missing.txt")], /--labels \S+missing\.txt: no such file/],
    [["--vision", V, "--language", L, "--metric", "mknn", "--k", "8"], /--k must be at most n − 1 = 7, got 8/],
    [["--vision", V, "--language", L, "--metric", "l1"], /--metric must be one of/],
    [["--vision", V, "--language", L, "--k", "x"], /--k must be an integer/],
    [["--vision", V], /both --vision and --language are required/],
    [["--frobnicate"], /Unknown option '--frobnicate'/],
  ];
  mkdirSync(join(dir, "folder.npy"), { recursive: true });
  writeFileSync(join(dir, "empty.npy"), "");
  writeFileSync(join(dir, "text.npy"), "1 2 3\n");
  for (const [args, message] of cases) {
    const r = await runMatch(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /^match: /);
    // the user's terms: flags and files, never the library's function names (blindMatch:, matchSide:, fromNpy(…):)
    assert.doesNotMatch(r.stderr, /^match: [a-z]+[A-Z]\w*(\([^)]*\))?: /, r.stderr);
    assert.equal(r.stderr.trim().split("\n").length, 1, `one line expected, got: ${r.stderr}`);
  }
});

Deno.test("match names the real cause of a degenerate input: overflow / underflow while normalising, a repeated flag", async () => {
  const bad = (name: string, data: Float64Array, rows: number) => {
    const p = join(dir, name);
    saveNpy(p, data, [rows, 12]);
    return p;
  };
  const cases: [string[], RegExp][] = [
    [
      ["--vision", V, "--language", L, "--metric", "cka", "--metric", "gw"],
      /--metric given twice \('cka', then 'gw'\)/,
    ],
    [
      ["--vision", bad("huge.npy", vision.data.map((x) => x * 1e200), 8), "--language", L],
      /--vision row 0 overflows while normalising rows/,
    ],
    [
      ["--vision", V, "--language", bad("tiny.npy", language.data.map((x) => x * 1e-200), 8)],
      /--language row 0 underflows while normalising rows/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = await runMatch(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1, `one line expected, got: ${r.stderr}`);
  }
});

Deno.test("match --pairing FILE scores against a shuffled pairing; no ground truth prints no accuracy", async () => {
  const shuffle = [2, 0, 1, 7, 3, 4, 6, 5]; // vision i ↔ language shuffle[i]
  const lang = new Float64Array(8 * 12);
  shuffle.forEach((j, i) => lang.set(language.data.subarray(i * 12, i * 12 + 12), j * 12));
  const shuffled = join(dir, "lshuf.npy"), pairing = join(dir, "pairing.json");
  saveNpy(shuffled, lang, [8, 12]);
  writeFileSync(pairing, JSON.stringify(shuffle));
  const r = await runMatch([
    "--vision",
    V,
    "--language",
    shuffled,
    "--pairing",
    pairing,
    "--solver",
    "brute-force",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.permutation, shuffle);
  assert.equal(report.accuracy, 1);
  const blind = await runMatch(["--vision", V, "--language", shuffled, "--solver", "brute-force", "--json"]);
  assert.equal(JSON.parse(blind.stdout).accuracy, null);
});

Deno.test("match --help documents every flag", async () => {
  const r = await runMatch(["--help"]);
  assert.equal(r.code, 0);
  for (
    const flag of [
      "--vision",
      "--language",
      "--vision-labels",
      "--language-labels",
      "--labels",
      "--pairing",
      "--metric",
      "--k",
      "--solver",
      "--seed",
      "--time-limit",
      "--json",
      "--help",
    ]
  ) {
    assert.ok(r.stdout.includes(flag), flag);
  }
});

Deno.test("match: the default solver is auto (says which stage proved); declared solver flags reach it, others are refused", async () => {
  const r = await runMatch(["--vision", V, "--language", L, "--threads", "1"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /solver auto \(optimal, \d+\.\d\d s\)/);
  assert.match(r.stdout, /optimality {6}proven optimal \(by (fhg|bnb)\)/);
  const refused = await runMatch(["--vision", V, "--language", L, "--solver", "faq", "--threads", "1"]);
  assert.equal(refused.code, 2);
  assert.equal(
    refused.stderr.trim(),
    "match: --threads does not apply to --solver faq (it applies to --solver auto, bnb)",
  );
});

Deno.test("match test cleanup", () => rmSync(dir, { recursive: true, force: true }));
