import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { floatToHalf, fromNpy, halfToFloat, loadNpy, saveNpy, toNpy } from "../../lib/io/npy.ts";

Deno.test("toNpy/fromNpy round-trip float64, float32 and float16 with shape", () => {
  const values = [0, 1.5, -2.25, 1e-3, 65504, -0.1];
  for (const dtype of ["float64", "float32", "float16"] as const) {
    const back = fromNpy(toNpy(values, [2, 3], dtype));
    assert.deepEqual(back.shape, [2, 3]);
    assert.equal(back.dtype, dtype);
    const tol = dtype === "float16" ? 1e-3 : dtype === "float32" ? 1e-7 : 0;
    values.forEach((v, i) =>
      assert.ok(Math.abs(back.data[i] - v) <= tol * Math.max(1, Math.abs(v)), `${dtype} ${v} → ${back.data[i]}`)
    );
  }
});

Deno.test("fromNpy reads a file written by NumPy (header bytes as np.save writes them)", () => {
  // np.save of np.array([[1., 2.], [3., 4.]]) : version 1.0, '<f8', header padded to 128 bytes.
  const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
  const padded = header + " ".repeat(128 - 10 - header.length - 1) + "\n";
  const bytes = new Uint8Array(10 + padded.length + 32);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(bytes.buffer).setUint16(8, padded.length, true);
  bytes.set(new TextEncoder().encode(padded), 10);
  const view = new DataView(bytes.buffer, 10 + padded.length);
  [1, 2, 3, 4].forEach((v, i) => view.setFloat64(8 * i, v, true));
  const array = fromNpy(bytes);
  assert.deepEqual(Array.from(array.data), [1, 2, 3, 4]);
  assert.deepEqual(array.shape, [2, 2]);
});

Deno.test("fromNpy names what is wrong: magic, dtype, Fortran order, truncated data", () => {
  assert.throws(() => fromNpy(new Uint8Array(20)), /not a .npy file/);
  const good = toNpy([1, 2], [2], "float64");
  const text = new TextDecoder().decode(good);
  const swap = (from: string, to: string) =>
    new Uint8Array([
      ...good.subarray(0, 10),
      ...new TextEncoder().encode(text.slice(10, 10 + new DataView(good.buffer).getUint16(8, true)).replace(from, to)),
      ...good.subarray(10 + new DataView(good.buffer).getUint16(8, true)),
    ]);
  assert.throws(() => fromNpy(swap("<f8", ">f8")), /unsupported dtype '>f8'/);
  assert.throws(() => fromNpy(swap("False", "True ")), /Fortran-order/);
  assert.throws(() => fromNpy(good.subarray(0, good.length - 4)), /data bytes/);
});

Deno.test("halfToFloat(floatToHalf(x)) is exact on representable values and handles inf/subnormals", () => {
  for (const x of [0, 1, -1, 0.5, 2048, 65504, 2 ** -24, -(2 ** -14)]) assert.equal(halfToFloat(floatToHalf(x)), x);
  assert.equal(halfToFloat(floatToHalf(1e6)), Infinity);
});

Deno.test("saveNpy writes atomically and loadNpy reads it back; a missing file names the path", () => {
  const dir = mkdtempSync("/tmp/npy-test-");
  try {
    const path = join(dir, "sub", "m.npy");
    saveNpy(path, [1, 2, 3, 4, 5, 6], [3, 2], "float32");
    assert.deepEqual(readdirSync(join(dir, "sub")), ["m.npy"], "no temp files left behind");
    assert.deepEqual(Array.from(loadNpy(path).data), [1, 2, 3, 4, 5, 6]);
    writeFileSync(join(dir, "junk.npy"), "hello");
    assert.throws(() => loadNpy(join(dir, "junk.npy")), /not a .npy file/);
    assert.throws(() => loadNpy(join(dir, "none.npy")), /none\.npy not found/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("loadNpy: a non-numeric, negative or truncated header shape is 'malformed header' naming the file", () => {
  const dir = mkdtempSync("/tmp/npy-test-");
  try {
    const good = toNpy([1, 2], [2], "float64");
    const headerLength = new DataView(good.buffer).getUint16(8, true);
    const header = new TextDecoder().decode(good.subarray(10, 10 + headerLength));
    const withShape = (shape: string) => {
      const text = header.replace("(2,)", shape);
      assert.equal(text.length, header.length, "same header length");
      return new Uint8Array([
        ...good.subarray(0, 10),
        ...new TextEncoder().encode(text),
        ...good.subarray(10 + headerLength),
      ]);
    };
    for (const [shape, entry] of [["(a,)", "a"], ["(-2)", "-2"], ["(2.)", "2."]]) {
      const path = join(dir, `bad-${entry}.npy`);
      writeFileSync(path, withShape(shape));
      assert.throws(
        () => loadNpy(path),
        (e: Error) =>
          e instanceof RangeError && e.message.includes(path) && /malformed header/.test(e.message) &&
          e.message.includes(`'${entry}'`),
        shape,
      );
    }
    const cut = join(dir, "cut.npy");
    writeFileSync(cut, good.subarray(0, 20));
    assert.throws(() => loadNpy(cut), (e: Error) => e.message.includes(cut) && /truncated/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
