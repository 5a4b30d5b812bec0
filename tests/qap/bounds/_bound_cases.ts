/** Random small QAP instances for bound validity tests: every kind of data a bound must survive. */
import { matrixFrom } from "../../../lib/core/matrix.ts";
import { Rng } from "../../../lib/core/rng.ts";
import { createQapProblem, type QapProblem } from "../../../lib/qap/problem.ts";

/** One labelled test instance. */
export interface BoundCase {
  label: string;
  problem: QapProblem;
}

/**
 * `count` instances with n = 2…8 cycling through: scale 10^k (k = −6…6), integer data with many ties (values 0…3),
 * normal floats with negative entries, symmetric / A-asymmetric / both asymmetric, non-zero diagonals or not, with
 * or without a linear term and constant.
 */
export function boundCases(count: number, seed: number): BoundCase[] {
  const rng = new Rng(seed);
  const out: BoundCase[] = [];
  for (let t = 0; t < count; t++) {
    const n = 2 + (t % 7);
    const scale = 10 ** ((t % 13) - 6);
    const ties = t % 4 === 0, symmetry = t % 3, diagonal = t % 5 !== 0, withLinear = t % 2 === 0;
    const entry = () => ties ? rng.int(4) : rng.normal();
    const mat = (symmetric: boolean, s: number) => {
      const d = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (i === j && !diagonal) continue;
          d[i * n + j] = symmetric && j < i ? d[j * n + i] : entry() * s;
        }
      }
      return matrixFrom(d, n, n);
    };
    const a = mat(symmetry === 0, scale), b = mat(symmetry !== 2, 1);
    const linear = withLinear ? mat(false, scale * n) : null;
    const constant = withLinear ? entry() * scale : 0;
    out.push({
      label: `case ${t} (n ${n}, scale ${scale}, ${ties ? "ties" : "float"}, ${
        ["symmetric", "B symmetric", "asymmetric"][symmetry]
      }${diagonal ? ", diagonal" : ""}${withLinear ? ", linear" : ""})`,
      problem: createQapProblem(a, b, { linear, constant }),
    });
  }
  return out;
}

/** Σ|A|·max|B| + Σ|L| + |c|: a scale ≥ |J(p)| for rounding slack in tests. */
export function magnitude(problem: QapProblem): number {
  let sa = 0, mb = 0, sl = 0;
  for (const x of problem.a.data) sa += Math.abs(x);
  for (const x of problem.b.data) mb = Math.max(mb, Math.abs(x));
  if (problem.linear) { for (const x of problem.linear.data) sl += Math.abs(x); }
  return sa * mb + sl + Math.abs(problem.constant);
}
