import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rng } from "../../../lib/core/rng.ts";
import { matrixFrom } from "../../../lib/core/matrix.ts";
import { createQapProblem, type QapProblem } from "../../../lib/qap/problem.ts";
import { certificateTolerance } from "../../../lib/qap/certificate.ts";
import { Rlt2DualState } from "../../../lib/qap/bounds/rlt2.ts";
import {
  bnbMemoryBytes,
  RLT2_AUTO_SIZES,
  rlt2DepthFor,
  solveBranchAndBound,
} from "../../../lib/qap/solvers/branch_and_bound.ts";
import { climbRlt2, Rlt2Levels } from "../../../lib/qap/solvers/bnb/rlt2_levels.ts";
import { solveBruteForce } from "../../../lib/qap/solvers/brute_force.ts";
import { loadQaplibDat } from "../../../lib/io/qaplib.ts";
import { fixturePath } from "../../_helpers/assert.ts";

/** A random symmetric instance: integer or normal entries (negative ones too), optionally a linear term. */
function randomProblem(n: number, seed: number): QapProblem {
  const rng = new Rng(seed);
  const integer = seed % 2 === 1;
  const sym = () => {
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let k = i; k < n; k++) m[i * n + k] = m[k * n + i] = integer ? Math.floor(rng.uniform() * 10) : rng.normal();
    }
    return matrixFrom(m, n, n);
  };
  const linear = seed % 3 === 0
    ? matrixFrom(Float64Array.from({ length: n * n }, () => Math.floor(rng.uniform() * 5)), n, n)
    : undefined;
  return createQapProblem(sym(), sym(), { linear, constant: seed % 4 === 0 ? 7 : 0 });
}

Deno.test("bnb with the RLT-2 levels (rlt2: on) proves the brute-force optimum of random instances on one and two threads; its bounds never exceed it", () => {
  let rlt2Nodes = 0;
  for (let seed = 1; seed <= 8; seed++) {
    const problem = randomProblem(seed <= 4 ? 7 : 8, seed);
    const exact = solveBruteForce(problem).cost, tolerance = 1e-9 * Math.max(1, Math.abs(exact));
    for (const threads of [1, 2]) {
      // a weak start (no heuristic, two root iterations of each ascent) so the RLT-2 levels do the work
      const result = solveBranchAndBound(problem, {
        threads,
        rlt2: "on",
        rlt2Depth: 2,
        rootIterations: 2,
        rlt2RootIterations: 1,
        rlt2NodeIterations: 2,
        primalHeuristic: false,
      });
      const what = `seed ${seed}, ${threads} thread(s)`;
      assert.equal(result.optimal, true, what);
      assert.ok(Math.abs(result.cost - exact) <= tolerance, what);
      assert.ok(result.bound! <= exact + tolerance, what);
      assert.ok((result.info.rlt2RootBound as number) <= exact + tolerance, what);
      assert.equal(result.info.rlt2RootIterations, 1, what);
      rlt2Nodes += result.info.rlt2Nodes as number;
    }
  }
  assert.ok(rlt2Nodes > 0, "nodes below the root ran the RLT-2 ascent");
});

Deno.test("bnb's RLT-2 root proves nug8 (optimum 214), where the Hahn–Grant root stops below it: no search needed", () => {
  const problem = loadQaplibDat(fixturePath("qaplib", "nug8.dat"));
  const hahnGrantOnly = solveBranchAndBound(problem, { threads: 1, rlt2: "off", maxNodes: 1 });
  assert.ok((hahnGrantOnly.info.rootBound as number) < 214);
  const result = solveBranchAndBound(problem, { threads: 1, rlt2: "on", rlt2GainRatio: 0 });
  assert.equal(result.optimal, true);
  assert.equal(result.cost, 214);
  assert.equal(result.info.rlt2RootBound, 214);
  assert.equal(result.info.nodes, 0, "proven at the root");
});

Deno.test("rlt2: 'auto' runs for RLT2_AUTO_SIZES within the memory budget only; 'off' never; 'on' for any n > 3", () => {
  const budget = 8 * 2 ** 30;
  assert.equal(rlt2DepthFor(RLT2_AUTO_SIZES.min - 1, "auto", 2, 2, budget), null);
  assert.equal(rlt2DepthFor(RLT2_AUTO_SIZES.min, "auto", 2, 2, budget), 2);
  assert.equal(rlt2DepthFor(RLT2_AUTO_SIZES.max, "auto", 1, 2, budget), 1);
  assert.equal(rlt2DepthFor(RLT2_AUTO_SIZES.max + 1, "auto", 2, 2, budget), null);
  assert.equal(rlt2DepthFor(20, "auto", 2, 2, bnbMemoryBytes(20, 2, 2) - 1), null, "over the budget: off");
  assert.equal(rlt2DepthFor(20, "off", 2, 2, budget), null);
  assert.equal(rlt2DepthFor(6, "on", 3, 1, budget), 3);
  assert.equal(rlt2DepthFor(3, "on", 3, 1, budget), null);
  assert.ok(bnbMemoryBytes(20, 2, 2) > bnbMemoryBytes(20, 2, null) + 3 * 70e6, "the RLT-2 states are counted");
  // below the auto sizes the default run is the Hahn–Grant search alone
  const small = solveBranchAndBound(randomProblem(7, 3), { threads: 1 });
  assert.equal(small.info.rlt2RootBound, null);
  assert.equal(small.info.rlt2Nodes, 0);
  assert.throws(() => solveBranchAndBound(randomProblem(5, 1), { rlt2: "yes" as never }), /rlt2/);
});

Deno.test("RLT-2 levels: a node continues from its parent's stored state; a node whose parent is not stored restarts from the deepest stored ancestor", () => {
  const problem = randomProblem(7, 5), certificate = certificateTolerance(problem);
  const fresh = () => {
    const state = Rlt2DualState.initial(problem);
    state.leaderStep();
    climbRlt2(state, certificate, () => Infinity, 2, 0, () => false);
    return state;
  };
  const settings = { depth: 2, nodeIterations: 2, gainRatio: 0 };
  const levels = new Rlt2Levels(fresh(), settings, certificate);
  const never = () => false, none = () => Infinity;
  const rows = (...r: number[]) => Int32Array.from(r);
  // depth 1: row 2 → column 4 (local indices 2, 4 at the root)
  const parent = levels.evaluate(rows(2), rows(4), none, never);
  // depth 2: row 5 → column 0; at depth 1 row 5 is local 4, column 0 local 0
  const child = levels.evaluate(rows(2, 5), rows(4, 0), none, never);
  const expectedParent = fresh().restrict(2, 4);
  climbRlt2(expectedParent, certificate, none, 2, 0, never);
  assert.equal(parent.lowerBound, expectedParent.lowerBound);
  const expectedChild = expectedParent.restrict(4, 0);
  climbRlt2(expectedChild, certificate, none, 2, 0, never);
  assert.equal(child.lowerBound, expectedChild.lowerBound, "continued from the stored parent");
  assert.equal(child.rounds, expectedChild.rounds);
  // a depth-2 node under another depth-1 node (1 → 1), never evaluated: restarts from the root
  const orphan = levels.evaluate(rows(1, 5), rows(1, 0), none, never);
  const fromRoot = fresh().restrict(1, 1).restrict(4, 0);
  climbRlt2(fromRoot, certificate, none, 2, 0, never);
  assert.equal(orphan.lowerBound, fromRoot.lowerBound, "restarted from the root");
  assert.ok(child.leaders !== null && child.leaders.length === 25);
});

Deno.test("bnb rlt2 'auto' (nug12): the Hahn–Grant search first; past rlt2TriggerNodes the RLT-2 levels go on from its open nodes and prove the optimum, on one and two threads", () => {
  const problem = loadQaplibDat(fixturePath("qaplib", "nug12.dat"));
  // a weak start (no heuristic, 2 root iterations) so the Hahn–Grant search needs hundreds of nodes
  const options = { rootIterations: 2, primalHeuristic: false, rlt2RootIterations: 3 } as const;
  for (const threads of [1, 2]) {
    const alone = solveBranchAndBound(problem, { ...options, threads, rlt2TriggerNodes: 1e9 });
    assert.ok(alone.optimal && alone.cost === 578);
    assert.equal(alone.info.rlt2RootBound, null, "never triggered: no RLT-2");
    assert.ok((alone.info.nodes as number) > 50);
    const auto = solveBranchAndBound(problem, { ...options, threads, rlt2TriggerNodes: 20 });
    assert.ok(auto.optimal && auto.cost === 578, `${threads} thread(s)`);
    assert.equal(auto.info.rlt2RootIterations, 3);
    assert.ok((auto.info.rlt2RootBound as number) <= 578);
    assert.ok((auto.info.nodes as number) >= 20, "the Hahn–Grant phase's nodes are counted");
    assert.ok(auto.bound === 578);
  }
  // the checkpoint written at the end counts the nodes of both phases once
  const dir = mkdtempSync(join(tmpdir(), "bnb-rlt2-"));
  try {
    const file = join(dir, "run.json");
    const result = solveBranchAndBound(problem, { ...options, threads: 1, rlt2TriggerNodes: 20, checkpoint: file });
    assert.equal(JSON.parse(readFileSync(file, "utf8")).nodes, result.info.nodes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
