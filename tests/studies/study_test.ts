import assert from "node:assert/strict";
import * as aq from "arquero";
import {
  groupRows,
  meanStd,
  parseShard,
  runSection,
  runSectionJobs,
  type StudySection,
} from "../../lib/studies/study.ts";

type Job = { x: number };
const squares: StudySection<{ count: number }, Job> = {
  id: "test",
  title: "squares",
  paper: "none",
  presets: { quick: { count: 5 }, full: { count: 20 } },
  notebook: { storeKey: null, smoke: (q) => ({ count: Math.min(q.count, 2) }), settings: ["count"] },
  jobs: (c) => Array.from({ length: c.count }, (_, x) => ({ x })),
  runJob: (job) => [{ x: job.x, y: job.x * job.x }],
  summarize: (rows) => ({
    section: "test",
    title: "squares",
    tables: { rows: aq.from(rows) },
    figures: {},
    meta: { models: [], datasets: [], preset: "", notes: [], paper: "none" },
  }),
};

Deno.test("parseShard('i/n') gives a 0-based shard and rejects malformed or out-of-range input", () => {
  assert.deepEqual(parseShard("1/4"), { index: 0, count: 4 });
  assert.deepEqual(parseShard("4/4"), { index: 3, count: 4 });
  assert.throws(() => parseShard("0/4"), /1 ≤ i ≤ n/);
  assert.throws(() => parseShard("5/4"), /1 ≤ i ≤ n/);
  assert.throws(() => parseShard("a/b"), /expected i\/n/);
});

Deno.test("runSectionJobs over all shards returns exactly the rows of one full run", async () => {
  const config = squares.presets.full;
  const full = await runSectionJobs(squares, config);
  const parts = [];
  for (let i = 0; i < 3; i++) parts.push(...await runSectionJobs(squares, config, { shard: { index: i, count: 3 } }));
  const key = (r: Record<string, unknown>) => Number(r.x);
  assert.deepEqual([...parts].sort((a, b) => key(a) - key(b)), full);
  assert.equal(full.length, 20);
});

Deno.test("runSection reports progress after every job and summarises all rows", async () => {
  const seen: number[] = [];
  const output = await runSection(squares, squares.presets.quick, { onProgress: (p) => seen.push(p.done) });
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  assert.equal(output.tables.rows.numRows(), 5);
});

Deno.test("meanStd uses the sample standard deviation (ddof = 1)", () => {
  const { mean, std } = meanStd([1, 2, 3, 4]);
  assert.equal(mean, 2.5);
  assert.ok(Math.abs(std - Math.sqrt(5 / 3)) < 1e-12);
  assert.deepEqual(meanStd([7]), { mean: 7, std: 0 });
});

Deno.test("groupRows(rows, keys) groups by the key values in order of first appearance", () => {
  const rows = [
    { d: "a", m: 1, x: 0 },
    { d: "b", m: 1, x: 1 },
    { d: "a", m: 2, x: 2 },
    { d: "a", m: 1, x: 3 },
    { d: "b", m: 1, x: 4 },
  ];
  const copy = structuredClone(rows);
  const groups = groupRows(rows, ["d", "m"]);
  assert.deepEqual(groups.map((g) => g.map((r) => r.x)), [[0, 3], [1, 4], [2]]);
  assert.deepEqual(groupRows(rows, ["d"]).map((g) => g.map((r) => r.x)), [[0, 2, 3], [1, 4]]);
  assert.deepEqual(groupRows([], ["d"]), []);
  assert.deepEqual(rows, copy);
});
