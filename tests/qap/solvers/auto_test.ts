/**
 * `auto` (fhg, then bnb until proven or the time limit): proves where fhg stalls, says which stage proved, keeps the
 * cheaper permutation and the higher bound without a proof, respects the time limit overall, and is reachable through
 * the registry (solveQap) like every other solver.
 */
import assert from "node:assert/strict";
import { Rng } from "../../../lib/core/rng.ts";
import { loadQaplibDat } from "../../../lib/io/qaplib.ts";
import { buildKernel, qapFromKernels } from "../../../lib/kernels/metrics.ts";
import { standardizeKernel } from "../../../lib/kernels/standardize.ts";
import type { QapProblem } from "../../../lib/qap/problem.ts";
import { DEFAULT_SOLVER_ID, getSolver, solveQap } from "../../../lib/qap/registry.ts";
import { solveAuto } from "../../../lib/qap/solvers/auto.ts";
import { solveBruteForce } from "../../../lib/qap/solvers/brute_force.ts";
import { solveFactorizedHahnGrant } from "../../../lib/qap/solvers/factorized_hahn_grant.ts";
import { fixturePath } from "../../_helpers/assert.ts";

/** The blind-matching QAP (GW, standardised kernels) of random 9 × 64 vision and 9 × 32 language embeddings. */
function randomEmbeddingProblem(seed: number, n = 9): QapProblem {
  const rng = new Rng(seed);
  const side = (dim: number) => ({
    rows: n,
    cols: dim,
    data: Float64Array.from({ length: n * dim }, () => rng.uniform() - 0.5),
  });
  const kernel = (m: ReturnType<typeof side>) => standardizeKernel(buildKernel(m, "gw"));
  return qapFromKernels(kernel(side(64)), kernel(side(32)), "gw");
}

Deno.test("auto proves what fhg alone leaves open (random 9-item embeddings): bnb proves the brute-force optimum", () => {
  for (const seed of [1, 8]) {
    const problem = randomEmbeddingProblem(seed);
    const fhg = solveFactorizedHahnGrant(problem);
    assert.equal(fhg.optimal, false, `seed ${seed}: fhg stalls without a proof here`);
    const auto = solveAuto(problem, { timeLimit: 120 });
    assert.equal(auto.solver, "auto");
    assert.equal(auto.optimal, true, `seed ${seed}: ${auto.status}`);
    assert.equal(auto.status, "optimal");
    assert.equal(auto.info.provedBy, "bnb");
    const stages = auto.info.stages as { solver: string; optimal: boolean }[];
    assert.deepEqual(stages.map((s) => s.solver), ["fhg", "bnb"]);
    assert.ok(auto.cost <= fhg.cost + 1e-9 * Math.abs(fhg.cost), `seed ${seed}: ${auto.cost} > fhg ${fhg.cost}`);
    const optimum = solveBruteForce(problem).cost;
    assert.ok(Math.abs(auto.cost - optimum) <= 1e-9 * Math.abs(optimum), `seed ${seed}: ${auto.cost} vs ${optimum}`);
    assert.ok(auto.bound! <= optimum + 1e-12 * Math.abs(optimum));
  }
});

Deno.test("auto stops after fhg when fhg proves (provedBy fhg, one stage), through solveQap({method: 'auto'})", () => {
  const problem = randomEmbeddingProblem(0);
  const r = solveQap(problem, { method: "auto", seed: 2 });
  assert.equal(r.solver, "auto");
  assert.equal(r.optimal, true);
  assert.equal(r.info.provedBy, "fhg");
  assert.equal((r.info.stages as unknown[]).length, 1);
  assert.equal(DEFAULT_SOLVER_ID, "auto");
  assert.equal(getSolver("auto").exact, true);
});

Deno.test("auto respects the time limit overall and keeps a valid bound without a proof (nug20, 2 s)", () => {
  const problem = loadQaplibDat(fixturePath("qaplib", "nug20.dat"));
  const events: number[] = [];
  const r = solveAuto(problem, { timeLimit: 2, threads: 1, onProgress: (e) => events.push(e.seconds) });
  assert.equal(r.optimal, false);
  assert.equal(r.status, "time-limit");
  assert.equal(r.info.provedBy, null);
  // The time limit is checked at the solvers' check points; a loaded 2-core machine adds some slack.
  assert.ok(r.seconds < 2 + 3, `took ${r.seconds} s`);
  assert.ok(r.bound !== null && r.bound <= 2570 && Number.isInteger(r.bound), `bound ${r.bound}`);
  assert.ok(r.cost >= 2570);
  const stages = r.info.stages as { solver: string; cost: number; bound: number | null }[];
  assert.equal(r.cost, Math.min(...stages.map((s) => s.cost)), "the cheaper stage's permutation");
  // fhg's permutation is bnb's first incumbent: bnb never ends worse than fhg
  assert.deepEqual(stages.map((s) => s.solver), ["fhg", "bnb"]);
  assert.ok(stages[1].cost <= stages[0].cost, `bnb ${stages[1].cost} > fhg ${stages[0].cost}`);
  assert.equal(r.bound, Math.max(...stages.map((s) => s.bound ?? -Infinity)), "the higher stage bound");
  // progress of both stages on auto's clock: never going back in time
  for (let k = 1; k < events.length; k++) assert.ok(events[k] >= events[k - 1] - 1e-9, "progress seconds increase");
});

Deno.test("auto refuses bad options with one-line errors and names the solvers for a doubly asymmetric problem", () => {
  const problem = randomEmbeddingProblem(0, 5);
  assert.throws(
    () => solveAuto(problem, { fhgTimeFraction: 0 }),
    /fhgTimeFraction must be a number in \(0, 1\], got 0/,
  );
  assert.throws(() => solveAuto(problem, { nope: 1 } as never), /unknown option 'nope'/);
  const asym = {
    ...problem,
    isSymmetric: false,
    a: { rows: 5, cols: 5, data: problem.a.data.map((x, k) => x + (k % 7)) },
    b: { rows: 5, cols: 5, data: problem.b.data.map((x, k) => x + (k % 3)) },
  };
  assert.throws(() => solveQap(asym, { method: "auto" }), /solver 'auto' needs a symmetric A or B.*faq/);
});

Deno.test("auto refuses an existing checkpoint file before its fhg stage runs (as bnb would after it)", () => {
  const dir = Deno.makeTempDirSync({ prefix: "auto-ckpt-" });
  try {
    const path = `${dir}/run.json`;
    Deno.writeTextFileSync(path, "{}");
    const problem = randomEmbeddingProblem(1);
    const events: string[] = [];
    assert.throws(
      () => solveAuto(problem, { checkpoint: path, onProgress: (e) => events.push(e.solver) }),
      /solveAuto: checkpoint \S+run\.json exists; resume it/,
    );
    assert.deepEqual(events, [], "nothing ran");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
