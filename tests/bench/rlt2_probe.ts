/**
 * Probe of the RLT-2 dual ascent bound (lib/qap/bounds/rlt2.ts) for issue 19: for each QAPLIB instance, the optimum,
 * the fhg (RLT-1) root bound, and the RLT-2 bound at iteration checkpoints with their seconds. Not part of the bench
 * registry; run it by hand, one instance set at a time (each run a few minutes at most):
 *
 *   nice -n 19 deno run -A tests/bench/rlt2_probe.ts [--seconds 60] [--fhg-seconds 10] [--iterations 200]
 *     [--schedule '{"spreadFraction":1,"level1Sweeps":1}'] [nug12 tai12a ...]
 *
 * `--seconds` caps the RLT-2 run per instance, `--fhg-seconds` fhg's run (default options, seed 1), `--fhg-seconds 0`
 * skips fhg. RLT-2 stops early once its bound reaches the optimum (`stopAt`). Prints a Markdown table, then the state's memory at n = 12 / 15 / 20 / 30.
 *
 * `--children ROW --root-iterations K --child-iterations C instance` measures depth 1 of a branch and bound instead:
 * K root iterations, then for each child "row ROW → column j" the warm-started state (`restrict`), its bound after a
 * leader step and after up to C child iterations (stopping once it reaches the optimum, i.e. the child is pruned by
 * an optimal incumbent), with seconds; `--columns 0,8,11` limits it to those children.
 * @module
 */
import { parseArgs } from "node:util";
import { loadQaplibDat, loadQaplibSln } from "../../lib/io/qaplib.ts";
import { rlt2Bound, Rlt2DualState, rlt2MemoryBytes, type Rlt2Schedule } from "../../lib/qap/bounds/rlt2.ts";
import { atIterations, certificateTolerance, certifiedBound } from "../../lib/qap/certificate.ts";
import type { QapProblem } from "../../lib/qap/problem.ts";
import { solveFactorizedHahnGrant } from "../../lib/qap/solvers/factorized_hahn_grant.ts";
import { fixturePath } from "../_helpers/assert.ts";

const DEFAULT_INSTANCES = ["nug12", "tai12a", "chr12a", "rou10", "tai10a", "nug15", "nug20"];
const CHECKPOINTS = [1, 2, 5, 10, 20, 40, 80, 160, 320];

const { values, positionals } = parseArgs({
  args: Deno.args,
  options: {
    seconds: { type: "string", default: "60" },
    "fhg-seconds": { type: "string", default: "10" },
    iterations: { type: "string", default: "200" },
    schedule: { type: "string", default: "{}" },
    children: { type: "string" },
    "root-iterations": { type: "string", default: "30" },
    "child-iterations": { type: "string", default: "6" },
    columns: { type: "string" },
  },
  allowPositionals: true,
});
const seconds = Number(values.seconds), fhgSeconds = Number(values["fhg-seconds"]);
const maxIterations = Number(values.iterations);
const schedule = JSON.parse(values.schedule) as Rlt2Schedule;
const names = positionals.length > 0 ? positionals : DEFAULT_INSTANCES;

/** Depth 1: root ascent, then every child of `row`, warm-started, with its bound after each child iteration. */
function probeChildren(
  problem: QapProblem,
  optimum: number,
  row: number,
  rootIterations: number,
  childIts: number,
  columns: number[],
) {
  const base = certificateTolerance(problem);
  const boundOf = (state: Rlt2DualState) => certifiedBound(state.lowerBound, atIterations(base, state.rounds)) + 0;
  const start = performance.now(), elapsed = () => ((performance.now() - start) / 1000).toFixed(1);
  const root = Rlt2DualState.initial(problem);
  root.leaderStep();
  for (let it = 0; it < rootIterations; it++) root.iterate(schedule);
  console.log(`root: ${boundOf(root)} after ${rootIterations} iterations (${elapsed()} s); optimum ${optimum}`);
  console.log("| child | bound at restrict + leader step | bounds per child iteration | pruned | seconds |");
  console.log("|---|---|---|---|---|");
  let pruned = 0;
  for (const j of columns) {
    const t0 = performance.now();
    const child = root.restrict(row, j);
    child.leaderStep();
    const first = boundOf(child), marks: number[] = [];
    while (marks.length < childIts && boundOf(child) < optimum) {
      child.iterate(schedule);
      marks.push(boundOf(child));
    }
    const done = boundOf(child) >= optimum;
    if (done) pruned++;
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`| ${row}→${j} | ${first} | ${marks.join(", ")} | ${done ? "yes" : "no"} | ${secs} |`);
  }
  console.log(`pruned ${pruned} of ${columns.length} children of row ${row}; ${elapsed()} s in all`);
}

const gapOf = (optimum: number, bound: number) => `${(100 * (optimum - bound) / Math.abs(optimum)).toFixed(1)} %`;

if (values.children !== undefined) {
  const name = positionals[0] ?? "nug20";
  const problem = loadQaplibDat(fixturePath("qaplib", `${name}.dat`));
  const optimum = loadQaplibSln(fixturePath("qaplib", `${name}.sln`)).value;
  const rootIts = Number(values["root-iterations"]), childIts = Number(values["child-iterations"]);
  const columns = values.columns?.split(",").map(Number) ?? Array.from({ length: problem.n }, (_, j) => j);
  probeChildren(problem, optimum, Number(values.children), rootIts, childIts, columns);
  Deno.exit(0);
}
console.log(
  `RLT-2 schedule ${JSON.stringify(schedule)}, ≤ ${seconds} s and ≤ ${maxIterations} iterations per instance`,
);
console.log(
  "| instance | n | optimum | fhg bound (s) | RLT-2 bound @ iterations (s) | final RLT-2 (gap) | s/iteration |",
);
console.log("|---|---|---|---|---|---|---|");
for (const name of names) {
  const problem = loadQaplibDat(fixturePath("qaplib", `${name}.dat`));
  const optimum = loadQaplibSln(fixturePath("qaplib", `${name}.sln`)).value;
  let fhg = "—";
  if (fhgSeconds > 0) {
    const result = solveFactorizedHahnGrant(problem, { timeLimit: fhgSeconds, seed: 1 });
    fhg = `${result.bound} (${result.seconds.toFixed(1)}) ${gapOf(optimum, result.bound!)}`;
  }
  const marks: string[] = [];
  const result = rlt2Bound(problem, {
    ...schedule,
    maxIterations,
    timeLimit: seconds,
    stopAt: optimum,
    onIteration: (iteration, bound, elapsed) => {
      if (CHECKPOINTS.includes(iteration)) marks.push(`${bound} @${iteration} (${elapsed.toFixed(1)})`);
    },
  });
  const perIteration = result.iterations > 0 ? (result.seconds / result.iterations).toFixed(3) : "—";
  console.log(
    `| ${name} | ${problem.n} | ${optimum} | ${fhg} | ${marks.join(", ")} | ${result.bound} @${result.iterations} ` +
      `(${result.seconds.toFixed(1)} s) ${gapOf(optimum, result.bound)} | ${perIteration} |`,
  );
}
console.log(
  `memory: ${[12, 15, 20, 30].map((n) => `n = ${n}: ${(rlt2MemoryBytes(n) / 2 ** 20).toFixed(0)} MiB`).join(", ")}`,
);
