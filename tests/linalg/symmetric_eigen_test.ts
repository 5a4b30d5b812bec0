import assert from "node:assert/strict";
import { Rng } from "../../lib/core/rng.ts";
import {
  eigenvalueErrorBound,
  symmetricEigenInto,
  symmetricEigenvalues,
  symmetricEigenvaluesInto,
  SymmetricEigenWorkspace,
} from "../../lib/linalg/symmetric_eigen.ts";

/** Q·diag(λ)·Qᵀ with Q a product of `reflections` random Householder reflectors (exactly symmetrised). */
function conjugatedDiagonal(lambda: number[], seed: number, reflections = 4): Float64Array {
  const n = lambda.length, rng = new Rng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = lambda[i];
  const w = new Float64Array(n), p = new Float64Array(n);
  for (let t = 0; t < reflections; t++) {
    let ww = 0;
    for (let i = 0; i < n; i++) {
      w[i] = rng.normal();
      ww += w[i] * w[i];
    }
    let k = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j] * w[j];
      p[i] = (2 * s) / ww;
      k += w[i] * p[i];
    }
    k /= ww;
    for (let i = 0; i < n; i++) p[i] -= k * w[i];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] -= w[i] * p[j] + p[i] * w[j];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const m = 0.5 * (a[i * n + j] + a[j * n + i]);
        a[i * n + j] = m;
        a[j * n + i] = m;
      }
    }
  }
  return a;
}

function maxDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  return d;
}

Deno.test("symmetricEigenvalues reproduces the spectrum 2 − 2cos(kπ/(n+1)) of tridiag(−1, 2, −1)", () => {
  for (const n of [1, 2, 3, 4, 7, 16, 40]) {
    const d = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      d[i * n + i] = 2;
      if (i > 0) d[i * n + i - 1] = d[(i - 1) * n + i] = -1;
    }
    const expected = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
    const ev = symmetricEigenvalues({ rows: n, cols: n, data: d });
    assert.ok(maxDiff(ev, expected) < 1e-13, `n = ${n}: ${maxDiff(ev, expected)}`);
  }
});

Deno.test("symmetricEigenvalues: all-ones matrix has n once and 0 n−1 times; zero matrix all zeros", () => {
  for (const n of [1, 5, 12]) {
    const ev = symmetricEigenvalues({ rows: n, cols: n, data: new Float64Array(n * n).fill(1) });
    assert.ok(Math.abs(ev[n - 1] - n) < 1e-13 * n);
    for (let k = 0; k < n - 1; k++) assert.ok(Math.abs(ev[k]) < 1e-13 * n, `n = ${n}, λ${k} = ${ev[k]}`);
    assert.deepEqual(
      Array.from(symmetricEigenvalues({ rows: n, cols: n, data: new Float64Array(n * n) })),
      new Array(n).fill(0),
    );
  }
});

Deno.test("symmetricEigenvalues recovers planted spectra (repeated, clustered, mixed signs) within eigenvalueErrorBound", () => {
  const rng = new Rng(7);
  for (let trial = 0; trial < 30; trial++) {
    const n = 2 + (trial % 29);
    const lambda = Array.from(
      { length: n },
      (_, i) =>
        trial % 3 === 0
          ? (i % 3 === 0 ? 5 : -2)
          : trial % 3 === 1
          ? 1 + 1e-9 * i
          : rng.normal() * 10 ** (trial % 7 - 3),
    );
    const a = conjugatedDiagonal(lambda, trial);
    const ev = symmetricEigenvalues({ rows: n, cols: n, data: a });
    const sorted = [...lambda].sort((x, y) => x - y);
    let frob = 0;
    for (const x of a) frob += x * x;
    const bound = eigenvalueErrorBound(n, Math.sqrt(frob));
    assert.ok(maxDiff(ev, sorted) <= bound, `trial ${trial}: error ${maxDiff(ev, sorted)} > ${bound}`);
    assert.ok(maxDiff(ev, sorted) <= 1e-12 * Math.max(...sorted.map(Math.abs)), `trial ${trial}`);
  }
});

Deno.test("symmetricEigenvalues keeps trace and Frobenius norm (Σλ = tr A, Σλ² = ‖A‖²) on random matrices", () => {
  const rng = new Rng(3);
  for (const n of [3, 10, 25]) {
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
    const ev = symmetricEigenvalues({ rows: n, cols: n, data: a });
    let tr = 0, fro = 0, s1 = 0, s2 = 0;
    for (let i = 0; i < n; i++) tr += a[i * n + i];
    for (const x of a) fro += x * x;
    for (const x of ev) {
      s1 += x;
      s2 += x * x;
    }
    assert.ok(Math.abs(s1 - tr) < 1e-12 * n, `n = ${n}`);
    assert.ok(Math.abs(s2 - fro) < 1e-12 * fro, `n = ${n}`);
    for (let k = 1; k < n; k++) assert.ok(ev[k - 1] <= ev[k]);
  }
});

Deno.test("symmetricEigenvalues scales exactly with powers of two, tiny (1e-150) and huge (1e150) entries", () => {
  const lambda = [-3, -1, 0.5, 2, 7, 7];
  const a = conjugatedDiagonal(lambda, 11);
  const base = symmetricEigenvalues({ rows: 6, cols: 6, data: a });
  for (const f of [2 ** -500, 2 ** 500]) {
    const ev = symmetricEigenvalues({ rows: 6, cols: 6, data: a.map((x) => x * f) });
    assert.deepEqual(Array.from(ev), Array.from(base).map((x) => x * f));
  }
  for (const f of [1e-150, 1e150]) {
    const ev = symmetricEigenvalues({ rows: 6, cols: 6, data: a.map((x) => x * f) });
    assert.ok(maxDiff(ev.map((x) => x / f), lambda) < 1e-12, `scale ${f}`);
  }
});

Deno.test("symmetricEigenvaluesInto reuses a workspace, grows it, and never mutates its input", () => {
  const ws = new SymmetricEigenWorkspace(2);
  const big = conjugatedDiagonal([1, 2, 3, 4, 5, 6, 7, 8], 5);
  const copy = big.slice();
  const out = new Float64Array(8);
  symmetricEigenvaluesInto(big, 8, out, ws);
  assert.deepEqual(big, copy);
  assert.ok(ws.capacity >= 8);
  assert.ok(maxDiff(out, [1, 2, 3, 4, 5, 6, 7, 8]) < 1e-13);
  const small = new Float64Array([2, 1, 1, 2]);
  symmetricEigenvaluesInto(small, 2, out, ws);
  assert.ok(maxDiff(out.subarray(0, 2), [1, 3]) < 1e-15);
});

Deno.test("symmetricEigenvalues rejects asymmetric, non-square, non-finite and overflowing input with one-line errors", () => {
  assert.throws(
    () => symmetricEigenvalues({ rows: 2, cols: 2, data: new Float64Array([1, 2, 3, 4]) }),
    /symmetricEigenvalues: matrix must be symmetric, differs at \[1, 0\]/,
  );
  assert.throws(() => symmetricEigenvalues({ rows: 1, cols: 2, data: new Float64Array(2) }), /must be square/);
  assert.throws(() => symmetricEigenvalues({ rows: 1, cols: 1, data: new Float64Array([NaN]) }), /finite/);
  assert.throws(
    () => symmetricEigenvalues({ rows: 2, cols: 2, data: new Float64Array([1e300, 0, 0, 1]) }),
    /too large for float64/,
  );
});

Deno.test("symmetricEigenInto returns orthonormal eigenvectors with A·q = λ·q, ascending, matching the values-only path", () => {
  const rng = new Rng(21);
  const ws = new SymmetricEigenWorkspace(1);
  for (const n of [1, 2, 3, 9, 30, 61]) {
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = i % 4 === 0 && j % 4 === 0 ? 1 : rng.normal();
    }
    const copy = a.slice();
    const values = new Float64Array(n), q = new Float64Array(n * n);
    symmetricEigenInto(a, n, values, q, ws);
    assert.deepEqual(a, copy);
    const alone = symmetricEigenvalues({ rows: n, cols: n, data: a });
    assert.ok(maxDiff(values, alone) < 1e-12 * n, `n = ${n}: values differ from the values-only path`);
    let residual = 0, orthogonality = 0;
    for (let k = 0; k < n; k++) {
      if (k > 0) assert.ok(values[k - 1] <= values[k]);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j] * q[j * n + k];
        residual = Math.max(residual, Math.abs(s - values[k] * q[i * n + k]));
      }
      for (let l = 0; l < n; l++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += q[i * n + k] * q[i * n + l];
        orthogonality = Math.max(orthogonality, Math.abs(s - (k === l ? 1 : 0)));
      }
    }
    assert.ok(residual < 1e-12 * n && orthogonality < 1e-12 * n, `n = ${n}: ${residual}, ${orthogonality}`);
  }
});
