/**
 * Time-limit overrun (`deno task bench --only overrun`): every registered solver runs with a 2 s limit on random
 * symmetric problems of size n = 100, 500, 1000, 2000 (`--quick`: 100, 500), each in its own process
 * (`_overrun_worker.ts`); a row per run and, per solver, the worst overrun (wall seconds − limit). Goal: wall ≤
 * 1.1 × limit + 0.5 s at every n. A solver whose memory estimate does not fit half the free memory, or that refuses
 * the size (maxN, memory budget), is listed as skipped / refused with the reason, not run. OVERRUN_SOLVERS=faq,two-opt
 * (environment) limits the run to those solvers.
 */
import { fhgMemoryBytes } from "../../lib/qap/solvers/factorized_hahn_grant.ts";
import { availableMemoryBytes, formatBytes } from "../../lib/qap/memory.ts";
import { SOLVERS, type SolverSpec } from "../../lib/qap/registry.ts";
import type { BenchContext, BenchRow } from "./_bench.ts";

/** The time limit every run gets (seconds). */
export const OVERRUN_LIMIT_SECONDS = 2;

/** The goal: wall seconds ≤ 1.1 × limit + 0.5. */
export function overrunAllowed(limit: number): number {
  return 0.1 * limit + 0.5;
}

const WORKER = new URL("./_overrun_worker.ts", import.meta.url).pathname;

/** Memory a solver needs at n, from its registry estimate (fhg's from its module until it registers one). */
function memoryEstimate(spec: SolverSpec, n: number): number {
  if (spec.memoryBytes) return spec.memoryBytes(n);
  return spec.id === "fhg" ? fhgMemoryBytes(n) : 0;
}

interface WorkerOutcome {
  seconds: number;
  status?: string;
  refused?: string;
  killed?: boolean;
}

async function runWorker(solver: string, n: number, limit: number): Promise<WorkerOutcome> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", WORKER, solver, String(n), String(limit)],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const started = performance.now();
  const hardStop = setTimeout(() => child.kill("SIGKILL"), 1000 * (5 * limit + 30));
  const out = await child.output();
  clearTimeout(hardStop);
  const text = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(text) as WorkerOutcome;
  } catch {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n").slice(-1)[0] ?? "";
    return { seconds: (performance.now() - started) / 1000, killed: true, refused: `worker failed: ${err}` };
  }
}

/** Runs every solver at every size; returns one row per run plus one "worst" row per solver. */
export async function bench(context: BenchContext): Promise<BenchRow[]> {
  const sizes = context.quick ? [100, 500] : [100, 500, 1000, 2000];
  const limit = OVERRUN_LIMIT_SECONDS, allowed = overrunAllowed(limit);
  const goal = `≤ ${limit} s + ${allowed.toFixed(1)} s`;
  const rows: BenchRow[] = [];
  const picked = Deno.env.get("OVERRUN_SOLVERS")?.split(",").map((id) => id.trim());
  for (const spec of SOLVERS.filter((s) => picked === undefined || picked.includes(s.id))) {
    let worst: { overrun: number; n: number } | null = null;
    for (const n of sizes) {
      const row: BenchRow = { group: "overrun", instance: `n=${n}`, n, solver: spec.id, seconds: 0, goal };
      const bytes = memoryEstimate(spec, n);
      if (n > spec.maxN || bytes > 0.5 * availableMemoryBytes()) {
        row.note = n > spec.maxN
          ? `skipped: n > maxN = ${spec.maxN}`
          : `skipped: needs ${formatBytes(bytes)} (> half the free memory)`;
        rows.push({ ...row, instance: `n=${n} ${row.note}`, pass: null });
        continue;
      }
      context.log(`overrun: ${spec.id} n=${n} (limit ${limit} s)`);
      const outcome = await runWorker(spec.id, n, limit);
      const overrun = outcome.seconds - limit;
      if (outcome.refused !== undefined && !outcome.killed) {
        const why = /memory|MiB|GiB/.test(outcome.refused)
          ? "memory"
          : /n ≤|maxN/.test(outcome.refused)
          ? "size"
          : "other";
        rows.push({
          ...row,
          instance: `n=${n} refused (${why})`,
          seconds: outcome.seconds,
          pass: null,
          note: `refused: ${outcome.refused}`,
        });
        continue;
      }
      if (worst === null || overrun > worst.overrun) worst = { overrun, n };
      rows.push({
        ...row,
        seconds: outcome.seconds,
        referenceSeconds: limit,
        pass: overrun <= allowed,
        instance: `n=${n} ${outcome.killed ? "killed" : outcome.status} ${overrun >= 0 ? "+" : ""}${
          overrun.toFixed(2)
        } s`,
        note: outcome.killed ? outcome.refused : `${outcome.status}, overrun ${overrun.toFixed(2)} s`,
      });
    }
    if (worst !== null) {
      rows.push({
        group: "overrun",
        instance: `WORST overrun ${worst.overrun >= 0 ? "+" : ""}${worst.overrun.toFixed(2)} s`,
        n: worst.n,
        solver: spec.id,
        seconds: limit + worst.overrun,
        referenceSeconds: limit,
        goal,
        pass: worst.overrun <= allowed,
        note: `worst overrun ${worst.overrun.toFixed(2)} s at n = ${worst.n}`,
      });
    }
  }
  return rows;
}
