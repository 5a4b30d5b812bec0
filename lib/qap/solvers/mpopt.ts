/**
 * mpopt: a port of libmpopt's QAP solver (Swoboda et al. 2017, "A study of Lagrangean decompositions and dual ascent
 * solvers for graph matching"; Hutschenreiter et al. 2021, "Fusion moves for graph matching"). The QAP becomes a
 * graph-matching model on the complete graph of rows — unary factors, one pairwise factor per pair of rows, one
 * uniqueness factor per label (`_mpopt_dual.ts`) — and is solved by libmpopt's dual block-coordinate ascent: in every
 * pass each unary spreads its costs over its pairs, each pair sends its min-marginals back (MPLP++), and unaries and
 * uniqueness factors exchange messages. The last pass of every batch also rounds: `greedyGenerations` times a greedy
 * labelling on the reparametrised costs, a 2-exchange local search, and a fusion with the best assignment so far
 * (`_mpopt_primal.ts`). After each batch the dual objective — a lower bound — is evaluated; the run stops when the
 * bound proves the best assignment optimal, after `maxBatches` batches, or at the time limit.
 *
 * Differences from libmpopt: no dummy labels (a QAP matches every row; the original shifts its costs to ≤ −1 so that
 * its dummies stay unused); pair factors are kept as the Koopmans–Beckmann product plus message vectors (n³ memory
 * instead of n⁴); the bound is re-evaluated from the messages with a rigorous rounding allowance and then certified
 * (`certificate.ts`); fusion switches difference cycles (exactly when there are few) instead of calling QPBO; the local
 * search sweeps rows cyclically until no swap helps (in the libmpopt source read for this port its skip set is never
 * reset between runs, which silences the search after its first run); the greedy draws its node order from the
 * solver's seeded generator; a run stops early once its bound proves the best assignment.
 *
 * Size: memory is 8·(n³ + 6n² + 4n) bytes (n = 100: 8 MB; n = 510: just under 1 GiB, the default
 * `memoryBudgetBytes`); time is O(n⁴) per pass (n = 100: 0.1–0.4 s per pass on this shared 2-core machine).
 * @module
 */
import { checkInteger, checkRange, checkType } from "../../core/errors.ts";
import { Rng } from "../../core/rng.ts";
import { certificateTolerance, certifiedBound, isCertifiedOptimal } from "../certificate.ts";
import { qapCostUnchecked } from "../objective.ts";
import type { QapProblem } from "../problem.ts";
import {
  finishResult,
  resolveOptions,
  SolveClock,
  type SolveResult,
  type SolverOptions,
  type SolveStatus,
} from "../result.ts";
import { MpoptDual, mpoptStateBytes } from "./_mpopt_dual.ts";
import { fuse, greedyAssignment, localSearch, MpoptPrimalWorkspace } from "./_mpopt_primal.ts";

/** Options of {@link solveMpopt}. */
export interface MpoptOptions extends SolverOptions {
  /** Dual passes per batch; the bound is evaluated and the primal rounded once per batch (libmpopt default 10). */
  batchSize?: number;
  /** Largest number of batches (libmpopt default 100); 0 runs only the greedy generations on the original costs. */
  maxBatches?: number;
  /** Greedy labellings per rounding (libmpopt default 10). */
  greedyGenerations?: number;
  /** Run the 2-exchange local search on every greedy labelling (libmpopt default on). */
  localSearch?: boolean;
  /** Fuse every new labelling with the best so far (libmpopt default on, there by QPBO). */
  fusion?: boolean;
  /** Refuse problems whose dual state ({@link mpoptMemoryBytes}) needs more bytes than this; default 1 GiB (n ≤ 510). */
  memoryBudgetBytes?: number;
}

/** Defaults of {@link MpoptOptions} (libmpopt's `run(batch_size=10, max_batches=100, greedy_generations=10)`). */
export const MPOPT_DEFAULTS: Readonly<{
  batchSize: number;
  maxBatches: number;
  greedyGenerations: number;
  localSearch: boolean;
  fusion: boolean;
  memoryBudgetBytes: number;
}> = Object.freeze({
  batchSize: 10,
  maxBatches: 100,
  greedyGenerations: 10,
  localSearch: true,
  fusion: true,
  memoryBudgetBytes: 1024 * 1024 * 1024,
});

/** Bytes {@link solveMpopt} allocates for its dual state at size n (checked against `memoryBudgetBytes`). */
export function mpoptMemoryBytes(n: number): number {
  return mpoptStateBytes(n);
}

/**
 * Solves the QAP with libmpopt's dual decomposition + greedy primal (see the module doc). Accepts asymmetric A, B and
 * a linear term. Throws a RangeError when the dual state would exceed `memoryBudgetBytes`. `iterations` = dual passes.
 * The time limit and signal are checked before each row's pairs in every pass and bound evaluation, before each row
 * of the local search and after every greedy labelling (so a run overshoots by at most one greedy labelling, O(n³));
 * a stopped run returns the best assignment so far and the best bound evaluated (the O(n²) bound of the initial
 * decomposition when no batch finished).
 * Status: "optimal" (bound proves the cost), "max-iterations", "time-limit" or "aborted". `info`: `batches`,
 * `greedyRuns`, `localSearchSwaps`, `fusionGains` (fusions that beat both inputs), `boundSlack` (rounding allowance
 * of the last bound evaluation), `memoryBytes`.
 */
export function solveMpopt(problem: QapProblem, options: MpoptOptions = {}): SolveResult {
  const fn = "solveMpopt";
  const opts = resolveOptions(fn, MPOPT_DEFAULTS, options);
  checkInteger(opts.batchSize, fn, "batchSize", 1);
  checkInteger(opts.maxBatches, fn, "maxBatches", 0);
  checkInteger(opts.greedyGenerations, fn, "greedyGenerations", 1);
  checkType(typeof opts.localSearch === "boolean", fn, `localSearch must be a boolean, got ${opts.localSearch}`);
  checkType(typeof opts.fusion === "boolean", fn, `fusion must be a boolean, got ${opts.fusion}`);
  checkType(typeof opts.memoryBudgetBytes === "number", fn, `memoryBudgetBytes must be a number`);
  checkRange(opts.memoryBudgetBytes > 0, fn, `memoryBudgetBytes must be positive, got ${opts.memoryBudgetBytes}`);
  const n = problem.n;
  const bytes = mpoptMemoryBytes(n);
  checkRange(
    bytes <= opts.memoryBudgetBytes,
    fn,
    `n = ${n} needs ${(bytes / 2 ** 20).toFixed(1)} MiB of dual state (n³ doubles), above memoryBudgetBytes = ` +
      `${opts.memoryBudgetBytes}; raise memoryBudgetBytes or use fhg (O(n³) time per sweep)`,
  );
  const clock = new SolveClock("mpopt", opts);
  const expired = () => clock.expired();
  const cert = certificateTolerance(problem);
  const dual = new MpoptDual(problem);
  const rng = new Rng(opts.seed);
  const ws = new MpoptPrimalWorkspace(n);
  const best = new Int32Array(n);
  for (let i = 0; i < n; i++) best[i] = i;
  let bestCost = Infinity;
  const candidate = new Int32Array(n);
  const lsTolerance = 1e-12 * cert.scale;
  let greedyRuns = 0, localSearchSwaps = 0, fusionGains = 0;

  /** One greedy generation: labelling → local search → fusion with the best. */
  const primalStep = () => {
    greedyAssignment(dual, rng, ws, candidate);
    greedyRuns++;
    if (opts.localSearch) localSearchSwaps += localSearch(problem, candidate, ws, lsTolerance, expired);
    const cost = qapCostUnchecked(problem, candidate);
    if (bestCost === Infinity) {
      best.set(candidate);
      bestCost = cost;
    } else if (opts.fusion) {
      const fused = fuse(problem, best, bestCost, candidate, cost, ws);
      if (fused < Math.min(bestCost, cost)) fusionGains++;
      bestCost = fused;
    } else if (cost < bestCost) {
      best.set(candidate);
      bestCost = cost;
    }
  };

  let bound = -Infinity, slack = 0, passes = 0, batches = 0;
  let status: SolveStatus = "max-iterations";
  const evaluateBound = (lb: { value: number; slack: number } | null) => {
    if (lb === null) return;
    slack = lb.slack;
    const certified = certifiedBound(lb.value - lb.slack, cert);
    if (certified > bound) bound = certified;
  };

  let stopped = false;
  if (opts.maxBatches === 0) {
    for (let g = 0; g < opts.greedyGenerations && !stopped; g++) {
      primalStep();
      if (clock.expired()) stopped = true;
    }
    evaluateBound(dual.lowerBound(expired));
    status = stopped ? clock.expiredStatus() : "done";
  }
  for (let batch = 0; batch < opts.maxBatches && !stopped; batch++) {
    for (let pass = 0; pass < opts.batchSize; pass++) {
      if (clock.expired()) {
        stopped = true;
        break;
      }
      dual.diffuseUnaries();
      if (!dual.updatePairs(expired)) {
        stopped = true;
        break;
      }
      if (pass === opts.batchSize - 1) {
        for (let g = 0; g < opts.greedyGenerations; g++) {
          primalStep();
          if (clock.expired()) break;
        }
      }
      dual.updateUniqueness();
      passes++;
    }
    if (stopped) break;
    batches++;
    evaluateBound(dual.lowerBound(expired));
    clock.report(passes, bestCost, bound);
    if (isCertifiedOptimal(bestCost, Math.min(bound, bestCost), cert)) {
      status = "optimal";
      break;
    }
  }
  if (stopped) status = clock.expiredStatus();
  if (bestCost === Infinity) primalStep();
  if (bound === -Infinity) evaluateBound(dual.initialBound());
  const reported = Math.min(bound, bestCost) + 0; // + 0 turns a rounded-up −0 into 0
  const optimal = isCertifiedOptimal(bestCost, reported, cert);
  if (optimal) status = "optimal";
  return finishResult(problem, clock, opts, {
    permutation: best,
    bound: reported,
    optimal,
    status,
    iterations: passes,
    info: { batches, greedyRuns, localSearchSwaps, fusionGains, boundSlack: slack, memoryBytes: bytes },
  });
}
