import assert from "node:assert/strict";
import { Rng } from "../../lib/core/rng.ts";
import { solveLapHungarianInto } from "../../lib/lap/hungarian.ts";
import { solveLapInto } from "../../lib/lap/shortest_path.ts";
import { LapWorkspace } from "../../lib/lap/workspace.ts";
import { assertClose } from "../_helpers/assert.ts";
import { randomCost } from "./_lap_cases.ts";
import { registerLapContract } from "./_lap_contract.ts";

registerLapContract("solveLapHungarianInto", solveLapHungarianInto, {
  rectangular: true,
  exact: true,
  slack: () => ({ cost: 0, dual: 0 }),
});

Deno.test("solveLapHungarianInto(random 150×150 and 60×90) agrees with solveLapInto", () => {
  const rng = new Rng(3);
  const a = new LapWorkspace(1), b = new LapWorkspace(1);
  for (const [rows, cols] of [[150, 150], [60, 90]]) {
    for (const kind of ["real", "int"] as const) {
      const cost = randomCost(rng, rows, cols, kind);
      assertClose(
        solveLapHungarianInto(cost, rows, cols, a),
        solveLapInto(cost, rows, cols, b),
        1e-9,
        `${rows}×${cols}`,
      );
    }
  }
  assert.ok(a.capacityCols >= 150);
});
