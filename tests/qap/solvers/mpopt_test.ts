import assert from "node:assert/strict";
import { matrixFrom } from "../../../lib/core/matrix.ts";
import { Rng } from "../../../lib/core/rng.ts";
import { loadQaplibDat, loadQaplibSln } from "../../../lib/io/qaplib.ts";
import { qapCost } from "../../../lib/qap/objective.ts";
import { createQapProblem, type QapProblem } from "../../../lib/qap/problem.ts";
import { getSolver } from "../../../lib/qap/registry.ts";
import { solveBruteForce } from "../../../lib/qap/solvers/brute_force.ts";
import { MPOPT_DEFAULTS, mpoptMemoryBytes, solveMpopt } from "../../../lib/qap/solvers/mpopt.ts";
import { MpoptDual } from "../../../lib/qap/solvers/_mpopt_dual.ts";
import { fuse, greedyAssignment, localSearch, MpoptPrimalWorkspace } from "../../../lib/qap/solvers/_mpopt_primal.ts";
import { swapDelta } from "../../../lib/qap/objective.ts";
import { assertPermutation, fixturePath } from "../../_helpers/assert.ts";
import { plantedGwProblem } from "./_fixtures.ts";
import { randomGwProblem } from "./_hg_fixtures.ts";

/** A random instance of one of several kinds, scaled by `scale` (ties: small integers; GW; asymmetric + linear). */
function randomInstance(n: number, seed: number, scale: number): QapProblem {
  const rng = new Rng(seed);
  const kind = seed % 4;
  if (kind === 3) {
    const gw = randomGwProblem(n, seed, seed % 8 === 3 ? 0.5 : 0.1);
    const s = (m: { data: Float64Array }) => matrixFrom(m.data.map((x) => x * scale), n, n);
    return createQapProblem(s(gw.a), s(gw.b), { constant: gw.constant * scale * scale });
  }
  const symmetric = kind !== 2;
  const draw = kind === 1 ? () => rng.int(3) : () => rng.normal();
  const mat = () => {
    const d = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) d[i * n + j] = symmetric && j < i ? d[j * n + i] : draw() * scale;
    }
    return matrixFrom(d, n, n);
  };
  const a = mat(), b = mat();
  if (kind === 0) return createQapProblem(a, b);
  const linear = matrixFrom(Float64Array.from({ length: n * n }, () => draw() * scale * scale), n, n);
  return createQapProblem(a, b, { linear, constant: draw() * scale });
}

Deno.test("solveMpopt(1,200 random instances n = 2–7, scales 1e-4…1e4, ties, linear terms) bound ≤ brute-force optimum ≤ cost", () => {
  const scales = [1e-4, 1e-2, 1, 1e2, 1e4];
  let proven = 0, instances = 0;
  for (let t = 0; t < 1200; t++) {
    const n = 2 + (t % 6);
    const scale = scales[Math.floor(t / 6) % scales.length];
    const problem = randomInstance(n, 7000 + t, scale);
    const exact = solveBruteForce(problem);
    const result = solveMpopt(problem, { seed: t, maxBatches: 5, greedyGenerations: 2 });
    const tol = 1e-9 * Math.max(Math.abs(exact.cost), scale * scale * 1e-3);
    const label = `t=${t} n=${n} scale=${scale}`;
    assert.ok(result.bound! <= exact.cost + tol, `${label}: bound ${result.bound} > optimum ${exact.cost}`);
    assert.ok(result.cost >= exact.cost - tol, `${label}: cost ${result.cost} < optimum ${exact.cost}`);
    if (result.optimal) {
      assert.ok(Math.abs(result.cost - exact.cost) <= tol, `${label}: false optimality`);
      proven++;
    }
    instances++;
  }
  assert.equal(instances, 1200);
  assert.ok(proven > 0, "no instance was proven optimal");
});

Deno.test("MpoptDual(…) keeps Σ unaries + Σ uniqueness + Σ pairs + c = J(p) for random p after every message step", () => {
  const rng = new Rng(11);
  for (let t = 0; t < 40; t++) {
    const n = 3 + (t % 5);
    const problem = randomInstance(n, 300 + t, t % 2 === 0 ? 1 : 1e3);
    const dual = new MpoptDual(problem);
    const check = (step: string) => {
      for (let r = 0; r < 3; r++) {
        const p = rng.permutation(n);
        let total = problem.constant;
        for (let i = 0; i < n; i++) {
          total += dual.unary[i * n + p[i]] + dual.uniq[p[i] * n + i];
          for (let k = i + 1; k < n; k++) total += dual.pairCost(i, p[i], k, p[k]);
        }
        const j = qapCost(problem, p);
        assert.ok(Math.abs(total - j) <= 1e-10 * Math.max(1, Math.abs(j)), `t=${t} ${step}: ${total} vs J = ${j}`);
      }
    };
    for (let pass = 0; pass < 4; pass++) {
      dual.diffuseUnaries();
      check("diffuse");
      dual.updatePairs();
      check("pairs");
      dual.updateUniqueness();
      check("uniqueness");
    }
  }
});

Deno.test("MpoptDual(…) raw dual objective never decreases over message passes (dual ascent)", () => {
  for (let t = 0; t < 30; t++) {
    const problem = randomInstance(4 + (t % 4), 900 + t, 1);
    const dual = new MpoptDual(problem);
    let last = dual.lowerBound()!.value;
    for (let pass = 0; pass < 15; pass++) {
      dual.diffuseUnaries();
      dual.updatePairs();
      dual.updateUniqueness();
      const now = dual.lowerBound()!.value;
      assert.ok(now >= last - 1e-9 * Math.max(1, Math.abs(last)), `t=${t} pass ${pass}: ${last} → ${now}`);
      last = now;
    }
  }
});

Deno.test("MpoptDual.initialBound() is below the untouched decomposition's bound and the optimum; a stopped evaluation gives null", () => {
  for (let t = 0; t < 60; t++) {
    const n = 2 + (t % 6);
    const problem = randomInstance(n, 1300 + t, [1e-3, 1, 1e3][t % 3]);
    const dual = new MpoptDual(problem);
    const quick = dual.initialBound(), full = dual.lowerBound()!;
    const optimum = solveBruteForce(problem).cost;
    const tol = 1e-12 * Math.max(1, Math.abs(optimum), Math.abs(full.value));
    assert.ok(quick.value - quick.slack <= full.value + tol, `t=${t}: ${quick.value} > ${full.value}`);
    assert.ok(quick.value - quick.slack <= optimum + tol, `t=${t}: initial bound above the optimum`);
    assert.ok(quick.slack >= 0 && full.slack >= 0);
    assert.equal(dual.lowerBound(() => true), null);
  }
});

Deno.test("greedyAssignment + localSearch give permutations with no improving swap; fuse is never worse than its inputs", () => {
  const rng = new Rng(5);
  for (let t = 0; t < 30; t++) {
    const n = 4 + (t % 6);
    const problem = randomInstance(n, 500 + t, 1);
    const dual = new MpoptDual(problem);
    dual.diffuseUnaries();
    dual.updatePairs();
    const ws = new MpoptPrimalWorkspace(n);
    const p = new Int32Array(n), q = new Int32Array(n);
    greedyAssignment(dual, rng, ws, p);
    assertPermutation(p, n);
    greedyAssignment(dual, rng, ws, q);
    localSearch(problem, q, ws, 1e-12);
    assertPermutation(q, n);
    const a = problem.a.data, b = problem.b.data, l = problem.linear ? problem.linear.data : null;
    for (let r = 0; r < n; r++) {
      for (let s2 = r + 1; s2 < n; s2++) {
        const d = swapDelta(a, b, l, n, q, r, s2);
        assert.ok(
          d >= -1e-9 * Math.max(1, Math.abs(qapCost(problem, q))),
          `t=${t}: swap (${r}, ${s2}) improves by ${d}`,
        );
      }
    }
    const costP = qapCost(problem, p), costQ = qapCost(problem, q);
    const fused = p.slice();
    const cost = fuse(problem, fused, costP, q, costQ, ws);
    assertPermutation(fused, n);
    assert.equal(cost, qapCost(problem, fused));
    assert.ok(cost <= Math.min(costP, costQ), `t=${t}: fused ${cost} vs ${costP}, ${costQ}`);
    // every node keeps one of its two labels
    for (let i = 0; i < n; i++) assert.ok(fused[i] === p[i] || fused[i] === q[i]);
  }
});

Deno.test("solveMpopt(QAPLIB n = 12–20) finds costs within 5 % of the best known, bounds below them; chr20a's bound is tight", () => {
  for (const name of ["chr12a", "nug12", "tai12a", "esc16a", "els19", "nug20", "chr20a"]) {
    const problem = loadQaplibDat(fixturePath("qaplib", `${name}.dat`));
    const best = loadQaplibSln(fixturePath("qaplib", `${name}.sln`)).value;
    const result = solveMpopt(problem, { maxBatches: 30, timeLimit: 60 });
    assertPermutation(result.permutation, problem.n);
    assert.ok(Number.isInteger(result.bound), `${name}: integral data must give an integral bound`);
    assert.ok(result.bound! <= best, `${name}: bound ${result.bound} > best known ${best}`);
    assert.ok(result.cost >= best, `${name}: cost ${result.cost} below the best known ${best}`);
    if (name === "chr20a") {
      // Tree-like flows: the decomposition's bound is within a few per cent; its greedy is not.
      assert.ok(result.bound! >= 0.95 * best, `chr20a: bound ${result.bound} below 95 % of ${best}`);
    } else assert.ok(result.cost <= 1.05 * best, `${name}: cost ${result.cost} more than 5 % above ${best}`);
  }
});

Deno.test("solveMpopt(planted GW n = 8–10) recovers the planted optimum", () => {
  for (let s = 0; s < 5; s++) {
    const { problem, truth } = plantedGwProblem(8 + (s % 3), 40 + s);
    const result = solveMpopt(problem, { maxBatches: 20 });
    const optimum = qapCost(problem, truth);
    assert.ok(Math.abs(result.cost - optimum) <= 1e-9 * Math.abs(optimum), `s=${s}: ${result.cost} vs ${optimum}`);
  }
});

Deno.test("solveMpopt(chr12a) proves a cost optimal only when the bound reaches it; the bound never falls between batches", () => {
  const problem = loadQaplibDat(fixturePath("qaplib", "chr12a.dat"));
  const result = solveMpopt(problem, { maxBatches: 20, progressInterval: 0 });
  assert.equal(result.iterations, 20 * MPOPT_DEFAULTS.batchSize);
  assert.equal(result.info.batches, 20);
  assert.equal(result.status, result.optimal ? "optimal" : "max-iterations");
  assert.equal(result.optimal, result.bound === result.cost);
  const bounds = result.trace.map((e) => e.bound!);
  for (let k = 1; k < bounds.length; k++) assert.ok(bounds[k] >= bounds[k - 1], `trace bound fell at row ${k}`);
  assert.equal(result.info.greedyRuns, 20 * MPOPT_DEFAULTS.greedyGenerations);
});

Deno.test("solveMpopt(…, {timeLimit}) stops early with a valid permutation and a valid bound", () => {
  const problem = randomGwProblem(30, 5);
  const result = solveMpopt(problem, { timeLimit: 0.05 });
  assertPermutation(result.permutation, 30);
  assert.equal(result.status, "time-limit");
  assert.equal(result.optimal, false);
  assert.ok(result.bound! <= result.cost);
  assert.ok(result.iterations < MPOPT_DEFAULTS.maxBatches * MPOPT_DEFAULTS.batchSize);
});

Deno.test("solveMpopt(…, switches) maxBatches 0 runs only the greedy; local search and fusion off still give valid results", () => {
  const problem = randomGwProblem(9, 21);
  const exact = solveBruteForce(problem);
  const greedyOnly = solveMpopt(problem, { maxBatches: 0 });
  assert.equal(greedyOnly.status, "done");
  assert.equal(greedyOnly.iterations, 0);
  assert.equal(greedyOnly.info.greedyRuns, MPOPT_DEFAULTS.greedyGenerations);
  assert.ok(greedyOnly.bound! <= exact.cost);
  const plain = solveMpopt(problem, { localSearch: false, fusion: false, maxBatches: 3 });
  assert.equal(plain.info.localSearchSwaps, 0);
  assert.equal(plain.info.fusionGains, 0);
  assert.ok(plain.cost >= exact.cost - 1e-9 * Math.abs(exact.cost));
  assert.ok(plain.bound! <= exact.cost + 1e-9 * Math.abs(exact.cost));
});

Deno.test("solveMpopt(…) rejects bad options and sizes above its memory budget with one-line errors", () => {
  const problem = randomGwProblem(6, 1);
  assert.throws(() => solveMpopt(problem, { batchSize: 0 }), /solveMpopt: batchSize must be in \[1, Infinity\], got 0/);
  assert.throws(() => solveMpopt(problem, { maxBatches: -1 }), /maxBatches must be in/);
  assert.throws(() => solveMpopt(problem, { greedyGenerations: 0 }), /greedyGenerations must be in/);
  assert.throws(() => solveMpopt(problem, { localSearch: 1 as unknown as boolean }), TypeError);
  assert.throws(() => solveMpopt(problem, { memoryBudgetBytes: 0 }), /memoryBudgetBytes must be positive/);
  const big = randomGwProblem(40, 2);
  assert.ok(mpoptMemoryBytes(40) > 100_000);
  assert.throws(
    () => solveMpopt(big, { memoryBudgetBytes: 100_000 }),
    /n = 40 needs 0\.6 MiB of dual state.*memoryBudgetBytes = 100000; raise memoryBudgetBytes or use fhg/,
  );
  assert.ok(
    mpoptMemoryBytes(510) <= MPOPT_DEFAULTS.memoryBudgetBytes &&
      mpoptMemoryBytes(511) > MPOPT_DEFAULTS.memoryBudgetBytes,
  );
  assert.equal(mpoptMemoryBytes(100), 8 * (1e6 + 6e4 + 400));
});

Deno.test("solveQap({method: 'mpopt'}) is registered with a bound and asymmetric support", () => {
  const spec = getSolver("mpopt");
  assert.equal(spec.providesBound, true);
  assert.equal(spec.acceptsAsymmetric, true);
  assert.equal(spec.exact, false);
  const problem = randomGwProblem(5, 3);
  assert.equal(spec.solve(problem, { seed: 4 }).cost, solveMpopt(problem, { seed: 4 }).cost);
});
