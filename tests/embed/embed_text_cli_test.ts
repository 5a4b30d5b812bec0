import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const CLI = new URL("../../lib/cli/embed_text.ts", import.meta.url).pathname;

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), { args: ["run", "-A", CLI, ...args], env: { NO_COLOR: "1" } })
    .output();
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout), stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("embed-text shows progress on stderr, then hits the cache; a truncated .npy is a miss", async () => {
  const dir = mkdtempSync("/tmp/embed-text-cli-");
  try {
    const args = ["--model", "glove-100d", "--dataset", "cifar10", "--store", dir];
    const first = await run(args);
    assert.equal(first.code, 0, first.stderr);
    const lines = first.stderr.trim().split("\n").filter((l) => /glove-100d × cifar10 \[[#-]+\] \d+\/\d+/.test(l));
    assert.ok(lines.length >= 2, `progress lines expected, got: ${first.stderr}`);
    const [done, total] = /(\d+)\/(\d+)/.exec(lines.at(-1)!)!.slice(1).map(Number);
    assert.equal(done, total, "the last progress line shows the end");
    assert.match(first.stdout, /wrote .*glove-100d\.npy \(\d+×100\) in [\d.]+ s/);
    assert.match((await run(args)).stdout, /cache hit/);
    const npy = join(dir, "cifar10", "glove-100d.npy");
    writeFileSync(npy, readFileSync(npy).subarray(0, 200));
    const again = await run(args);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stdout, /cache hit/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("embed-text --model clip-vit-b32-text --dataset cifar10 writes a one-row-per-class store; an unmapped data set is refused", async () => {
  const dir = mkdtempSync("/tmp/embed-text-clip-");
  try {
    const args = ["--model", "clip-vit-b32-text", "--dataset", "cifar10", "--store", dir];
    const first = await run(args);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /wrote .*cifar10\/clip-vit-b32-text\.npy \(10×512\)/);
    const manifest = JSON.parse(readFileSync(join(dir, "cifar10", "clip-vit-b32-text.json"), "utf8"));
    assert.deepEqual([manifest.count, manifest.dim, manifest.kind], [10, 512, "language"]);
    assert.equal(manifest.items[8], "o365:Ship");
    assert.match((await run(args)).stdout, /cache hit/);
    const bad = await run(["--model", "clip-vit-b32-text", "--dataset", "cifar100", "--store", dir]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /clip-vit-b32-text has vectors for cifar10, cinic10 only .*--dataset cifar100/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
