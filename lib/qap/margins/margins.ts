/**
 * Certified per-pair margins of a matching (docs/method.md, "Per-pair margins"). For a permutation p of a QAP and a
 * row i, the margin of the pair (i, p(i)) is m_i(p) = min{J(q) : q(i) ≠ p(i)} − J(p): how much any matching that
 * changes this pair costs more. For an optimal p every m_i ≥ 0, m_i = 0 means an equally good matching disagrees on
 * row i, and min_i m_i is the gap to the runner-up matching. Margins are defined relative to the permutation given,
 * optimal or not: for a p that is not optimal some m_i < 0 (a cheaper matching changes row i), and the smallest
 * margin is J(best q ≠ p) − J(p) < 0; `optimal` says whether p was proven optimal.
 *
 * Each entry brackets m_i: `lower` ≤ m_i ≤ `upper`.
 * - mode "bound": the Hahn–Grant dual state (margins/dual_root.ts) gives, for every q with q(i) = j,
 *   J(q) ≥ LB + Λ[i,j] (reduced leader), and for every q with q(i) ≠ p(i), J(q) ≥ LB + the LAP over Λ with the pair
 *   (i, p(i)) priced out (≥ LB + min_{j≠p(i)} Λ[i,j]); lower = that certified bound − J(p); upper is J of the best
 *   alternative seen (2-opt neighbours of p, every LAP assignment of the ascent) − J(p). No search.
 * - mode "exact": rows still open after that are searched by branch and bound with the pair forbidden
 *   (margins/exact_search.ts), warm-started from the same state and sharing alternatives across rows.
 * Every lower bound is certified as solver bounds are (lib/qap/certificate.ts: the rounding allowance subtracted,
 * integer data rounded up), so it holds at every scale. `exact` means the bracket is closed under the certificate's
 * optimality rule: integer data lower = upper; otherwise upper − lower ≤ 2 × `allowance` (≈ 1e-13 of the problem's
 * magnitude S), the same rule as a solver's `optimal: true`. A certified lower bound on the optimum (`bound`, e.g. a
 * solve's `result.bound`) also bounds every alternative, so no lower is below bound − J(p) (0 when p was proven).
 * Problems with n ≤ 3 are enumerated.
 * @module
 */
import { checkKnownKeys, checkRange, checkType } from "../../core/errors.ts";
import { checkPermutation } from "../../core/permutation.ts";
import { atIterations, certifiedBound, isCertifiedOptimal } from "../certificate.ts";
import { qapCostUnchecked } from "../objective.ts";
import type { QapProblem } from "../problem.ts";
import { ascendForMargins, type DualRoot, rowLapBounds } from "./dual_root.ts";
import { searchAlternatives } from "./exact_search.ts";

/** How margins are computed: from the dual state alone, or closed by branch and bound. */
export type MarginMode = "bound" | "exact";

/** The margin modes, for option parsing. */
export const MARGIN_MODES: readonly MarginMode[] = ["bound", "exact"];

/** The margin of one pair (row, column = p(row)). */
export interface PairMargin {
  /** Row i. */
  row: number;
  /** Its column p(i). */
  column: number;
  /** Certified lower bound on m_i (−Infinity never occurs; +Infinity when no alternative exists, n = 1). */
  lower: number;
  /** J(best alternative seen) − J(p) ≥ m_i. */
  upper: number;
  /** True when lower and upper meet under the certificate (see the module doc). */
  exact: boolean;
}

/** Progress of a margins computation. */
export interface MarginProgress {
  /** "ascent": the dual ascent ended, `done` of `total` rows are exact already; "search" (exact mode): `done` of
   * `total` row groups are searched (margins/exact_search.ts). */
  phase: "ascent" | "search";
  done: number;
  total: number;
  seconds: number;
}

/** Options of {@link marginsOf}. */
export interface MarginOptions {
  /** "bound" (default) or "exact". */
  mode?: MarginMode;
  /** A certified lower bound on the optimum (e.g. a solve's `result.bound`); null or omitted: none. */
  bound?: number | null;
  /** Wall-clock limit in seconds (default Infinity); rows not searched by then keep their "bound" bracket. */
  timeLimit?: number;
  /** Most dual-ascent iterations (default 100; it stops earlier when the per-row gaps stop shrinking). */
  maxIterations?: number;
  /** Called after the ascent and after every searched group (exact mode). */
  onProgress?: (progress: MarginProgress) => void;
}

/** Margins of every pair of a permutation. */
export interface MarginReport {
  mode: MarginMode;
  n: number;
  /** The permutation the margins are relative to. */
  permutation: Int32Array;
  /** J(permutation). */
  cost: number;
  /** One entry per row, in row order. */
  margins: PairMargin[];
  /** Gap to the runner-up: min over rows of the margins (lower / upper / exact as for one entry). */
  runnerUpGap: { lower: number; upper: number; exact: boolean };
  /** True when the permutation is proven optimal (every alternative costs at least J(p), up to the certificate). */
  optimal: boolean;
  /** The rounding allowance of the certificate (0 for enumerated problems). */
  allowance: number;
  /** alternatives[i]: a permutation with q(i) ≠ p(i) and J(q) − J(p) = margins[i].upper (null when n = 1). */
  alternatives: (Int32Array | null)[];
  /** True when the time limit stopped the exact search before every row was decided. */
  timedOut: boolean;
  seconds: number;
  /** Dual-ascent iterations, search nodes, searched groups (exact mode: one per open row). */
  info: { ascentIterations: number; nodes: number; searchGroups: number };
}

const OPTION_KEYS = ["mode", "bound", "timeLimit", "maxIterations", "onProgress"];

/** Problems up to this size are enumerated. */
const ENUMERATION_SIZE = 3;

/**
 * Certified margins of every pair of `permutation` in `problem` (symmetric A or B, as fhg and bnb); see the module doc.
 *
 * @example
 * const result = solveQap(problem, { method: "bnb" });
 * const report = marginsOf(problem, result.permutation, { mode: "exact", bound: result.bound });
 * report.margins[0]; // { row: 0, column: 3, lower: 12, upper: 12, exact: true }
 */
export function marginsOf(
  problem: QapProblem,
  permutation: ArrayLike<number>,
  options: MarginOptions = {},
): MarginReport {
  const fn = "marginsOf";
  checkKnownKeys(options, OPTION_KEYS, fn);
  const mode = options.mode ?? "bound";
  checkRange(MARGIN_MODES.includes(mode), fn, `mode must be "bound" or "exact", got ${String(mode)}`);
  const timeLimit = options.timeLimit ?? Infinity;
  checkType(typeof timeLimit === "number" && timeLimit > 0, fn, `timeLimit must be a positive number of seconds`);
  const maxIterations = options.maxIterations ?? 100;
  checkRange(Number.isInteger(maxIterations) && maxIterations >= 1, fn, `maxIterations must be an integer ≥ 1`);
  const bound = options.bound ?? null;
  checkType(bound === null || typeof bound === "number", fn, "bound must be a number or null");
  const p = checkPermutation(permutation, problem.n, fn);
  const start = performance.now();
  const seconds = () => (performance.now() - start) / 1000;
  const expired = () => seconds() > timeLimit;
  const cost = qapCostUnchecked(problem, p);
  if (problem.n <= ENUMERATION_SIZE) return enumeratedMargins(problem, p, cost, mode, seconds);
  const root = ascendForMargins(problem, p, { maxIterations, minGain: 0.001, expired });
  const rows = problem.n;
  const altLower = rootAlternativeBounds(root, p, bound);
  const exact = new Uint8Array(rows);
  let rounds = root.rounds + 1;
  const closed = (i: number, r: number) =>
    isCertifiedOptimal(root.alternatives.costs[i], altLower[i], atIterations(root.certificate, r));
  for (let i = 0; i < rows; i++) exact[i] = closed(i, rounds) ? 1 : 0;
  const progress = (phase: MarginProgress["phase"], done: number, total: number) =>
    options.onProgress?.({ phase, done, total, seconds: seconds() });
  progress("ascent", exact.reduce((s, x) => s + x, 0), rows);
  let nodes = 0, searchGroups = 0, timedOut = false;
  if (mode === "exact") {
    // One pass over a partition of the open rows' alternatives (margins/exact_search.ts).
    const open = Array.from({ length: rows }, (_, i) => i).filter((i) => !exact[i]);
    let groups = 0;
    const outcome = searchAlternatives(root, open, p, expired, () => progress("search", ++groups, open.length));
    nodes = outcome.nodes;
    searchGroups = open.length;
    rounds = Math.max(rounds, outcome.rounds);
    outcome.rows.forEach((i, s) => {
      altLower[i] = Math.max(altLower[i], outcome.lower[s]);
      exact[i] = outcome.exact[s] || closed(i, rounds) ? 1 : 0;
      if (!exact[i]) timedOut = true;
    });
  }
  const certificate = atIterations(root.certificate, rounds);
  const alternatives = Array.from({ length: rows }, (_, i) => root.alternatives.permutationOf(i));
  const margins: PairMargin[] = [];
  for (let i = 0; i < rows; i++) {
    const best = root.alternatives.costs[i];
    // never above the best alternative's certified cost (removes rounding noise; a lower bound stays one)
    altLower[i] = Math.min(altLower[i], certifiedBound(best, certificate));
    margins.push({
      row: i,
      column: p[i],
      lower: altLower[i] - cost,
      upper: qapCostUnchecked(problem, alternatives[i]!) - cost,
      exact: exact[i] === 1,
    });
  }
  return {
    mode,
    n: rows,
    permutation: p,
    cost,
    margins,
    ...verdict(margins, cost, certificate.tolerance, bound, certificate.integral),
    allowance: certificate.tolerance,
    alternatives,
    timedOut,
    seconds: seconds(),
    info: { ascentIterations: root.iterations, nodes, searchGroups },
  };
}

/** Certified lower bounds on each row's best alternative (working costs): the root state's LAP with the row's pair
 * priced out (margins/dual_root.ts `rowLapBounds`), and never below `bound`. */
function rootAlternativeBounds(root: DualRoot, p: Int32Array, bound: number | null): Float64Array {
  // one more round for the per-row LAPs read off the banked state
  const cert = atIterations(root.certificate, root.rounds + 1);
  const raw = rowLapBounds(root.state, p);
  const floor = Math.max(certifiedBound(root.state.lowerBound, cert), bound ?? -Infinity);
  for (let i = 0; i < raw.length; i++) raw[i] = Math.max(certifiedBound(raw[i], cert), floor);
  return raw;
}

/** The runner-up gap and the optimality verdict from the entries. */
function verdict(
  margins: PairMargin[],
  cost: number,
  tolerance: number,
  bound: number | null,
  integral: boolean,
): Pick<MarginReport, "runnerUpGap" | "optimal"> {
  let lower = Infinity, upper = Infinity, closest: PairMargin | null = null;
  for (const m of margins) {
    lower = Math.min(lower, m.lower);
    if (closest === null || m.upper < upper) (upper = m.upper), (closest = m);
  }
  const cert = { n: margins.length, scale: 0, integral, tolerance, iterations: 0 };
  // exact: the runner-up's row is exact and no other row could still hide a cheaper alternative
  const exact = closest !== null && closest.exact && margins.every((m) => m.exact || m.lower >= upper);
  const optimal = lower === Infinity || isCertifiedOptimal(cost, cost + lower, cert) ||
    (bound !== null && isCertifiedOptimal(cost, bound, cert));
  return { runnerUpGap: { lower, upper, exact }, optimal };
}

/** Exact margins of a problem with n ≤ {@link ENUMERATION_SIZE} by enumerating every permutation. */
function enumeratedMargins(
  problem: QapProblem,
  p: Int32Array,
  cost: number,
  mode: MarginMode,
  seconds: () => number,
): MarginReport {
  const n = problem.n, best = new Float64Array(n).fill(Infinity);
  const alternatives: (Int32Array | null)[] = new Array(n).fill(null);
  for (const q of allPermutations(n)) {
    const c = qapCostUnchecked(problem, q);
    for (let i = 0; i < n; i++) {
      if (q[i] !== p[i] && c < best[i]) {
        best[i] = c;
        alternatives[i] = q.slice();
      }
    }
  }
  const margins = Array.from({ length: n }, (_, i) => {
    const m = best[i] - cost;
    return { row: i, column: p[i], lower: m, upper: m, exact: true };
  });
  return {
    mode,
    n,
    permutation: p,
    cost,
    margins,
    ...verdict(margins, cost, 0, null, true),
    allowance: 0,
    alternatives,
    timedOut: false,
    seconds: seconds(),
    info: { ascentIterations: 0, nodes: 0, searchGroups: 0 },
  };
}

/** Every permutation of 0..n−1 (n ≤ {@link ENUMERATION_SIZE}). */
function allPermutations(n: number): Int32Array[] {
  if (n === 1) return [Int32Array.of(0)];
  const out: Int32Array[] = [];
  for (const rest of allPermutations(n - 1)) {
    for (let pos = 0; pos < n; pos++) {
      const q = new Int32Array(n);
      for (let k = 0, r = 0; k < n; k++) q[k] = k === pos ? n - 1 : rest[r++];
      out.push(q);
    }
  }
  return out;
}
