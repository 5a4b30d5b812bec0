/**
 * The SDP relaxation of the QAP with gangster constraints (Zhao, Karisch, Rendl & Wolkowicz 1998), solved by ADMM
 * after facial reduction (Oliveira, Wolkowicz & Xu 2018), with a lower bound that is valid for ANY dual matrix Z, so
 * the ADMM's accuracy never decides the bound's validity.
 *
 * Lifting: y = [1; vec X] (x_ij = 1 iff p_i = j), Y = y·yᵀ, and J(X) = ⟨L_Q, Y⟩ with L_Q[0,0] = c,
 * L_Q[0,(ij)] = L[i,j]/2 and L_Q[(ij),(kl)] = (A[i,k]·B[j,l] + A[k,i]·B[l,j])/2 (any symmetry of A, B).
 * Every lifted permutation satisfies Y₀₀ = 1, the gangster zeros (Y[(ij),(kl)] = 0 when i = k xor j = l), 0 ≤ Y ≤ 1,
 * and y = V̂'·r with V̂' = [[n, 0], [vec(eeᵀ), V'⊗V']], V' = [I_{n−1}; −eᵀ] (integer entries, spans e⊥ exactly) and
 * r = [1/n; vec M], where X − eeᵀ/n = V'·M·V'ᵀ. Since σ_min(V') = 1, ‖M‖_F ≤ ‖X − eeᵀ/n‖_F = √(n−1), so
 * ‖r‖² ≤ ρ = n − 1 + 1/n². Hence for every symmetric Z:
 *
 *   J(X) = ⟨L_Q + Z, Y⟩ − rᵀ(V̂'ᵀ·Z·V̂')r ≥ min_{Y ∈ box, gangster, Y₀₀ = 1} ⟨L_Q + Z, Y⟩ − ρ·max(0, λ_max(V̂'ᵀ·Z·V̂')),
 *
 * the first term being separable: (L_Q + Z)₀₀ + Σ over the free entries of min(0, (L_Q + Z)ₑ). The ADMM (R ⪰ 0 on
 * the face through an orthonormal V̂, Y in the box with the gangster zeros, Z the multiplier of Y = V̂·R·V̂ᵀ) only
 * supplies a good Z; the bound then subtracts rounding allowances for the sum, the forming of V̂'ᵀZV̂' and its largest
 * eigenvalue ({@link eigenvalueErrorBound}). Integral problems round up.
 *
 * Cost: the lifted matrices have N = n² + 1 rows; one iteration is an eigendecomposition of size (n − 1)² + 1 plus
 * O(N²·rank) work: ≈ 20–40 ms at n = 12, seconds at n = 20 (JavaScript, one core). A root bound for n ≤ 15.
 * @module
 */
import { checkInteger, checkKnownKeys, checkRange, checkType } from "../../core/errors.ts";
import {
  eigenvalueErrorBound,
  symmetricEigenInto,
  symmetricEigenvaluesInto,
  SymmetricEigenWorkspace,
} from "../../linalg/symmetric_eigen.ts";
import type { QapProblem } from "../problem.ts";

const UNIT_ROUNDOFF = 2 ** -53;

/** Options of {@link sdpAdmmBound}. */
export interface SdpAdmmOptions {
  /** Most ADMM iterations; default 2000. */
  maxIterations?: number;
  /** Wall-clock limit in seconds; default 60. */
  timeLimit?: number;
  /** Evaluate the (valid) lower bound every this many iterations; default 25. */
  boundEvery?: number;
  /** Penalty β as a multiple of n; default 1/3 (Oliveira, Wolkowicz & Xu use n/3). */
  betaPerN?: number;
  /** Dual step length factor γ; default 1.618. */
  stepFactor?: number;
  /** Largest n accepted (memory and time grow like n⁴ and n⁶); default 20. */
  maxN?: number;
}

/** Defaults of {@link SdpAdmmOptions}. */
export const SDP_ADMM_DEFAULTS: Readonly<Required<SdpAdmmOptions>> = Object.freeze({
  maxIterations: 2000,
  timeLimit: 60,
  boundEvery: 25,
  betaPerN: 1 / 3,
  stepFactor: 1.618,
  maxN: 20,
});

/** Result of {@link sdpAdmmBound}. */
export interface SdpAdmmResult {
  /** The best valid lower bound seen (≤ J(p) for every permutation p). */
  bound: number;
  /** Wall-clock seconds. */
  seconds: number;
  /** ADMM iterations run. */
  iterations: number;
  /** Primal ⟨L_Q, Y⟩ of the last iterate (an estimate of the SDP value, not a bound). */
  primalEstimate: number;
  /** Rounding allowance subtracted from the best bound. */
  allowance: number;
  /** (seconds, bound) after every bound evaluation. */
  trace: { iteration: number; seconds: number; bound: number }[];
}

/** Lifted index of x_ij. */
function lifted(n: number, i: number, j: number): number {
  return 1 + i * n + j;
}

/** True when entry (p, q) of the lifted matrix is a gangster zero. */
function isGangster(n: number, p: number, q: number): boolean {
  if (p === 0 || q === 0) return false;
  const i = Math.floor((p - 1) / n), j = (p - 1) % n, k = Math.floor((q - 1) / n), l = (q - 1) % n;
  return (i === k) !== (j === l);
}

/** Mask of the lifted matrix (N×N): 1 = gangster zero, 2 = the fixed entry Y₀₀ = 1, 0 = free in [0, 1]. */
function entryKinds(n: number): Uint8Array {
  const N = n * n + 1, kinds = new Uint8Array(N * N);
  for (let p = 0; p < N; p++) for (let q = 0; q < N; q++) kinds[p * N + q] = isGangster(n, p, q) ? 1 : 0;
  kinds[0] = 2;
  return kinds;
}

/** The lifted cost matrix L_Q (N×N) of `problem`. */
function liftedCost(problem: QapProblem): Float64Array {
  const n = problem.n, N = n * n + 1, a = problem.a.data, b = problem.b.data, lin = problem.linear?.data ?? null;
  const lq = new Float64Array(N * N);
  lq[0] = problem.constant;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const p = lifted(n, i, j);
      const half = lin ? lin[i * n + j] / 2 : 0;
      lq[p] = half;
      lq[p * N] = half;
      for (let k = 0; k < n; k++) {
        for (let l = 0; l < n; l++) {
          lq[p * N + lifted(n, k, l)] = (a[i * n + k] * b[j * n + l] + a[k * n + i] * b[l * n + j]) / 2;
        }
      }
    }
  }
  return lq;
}

/** Face maps of the lifted space: orthonormal V̂ (ADMM) and the exact integer V̂' (bound). */
class FaceMaps {
  readonly n: number;
  readonly N: number;
  readonly np: number;
  /** Orthonormal basis of e⊥ (n×(n−1), row-major). */
  readonly v: Float64Array;
  readonly #u: Float64Array;
  readonly #t: Float64Array;

  constructor(n: number) {
    this.n = n;
    this.N = n * n + 1;
    this.np = (n - 1) * (n - 1) + 1;
    // Householder reflector H mapping e/√n to the last unit vector; V = its first n − 1 columns.
    const inv = 1 / Math.sqrt(n), w = new Float64Array(n).fill(inv);
    w[n - 1] = inv - 1;
    const beta = 2 / (2 - 2 * inv);
    this.v = new Float64Array(n * (n - 1));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n - 1; j++) this.v[i * (n - 1) + j] = (i === j ? 1 : 0) - beta * w[i] * w[j];
    }
    this.#u = new Float64Array(n * n);
    this.#t = new Float64Array(n * n);
  }

  /** out (length np) = V̂ᵀ·t for t of length N (orthonormal V̂). */
  applyT(t: Float64Array, tOffset: number, tStride: number, out: Float64Array, outOffset: number, outStride: number) {
    const n = this.n, m = n - 1, v = this.v, u = this.#u, tmp = this.#t;
    let s = 0;
    for (let k = 0; k < n * n; k++) {
      u[k] = t[tOffset + (k + 1) * tStride];
      s += u[k];
    }
    out[outOffset] = (t[tOffset] + s / n) * Math.SQRT1_2;
    // tmp = Vᵀ·U (m×n), then out = tmp·V (m×m).
    for (let a = 0; a < m; a++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let i = 0; i < n; i++) acc += v[i * m + a] * u[i * n + j];
        tmp[a * n + j] = acc;
      }
    }
    for (let a = 0; a < m; a++) {
      for (let c = 0; c < m; c++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += tmp[a * n + j] * v[j * m + c];
        out[outOffset + (1 + a * m + c) * outStride] = acc;
      }
    }
  }

  /** out (length N) = V̂·w for w of length np (orthonormal V̂). */
  apply(w: Float64Array, wOffset: number, wStride: number, out: Float64Array) {
    const n = this.n, m = n - 1, v = this.v, tmp = this.#t;
    const w0 = w[wOffset] * Math.SQRT1_2;
    out[0] = w0;
    // tmp = V·W (n×m), out = tmp·Vᵀ + w0/n.
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < m; c++) {
        let acc = 0;
        for (let a = 0; a < m; a++) acc += v[i * m + a] * w[wOffset + (1 + a * m + c) * wStride];
        tmp[i * m + c] = acc;
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let acc = w0 / n;
        for (let c = 0; c < m; c++) acc += tmp[i * m + c] * v[j * m + c];
        out[1 + i * n + j] = acc;
      }
    }
  }

  /** out (length np) = V̂'ᵀ·t (exact integer V̂'). */
  applyExactT(
    t: Float64Array,
    tOffset: number,
    tStride: number,
    out: Float64Array,
    outOffset: number,
    outStride: number,
  ) {
    const n = this.n, m = n - 1;
    const at = (i: number, j: number) => t[tOffset + (1 + i * n + j) * tStride];
    let s = n * t[tOffset];
    for (let k = 1; k <= n * n; k++) s += t[tOffset + k * tStride];
    out[outOffset] = s;
    const corner = at(m, m);
    for (let a = 0; a < m; a++) {
      const right = at(a, m);
      for (let c = 0; c < m; c++) {
        out[outOffset + (1 + a * m + c) * outStride] = at(a, c) - right - at(m, c) + corner;
      }
    }
  }
}

/**
 * The valid lower bound for the multiplier `z` (N×N, symmetric by construction): see the module doc.
 * `productMagnitude` = Σ|A|·Σ|B|; `scratch` has N·np + np² entries; returns [bound, allowance].
 */
function boundForMultiplier(
  kinds: Uint8Array,
  productMagnitude: number,
  lq: Float64Array,
  z: Float64Array,
  maps: FaceMaps,
  scratch: Float64Array,
  values: Float64Array,
  eigen: SymmetricEigenWorkspace,
): [number, number] {
  const n = maps.n, N = maps.N, np = maps.np;
  // Separable part over the box with the gangster zeros and Y₀₀ = 1.
  let part = lq[0] + z[0], magnitude = Math.abs(lq[0]) + Math.abs(z[0]), zNorm = 0;
  for (let p = 0; p < N; p++) {
    for (let q = 0; q < N; q++) {
      const zz = z[p * N + q];
      zNorm += zz * zz;
      if (kinds[p * N + q] !== 0) continue;
      const c = lq[p * N + q] + zz;
      magnitude += Math.abs(lq[p * N + q]) + Math.abs(zz);
      if (c < 0) part += c;
    }
  }
  zNorm = Math.sqrt(zNorm);
  // W' = V̂'ᵀ·Z·V̂': rows first (H = Z·V̂', N×np), then columns.
  const h = scratch.subarray(0, N * np), w = scratch.subarray(N * np, N * np + np * np);
  for (let p = 0; p < N; p++) maps.applyExactT(z, p * N, 1, h, p * np, 1);
  for (let c = 0; c < np; c++) maps.applyExactT(h, c, np, w, c, np);
  symmetricEigenvaluesInto(w, np, values, eigen);
  const lambdaMax = values[np - 1];
  // Frobenius norm of the symmetric matrix the eigensolver sees (the lower triangle of W', mirrored).
  let wNorm = 0;
  for (let a = 0; a < np; a++) {
    wNorm += w[a * np + a] * w[a * np + a];
    for (let c = 0; c < a; c++) wNorm += 2 * w[a * np + c] * w[a * np + c];
  }
  wNorm = Math.sqrt(wNorm);
  // ‖V̂'‖_F² = 2n² + (2(n−1))²; each entry of W' sums ≤ 2(n² + 4) rounded terms per pass.
  const vNorm2 = 2 * n * n + 4 * (n - 1) * (n - 1);
  const formation = 16 * (n * n + 4) * UNIT_ROUNDOFF * vNorm2 * zNorm;
  const rho = n - 1 + 1 / (n * n);
  const lambdaUpper = lambdaMax + eigenvalueErrorBound(np, wNorm) + formation;
  // L_Q entries (A[i,k]·B[j,l] + A[k,i]·B[l,j])/2 round relative to Σ|products| ≤ Σ|A|·Σ|B| in all.
  const allowance = (N * N + 4) * UNIT_ROUNDOFF * magnitude + 4 * UNIT_ROUNDOFF * productMagnitude +
    4 * UNIT_ROUNDOFF * rho * Math.abs(lambdaUpper) +
    N * N * 2 ** -1000;
  const bound = part - rho * Math.max(0, lambdaUpper) - allowance;
  return [bound, allowance];
}

/**
 * A lower bound on the QAP optimum from the SDP relaxation by ADMM (see the module doc): valid for any data (any
 * symmetry, linear term, constant); its quality depends on the iterations run. Throws a RangeError for n > maxN.
 */
export function sdpAdmmBound(problem: QapProblem, options: SdpAdmmOptions = {}): SdpAdmmResult {
  const fn = "sdpAdmmBound";
  checkType(
    problem !== null && typeof problem === "object" && Number.isInteger(problem.n) &&
      problem.a?.data instanceof Float64Array,
    fn,
    `problem must be a QapProblem, got ${typeof problem}`,
  );
  checkKnownKeys(options, Object.keys(SDP_ADMM_DEFAULTS), fn);
  const opts = { ...SDP_ADMM_DEFAULTS, ...options };
  checkInteger(opts.maxIterations, fn, "maxIterations", 0);
  checkInteger(opts.boundEvery, fn, "boundEvery", 1);
  checkInteger(opts.maxN, fn, "maxN", 2, 40);
  checkRange(opts.timeLimit > 0, fn, `timeLimit must be > 0, got ${opts.timeLimit}`);
  checkRange(opts.betaPerN > 0, fn, `betaPerN must be > 0, got ${opts.betaPerN}`);
  checkRange(opts.stepFactor > 0 && opts.stepFactor < 2, fn, `stepFactor must be in (0, 2), got ${opts.stepFactor}`);
  const n = problem.n;
  checkRange(n <= opts.maxN, fn, `problem size must be at most maxN = ${opts.maxN}, got n = ${n}`);
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;
  const trace: SdpAdmmResult["trace"] = [];
  if (n < 2) {
    // n = 1: the only permutation's cost, less its own rounding (exact for integral data).
    const l = problem.linear?.data[0] ?? 0, q = problem.a.data[0] * problem.b.data[0], c = problem.constant;
    const j = l + q + c;
    const allowance = problem.isIntegral ? 0 : 4 * UNIT_ROUNDOFF * (Math.abs(l) + Math.abs(q) + Math.abs(c));
    return { bound: j - allowance, seconds: elapsed(), iterations: 0, primalEstimate: j, allowance, trace };
  }
  const N = n * n + 1, maps = new FaceMaps(n), np = maps.np;
  const lq = liftedCost(problem), kinds = entryKinds(n);
  let sumA = 0, sumB = 0;
  for (const x of problem.a.data) sumA += Math.abs(x);
  for (const x of problem.b.data) sumB += Math.abs(x);
  const productMagnitude = sumA * sumB;
  // The ADMM runs on L_Q without its constant (Y₀₀ = 1 is fixed), scaled to max |entry| = 1.
  let scale = 0;
  for (let k = 1; k < N * N; k++) scale = Math.max(scale, Math.abs(lq[k]));
  checkRange(Number.isFinite(scale), fn, "lifted costs overflow float64 (entries too large)");
  if (scale === 0) scale = 1;
  const lqs = lq.map((x) => x / scale);
  lqs[0] = 0;
  const beta = opts.betaPerN * n, step = opts.stepFactor * beta;
  const y = new Float64Array(N * N), z = new Float64Array(N * N), vrv = new Float64Array(N * N);
  const t = new Float64Array(N * N), h = new Float64Array(N * np), w = new Float64Array(np * np);
  const values = new Float64Array(np), vectors = new Float64Array(np * np), g = new Float64Array(np * N);
  const col = new Float64Array(np);
  const eigen = new SymmetricEigenWorkspace(np);
  const scratch = new Float64Array(N * np + np * np),
    boundValues = new Float64Array(np),
    zOrig = new Float64Array(N * N);
  // Start at the barycentre y = [1; vec(eeᵀ)/n].
  for (let p = 0; p < N; p++) {
    for (let q = 0; q < N; q++) {
      y[p * N + q] = kinds[p * N + q] === 1 ? 0 : (p === 0 ? 1 : 1 / n) * (q === 0 ? 1 : 1 / n);
    }
  }
  let best = -Infinity, bestAllowance = 0, iterations = 0, primal = NaN;
  const evaluate = () => {
    for (let k = 0; k < N * N; k++) zOrig[k] = z[k] * scale;
    const [bound, allowance] = boundForMultiplier(
      kinds,
      productMagnitude,
      lq,
      zOrig,
      maps,
      scratch,
      boundValues,
      eigen,
    );
    if (bound > best) {
      best = bound;
      bestAllowance = allowance;
    }
    trace.push({ iteration: iterations, seconds: elapsed(), bound });
  };
  while (iterations < opts.maxIterations && elapsed() < opts.timeLimit) {
    // R-update: R = P_PSD(V̂ᵀ(Y + Z/β)V̂); VRV = V̂·R·V̂ᵀ.
    for (let k = 0; k < N * N; k++) t[k] = y[k] + z[k] / beta;
    for (let p = 0; p < N; p++) maps.applyT(t, p * N, 1, h, p * np, 1);
    for (let c = 0; c < np; c++) maps.applyT(h, c, np, w, c, np);
    symmetricEigenInto(w, np, values, vectors, eigen);
    let rank = 0;
    for (let k = np - 1; k >= 0 && values[k] > 0; k--) {
      const s = Math.sqrt(values[k]);
      for (let a = 0; a < np; a++) col[a] = vectors[a * np + k] * s;
      maps.apply(col, 0, 1, g.subarray(rank * N, rank * N + N));
      rank++;
    }
    vrv.fill(0);
    for (let r = 0; r < rank; r++) {
      const gr = r * N;
      for (let p = 0; p < N; p++) {
        const gp = g[gr + p];
        if (gp === 0) continue;
        const row = p * N;
        for (let q = p; q < N; q++) vrv[row + q] += gp * g[gr + q];
      }
    }
    for (let p = 0; p < N; p++) for (let q = 0; q < p; q++) vrv[p * N + q] = vrv[q * N + p];
    // Y-update: box [0, 1] with gangster zeros and Y₀₀ = 1; Z-update.
    primal = 0;
    for (let p = 0; p < N; p++) {
      for (let q = 0; q < N; q++) {
        const k = p * N + q;
        const kind = kinds[k];
        const v = kind === 2 ? 1 : kind === 1 ? 0 : Math.min(1, Math.max(0, vrv[k] - (lqs[k] + z[k]) / beta));
        y[k] = v;
        z[k] += step * (v - vrv[k]);
        primal += lq[k] * v;
      }
    }
    iterations++;
    if (iterations % opts.boundEvery === 0) evaluate();
  }
  if (iterations % opts.boundEvery !== 0 || iterations === 0) evaluate();
  const bound = problem.isIntegral && Math.abs(best) < 2 ** 52 ? Math.ceil(best) : best;
  return { bound, seconds: elapsed(), iterations, primalEstimate: primal, allowance: bestAllowance, trace };
}
