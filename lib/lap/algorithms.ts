/**
 * The LAP registry: every linear assignment algorithm in `lib/lap` by a distinct id that says what it is, with what it
 * promises (exact duals, rectangular input). All share the {@link LapSolveInto} calling convention and the
 * `LapWorkspace` buffers. The table of which solver uses which LAP, and why, is in `mod.ts`.
 * @module
 */
import { checkRange } from "../core/errors.ts";
import { solveLapAuctionDefaultInto } from "./auction.ts";
import { solveLapHungarianInto } from "./hungarian.ts";
import { solveLapjvInto } from "./lapjv.ts";
import { solveLapScipyInto } from "./scipy_crouse.ts";
import { solveLapInto } from "./shortest_path.ts";
import type { LapSolveInto } from "./types.ts";

/** Ids of the LAP algorithms. */
export const LAP_ALGORITHM_IDS = Object.freeze(
  ["jv-lapjv", "jv-shortest-path", "scipy-crouse", "hungarian", "auction"] as const,
);

/** A LAP algorithm id. */
export type LapAlgorithmId = typeof LAP_ALGORITHM_IDS[number];

/** One registry entry. */
export interface LapAlgorithm {
  /** The registry id. */
  readonly id: LapAlgorithmId;
  /** The solver, in the {@link LapSolveInto} convention. */
  readonly solve: LapSolveInto;
  /** Exact optimum and duals (Σu + Σv = optimum); false: ε-optimal assignment and ε-feasible duals. */
  readonly exact: boolean;
  /** Accepts rows < cols (otherwise square only). */
  readonly rectangular: boolean;
  /** What it is, in a few words. */
  readonly summary: string;
}

function entry(
  id: LapAlgorithmId,
  solve: LapSolveInto,
  exact: boolean,
  rectangular: boolean,
  summary: string,
): LapAlgorithm {
  return Object.freeze({ id, solve, exact, rectangular, summary });
}

/** The LAP algorithms by id (frozen). */
export const LAP_ALGORITHMS: Readonly<Record<LapAlgorithmId, LapAlgorithm>> = Object.freeze({
  "jv-lapjv": entry("jv-lapjv", solveLapjvInto, true, false, "Jonker–Volgenant in the original lapjv's order"),
  "jv-shortest-path": entry(
    "jv-shortest-path",
    solveLapInto,
    true,
    true,
    "Jonker–Volgenant shortest augmenting path with a greedy tight-edge pass",
  ),
  "scipy-crouse": entry("scipy-crouse", solveLapScipyInto, true, true, "SciPy linear_sum_assignment (Crouse 2016)"),
  hungarian: entry("hungarian", solveLapHungarianInto, true, true, "Kuhn–Munkres, potentials updated every step"),
  auction: entry("auction", solveLapAuctionDefaultInto, false, false, "forward–reverse auction with ε-scaling"),
});

/** The `lap` option values of the Hahn–Grant solvers (`fhg --lap jv|hungarian|auction`). */
export const HAHN_GRANT_LAP_CHOICES = Object.freeze(["jv", "hungarian", "auction"] as const);

/** One of {@link HAHN_GRANT_LAP_CHOICES}. */
export type HahnGrantLapChoice = typeof HAHN_GRANT_LAP_CHOICES[number];

/**
 * The registry algorithm behind each Hahn–Grant `lap` option: "jv" is "jv-lapjv" (not "jv-shortest-path": the
 * banked duals decide the bound), "auction" runs `solveLapAuctionInto` with the solver's own ε schedule and repairs
 * the duals with `repairLapDualsInto`.
 */
export const HAHN_GRANT_LAPS: Readonly<Record<HahnGrantLapChoice, LapAlgorithmId>> = Object.freeze({
  jv: "jv-lapjv",
  hungarian: "hungarian",
  auction: "auction",
});

/** The registry entry of `id`; throws a RangeError naming the ids for an unknown one. */
export function getLapAlgorithm(id: string): LapAlgorithm {
  checkRange(
    typeof id === "string" && Object.hasOwn(LAP_ALGORITHMS, id),
    "getLapAlgorithm",
    `unknown LAP algorithm '${id}' (known: ${LAP_ALGORITHM_IDS.join(", ")})`,
  );
  return LAP_ALGORITHMS[id as LapAlgorithmId];
}
