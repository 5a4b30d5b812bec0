/**
 * The `NodeBound` contract (lib/qap/bounds/node_bound.ts): every registered bound, for any node of any problem a
 * solver accepts, returns a value ≤ J(p) for every completion p of the node's fixed assignments; unknown ids are
 * refused; and bnb with the bound switched on still proves the brute-force optimum.
 */
import { forEachPermutation } from "../../../lib/core/permutation.ts";
import assert from "node:assert/strict";
import { Rng } from "../../../lib/core/rng.ts";
import { isSymmetric } from "../../../lib/core/matrix.ts";
import { qapCost } from "../../../lib/qap/objective.ts";
import { createNodeBounds, NODE_BOUND_IDS, NODE_BOUNDS, type NodeView } from "../../../lib/qap/bounds/node_bound.ts";
import { projectedEigenvalueBound } from "../../../lib/qap/bounds/eigenvalue.ts";
import { prepareSymmetricInput } from "../../../lib/qap/solvers/_fhg_input.ts";
import { solveBranchAndBound } from "../../../lib/qap/solvers/branch_and_bound.ts";
import { solveBruteForce } from "../../../lib/qap/solvers/brute_force.ts";
import { boundCases } from "./_bound_cases.ts";
import { assertClose } from "../../_helpers/assert.ts";

/** The node that fixes rows[0..d) of a random permutation order to random columns. */
function randomNode(n: number, depth: number, rng: Rng): NodeView {
  const rowOrder = rng.permutation(n), colOrder = rng.permutation(n);
  return {
    state: { n: n - depth },
    fixedRows: Int32Array.from(rowOrder.slice(0, depth)),
    fixedCols: Int32Array.from(colOrder.slice(0, depth)),
    rows: Int32Array.from(rowOrder.slice(depth)),
    cols: Int32Array.from(colOrder.slice(depth)),
  };
}

/** min J(p) over the completions of `node` (Heap's enumeration of the free part). */
function bestCompletion(problem: Parameters<typeof qapCost>[0], node: NodeView): number {
  const n = problem.n, m = node.state.n, p = new Int32Array(n);
  for (let d = 0; d < node.fixedRows.length; d++) p[node.fixedRows[d]] = node.fixedCols[d];
  let best = Infinity;
  forEachPermutation(m, (order) => {
    for (let k = 0; k < m; k++) p[node.rows[k]] = node.cols[order[k]];
    best = Math.min(best, qapCost(problem, p));
  });
  return best;
}

Deno.test("NODE_BOUNDS: ids match their keys; unknown ids are refused naming the known ones", () => {
  assert.deepEqual([...NODE_BOUND_IDS], Object.keys(NODE_BOUNDS));
  for (const id of NODE_BOUND_IDS) assert.equal(NODE_BOUNDS[id].id, id);
  assert.ok(Object.isFrozen(NODE_BOUNDS));
  const input = prepareSymmetricInput(boundCases(1, 1)[0].problem, "test");
  assert.throws(() => createNodeBounds(["sdp"], input), /unknown node bound 'sdp' \(known: eigenvalue\)/);
});

Deno.test("NodeBound contract: every registered bound ≤ the best completion of random nodes (scales, ties, linear terms)", () => {
  const rng = new Rng(7);
  let checked = 0;
  for (const { label, problem } of boundCases(120, 3)) {
    if (problem.n < 3 || !(isSymmetric(problem.a) || isSymmetric(problem.b))) continue; // fhg-family input only
    const input = prepareSymmetricInput(problem, "test");
    for (const evaluator of createNodeBounds(NODE_BOUND_IDS, input)) {
      for (let depth = 0; depth < problem.n - 1; depth++) {
        const node = randomNode(problem.n, depth, rng);
        const lower = evaluator.bound(node), best = bestCompletion(problem, node);
        assert.ok(lower <= best, `${label}, depth ${depth}: bound ${lower} > best completion ${best}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 200, `${checked} nodes checked`);
});

Deno.test("eigenvalue NodeBound at the root is the projected eigenvalue bound of the problem", () => {
  for (const { label, problem } of boundCases(40, 5)) {
    if (!problem.isSymmetric || problem.n < 3) continue;
    const [evaluator] = createNodeBounds(["eigenvalue"], prepareSymmetricInput(problem, "test"));
    const n = problem.n, all = Int32Array.from({ length: n }, (_, k) => k);
    const root = { state: { n }, rows: all, cols: all, fixedRows: new Int32Array(0), fixedCols: new Int32Array(0) };
    assertClose(evaluator.bound(root), projectedEigenvalueBound(problem).bound, 1e-9, label);
  }
});

Deno.test("bnb with every node bound on proves the brute-force optimum (random n = 6–8, integer and float data)", () => {
  for (const { label, problem } of boundCases(60, 11)) {
    if (!problem.isSymmetric || problem.n < 6) continue;
    const result = solveBranchAndBound(problem, { threads: 1, nodeBounds: [...NODE_BOUND_IDS], rootIterations: 2 });
    const optimum = solveBruteForce(problem).cost;
    assert.equal(result.optimal, true, label);
    assert.ok(Math.abs(result.cost - optimum) <= 1e-9 * Math.max(1, Math.abs(optimum)), label);
  }
});
