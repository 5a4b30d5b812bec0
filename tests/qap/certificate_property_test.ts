/**
 * Property test of every registered solver that returns a bound, against exhaustive enumeration on 1,000 small
 * instances (n = 3–7) across scales 1e-8 … 1e8: integer and float data, with and without linear terms and constants,
 * with ties, symmetric (and asymmetric B for the solvers that accept it). Bound ≤ optimum ≤ cost, and `optimal` only
 * when the cost is the optimum (exactly for integer data, within twice the certificate's allowance otherwise).
 */
import assert from "node:assert/strict";
import { type Matrix } from "../../lib/core/matrix.ts";
import { Rng } from "../../lib/core/rng.ts";
import { atIterations, certificateTolerance } from "../../lib/qap/certificate.ts";
import { qapCostUnchecked } from "../../lib/qap/objective.ts";
import { createQapProblem, type QapProblem } from "../../lib/qap/problem.ts";
import { SOLVERS, type SolverSpec } from "../../lib/qap/registry.ts";

/** Iteration caps for the dual-ascent solvers (and the rounds the optimality allowance below covers). */
const MAX_ROUNDS = 30;

/** Short-run options for a solver, set only where the solver has the option. */
function shortRun(spec: SolverSpec, seed: number): Record<string, unknown> {
  const caps: Record<string, unknown> = {
    maxIterations: MAX_ROUNDS,
    maxBatches: 10,
    heuristicMaxSeconds: 0.02,
    heuristicPatience: 2,
    stallHeuristicPatience: 2,
  };
  const options: Record<string, unknown> = { seed, timeLimit: 5 };
  for (const [key, value] of Object.entries(caps)) if (key in spec.defaults) options[key] = value;
  return options;
}

type Kind = "float" | "integer" | "ties" | "asymmetric";

function matrix(n: number, draw: () => number, symmetric: boolean): Matrix {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (symmetric && j < i) data[i * n + j] = data[j * n + i];
      else data[i * n + j] = draw();
    }
  }
  return { rows: n, cols: n, data };
}

/** Instance t: size 3–7, scale 10^e with e from −8 to 8, one of four kinds, linear term and constant on some. */
function instance(t: number): { problem: QapProblem; kind: Kind; scale: number } {
  const rng = new Rng(7000 + t);
  const n = 3 + (t % 5);
  const e = -8 + ((t * 7) % 17);
  const kinds: Kind[] = ["float", "integer", "ties", "asymmetric"];
  const kind = kinds[(t >> 2) % 4];
  let scale = 10 ** e;
  let draw: () => number;
  if (kind === "integer") {
    scale = 10 ** (Math.abs(e) % 5);
    draw = () => Math.round((rng.uniform() * 2 - 1) * scale);
  } else if (kind === "ties") {
    const levels = [-1, 0, 1, 2];
    const unit = (t & 1) === 0 ? scale : Math.round(scale) || 1;
    draw = () => levels[Math.floor(rng.uniform() * levels.length)] * unit;
  } else draw = () => (rng.uniform() * 2 - 1) * scale;
  const a = matrix(n, draw, true);
  const b = matrix(n, draw, kind !== "asymmetric");
  const withLinear = t % 3 !== 0;
  const linear = withLinear ? matrix(n, () => draw() * scale * n, false) : null;
  const constant = t % 2 === 0 ? 0 : Math.round(draw()) * n;
  return { problem: createQapProblem(a, b, { linear, constant }), kind, scale };
}

/** Exhaustive minimum of J (compensated cost of every permutation, Heap's order). */
function exhaustiveOptimum(problem: QapProblem): number {
  const n = problem.n, p = new Int32Array(n).map((_, i) => i), c = new Int32Array(n);
  let best = qapCostUnchecked(problem, p);
  let i = 1;
  while (i < n) {
    if (c[i] < i) {
      const r = (i & 1) === 0 ? 0 : c[i];
      const x = p[r];
      p[r] = p[i];
      p[i] = x;
      best = Math.min(best, qapCostUnchecked(problem, p));
      c[i]++;
      i = 1;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return best;
}

Deno.test("every registered solver with a bound: bound ≤ optimum ≤ cost and `optimal` only at the optimum, on 1,000 instances across scales 1e-8 … 1e8", () => {
  const solvers = SOLVERS.filter((s) => s.providesBound && s.maxN >= 7);
  assert.ok(solvers.some((s) => s.id === "brute-force") && solvers.some((s) => s.id === "hg"));
  const failures = new Map<string, string[]>();
  const proofs = new Map<string, number>();
  const fail = (id: string, message: string) => {
    const list = failures.get(id) ?? [];
    list.push(message);
    failures.set(id, list);
  };
  let instances = 0, integralInstances = 0;
  for (let t = 0; t < 1000; t++) {
    const { problem, kind, scale } = instance(t);
    const certificate = certificateTolerance(problem);
    if (certificate.integral) integralInstances++;
    const optimum = exhaustiveOptimum(problem);
    // Rounding of the reference itself: n row sums of n products each, then a compensated total.
    const refErr = certificate.integral ? 0 : 2 * problem.n * 2 ** -53 * certificate.scale;
    const allowance = 2 * atIterations(certificate, MAX_ROUNDS).tolerance + refErr;
    for (const spec of solvers) {
      if (!problem.isSymmetric && !spec.acceptsAsymmetric) continue;
      const where = `${spec.id} t=${t} n=${problem.n} ${kind} scale=${scale}`;
      let result;
      try {
        result = spec.solve(problem, shortRun(spec, t));
      } catch (e) {
        fail(spec.id, `${where}: threw ${String(e).split("\n")[0]}`);
        continue;
      }
      const { cost, bound, optimal } = result;
      if (result.info.optimalityClaimWithdrawn) fail(spec.id, `${where}: claimed optimal without a certificate`);
      if (bound === null) {
        if (optimal) fail(spec.id, `${where}: optimal without a bound`);
        continue;
      }
      if (!(bound <= optimum + refErr)) fail(spec.id, `${where}: bound ${bound} > optimum ${optimum}`);
      if (!(optimum <= cost + refErr)) fail(spec.id, `${where}: optimum ${optimum} > cost ${cost}`);
      if (certificate.integral && !Number.isInteger(bound)) fail(spec.id, `${where}: integral data, bound ${bound}`);
      if (optimal) {
        proofs.set(spec.id, (proofs.get(spec.id) ?? 0) + 1);
        if (!(cost - optimum <= allowance)) {
          fail(spec.id, `${where}: optimal claimed at cost ${cost}, optimum ${optimum} (allowance ${allowance})`);
        }
        if (result.relativeGap !== 0) fail(spec.id, `${where}: optimal with relative gap ${result.relativeGap}`);
      }
    }
    instances++;
  }
  assert.equal(instances, 1000);
  const summary = [...failures].map(([id, list]) => `${id}: ${list.length} failures, e.g. ${list[0]}`);
  assert.equal(summary.length, 0, summary.join("\n"));
  assert.ok(integralInstances >= 150, `only ${integralInstances} integral instances`);
  // Brute force proves every instance; a bound-giving solver that never proves anything would make this test vacuous.
  assert.ok((proofs.get("brute-force") ?? 0) >= 1000);
  assert.ok((proofs.get("hg") ?? 0) >= 100, `hg proved only ${proofs.get("hg") ?? 0}`);
});
