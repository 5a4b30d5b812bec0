import assert from "node:assert/strict";
import { matrixFrom } from "../../../lib/core/matrix.ts";
import { Rng } from "../../../lib/core/rng.ts";
import { symmetricEigenvalues } from "../../../lib/linalg/symmetric_eigen.ts";
import { loadQaplibDat } from "../../../lib/io/qaplib.ts";
import {
  eigenBoundInto,
  EigenBoundWorkspace,
  eigenvalueBound,
  projectedEigenvalueBound,
  residualEigenBoundInto,
} from "../../../lib/qap/bounds/eigenvalue.ts";
import {
  gilmoreLawlerBound,
  GilmoreLawlerWorkspace,
  residualGilmoreLawlerBoundInto,
} from "../../../lib/qap/bounds/gilmore_lawler.ts";
import { qapCost } from "../../../lib/qap/objective.ts";
import { createQapProblem, type QapProblem } from "../../../lib/qap/problem.ts";
import { solveBruteForce } from "../../../lib/qap/solvers/brute_force.ts";
import { fixturePath } from "../../_helpers/assert.ts";
import { qaplibIndex } from "../solvers/_fixtures.ts";
import { boundCases, magnitude } from "./_bound_cases.ts";

Deno.test("PB, EVB (both diagonal placements) and GL ≤ the brute-force optimum on 320 random instances (scales 1e-6…1e6, ties, negatives, linear terms, asymmetric)", () => {
  let tightest = Infinity;
  for (const { label, problem } of boundCases(320, 2024)) {
    const optimum = solveBruteForce(problem).cost;
    const bounds = {
      pb: projectedEigenvalueBound(problem).bound,
      pbQuadraticDiagonal: projectedEigenvalueBound(problem, { diagonal: "quadratic" }).bound,
      evb: eigenvalueBound(problem).bound,
      evbQuadraticDiagonal: eigenvalueBound(problem, { diagonal: "quadratic" }).bound,
      gl: gilmoreLawlerBound(problem),
    };
    for (const [name, bound] of Object.entries(bounds)) {
      assert.ok(Number.isFinite(bound), `${label} ${name}: ${bound}`);
      // No slack: each bound's rounding allowance dwarfs the brute-force sum's own rounding (≈ 1e-16·S).
      assert.ok(bound <= optimum, `${label} ${name}: bound ${bound} > optimum ${optimum}`);
    }
    tightest = Math.min(tightest, (optimum - bounds.pb) / Math.max(magnitude(problem), 1e-300));
  }
  // Some instances (n = 2, constant-row data) make PB tight: the allowance is tiny against the data's scale.
  assert.ok(tightest < 1e-9, `PB never came within 1e-9·S of the optimum (closest ${tightest})`);
});

Deno.test("PB is exact on n = 2 when one factor is symmetric (a permutation is eeᵀ/2 ± a rank-one term)", () => {
  const rng = new Rng(5);
  for (let t = 0; t < 20; t++) {
    const d = () => matrixFrom(Array.from({ length: 4 }, () => rng.normal()), 2, 2);
    const x = rng.normal(), sym = matrixFrom([rng.normal(), x, x, rng.normal()], 2, 2);
    const problem = createQapProblem(d(), sym, { linear: d(), constant: rng.normal() });
    const optimum = solveBruteForce(problem).cost;
    const pb = projectedEigenvalueBound(problem).bound;
    assert.ok(pb <= optimum && optimum - pb < 1e-12 * (1 + Math.abs(optimum)), `trial ${t}: ${pb} vs ${optimum}`);
  }
});

/** PB recomputed independently: spectrum of P·A·P (P = I − eeᵀ/n) without its eigenvalue closest to 0 (the e one). */
function independentPb(problem: QapProblem): number {
  const n = problem.n;
  const project = (m: Float64Array) => {
    const z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) z[i * n + j] = i === j ? 0 : m[i * n + j];
    const row = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) row[i] += z[i * n + j];
    for (const r of row) total += r;
    const p = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) p[i * n + j] = p[j * n + i] = z[i * n + j] - (row[i] + row[j]) / n + total / (n * n);
    }
    const ev = Array.from(symmetricEigenvalues({ rows: n, cols: n, data: p }));
    let drop = 0;
    for (let k = 1; k < n; k++) if (Math.abs(ev[k]) < Math.abs(ev[drop])) drop = k;
    ev.splice(drop, 1);
    return { ev, row, total };
  };
  const a = project(problem.a.data), b = project(problem.b.data);
  let quadratic = -(a.total * b.total) / (n * n);
  for (let k = 0; k < n - 1; k++) quadratic += a.ev[k] * b.ev[n - 2 - k];
  // Linear part by brute force over permutations (n ≤ 8) instead of a LAP.
  let best = Infinity;
  const p = Array.from({ length: n }, (_, i) => i);
  const visit = (k: number) => {
    if (k === n) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        s += (2 / n) * a.row[i] * b.row[p[i]] + problem.a.data[i * n + i] * problem.b.data[p[i] * n + p[i]];
      }
      best = Math.min(best, s);
      return;
    }
    for (let t = k; t < n; t++) {
      [p[k], p[t]] = [p[t], p[k]];
      visit(k + 1);
      [p[k], p[t]] = [p[t], p[k]];
    }
  };
  visit(0);
  return quadratic + best + problem.constant;
}

Deno.test("projectedEigenvalueBound matches an independent computation (spectrum of PAP, linear part by enumeration)", () => {
  const rng = new Rng(9);
  for (let t = 0; t < 12; t++) {
    const n = 3 + (t % 6);
    const sym = () => {
      const d = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) d[i * n + j] = d[j * n + i] = rng.int(10) - 3;
      return matrixFrom(d, n, n);
    };
    const problem = createQapProblem(sym(), sym(), { constant: 0.5 });
    const mine = projectedEigenvalueBound(problem).bound;
    const other = independentPb(problem);
    assert.ok(mine <= other && other - mine < 1e-9 * (1 + Math.abs(other)), `trial ${t}: ${mine} vs ${other}`);
  }
});

Deno.test("projectedEigenvalueBound and eigenvalueBound ≤ best known on every QAPLIB instance with n ≤ 64 (integer results)", () => {
  for (const row of qaplibIndex().filter((r) => r.n <= 64 && r.name !== "kra32")) {
    const problem = loadQaplibDat(fixturePath("qaplib", `${row.name}.dat`));
    const pb = projectedEigenvalueBound(problem).bound, evb = eigenvalueBound(problem).bound;
    assert.ok(pb <= row.bestKnown, `${row.name}: PB ${pb} > ${row.bestKnown}`);
    assert.ok(evb <= row.bestKnown, `${row.name}: EVB ${evb} > ${row.bestKnown}`);
    assert.ok(Number.isInteger(pb) && Number.isInteger(evb), row.name);
  }
});

Deno.test("projectedEigenvalueBound on nug12, nug20, tai20a, esc16a agrees with the PAP-spectrum computation", () => {
  for (const [name, best] of [["nug12", 578], ["nug20", 2570], ["tai20a", 703482], ["esc16a", 68]] as const) {
    checkPbByPapSpectrum(name, best);
  }
});

function checkPbByPapSpectrum(name: string, best: number): void {
  const problem = loadQaplibDat(fixturePath("qaplib", `${name}.dat`));
  const pb = projectedEigenvalueBound(problem).bound;
  // independentPb enumerates n! permutations for the linear part; these instances have zero diagonals, so the linear
  // part min Σ (2/n)·r_i·s_p(i) is the minimal scalar product of the row sums r and s (rearrangement inequality).
  const n = problem.n;
  const rows = (m: Float64Array) =>
    Array.from({ length: n }, (_, i) => m.subarray(i * n, i * n + n).reduce((x, y) => x + y, 0));
  const r = rows(problem.a.data).sort((x, y) => x - y), s = rows(problem.b.data).sort((x, y) => y - x);
  const P = (m: Float64Array) => {
    const rr = rows(m), tot = rr.reduce((x, y) => x + y, 0);
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) out[i * n + j] = out[j * n + i] = m[i * n + j] - (rr[i] + rr[j]) / n + tot / (n * n);
    }
    const ev = Array.from(symmetricEigenvalues({ rows: n, cols: n, data: out }));
    let drop = 0;
    for (let k = 1; k < n; k++) if (Math.abs(ev[k]) < Math.abs(ev[drop])) drop = k;
    ev.splice(drop, 1);
    return { ev, tot };
  };
  const pa = P(problem.a.data), pbm = P(problem.b.data);
  let value = -(pa.tot * pbm.tot) / (n * n);
  for (let k = 0; k < n - 1; k++) value += pa.ev[k] * pbm.ev[n - 2 - k];
  for (let i = 0; i < n; i++) value += (2 / n) * r[i] * s[i];
  assert.equal(pb, Math.ceil(value - 1e-9), name);
  assert.ok(pb > eigenvalueBound(problem).bound, name);
  assert.ok(pb < best, name);
}

Deno.test("eigen bounds scale with the data: multiplying A by 2^k multiplies the bound by 2^k (up to the allowance)", () => {
  const { problem } = boundCases(1, 77)[0];
  for (const k of [-40, -10, 10, 40]) {
    const f = 2 ** k;
    const scaled = createQapProblem(
      matrixFrom(problem.a.data.map((x) => x * f), problem.n, problem.n),
      problem.b,
      {
        linear: problem.linear ? matrixFrom(problem.linear.data.map((x) => x * f), problem.n, problem.n) : null,
        constant: problem.constant * f,
      },
    );
    const base = projectedEigenvalueBound(problem), big = projectedEigenvalueBound(scaled);
    assert.ok(Math.abs(big.bound - f * base.bound) <= 4 * f * base.allowance + 1e-300, `k = ${k}`);
  }
});

Deno.test("residualEigenBoundInto / residualGilmoreLawlerBoundInto: node bounds ≤ the best completion of the fixed assignments", () => {
  const rng = new Rng(31);
  const pb = new EigenBoundWorkspace(2), gl = new GilmoreLawlerWorkspace(2);
  for (const { label, problem } of boundCases(60, 555)) {
    const n = problem.n;
    if (n < 3) continue;
    // Fix facility f ↦ location g for a random prefix of a random permutation.
    const perm = rng.permutation(n);
    const fixed = 1 + rng.int(n - 2);
    const fixedRows = Array.from(perm.subarray(0, fixed)), freeRows = Array.from(perm.subarray(fixed));
    const loc = rng.permutation(n);
    const fixedCols = Array.from(loc.subarray(0, fixed)), freeCols = Array.from(loc.subarray(fixed));
    const m = n - fixed, a = problem.a.data, b = problem.b.data, l = problem.linear?.data ?? null;
    // Residual linear term and constant (the fixed part's cost).
    const lin = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        const r = freeRows[i], c = freeCols[j];
        let v = l ? l[r * n + c] : 0;
        for (let t = 0; t < fixed; t++) {
          v += a[r * n + fixedRows[t]] * b[c * n + fixedCols[t]] + a[fixedRows[t] * n + r] * b[fixedCols[t] * n + c];
        }
        lin[i * m + j] = v;
      }
    }
    let constant = problem.constant;
    for (let s = 0; s < fixed; s++) {
      if (l) constant += l[fixedRows[s] * n + fixedCols[s]];
      for (let t = 0; t < fixed; t++) {
        constant += a[fixedRows[s] * n + fixedRows[t]] * b[fixedCols[s] * n + fixedCols[t]];
      }
    }
    // Best completion by enumeration over the free part.
    let best = Infinity;
    const full = new Int32Array(n);
    for (let s = 0; s < fixed; s++) full[fixedRows[s]] = fixedCols[s];
    const q = Array.from({ length: m }, (_, i) => i);
    const visit = (k: number) => {
      if (k === m) {
        for (let i = 0; i < m; i++) full[freeRows[i]] = freeCols[q[i]];
        best = Math.min(best, qapCost(problem, full));
        return;
      }
      for (let t = k; t < m; t++) {
        [q[k], q[t]] = [q[t], q[k]];
        visit(k + 1);
        [q[k], q[t]] = [q[t], q[k]];
      }
    };
    visit(0);
    const slack = 2 ** -50 * magnitude(problem);
    for (const kind of ["pb", "evb"] as const) {
      const bound = residualEigenBoundInto(pb, problem, freeRows, freeCols, m, lin, constant, kind);
      assert.ok(bound <= best + slack, `${label} ${kind}: node bound ${bound} > best completion ${best}`);
    }
    const g = residualGilmoreLawlerBoundInto(gl, problem, freeRows, freeCols, m, lin, constant);
    assert.ok(g <= best + slack, `${label} gl: node bound ${g} > best completion ${best}`);
  }
});

Deno.test("eigenBoundInto: a reused workspace gives the same bound as a fresh one and leaves its inputs untouched", () => {
  const ws = new EigenBoundWorkspace(1);
  const cases = boundCases(12, 99);
  const first = cases.map(({ problem }) => projectedEigenvalueBound(problem).bound);
  for (let round = 0; round < 2; round++) {
    cases.forEach(({ problem }, k) => {
      const a = problem.a.data.slice(), l = problem.linear?.data.slice() ?? null;
      const bound = eigenBoundInto(
        ws,
        problem.a.data,
        problem.b.data,
        problem.linear?.data ?? null,
        problem.n,
        problem.constant,
        "pb",
        problem.isIntegral,
      );
      assert.equal(bound, first[k]);
      assert.deepEqual(problem.a.data, a);
      if (l) assert.deepEqual(problem.linear!.data, l);
    });
  }
});

Deno.test("eigen bounds refuse clearly: non-problem, unknown option, bad diagonal, overflowing products", () => {
  assert.throws(() => projectedEigenvalueBound({} as never), /projectedEigenvalueBound: problem must be a QapProblem/);
  const { problem } = boundCases(1, 1)[0];
  assert.throws(() => eigenvalueBound(problem, { foo: 1 } as never), /eigenvalueBound: unknown option 'foo'/);
  assert.throws(
    () => projectedEigenvalueBound(problem, { diagonal: "x" as never }),
    /diagonal must be "linear" or "quadratic"/,
  );
  const huge = new Float64Array([0, 1e200, 1e200, 0]);
  assert.throws(() => eigenBoundInto(new EigenBoundWorkspace(2), huge, huge, null, 2, 0), /too large for float64/);
});

Deno.test("residualEigenBoundInto reuses the cached A side for sibling nodes and gives the fresh workspace's bound", () => {
  const problem = loadQaplibDat(fixturePath("qaplib", "nug12.dat"));
  const rng = new Rng(12);
  const shared = new EigenBoundWorkspace(12);
  const rows = Array.from(rng.permutation(12).subarray(0, 8));
  for (const kind of ["pb", "evb"] as const) {
    const hitsBefore = shared.cacheHits;
    for (let sibling = 0; sibling < 6; sibling++) {
      const cols = Array.from(rng.permutation(12).subarray(0, 8));
      const lin = new Float64Array(64).map(() => rng.int(50));
      const fresh = residualEigenBoundInto(new EigenBoundWorkspace(8), problem, rows, cols, 8, lin, 3, kind);
      assert.equal(residualEigenBoundInto(shared, problem, rows, cols, 8, lin, 3, kind), fresh, `${kind} ${sibling}`);
    }
    assert.equal(shared.cacheHits - hitsBefore, 5, kind);
  }
  // A different row set, or a plain eigenBoundInto call in between, invalidates the cache.
  const hits = shared.cacheHits;
  const other = [...rows.slice(1), rows[0]];
  residualEigenBoundInto(shared, problem, other, rows, 8, null, 0);
  eigenBoundInto(shared, problem.a.data, problem.b.data, null, 12, 0);
  residualEigenBoundInto(shared, problem, other, rows, 8, null, 0);
  assert.equal(shared.cacheHits, hits);
});

Deno.test("node bounds at the leaves: m = 0 gives the constant, m = 1 the single completion's cost", () => {
  const problem = loadQaplibDat(fixturePath("qaplib", "nug12.dat"));
  const eig = new EigenBoundWorkspace(2), gl = new GilmoreLawlerWorkspace(2);
  // One free row 3 and column 7: J = L'[0,0] + A[3,3]·B[7,7] + constant.
  const cost = 5 + problem.a.data[3 * 12 + 3] * problem.b.data[7 * 12 + 7] + 41;
  for (const kind of ["pb", "evb"] as const) {
    assert.equal(residualEigenBoundInto(eig, problem, [], [], 0, new Float64Array(0), 41, kind), 41);
    assert.equal(residualEigenBoundInto(eig, problem, [3], [7], 1, new Float64Array([5]), 41, kind), cost);
  }
  assert.equal(residualGilmoreLawlerBoundInto(gl, problem, [], [], 0, null, 41), 41);
  assert.equal(residualGilmoreLawlerBoundInto(gl, problem, [3], [7], 1, new Float64Array([5]), 41), cost);
});
