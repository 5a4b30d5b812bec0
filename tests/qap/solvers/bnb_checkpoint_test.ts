import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadQaplibDat, loadQaplibSln } from "../../../lib/io/qaplib.ts";
import { certificateTolerance } from "../../../lib/qap/certificate.ts";
import type { ProgressEvent } from "../../../lib/qap/result.ts";
import { solveBranchAndBound } from "../../../lib/qap/solvers/branch_and_bound.ts";
import { prepareSymmetricInput } from "../../../lib/qap/solvers/_fhg_input.ts";
import { checkpointBound, readCheckpoint, removeStaleTemporaries } from "../../../lib/qap/solvers/bnb/checkpoint.ts";
import { fixturePath } from "../../_helpers/assert.ts";

const nug12 = () => loadQaplibDat(fixturePath("qaplib", "nug12.dat"));

/** Options that stop a one-thread run after `nodes` nodes (an abort from the progress callback: no clock involved). */
function stopAfter(nodes: number) {
  const controller = new AbortController();
  return {
    threads: 1,
    progressInterval: 0,
    signal: controller.signal,
    onProgress: (e: ProgressEvent) => {
      if ((e.nodes ?? 0) >= nodes) controller.abort();
    },
  };
}

Deno.test("solveBranchAndBound(resume): every progress event, the first included, reports at least the checkpoint's bound", () => {
  const dir = mkdtempSync(join(tmpdir(), "bnb-resume-"));
  try {
    const problem = nug12(), optimum = loadQaplibSln(fixturePath("qaplib", "nug12.sln")).value;
    const file = join(dir, "nug12.json");
    const first = solveBranchAndBound(problem, { ...stopAfter(100), checkpoint: file });
    assert.equal(first.status, "aborted");
    const certificate = certificateTolerance(prepareSymmetricInput(problem, "test", "none"));
    const stored = checkpointBound(readCheckpoint(file, problem, "test"), certificate);
    assert.ok(stored !== null && stored <= optimum, `stored bound ${stored}`);
    assert.ok(first.bound !== null && stored >= first.bound, `stored ${stored} < the first run's bound ${first.bound}`);
    const events: ProgressEvent[] = [];
    const second = solveBranchAndBound(problem, {
      threads: 1,
      resume: file,
      checkpoint: file,
      progressInterval: 0,
      onProgress: (e) => events.push(e),
    });
    assert.ok(second.optimal);
    assert.equal(second.cost, optimum);
    assert.ok(events.length > 1);
    for (const [k, e] of events.entries()) {
      assert.ok(e.bound !== null && e.bound >= stored, `event ${k}: bound ${e.bound} below the checkpoint's ${stored}`);
      assert.ok(e.bound <= optimum, `event ${k}: bound ${e.bound} above the optimum`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("checkpointBound: the smallest certified open bound, at most the incumbent; null for an empty checkpoint", () => {
  const problem = nug12();
  const certificate = certificateTolerance(problem);
  const task = (bound: number) => ({ rows: new Int32Array([0]), cols: new Int32Array([1]), bound, rounds: 3 });
  const base = { fingerprint: "x", n: 12, nodes: 0, seconds: 0 };
  const perm = Int32Array.from({ length: 12 }, (_, k) => k);
  assert.equal(checkpointBound({ ...base, incumbent: null, open: [task(560.4), task(570)] }, certificate), 561);
  assert.equal(
    checkpointBound({ ...base, incumbent: { permutation: perm, cost: 555 }, open: [task(570)] }, certificate),
    555,
  );
  assert.equal(checkpointBound({ ...base, incumbent: null, open: [] }, certificate), null);
});

Deno.test("solveBranchAndBound(checkpoint) removes the temporary files a killed run left beside that checkpoint, and only those", () => {
  const dir = mkdtempSync(join(tmpdir(), "bnb-tmp-"));
  try {
    const problem = nug12();
    const file = join(dir, "run.json");
    // pid 999999999 exceeds every pid limit: its process cannot be alive
    const dead = `${file}.999999999.k3j9x.tmp`;
    const mine = `${file}.${Deno.pid}.abc.tmp`;
    const other = join(dir, "other.json.999999999.k3j9x.tmp");
    const unrelated = `${file}.notes.tmp`;
    for (const f of [dead, mine, other, unrelated]) writeFileSync(f, "{ half");
    const result = solveBranchAndBound(problem, { ...stopAfter(50), checkpoint: file });
    assert.equal(result.status, "aborted");
    assert.equal(existsSync(dead), false, "the dead run's temporary file is still there");
    for (const f of [mine, other, unrelated]) assert.ok(existsSync(f), `${f} was removed`);
    const again = `${file}.999999998.zz.tmp`;
    writeFileSync(again, "{ half");
    solveBranchAndBound(problem, { threads: 1, resume: file, checkpoint: file });
    assert.equal(existsSync(again), false, "resume left the dead run's temporary file");
    assert.equal(JSON.parse(readFileSync(file, "utf8")).open.length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("removeStaleTemporaries keeps a live process's fresh temporary file and removes it once it is old", () => {
  const dir = mkdtempSync(join(tmpdir(), "bnb-tmp-"));
  try {
    const file = join(dir, "run.json");
    const live = `${file}.${Deno.ppid}.q1.tmp`; // the parent (the test runner) is alive
    writeFileSync(live, "{}");
    assert.deepEqual(removeStaleTemporaries(file), []);
    assert.ok(existsSync(live));
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(live, hourAgo, hourAgo);
    assert.deepEqual(removeStaleTemporaries(file), [live]);
    assert.equal(existsSync(live), false);
    assert.deepEqual(removeStaleTemporaries(join(dir, "missing", "run.json")), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
