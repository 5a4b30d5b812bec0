/**
 * Image files ↔ RGB bytes: JPEG/PNG decoding (format detected from the signature) and baseline JPEG encoding. The
 * data sets read their images through this; lib/embed/image.ts builds the model input from the decoded pixels.
 * @module
 */
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { Buffer } from "node:buffer";
import { checkInteger } from "../core/errors.ts";

/** An 8-bit RGB image, row-major `[height, width, 3]`. */
export interface RgbImage {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** Pixel bytes, `(y * width + x) * 3 + channel`. */
  readonly data: Uint8Array;
}

/** Thrown when an image cannot be decoded; `item` names the file or record. */
export class ImageDecodeError extends Error {
  /** The image that failed (file name or record id). */
  readonly item: string;
  constructor(item: string, message: string, options?: { cause?: unknown }) {
    super(`cannot decode image ${item}: ${message}`, options);
    this.name = "ImageDecodeError";
    this.item = item;
  }
}

/** Decodes JPEG or PNG bytes (detected from the signature) into RGB; throws {@link ImageDecodeError} naming `item`. */
export function decodeImage(bytes: Uint8Array, item = "<bytes>"): RgbImage {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    try {
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 1024 });
      return { width: img.width, height: img.height, data: img.data as Uint8Array };
    } catch (error) {
      throw new ImageDecodeError(item, `corrupt JPEG (${(error as Error).message})`, { cause: error });
    }
  }
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    let png: { width: number; height: number; data: Uint8Array };
    try {
      png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (error) {
      throw new ImageDecodeError(item, `corrupt PNG (${(error as Error).message})`, { cause: error });
    }
    const n = png.width * png.height;
    const data = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) { // RGBA → RGB (alpha dropped)
      data[3 * i] = png.data[4 * i];
      data[3 * i + 1] = png.data[4 * i + 1];
      data[3 * i + 2] = png.data[4 * i + 2];
    }
    return { width: png.width, height: png.height, data };
  }
  throw new ImageDecodeError(item, "not a JPEG or PNG file");
}

/** Encodes an RGB image as a baseline JPEG (`quality` 1–100). */
export function encodeJpeg(image: RgbImage, quality = 90): Uint8Array {
  checkInteger(quality, "encodeJpeg", "quality", 1, 100);
  const rgba = new Uint8Array(image.width * image.height * 4);
  for (let i = 0, n = image.width * image.height; i < n; i++) {
    rgba[4 * i] = image.data[3 * i];
    rgba[4 * i + 1] = image.data[3 * i + 1];
    rgba[4 * i + 2] = image.data[3 * i + 2];
    rgba[4 * i + 3] = 255;
  }
  const encoded = jpeg.encode({ width: image.width, height: image.height, data: rgba as any }, quality);
  return new Uint8Array(encoded.data);
}
