/**
 * The runs pinned by engine_identity_test.ts: fhg at a fixed iteration count (no time-shared heuristic, so every
 * number is deterministic) on QAPLIB and synthetic instances × both orientations × every LAP, and single-threaded bnb
 * without the root heuristic on small instances. `deno run -A tests/qap/solvers/_engine_cases.ts` rewrites the
 * fixture `_engine_before.json` from the current code (only when the algorithm changes on purpose).
 * @module
 */
import { writeFileSync } from "node:fs";
import { loadQaplibDat } from "../../../lib/io/qaplib.ts";
import type { QapProblem } from "../../../lib/qap/problem.ts";
import { solveFactorizedHahnGrant } from "../../../lib/qap/solvers/factorized_hahn_grant.ts";
import { solveBranchAndBound } from "../../../lib/qap/solvers/branch_and_bound.ts";
import { fixturePath } from "../../_helpers/assert.ts";
import { loadSynthetic } from "./_fixtures.ts";

/** Pin bnb's search strategy to the fixture's (no look-ahead); false only to regenerate from a tree without it. */
const LOOKAHEAD_OFF = true;

/** The numbers of one pinned run. */
export interface EngineRecord {
  key: string;
  cost: number;
  bound: number | null;
  rawLowerBound?: number;
  optimal: boolean;
  status: string;
  iterations: number;
  lapCalls: number;
  permutation: number[];
  nodes?: number;
  pruned?: number;
}

/** An instance by name: QAPLIB `.dat` or a synthetic fixture (`synth-…`). */
export function engineProblem(name: string): QapProblem {
  return name.startsWith("synth-") ? loadSynthetic(name).problem : loadQaplibDat(fixturePath("qaplib", `${name}.dat`));
}

/** fhg runs: instance, orientation, LAP, iterations. */
export const FHG_CASES: {
  name: string;
  alternate: boolean;
  lap: "jv" | "hungarian" | "auction";
  iterations: number;
}[] = [];
for (
  const name of ["chr12a", "tai12a", "nug12", "esc16a", "tai15a", "lipa20a", "synth-gw-N10-s0", "synth-cos-N20-s0"]
) {
  for (const alternate of [true, false]) {
    for (const lap of ["jv", "hungarian", "auction"] as const) FHG_CASES.push({ name, alternate, lap, iterations: 12 });
  }
}

/** bnb runs: instance and the options that differ from the defaults (always one thread, no root heuristic). */
export const BNB_CASES: { name: string; options: Record<string, unknown> }[] = [
  { name: "chr12a", options: {} },
  { name: "tai10a", options: {} },
  { name: "rou10", options: {} },
  { name: "nug12", options: { rootIterations: 20 } },
  { name: "tai10a", options: { nodeBounds: ["eigenvalue"], symmetry: false } },
  { name: "synth-gw-N10-s0", options: {} },
  { name: "synth-gw-N10-s1", options: { shift: "min", lap: "hungarian" } },
  { name: "synth-gw-N10-s2", options: { rootIterations: 2 } },
  { name: "tai12a", options: { alternateOrientation: false, nodeIterations: 1 } },
  { name: "chr12b", options: { lap: "auction", rootIterations: 10 } },
  { name: "lipa10a", options: { leafSize: 4, gainRatio: 0.3 } },
];

/** Runs one fhg case. */
export function runFhgCase(c: typeof FHG_CASES[number]): EngineRecord {
  const r = solveFactorizedHahnGrant(engineProblem(c.name), {
    lap: c.lap,
    alternateOrientation: c.alternate,
    primalHeuristic: false,
    maxIterations: c.iterations,
    maxStallIterations: 1000,
  });
  return {
    key: `fhg ${c.name} ${c.alternate ? "alternate" : "fixed"} ${c.lap}`,
    cost: r.cost,
    bound: r.bound,
    rawLowerBound: r.info.rawLowerBound as number,
    optimal: r.optimal,
    status: r.status,
    iterations: r.iterations,
    lapCalls: r.info.lapCalls as number,
    permutation: Array.from(r.permutation),
  };
}

/** Runs one bnb case. */
export function runBnbCase(c: typeof BNB_CASES[number]): EngineRecord {
  // lookaheadDepth 0: the search strategy of the fixture (look-ahead branching came later, bnb/search.ts)
  const r = solveBranchAndBound(engineProblem(c.name), {
    threads: 1,
    primalHeuristic: false,
    ...(LOOKAHEAD_OFF ? { lookaheadDepth: 0 } : {}),
    ...c.options,
  });
  return {
    key: `bnb ${c.name} ${JSON.stringify(c.options)}`,
    cost: r.cost,
    bound: r.bound,
    optimal: r.optimal,
    status: r.status,
    iterations: r.iterations,
    lapCalls: r.info.lapCalls as number,
    permutation: Array.from(r.permutation),
    nodes: r.info.nodes as number,
    pruned: r.info.pruned as number,
  };
}

if (import.meta.main) {
  const records: EngineRecord[] = [];
  for (const c of FHG_CASES) {
    const t = performance.now();
    records.push(runFhgCase(c));
    console.log(records.at(-1)!.key, ((performance.now() - t) / 1000).toFixed(2), "s");
  }
  for (const c of BNB_CASES) {
    const t = performance.now();
    records.push(runBnbCase(c));
    console.log(records.at(-1)!.key, records.at(-1)!.nodes, ((performance.now() - t) / 1000).toFixed(2), "s");
  }
  writeFileSync(new URL("./_engine_before.json", import.meta.url), JSON.stringify(records, null, 1) + "\n");
}
