/**
 * Baseline QAP solvers against SciPy 1.17 / POT / the original code on this machine class
 * (tests/fixtures/reference/runs.csv):
 * - brute force on synth-gw-N10 seeds (goal ≤ 1 s; NumPy enumeration 1.2–1.3 s);
 * - FAQ from the barycenter, SciPy defaults (goal: cost within 0.1 % of SciPy's, time ≤ 2× SciPy for n ≤ 50 and
 *   ≤ 4× at n = 100; our time is the median of repeated runs);
 * - FAQ best of 100 random starts on the noise-0.5 synthetic instances n = 20…100 (goal: reach the best known
 *   cost; ≤ 3 s at n = 100);
 * - 2-opt, best of 10 random descents, SciPy semantics (goal: ≥ 20× faster than SciPy's 2opt-rand at n = 50–100);
 * - entropic GW against POT (same rounded cost; time reported);
 * - the Gilmore–Lawler bound on QAPLIB (published values; time reported).
 * `seconds` is the CPU time of this process (user + system) per solve — the solvers are single-threaded, and on the
 * shared 2-core machine wall-clock time mostly measures the other tenants; the note gives the wall-clock seconds.
 */
import process from "node:process";
import { readFileSync } from "node:fs";
import { fromRows } from "../../lib/core/matrix.ts";
import { loadQaplibDat } from "../../lib/io/qaplib.ts";
import { gilmoreLawlerBound } from "../../lib/qap/bounds/gilmore_lawler.ts";
import { createQapProblem, type QapProblem } from "../../lib/qap/problem.ts";
import type { SolveResult } from "../../lib/qap/result.ts";
import { solveBruteForce } from "../../lib/qap/solvers/brute_force.ts";
import { solveEntropicGw } from "../../lib/qap/solvers/entropic_gw.ts";
import { solveFaq } from "../../lib/qap/solvers/faq.ts";
import { solveTwoOpt } from "../../lib/qap/solvers/two_opt.ts";
import type { BenchContext, BenchRow } from "./_bench.ts";
import { type ReferenceFilter, type ReferenceRun, referenceRun } from "./_reference.ts";

const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;

function load(inst: string): { problem: QapProblem; bestKnown: number | null } {
  if (inst.startsWith("synth")) {
    const j = JSON.parse(readFileSync(`${FIXTURES}synthetic_qap/${inst}.json`, "utf8"));
    return {
      problem: createQapProblem(fromRows(j.A), fromRows(j.B), { constant: j.constant }),
      bestKnown: j.reference.best_cost,
    };
  }
  const index = readFileSync(`${FIXTURES}qaplib/index.csv`, "utf8").split("\n").find((l) => l.startsWith(`${inst},`));
  return {
    problem: loadQaplibDat(`${FIXTURES}qaplib/${inst}.dat`),
    bestKnown: index ? Number(index.split(",")[2]) : null,
  };
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Runs `f` once (repeated until ≥ minSeconds of CPU for fast calls); median CPU and wall seconds per run. */
function timed(f: () => SolveResult, minSeconds = 0): { result: SolveResult; seconds: number; wall: number } {
  const walls: number[] = [], cpus: number[] = [];
  let result: SolveResult | null = null, total = 0;
  do {
    const c0 = cpuSeconds(), t0 = performance.now();
    result = f();
    walls.push((performance.now() - t0) / 1000);
    const cpu = cpuSeconds() - c0;
    cpus.push(cpu);
    total += cpu;
  } while (total < minSeconds && cpus.length < 200);
  const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
  return { result, seconds: median(cpus), wall: median(walls) };
}

/** The noise-0.5 synthetic instances n = 20…100 (GW and cosine kernels). */
const NOISY_SYNTHETIC = [
  "synth-gw-N20-s0",
  "synth-cos-N20-s0",
  "synth-gw-N30-s0",
  "synth-cos-N30-s0",
  "synth-gw-N50-s0",
  "synth-cos-N50-s0",
  "synth-gw-N100-s0",
  "synth-cos-N100-s0",
];

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));

/** How {@link solverRun} names, looks up and times one solver. */
interface SolverRunSpec {
  /** Row group and solver column. */
  group: string;
  solver: string;
  /** Progress label. */
  label: string;
  /** Reference run to compare with (the instance is added). */
  reference: ReferenceFilter;
  /** Repeat fast runs until this much CPU time (see {@link timed}); default 0. */
  minSeconds?: number;
}

/** Loads `inst`, times `solve` on it and looks up its reference run; `row` holds the fields every group shares. */
function solverRun(
  context: BenchContext,
  inst: string,
  spec: SolverRunSpec,
  solve: (problem: QapProblem) => SolveResult,
): {
  row: BenchRow;
  problem: QapProblem;
  bestKnown: number | null;
  ref: ReferenceRun | null;
  result: SolveResult;
  wall: number;
} {
  context.log(`baselines: ${spec.label} ${inst}`);
  const { problem, bestKnown } = load(inst);
  const ref = referenceRun({ inst, ...spec.reference });
  const { result, seconds, wall } = timed(() => solve(problem), spec.minSeconds ?? 0);
  const row = {
    group: spec.group,
    instance: inst,
    n: problem.n,
    solver: spec.solver,
    cost: result.cost,
    bestKnown,
    seconds,
    referenceSeconds: ref?.seconds ?? null,
  };
  return { row, problem, bestKnown, ref, result, wall };
}

/** Bench rows of the baseline solvers. */
export async function bench(context: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const quick = context.quick;
  // Warm up the JIT on a mid-size problem so the first timed instance is not penalised.
  {
    const { problem } = load("synth-gw-N30-s0");
    solveFaq(problem, { init: "random", starts: 20 });
    solveTwoOpt(problem, { restarts: 5 });
    solveBruteForce(load("synth-gw-N10-s0").problem, { maxN: 12, timeLimit: 0.3 });
  }

  // Brute force, n = 10.
  for (const inst of quick ? ["synth-gw-N10-s2"] : ["synth-gw-N10-s2", "synth-gw-N10-s5", "lipa10a"]) {
    const { row, bestKnown, result, wall } = solverRun(context, inst, {
      group: "brute-force",
      solver: "brute-force",
      label: "brute force",
      reference: { solver: "brute-force" },
    }, (p) => solveBruteForce(p));
    const seconds = row.seconds;
    rows.push({
      ...row,
      bound: result.bound,
      goal: "≤ 1 s, optimum",
      pass: seconds <= 1 && bestKnown !== null && rel(result.cost, bestKnown) < 1e-9,
      note: `wall ${wall.toFixed(3)} s`,
    });
  }

  // FAQ from the barycenter (SciPy defaults) vs SciPy's faq-bary.
  const faqBary = quick ? ["synth-gw-N50-s0", "synth-gw-N100-s0", "nug30"] : [
    ...NOISY_SYNTHETIC,
    "nug12",
    "chr12a",
    "tai12a",
    "nug20",
    "tai20a",
    "chr25a",
    "nug30",
    "tai30a",
    "kra30a",
    "lipa30a",
    "tho30",
    "esc32a",
    "sko42",
    "tai50a",
    "tai100a",
  ];
  for (const inst of faqBary) {
    const { row, problem, ref, result, wall } = solverRun(context, inst, {
      group: "faq",
      solver: "faq-bary",
      label: "faq barycenter",
      reference: { solver: "faq-bary", implementation: "scipy-1.17" },
      minSeconds: 0.2,
    }, (p) => solveFaq(p));
    const seconds = row.seconds;
    const factor = problem.n >= 100 ? 4 : 2;
    const refCost = ref?.cost ?? null;
    const costOk = refCost !== null && (result.cost - refCost) / Math.abs(refCost) <= 1e-3;
    rows.push({
      ...row,
      goal: `cost ≤ SciPy + 0.1 %, ≤ ${factor}× SciPy`,
      pass: ref?.seconds != null ? costOk && seconds <= factor * ref.seconds : null,
      note: `SciPy cost ${refCost}; nit ${result.iterations} (SciPy ${ref?.nit ?? "?"}); wall ${
        (wall * 1000).toFixed(2)
      } ms`,
    });
  }

  // FAQ best of 100 random starts on the noise-0.5 synthetic instances.
  const faqRand = quick ? ["synth-gw-N30-s0", "synth-gw-N100-s0"] : NOISY_SYNTHETIC;
  for (const inst of faqRand) {
    const { row, problem, bestKnown, ref, result, wall } = solverRun(context, inst, {
      group: "faq",
      solver: "faq-rand-100",
      label: "faq 100 random starts",
      reference: { solver: "faq-rand", implementation: "scipy-1.17" },
    }, (p) => solveFaq(p, { init: "random", starts: 100 }));
    const seconds = row.seconds;
    const reached = bestKnown !== null && rel(result.cost, bestKnown) < 1e-9;
    rows.push({
      ...row,
      goal: problem.n >= 100 ? "reach best; ≤ 3 s" : "reach best",
      pass: reached && (problem.n < 100 || seconds <= 3),
      note: `SciPy best-of-100 cost ${ref?.cost ?? "?"}; wall ${wall.toFixed(2)} s; ${result.iterations} FW iterations`,
    });
  }

  // 2-opt, best of 10 random descents (SciPy semantics) vs SciPy's 2opt-rand.
  for (
    const inst of quick
      ? ["synth-gw-N50-s0"]
      : ["nug30", "synth-gw-N30-s0", "synth-gw-N50-s0", "synth-cos-N50-s0", "synth-gw-N100-s0", "synth-cos-N100-s0"]
  ) {
    const { row, problem, ref, wall } = solverRun(context, inst, {
      group: "two-opt",
      solver: "two-opt-10",
      label: "two-opt",
      reference: { solver: "2opt-rand", implementation: "scipy-1.17" },
    }, (p) => solveTwoOpt(p, { restarts: 10 }));
    const speedup = ref?.seconds ? ref.seconds / row.seconds : null;
    rows.push({
      ...row,
      goal: problem.n >= 50 ? "≥ 20× faster than SciPy" : undefined,
      pass: problem.n >= 50 && speedup !== null ? speedup >= 20 : null,
      note: `speed-up ${speedup?.toFixed(1) ?? "?"}×; SciPy best-of-10 cost ${ref?.cost ?? "?"}; wall ${
        wall.toFixed(3)
      } s`,
    });
  }

  // Entropic GW vs POT (the original's OT baseline).
  for (
    const inst of quick ? ["synth-gw-N30-s0"] : [
      "synth-gw-N10-s0",
      "synth-gw-N20-s0",
      "synth-gw-N30-s0",
      "synth-gw-N50-s0",
      "synth-cos-N50-s0",
      "synth-gw-N100-s0",
      "synth-gw-N100-s0-e0.2",
    ]
  ) {
    const { row, ref, result, wall } = solverRun(context, inst, {
      group: "entropic-gw",
      solver: "entropic-gw",
      label: "entropic GW",
      reference: { solver: "egw-pot" },
    }, (p) => solveEntropicGw(p));
    rows.push({
      ...row,
      goal: "same cost as POT",
      pass: ref?.cost != null ? rel(result.cost, ref.cost) < 1e-9 : null,
      note: `POT cost ${ref?.cost ?? "?"}; ${result.iterations} iterations, ${result.status}; wall ${
        wall.toFixed(3)
      } s`,
    });
  }

  // Gilmore–Lawler bound.
  for (const inst of quick ? ["nug30"] : ["nug30", "tai50a", "sko100a", "tai256c"]) {
    const { problem, bestKnown } = load(inst);
    const c0 = cpuSeconds(), t0 = performance.now();
    const bound = gilmoreLawlerBound(problem);
    const wall = (performance.now() - t0) / 1000, seconds = cpuSeconds() - c0;
    rows.push({
      group: "bounds",
      instance: inst,
      n: problem.n,
      solver: "gilmore-lawler",
      bound,
      bestKnown,
      seconds,
      note: `wall ${wall.toFixed(3)} s`,
    });
  }
  await Promise.resolve();
  return rows;
}
