/**
 * The QAP as a mixed-integer linear program solved by HiGHS (npm `highs`, WebAssembly): the free stand-in for the
 * paper's Gurobi baseline (Tab. 1/7, Fig. 6), with HiGHS's incumbent and dual bound under the shared contract.
 *
 * Linearisation. With x_ij = 1 when i ↦ j, J = Σ_ij (A_ii·B_jj + L_ij)·x_ij + Σ_{i≠k, j≠l} A_ik·B_jl·x_ij·x_kl + c
 * (products with i = k or j = l vanish or are linear on permutations). Three linearisations are built:
 * - "rlt1" (default; Adams–Johnson 1994, the level-1 reformulation–linearisation): one continuous y ≥ 0 per
 *   unordered pair of assignments ({(i,j),(k,l)}, i < k, j ≠ l; y_ijkl = y_klij merged, cost A_ik·B_jl + A_ki·B_lj),
 *   with Σ_{l≠j} y_ijkl = x_ij for every (i, j, k ≠ i) and Σ_{k≠i} y_ijkl = x_ij for every (i, j, l ≠ j):
 *   n²(n−1)²/2 + n² columns, 2n²(n−1) + 2n rows, 4 nonzeros per y. Its LP bound is the strongest of the three (the
 *   Hahn–Grant bound is a dual ascent on it).
 * - "frieze-yadegar" (1983): the same with ordered pairs y_ijkl and y_klij kept apart (twice the columns, twice the
 *   rows, a weaker LP).
 * - "kaufman-broeckx" (1978): n² continuous w_ij ≥ (Σ_kl q'_ijkl x_kl) − M_ij (1 − x_ij) with q' = A'_ik·B'_jl ≥ 0 after
 *   shifting the off-diagonal entries of A and B to be non-negative (a constant change of J); only 2n² columns but an
 *   LP bound near the trivial one, so the proof is left to enumeration by branching.
 * Measured time to proof (HiGHS 1.15.1, one thread, 2-opt warm start, the settings below; wall seconds on a 2-core
 * machine shared with other jobs — noisy by a factor of ~2; B&B nodes in brackets; brute force for scale):
 *
 *   instance          n   rlt1           frieze-yadegar   kaufman-broeckx   brute force
 *   tai6a             6   0.91 [1]       0.22 [1]         2.18 [93]         0.00
 *   nug7              7   0.11 [1]       0.28 [1]         1.93 [1266]       0.00
 *   tai7a             7   0.08 [1]       0.24 [1]         2.86 [994]        0.00
 *   nug8              8   0.46 [1]       2.38 [1]         11.9 [5315]       0.00
 *   tai8a             8   0.24 [1]       0.67 [1]         21.6 [10554]      0.00
 *   esc8a             8   0.68 [2]       7.60 [4]         0.07 [4]          0.01
 *   synth-gw-N10-s0  10   1.10 [1]       3.09 [1]         –                 0.35
 *   rou10            10   18.5 [1]       –                –                 0.24
 *   tai10a           10   19.6 [1]       –                –                 0.19
 *   chr12a           12   2.57 [1]       –                –                 –
 *   nug12            12   no proof in 180 s (bound 524, incumbent 582, optimum 578)
 *
 * RLT1 is kept: its root LP closes the gap on almost every instance (one node), Frieze–Yadegar needs 2–10× longer
 * for the same bound, Kaufman–Broeckx enumerates thousands of nodes (only esc8a, whose many zero flows make the
 * products sparse, is faster). The settings matter as much: with HiGHS's defaults (dual simplex root, heuristics on,
 * no warm start) RLT1 took 8.0 s on nug8 and did not prove rou10 within 60 s.
 *
 * HiGHS settings: `mip_rel_gap = mip_abs_gap = 0` (it stops only at a proof, the time limit or an interrupt), the
 * root LP by interior point (`mip_lp_solver = "ipm"`: the lifted LPs are highly degenerate; dual simplex took 49 s on
 * rou10's root LP, IPM 2.5 s), primal heuristics off (the 2-opt warm start is a good incumbent; on nug8 this cut LP
 * iterations from 19,683 to 2,652), `random_seed` = seed. Objective coefficients are scaled by a power of two (exact)
 * so that HiGHS's absolute tolerances act at a fixed relative size.
 *
 * Proof and bound. HiGHS works in doubles with its own tolerances, so its "Optimal" is a claim, not a certificate:
 * it prunes a node whose LP bound comes within `mip_feasibility_tolerance` (1e-6) of its incumbent, and each LP bound
 * may be off by its dual feasibility tolerance (1e-7) per column of range r. On the scaled objective that is an
 * allowance of (1e-6 + 1e-7·Σ r)·scale in the caller's units (≈ 7e-9·S at n = 7, where S is certificate.ts's scale),
 * and the result's certificate carries it: the reported bound is HiGHS's dual bound lowered by that allowance and by
 * the float64 allowance of certificate.ts (rounded up for integer data), the cost is J(p) recomputed from the
 * permutation, and `optimal` holds only when certificate.ts `isCertifiedOptimal` confirms cost and bound under that
 * certificate: for integer data cost ≤ bound (so the allowance must stay below one unit: data up to ≈ 1e5 per
 * product at n = 12), otherwise cost − bound ≤ 2·allowance. When HiGHS reports Optimal but the certificate cannot
 * confirm it (integer data too large for HiGHS's tolerances, e.g. A = 2³⁶ + small integers, where HiGHS's
 * "optimum" was up to 75 above the true one), the status is "converged" with the gap, never a proof.
 *
 * Size. RLT1 has ~n⁴/2 columns; HiGHS's memory (≈ 1.5 kB per nonzero, measured) must fit the WebAssembly heap of
 * 2 GiB and `memoryBudgetBytes` (default 1 GiB, n ≤ 24), else the solve is refused up front with the estimate.
 * @module
 */
import { option, schemaDefaults } from "../../core/options.ts";
import { type Certificate, certificateTolerance, certifiedBound, isCertifiedOptimal } from "../certificate.ts";
import { checkMemoryBudget } from "../memory.ts";
import { solveTwoOpt } from "./two_opt.ts";
import { qapCostUnchecked } from "../objective.ts";
import type { QapProblem } from "../problem.ts";
import { finishResult, resolveSchemaOptions, SolveClock, type SolveResult, type SolverOptions } from "../result.ts";
import { estimateMipBytes, HIGHS_HEAP_BYTES, type MipModel, runMip } from "./_highs.ts";
import { solveLapScipyInto } from "../../lap/scipy_crouse.ts";
import { LapWorkspace } from "../../lap/workspace.ts";

/** Linearisations of the QAP that {@link solveMilp} can build. */
export type MilpLinearization = "rlt1" | "frieze-yadegar" | "kaufman-broeckx";

/** Options of {@link solveMilp}. */
export interface MilpOptions extends SolverOptions {
  /** Which linearisation to build; default "rlt1". */
  linearization?: MilpLinearization;
  /** Largest estimated HiGHS memory in bytes; larger models are refused before building. Default 1 GiB. */
  memoryBudgetBytes?: number;
  /** Hand HiGHS the best of 10 seeded 2-opt descents as its first incumbent; default true. */
  warmStart?: boolean;
}

/** The linearisations {@link solveMilp} builds. */
export const MILP_LINEARIZATIONS: readonly MilpLinearization[] = ["rlt1", "frieze-yadegar", "kaufman-broeckx"];

/** The declared options of milp (lib/core/options.ts). */
export const MILP_OPTIONS = Object.freeze({
  linearization: option.choice(
    MILP_LINEARIZATIONS,
    "rlt1",
    "the MILP: rlt1 (Adams–Johnson, strongest LP), frieze-yadegar, kaufman-broeckx (smallest, weakest)",
  ),
  memoryBudgetBytes: option.number(2 ** 30, "refuse models whose estimated HiGHS memory exceeds this (bytes)", {
    min: 0,
    minExclusive: true,
  }),
  warmStart: option.boolean(true, "hand HiGHS the best of 10 seeded 2-opt descents as its first incumbent"),
});

/** Defaults of {@link MilpOptions}. */
export const MILP_DEFAULTS: Readonly<
  { linearization: MilpLinearization; memoryBudgetBytes: number; warmStart: boolean }
> = schemaDefaults(MILP_OPTIONS);

/** Size of the MILP one linearisation builds for size n. */
export interface MilpModelSize {
  /** Variables. */
  cols: number;
  /** Constraints. */
  rows: number;
  /** Constraint-matrix nonzeros (upper estimate for Kaufman–Broeckx, which skips zero products). */
  nonzeros: number;
  /** Estimated peak HiGHS memory in bytes. */
  bytes: number;
}

/** Model size of `linearization` at size n. */
export function milpModelSize(n: number, linearization: MilpLinearization): MilpModelSize {
  const nn = n * n, m = n - 1;
  let cols: number, rows: number, nonzeros: number;
  if (linearization === "rlt1") {
    const pairs = (nn * m * m) / 2;
    cols = nn + pairs;
    rows = 2 * n + 2 * nn * m;
    nonzeros = nn * (2 + 2 * m) + 4 * pairs;
  } else if (linearization === "frieze-yadegar") {
    const pairs = nn * m * m;
    cols = nn + pairs;
    rows = 2 * n + 4 * nn * m;
    nonzeros = nn * (2 + 4 * m) + 4 * pairs;
  } else {
    cols = 2 * nn;
    rows = 2 * n + 2 * nn;
    nonzeros = nn * (2 + 1 + 1) + nn * m * m + 2 * nn;
  }
  return { cols, rows, nonzeros, bytes: estimateMipBytes(cols, rows, nonzeros) };
}

/** Estimated HiGHS memory in bytes of the MILP at size n (default linearisation: RLT1). */
export function milpMemoryBytes(n: number, linearization: MilpLinearization = "rlt1"): number {
  return milpModelSize(n, linearization).bytes;
}

/** Largest n whose RLT1 model fits the default memory budget (24): the registry's maxN for "milp". */
export const MILP_MAX_N: number = (() => {
  let n = 1;
  while (milpMemoryBytes(n + 1) <= MILP_DEFAULTS.memoryBudgetBytes) n++;
  return n;
})();

/** A built model with its translation to and from permutations. */
export interface QapMip {
  model: MipModel;
  /** Solution vector of a permutation (a feasible MILP point). */
  encode: (p: Int32Array) => Float64Array;
}

/** Column-wise builder: columns are appended in order with their (row, value) entries. */
class CscBuilder {
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  #col = 0;
  #nz = 0;
  constructor(cols: number, nonzeros: number) {
    this.starts = new Int32Array(cols + 1);
    this.indices = new Int32Array(nonzeros);
    this.values = new Float64Array(nonzeros);
  }
  push(row: number, value: number): void {
    this.indices[this.#nz] = row;
    this.values[this.#nz++] = value;
  }
  endColumn(): void {
    this.starts[++this.#col] = this.#nz;
  }
  get nonzeros(): number {
    return this.#nz;
  }
}

/** The model with binary x (the first n² columns), the 2n assignment rows set to 1 and the given upper bounds. */
function assignmentModel(
  n: number,
  rows: number,
  csc: CscBuilder,
  colCost: Float64Array,
  colUpper: Float64Array,
  rowLower: Float64Array,
  rowUpper: Float64Array,
  offset: number,
): MipModel {
  const nn = n * n, cols = colCost.length;
  const colLower = new Float64Array(cols);
  const integrality = new Int32Array(cols);
  integrality.fill(1, 0, nn);
  rowLower.fill(1, 0, 2 * n);
  rowUpper.fill(1, 0, 2 * n);
  const nz = csc.nonzeros;
  return {
    numCols: cols,
    numRows: rows,
    offset,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    starts: csc.starts,
    indices: csc.indices.subarray(0, nz),
    values: csc.values.subarray(0, nz),
    integrality,
  };
}

/** Linear cost of x_ij: A[i,i]·B[j,j] + L[i,j]. */
function linearCosts(problem: QapProblem, out: Float64Array): void {
  const n = problem.n, a = problem.a.data, b = problem.b.data, l = problem.linear?.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = a[i * n + i] * b[j * n + j] + (l ? l[i * n + j] : 0);
  }
}

/** RLT1 (Adams–Johnson) with y_ijkl = y_klij merged into one variable per unordered pair, or Frieze–Yadegar. */
function buildLifted(problem: QapProblem, merged: boolean): QapMip {
  const n = problem.n, nn = n * n, m = n - 1;
  const a = problem.a.data, b = problem.b.data;
  const size = milpModelSize(n, merged ? "rlt1" : "frieze-yadegar");
  const { cols, rows } = size;
  const families = merged ? 2 : 4;
  const fam = (f: number, i: number, j: number, other: number, skip: number) =>
    2 * n + f * nn * m + (i * n + j) * m + (other < skip ? other : other - 1);
  const csc = new CscBuilder(cols, size.nonzeros);
  const colCost = new Float64Array(cols);
  linearCosts(problem, colCost);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const rowsX: number[] = [i, n + j];
      for (let f = 0; f < families; f++) {
        for (let o = 0; o < n; o++) {
          if (o === (f % 2 === 0 ? i : j)) continue;
          rowsX.push(fam(f, i, j, o, f % 2 === 0 ? i : j));
        }
      }
      for (const r of rowsX) csc.push(r, r < 2 * n ? 1 : -1);
      csc.endColumn();
    }
  }
  let col = nn;
  for (let i = 0; i < n; i++) {
    for (let k = merged ? i + 1 : 0; k < n; k++) {
      if (k === i) continue;
      for (let j = 0; j < n; j++) {
        for (let l = 0; l < n; l++) {
          if (l === j) continue;
          // y_ijkl: Σ_l y = x_ij (row (i,j,k)), Σ_k y = x_ij (row (i,j,l)); mirrored rows for x_kl.
          csc.push(fam(0, i, j, k, i), 1);
          csc.push(fam(1, i, j, l, j), 1);
          csc.push(fam(merged ? 0 : 2, k, l, i, k), 1);
          csc.push(fam(merged ? 1 : 3, k, l, j, l), 1);
          csc.endColumn();
          colCost[col++] = a[i * n + k] * b[j * n + l] + (merged ? a[k * n + i] * b[l * n + j] : 0);
        }
      }
    }
  }
  // Every variable lies in [0, 1] (y_ijkl ≤ x_ij is implied; the explicit bound keeps HiGHS's dual error per column
  // below its tolerance).
  const colUpper = new Float64Array(cols).fill(1);
  const model = assignmentModel(
    n,
    rows,
    csc,
    colCost,
    colUpper,
    new Float64Array(rows),
    new Float64Array(rows),
    problem.constant,
  );
  const encode = (p: Int32Array): Float64Array => {
    const x = new Float64Array(cols);
    for (let i = 0; i < n; i++) x[i * n + p[i]] = 1;
    let c = nn;
    for (let i = 0; i < n; i++) {
      for (let k = merged ? i + 1 : 0; k < n; k++) {
        if (k === i) continue;
        for (let j = 0; j < n; j++) {
          for (let l = 0; l < n; l++) {
            if (l === j) continue;
            if (p[i] === j && p[k] === l) x[c] = 1;
            c++;
          }
        }
      }
    }
    return x;
  };
  return { model, encode };
}

/** Kaufman–Broeckx: w_ij ≥ (Σ_kl q'_ijkl x_kl) − M_ij (1 − x_ij) with q' ≥ 0 after shifting A, B off-diagonals. */
function buildKaufmanBroeckx(problem: QapProblem): QapMip {
  const n = problem.n, nn = n * n;
  const a = problem.a.data, b = problem.b.data;
  let minA = 0, minB = 0, sumA = 0, sumB = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      if (i === k) continue;
      minA = Math.min(minA, a[i * n + k]);
      minB = Math.min(minB, b[i * n + k]);
      sumA += a[i * n + k];
      sumB += b[i * n + k];
    }
  }
  const alpha = -minA, beta = -minB;
  // Σ_{i≠k} (A+α)(B+β)[p] = Σ_{i≠k} A·B[p] + β·ΣA + α·ΣB + n(n−1)αβ, the last three constant.
  const shift = beta * sumA + alpha * sumB + n * (n - 1) * alpha * beta;
  const ap = new Float64Array(nn), bp = new Float64Array(nn);
  for (let t = 0; t < nn; t++) {
    const diag = t % (n + 1) === 0;
    ap[t] = diag ? 0 : a[t] + alpha;
    bp[t] = diag ? 0 : b[t] + beta;
  }
  // M_ij = Σ_{k≠i} max_{l≠j} a'_ik b'_jl ≥ Σ_kl q'_ijkl x_kl for every assignment.
  const big = new Float64Array(nn);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let maxB = 0;
      for (let l = 0; l < n; l++) if (l !== j) maxB = Math.max(maxB, bp[j * n + l]);
      let s = 0;
      for (let k = 0; k < n; k++) if (k !== i) s += ap[i * n + k] * maxB;
      big[i * n + j] = s;
    }
  }
  const size = milpModelSize(n, "kaufman-broeckx");
  const { cols, rows } = size;
  const csc = new CscBuilder(cols, size.nonzeros);
  const colCost = new Float64Array(cols);
  linearCosts(problem, colCost);
  colCost.fill(1, nn);
  const rowLower = new Float64Array(rows), rowUpper = new Float64Array(rows);
  const kbRow = (i: number, j: number) => 2 * n + i * n + j;
  for (let k = 0; k < n; k++) {
    for (let l = 0; l < n; l++) {
      csc.push(k, 1);
      csc.push(n + l, 1);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (i === k && j === l) csc.push(kbRow(i, j), big[i * n + j]);
          else if (i !== k && j !== l) {
            const q = ap[i * n + k] * bp[j * n + l];
            if (q !== 0) csc.push(kbRow(i, j), q);
          }
        }
      }
      csc.endColumn();
    }
  }
  for (let t = 0; t < nn; t++) {
    csc.push(2 * n + t, -1);
    csc.endColumn();
  }
  for (let t = 0; t < nn; t++) {
    rowLower[2 * n + t] = -Infinity;
    rowUpper[2 * n + t] = big[t];
  }
  // w_ij ≤ M_ij holds at every optimum (w_ij = x_ij·Σ q' x there).
  const colUpper = new Float64Array(cols).fill(1);
  colUpper.set(big, nn);
  const model = assignmentModel(n, rows, csc, colCost, colUpper, rowLower, rowUpper, problem.constant - shift);
  const encode = (p: Int32Array): Float64Array => {
    const x = new Float64Array(cols);
    for (let i = 0; i < n; i++) x[i * n + p[i]] = 1;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) if (k !== i) s += ap[i * n + k] * bp[p[i] * n + p[k]];
      x[nn + i * n + p[i]] = s;
    }
    return x;
  };
  return { model, encode };
}

/** Builds the MILP of `problem` under `linearization` (no size check). */
export function buildQapMilp(problem: QapProblem, linearization: MilpLinearization): QapMip {
  if (linearization === "kaufman-broeckx") return buildKaufmanBroeckx(problem);
  return buildLifted(problem, linearization === "rlt1");
}

/** The permutation closest to the assignment part x of a MILP point (max Σ x[i, p_i] by LAP). */
function decode(x: Float64Array, n: number): Int32Array {
  const lap = new LapWorkspace(n);
  const cost = new Float64Array(n * n);
  for (let t = 0; t < n * n; t++) cost[t] = -x[t];
  solveLapScipyInto(cost, n, n, lap);
  return lap.rowToCol.slice(0, n);
}

/** HiGHS's tolerances the certificate accounts for (set explicitly, so the allowance matches what HiGHS uses). */
const HIGHS_TOLERANCES = Object.freeze({
  /** Per column of range 1: the error of an LP (dual) bound whose reduced costs are within this tolerance. */
  dual: 1e-7,
  /** Rows of an LP solution. */
  primal: 1e-7,
  /** HiGHS prunes a node whose bound is within this of the incumbent (its MIP feasibility tolerance). */
  mip: 1e-6,
});

/** HiGHS options of every QAP solve (see the module doc). */
const HIGHS_QAP_OPTIONS = Object.freeze({
  mip_lp_solver: "ipm",
  mip_heuristic_effort: 0,
  mip_heuristic_run_feasibility_jump: false,
  mip_heuristic_run_rins: false,
  mip_heuristic_run_rens: false,
  mip_heuristic_run_root_reduced_cost: false,
  mip_heuristic_run_zi_round: false,
  mip_heuristic_run_shifting: false,
  dual_feasibility_tolerance: HIGHS_TOLERANCES.dual,
  primal_feasibility_tolerance: HIGHS_TOLERANCES.primal,
  mip_feasibility_tolerance: HIGHS_TOLERANCES.mip,
});

/**
 * The certificate of a HiGHS result on `problem` whose objective HiGHS saw divided by `scale`: the float64 allowance
 * of certificate.ts plus HiGHS's own, (mip + dual·Σ column ranges)·scale (see the module doc).
 */
export function milpCertificate(problem: QapProblem, model: MipModel, scale: number): Certificate {
  let ranges = 0;
  for (let t = 0; t < model.numCols; t++) ranges += model.colUpper[t] - model.colLower[t];
  const cert = certificateTolerance(problem);
  const highs = (HIGHS_TOLERANCES.mip + HIGHS_TOLERANCES.dual * ranges) * scale;
  return { ...cert, tolerance: cert.tolerance + highs };
}

/** Power of two that brings the largest objective coefficient into [512, 1024); 1 for an all-zero objective. */
function objectiveScale(cost: Float64Array): number {
  let max = 0;
  for (const c of cost) max = Math.max(max, Math.abs(c));
  return max === 0 ? 1 : 2 ** (Math.floor(Math.log2(max)) - 9);
}

/**
 * Solves the QAP as a MILP with HiGHS (see the module doc for the linearisations, the settings and what the proof
 * means). Accepts asymmetric A and B, a linear term and a constant. The time limit covers building the model, the
 * warm start and HiGHS (whose own `time_limit` gets what remains); the signal and the clock are polled at HiGHS's MIP
 * interrupt points (not inside its root LP). `iterations` = branch-and-bound nodes. Status "optimal" (proven under
 * {@link milpCertificate}), "converged" (HiGHS finished but its proof is below its own tolerances), else
 * "time-limit" / "aborted" with the incumbent (the warm start when HiGHS had none) and the dual bound (null before
 * HiGHS has one). Throws a RangeError when the model's estimated memory exceeds `memoryBudgetBytes` (or the 2 GiB
 * WebAssembly heap). `info`: `linearization`, `highsStatus`, `highsObjective`, `highsDualBound`, `allowance` (the certificate's tolerance), `lpIterations`,
 * `cols`, `rows`, `nonzeros`, `warmStartCost`.
 */
export function solveMilp(problem: QapProblem, options: MilpOptions = {}): SolveResult {
  const fn = "solveMilp";
  const opts = resolveSchemaOptions(fn, MILP_OPTIONS, options);
  const n = problem.n;
  const size = milpModelSize(n, opts.linearization);
  const what = `the ${opts.linearization} MILP at n = ${n} (${size.cols} columns, ${size.rows} rows, ` +
    `${size.nonzeros} nonzeros)`;
  checkMemoryBudget(fn, size.bytes, Math.min(opts.memoryBudgetBytes, HIGHS_HEAP_BYTES), {
    what,
    hint: "use fhg or bnb, or raise memoryBudgetBytes (HiGHS's WebAssembly heap is at most 2 GiB)",
  });
  const clock = new SolveClock("milp", opts);
  const start = solveTwoOpt(problem, {
    restarts: opts.warmStart ? 10 : 1,
    seed: opts.seed,
    timeLimit: opts.timeLimit,
    signal: opts.signal,
  }).permutation;
  const info: Record<string, unknown> = {
    linearization: opts.linearization,
    cols: size.cols,
    rows: size.rows,
    nonzeros: size.nonzeros,
    warmStartCost: qapCostUnchecked(problem, start),
  };
  if (clock.expired()) {
    return finishResult(problem, clock, opts, {
      permutation: start,
      bound: null,
      optimal: false,
      status: clock.expiredStatus(),
      iterations: 0,
      info: { ...info, highsStatus: "not-run" },
    });
  }
  const mip = buildQapMilp(problem, opts.linearization);
  const scale = objectiveScale(mip.model.colCost);
  for (let t = 0; t < mip.model.numCols; t++) mip.model.colCost[t] /= scale;
  mip.model.offset /= scale;
  const cert = milpCertificate(problem, mip.model, scale);
  const validBound = (dual: number) => certifiedBound(dual * scale, cert) + 0; // + 0: never −0
  const out = runMip(mip.model, {
    timeLimit: opts.timeLimit - clock.seconds(),
    seed: opts.seed,
    start: opts.warmStart ? mip.encode(start) : undefined,
    options: HIGHS_QAP_OPTIONS,
    shouldStop: () => clock.expired(),
    onProgress: (primal, dual, nodes) => {
      const cost = Math.min(primal * scale, info.warmStartCost as number);
      clock.report(nodes, cost, Number.isFinite(dual) ? Math.min(validBound(dual), cost) : null);
    },
  });
  let permutation = start;
  if (out.solution) {
    const p = decode(out.solution, n);
    if (qapCostUnchecked(problem, p) <= qapCostUnchecked(problem, start)) permutation = p;
  }
  const cost = qapCostUnchecked(problem, permutation);
  const highsObjective = out.primal * scale, highsDual = out.dual * scale;
  const bound = Number.isFinite(out.dual) ? Math.min(cost, validBound(out.dual)) : null;
  // A proof only where our certificate confirms it: cost recomputed from the permutation, HiGHS's bound lowered by
  // its tolerances (HiGHS's own "optimal" on data too large for them is no proof: status "converged").
  const proven = isCertifiedOptimal(cost, bound, cert);
  const status = proven
    ? "optimal"
    : clock.expired()
    ? clock.expiredStatus()
    : out.status === "optimal"
    ? "converged"
    : "time-limit";
  return finishResult(problem, clock, opts, {
    permutation,
    bound,
    optimal: proven,
    status,
    iterations: out.nodes,
    certificate: cert,
    info: {
      ...info,
      highsStatus: out.status,
      highsObjective,
      highsDualBound: highsDual,
      allowance: cert.tolerance,
      lpIterations: out.lpIterations,
    },
  });
}
