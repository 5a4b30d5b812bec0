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
import { referenceRun } from "./_reference.ts";

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

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));

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
    context.log(`baselines: brute force ${inst}`);
    const { problem, bestKnown } = load(inst);
    const ref = referenceRun({ inst, solver: "brute-force" });
    const { result, seconds, wall } = timed(() => solveBruteForce(problem));
    rows.push({
      group: "brute-force",
      instance: inst,
      n: problem.n,
      solver: "brute-force",
      cost: result.cost,
      bestKnown,
      bound: result.bound,
      seconds,
      referenceSeconds: ref?.seconds ?? null,
      goal: "≤ 1 s, optimum",
      pass: seconds <= 1 && bestKnown !== null && rel(result.cost, bestKnown) < 1e-9,
      note: `wall ${wall.toFixed(3)} s`,
    });
  }

  // FAQ from the barycenter (SciPy defaults) vs SciPy's faq-bary.
  const faqBary = quick ? ["synth-gw-N50-s0", "synth-gw-N100-s0", "nug30"] : [
    "synth-gw-N20-s0",
    "synth-cos-N20-s0",
    "synth-gw-N30-s0",
    "synth-cos-N30-s0",
    "synth-gw-N50-s0",
    "synth-cos-N50-s0",
    "synth-gw-N100-s0",
    "synth-cos-N100-s0",
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
    context.log(`baselines: faq barycenter ${inst}`);
    const { problem, bestKnown } = load(inst);
    const ref = referenceRun({ inst, solver: "faq-bary", implementation: "scipy-1.17" });
    const { result, seconds, wall } = timed(() => solveFaq(problem), 0.2);
    const factor = problem.n >= 100 ? 4 : 2;
    const refCost = ref?.cost ?? null;
    const costOk = refCost !== null && (result.cost - refCost) / Math.abs(refCost) <= 1e-3;
    rows.push({
      group: "faq",
      instance: inst,
      n: problem.n,
      solver: "faq-bary",
      cost: result.cost,
      bestKnown,
      seconds,
      referenceSeconds: ref?.seconds ?? null,
      goal: `cost ≤ SciPy + 0.1 %, ≤ ${factor}× SciPy`,
      pass: ref?.seconds != null ? costOk && seconds <= factor * ref.seconds : null,
      note: `SciPy cost ${refCost}; nit ${result.iterations} (SciPy ${ref?.nit ?? "?"}); wall ${
        (wall * 1000).toFixed(2)
      } ms`,
    });
  }

  // FAQ best of 100 random starts on the noise-0.5 synthetic instances.
  const faqRand = quick ? ["synth-gw-N30-s0", "synth-gw-N100-s0"] : [
    "synth-gw-N20-s0",
    "synth-cos-N20-s0",
    "synth-gw-N30-s0",
    "synth-cos-N30-s0",
    "synth-gw-N50-s0",
    "synth-cos-N50-s0",
    "synth-gw-N100-s0",
    "synth-cos-N100-s0",
  ];
  for (const inst of faqRand) {
    context.log(`baselines: faq 100 random starts ${inst}`);
    const { problem, bestKnown } = load(inst);
    const ref = referenceRun({ inst, solver: "faq-rand", implementation: "scipy-1.17" });
    const { result, seconds, wall } = timed(() => solveFaq(problem, { init: "random", starts: 100 }));
    const reached = bestKnown !== null && rel(result.cost, bestKnown) < 1e-9;
    rows.push({
      group: "faq",
      instance: inst,
      n: problem.n,
      solver: "faq-rand-100",
      cost: result.cost,
      bestKnown,
      seconds,
      referenceSeconds: ref?.seconds ?? null,
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
    context.log(`baselines: two-opt ${inst}`);
    const { problem, bestKnown } = load(inst);
    const ref = referenceRun({ inst, solver: "2opt-rand", implementation: "scipy-1.17" });
    const { result, seconds, wall } = timed(() => solveTwoOpt(problem, { restarts: 10 }));
    const speedup = ref?.seconds ? ref.seconds / seconds : null;
    rows.push({
      group: "two-opt",
      instance: inst,
      n: problem.n,
      solver: "two-opt-10",
      cost: result.cost,
      bestKnown,
      seconds,
      referenceSeconds: ref?.seconds ?? null,
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
    context.log(`baselines: entropic GW ${inst}`);
    const { problem, bestKnown } = load(inst);
    const ref = referenceRun({ inst, solver: "egw-pot" });
    const { result, seconds, wall } = timed(() => solveEntropicGw(problem));
    rows.push({
      group: "entropic-gw",
      instance: inst,
      n: problem.n,
      solver: "entropic-gw",
      cost: result.cost,
      bestKnown,
      seconds,
      referenceSeconds: ref?.seconds ?? null,
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
