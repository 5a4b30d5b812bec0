import assert from "node:assert/strict";
import { runSectionJobs, type StudyRow } from "../../lib/studies/study.ts";
import { clusterMatchScores } from "../../lib/pipeline/classify.ts";
import { UNSUPERVISED_DEFAULTS, type UnsupervisedConfig, unsupervisedSection } from "../../lib/studies/unsupervised.ts";
import { assertClose } from "../_helpers/assert.ts";
import { makeSyntheticStore } from "./_synthetic_store.ts";

Deno.test("clusterMatchScores(clusters, labels, map) gives accuracy, oracle accuracy and matching accuracy", () => {
  // clusters 0,1,2 hold classes 2,0,1 (cluster 2 has one stray item of class 0)
  const clusters = [0, 0, 0, 1, 1, 2, 2, 2];
  const labels = [2, 2, 2, 0, 0, 1, 1, 0];
  const perfect = clusterMatchScores(clusters, labels, [2, 0, 1]);
  assertClose(perfect.accuracy, 7 / 8);
  assertClose(perfect.groundTruthAccuracy, 7 / 8);
  assert.equal(perfect.matchingAccuracy, 1);
  assert.deepEqual(Array.from(perfect.oracle), [2, 0, 1]);
  const swapped = clusterMatchScores(clusters, labels, [2, 1, 0]); // clusters 1 and 2 exchanged
  assertClose(swapped.accuracy, 4 / 8);
  assertClose(swapped.groundTruthAccuracy, 7 / 8);
  assertClose(swapped.matchingAccuracy, 1 / 3);
  assert.throws(
    () => clusterMatchScores([0, 3], [0, 1], [0, 1]),
    /oracleAssignment: clusterLabels\[1\] must be in \[0, 1\], got 3/,
  );
});

Deno.test("unsupervisedSection on a synthetic store: rows per job × language, accuracy ≤ oracle, tables, figure, shards merge", async () => {
  const store = makeSyntheticStore();
  try {
    const config: UnsupervisedConfig = {
      ...UNSUPERVISED_DEFAULTS,
      datasets: ["toy-classes"],
      seedCount: 2,
      nInit: 3,
      storeRoot: store.root,
    };
    const jobs = unsupervisedSection.jobs(config);
    assert.equal(jobs.length, 2 * 2); // 2 vision models × 2 seeds
    const rows = await runSectionJobs(unsupervisedSection, config);
    assert.equal(rows.length, jobs.length * 1); // one language model
    for (const r of rows) {
      for (const key of ["accuracy", "gtAccuracy", "matchingAccuracy"]) {
        const v = r[key] as number;
        assert.ok(v >= 0 && v <= 1, `${key} = ${v}`);
      }
      assert.ok((r.accuracy as number) <= (r.gtAccuracy as number) + 1e-12, "the oracle map is an upper bound");
      assert.equal(r.images, 60);
    }
    // well-separated planted classes: k-means finds them and the matching names them
    const clean = rows.filter((r) => r.vision === "toy-net");
    assert.ok(clean.every((r) => r.gtAccuracy === 1 && r.accuracy === 1), JSON.stringify(clean));

    const out = unsupervisedSection.summarize(rows, config);
    assert.equal(out.section, "5.4");
    assert.deepEqual(out.tables.tab2.columnNames(), ["dataset", "vision", "toy-lang"]);
    assert.equal(out.tables.tab2.numRows(), 2);
    assert.deepEqual(out.tables.tab6.columnNames(), [
      "dataset",
      "vision",
      "language",
      "solver",
      "accuracy",
      "matchingAccuracy",
    ]);
    // per vision model: the Tab. 6 grid, Ours, GT, then brute force as the check (6 classes)
    assert.equal(out.tables.tab6.numRows(), 2 * (UNSUPERVISED_DEFAULTS.tab6Solvers.length + 2));
    assert.deepEqual(
      Array.from(out.tables.tab6.array("solver")).slice(0, 8),
      [
        "Random",
        "LocalCKA",
        "OT",
        "FAQ",
        "MPOpt (port: local search + fusion)",
        "FHG (ours, modified)",
        "GT (oracle)",
        "Brute force",
      ],
    );
    assert.match(String(out.tables.tab2.get("toy-lang", 0)), /^\d+\.\d ± \d+\.\d$/);
    const groups = out.figures.accuracy.figure.data.filter((t) => !/chance/i.test(String(t.name)));
    assert.equal(groups.length, 2, "matching and oracle points (besides the chance line)");

    const sharded: StudyRow[] = [];
    for (let index = 0; index < 2; index++) {
      sharded.push(...await runSectionJobs(unsupervisedSection, config, { shard: { index, count: 2 } }));
    }
    const key = (list: StudyRow[]) => list.map((r) => JSON.stringify(r)).sort();
    assert.deepEqual(key(sharded), key(rows));
  } finally {
    store.cleanup();
  }
});

Deno.test("unsupervisedSection.jobs(config) rejects unknown keys and bad counts", () => {
  assert.throws(
    () => unsupervisedSection.jobs({ ...UNSUPERVISED_DEFAULTS, n_init: 5 } as unknown as UnsupervisedConfig),
    /unknown config key 'n_init'/,
  );
  assert.throws(() => unsupervisedSection.jobs({ ...UNSUPERVISED_DEFAULTS, nInit: 0 }), /nInit must be an integer ≥ 1/);
});
