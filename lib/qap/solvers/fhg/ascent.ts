/**
 * One run of the Hahn–Grant dual ascent (docs/method.md, "Hahn–Grant, factorised"): the dual state, the primal side,
 * the LAPs and the stopping rule, driven together. Used by `fhg` for a whole solve and by `bnb` at the root.
 * Per outer iteration: (a) the leader LAP (its assignment a candidate), (b) in iteration 1 the primal heuristic,
 * (c) banking the leader duals, (d) the optimality test, (e) spreading the leaders and sweeping the subproblems,
 * (f) the stall and limit tests. After stopping, one more leader LAP is tried as a candidate (not banked), so the
 * state is left consistent unless the clock stopped a sweep half-way.
 * @module
 */
import type { SolveClock, SolveStatus } from "../../result.ts";
import type { Certificate } from "../../certificate.ts";
import { type FhgLapAlgorithm, HahnGrantLapRunner } from "./lap_runner.ts";
import { type HahnGrantDualState, HahnGrantScratch } from "./dual_state.ts";
import type { HahnGrantPrimal } from "./primal.ts";
import { HahnGrantStopping } from "./stopping.ts";

/** Read-only view of the dual state handed to fhg's `onSweep` option (a debugging / testing hook). */
export interface FhgSweepState {
  /** "leader" right after the leader LAP was banked; "sweep" after a complete subproblem sweep. */
  phase: "leader" | "sweep";
  /** Outer iteration (1-based). */
  iteration: number;
  /** Problem size. */
  n: number;
  /** Current lower bound LB (unrounded). */
  lowerBound: number;
  /** Leader Λ[i,j] (reduced). */
  leader(i: number, j: number): number;
  /** Shared reduced pair cost R_ij(k,l) = R_kl(i,j), for i ≠ k, j ≠ l. */
  pairCost(i: number, j: number, k: number, l: number): number;
}

/** The settings of one ascent (the fhg options it reads). */
export interface AscentSettings {
  lap: FhgLapAlgorithm;
  alternateOrientation: boolean;
  updateWithLapSolutions: boolean;
  primalHeuristic: boolean;
  heuristicRepetitions: number;
  heuristicPatience: number;
  stallHeuristicPatience: number;
  maxStallIterations: number;
  epsilon: number;
  maxIterations: number;
  onSweep?: (state: FhgSweepState) => void;
}

/** One run of the dual ascent: the dual state, the primal side, the LAPs and the stopping rule, driven together. */
export class HahnGrantAscent {
  readonly lap: HahnGrantLapRunner;
  readonly scratch: HahnGrantScratch;
  readonly stopping: HahnGrantStopping;
  iterations = 0;
  leaderLaps = 0;
  status: SolveStatus = "converged";
  optimal = false;
  readonly #view: FhgSweepState;
  #bestBound = -Infinity;

  constructor(
    readonly certificate: Certificate,
    readonly state: HahnGrantDualState,
    readonly clock: SolveClock,
    readonly opts: AscentSettings,
    readonly primal: HahnGrantPrimal,
  ) {
    const n = state.n;
    this.lap = new HahnGrantLapRunner(n, opts.lap);
    this.scratch = new HahnGrantScratch(n);
    this.stopping = new HahnGrantStopping(opts.epsilon, opts.maxStallIterations, certificate);
    this.#view = {
      phase: "leader",
      iteration: 0,
      n,
      lowerBound: state.lowerBound,
      leader: (i, j) => state.leader(i, j),
      pairCost: (i, j, k, l) => state.pairCost(i, j, k, l),
    };
  }

  /**
   * The bound to report now: the best certified bound so far (a sweep adds a round, and with it allowance, before its
   * LAPs raise the bound; a bound certified earlier stays valid). Null while the state is no bound yet (negative pair
   * costs before the first sweep).
   */
  boundNow(): number | null {
    if (!this.state.boundValid) return null;
    const now = this.stopping.bound(this.state.lowerBound, this.primal.bestCost, this.state.rounds);
    if (!(this.#bestBound >= now)) this.#bestBound = now;
    return this.#bestBound;
  }

  #proven(): boolean {
    return this.state.boundValid &&
      this.stopping.proven(this.state.lowerBound, this.primal.bestCost, this.state.rounds);
  }

  #expire(): void {
    this.status = this.clock.expiredStatus();
  }

  /** Iterates until a proof, a stall, a limit or the clock stops it; ends with one leader LAP as a candidate. */
  ascend(): void {
    const { opts, clock, primal, state, lap, scratch } = this;
    const sweepHooks = {
      onCandidate: opts.updateWithLapSolutions ? (p: Int32Array) => primal.tryUnlessBest(p) : undefined,
      shouldStop: () => clock.expired(),
      onStride: () => clock.report(this.iterations, primal.bestCost, this.boundNow()),
    };
    for (;;) {
      this.iterations++;
      // (a) leader LAP, its assignment as a candidate
      const delta = this.#leaderLap(opts.alternateOrientation && this.iterations % 2 === 1);
      if (clock.expired()) return this.#finish(this.#expire());
      // (b) primal heuristic in iteration 1 (topped up after later sweeps)
      if (this.iterations === 1 && opts.primalHeuristic && opts.heuristicRepetitions > 0) {
        primal.run(opts.heuristicPatience, primal.settings.heuristicBudget);
        if (clock.expired()) return this.#finish(this.#expire());
      }
      // (c) bank the leader duals, (d) optimality test
      state.bankLeaders(delta);
      this.#notify("leader");
      clock.report(this.iterations, primal.bestCost, this.boundNow());
      if (this.iterations > 1 && this.#proven()) {
        this.optimal = true;
        this.status = "optimal";
        return this.#finish();
      }
      // (e) spread the leaders and sweep the subproblems
      if (!state.sweep(lap, scratch, this.iterations, opts.alternateOrientation, sweepHooks)) {
        return this.#finish(this.#expire());
      }
      this.#notify("sweep");
      if (opts.primalHeuristic && !this.#proven()) primal.topUp();
      // (f) stall / limits
      if (this.stopping.recordGain(delta, state.lowerBound, primal.bestCost)) {
        this.status = "stalled";
        if (opts.primalHeuristic && opts.stallHeuristicPatience > 0 && !this.#proven()) {
          primal.run(opts.stallHeuristicPatience, primal.settings.heuristicBudget - primal.seconds);
          if (clock.expired()) this.#expire();
        }
        return this.#finish();
      }
      if (clock.expired()) return this.#finish(this.#expire());
      if (this.iterations >= opts.maxIterations) {
        this.status = "max-iterations";
        return this.#finish();
      }
      lap.decayAuctionEpsilon();
    }
  }

  /** Solves the leader LAP and tries its assignment; returns its value. */
  #leaderLap(transposed: boolean): number {
    const delta = this.state.solveLeaders(this.lap, this.scratch, transposed);
    this.leaderLaps++;
    if (this.opts.updateWithLapSolutions) this.primal.tryCandidate(this.lap.ws.rowToCol.subarray(0, this.state.n));
    return delta;
  }

  /** One last leader LAP as a primal candidate; a proof found by it is recorded. */
  #finish(_?: void): void {
    this.state.solveLeaders(this.lap, this.scratch, false);
    this.leaderLaps++;
    this.primal.tryCandidate(this.lap.ws.rowToCol.subarray(0, this.state.n));
    if (!this.optimal && this.#proven()) {
      this.optimal = true;
      this.status = "optimal";
    }
  }

  #notify(phase: "leader" | "sweep"): void {
    const hook = this.opts.onSweep;
    if (!hook) return;
    const view = this.#view;
    view.phase = phase;
    view.iteration = this.iterations;
    view.lowerBound = this.state.lowerBound;
    hook(view);
  }
}
