/**
 * Side-by-side FHG subproblem cost of several source trees: per tree and size, the CPU time of the n² subproblems of
 * one sweep, (cpu(k iterations) − cpu(1 iteration)) / ((k − 1)·n²) on synth-gw-N<n>-s0 without heuristic. Each tree
 * runs in its own process (so one tree's JIT state cannot favour another: in one process the tree loaded first was
 * measured ≈ 30 % slower at n = 30 than the same code loaded second), after one warm-up solve, the trees interleaved
 * round by round so a busy machine loads them alike; per tree the minimum and the median over rounds × repetitions.
 * Process CPU time leaves out the time slices of other processes, which wall time on a shared machine does not.
 *
 * Usage (an older tree from git, e.g. the one before fhg was split into parts):
 *   mkdir /tmp/before && git archive cfbad7b lib deno.json | tar -x -C /tmp/before && ln -s "$PWD/node_modules" /tmp/before/
 *   deno run -A tests/bench/fhg_compare.ts /tmp/before,. 20,30,50,100 3 [rounds = 2]
 * @module
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import process from "node:process";

const fixtures = new URL("../fixtures/synthetic_qap/", import.meta.url);

/** Iterations per measurement at size n (fewer for the large sizes). */
function iterationsFor(n: number): number {
  return n >= 100 ? 3 : n >= 50 ? 10 : n >= 30 ? 20 : 40;
}

/** In a child process: `reps` measurements of one tree at size n after a warm-up, printed as one JSON array. */
async function measureTree(tree: string, n: number, reps: number): Promise<number[]> {
  const solve = (await import(`file://${tree}/lib/qap/solvers/factorized_hahn_grant.ts`)).solveFactorizedHahnGrant;
  const { createQapProblem } = await import(`file://${tree}/lib/qap/problem.ts`);
  const { fromRows } = await import(`file://${tree}/lib/core/matrix.ts`);
  const json = JSON.parse(readFileSync(new URL(`synth-gw-N${n}-s0.json`, fixtures), "utf8"));
  const problem = createQapProblem(fromRows(json.A), fromRows(json.B), { constant: json.constant });
  const k = iterationsFor(n);
  const cpuOf = (iterations: number) => {
    const usage = process.cpuUsage();
    solve(problem, {
      primalHeuristic: false,
      maxIterations: iterations,
      maxStallIterations: 1000,
      progressInterval: 1e9,
      timeLimit: 900,
    });
    const spent = process.cpuUsage(usage);
    return (spent.user + spent.system) / 1e6;
  };
  cpuOf(k); // warm-up: compiled code for both measurements
  const out: number[] = [];
  for (let r = 0; r < reps; r++) {
    const one = cpuOf(1), all = cpuOf(k);
    out.push(1e6 * (all - one) / ((k - 1) * n * n));
  }
  return out;
}

if (Deno.args[0] === "--tree") {
  const [, tree, n, reps] = Deno.args;
  console.log(JSON.stringify(await measureTree(tree, Number(n), Number(reps))));
} else {
  const [treeList = ".", sizeList = "20,30,50,100", repsText = "3", roundsText = "2"] = Deno.args;
  const trees = treeList.split(",").map((t) => resolve(t));
  const sizes = sizeList.split(",").map(Number), reps = Number(repsText), rounds = Number(roundsText);
  const self = new URL(import.meta.url).pathname;
  for (const n of sizes) {
    const samples = new Map<string, number[]>(trees.map((t) => [t, []]));
    for (let round = 0; round < rounds; round++) {
      for (const tree of trees) {
        const child = new Deno.Command(Deno.execPath(), {
          args: ["run", "-A", self, "--tree", tree, String(n), String(reps)],
          stdout: "piped",
          stderr: "inherit",
        }).outputSync();
        if (!child.success) throw new Error(`fhg_compare: the run of ${tree} at n = ${n} failed`);
        samples.get(tree)!.push(...JSON.parse(new TextDecoder().decode(child.stdout).trim().split("\n").at(-1)!));
      }
    }
    for (const tree of trees) {
      const values = samples.get(tree)!.sort((x, y) => x - y);
      const median = values[values.length >> 1];
      console.log(
        `n = ${n}\tmin ${values[0].toFixed(1)}\tmedian ${median.toFixed(1)} µs CPU / subproblem\t${tree}`,
      );
    }
  }
}
