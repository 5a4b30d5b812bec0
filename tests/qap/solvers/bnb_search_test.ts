import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rng } from "../../../lib/core/rng.ts";
import { matrixFrom } from "../../../lib/core/matrix.ts";
import { createQapProblem, type QapProblem } from "../../../lib/qap/problem.ts";
import type { ProgressEvent } from "../../../lib/qap/result.ts";
import { solveBranchAndBound } from "../../../lib/qap/solvers/branch_and_bound.ts";
import { solveBruteForce } from "../../../lib/qap/solvers/brute_force.ts";
import { problemFingerprint, writeCheckpoint } from "../../../lib/qap/solvers/bnb/checkpoint.ts";

/** A random symmetric integer instance with a linear term. */
function randomProblem(n: number, seed: number): QapProblem {
  const rng = new Rng(seed);
  const sym = () => {
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let k = i; k < n; k++) m[i * n + k] = m[k * n + i] = Math.floor(rng.uniform() * 10);
    }
    return matrixFrom(m, n, n);
  };
  const linear = matrixFrom(Float64Array.from({ length: n * n }, () => Math.floor(rng.uniform() * 20)), n, n);
  return createQapProblem(sym(), sym(), { linear });
}

/** Writes a checkpoint with one open node, the root, carrying `bound`, and no incumbent. */
function rootCheckpoint(file: string, problem: QapProblem, bound: number): void {
  writeCheckpoint(file, {
    fingerprint: problemFingerprint(problem),
    n: problem.n,
    incumbent: null,
    open: [{ rows: new Int32Array(0), cols: new Int32Array(0), bound, rounds: 0 }],
    nodes: 0,
    seconds: 0,
  });
}

Deno.test("bnb children inherit their parent's bound: a resumed root bound of optimum − 1 (integer data) stays the global bound, and the search still proves the optimum", () => {
  const dir = mkdtempSync(join(tmpdir(), "bnb-inherit-"));
  try {
    let aborted = 0;
    for (let t = 0; t < 24; t++) {
      const n = 7 + (t % 3);
      const problem = randomProblem(n, 910 + t);
      const optimum = solveBruteForce(problem).cost;
      // stopped after a few nodes: every open child carries at least the stored bound
      const stopped = join(dir, `stopped-${t}.json`);
      rootCheckpoint(stopped, problem, optimum - 1);
      const controller = new AbortController();
      const events: ProgressEvent[] = [];
      const partial = solveBranchAndBound(problem, {
        threads: 1,
        leafSize: 2,
        primalHeuristic: false,
        resume: stopped,
        progressInterval: 0,
        signal: controller.signal,
        onProgress: (e) => {
          events.push(e);
          if ((e.nodes ?? 0) >= 2) controller.abort();
        },
      });
      assert.ok(partial.bound !== null && partial.bound <= optimum, `t = ${t}: bound ${partial.bound} > ${optimum}`);
      if (partial.status === "aborted") {
        aborted++;
        assert.ok(partial.bound >= optimum - 1, `t = ${t}: bound ${partial.bound}: a child fell below its parent`);
      }
      for (const e of events) assert.ok(e.bound === null || e.bound <= optimum);
      // run to the end: the inherited bounds prune nothing better than the optimum away
      const full = join(dir, `full-${t}.json`);
      rootCheckpoint(full, problem, optimum - 1);
      const result = solveBranchAndBound(problem, { threads: 1, leafSize: 2, primalHeuristic: false, resume: full });
      assert.ok(result.optimal, `t = ${t}: ${result.status}`);
      assert.equal(result.cost, optimum, `t = ${t}`);
    }
    assert.ok(aborted >= 6, `only ${aborted} runs were still searching after two nodes`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("bnb with look-ahead branching in the top levels (default) proves the brute-force optimum; its bounds never exceed it", () => {
  let searched = 0;
  for (let t = 0; t < 40; t++) {
    const n = 8 + (t % 2);
    const problem = randomProblem(n, 4200 + t);
    const optimum = solveBruteForce(problem).cost;
    const events: ProgressEvent[] = [];
    // no heuristic: the first incumbents are poor, so the look-ahead prunes against changing incumbents
    const result = solveBranchAndBound(problem, {
      threads: 1,
      primalHeuristic: false,
      leafSize: 2,
      progressInterval: 0,
      onProgress: (e) => events.push(e),
    });
    assert.ok(result.optimal, `t = ${t}: ${result.status}`);
    assert.equal(result.cost, optimum, `t = ${t}`);
    for (const e of events) assert.ok(e.bound === null || e.bound <= optimum, `t = ${t}: bound ${e.bound}`);
    if ((result.info.nodes as number) > 1) searched++;
  }
  assert.ok(searched >= 15, `only ${searched} of 40 instances needed a search`);
});
