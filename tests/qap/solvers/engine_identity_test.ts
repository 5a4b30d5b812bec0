/**
 * The Hahn–Grant engine gives the numbers it gave before it became one engine: fhg at a fixed iteration count
 * (every orientation × LAP) and single-threaded bnb, against `_engine_before.json` (written by `_engine_cases.ts`
 * from the code before the change). Bit for bit, except where the algorithm changed on purpose: the dual state now
 * counts its own rounds (one for the initial state, one per banked leader LAP, one per sweep; fhg counted one per
 * iteration; bnb counted the same rounds as now, except one more for a root proof's claim), so fhg's
 * certified bound on float data may sit lower by the larger rounding allowance — never higher, and the raw bound is
 * unchanged.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { atIterations, certificateTolerance } from "../../../lib/qap/certificate.ts";
import { BNB_CASES, engineProblem, type EngineRecord, FHG_CASES, runBnbCase, runFhgCase } from "./_engine_cases.ts";

const before: EngineRecord[] = JSON.parse(readFileSync(new URL("./_engine_before.json", import.meta.url), "utf8"));
const byKey = new Map(before.map((r) => [r.key, r]));

Deno.test("fhg(fixed iterations, every orientation × LAP) gives the bounds, costs and permutations it gave before the engine", () => {
  for (const c of FHG_CASES) {
    const now = runFhgCase(c), old = byKey.get(now.key)!;
    assert.ok(old, `${now.key} is in the fixture`);
    const { bound: boundNow, ...restNow } = now, { bound: boundOld, ...restOld } = old;
    assert.deepEqual(restNow, restOld, now.key);
    const problem = engineProblem(c.name);
    if (problem.isIntegral) assert.equal(boundNow, boundOld, now.key);
    else {
      // float data: the allowance grew from T rounds to at most 2T; the bound moved down by at most that much
      const cert = atIterations(certificateTolerance(problem), 2 * c.iterations + 1);
      assert.ok(
        boundNow! <= boundOld! && boundOld! - boundNow! <= cert.tolerance,
        `${now.key}: ${boundNow} vs ${boundOld}`,
      );
    }
  }
});

Deno.test("bnb(one thread, no root heuristic) gives the nodes, bounds and optima it gave before the engine", () => {
  for (const c of BNB_CASES) {
    const now = runBnbCase(c), old = byKey.get(now.key)!;
    const { bound: boundNow, ...restNow } = now, { bound: boundOld, ...restOld } = old;
    assert.deepEqual(restNow, restOld, now.key);
    const problem = engineProblem(c.name);
    if (problem.isIntegral) assert.equal(boundNow, boundOld, now.key);
    else {
      // float data, root proofs: the claim now uses the proof's own round count (it used one more)
      const cert = atIterations(certificateTolerance(problem), 2 * 100 + 2);
      assert.ok(Math.abs(boundNow! - boundOld!) <= cert.tolerance, `${now.key}: ${boundNow} vs ${boundOld}`);
    }
  }
});
