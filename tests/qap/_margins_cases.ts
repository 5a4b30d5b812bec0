/** Small QAP instances with brute-force margins, shared by the margins tests. */
import { forEachPermutation } from "../../lib/core/permutation.ts";
import { type Matrix } from "../../lib/core/matrix.ts";
import { Rng } from "../../lib/core/rng.ts";
import { qapCostUnchecked } from "../../lib/qap/objective.ts";
import { createQapProblem, type QapProblem } from "../../lib/qap/problem.ts";

/** Kinds of data the margins are checked on. */
export type MarginCaseKind = "float" | "integer" | "ties" | "linear" | "asymmetric-b";

/** A random instance: size n, data scaled by `scale`, of one kind. */
export function marginCase(n: number, kind: MarginCaseKind, scale: number, seed: number): QapProblem {
  const rng = new Rng(seed);
  const integer = kind === "integer";
  const levels = [-1, 0, 1, 2];
  const draw = kind === "ties"
    ? () => levels[rng.int(levels.length)] * scale
    : integer
    ? () => Math.round((rng.uniform() * 2 - 1) * 9) * scale
    : () => (rng.uniform() * 2 - 1) * scale;
  const matrix = (symmetric: boolean): Matrix => {
    const data = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) data[i * n + j] = symmetric && j < i ? data[j * n + i] : draw();
    }
    return { rows: n, cols: n, data };
  };
  const a = matrix(true), b = matrix(kind !== "asymmetric-b");
  const withLinear = kind === "linear" || kind === "integer";
  return createQapProblem(a, b, {
    linear: withLinear ? matrix(false) : null,
    constant: withLinear ? draw() * n : 0,
  });
}

/** Every permutation of 0..n−1 with its cost (Heap's order). */
export function enumerate(problem: QapProblem): { perms: Int32Array[]; costs: Float64Array } {
  const perms: Int32Array[] = [];
  forEachPermutation(problem.n, (order) => perms.push(order.slice()));
  return { perms, costs: Float64Array.from(perms, (p) => qapCostUnchecked(problem, p)) };
}

/** True margins m_i(p) = min{J(q) : q(i) ≠ p(i)} − J(p) by enumeration, and an optimal permutation. */
export function bruteForceMargins(problem: QapProblem, p?: Int32Array): { optimum: Int32Array; margins: number[] } {
  const { perms, costs } = enumerate(problem);
  let best = 0;
  for (let k = 1; k < costs.length; k++) if (costs[k] < costs[best]) best = k;
  const given = p ?? perms[best];
  const cost = qapCostUnchecked(problem, given);
  const margins = Array.from({ length: problem.n }, (_, i) => {
    let m = Infinity;
    for (let k = 0; k < perms.length; k++) if (perms[k][i] !== given[i] && costs[k] < m) m = costs[k];
    return m - cost;
  });
  return { optimum: perms[best], margins };
}
