/**
 * Extra lower bounds for branch-and-bound nodes, beside the Hahn–Grant dual state every node carries. A bound is one
 * {@link NodeBound} entry in {@link NODE_BOUNDS}: adding one is that single edit; bnb's `nodeBounds` option lists the
 * ids to try (its choices come from this registry) and the search asks each, after a node's first leader LAP, for a
 * bound on every completion of the node. Ids (strings) travel to worker threads; each search thread builds its own
 * evaluators with their buffers ({@link createNodeBounds}).
 *
 * | id           | bound                                                                       | cost per node   |
 * | ------------ | --------------------------------------------------------------------------- | --------------- |
 * | `eigenvalue` | projected eigenvalue bound (Hadley, Rendl & Wolkowicz) of the residual QAP | two m×m eigens  |
 *
 * The SDP bound by ADMM was measured for a place here and removed (docs/method.md, "Branch and bound": stronger
 * than the root's Hahn–Grant bound on nug12 / tai12a / nug15, but 10–120 s where bnb proves those in 1–10 s).
 * @module
 */
import { checkRange } from "../../core/errors.ts";
import { matrixFrom } from "../../core/matrix.ts";
import { createQapProblem } from "../problem.ts";
import type { PreparedInput } from "../solvers/_fhg_input.ts";
import { EigenBoundWorkspace, residualEigenBoundInto } from "./eigenvalue.ts";

/** What a node bound sees of a node: its free rows / columns and its fixed assignments (original indices). */
export interface NodeView {
  /** The residual problem's size m. */
  readonly state: { readonly n: number };
  /** Original row of each of the m free rows. */
  readonly rows: Int32Array;
  /** Original column of each of the m free columns. */
  readonly cols: Int32Array;
  /** Fixed rows and their columns (original indices). */
  readonly fixedRows: Int32Array;
  readonly fixedCols: Int32Array;
}

/** One search thread's instance of a node bound (own buffers; not shared between threads). */
export interface NodeBoundEvaluator {
  /** A valid raw lower bound on J over every completion of `node` (−Infinity when it has none). */
  bound(node: NodeView): number;
}

/** A registered node bound. */
export interface NodeBound {
  /** Registry id (bnb's `nodeBounds` option values). */
  readonly id: string;
  /** What it is, in a few words. */
  readonly summary: string;
  /** An evaluator for the symmetric working problem `input` (the objective of the caller's problem). */
  create(input: PreparedInput): NodeBoundEvaluator;
}

/** The projected eigenvalue bound of a node's residual problem (lib/qap/bounds/eigenvalue.ts). */
const EIGENVALUE_NODE_BOUND: NodeBound = Object.freeze({
  id: "eigenvalue",
  summary: "projected eigenvalue bound (Hadley, Rendl & Wolkowicz) of the residual problem",
  create(input: PreparedInput): NodeBoundEvaluator {
    const { a, b, linear, constant, n } = input;
    const workspace = new EigenBoundWorkspace(n), residual = new Float64Array(n * n);
    // the symmetric working problem (same objective as the caller's) is what the eigenvalue bound reads
    const problem = createQapProblem(matrixFrom(a, n, n), matrixFrom(b, n, n), {
      linear: linear ? matrixFrom(linear, n, n) : null,
      constant,
    });
    return {
      bound(node: NodeView): number {
        const m = node.state.n, fr = node.fixedRows, fc = node.fixedCols, rows = node.rows, cols = node.cols;
        for (let i = 0; i < m; i++) {
          const r = rows[i];
          for (let j = 0; j < m; j++) {
            const c = cols[j];
            let value = linear ? linear[r * n + c] : 0;
            for (let d = 0; d < fr.length; d++) value += 2 * a[r * n + fr[d]] * b[c * n + fc[d]];
            residual[i * m + j] = value;
          }
        }
        let fixed = constant;
        for (let d = 0; d < fr.length; d++) {
          if (linear) fixed += linear[fr[d] * n + fc[d]];
          for (let e = 0; e < fr.length; e++) fixed += a[fr[d] * n + fr[e]] * b[fc[d] * n + fc[e]];
        }
        return residualEigenBoundInto(workspace, problem, rows, cols, m, residual.subarray(0, m * m), fixed);
      },
    };
  },
});

/** The node bounds by id (frozen). Adding a bound to bnb is adding its entry here. */
export const NODE_BOUNDS: Readonly<Record<string, NodeBound>> = Object.freeze({
  [EIGENVALUE_NODE_BOUND.id]: EIGENVALUE_NODE_BOUND,
});

/** The registered ids, in registry order. */
export const NODE_BOUND_IDS: readonly string[] = Object.freeze(Object.keys(NODE_BOUNDS));

/**
 * Evaluators of the listed node bounds for `input` (one search thread's set); throws a RangeError naming the known
 * ids for an unknown one.
 * @example
 * const [eigen] = createNodeBounds(["eigenvalue"], input);
 * const lower = eigen.bound(frame);
 */
export function createNodeBounds(ids: readonly string[], input: PreparedInput): NodeBoundEvaluator[] {
  return ids.map((id) => {
    checkRange(
      Object.hasOwn(NODE_BOUNDS, id),
      "createNodeBounds",
      `unknown node bound '${id}' (known: ${NODE_BOUND_IDS.join(", ")})`,
    );
    return NODE_BOUNDS[id].create(input);
  });
}
