/**
 * The CLI flags derived from the registry (issue 19): every declared option of every registered solver has a flag,
 * a --help line and a parser that its own declaration accepts; a flag the chosen solver does not declare is a
 * one-line error naming the solvers that do; values are checked by the chosen solver's declaration.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../../lib/cli/_cli.ts";
import { HELP, SOLVER_FLAGS } from "../../lib/cli/solve.ts";
import { declaredFlag, optionsFromFlags, solverFlags } from "../../lib/cli/solver_flags.ts";
import { option, type OptionSpec, validateOption } from "../../lib/core/options.ts";
import { getSolver, SOLVERS, type SolverSpec } from "../../lib/qap/registry.ts";
import { fixturePath } from "../_helpers/assert.ts";

const SOLVE = new URL("../../lib/cli/solve.ts", import.meta.url).pathname;

async function solve(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), { args: ["run", "-A", SOLVE, ...args], env: { NO_COLOR: "1" } })
    .output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/** A command-line value that `spec` accepts (a file path `dir/existing.json` for path options). */
function sampleText(spec: OptionSpec, gib: boolean, existing: string): string {
  switch (spec.type) {
    case "integer":
      return String(Math.max(spec.min ?? 0, Math.min(spec.max ?? 2, 2)));
    case "number":
      if (gib) return "0.5";
      return String(spec.max !== undefined && spec.max <= 1 ? spec.max / 2 : Math.max(2, (spec.min ?? 0) + 1));
    case "choice":
      return spec.choices!.at(-1)!;
    case "list":
      return spec.choices!.join(",");
    default:
      return existing;
  }
}

Deno.test("every declared option of every registered solver has a flag, a --help line and a parse its solver accepts", () => {
  const dir = mkdtempSync("/tmp/solver-flags-");
  try {
    const existing = join(dir, "existing.json");
    writeFileSync(existing, "{}");
    let checked = 0;
    const declaring = SOLVERS.filter((s) => s.options !== undefined);
    for (const id of ["auto", "fhg", "hg", "bnb", "milp"]) {
      assert.ok(declaring.some((s) => s.id === id), `${id} declares its options`);
    }
    for (const solver of declaring) {
      for (const [name, spec] of Object.entries(solver.options!)) {
        const derived = declaredFlag(name, spec);
        if (spec.type === "function" || spec.flag === null) {
          assert.equal(derived, null, `${solver.id}.${name} has no flag`);
          continue;
        }
        const flag = SOLVER_FLAGS.find((f) => f.name === derived!.flag);
        assert.ok(flag, `${solver.id}.${name}: no --${derived!.flag}`);
        assert.equal(flag.option, name);
        assert.equal(flag.solvers.get(solver.id), spec, `--${flag.name} carries ${solver.id}'s own declaration`);
        assert.match(HELP, new RegExp(`\\n  --${flag.name}\\b`), `--help lists --${flag.name}`);
        const value = flag.boolean ? true : sampleText(spec, flag.gib, existing);
        const options = optionsFromFlags(solver, [flag], { [flag.name]: value });
        assert.deepEqual(Object.keys(options), [name], `${solver.id} --${flag.name} ${value}`);
        validateOption(solver.id, name, spec, options[name]); // what the solver itself will check
        if (flag.boolean) assert.equal(options[name], !spec.default, "a switch turns the default around");
        if (flag.gib) assert.equal(options[name], 0.5 * 2 ** 30, "GiB on the command line, bytes in the option");
        checked++;
      }
    }
    assert.ok(checked >= 40, `only ${checked} declared options checked`);
    // and nothing else: every flag comes from a declaration
    for (const flag of SOLVER_FLAGS) {
      for (const [id, spec] of flag.solvers) assert.equal(getSolver(id).options![flag.option], spec);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("a flag the chosen solver does not declare, or a value outside its declaration, is one UsageError line", () => {
  const threads = SOLVER_FLAGS.find((f) => f.option === "threads")!;
  const lap = SOLVER_FLAGS.find((f) => f.option === "lap")!;
  const reject = (solver: string, flag: typeof threads, value: unknown, pattern: RegExp) =>
    assert.throws(() => optionsFromFlags(getSolver(solver), [flag], { [flag.name]: value }), (e: Error) => {
      assert.ok(e instanceof UsageError, String(e));
      assert.equal(e.message.split("\n").length, 1);
      assert.match(e.message, pattern);
      return true;
    });
  for (const solver of SOLVERS.filter((s) => !s.options || !("threads" in s.options))) {
    reject(solver.id, threads, "2", new RegExp(`--threads does not apply to --solver ${solver.id} \\(it applies to`));
  }
  reject("bnb", threads, "0", /--threads must be an integer in \[1, 256\], got '0'/);
  reject("bnb", threads, "two", /--threads must be an integer, got 'two'/);
  // hg declares fewer LAPs than fhg: the message is hg's own
  reject("hg", lap, "auction", /--lap must be one of hungarian, jv for --solver hg, got 'auction'/);
  assert.deepEqual(optionsFromFlags(getSolver("fhg"), [lap], { lap: "auction" }), { lap: "auction" });
});

Deno.test("derivation rules: switches turn the default around, …Bytes takes GiB, an explicit flag wins, clashes throw", () => {
  assert.deepEqual(declaredFlag("primalHeuristic", option.boolean(true, "d")), {
    flag: "no-primal-heuristic",
    gib: false,
  });
  assert.deepEqual(declaredFlag("verbose", option.boolean(false, "d")), { flag: "verbose", gib: false });
  assert.deepEqual(declaredFlag("x", option.boolean(true, "d", { flag: "fixed-x" })), { flag: "fixed-x", gib: false });
  assert.deepEqual(declaredFlag("memoryBudgetBytes", option.number(1, "d")), { flag: "memory-budget", gib: true });
  assert.equal(declaredFlag("onSweep", option.callback("d")), null);
  const fake = (id: string, options: Record<string, OptionSpec>) =>
    ({ ...getSolver("faq"), id, options }) as SolverSpec;
  const clash = [
    fake("s1", { alpha: option.integer(1, "d", { flag: "x" }) }),
    fake("s2", { beta: option.integer(1, "d", { flag: "x" }) }),
  ];
  assert.throws(() => solverFlags(clash), /internal: --x would set both alpha \(s1\) and beta \(s2\)/);
  const shared = solverFlags([
    fake("s1", { alpha: option.integer(1, "d") }),
    fake("s2", { alpha: option.integer(2, "e") }),
  ]);
  assert.deepEqual([...shared[0].solvers.keys()], ["s1", "s2"]);
});

Deno.test("solve: a derived flag reaches the solver; one the chosen solver lacks is one line, exit 2, before any work", async () => {
  const nug8 = fixturePath("qaplib", "nug8.dat");
  const ok = await solve(
    "--solver",
    "fhg",
    "--qaplib",
    nug8,
    "--max-iterations",
    "1",
    "--no-primal-heuristic",
    "--json",
  );
  assert.equal(ok.code, 0, ok.stderr);
  const result = JSON.parse(ok.stdout);
  assert.equal(result.iterations, 1, "--max-iterations reached fhg");
  assert.equal(result.optimal, false);
  for (
    const [args, pattern] of [
      [
        ["--solver", "faq", "--linearization", "rlt1"],
        /--linearization does not apply to --solver faq \(it applies to --solver milp\)/,
      ],
      [
        ["--solver", "milp", "--linearization", "glover"],
        /--linearization must be one of rlt1, frieze-yadegar, kaufman-broeckx, got 'glover'/,
      ],
      [["--solver", "two-opt", "--threads", "2"], /--threads does not apply to --solver two-opt/],
    ] as const
  ) {
    const r = await solve(...args, "--qaplib", nug8);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, pattern);
    assert.equal(r.stdout, "");
  }
});
