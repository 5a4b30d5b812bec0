import assert from "node:assert/strict";
import { PNG } from "pngjs";
import {
  decodeImage,
  encodeJpeg,
  ImageDecodeError,
  normalizationAffine,
  preprocessImage,
  resizeRgb,
  resolvePreprocess,
  type RgbImage,
} from "../../lib/embed/image.ts";
import { assertClose } from "../_helpers/assert.ts";

function gradient(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      data[p] = Math.round((255 * x) / (width - 1));
      data[p + 1] = Math.round((255 * y) / (height - 1));
      data[p + 2] = 77;
    }
  }
  return { width, height, data };
}

Deno.test("decodeImage(encodeJpeg(image)) restores the pixels up to JPEG loss", () => {
  const img = gradient(40, 24);
  const back = decodeImage(encodeJpeg(img, 95), "g.jpg");
  assert.equal(back.width, 40);
  assert.equal(back.height, 24);
  let maxDiff = 0;
  for (let i = 0; i < img.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(img.data[i] - back.data[i]));
  assert.ok(maxDiff <= 24, `max diff ${maxDiff}`);
});

Deno.test("decodeImage(png bytes) drops alpha and keeps RGB exactly", () => {
  const png = new PNG({ width: 3, height: 2 });
  for (let i = 0; i < 6; i++) png.data.set([10 * i, 20 + i, 200 - i, 128], 4 * i);
  const img = decodeImage(new Uint8Array(PNG.sync.write(png)), "a.png");
  assert.deepEqual(Array.from(img.data.subarray(0, 6)), [0, 20, 200, 10, 21, 199]);
});

Deno.test("decodeImage(corrupt or unknown bytes) throws ImageDecodeError naming the item", () => {
  const jpg = encodeJpeg(gradient(16, 16));
  assert.throws(
    () => decodeImage(jpg.subarray(0, 40), "cat/0001.jpg"),
    (e: unknown) => e instanceof ImageDecodeError && e.item === "cat/0001.jpg" && /cat\/0001\.jpg/.test(e.message),
  );
  assert.throws(() => decodeImage(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), "x.bin"), /x\.bin: not a JPEG or PNG/);
});

Deno.test("preprocessImage(constant image) gives the normalised constant in every preset", () => {
  const img: RgbImage = { width: 20, height: 12, data: new Uint8Array(20 * 12 * 3).fill(200) };
  for (const normalization of ["imagenet", "clip", "minus-one-one", "zero-one", "none"] as const) {
    const out = preprocessImage(img, { size: 8, normalization, interpolation: "bicubic" });
    const { scale, shift } = normalizationAffine(normalization);
    for (let c = 0; c < 3; c++) assertClose(out[c * 64 + 13], 200 * scale[c] + shift[c], 1e-5, normalization);
  }
});

Deno.test("preprocessImage(image, {layout}) gives NHWC as the transpose of NCHW", () => {
  const img = gradient(30, 20);
  const a = preprocessImage(img, { size: 10, layout: "nchw" });
  const b = preprocessImage(img, { size: 10, layout: "nhwc" });
  for (let c = 0; c < 3; c++) for (let p = 0; p < 100; p++) assert.equal(a[c * 100 + p], b[p * 3 + c]);
});

Deno.test("preprocessImage(same-size image, bilinear, none) is the identity; centre crop takes the middle", () => {
  const img = gradient(16, 16);
  const out = preprocessImage(img, { size: 16, normalization: "none", layout: "nhwc" });
  for (let i = 0; i < out.length; i++) assertClose(out[i], img.data[i], 1e-9);
  // 32 wide × 16 high, crop 16: the middle columns 8..23 survive unchanged.
  const wide = gradient(32, 16);
  const crop = preprocessImage(wide, { size: 16, normalization: "none", layout: "nhwc" });
  assertClose(crop[0], wide.data[8 * 3], 1e-9);
  assertClose(crop[15 * 3], wide.data[23 * 3], 1e-9);
});

Deno.test("preprocessImage upsampling a horizontal ramp stays monotone and within range", () => {
  const img = gradient(8, 8);
  const out = preprocessImage(img, { size: 32, normalization: "none", layout: "nhwc", interpolation: "bilinear" });
  for (let x = 1; x < 32; x++) assert.ok(out[(5 * 32 + x) * 3] >= out[(5 * 32 + x - 1) * 3] - 1e-9);
  assert.ok(out.every((v) => v >= 0 && v <= 255));
});

Deno.test("resizeRgb(image) downsampling averages (antialias) and keeps a constant image constant", () => {
  const checker: RgbImage = { width: 8, height: 8, data: new Uint8Array(8 * 8 * 3) };
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) checker.data.fill((x + y) % 2 ? 255 : 0, (y * 8 + x) * 3, (y * 8 + x) * 3 + 3);
  }
  const small = resizeRgb(checker, 2, 2, "bilinear");
  for (const v of small.data) assert.ok(Math.abs(v - 127.5) <= 1, `got ${v}`);
  const flat = resizeRgb({ width: 9, height: 5, data: new Uint8Array(135).fill(9) }, 4, 3, "bicubic");
  assert.ok(flat.data.every((v) => v === 9));
});

Deno.test("resolvePreprocess(options) fills defaults and rejects unknown keys and bad values", () => {
  const o = resolvePreprocess({ size: 32 });
  assert.equal(o.normalization, "minus-one-one");
  assert.ok(Object.isFrozen(o));
  assert.throws(() => resolvePreprocess({ sise: 3 } as any), /unknown option 'sise'/);
  assert.throws(() => resolvePreprocess({ normalization: "weird" as any }), TypeError);
  assert.throws(() => resolvePreprocess({ size: 0 }), RangeError);
});
