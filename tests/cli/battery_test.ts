/**
 * The CLI battery: every task of deno.json (solve, match, embed, embed-text, study, notebooks, bench, test) run as a
 * subprocess (`deno run -A <script>`, no task layer) with the same kinds of malformed input — missing, empty,
 * truncated, wrong dtype, wrong shape, NaN, overflow, wrong flag, duplicated flag, negative number. Each must end
 * with exactly one line "<task>: …" on stderr, nothing on stdout and exit code 2 (a user error, never a stack trace).
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { saveNpy, toNpy } from "../../lib/io/npy.ts";
import { tinyEncoderOnnx } from "../embed/_tiny_encoder.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const SCRIPTS: Record<string, string> = {
  solve: "lib/cli/solve.ts",
  match: "lib/cli/match.ts",
  embed: "lib/cli/embed.ts",
  "embed-text": "lib/cli/embed_text.ts",
  study: "lib/cli/study.ts",
  notebooks: "lib/cli/notebooks.ts",
  bench: "tests/bench/run_bench.ts",
  test: "tests/_run_tests.ts",
};
const KINDS = [
  "missing",
  "empty",
  "truncated",
  "wrong dtype",
  "wrong shape",
  "NaN",
  "overflow",
  "wrong flag",
  "duplicated flag",
  "negative number",
] as const;
type Kind = typeof KINDS[number];

/** Writes the malformed inputs into `dir`; returns their paths. */
function makeInputs(dir: string) {
  const n = 5, sym = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sym[i * n + j] = i === j ? 0 : (i + j) % 4 + 1;
  const rows = new Float64Array(8 * 6).map((_, k) => Math.sin(k + 1));
  const p = (name: string) => join(dir, name);
  saveNpy(p("a.npy"), sym, [n, n]);
  saveNpy(p("v.npy"), rows, [8, 6]);
  writeFileSync(p("empty.npy"), new Uint8Array(0));
  const full = toNpy(sym, [n, n]);
  writeFileSync(p("trunc.npy"), full.subarray(0, full.length - 40));
  const header = new TextDecoder().decode(full.subarray(0, 128));
  writeFileSync(
    p("dtype.npy"),
    new Uint8Array([...new TextEncoder().encode(header.replace("<f8", "<c8")), ...full.subarray(128)]),
  );
  saveNpy(p("shape.npy"), sym.subarray(0, 6), [2, 3]);
  saveNpy(p("shape1d.npy"), rows, [48]);
  saveNpy(p("nan.npy"), sym.map((x, k) => k === 7 ? NaN : x), [n, n]);
  saveNpy(p("vnan.npy"), rows.map((x, k) => k === 7 ? NaN : x), [8, 6]);
  saveNpy(p("huge.npy"), sym.map((x) => x * 1e200), [n, n]);
  saveNpy(p("vhuge.npy"), rows.map((x) => x * 1e200), [8, 6]);
  writeFileSync(p("tiny.onnx"), tinyEncoderOnnx(8));
  writeFileSync(p("empty.onnx"), new Uint8Array(0));
  const onnx = tinyEncoderOnnx(8);
  writeFileSync(p("trunc.onnx"), onnx.subarray(0, Math.floor(onnx.length / 2)));
  writeFileSync(p("empty.json"), "");
  writeFileSync(p("trunc.json"), '{"version": "1.0", "model": {"type": ');
  writeFileSync(p("list.json"), "[1, 2, 3]");
  writeFileSync(p("trunc.dat"), "5\n1 2 3\n");
  writeFileSync(p("empty.dat"), "");
  mkdirSync(p("cifar-10-batches-bin"));
  writeFileSync(p("cifar-10-batches-bin/test_batch.bin"), new Uint8Array(4 * 3073));
  mkdirSync(p("shards/secD_3"), { recursive: true });
  writeFileSync(p("shards/secD_3/smoke-1-of-2.json"), '{"index": 0, "count": 2, "rows": [');
  return p;
}

type Case = { task: string; kind: Kind; args: string[] };

function cases(p: (name: string) => string): Case[] {
  const solve = (kind: Kind, ...args: string[]) => ({ task: "solve", kind, args: ["--solver", "faq", ...args] });
  const ab = (a: string) => ["--a", p(a), "--b", p("a.npy")];
  const match = (kind: Kind, ...args: string[]) => ({ task: "match", kind, args });
  const vl = (v: string) => ["--vision", p(v), "--language", p("v.npy")];
  const onnx = (model: string) => ["--model", p(model), "--id", "tiny", "--size", "8", "--dataset", "cifar10"];
  const embedArgs = (
    ...extra: string[]
  ) => [...onnx("tiny.onnx"), "--data-dir", p(""), "--store", p("store"), ...extra];
  const embed = (kind: Kind, ...args: string[]) => ({ task: "embed", kind, args });
  const text = (kind: Kind, ...args: string[]) => ({ task: "embed-text", kind, args });
  const tok = (t: string) => ["--onnx", p("tiny.onnx"), "--tokenizer", p(t), "--id", "tiny", "--dataset", "cifar10"];
  const study = (kind: Kind, ...args: string[]) => ({ task: "study", kind, args });
  const nb = (kind: Kind, ...args: string[]) => ({ task: "notebooks", kind, args });
  const bench = (kind: Kind, ...args: string[]) => ({ task: "bench", kind, args });
  const test = (kind: Kind, ...args: string[]) => ({ task: "test", kind, args });
  return [
    solve("missing", ...ab("none.npy")),
    solve("empty", ...ab("empty.npy")),
    solve("truncated", ...ab("trunc.npy")),
    solve("truncated", "--qaplib", p("trunc.dat")),
    solve("empty", "--qaplib", p("empty.dat")),
    solve("wrong dtype", ...ab("dtype.npy")),
    solve("wrong shape", ...ab("shape.npy")),
    solve("NaN", ...ab("nan.npy")),
    solve("overflow", "--a", p("huge.npy"), "--b", p("huge.npy")),
    solve("wrong flag", ...ab("a.npy"), "--tolerance", "3"),
    solve("duplicated flag", ...ab("a.npy"), "--solver", "fhg"),
    solve("negative number", ...ab("a.npy"), "--time-limit", "-1"),
    solve("negative number", ...ab("a.npy"), "--seed", "-3"),
    solve("NaN", ...ab("a.npy"), "--time-limit", "NaN"),
    solve("overflow", ...ab("a.npy"), "--seed", "1e400"),
    match("missing", ...vl("none.npy")),
    match("empty", ...vl("empty.npy")),
    match("truncated", ...vl("trunc.npy")),
    match("wrong dtype", ...vl("dtype.npy")),
    match("wrong shape", ...vl("shape1d.npy")),
    match("wrong shape", ...vl("shape.npy")),
    match("NaN", ...vl("vnan.npy")),
    match("overflow", ...vl("vhuge.npy")),
    match("wrong flag", ...vl("v.npy"), "--solver-options", "x"),
    match("duplicated flag", ...vl("v.npy"), "--k", "2", "--k", "3"),
    match("negative number", ...vl("v.npy"), "--metric", "mknn", "--k", "-1"),
    match("truncated", ...vl("v.npy"), "--labels", p("trunc.json")),
    embed("missing", ...onnx("none.onnx"), "--data-dir", p("")),
    embed("empty", ...onnx("empty.onnx"), "--data-dir", p(""), "--store", p("store")),
    embed("truncated", ...onnx("trunc.onnx"), "--data-dir", p(""), "--store", p("store")),
    embed("wrong dtype", ...embedArgs("--dtype", "float8")),
    embed("wrong shape", ...embedArgs("--size", "0")),
    embed("NaN", ...embedArgs("--batch", "NaN")),
    embed("overflow", ...embedArgs("--limit", "1e400")),
    embed("wrong flag", ...embedArgs("--epochs", "3")),
    embed("duplicated flag", ...embedArgs("--device", "cpu", "--device", "cuda")),
    embed("negative number", ...embedArgs("--limit", "-5")),
    embed("missing", "--model", "mobilenet-v1-0.75", "--dataset", "cifar100", "--data-dir", p("nowhere")),
    text("missing", ...tok("none.json")),
    text("empty", ...tok("empty.json")),
    text("truncated", ...tok("trunc.json")),
    text("wrong dtype", ...tok("list.json")),
    text("wrong shape", "--model", "glove-100d", "--dataset", "cifar10", "--batch", "0"),
    text("NaN", ...tok("trunc.json"), "--max-length", "NaN"),
    text("overflow", "--model", "glove-100d", "--batch", "1e400"),
    text("wrong flag", "--model", "glove-100d", "--dimensions", "50"),
    text("duplicated flag", "--model", "glove-100d", "--model", "use-lite"),
    text("negative number", "--model", "use-lite", "--batch", "-32"),
    text("missing", "--pack-captions", p("nowhere")),
    study("missing", "--section", "9.9", "--list"),
    study("empty", "--section", "", "--list"),
    study("truncated", "--section", "D.3", "--preset", "smoke", "--formats", "html", "--out", p(""), "--merge"),
    study("wrong dtype", "--preset", "huge", "--list"),
    study("wrong shape", "--section", "D.3", "--shard", "3/2", "--list"),
    study("NaN", "--section", "D.3", "--shard", "NaN/2"),
    study("overflow", "--section", "D.3", "--shard", "1/1e400"),
    study("wrong flag", "--sections", "D.3"),
    study("duplicated flag", "--preset", "smoke", "--preset", "full", "--list"),
    study("negative number", "--section", "D.3", "--shard", "-1/2"),
    nb("missing", "no-such-notebook"),
    nb("empty", "--cell-timeout", ""),
    nb("truncated", "--out"),
    nb("wrong dtype", "--cell-timeout", "ten"),
    nb("wrong shape", "--cell-timeout", "1,2"),
    nb("NaN", "--cell-timeout", "NaN"),
    nb("overflow", "--cell-timeout", "1e400"),
    nb("wrong flag", "--kernel", "python"),
    nb("duplicated flag", "--out", p("o1"), "--out", p("o2")),
    nb("negative number", "--cell-timeout", "-5"),
    bench("missing", "--only", "nosuch"),
    bench("empty", "--only", ""),
    bench("truncated", "--only"),
    bench("wrong dtype", "--quick=yes"),
    bench("wrong shape", "--only", ",,"),
    bench("NaN", "--only", "NaN"),
    bench("overflow", "--json", p("nowhere/deep/rows.json")),
    bench("wrong flag", "--fast"),
    bench("duplicated flag", "--quick", "--quick"),
    bench("negative number", "--only", "-1"),
    test("missing", "tests/no_such_folder"),
    test("empty", "--filter", ""),
    test("truncated", "--filter"),
    test("wrong dtype", "--parallel=4"),
    test("wrong shape", "tests/io/npy_test.ts", "--filter", "a", "--filter", "b"),
    test("NaN", "NaN"),
    test("overflow", "1e400"),
    test("wrong flag", "--coverage-dir", "x"),
    test("duplicated flag", "--fail-fast", "--fail-fast"),
    test("negative number", "-1"),
  ];
}

async function runCase(c: Case): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, SCRIPTS[c.task]), ...c.args],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("CLI battery: every task × every malformed input kind → one line on stderr, exit 2", async () => {
  const dir = mkdtempSync("/tmp/cli-battery-");
  try {
    const all = cases(makeInputs(dir));
    for (const task of Object.keys(SCRIPTS)) {
      for (const kind of KINDS) {
        assert.ok(all.some((c) => c.task === task && c.kind === kind), `no '${kind}' case for ${task}`);
      }
    }
    const tasks = JSON.parse(readFileSync(join(ROOT, "deno.json"), "utf8")).tasks as Record<string, string>;
    assert.deepEqual(Object.keys(tasks).sort(), Object.keys(SCRIPTS).sort(), "the battery covers every deno task");
    const failures: string[] = [];
    const queue = [...all];
    const worker = async () => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
        const r = await runCase(c);
        const lines = r.stderr.trim().split("\n").filter((l) => l.trim() !== "");
        const ok = r.code === 2 && lines.length === 1 && lines[0].startsWith(`${c.task}: `) && r.stdout.trim() === "";
        if (!ok) {
          failures.push(`${c.task} [${c.kind}] ${c.args.join(" ")} → exit ${r.code}\n  ${lines.join("\n  ")}`);
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    assert.deepEqual(failures, [], `\n${failures.join("\n")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("--help of every task prints its own usage on stdout and exits 0 (never a crash, never Deno's help)", async () => {
  const failures: string[] = [];
  await Promise.all(
    Object.keys(SCRIPTS).map(async (task) => {
      const r = await runCase({ task, kind: "wrong flag", args: ["--help"] });
      if (r.code !== 0 || !/usage|Usage/.test(r.stdout) || /Usage: deno (test )?\[OPTIONS\]/.test(r.stdout)) {
        failures.push(`${task}: exit ${r.code}\n${r.stdout.slice(0, 200)}${r.stderr.slice(0, 300)}`);
      }
    }),
  );
  assert.deepEqual(failures, []);
});
