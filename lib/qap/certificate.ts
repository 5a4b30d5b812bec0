/**
 * Certificates that hold at every scale: the magnitude S of a QAP, the float64 rounding allowance of a bound computed
 * from it, and the optimality and gap tests every solver uses. No absolute epsilon appears anywhere: multiplying A, B,
 * L and c by any power of two changes S, the allowance, every bound and every gap by that same factor.
 *
 * - S = n²·max|A|·max|B| + n·max|L| + |c| bounds |J(p)| for every permutation p, and (up to a small factor) every
 *   quantity a dual ascent stores: shifted pair costs, leaders, LAP duals, the running bound.
 * - The allowance after T rounds of dual updates is {@link CERTIFICATE_ULPS}·2⁻⁵³·S·(n + T): each round changes every
 *   stored quantity O(1) times, each change rounds by at most one unit roundoff of a value ≤ O(S/n²), and the bound
 *   identity J(p) = LB + Σ (reduced costs along p) sums O(n²) of them; computing J(p) itself rounds by ≤ n·2⁻⁵³·S.
 *   Measured: fhg/hg on GW and QAPLIB instances end ~1e-16·S away from the exact identity, the allowance is ≥ 1e-12·S.
 * - A reported bound is the raw lower bound minus the allowance (integer data: rounded up after that, since every J(p)
 *   is then an integer), so rounding can never lift it above the optimum.
 * - Integer data counts as integral only while S ≤ 2⁵³: then every J(p) and every reported cost is an exact integer
 *   and an integer gap below 1 is a proof. Above 2⁵³ the float rules apply.
 * @module
 */
import { checkRange } from "../core/errors.ts";

/** Units of roundoff per (n + dual rounds) in the allowance; a generous constant over the rounding analysis. */
export const CERTIFICATE_ULPS = 128;

/** Unit roundoff of float64. */
const UNIT_ROUNDOFF = 2 ** -53;

/** Largest S for which integer data has exact integer objective values. */
const EXACT_INTEGER_SCALE = 2 ** 53;

/** Headroom (as a power of two, times n) kept between S and the largest float64, for solver intermediates. */
const OVERFLOW_HEADROOM_LOG2 = 16;

/** Smallest max|A|·max|B| (as a power of two) whose products keep full precision (2⁻⁹⁶⁸ ≈ 4e-292). */
const UNDERFLOW_LIMIT_LOG2 = -968;

/** The magnitude facts of a QAP that every bound, optimality claim and gap is measured against. */
export interface Certificate {
  /** Problem size. */
  readonly n: number;
  /** S = n²·max|A|·max|B| + n·max|L| + |c| ≥ |J(p)| for every permutation p. */
  readonly scale: number;
  /** Absolute rounding allowance of a bound after {@link Certificate.iterations} dual rounds (see the module doc). */
  readonly tolerance: number;
  /** True for integer data with S ≤ 2⁵³: every J(p) is an exact integer, bounds are rounded up. */
  readonly integral: boolean;
  /** Dual-update rounds the allowance covers. */
  readonly iterations: number;
}

/** Anything with the QAP's data: a {@link QapProblem} (matrices) or a solver's prepared input (flat arrays). */
export interface MagnitudeSource {
  readonly n: number;
  readonly a: Float64Array | { readonly data: Float64Array };
  readonly b: Float64Array | { readonly data: Float64Array };
  readonly linear: Float64Array | { readonly data: Float64Array } | null;
  readonly constant: number;
  /** Integer data (QapProblem). */
  readonly isIntegral?: boolean;
  /** Integer data (prepared input). */
  readonly integral?: boolean;
}

function dataOf(x: Float64Array | { readonly data: Float64Array }): Float64Array {
  return x instanceof Float64Array ? x : x.data;
}

/** max |x| over an array (0 for an empty one). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < values.length; k++) {
    const x = Math.abs(values[k]);
    if (x > m) m = x;
  }
  return m;
}

/** S = n²·max|A|·max|B| + n·max|L| + |c| from the three maxima (Infinity when it overflows). */
export function magnitudeScale(n: number, maxA: number, maxB: number, maxL: number, constant: number): number {
  return n * n * maxA * maxB + n * maxL + Math.abs(constant);
}

/**
 * The certificate of `source` (a QapProblem or prepared solver input) with the allowance for `iterations` rounds of
 * dual updates (0 for a bound that is a computed objective value, as in brute force). O(n²); compute it once per
 * solve and use {@link atIterations} as rounds accumulate. For a branch-and-bound node use the root's certificate.
 */
export function certificateTolerance(source: MagnitudeSource, iterations = 0): Certificate {
  const { n, constant } = source;
  const maxL = source.linear === null ? 0 : maxAbs(dataOf(source.linear));
  const scale = magnitudeScale(n, maxAbs(dataOf(source.a)), maxAbs(dataOf(source.b)), maxL, constant);
  const integral = (source.isIntegral ?? source.integral ?? false) && scale <= EXACT_INTEGER_SCALE;
  return atIterations({ n, scale, integral, tolerance: 0, iterations: 0 }, iterations);
}

/** The same certificate with the allowance for `iterations` rounds of dual updates. O(1). */
export function atIterations(certificate: Certificate, iterations: number): Certificate {
  const { n, scale, integral } = certificate;
  const rounds = Math.max(0, iterations);
  const tolerance = CERTIFICATE_ULPS * UNIT_ROUNDOFF * scale * (n + rounds);
  return { n, scale, integral, tolerance, iterations: rounds };
}

/**
 * The lower bound to report for a raw (float64-computed) lower bound: LB − allowance, rounded up for integral data,
 * so it never exceeds the optimum because of rounding. −Infinity (no bound yet) passes through; NaN or +Infinity
 * throws (a broken computation, never a bound).
 */
export function certifiedBound(lowerBound: number, certificate: Certificate): number {
  if (lowerBound === -Infinity) return lowerBound;
  if (!Number.isFinite(lowerBound)) {
    throw new RangeError(`certifiedBound: the lower bound is ${lowerBound} (a non-finite intermediate value)`);
  }
  const lowered = lowerBound - certificate.tolerance;
  return certificate.integral ? Math.ceil(lowered) : lowered;
}

/**
 * True when `cost` is proven optimal by `bound` (a value of {@link certifiedBound} under the same certificate):
 * integral data: cost ≤ bound (integers); otherwise cost − bound ≤ 2·allowance, which guarantees
 * cost − J* ≤ 2·allowance (optimal up to float64 rounding, ≈ 1e-12 of S). False without a bound or a finite cost.
 */
export function isCertifiedOptimal(cost: number, bound: number | null, certificate: Certificate): boolean {
  if (bound === null || !Number.isFinite(cost) || !Number.isFinite(bound)) return false;
  if (certificate.integral) return cost <= bound;
  return cost - bound <= 2 * certificate.tolerance;
}

/** Absolute and relative distance between a cost and a lower bound. */
export interface CertificateGap {
  /** cost − bound. */
  absolute: number;
  /** 0 when {@link isCertifiedOptimal}, otherwise (cost − bound) / max(|cost|, |bound|). */
  relative: number;
}

/** The gap between `cost` and `bound` (null without a bound); see {@link CertificateGap}. */
export function certificateGap(cost: number, bound: number | null, certificate: Certificate): CertificateGap | null {
  if (bound === null) return null;
  const absolute = cost - bound;
  if (isCertifiedOptimal(cost, bound, certificate)) return { absolute, relative: 0 };
  return { absolute, relative: absolute / Math.max(Math.abs(cost), Math.abs(bound)) };
}

/** `x` as "1.2e+314" even when x itself over- or underflows: from log10(x). */
function formatLog10(log10: number): string {
  let exponent = Math.floor(log10);
  let mantissa = Number((10 ** (log10 - exponent)).toFixed(1));
  if (mantissa >= 10) {
    mantissa = 1;
    exponent++;
  }
  return `${mantissa.toFixed(1)}e${exponent >= 0 ? "+" : ""}${exponent}`;
}

/**
 * Throws a one-line RangeError when float64 cannot hold the objective of data with these maxima: products or sums
 * that overflow ("entries too large", S·2¹⁸·n must stay finite), or nonzero products max|A|·max|B| below 2⁻⁹⁶⁸ that
 * underflow into subnormals and lose the digits that tell permutations apart ("entries too small"; such data is
 * rejected rather than rescaled, since reported costs must be J of the caller's data).
 */
export function checkMagnitudes(
  fn: string,
  n: number,
  maxA: number,
  maxB: number,
  maxL: number,
  constant: number,
): void {
  const logQuad = maxA > 0 && maxB > 0 ? Math.log10(maxA) + Math.log10(maxB) + 2 * Math.log10(n) : -Infinity;
  const limit = Number.MAX_VALUE / (2 ** (OVERFLOW_HEADROOM_LOG2 + 2) * n);
  checkRange(
    logQuad < Math.log10(limit),
    fn,
    `entries too large: products overflow float64 (max|A|·max|B|·n² = ${formatLog10(logQuad)}, must stay below ` +
      `${limit.toExponential(1)}); rescale A and B`,
  );
  const scale = magnitudeScale(n, maxA, maxB, maxL, constant);
  checkRange(
    scale < limit,
    fn,
    `entries too large: the objective overflows float64 (S = n²·max|A|·max|B| + n·max|L| + |c| = ` +
      `${scale.toExponential(1)}, must stay below ${limit.toExponential(1)})`,
  );
  const log2Product = maxA > 0 && maxB > 0 ? Math.log2(maxA) + Math.log2(maxB) : Infinity;
  checkRange(
    log2Product >= UNDERFLOW_LIMIT_LOG2,
    fn,
    `entries too small: products underflow float64 (max|A|·max|B| = ` +
      `${formatLog10(Math.log10(maxA) + Math.log10(maxB))}, must be 0 or at least 2⁻⁹⁶⁸ ≈ 4.1e-292); rescale A and B ` +
      `(the optimal permutation does not change)`,
  );
}
