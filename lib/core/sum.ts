/**
 * Compensated summation (Neumaier) for reported costs and bounds, so totals do not depend on summation order noise.
 * @module
 */

/** Accumulates float64 values with Neumaier compensation. */
export class Adder {
  #sum = 0;
  #comp = 0;
  /** Adds `x` to the running sum. */
  add(x: number): this {
    const t = this.#sum + x;
    this.#comp += Math.abs(this.#sum) >= Math.abs(x) ? (this.#sum - t) + x : (x - t) + this.#sum;
    this.#sum = t;
    return this;
  }
  /** The compensated total. */
  valueOf(): number {
    return this.#sum + this.#comp;
  }
}

/** Compensated sum of `values`. */
export function fsum(values: ArrayLike<number>): number {
  const adder = new Adder();
  for (let i = 0; i < values.length; i++) adder.add(values[i]);
  return +adder;
}
