/**
 * TensorFlow padding and output-size arithmetic for 2-D windows (convolutions, pooling).
 * @module
 */

/** TensorFlow `same` padding for one 2-D window: `[top, left, bottom, right]`, the odd pixel at the bottom/right. */
export function samePads(
  h: number,
  w: number,
  kernel: readonly number[],
  strides: readonly number[],
  dilations: readonly number[],
): number[] {
  const one = (size: number, k: number, s: number, d: number) => {
    const eff = (k - 1) * d + 1;
    const out = Math.ceil(size / s);
    const total = Math.max((out - 1) * s + eff - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  };
  const [t, b] = one(h, kernel[0], strides[0], dilations[0]);
  const [l, r] = one(w, kernel[1], strides[1], dilations[1]);
  return [t, l, b, r];
}

/** Output length of a window of `k` taps, stride `s`, dilation `d` over `padded` input pixels. */
export function outSize(padded: number, k: number, s: number, d: number): number {
  return Math.floor((padded - ((k - 1) * d + 1)) / s) + 1;
}
