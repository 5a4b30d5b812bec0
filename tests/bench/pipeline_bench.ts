/**
 * Pipeline benchmarks: k-means (k = 10, k-means++, n_init = 100, seed 42) on 5,000 × 768 embeddings side by side
 * with scikit-learn's `KMeans` (Debian python3-sklearn, float64, OpenMP) — goal: equal or lower inertia in at most 2×
 * its wall time — and kernel building (GW / CKA / mutual k-NN + standardisation) at n = 10, 100, 1000.
 * Data: the random half (first paper seed) of the shipped CIFAR-10 `mobilenet-v1-0.75` embeddings when present,
 * otherwise a seeded Gaussian mixture of the same size. Both tools read the same float64 .npy from a temp folder.
 * Seconds are wall-clock (sklearn runs 2 threads); CPU seconds are in the note. `--quick`: n_init = 10.
 */
import process from "node:process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import type { Matrix } from "../../lib/core/matrix.ts";
import { Rng } from "../../lib/core/rng.ts";
import { kmeans } from "../../lib/cluster/kmeans.ts";
import { normalizeRows } from "../../lib/embeddings/embedding_set.ts";
import { paperSeeds, randomHalf } from "../../lib/embeddings/seeds.ts";
import { readEmbeddings, storePaths } from "../../lib/embeddings/store.ts";
import { saveNpy } from "../../lib/io/npy.ts";
import { buildKernel } from "../../lib/kernels/metrics.ts";
import { standardizeKernel } from "../../lib/kernels/standardize.ts";
import type { BenchContext, BenchRow } from "./_bench.ts";

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** The 5,000 × 768 k-means workload and its name. */
function kmeansData(root: string): { data: Matrix; name: string } {
  const paths = storePaths("cifar10", "mobilenet-v1-0.75", join(root, "data/embeddings"));
  if (existsSync(paths.manifest) && existsSync(paths.npy)) {
    const { set } = readEmbeddings("cifar10", "mobilenet-v1-0.75", join(root, "data/embeddings"));
    const half = randomHalf(set.vectors.rows, paperSeeds(42, 1)[0]);
    const d = set.vectors.cols, x = new Float64Array(half.length * d);
    half.forEach((r, t) => x.set(set.vectors.data.subarray(r * d, r * d + d), t * d));
    return { data: { rows: half.length, cols: d, data: x }, name: "cifar10 mobilenet-v1-0.75 half" };
  }
  const rng = new Rng(7), n = 5000, d = 768, k = 10;
  const means = Float64Array.from({ length: k * d }, () => 0.03 * rng.normal());
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) x[i * d + t] = means[(i % k) * d + t] + 0.5 * rng.normal();
  return { data: { rows: n, cols: d, data: x }, name: "gaussian mixture (synthetic)" };
}

/** Runs scikit-learn on `path`; null when python3-sklearn is missing. */
async function sklearnKmeans(
  path: string,
  nInit: number,
): Promise<{ seconds: number; cpu: number; inertia: number } | null> {
  const script = [
    "import sys, time, numpy as np",
    "from sklearn.cluster import KMeans",
    "X = np.load(sys.argv[1])",
    "t = time.time(); c = time.process_time()",
    "km = KMeans(n_clusters=10, n_init=int(sys.argv[2]), random_state=42).fit(X)",
    "print(time.time() - t, time.process_time() - c, km.inertia_)",
  ].join("\n");
  try {
    const out = await new Deno.Command("/usr/bin/python3", {
      args: ["-c", script, path, String(nInit)],
      stderr: "piped",
    }).output();
    if (!out.success) return null;
    const [seconds, cpu, inertia] = new TextDecoder().decode(out.stdout).trim().split(/\s+/).map(Number);
    return { seconds, cpu, inertia };
  } catch {
    return null;
  }
}

/** k-means and kernel benchmark rows. */
export async function bench(context: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const nInit = context.quick ? 10 : 100;
  const { data, name } = kmeansData(context.root);
  const dir = mkdtempSync(join(tmpdir(), "kmeans-bench-"));
  try {
    const path = join(dir, "x.npy");
    saveNpy(path, data.data, [data.rows, data.cols], "float64");
    context.log(`kmeans: scikit-learn n_init=${nInit} on ${data.rows}×${data.cols} (${name})`);
    const ref = await sklearnKmeans(path, nInit);
    context.log(`kmeans: TypeScript n_init=${nInit}`);
    const c0 = cpuSeconds(), t0 = performance.now();
    const ours = kmeans(data, 10, { nInit, seed: 42 });
    const seconds = (performance.now() - t0) / 1000, cpu = cpuSeconds() - c0;
    rows.push({
      group: "kmeans",
      instance: `${name} k=10 n_init=${nInit}`,
      n: data.rows,
      solver: "kmeans (k-means++ / Lloyd + Elkan bounds)",
      cost: ours.inertia,
      bestKnown: ref?.inertia ?? null,
      seconds,
      referenceSeconds: ref?.seconds ?? null,
      // the goal is set for n_init = 100; with 10 restarts either tool may land in a slightly worse local minimum
      goal: context.quick ? undefined : "inertia ≤ sklearn (+1e-9 rel), time ≤ 2× sklearn",
      pass: ref && !context.quick ? ours.inertia <= ref.inertia * (1 + 1e-9) && seconds <= 2 * ref.seconds : null,
      note:
        `cpu ${cpu.toFixed(2)} s (sklearn cpu ${
          ref ? ref.cpu.toFixed(2) : "—"
        } s, 2 threads); ${ours.totalIterations} Lloyd iterations` +
        (ref ? "" : "; sklearn unavailable (apt-get install python3-sklearn)"),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // kernel building on random unit vectors of dim 768
  for (const n of context.quick ? [10, 100] : [10, 100, 1000]) {
    const rng = new Rng(n);
    const vectors = normalizeRows({
      rows: n,
      cols: 768,
      data: Float64Array.from({ length: n * 768 }, () => rng.normal()),
    });
    for (const metric of ["gw", "cka", "mknn"] as const) {
      const repeats = n <= 100 ? 20 : 1;
      const t0 = performance.now();
      for (let r = 0; r < repeats; r++) standardizeKernel(buildKernel(vectors, metric, { k: 4 }));
      rows.push({
        group: "kernels",
        instance: `${metric} kernel + standardise, dim 768`,
        n,
        solver: metric,
        seconds: (performance.now() - t0) / 1000 / repeats,
        note: `mean of ${repeats}`,
      });
    }
  }
  return rows;
}
