import assert from "node:assert/strict";
import { checkBoundIdentity } from "../../lib/tour/bound_check.ts";
import { buildToyProblem, costLandscape } from "../../lib/tour/toy_problem.ts";

Deno.test("checkBoundIdentity(problem) confirms J(p) = LB + ΣΛ + ΣR with Λ, R ≥ 0 at every FHG checkpoint (n=6)", () => {
  for (const seed of [0, 2]) {
    const toy = buildToyProblem({ n: 6, seed });
    const { rows, result } = checkBoundIdentity(toy.problem, { samples: 10, solver: { primalHeuristic: false } });
    assert.ok(rows.length >= 2);
    assert.ok(rows.some((r) => r.phase === "leader") && rows.some((r) => r.phase === "sweep"));
    const { bestCost } = costLandscape(toy.problem);
    for (const r of rows) {
      assert.ok(
        r.maxIdentityError < 1e-9,
        `identity error ${r.maxIdentityError} at iteration ${r.iteration} ${r.phase}`,
      );
      assert.ok(r.minLeader > -1e-9, `negative leader ${r.minLeader}`);
      assert.ok(r.minPairCost > -1e-9, `negative pair cost ${r.minPairCost}`);
      assert.ok(r.minSlack > -1e-9, `bound above a sampled cost by ${-r.minSlack}`);
      assert.ok(r.lowerBound <= bestCost + 1e-9, `bound ${r.lowerBound} above the optimum ${bestCost}`);
    }
    for (let t = 1; t < rows.length; t++) {
      assert.ok(rows[t].lowerBound >= rows[t - 1].lowerBound - 1e-9, "bound never decreases");
    }
    assert.ok(result.bound! <= bestCost + 1e-9);
  }
  assert.throws(() => checkBoundIdentity(buildToyProblem({ n: 4 }).problem, { samples: 0 }), RangeError);
});
