/**
 * The primal side of factorised Hahn–Grant: the best permutation found so far, candidates from the LAPs, and the
 * randomised FAQ + 2-opt heuristic under a time share (docs/method.md, "Deviations": one deterministic FAQ repeated
 * 100 times in the original; randomised starts and a time share here, so the dual ascent gets most of the time).
 * @module
 */
import { Rng } from "../../../core/rng.ts";
import type { QapProblem } from "../../problem.ts";
import type { SolveClock } from "../../result.ts";
import { solveFaq } from "../faq.ts";
import { solveTwoOpt } from "../two_opt.ts";
import { costOf, type PreparedInput } from "../_fhg_input.ts";

/** Smallest time limit handed to one heuristic run (seconds). */
const MIN_RUN_SECONDS = 1e-3;

/** Heuristic settings (see FhgOptions for their meaning). */
export interface PrimalSettings {
  heuristicRepetitions: number;
  heuristicTimeFraction: number;
  /** Seconds the heuristic may take in the whole run. */
  heuristicBudget: number;
  /** The "count" schedule: repetitions and patience only, one repetition per top-up, no clock. */
  counted: boolean;
  timeLimit: number;
  seed: number;
  /** A candidate must beat the best by more than this to replace it (equal-cost swaps only churn); scale-relative:
   * the certificate's rounding allowance. */
  improvementMargin: number;
}

/** Best permutation so far and the FAQ + 2-opt heuristic that improves it. */
export class HahnGrantPrimal {
  /** Best permutation found. */
  readonly best: Int32Array;
  /** Its cost (Infinity before the first candidate). */
  bestCost = Infinity;
  /** Heuristic repetitions run. */
  repetitions = 0;
  /** Seconds spent in the heuristic. */
  seconds = 0;
  #polishedCost = NaN;
  readonly #rng: Rng;
  /** The last candidate {@link tryUnlessBest} evaluated (length 0 before the first). */
  #lastTried: Int32Array = new Int32Array(0);

  constructor(
    readonly problem: QapProblem,
    readonly input: PreparedInput,
    readonly clock: SolveClock,
    readonly settings: PrimalSettings,
  ) {
    this.best = new Int32Array(problem.n);
    this.#rng = new Rng(settings.seed);
  }

  /** Keeps `p` when it improves the best. */
  tryCandidate(p: ArrayLike<number>): void {
    const c = costOf(this.input, p);
    if (c + this.settings.improvementMargin < this.bestCost) {
      this.bestCost = c;
      this.best.set(p);
    }
  }

  /**
   * Like {@link tryCandidate}, skipping the O(n²) cost evaluation when `p` is the best already or the candidate this
   * method evaluated last (consecutive subproblem LAPs often agree): the outcome is the same, since a candidate
   * rejected once stays rejected (the best only improves) and one accepted is the best until a better one replaces it.
   */
  tryUnlessBest(p: Int32Array): void {
    if (samePermutation(p, this.best)) return;
    const last = this.#lastTried;
    if (last.length === p.length && samePermutation(p, last)) return;
    if (last.length !== p.length) this.#lastTried = p.slice();
    else last.set(p);
    this.tryCandidate(p);
  }

  /** Repetitions until `patience` in a row bring no improvement or `budget` seconds are spent (time added). */
  run(patience: number, budget: number): void {
    const clock = this.clock, start = clock.seconds();
    const overBudget = () => clock.expired() || clock.seconds() - start > budget;
    let sinceImprovement = 0;
    while (this.repetitions < this.settings.heuristicRepetitions && sinceImprovement < patience && !overBudget()) {
      const before = this.bestCost;
      this.#repetition(this.repetitions++, overBudget);
      sinceImprovement = this.bestCost < before ? 0 : sinceImprovement + 1;
    }
    this.seconds += clock.seconds() - start;
  }

  /** After a sweep: "time-share", more repetitions while the heuristic's share of the elapsed time is below its
   * fraction; "count", one repetition (no clock) while under the repetition cap. */
  topUp(): void {
    const { clock, settings } = this;
    if (settings.counted) {
      if (this.repetitions < settings.heuristicRepetitions) this.#repetition(this.repetitions++, () => clock.expired());
      return;
    }
    for (;;) {
      if (this.repetitions >= settings.heuristicRepetitions) return;
      const now = clock.seconds();
      const allowed = Math.min(settings.heuristicTimeFraction * now, settings.heuristicBudget);
      if (this.seconds >= allowed) return;
      const deadline = now + allowed - this.seconds;
      this.#repetition(this.repetitions++, () => clock.expired() || clock.seconds() > deadline);
      this.seconds += clock.seconds() - now;
      if (clock.expired()) return;
    }
  }

  /** One repetition: a best not yet polished is improved first (FAQ started from it, then 2-opt; r = 0: 2-opt only,
   * as the original); then r = 0 FAQ from the barycenter + 2-opt, odd r FAQ from a randomised start + 2-opt, even
   * r > 0 2-opt from a random permutation. */
  #repetition(r: number, overBudget: () => boolean): void {
    const problem = this.problem;
    const timeLimit = Math.max(MIN_RUN_SECONDS, this.settings.timeLimit - this.clock.seconds());
    const seed = this.#rng.nextUint32();
    const descend = (start: ArrayLike<number> | undefined) => {
      const result = solveTwoOpt(problem, { initialPermutation: start, seed, scan: "continue", timeLimit });
      this.tryCandidate(result.permutation);
    };
    if (Number.isFinite(this.bestCost) && this.bestCost !== this.#polishedCost) {
      this.#polishedCost = this.bestCost;
      if (r > 0) {
        const faq = solveFaq(problem, { initialPermutation: this.best.slice(), seed, timeLimit });
        this.tryCandidate(faq.permutation);
        if (overBudget()) return;
      }
      descend(this.best.slice());
      this.#polishedCost = this.bestCost;
      if (overBudget()) return;
    }
    if (r > 0 && r % 2 === 0) descend(undefined);
    else {
      const faq = solveFaq(problem, { init: r === 0 ? "barycenter" : "random", seed, timeLimit });
      this.tryCandidate(faq.permutation);
      if (overBudget()) return;
      descend(faq.permutation);
    }
  }
}

/** True when the two permutations (same length) are equal. */
function samePermutation(p: Int32Array, q: Int32Array): boolean {
  for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return false;
  return true;
}
