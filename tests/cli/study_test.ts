import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const STUDY = new URL("../../lib/cli/study.ts", import.meta.url).pathname;

async function study(...args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  return await studyIn(Deno.cwd(), ...args);
}

async function studyIn(cwd: string, ...args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const command = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", STUDY, ...args],
    cwd,
    env: { NO_COLOR: "1" },
  });
  const out = await command.output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stderr: decode(out.stderr), stdout: decode(out.stdout) };
}

Deno.test("study --shard 1/2, 2/2 then --merge writes the same rows as one run, plus tables and the gallery", async () => {
  const dir = mkdtempSync("/tmp/study-cli-");
  try {
    const common = ["--section", "D.3", "--preset", "smoke", "--formats", "html", "--out"];
    for (const shard of ["1/2", "2/2"]) {
      const r = await study(...common, join(dir, "sharded"), "--shard", shard);
      assert.equal(r.code, 0, r.stderr);
    }
    const merged = await study(...common, join(dir, "sharded"), "--merge");
    assert.equal(merged.code, 0, merged.stderr);
    const whole = await studyIn(dir, ...common, "whole"); // a relative --out, as `deno task study` uses
    assert.equal(whole.code, 0, whole.stderr);
    const rowsOf = (root: string) =>
      readFileSync(join(root, "secD_3", "smoke", "runs.csv"), "utf8").trim().split("\n").length - 1;
    assert.equal(rowsOf(join(dir, "sharded")), rowsOf(join(dir, "whole")));
    assert.ok(rowsOf(join(dir, "whole")) > 0);
    for (const root of ["sharded", "whole"]) {
      assert.ok(existsSync(join(dir, root, "index.html")));
      assert.ok(existsSync(join(dir, root, "secD_3", "smoke", "summary.md")), "a smoke run writes under secD_3/smoke/");
      assert.ok(!existsSync(join(dir, root, "secD_3", "summary.md")), "and leaves the quick run's folder alone");
      const index = readFileSync(join(dir, root, "index.html"), "utf8");
      assert.match(index, /Tab\. 4/);
      const links = [...index.matchAll(/href="([^"#]+)"/g)].map((m) => decodeURIComponent(m[1]));
      assert.ok(links.length > 0);
      for (const link of links) {
        assert.ok(existsSync(join(dir, root, link)), `${root}/index.html links to missing ${link}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("study rejects bad input with a one-line error (last line of stderr) and exit code 2", async () => {
  const dir = mkdtempSync("/tmp/study-cli-");
  try {
    const cases: [string[], RegExp][] = [
      [["--section", "9.9"], /unknown section '9.9'/],
      [["--preset", "huge"], /--preset must be one of smoke, quick, full/],
      [["--shard", "3/2"], /1 ≤ i ≤ n/],
      [["--section", "D.3", "--merge", "--out", dir], /no shards for section D.3/],
      [["--formats", "gif"], /unknown format 'gif'/],
    ];
    for (const [args, pattern] of cases) {
      const r = await study(...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      const lines = r.stderr.trim().split("\n");
      assert.match(lines.at(-1)!, pattern);
      assert.match(lines.at(-1)!, /^study: /);
      assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/, "no stack trace");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("study checks --out and its gallery.json before running: a corrupt gallery or an unwritable folder is one line", async () => {
  const dir = mkdtempSync("/tmp/study-cli-");
  try {
    const truncated = '{"3": [{"name": "sec3_fig2", "title": "Alig';
    writeFileSync(join(dir, "gallery.json"), truncated);
    writeFileSync(join(dir, "a-file"), "");
    const common = ["--section", "D.3", "--preset", "smoke", "--formats", "html"];
    const cases: [string[], RegExp][] = [
      [[...common, "--out", dir], /gallery\.json is not valid JSON .*not replaced: restore it/],
      [[...common, "--out", join(dir, "a-file", "out")], /--out \S+a-file\/out: cannot write there/],
    ];
    for (const [args, pattern] of cases) {
      const r = await study(...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split("\n").length, 1, `one line before any section runs: ${r.stderr}`);
      assert.match(r.stderr, pattern);
    }
    assert.equal(readFileSync(join(dir, "gallery.json"), "utf8"), truncated, "left as it was");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("study --section '' is refused (not 'all sections'); --merge names a corrupt shard file", async () => {
  for (const value of ["", " ", "D.3,"]) {
    const r = await study("--section", value, "--list");
    assert.equal(r.code, 2, `--section '${value}': ${r.stdout}`);
    assert.match(r.stderr, /^study: --section needs section ids/);
    assert.equal(r.stderr.trim().split("\n").length, 1);
  }
  const dir = mkdtempSync("/tmp/study-cli-");
  try {
    const shards = join(dir, "shards", "secD_3");
    mkdirSync(shards, { recursive: true });
    const corrupt = join(shards, "smoke-1-of-2.json");
    writeFileSync(corrupt, '{"section": "D.3", "index": 0, "count": 2, "rows": [');
    const r = await study("--section", "D.3", "--preset", "smoke", "--formats", "html", "--out", dir, "--merge");
    assert.equal(r.code, 2, r.stderr);
    const last = r.stderr.trim().split("\n").at(-1)!;
    assert.match(last, /^study: --merge: shard .*smoke-1-of-2\.json is not valid JSON/);
    assert.ok(last.includes(corrupt));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Every file under `root` (relative paths, sorted), without the git-ignored timings. */
function outputFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) walk(path);
      else if (!/^timings\.(csv|md)$/.test(entry.name)) out.push(path.slice(root.length + 1));
    }
  };
  walk(root);
  return out.sort();
}

Deno.test("study writes the same bytes twice: two processes, same sections, byte-identical outputs (timings apart)", async () => {
  const dir = mkdtempSync("/tmp/study-cli-");
  try {
    // the solver sections (fhg's heuristic, bnb, mpopt, milp) and the ablation are where the clock could leak in
    const args = ["--section", "3,5.1,5.3-small,5.4,D.3", "--preset", "smoke", "--formats", "html", "--out"];
    for (const run of ["a", "b"]) {
      const r = await study(...args, join(dir, run));
      assert.equal(r.code, 0, r.stderr);
    }
    const a = outputFiles(join(dir, "a")), b = outputFiles(join(dir, "b"));
    assert.deepEqual(a, b);
    assert.ok(a.some((f) => f.endsWith("summary.csv")) && a.includes("index.html"), a.join(", "));
    for (const file of a) {
      const left = readFileSync(join(dir, "a", file)), right = readFileSync(join(dir, "b", file));
      assert.ok(left.equals(right), `${file} differs between two runs`);
      if (/\.(csv|md|json|html)$/.test(file)) {
        assert.ok(!left.toString("utf8").includes(Deno.cwd()), `${file} holds a machine path (${Deno.cwd()})`);
      }
    }
    assert.ok(existsSync(join(dir, "a", "secD_3", "smoke", "timings.csv")), "timings go to their own file");
    const runs = readFileSync(join(dir, "a", "secD_3", "smoke", "runs.csv"), "utf8");
    assert.doesNotMatch(runs.split("\n")[0], /seconds/, "no timings in the committed tables");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
