/**
 * Elementwise losses in the Peyré et al. (2016) decomposition l(x, y) = f1(x) + f2(y) − h1(x)·h2(y) (POT
 * `init_matrix`, itsamatch `losses.py`).
 * @module
 */

/** A decomposable loss. */
export interface Loss {
  /** Stable id. */
  readonly id: "square" | "inner-product" | "kl";
  /** l(x, y). */
  readonly loss: (x: number, y: number) => number;
  /** f1(x) (vision side constant part). */
  readonly f1: (x: number) => number;
  /** f2(y) (language side constant part). */
  readonly f2: (y: number) => number;
  /** h1(x) (A = −h1(K_V)). */
  readonly h1: (x: number) => number;
  /** h2(y) (B = h2(K_L)). */
  readonly h2: (y: number) => number;
}

/** Square loss (x − y)²: f1 = x², f2 = y², h1 = x, h2 = 2y (Gromov–Wasserstein). */
export const SQUARE_LOSS: Loss = Object.freeze({
  id: "square",
  loss: (x: number, y: number) => (x - y) * (x - y),
  f1: (x: number) => x * x,
  f2: (y: number) => y * y,
  h1: (x: number) => x,
  h2: (y: number) => 2 * y,
});

/** Negative inner product −x·y: f1 = f2 = 0, h1 = x, h2 = y (CKA, mutual k-NN, inner product). */
export const INNER_PRODUCT_LOSS: Loss = Object.freeze({
  id: "inner-product",
  loss: (x: number, y: number) => -x * y,
  f1: (_x: number) => 0,
  f2: (_y: number) => 0,
  h1: (x: number) => x,
  h2: (y: number) => y,
});

/** KL loss x·log(x/y) − x + y (exists in the original, unused in experiments). */
export const KL_LOSS: Loss = Object.freeze({
  id: "kl",
  loss: (x: number, y: number) => x * Math.log(x / y) - x + y,
  f1: (x: number) => x * Math.log(x) - x,
  f2: (y: number) => y,
  h1: (x: number) => x,
  h2: (y: number) => Math.log(y),
});
