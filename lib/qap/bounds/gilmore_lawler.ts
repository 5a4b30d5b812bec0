/**
 * The Gilmore–Lawler lower bound (Gilmore 1962, Lawler 1963) in the form HeuristicLab's QAPLIB tests publish: for
 * every pair (row i of A, row j of B) the smallest possible contribution of "i goes to j",
 * l[i,j] = A[i,i]·B[j,j] + minimal scalar product of A's row i and B's row j without their diagonals (one sorted
 * ascending, the other descending), then one LAP over l. Valid for asymmetric A, B (only rows are used); a linear
 * term is added to l and the constant to the result. Cost O(n³ + n² log n).
 * @module
 */
import { checkType } from "../../core/errors.ts";
import { LapWorkspace, solveLapInto } from "../../lap/shortest_path.ts";
import type { QapProblem } from "../problem.ts";

/** Off-diagonal entries of each row of x sorted ascending: row i occupies out[i·(n−1) .. (i+1)·(n−1)). */
function sortedRowsWithoutDiagonal(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * (n - 1));
  for (let i = 0; i < n; i++) {
    const row = out.subarray(i * (n - 1), (i + 1) * (n - 1));
    let k = 0;
    for (let j = 0; j < n; j++) if (j !== i) row[k++] = x[i * n + j];
    row.sort();
  }
  return out;
}

/**
 * Gilmore–Lawler bound of `problem`: a number ≤ J(p) for every permutation p. Integer problems give the integer
 * values published for QAPLIB (e.g. HeuristicLab's unit tests).
 */
export function gilmoreLawlerBound(problem: QapProblem): number {
  checkType(
    problem !== null && typeof problem === "object" && Number.isInteger(problem.n) &&
      problem.a?.data instanceof Float64Array,
    "gilmoreLawlerBound",
    `problem must be a QapProblem, got ${typeof problem}`,
  );
  const n = problem.n, a = problem.a.data, b = problem.b.data, m = n - 1;
  const sa = sortedRowsWithoutDiagonal(a, n), sb = sortedRowsWithoutDiagonal(b, n);
  const l = problem.linear ? problem.linear.data : null;
  const cost = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ra = i * m, aii = a[i * n + i];
    for (let j = 0; j < n; j++) {
      const rb = j * m;
      // minimal scalar product: ascending A row against descending B row
      let s = 0;
      for (let k = 0; k < m; k++) s += sa[ra + k] * sb[rb + m - 1 - k];
      cost[i * n + j] = s + aii * b[j * n + j] + (l ? l[i * n + j] : 0);
    }
  }
  const ws = new LapWorkspace(n);
  return solveLapInto(cost, n, n, ws) + problem.constant;
}
