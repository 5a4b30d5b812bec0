/**
 * mpopt benchmarks: the libmpopt port (default settings: 100 batches of 10 passes, 10 greedy generations) against
 * fhg run here under the same time limit and against the original fhg's reference runs
 * (tests/fixtures/reference/runs.csv has no MPOpt rows). Goal: a bound that stays below the best known value and a
 * cost within 5 % of it. `--quick` keeps n ≤ 20.
 */
import { fromRows } from "../../lib/core/matrix.ts";
import { loadQaplibDat, loadQaplibSln } from "../../lib/io/qaplib.ts";
import { createQapProblem, type QapProblem } from "../../lib/qap/problem.ts";
import { solveFactorizedHahnGrant } from "../../lib/qap/solvers/factorized_hahn_grant.ts";
import { solveMpopt } from "../../lib/qap/solvers/mpopt.ts";
import { readFileSync } from "node:fs";
import type { BenchContext, BenchRow } from "./_bench.ts";
import { bestKnownCost, referenceRun } from "./_reference.ts";

const TIME_LIMIT = 10;

function loadInstance(root: string, name: string): { problem: QapProblem; best: number } {
  if (name.startsWith("synth")) {
    const json = JSON.parse(readFileSync(`${root}/tests/fixtures/synthetic_qap/${name}.json`, "utf8"));
    const problem = createQapProblem(fromRows(json.A), fromRows(json.B), { constant: json.constant, source: { name } });
    return { problem, best: Math.min(json.reference.best_cost, bestKnownCost(name) ?? Infinity) };
  }
  const problem = loadQaplibDat(`${root}/tests/fixtures/qaplib/${name}.dat`);
  return { problem, best: loadQaplibSln(`${root}/tests/fixtures/qaplib/${name}.sln`).value };
}

/** The mpopt benchmark rows (one mpopt and one fhg row per instance). */
export function bench(context: BenchContext): Promise<BenchRow[]> {
  const { root, quick, log } = context;
  const rows: BenchRow[] = [];
  const names = quick
    ? ["chr12a", "nug12", "synth-gw-N10-s0", "synth-gw-N20-s0"]
    : ["chr12a", "nug12", "nug20", "chr25a", "synth-gw-N10-s0", "synth-gw-N20-s0", "synth-gw-N30-s0"];
  for (const name of names) {
    const { problem, best } = loadInstance(root, name);
    const reference = referenceRun({ implementation: "official", inst: name, solver: "fhg" });
    log(`mpopt ${name}`);
    const m = solveMpopt(problem, { timeLimit: TIME_LIMIT });
    const tol = 1e-9 * Math.abs(best);
    const valid = m.bound! <= best + tol;
    rows.push({
      group: "mpopt",
      instance: name,
      n: problem.n,
      solver: "mpopt",
      cost: m.cost,
      bestKnown: best,
      bound: m.bound,
      seconds: m.seconds,
      referenceSeconds: null,
      goal: "bound ≤ best known, cost ≤ 1.05 × best known",
      pass: valid && m.cost <= best + 0.05 * Math.abs(best),
      note: `${m.status}, ${m.iterations} passes (${(m.iterations / m.seconds).toFixed(0)}/s), ` +
        `${m.info.greedyRuns} greedy runs; no MPOpt reference runs`,
    });
    log(`fhg ${name}`);
    const f = solveFactorizedHahnGrant(problem, { timeLimit: TIME_LIMIT });
    rows.push({
      group: "mpopt",
      instance: name,
      n: problem.n,
      solver: "fhg",
      cost: f.cost,
      bestKnown: best,
      bound: f.bound,
      seconds: f.seconds,
      referenceSeconds: reference?.seconds ?? null,
      goal: "comparison row (same time limit)",
      pass: null,
      note: `${f.status}` +
        (reference ? `; original fhg: cost ${reference.cost}, bound ${reference.bound} in ${reference.seconds} s` : ""),
    });
  }
  return Promise.resolve(rows);
}
