/**
 * Image pipeline: resize (bilinear or bicubic, antialiased when shrinking, PIL-style separable filters) with a centre
 * crop, normalisation presets, and NCHW/NHWC float32 packing at the ONNX boundary. JPEG/PNG decoding lives in
 * lib/datasets/image_codec.ts (re-exported here).
 * @module
 */
import { checkInteger, checkKnownKeys, checkType } from "../core/errors.ts";

export { decodeImage, encodeJpeg, ImageDecodeError, type RgbImage } from "../datasets/image_codec.ts";
import type { RgbImage } from "../datasets/image_codec.ts";

/** Resampling filters. */
export const INTERPOLATIONS = Object.freeze(["bilinear", "bicubic"] as const);
/** A resampling filter id. */
export type Interpolation = (typeof INTERPOLATIONS)[number];

/** Normalisation presets: ImageNet mean/std on [0,1] pixels; OpenAI CLIP mean/std; x/127.5 − 1 ("minus-one-one", MobileNet/Inception); [0,1]; raw 0–255. */
export const NORMALIZATIONS = Object.freeze(["imagenet", "clip", "minus-one-one", "zero-one", "none"] as const);
/** A normalisation preset id. */
export type Normalization = (typeof NORMALIZATIONS)[number];

/** Options of {@link preprocessImageInto} / {@link preprocessImage}. */
export interface PreprocessOptions {
  /** Output side length (square crop). */
  readonly size?: number;
  /** Shorter side after resizing, before the centre crop; null: equal to `size` (crop only the longer side). */
  readonly resizeShorter?: number | null;
  /** Resampling filter. */
  readonly interpolation?: Interpolation;
  /** Pixel normalisation preset. */
  readonly normalization?: Normalization;
  /** Tensor layout: channels first (ONNX/PyTorch) or channels last (TF). */
  readonly layout?: "nchw" | "nhwc";
}

/** Defaults of {@link PreprocessOptions}: 224 centre crop, bilinear, [-1, 1], NCHW (the shipped MobileNets). */
export const PREPROCESS_DEFAULTS: Readonly<Required<PreprocessOptions>> = Object.freeze({
  size: 224,
  resizeShorter: null,
  interpolation: "bilinear",
  normalization: "minus-one-one",
  layout: "nchw",
});

/** Fills in defaults and validates preprocessing options. */
export function resolvePreprocess(options: PreprocessOptions = {}): Readonly<Required<PreprocessOptions>> {
  const fn = "resolvePreprocess";
  checkKnownKeys(options, Object.keys(PREPROCESS_DEFAULTS), fn);
  const o = { ...PREPROCESS_DEFAULTS, ...options };
  checkInteger(o.size, fn, "options.size", 1, 4096);
  if (o.resizeShorter !== null) checkInteger(o.resizeShorter, fn, "options.resizeShorter", o.size, 8192);
  checkType(
    INTERPOLATIONS.includes(o.interpolation),
    fn,
    `options.interpolation must be one of ${INTERPOLATIONS.join(", ")}, got ${o.interpolation}`,
  );
  checkType(
    NORMALIZATIONS.includes(o.normalization),
    fn,
    `options.normalization must be one of ${NORMALIZATIONS.join(", ")}, got ${o.normalization}`,
  );
  checkType(o.layout === "nchw" || o.layout === "nhwc", fn, `options.layout must be "nchw" or "nhwc", got ${o.layout}`);
  return Object.freeze(o);
}

const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];
const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073];
const CLIP_STD = [0.26862954, 0.26130258, 0.27577711];

/** Per-channel affine map `x_byte * scale[c] + shift[c]` of a normalisation preset. */
export function normalizationAffine(preset: Normalization): { scale: number[]; shift: number[] } {
  switch (preset) {
    case "imagenet":
      return {
        scale: IMAGENET_STD.map((s) => 1 / (255 * s)),
        shift: IMAGENET_MEAN.map((m, c) => -m / IMAGENET_STD[c]),
      };
    case "clip":
      return { scale: CLIP_STD.map((s) => 1 / (255 * s)), shift: CLIP_MEAN.map((m, c) => -m / CLIP_STD[c]) };
    case "minus-one-one":
      return { scale: [1 / 127.5, 1 / 127.5, 1 / 127.5], shift: [-1, -1, -1] };
    case "zero-one":
      return { scale: [1 / 255, 1 / 255, 1 / 255], shift: [0, 0, 0] };
    case "none":
      return { scale: [1, 1, 1], shift: [0, 0, 0] };
  }
}

interface Taps {
  start: Int32Array; // first source index per output
  count: Int32Array; // taps per output
  weights: Float64Array; // [out, maxTaps]
  maxTaps: number;
}

const filters: Record<Interpolation, { support: number; f: (x: number) => number }> = {
  bilinear: { support: 1, f: (x) => (x < 0 ? -x : x) < 1 ? 1 - (x < 0 ? -x : x) : 0 },
  bicubic: {
    support: 2,
    f: (x) => { // Keys cubic, a = −0.5 (PIL)
      const a = -0.5, t = x < 0 ? -x : x;
      if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
      if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
      return 0;
    },
  },
};

const tapCache = new Map<string, Taps>();
let scratch = new Float64Array(0);

/** {@link makeTaps} memoised (images of one data set share sizes); the cache is bounded. */
function cachedTaps(inSize: number, lo: number, len: number, outSize: number, interpolation: Interpolation): Taps {
  const key = `${inSize}|${lo}|${len}|${outSize}|${interpolation}`;
  let taps = tapCache.get(key);
  if (taps === undefined) {
    if (tapCache.size > 64) tapCache.clear();
    taps = makeTaps(inSize, lo, len, outSize, interpolation);
    tapCache.set(key, taps);
  }
  return taps;
}

/** Resampling taps mapping the source interval [lo, lo + len) of an axis of `inSize` pixels onto `outSize` pixels. */
function makeTaps(inSize: number, lo: number, len: number, outSize: number, interpolation: Interpolation): Taps {
  const { support, f } = filters[interpolation];
  const scale = len / outSize;
  const fscale = Math.max(scale, 1); // widen the filter when shrinking (antialias)
  const radius = support * fscale;
  const maxTaps = Math.ceil(radius) * 2 + 1;
  const start = new Int32Array(outSize), count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * maxTaps);
  for (let i = 0; i < outSize; i++) {
    const center = lo + (i + 0.5) * scale;
    let a = Math.floor(center - radius), b = Math.ceil(center + radius);
    if (a < 0) a = 0;
    if (b > inSize) b = inSize;
    if (b - a > maxTaps) b = a + maxTaps;
    if (b <= a) { // interval entirely outside: nearest edge pixel
      a = Math.min(Math.max(Math.floor(center), 0), inSize - 1);
      b = a + 1;
    }
    let total = 0;
    for (let j = a; j < b; j++) {
      const w = f((j + 0.5 - center) / fscale);
      weights[i * maxTaps + (j - a)] = w;
      total += w;
    }
    if (total === 0) {
      weights[i * maxTaps] = 1;
      total = 1;
    }
    // Drop zero-weight taps at both ends (bilinear upsampling touches 3 pixels, 2 of them weighted).
    let first = 0, last = b - a;
    while (last - first > 1 && weights[i * maxTaps + first] === 0) first++;
    while (last - first > 1 && weights[i * maxTaps + last - 1] === 0) last--;
    for (let j = first; j < last; j++) weights[i * maxTaps + j - first] = weights[i * maxTaps + j] / total;
    start[i] = a + first;
    count[i] = last - first;
  }
  return { start, count, weights, maxTaps };
}

/**
 * Resizes + centre-crops + normalises `image` into `out` at offset `offset` (one image of `3 × size × size` floats in
 * the chosen layout). Options must be resolved ({@link resolvePreprocess}). Allocates two small scratch buffers.
 */
export function preprocessImageInto(
  out: Float32Array,
  offset: number,
  image: RgbImage,
  o: Readonly<Required<PreprocessOptions>>,
): void {
  const { width: w, height: h, data } = image;
  const size = o.size;
  const shorter = o.resizeShorter ?? size;
  const scale = shorter / Math.min(w, h); // resized / source
  const boxW = size / scale, boxH = size / scale; // crop box in source pixels
  const x0 = (w - boxW) / 2, y0 = (h - boxH) / 2;
  const tx = cachedTaps(w, x0, boxW, size, o.interpolation);
  const ty = cachedTaps(h, y0, boxH, size, o.interpolation);
  // Horizontal pass over the needed source rows: tmp[y, ox, c]
  const yLo = ty.start[0], yHi = ty.start[size - 1] + ty.count[size - 1];
  const need = (yHi - yLo) * size * 3;
  if (scratch.length < need) scratch = new Float64Array(need);
  const tmp = scratch; // reused across calls (single-threaded JS): no per-image allocation
  for (let y = yLo; y < yHi; y++) {
    const row = y * w * 3, trow = (y - yLo) * size * 3;
    for (let ox = 0; ox < size; ox++) {
      const s = tx.start[ox], n = tx.count[ox], wb = ox * tx.maxTaps;
      let r = 0, g = 0, b = 0;
      for (let k = 0; k < n; k++) {
        const wt = tx.weights[wb + k], p = row + (s + k) * 3;
        r += wt * data[p];
        g += wt * data[p + 1];
        b += wt * data[p + 2];
      }
      const t = trow + ox * 3;
      tmp[t] = r;
      tmp[t + 1] = g;
      tmp[t + 2] = b;
    }
  }
  // Vertical pass + clamp to [0, 255] (like 8-bit PIL output) + normalise + layout.
  const { scale: ns, shift: nb } = normalizationAffine(o.normalization);
  const s0 = ns[0], s1 = ns[1], s2 = ns[2], b0 = nb[0], b1 = nb[1], b2 = nb[2];
  const weights = ty.weights, starts = ty.start, counts = ty.count, maxTaps = ty.maxTaps;
  const rowStride = size * 3, plane = size * size;
  const nchw = o.layout === "nchw";
  const oR = offset, oG = offset + (nchw ? plane : 1), oB = offset + (nchw ? 2 * plane : 2), step = nchw ? 1 : 3;
  for (let oy = 0; oy < size; oy++) {
    const n = counts[oy], wb = oy * maxTaps, base = (starts[oy] - yLo) * rowStride;
    let at = oy * size * step;
    for (let ox = 0; ox < size; ox++, at += step) {
      let r = 0, g = 0, b = 0;
      for (let k = 0, t = base + ox * 3; k < n; k++, t += rowStride) { // tmp[(row, ox, c)]
        const wt = weights[wb + k];
        r += wt * tmp[t];
        g += wt * tmp[t + 1];
        b += wt * tmp[t + 2];
      }
      r = r < 0 ? 0 : r > 255 ? 255 : r;
      g = g < 0 ? 0 : g > 255 ? 255 : g;
      b = b < 0 ? 0 : b > 255 ? 255 : b;
      out[oR + at] = r * s0 + b0;
      out[oG + at] = g * s1 + b1;
      out[oB + at] = b * s2 + b2;
    }
  }
}

/** Preprocesses one image into a new `Float32Array` of `3 × size × size` values. */
export function preprocessImage(image: RgbImage, options: PreprocessOptions = {}): Float32Array {
  const o = resolvePreprocess(options);
  const out = new Float32Array(3 * o.size * o.size);
  preprocessImageInto(out, 0, image, o);
  return out;
}

/** Resizes an RGB image to `width × height` (no crop, aspect not preserved) with the chosen filter; returns 8-bit RGB. */
export function resizeRgb(
  image: RgbImage,
  width: number,
  height: number,
  interpolation: Interpolation = "bilinear",
): RgbImage {
  const fn = "resizeRgb";
  checkInteger(width, fn, "width", 1, 16384);
  checkInteger(height, fn, "height", 1, 16384);
  const { width: w, height: h, data } = image;
  const tx = makeTaps(w, 0, w, width, interpolation);
  const ty = makeTaps(h, 0, h, height, interpolation);
  const tmp = new Float64Array(h * width * 3); // [y, ox, c]
  for (let y = 0; y < h; y++) {
    for (let ox = 0; ox < width; ox++) {
      const s = tx.start[ox], n = tx.count[ox], wb = ox * tx.maxTaps;
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += tx.weights[wb + k] * data[(y * w + s + k) * 3 + c];
        tmp[(y * width + ox) * 3 + c] = acc;
      }
    }
  }
  const out = new Uint8Array(width * height * 3);
  for (let oy = 0; oy < height; oy++) {
    const s = ty.start[oy], n = ty.count[oy], wb = oy * ty.maxTaps;
    for (let ox = 0; ox < width; ox++) {
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += ty.weights[wb + k] * tmp[((s + k) * width + ox) * 3 + c];
        out[(oy * width + ox) * 3 + c] = acc < 0 ? 0 : acc > 255 ? 255 : Math.round(acc);
      }
    }
  }
  return { width, height, data: out };
}
