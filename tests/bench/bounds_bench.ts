/**
 * Root-bound benchmark: the root gap (best known − bound) / |best known| of every lower bound in the workspace on the
 * branch-and-bound benchmark set (QAPLIB n ≤ 20 and synth-gw-N20-s0..s2): Gilmore–Lawler (GL), the plain eigenvalue
 * bound (EVB), the projected eigenvalue bound (PB) and factorised Hahn–Grant (fhg, default options, 6 s time limit).
 * Rows carry the bound and its seconds; the gap is in the note and in a matrix printed to the log. Node-bound costs
 * (µs per residual bound at m = 12 / 20 / 30, reused workspace) close the table. `--quick` runs four instances with a
 * 1 s fhg limit and the m = 12 node timings. (The SDP bound by ADMM was measured and removed: docs/method.md.)
 */
import { readFileSync } from "node:fs";
import { fromRows } from "../../lib/core/matrix.ts";
import { Rng } from "../../lib/core/rng.ts";
import { loadQaplibDat } from "../../lib/io/qaplib.ts";
import {
  EigenBoundWorkspace,
  eigenvalueBound,
  projectedEigenvalueBound,
  residualEigenBoundInto,
} from "../../lib/qap/bounds/eigenvalue.ts";
import {
  gilmoreLawlerBound,
  GilmoreLawlerWorkspace,
  residualGilmoreLawlerBoundInto,
} from "../../lib/qap/bounds/gilmore_lawler.ts";
import { createQapProblem, type QapProblem } from "../../lib/qap/problem.ts";
import { solveFactorizedHahnGrant } from "../../lib/qap/solvers/factorized_hahn_grant.ts";
import type { BenchContext, BenchRow } from "./_bench.ts";

/** The benchmark set of the branch-and-bound work (QAPLIB n ≤ 20 and the n = 20 synthetic GW instances). */
export const ROOT_GAP_INSTANCES = [
  "rou10",
  "tai10a",
  "nug12",
  "chr12a",
  "tai12a",
  "nug14",
  "nug15",
  "tai15a",
  "esc16a",
  "els19",
  "nug20",
  "tai20a",
  "lipa20a",
  "synth-gw-N20-s0",
  "synth-gw-N20-s1",
  "synth-gw-N20-s2",
] as const;

const QUICK_INSTANCES = ["rou10", "nug12", "chr12a", "synth-gw-N20-s0"];

function loadInstance(root: string, name: string): { problem: QapProblem; best: number } {
  if (name.startsWith("synth")) {
    const json = JSON.parse(readFileSync(`${root}/tests/fixtures/synthetic_qap/${name}.json`, "utf8"));
    const problem = createQapProblem(fromRows(json.A), fromRows(json.B), { constant: json.constant, source: { name } });
    return { problem, best: json.reference.best_cost };
  }
  const problem = loadQaplibDat(`${root}/tests/fixtures/qaplib/${name}.dat`);
  const index = JSON.parse(readFileSync(`${root}/tests/fixtures/qaplib/index.json`, "utf8"));
  const rows: { name: string; best_known: number }[] = Array.isArray(index) ? index : index.instances;
  const row = rows.find((r) => r.name === name);
  return { problem, best: row ? Number(row.best_known) : NaN };
}

/** Root gap in percent of |best|. */
function rootGap(best: number, bound: number): number {
  return (100 * (best - bound)) / Math.abs(best);
}

/** Mean µs of `f` over enough calls to fill ~0.2 s, after a warm-up. */
function microseconds(f: () => number): number {
  for (let k = 0; k < 100; k++) f();
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < 200) {
    for (let k = 0; k < 50; k++) f();
    calls += 50;
  }
  return (1000 * (performance.now() - start)) / calls;
}

/** The root-gap rows (and node-bound timing rows). */
export async function bench(context: BenchContext): Promise<BenchRow[]> {
  const { root, quick, log } = context;
  const rows: BenchRow[] = [];
  const fhgLimit = quick ? 1 : 6;
  const names = quick ? QUICK_INSTANCES : ROOT_GAP_INSTANCES;
  const matrix: string[] = [];
  for (const name of names) {
    const { problem, best } = loadInstance(root, name);
    log(`bounds ${name}`);
    const time = (f: () => number): [number, number] => {
      const start = performance.now();
      const value = f();
      return [value, (performance.now() - start) / 1000];
    };
    const results: [string, number, number, string][] = [];
    results.push(["GL", ...time(() => gilmoreLawlerBound(problem)), ""]);
    const evb = eigenvalueBound(problem), pb = projectedEigenvalueBound(problem);
    results.push(["EVB", evb.bound, evb.seconds, ""], ["PB", pb.bound, pb.seconds, ""]);
    const fhg = solveFactorizedHahnGrant(problem, { timeLimit: fhgLimit, progressInterval: 0 });
    results.push([
      "fhg",
      fhg.bound ?? -Infinity,
      fhg.seconds,
      `${fhg.status}${fhg.optimal ? " (proved)" : ""}, ${fhg.iterations} it, limit ${fhgLimit} s`,
    ]);
    const cells: string[] = [];
    for (const [solver, bound, seconds, extra] of results) {
      const gap = rootGap(best, bound);
      rows.push({
        group: "bounds",
        instance: `${name} root`,
        n: problem.n,
        solver,
        bestKnown: best,
        bound,
        seconds,
        note: `root gap ${gap.toFixed(2)} %${extra ? `; ${extra}` : ""}`,
      });
      cells.push(`${solver} ${gap.toFixed(2).padStart(7)} % ${seconds.toFixed(3).padStart(7)} s`);
    }
    matrix.push(`${name.padEnd(16)} n=${String(problem.n).padStart(2)}  ${cells.join("  |  ")}`);
  }
  log("root gap (best − bound)/|best| and seconds per instance and bound:");
  for (const line of matrix) log(`  ${line}`);

  // Node bounds on residual problems of tai30a (random unassigned rows / columns and linear term), µs per call.
  const { problem } = loadInstance(root, "tai30a");
  const rng = new Rng(1);
  const eig = new EigenBoundWorkspace(30), gl = new GilmoreLawlerWorkspace(30);
  for (const m of quick ? [12] : [12, 20, 30]) {
    // Two row sets used alternately defeat the A-side cache; "A cached" repeats one row set (sibling nodes).
    const r1 = rng.permutation(30).subarray(0, m), r2 = rng.permutation(30).subarray(0, m);
    const c = rng.permutation(30).subarray(0, m);
    const lin = new Float64Array(m * m).map(() => rng.int(100000));
    let flip = false;
    const rowsOf = () => {
      flip = !flip;
      return flip ? r1 : r2;
    };
    const timings: [string, () => number][] = [
      ["PB node", () => residualEigenBoundInto(eig, problem, rowsOf(), c, m, lin, 0, "pb")],
      ["PB node, A cached", () => residualEigenBoundInto(eig, problem, r1, c, m, lin, 0, "pb")],
      ["EVB node", () => residualEigenBoundInto(eig, problem, rowsOf(), c, m, lin, 0, "evb")],
      ["GL node", () => residualGilmoreLawlerBoundInto(gl, problem, rowsOf(), c, m, lin, 0)],
    ];
    for (const [solver, f] of timings) {
      const us = microseconds(f);
      rows.push({
        group: "bounds",
        instance: `tai30a residual m=${m}`,
        n: m,
        solver,
        seconds: us / 1e6,
        note: `${us.toFixed(1)} µs per call (reused workspace)`,
      });
    }
  }
  return await Promise.resolve(rows);
}
