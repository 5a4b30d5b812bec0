/**
 * NumPy `.npy` files (format 1.0–3.0): read float16/32/64 and int32/64 arrays in C order, write float16/32/64.
 * Matrices made in Python (`np.save`) load directly; embeddings are stored with them.
 * @module
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { DataNotFoundError } from "../core/errors.ts";
import { writeFileAtomic } from "../core/atomic.ts";

/** Element types this module reads. */
export type NpyDtype = "float16" | "float32" | "float64" | "int32" | "int64";

/** A decoded array: values widened to float64, its shape and its stored dtype. */
export interface NpyArray {
  data: Float64Array;
  shape: number[];
  dtype: NpyDtype;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

const DESCR: Record<string, NpyDtype> = {
  "<f2": "float16",
  "<f4": "float32",
  "<f8": "float64",
  "<i4": "int32",
  "<i8": "int64",
  "|f2": "float16",
};

/** Decodes IEEE half precision bits to a number. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** Encodes a number as IEEE half precision bits (round to nearest even). */
export function floatToHalf(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >> shift;
    const rem = mant & ((1 << shift) - 1), mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1))) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++;
  e = half >> 10;
  return sign | half;
}

/** The shape tuple of a header, e.g. "3, 4" → [3, 4]; every entry must be a non-negative integer. */
function parseShape(text: string, fn: string): number[] {
  const parts = text.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const shape = parts.map((s) => /^\d+L?$/.test(s) ? Number.parseInt(s, 10) : NaN);
  const bad = parts.findIndex((_, k) => !Number.isSafeInteger(shape[k]));
  if (bad >= 0) {
    throw new RangeError(
      `${fn}: malformed header: shape entry '${parts[bad]}' is not a non-negative integer (shape (${text.trim()}))`,
    );
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count)) {
    throw new RangeError(`${fn}: malformed header: shape (${text.trim()}) is too large`);
  }
  return shape;
}

/** What a `.npy` header says: dtype, shape, where the data start and how many data bytes the shape needs. */
export interface NpyHeader {
  dtype: NpyDtype;
  shape: number[];
  /** Byte offset of the first value. */
  dataStart: number;
  /** Bytes the shape needs (count × width). */
  dataBytes: number;
}

const WIDTH: Record<NpyDtype, number> = { float16: 2, float32: 4, float64: 8, int32: 4, int64: 8 };

/** Parses the header at the start of `bytes` (which may hold only the header). Throws a RangeError naming the fault. */
export function parseNpyHeader(bytes: Uint8Array, name = "array"): NpyHeader {
  const fn = `fromNpy(${name})`;
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw new RangeError(`${fn}: not a .npy file (bad magic bytes)`);
  }
  if (bytes.length < 12) throw new RangeError(`${fn}: truncated file: ${bytes.length} bytes, no complete header`);
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number, offset: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    offset = 10;
  } else if (major === 2 || major === 3) {
    headerLen = view.getUint32(8, true);
    offset = 12;
  } else throw new RangeError(`${fn}: unsupported .npy version ${major}`);
  if (bytes.length < offset + headerLen) {
    throw new RangeError(`${fn}: truncated file: header needs ${offset + headerLen} bytes, file has ${bytes.length}`);
  }
  const header = new TextDecoder().decode(bytes.subarray(offset, offset + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) {
    throw new RangeError(`${fn}: malformed header: ${JSON.stringify(header.trim().slice(0, 200))}`);
  }
  const dtype = DESCR[descr];
  if (!dtype) {
    throw new RangeError(`${fn}: unsupported dtype '${descr}' (supported: float16/32/64, int32/64, little-endian)`);
  }
  if (fortran === "True") {
    throw new RangeError(`${fn}: Fortran-order arrays are not supported; save with np.ascontiguousarray`);
  }
  const shape = parseShape(shapeText, fn);
  const count = shape.reduce((a, b) => a * b, 1);
  return { dtype, shape, dataStart: offset + headerLen, dataBytes: count * WIDTH[dtype] };
}

/** Reads only the header of a `.npy` file (and its size), e.g. to validate a cache without loading the data. */
export function readNpyHeader(path: string): NpyHeader & { fileBytes: number } {
  if (!existsSync(path)) throw new DataNotFoundError(path, "no such .npy file");
  const fd = openSync(path, "r");
  try {
    const head = new Uint8Array(Math.min(fstatSync(fd).size, 65536 + 12));
    readSync(fd, head, 0, head.length, 0);
    return { ...parseNpyHeader(head, path), fileBytes: fstatSync(fd).size };
  } finally {
    closeSync(fd);
  }
}

/** Parses `.npy` bytes. Throws a RangeError naming what is wrong (magic, header, dtype, Fortran order, size). */
export function fromNpy(bytes: Uint8Array, name = "array"): NpyArray {
  const fn = `fromNpy(${name})`;
  const { dtype, shape, dataStart, dataBytes } = parseNpyHeader(bytes, name);
  const count = shape.reduce((a, b) => a * b, 1);
  const width = WIDTH[dtype];
  if (bytes.length - dataStart < dataBytes) {
    throw new RangeError(
      `${fn}: file holds ${bytes.length - dataStart} data bytes, shape ${JSON.stringify(shape)} needs ${dataBytes}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const at = dataStart + i * width;
    switch (dtype) {
      case "float16":
        data[i] = halfToFloat(view.getUint16(at, true));
        break;
      case "float32":
        data[i] = view.getFloat32(at, true);
        break;
      case "float64":
        data[i] = view.getFloat64(at, true);
        break;
      case "int32":
        data[i] = view.getInt32(at, true);
        break;
      case "int64":
        data[i] = Number(view.getBigInt64(at, true));
        break;
    }
  }
  return { data, shape, dtype };
}

/** Encodes values as `.npy` bytes (C order) in float16, float32 or float64. */
export function toNpy(
  data: ArrayLike<number>,
  shape: number[],
  dtype: "float16" | "float32" | "float64" = "float64",
): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new RangeError(`toNpy: shape ${JSON.stringify(shape)} needs ${count} values, got ${data.length}`);
  }
  const descr = { float16: "<f2", float32: "<f4", float64: "<f8" }[dtype];
  const width = { float16: 2, float32: 4, float64: 8 }[dtype];
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header = header + " ".repeat(pad % 64) + "\n";
  const out = new Uint8Array(10 + header.length + count * width);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const start = 10 + header.length;
  for (let i = 0; i < count; i++) {
    const at = start + i * width;
    if (dtype === "float64") view.setFloat64(at, data[i], true);
    else if (dtype === "float32") view.setFloat32(at, data[i], true);
    else view.setUint16(at, floatToHalf(data[i]), true);
  }
  return out;
}

/** Reads a `.npy` file. */
export function loadNpy(path: string): NpyArray {
  if (!existsSync(path)) throw new DataNotFoundError(path, "no such .npy file");
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new RangeError(`loadNpy: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  return fromNpy(bytes, path);
}

/** Writes a `.npy` file atomically (temp file + rename). */
export function saveNpy(
  path: string,
  data: ArrayLike<number>,
  shape: number[],
  dtype: "float16" | "float32" | "float64" = "float64",
): void {
  writeFileAtomic(path, toNpy(data, shape, dtype));
}
