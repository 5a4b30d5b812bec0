import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readEmbeddingsFile } from "../../lib/embeddings/store.ts";
import { toNpy } from "../../lib/io/npy.ts";
import { tinyEncoderOnnx } from "./_tiny_encoder.ts";

const CLI = new URL("../../lib/cli/embed.ts", import.meta.url).pathname;

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), { args: ["run", "-A", CLI, ...args], env: { NO_COLOR: "1" } })
    .output();
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout), stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("embed CLI (--model user.onnx --dataset cifar10 --data-dir) writes npy + manifest, then hits the cache", async () => {
  const dir = mkdtempSync("/tmp/e1-cli-");
  try {
    writeFileSync(join(dir, "tiny.onnx"), tinyEncoderOnnx(8));
    mkdirSync(join(dir, "cifar-10-batches-bin"));
    const rec = new Uint8Array(6 * 3073);
    for (let i = 0; i < 6; i++) {
      rec[i * 3073] = i % 3;
      rec.fill(40 * i, i * 3073 + 1, (i + 1) * 3073);
    }
    writeFileSync(join(dir, "cifar-10-batches-bin", "test_batch.bin"), rec);
    const args = [
      "--model",
      join(dir, "tiny.onnx"),
      "--id",
      "tiny",
      "--size",
      "8",
      "--normalization",
      "zero-one",
      "--dataset",
      "cifar10",
      "--data-dir",
      dir,
      "--store",
      join(dir, "store"),
      "--batch",
      "4",
      "--device",
      "cpu",
      "--dtype",
      "float32",
    ];
    const first = await run(args);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /6×4 float32 on cpu/);
    assert.match(first.stderr, /6\/6/);
    const { set, manifest } = readEmbeddingsFile(join(dir, "store", "cifar10", "tiny.json"));
    assert.equal(manifest.kind, "vision");
    assert.equal(manifest.device, "cpu");
    assert.deepEqual(manifest.labels, [0, 1, 2, 0, 1, 2]);
    assert.equal(manifest.classNames[0], "airplane");
    assert.ok(Math.abs(set.vectors.data[5 * 4] - 200 / 255) < 1e-6, "grey level 200 image → channel mean 200/255");
    const second = await run(args);
    assert.equal(second.code, 0);
    assert.match(second.stdout, /cache hit/);
    writeFileSync(join(dir, "tiny.onnx"), tinyEncoderOnnx(8).slice()); // same bytes: still a hit
    assert.match((await run(args)).stdout, /cache hit/);
    rec[3073 + 5] = 1; // data changed → re-extract
    writeFileSync(join(dir, "cifar-10-batches-bin", "test_batch.bin"), rec);
    assert.doesNotMatch((await run(args)).stdout, /cache hit/);
    assert.ok(readFileSync(join(dir, "store", "cifar10", "tiny.json"), "utf8").includes('"inputHash"'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("embed CLI reports user mistakes in one line with exit code 2", async () => {
  const unknown = await run(["--model", "no-such-model", "--dataset", "cifar10"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--model no-such-model is not known/);
  const missing = await run(["--model", "mobilenet-v1-0.75"]);
  assert.equal(missing.code, 2);
  const badData = await run(["--model", "mobilenet-v1-0.75", "--dataset", "cifar100", "--data-dir", "/nonexistent-e1"]);
  assert.equal(badData.code, 2);
  assert.match(badData.stderr, /test\.bin not found/);
});

Deno.test("firstPerClass(dataset, n) keeps the first n items of every class in dataset order and marks the fingerprint", async () => {
  const { firstPerClass } = await import("../../lib/cli/embed.ts");
  const { fromCifarBinary } = await import("../../lib/datasets/cifar_binary.ts");
  const rec = new Uint8Array(7 * 3073);
  [0, 1, 0, 0, 1, 2, 1].forEach((label, i) => (rec[i * 3073] = label));
  const full = fromCifarBinary(rec, "cifar10");
  const sub = firstPerClass(full, 2);
  assert.deepEqual(sub.items.map((i) => i.name), [
    "test/00000",
    "test/00001",
    "test/00002",
    "test/00004",
    "test/00005",
  ]);
  assert.notEqual(sub.fingerprint(), full.fingerprint());
  assert.equal(full.items.length, 7);
});

Deno.test("embed CLI: a truncated or mis-sized .npy, or a strict run after a --skip-bad run, is a cache miss; CPU is not a warning", async () => {
  const dir = mkdtempSync("/tmp/e1-cache-");
  try {
    writeFileSync(join(dir, "tiny.onnx"), tinyEncoderOnnx(8));
    mkdirSync(join(dir, "cifar-10-batches-bin"));
    const rec = new Uint8Array(6 * 3073);
    for (let i = 0; i < 6; i++) rec[i * 3073] = i % 3;
    writeFileSync(join(dir, "cifar-10-batches-bin", "test_batch.bin"), rec);
    const args = ["--model", join(dir, "tiny.onnx"), "--id", "tiny", "--size", "8", "--normalization", "zero-one"];
    args.push("--dataset", "cifar10", "--data-dir", dir, "--store", join(dir, "store"), "--dtype", "float32");
    const first = await run(args); // --device auto (the default)
    assert.equal(first.code, 0, first.stderr);
    assert.doesNotMatch(first.stderr, /warning|CUDA unavailable/i, "running on the CPU is the normal case");
    assert.equal(first.stdout.match(/ on (cpu|cuda)/g)?.length, 1, `device said once: ${first.stdout}`);
    const npy = join(dir, "store", "cifar10", "tiny.npy"), manifest = join(dir, "store", "cifar10", "tiny.json");
    const good = readFileSync(npy);
    writeFileSync(npy, good.subarray(0, good.length - 8)); // truncated
    const truncated = await run(args);
    assert.equal(truncated.code, 0, truncated.stderr);
    assert.doesNotMatch(truncated.stdout, /cache hit/);
    assert.match(truncated.stderr, /cache miss: .*tiny\.npy has \d+ bytes/);
    assert.equal(readFileSync(npy).length, good.length, "re-extracted in full");
    writeFileSync(npy, toNpy(new Float64Array(12 * 4), [12, 4], "float32")); // 12 rows beside a 6-row manifest
    const missized = await run(args);
    assert.doesNotMatch(missized.stdout, /cache hit/);
    assert.match(missized.stderr, /cache miss: .*shape \(12, 4\), manifest says 6×4/);
    const m = JSON.parse(readFileSync(manifest, "utf8"));
    m.preprocessing.skipped = 2; // as a --skip-bad run that dropped two images records it
    writeFileSync(manifest, JSON.stringify(m));
    assert.match((await run([...args, "--skip-bad"])).stdout, /cache hit/, "another --skip-bad run may reuse it");
    const strict = await run(args);
    assert.doesNotMatch(strict.stdout, /cache hit/);
    assert.match(strict.stderr, /cache miss: the stored run skipped 2 bad image/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
