import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixturePath } from "../_helpers/assert.ts";

const SOLVE = new URL("../../lib/cli/solve.ts", import.meta.url).pathname;

async function solve(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", SOLVE, ...args],
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

Deno.test("solve --solver bnb proves nug8 with two threads, prints node progress and writes a final checkpoint", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bnb-cli-"));
  try {
    const checkpoint = join(dir, "nug8.json");
    const run = await solve(
      "--solver",
      "bnb",
      "--qaplib",
      fixturePath("qaplib", "nug8.dat"),
      "--threads",
      "2",
      "--checkpoint",
      checkpoint,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /optimal\s+yes \(proven\)/);
    assert.match(run.stdout, /cost\s+214\b/);
    assert.ok(existsSync(checkpoint));
    assert.deepEqual(JSON.parse(readFileSync(checkpoint, "utf8")).open, []);
    // resuming a finished search proves again at once
    const again = await solve(
      "--solver",
      "bnb",
      "--qaplib",
      fixturePath("qaplib", "nug8.dat"),
      "--resume",
      checkpoint,
      "--json",
    );
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).optimal, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("solve --solver bnb refuses bad checkpoints, foreign flags and a tiny memory budget with one line and exit 2", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bnb-cli-"));
  try {
    const corrupt = join(dir, "corrupt.json");
    writeFileSync(corrupt, "[1, 2");
    const nug8 = fixturePath("qaplib", "nug8.dat");
    const cases: [string[], RegExp][] = [
      [["--solver", "bnb", "--qaplib", nug8, "--resume", corrupt], /corrupt\.json: not valid JSON/],
      [
        ["--solver", "bnb", "--qaplib", nug8, "--resume", join(dir, "missing.json")],
        /--resume \S+missing\.json: no such file/,
      ],
      [["--solver", "fhg", "--qaplib", nug8, "--threads", "2"], /--threads does not apply to --solver fhg/],
      [["--solver", "bnb", "--qaplib", nug8, "--threads", "0"], /--threads must be an integer in \[1, 256\], got '0'/],
      // an unwritable checkpoint is found before the search, not at its first write after it (one line, no progress)
      [
        ["--solver", "bnb", "--qaplib", nug8, "--checkpoint", join(corrupt, "x.json")],
        /--checkpoint \S+x\.json: a part of the path is a file/,
      ],
      [["--solver", "bnb", "--qaplib", nug8, "--checkpoint", dir], /--checkpoint \S+: it is a folder/],
      [["--solver", "bnb", "--qaplib", nug8, "--memory-budget", "0.000001"], /over the memory budget/],
      [["--solver", "bnb", "--qaplib", nug8, "--checkpoint-interval", "-1"], /checkpoint-interval/],
    ];
    for (const [args, message] of cases) {
      const run = await solve(...args);
      assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
      const lines = run.stderr.trim().split("\n");
      assert.equal(lines.length, 1, `${args.join(" ")}: ${run.stderr}`);
      assert.match(lines[0], message);
    }
    assert.equal(readFileSync(corrupt, "utf8"), "[1, 2");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
