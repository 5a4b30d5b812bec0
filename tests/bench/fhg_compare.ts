/**
 * Side-by-side FHG subproblem cost of several source trees in ONE process (so a busy machine loads them alike): per
 * tree and size, the CPU time of the n² subproblems of one sweep, (cpu(k iterations) − cpu(1 iteration)) / ((k − 1)·n²)
 * on synth-gw-N<n>-s0 without heuristic, runs interleaved, the minimum over repetitions. Process CPU time leaves out
 * the time slices of other processes, which wall time on a shared machine does not.
 *
 * Usage (an older tree from git, e.g. the one before fhg was split into parts):
 *   mkdir /tmp/before && git archive cfbad7b lib deno.json | tar -x -C /tmp/before && ln -s "$PWD/node_modules" /tmp/before/
 *   deno run -A tests/bench/fhg_compare.ts /tmp/before,. 20,30,50,100 3
 * @module
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import process from "node:process";

const [treeList = ".", sizeList = "20,30,50,100", repsText = "3"] = Deno.args;
const trees = treeList.split(",").map((t) => resolve(t));
const sizes = sizeList.split(",").map(Number), reps = Number(repsText);
const fixtures = new URL("../fixtures/synthetic_qap/", import.meta.url);

const solvers = await Promise.all(trees.map(async (tree) => ({
  tree,
  solve: (await import(`file://${tree}/lib/qap/solvers/factorized_hahn_grant.ts`)).solveFactorizedHahnGrant,
  createQapProblem: (await import(`file://${tree}/lib/qap/problem.ts`)).createQapProblem,
  fromRows: (await import(`file://${tree}/lib/core/matrix.ts`)).fromRows,
})));

const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

for (const n of sizes) {
  const json = JSON.parse(readFileSync(new URL(`synth-gw-N${n}-s0.json`, fixtures), "utf8"));
  const k = n >= 100 ? 3 : n >= 50 ? 10 : n >= 30 ? 20 : 40;
  const samples = new Map<string, number[]>();
  for (let r = 0; r < reps; r++) {
    for (const s of solvers) {
      const problem = s.createQapProblem(s.fromRows(json.A), s.fromRows(json.B), { constant: json.constant });
      const cpuOf = (iterations: number) => {
        const start = cpuSeconds();
        s.solve(problem, {
          primalHeuristic: false,
          maxIterations: iterations,
          maxStallIterations: 1000,
          progressInterval: 1e9,
          timeLimit: 900,
        });
        return cpuSeconds() - start;
      };
      const one = cpuOf(1), all = cpuOf(k);
      samples.set(s.tree, [...(samples.get(s.tree) ?? []), 1e6 * (all - one) / ((k - 1) * n * n)]);
    }
  }
  for (const s of solvers) {
    const best = Math.min(...samples.get(s.tree)!);
    console.log(`n = ${n}\t${best.toFixed(1)} µs CPU / subproblem\t${s.tree}`);
  }
}
