/**
 * Runs the test suite with `deno test` and ends with the plain line CI reads, "N passed, N failed[, N skipped]",
 * keeping deno's exit code. Paths (default tests/) and `--filter NAME`, `--fail-fast`, `--parallel` go to
 * `deno test`; a missing path or another flag is a one-line error (exit 2) before anything runs.
 */
import { existsSync } from "node:fs";
import { parseFlags, runCli, UsageError } from "../lib/cli/_cli.ts";

const HELP = `usage: deno task test [PATH…] [--filter NAME] [--fail-fast] [--parallel]
Runs \`deno test -A\` on tests/ (or the given files and folders) and ends with the line
"N passed, N failed[, N skipped]"; the exit code is deno test's.`;

/** The `deno test` arguments for this command line (throws a UsageError on a bad one). */
export function denoTestArgs(args: readonly string[]): string[] | null {
  const { values, positionals } = parseFlags(args, {
    filter: { type: "string" },
    "fail-fast": { type: "boolean" },
    parallel: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  }, { allowPositionals: true });
  if (values.help) return null;
  for (const path of positionals) if (!existsSync(path)) throw new UsageError(`no such test file or folder: ${path}`);
  if (values.filter !== undefined && values.filter.trim() === "") throw new UsageError("--filter needs a test name");
  return [
    ...(values.filter !== undefined ? ["--filter", values.filter] : []),
    ...(values["fail-fast"] ? ["--fail-fast"] : []),
    ...(values.parallel ? ["--parallel"] : []),
    ...(positionals.length > 0 ? positionals : ["tests/"]),
  ];
}

async function main(): Promise<void> {
  const args = denoTestArgs(Deno.args);
  if (args === null) return void console.log(HELP);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "--permit-no-files", ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const decoder = new TextDecoder();
  let tail = "";
  for await (const chunk of child.stdout) {
    const text = decoder.decode(chunk, { stream: true });
    await Deno.stdout.write(chunk);
    tail = (tail + text).slice(-20000);
  }
  const status = await child.status;
  const summary =
    /(ok|FAILED) \| (\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed(?: \((\d+) steps?\))?(?: \| (\d+) ignored)?/
      .exec(tail);
  if (summary) {
    const passed = Number(summary[2]), failed = Number(summary[4]), ignored = Number(summary[6] ?? 0);
    console.log(`\n${passed} passed, ${failed} failed${ignored > 0 ? `, ${ignored} skipped` : ""}`);
  } else {
    console.log(`\n0 passed, ${status.success ? 0 : 1} failed`);
  }
  if (!status.success) Deno.exit(status.code);
}

if (import.meta.main) await runCli("test", main);
