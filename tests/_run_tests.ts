/**
 * Runs the test suite with `deno test` and ends with the plain line CI reads, "N passed, N failed[, N skipped]",
 * keeping deno's exit code. Extra arguments go to `deno test` (e.g. a folder or `--filter`).
 */
const args = Deno.args.length > 0 ? Deno.args : ["tests/"];
const command = new Deno.Command(Deno.execPath(), {
  args: ["test", "-A", "--permit-no-files", ...args],
  env: { NO_COLOR: "1" },
  stdout: "piped",
  stderr: "inherit",
});
const child = command.spawn();
const decoder = new TextDecoder();
let tail = "";
for await (const chunk of child.stdout) {
  const text = decoder.decode(chunk, { stream: true });
  await Deno.stdout.write(chunk);
  tail = (tail + text).slice(-20000);
}
const status = await child.status;
const summary =
  /(ok|FAILED) \| (\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed(?: \((\d+) steps?\))?(?: \| (\d+) ignored)?/.exec(
    tail,
  );
if (summary) {
  const passed = Number(summary[2]), failed = Number(summary[4]), ignored = Number(summary[6] ?? 0);
  console.log(`\n${passed} passed, ${failed} failed${ignored > 0 ? `, ${ignored} skipped` : ""}`);
} else {
  console.log(`\n0 passed, ${status.success ? 0 : 1} failed`);
}
Deno.exit(status.code);
