/** Fixture loaders shared by the baseline-solver tests (QAPLIB index, synthetic instances, reference runs). */
import { readFileSync } from "node:fs";
import { fromRows, matrixFrom } from "../../../lib/core/matrix.ts";
import { Rng } from "../../../lib/core/rng.ts";
import { createQapProblem, type QapProblem } from "../../../lib/qap/problem.ts";
import { fixturePath } from "../../_helpers/assert.ts";

/** One row of tests/fixtures/qaplib/index.csv. */
export interface QaplibIndexRow {
  name: string;
  n: number;
  bestKnown: number;
  provenOptimal: string;
  hasSln: boolean;
  gilmoreLawler: number | null;
}

/** Rows of the QAPLIB index. */
export function qaplibIndex(): QaplibIndexRow[] {
  const lines = readFileSync(fixturePath("qaplib", "index.csv"), "utf8").trim().split("\n");
  const head = lines[0].split(",");
  const col = (name: string) => head.indexOf(name);
  return lines.slice(1).map((line) => {
    const f = line.split(",");
    return {
      name: f[col("name")],
      n: Number(f[col("n")]),
      bestKnown: Number(f[col("best_known")]),
      provenOptimal: f[col("proven_optimal")],
      hasSln: f[col("has_sln")] === "True",
      gilmoreLawler: f[col("gilmore_lawler_bound")] === "" ? null : Number(f[col("gilmore_lawler_bound")]),
    };
  });
}

/** A synthetic instance with its reference numbers. */
export interface SyntheticInstance {
  name: string;
  problem: QapProblem;
  noise: number;
  bestCost: number;
  bestPerm: number[];
  provenOptimal: boolean;
  gt: number[];
}

/** Loads tests/fixtures/synthetic_qap/<name>.json. */
export function loadSynthetic(name: string): SyntheticInstance {
  const j = JSON.parse(readFileSync(fixturePath("synthetic_qap", `${name}.json`), "utf8"));
  return {
    name,
    problem: createQapProblem(fromRows(j.A), fromRows(j.B), { constant: j.constant, source: { name } }),
    noise: j.noise,
    bestCost: j.reference.best_cost,
    bestPerm: j.reference.best_perm,
    provenOptimal: j.reference.proven_optimal,
    gt: j.gt,
  };
}

/** Rows of tests/fixtures/reference/runs.csv as records of strings. */
export function referenceRuns(): Record<string, string>[] {
  const lines = readFileSync(fixturePath("reference", "runs.csv"), "utf8").trim().split("\n");
  const head = lines[0].split(",");
  return lines.slice(1).map((line) => Object.fromEntries(line.split(",").map((v, i) => [head[i], v])));
}

/** A random QAP (normal entries); symmetric or not, optionally with a linear term and constant. */
export function randomProblem(
  n: number,
  seed: number,
  opts: { symmetric?: boolean; linear?: boolean } = {},
): QapProblem {
  const rng = new Rng(seed);
  const mat = () => {
    const d = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (opts.symmetric && j < i) d[i * n + j] = d[j * n + i];
        else d[i * n + j] = Math.round(rng.normal() * 100) / 10;
      }
    }
    return matrixFrom(d, n, n);
  };
  const a = mat(), b = mat();
  return createQapProblem(a, b, opts.linear ? { linear: mat(), constant: 1.5 } : {});
}

/** A planted GW problem: B = 2·K∘perm, A = −K with K a random symmetric zero-diagonal kernel; J(truth) is the minimum. */
export function plantedGwProblem(n: number, seed: number): { problem: QapProblem; truth: Int32Array } {
  const rng = new Rng(seed);
  const pts = Array.from({ length: n }, () => [rng.normal(), rng.normal(), rng.normal()]);
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      k[i * n + j] = Math.hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1], pts[i][2] - pts[j][2]);
    }
  }
  const truth = rng.permutation(n);
  // K_L[truth[i], truth[j]] = K_V[i, j]
  const kl = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) kl[truth[i] * n + truth[j]] = k[i * n + j];
  let c = 0;
  for (let t = 0; t < n * n; t++) c += k[t] * k[t] + kl[t] * kl[t];
  const problem = createQapProblem(
    matrixFrom(k.map((x) => -x), n, n),
    matrixFrom(kl.map((x) => 2 * x), n, n),
    { constant: c },
  );
  return { problem, truth };
}
