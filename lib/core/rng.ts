/**
 * Seeded pseudo-random numbers: xoshiro128** seeded through splitmix32. Pure 32-bit integer arithmetic, so a seed
 * gives the same stream on every platform and run. No global state: create one `Rng` per use.
 * @module
 */
import { checkInteger } from "./errors.ts";

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seeded random number generator (xoshiro128**). */
export class Rng {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;
  #spareNormal: number | null = null;

  /** Creates a generator; `seed` is any safe integer (its low and high 32 bits are both used). */
  constructor(seed = 0) {
    checkInteger(seed, "Rng", "seed", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const low = seed >>> 0;
    const high = Math.floor(seed / 4294967296) >>> 0;
    const state = { s: (low ^ Math.imul(high, 0x27d4eb2d)) | 0 };
    this.#s0 = splitmix32(state);
    this.#s1 = splitmix32(state);
    this.#s2 = splitmix32(state);
    this.#s3 = splitmix32(state);
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) this.#s0 = 1;
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const s0 = this.#s0, s1 = this.#s1, s2 = this.#s2, s3 = this.#s3;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    let n2 = s2 ^ s0, n3 = s3 ^ s1;
    const n1 = s1 ^ n2, n0 = s0 ^ n3;
    n2 ^= t;
    n3 = (n3 << 11) | (n3 >>> 21);
    this.#s0 = n0 | 0;
    this.#s1 = n1 | 0;
    this.#s2 = n2 | 0;
    this.#s3 = n3 | 0;
    return result;
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5, lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n) without modulo bias (n ≤ 2³²). */
  int(n: number): number {
    if (n <= 1) return 0;
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Standard normal deviate (Marsaglia polar method). */
  normal(): number {
    if (this.#spareNormal !== null) {
      const v = this.#spareNormal;
      this.#spareNormal = null;
      return v;
    }
    let u = 0, v = 0, s = 0;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt(-2 * Math.log(s) / s);
    this.#spareNormal = v * f;
    return u * f;
  }

  /** Shuffles `values` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: any }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
    return values;
  }

  /** A uniformly random permutation of 0..n−1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** A new independent generator whose seed is drawn from this one (for sub-tasks). */
  fork(): Rng {
    return new Rng(this.nextUint32() * 2097152 + (this.nextUint32() >>> 11));
  }
}
