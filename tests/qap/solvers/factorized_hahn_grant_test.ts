import assert from "node:assert/strict";
import { Rng } from "../../../lib/core/rng.ts";
import { fromRows } from "../../../lib/core/matrix.ts";
import { loadQaplibDat, loadQaplibSln } from "../../../lib/io/qaplib.ts";
import { qapCost } from "../../../lib/qap/objective.ts";
import { createQapProblem } from "../../../lib/qap/problem.ts";
import { getSolver, solveQap } from "../../../lib/qap/registry.ts";
import {
  FHG_DEFAULTS,
  type FhgSweepState,
  solveFactorizedHahnGrant,
} from "../../../lib/qap/solvers/factorized_hahn_grant.ts";
import { assertPermutation, fixturePath } from "../../_helpers/assert.ts";
import { bruteForceOptimum, loadSynthetic, randomGwProblem } from "./_hg_fixtures.ts";

/** Σ_i Λ[i,p_i] + Σ_{i<k} R_{i,p_i}(k,p_k) + LB: must equal J(p) after every leader step and complete sweep. */
function identityValue(state: FhgSweepState, p: Int32Array): number {
  let total = state.lowerBound;
  for (let i = 0; i < state.n; i++) {
    total += state.leader(i, p[i]);
    for (let k = i + 1; k < state.n; k++) total += state.pairCost(i, p[i], k, p[k]);
  }
  return total;
}

Deno.test("solveFactorizedHahnGrant(random GW n = 5–9) bound ≤ brute-force optimum ≤ cost and the bound identity holds after every sweep", () => {
  const rng = new Rng(2025);
  let checks = 0, instances = 0;
  for (let t = 0; t < 1000; t++) {
    const n = 5 + (t % 5);
    const problem = randomGwProblem(n, 1000 + t, t % 2 === 0 ? 0.5 : 0.2);
    const optimum = bruteForceOptimum(problem);
    const p = new Int32Array(n);
    let minLeader = Infinity, minPair = Infinity;
    const detailed = t % 10 === 0;
    const result = solveFactorizedHahnGrant(problem, {
      primalHeuristic: t % 25 === 0,
      maxIterations: 15,
      seed: t,
      onSweep: (state) => {
        for (let r = 0; r < 3; r++) {
          p.set(rng.permutation(n));
          const j = qapCost(problem, p);
          const value = identityValue(state, p);
          assert.ok(
            Math.abs(value - j) <= 1e-9 * Math.max(1, Math.abs(j)),
            `identity: J(p) = ${j}, LB + ΣΛ + ΣR = ${value}`,
          );
          checks++;
        }
        if (!detailed) return;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            minLeader = Math.min(minLeader, state.leader(i, j));
            for (let k = 0; k < n; k++) {
              if (k === i) continue;
              for (let l = 0; l < n; l++) if (l !== j) minPair = Math.min(minPair, state.pairCost(i, j, k, l));
            }
          }
        }
      },
    });
    const tol = 1e-9 * Math.max(1, Math.abs(optimum));
    assert.ok(result.bound! <= optimum + tol, `n=${n} t=${t}: bound ${result.bound} > optimum ${optimum}`);
    assert.ok(optimum <= result.cost + tol, `n=${n} t=${t}: optimum ${optimum} > cost ${result.cost}`);
    if (result.optimal) assert.ok(Math.abs(result.cost - optimum) <= 1e-6 * Math.max(1, optimum));
    if (detailed) {
      assert.ok(minLeader >= -1e-9, `a reduced leader is negative: ${minLeader}`);
      assert.ok(minPair >= -1e-9, `a reduced pair cost is negative: ${minPair}`);
    }
    instances++;
  }
  assert.equal(instances, 1000);
  assert.ok(checks >= 6000);
});

Deno.test("solveFactorizedHahnGrant(synth-gw-N10-*) finds every reference optimum and proves the 8 seeds the original proves", () => {
  const provenByOriginal = new Set([0, 1, 3, 4, 6, 7, 8, 9]);
  for (let s = 0; s < 10; s++) {
    const { problem, reference } = loadSynthetic(`synth-gw-N10-s${s}`);
    const result = solveFactorizedHahnGrant(problem, { timeLimit: 30 });
    assertPermutation(result.permutation, 10);
    assert.ok(
      result.cost <= reference.best_cost + 1e-9 * reference.best_cost,
      `s${s}: cost ${result.cost} > ${reference.best_cost}`,
    );
    assert.ok(result.bound! <= reference.best_cost + 1e-9 * reference.best_cost);
    if (provenByOriginal.has(s)) {
      assert.ok(result.optimal, `s${s} not proven: bound ${result.bound}, cost ${result.cost}`);
    }
    assert.equal(result.optimal, result.status === "optimal");
  }
});

Deno.test("solveFactorizedHahnGrant(synth-gw-N20/N30-s0-e0.2, lipa30a) proves optimality like the original", () => {
  for (const name of ["synth-gw-N20-s0-e0.2", "synth-gw-N30-s0-e0.2"]) {
    const { problem, reference } = loadSynthetic(name);
    const result = solveFactorizedHahnGrant(problem, { timeLimit: 60 });
    assert.ok(result.optimal, `${name}: gap ${result.gap}`);
    assert.ok(Math.abs(result.cost - reference.best_cost) <= 1e-8 * reference.best_cost);
  }
  const lipa = loadQaplibDat(fixturePath("qaplib", "lipa30a.dat"));
  const result = solveFactorizedHahnGrant(lipa, { timeLimit: 60 });
  assert.ok(result.optimal);
  assert.equal(result.cost, 13178);
  assert.equal(result.bound, 13178);
  assert.equal(result.info.symmetrized, "a");
  assert.equal(result.info.boundRoundedUp, true);
});

Deno.test("solveFactorizedHahnGrant(QAPLIB and synthetic instances, short runs) never bounds above the best known value", () => {
  const names = ["nug12", "chr12a", "tai12a", "esc16a", "nug20", "tai20a", "lipa20a", "els19", "kra30a", "tho30"];
  for (const name of names) {
    const problem = loadQaplibDat(fixturePath("qaplib", `${name}.dat`));
    const best = loadQaplibSln(fixturePath("qaplib", `${name}.sln`)).value;
    const result = solveFactorizedHahnGrant(problem, { timeLimit: 0.25, heuristicMaxSeconds: 0.05 });
    assert.ok(
      Number.isInteger(result.bound),
      `${name}: integral data must give an integral bound, got ${result.bound}`,
    );
    assert.ok(result.bound! <= best, `${name}: bound ${result.bound} > best known ${best}`);
    assert.ok(result.cost >= best);
  }
  for (const name of ["synth-gw-N20-s0", "synth-cos-N20-s0", "synth-gw-N30-s0"]) {
    const { problem, reference } = loadSynthetic(name);
    const result = solveFactorizedHahnGrant(problem, { timeLimit: 0.3, heuristicMaxSeconds: 0.05 });
    assert.ok(result.bound! <= reference.best_cost, `${name}: bound ${result.bound} > ${reference.best_cost}`);
  }
});

Deno.test("solveFactorizedHahnGrant(…, {lap}) gives valid bounds with every LAP; auction says its duals were repaired", () => {
  for (let t = 0; t < 6; t++) {
    const problem = randomGwProblem(6 + (t % 2), 77 + t);
    const optimum = bruteForceOptimum(problem);
    for (const lap of ["jv", "hungarian", "auction"] as const) {
      for (const alternateOrientation of [true, false]) {
        const result = solveFactorizedHahnGrant(problem, {
          lap,
          alternateOrientation,
          maxIterations: 30,
          primalHeuristic: false,
        });
        const label = `${lap} alternate=${alternateOrientation}`;
        assert.ok(result.bound! <= optimum + 1e-9 * Math.max(1, optimum), `${label}: ${result.bound} > ${optimum}`);
        assert.ok(result.cost >= optimum - 1e-9 * Math.max(1, optimum), label);
        assert.equal(result.info.dualsExact, lap !== "auction");
      }
    }
  }
});

Deno.test("solveFactorizedHahnGrant(chr12a, esc32a) the checkerboard orientation climbs past the original's final bound", () => {
  // Reference (the original, fixed orientation, float32 LAPs): chr12a bound 9052.32 after 48 s, esc32a 38 after 5.8 s.
  const chr = loadQaplibDat(fixturePath("qaplib", "chr12a.dat"));
  const proved = solveFactorizedHahnGrant(chr, { timeLimit: 20 });
  assert.ok(proved.optimal, `chr12a: bound ${proved.bound}, cost ${proved.cost}`);
  assert.equal(proved.bound, 9552);
  const esc = loadQaplibDat(fixturePath("qaplib", "esc32a.dat"));
  const escResult = solveFactorizedHahnGrant(esc, { timeLimit: 20 });
  assert.ok(escResult.bound! >= 38 && escResult.bound! <= 130, `esc32a bound ${escResult.bound}`);
  assert.equal(escResult.status, "stalled");
});

Deno.test("solveFactorizedHahnGrant(…) keeps improving the primal after a stall until stallHeuristicPatience runs fail", () => {
  const esc = loadQaplibDat(fixturePath("qaplib", "esc32a.dat"));
  const without = solveFactorizedHahnGrant(esc, { timeLimit: 20, stallHeuristicPatience: 0 });
  const withPolish = solveFactorizedHahnGrant(esc, { timeLimit: 20, stallHeuristicPatience: 100 });
  assert.equal(without.status, "stalled");
  assert.equal(withPolish.status, "stalled");
  assert.ok(
    (withPolish.info.heuristicRuns as number) >= (without.info.heuristicRuns as number) + 100,
    `runs: ${without.info.heuristicRuns} → ${withPolish.info.heuristicRuns}`,
  );
  assert.ok(withPolish.cost <= without.cost);
  assert.equal(withPolish.bound, without.bound, "the polish must not touch the dual state");
});

Deno.test("solveFactorizedHahnGrant(…) with both primal switches off uses only the final leader LAP", () => {
  const { problem } = loadSynthetic("synth-gw-N10-s0");
  const result = solveFactorizedHahnGrant(problem, {
    updateWithLapSolutions: false,
    primalHeuristic: false,
    maxIterations: 5,
  });
  assertPermutation(result.permutation, 10);
  assert.equal(result.iterations, 5);
  assert.equal(result.status, "max-iterations");
  assert.equal(result.info.heuristicSeconds, 0);
  assert.ok(result.bound! <= result.cost);
});

Deno.test("solveFactorizedHahnGrant(…) trace rows carry iteration, seconds, a non-decreasing bound and the best cost", () => {
  const { problem } = loadSynthetic("synth-gw-N10-s2");
  const events: number[] = [];
  const result = solveFactorizedHahnGrant(problem, {
    progressInterval: 0,
    maxIterations: 20,
    onProgress: (e) => events.push(e.bound!),
  });
  assert.ok(result.trace.length >= 20);
  for (let k = 1; k < events.length; k++) assert.ok(events[k] >= events[k - 1] - 1e-12);
  for (const row of result.trace) {
    assert.equal(row.solver, "fhg");
    assert.ok(row.seconds >= 0 && Number.isFinite(row.cost));
  }
  assert.equal(result.trace.at(-1)!.bound, result.bound);
});

Deno.test("solveFactorizedHahnGrant(…) stops at the time limit with a valid bound", () => {
  const { problem, reference } = loadSynthetic("synth-gw-N30-s0");
  const result = solveFactorizedHahnGrant(problem, { timeLimit: 0.05, primalHeuristic: false });
  assert.equal(result.status, "time-limit");
  assert.ok(result.bound! <= reference.best_cost);
  assert.ok(result.seconds < 5);
});

Deno.test("solveFactorizedHahnGrant(asymmetric input) symmetrises exactly when the other factor is symmetric, else refuses", () => {
  const rng = new Rng(5);
  const n = 6;
  const asym = fromRows(Array.from({ length: n }, () => Array.from({ length: n }, () => rng.int(10))));
  const sym = fromRows(
    Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => Math.abs(i - j) * 3 + i + j)),
  );
  const problem = createQapProblem(asym, sym);
  const optimum = bruteForceOptimum(problem);
  const result = solveFactorizedHahnGrant(problem, { timeLimit: 10 });
  assert.equal(result.info.symmetrized, "a");
  assert.ok(result.bound! <= optimum && optimum <= result.cost);
  assert.ok(Number.isInteger(result.bound));
  const flipped = solveFactorizedHahnGrant(createQapProblem(sym, asym), { timeLimit: 10 });
  assert.equal(flipped.info.symmetrized, "b");
  assert.throws(
    () => solveFactorizedHahnGrant(createQapProblem(asym, asym)),
    (e: Error) =>
      e instanceof RangeError && /needs a symmetric A or B/.test(e.message) &&
      /solveFactorizedHahnGrant/.test(e.message),
  );
  // through the registry the refusal names the solvers that take the problem
  assert.throws(() => solveQap(createQapProblem(asym, asym), { method: "fhg" }), /faq, two-opt/);
});

Deno.test("solveFactorizedHahnGrant refuses before allocating when the n³ dual planes exceed the memory budget", () => {
  const n = 60;
  const problem = createQapProblem(
    fromRows(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, k) => i + k))),
    fromRows(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, k) => Math.abs(i - k)))),
  );
  assert.throws(
    () => solveFactorizedHahnGrant(problem, { memoryBudgetBytes: 2 ** 20 }),
    /the n³ dual planes at n = 60 need 3\.4 MiB, over the memory budget of 1\.0 MiB/,
  );
  assert.throws(() => solveQap(problem, { method: "fhg", memoryBudgetBytes: 2 ** 20 }), /over the memory budget/);
  assert.throws(
    () => solveFactorizedHahnGrant(problem, { memoryBudgetBytes: -1 }),
    /memoryBudgetBytes must be a number in \(0, Infinity\], got -1/,
  );
});

Deno.test("solveFactorizedHahnGrant(…, bad options) throws naming the option", () => {
  const problem = randomGwProblem(5, 1);
  assert.throws(() => solveFactorizedHahnGrant(problem, { lapp: "jv" } as never), TypeError);
  assert.throws(() => solveFactorizedHahnGrant(problem, { lap: "simplex" as never }), /lap must be one of/);
  assert.throws(() => solveFactorizedHahnGrant(problem, { epsilon: -1 }), RangeError);
  assert.throws(() => solveFactorizedHahnGrant(problem, { updateWithLapSolutions: 1 as never }), TypeError);
  assert.throws(
    () => solveFactorizedHahnGrant(problem, { alternateOrientation: "yes" as never }),
    /alternateOrientation/,
  );
  assert.throws(() => solveFactorizedHahnGrant(problem, { stallHeuristicPatience: -1 }), /stallHeuristicPatience/);
  assert.ok(Object.isFrozen(FHG_DEFAULTS));
});

Deno.test("solveFactorizedHahnGrant(n = 1, 2) and the registry entry work", () => {
  const one = solveFactorizedHahnGrant(createQapProblem(fromRows([[2]]), fromRows([[3]]), { constant: 1 }));
  assert.equal(one.cost, 7);
  assert.equal(one.bound, 7);
  assert.ok(one.optimal);
  const two = createQapProblem(fromRows([[0, 1], [1, 0]]), fromRows([[1, 2], [2, 5]]), {
    linear: fromRows([[0, 3], [1, 0]]),
  });
  const r = solveFactorizedHahnGrant(two);
  assert.equal(r.cost, bruteForceOptimum(two));
  assert.ok(r.optimal);
  const spec = getSolver("fhg");
  assert.equal(spec.providesBound, true);
  assert.equal(spec.acceptsAsymmetric, false);
  assert.equal(spec.solve(two).cost, r.cost);
});
