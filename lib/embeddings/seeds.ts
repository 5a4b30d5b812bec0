/**
 * The paper's seeds and random halves, bit-compatible with PyTorch's CPU generator (docs/method.md, Pitfalls P13):
 * `paperSeeds(42, m)` reproduces `get_seeds(42, m)` and `randomHalf(n, seed)` reproduces
 * `torch.randperm(n, generator=torch.Generator().manual_seed(seed))[: n // 2]`.
 * This is the one place that uses MT19937 instead of lib/core/rng.ts: parity with the published runs needs it.
 * Verified: `paperSeeds(42, 20)` equals the original's seed list (torch 2.x draws randint over [0, 2³²−1) as a
 * 64-bit value); `torchRandperm` equals Debian python3-torch 1.13.1 `randperm` bit for bit
 * (see tests/embeddings/seeds_test.ts).
 * @module
 */
import { checkInteger } from "../core/errors.ts";

/** MT19937 (32-bit Mersenne Twister) with the standard `init_genrand` seeding, as torch's CPU generator. */
export class Mt19937 {
  #state = new Uint32Array(624);
  #index = 624;

  /** Seeds with the low 32 bits of `seed` (a non-negative safe integer). */
  constructor(seed: number) {
    checkInteger(seed, "Mt19937", "seed", 0, Number.MAX_SAFE_INTEGER);
    const mt = this.#state;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 * prev + i, mod 2^32, split to stay exact in float64
      mt[i] = (((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i) >>> 0;
    }
  }

  /** Next 32-bit output (torch `generator->random()`). */
  nextUint32(): number {
    const mt = this.#state;
    if (this.#index >= 624) {
      for (let i = 0; i < 624; i++) {
        const y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
        mt[i] = mt[(i + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.#index = 0;
    }
    let y = mt[this.#index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

/** The base seed of the paper (`seed_everything(42)`). */
export const PAPER_BASE_SEED = 42;

/**
 * `get_seeds(base, count)` of the original code: a torch generator seeded with `base` draws
 * `randint(0, 2³²−1)` as int64, i.e. (o₁·2³² + o₂) mod (2³²−1) from two consecutive MT19937 outputs.
 * `paperSeeds(42, 20)` starts 734796314, 576165995, …
 */
export function paperSeeds(base: number, count: number): number[] {
  checkInteger(base, "paperSeeds", "base", 0, Number.MAX_SAFE_INTEGER);
  checkInteger(count, "paperSeeds", "count", 0, 1e7);
  const mt = new Mt19937(base);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const hi = mt.nextUint32(), lo = mt.nextUint32();
    // 2³² ≡ 1 (mod 2³²−1), so (hi·2³² + lo) mod (2³²−1) = (hi + lo) mod (2³²−1)
    out.push((hi + lo) % 4294967295);
  }
  return out;
}

/**
 * `torch.randperm(n, generator seeded with seed)` on the CPU: forward Fisher–Yates, swap r[i] with
 * r[i + (mt() mod (n − i))] for i = 0..n−2 (torch's path for n < 2³²/20).
 */
export function torchRandperm(n: number, seed: number): Int32Array {
  checkInteger(n, "torchRandperm", "n", 0, Math.floor(4294967295 / 20) - 1);
  const mt = new Mt19937(seed);
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = mt.nextUint32() % (n - i);
    const t = r[i];
    r[i] = r[i + z];
    r[i + z] = t;
  }
  return r;
}

/** The row indices of a run's random half: the first ⌊n/2⌋ entries of {@link torchRandperm}(n, seed) (not class-balanced). */
export function randomHalf(n: number, seed: number): Int32Array {
  return torchRandperm(n, seed).slice(0, Math.floor(n / 2));
}
