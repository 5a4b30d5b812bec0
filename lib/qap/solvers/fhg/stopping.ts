/**
 * When the Hahn–Grant dual ascent stops: a proof (the rounding-safe bound meets the best cost, lib/qap/certificate.ts), a stall (several iterations in a
 * row with negligible bound gain), or the iteration limit. Time limits and aborts are the clock's.
 * @module
 */
import { atIterations, type Certificate, isCertifiedOptimal } from "../../certificate.ts";
import { reportedBound } from "../_fhg_input.ts";

/** The stopping rule of one run. */
export class HahnGrantStopping {
  /** Consecutive iterations with negligible gain. */
  stalled = 0;

  constructor(
    /** Relative tolerance of the stall test. */
    readonly epsilon: number,
    /** Iterations with negligible gain tolerated before stopping. */
    readonly maxStallIterations: number,
    /** The problem's certificate (scale and rounding allowance, lib/qap/certificate.ts). */
    readonly certificate: Certificate,
  ) {}

  /** The bound to report for the raw lower bound after `rounds` dual rounds: rounding-safe, never above the best. */
  bound(lowerBound: number, bestCost: number, rounds: number): number {
    return reportedBound(lowerBound, bestCost, atIterations(this.certificate, rounds));
  }

  /** True when the best cost is proven optimal by the lower bound after `rounds` dual rounds. */
  proven(lowerBound: number, bestCost: number, rounds: number): boolean {
    const certificate = atIterations(this.certificate, rounds);
    return isCertifiedOptimal(bestCost, reportedBound(lowerBound, Infinity, certificate), certificate);
  }

  /** Records one iteration's leader gain; true when the ascent has stalled. */
  recordGain(delta: number, lowerBound: number, bestCost: number): boolean {
    const eps = this.epsilon;
    const tol = Math.min(eps, eps * Math.abs(lowerBound), eps * Math.abs(bestCost));
    this.stalled = delta < tol ? this.stalled + 1 : 0;
    return this.stalled > this.maxStallIterations;
  }
}
