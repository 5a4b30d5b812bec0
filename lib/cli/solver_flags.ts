/**
 * Command-line flags derived from the solvers' declared options (lib/core/options.ts, `SolverSpec.options` in
 * lib/qap/registry.ts): one flag per declared option, its value parsed by the declared type and checked by the
 * declared range, its --help line from the declared doc, and a one-line error when the chosen solver does not declare
 * it. Nothing here names a solver.
 *
 * Rules (the README's CLI section says the same):
 * - The flag is the option's `flag`, else its name in kebab case (`checkpointInterval` → `--checkpoint-interval`);
 *   `flag: null` (callbacks) has none.
 * - A boolean's flag switches it away from its default: without an explicit `flag`, default true gives
 *   `--no-<name>` (`primalHeuristic` → `--no-primal-heuristic`), default false gives `--<name>`.
 * - A number named `…Bytes` (a memory budget) takes GiB under a flag without `-bytes` (`--memory-budget 8`).
 * - Numbers accept `Infinity`; a list is comma-separated; a path the solver writes (`checkpoint`) must be writable
 *   and any other path (`resume`) must be a readable file, both checked before the solve starts.
 * @module
 */
import { optionFlag, type OptionSpec, validateOption } from "../core/options.ts";
import type { SolverSpec } from "../qap/registry.ts";
import { checkInputFile, checkOutputFile, type FlagOptions, UsageError } from "./_cli.ts";

/** Path options whose file the solver writes; every other path option names a file it reads. */
const OUTPUT_PATHS: ReadonlySet<string> = new Set(["checkpoint"]);

const GIB = 2 ** 30;

/** One derived flag: the option behind it and the declaration of every solver that has it. */
export interface SolverFlag {
  /** Flag name without the dashes. */
  readonly name: string;
  /** The option it sets. */
  readonly option: string;
  /** True for a switch (no value). */
  readonly boolean: boolean;
  /** Metavariable of the value in --help ("N", "X", "GIB", "NAME", "FILE"). */
  readonly metavar: string;
  /** True when the value is in GiB and the option in bytes. */
  readonly gib: boolean;
  /** Solver id → its declaration of the option, in registry order. */
  readonly solvers: ReadonlyMap<string, OptionSpec>;
}

function metavarOf(spec: OptionSpec, gib: boolean): string {
  if (gib) return "GIB";
  return { integer: "N", number: "X", choice: "NAME", list: "NAME,…", path: "FILE" }[spec.type as string] ?? "";
}

/** The flag name of option `name` as `spec` declares it (see the module doc), or null when it has none. */
export function declaredFlag(name: string, spec: OptionSpec): { flag: string; gib: boolean } | null {
  if (spec.type === "function") return null;
  const base = optionFlag(name, spec);
  if (base === null) return null;
  if (spec.flag !== undefined) return { flag: base, gib: false };
  const gib = spec.type === "number" && /Bytes$/.test(name);
  if (gib) return { flag: base.replace(/-bytes$/, ""), gib };
  if (spec.type === "boolean" && spec.default === true) return { flag: `no-${base}`, gib };
  return { flag: base, gib };
}

/**
 * The flags of every declared option of `solvers`, sorted by name. Throws when two different options would share a
 * flag (a declaration error, caught by the tests).
 */
export function solverFlags(solvers: readonly SolverSpec[]): SolverFlag[] {
  const flags = new Map<string, { option: string; gib: boolean; spec: OptionSpec; solvers: Map<string, OptionSpec> }>();
  for (const solver of solvers) {
    for (const [option, spec] of Object.entries(solver.options ?? {})) {
      const derived = declaredFlag(option, spec);
      if (derived === null) continue;
      const seen = flags.get(derived.flag);
      if (seen && (seen.option !== option || seen.spec.type !== spec.type)) {
        throw new Error(
          `internal: --${derived.flag} would set both ${seen.option} (${[...seen.solvers.keys()]}) and ${option} ` +
            `(${solver.id}); give one of them another flag in its declaration`,
        );
      }
      if (seen) seen.solvers.set(solver.id, spec);
      else flags.set(derived.flag, { option, gib: derived.gib, spec, solvers: new Map([[solver.id, spec]]) });
    }
  }
  return [...flags].sort(([a], [b]) => a.localeCompare(b)).map(([name, f]) => ({
    name,
    option: f.option,
    boolean: f.spec.type === "boolean",
    metavar: metavarOf(f.spec, f.gib),
    gib: f.gib,
    solvers: f.solvers,
  }));
}

/** The flags as `parseFlags` options (lib/cli/_cli.ts). */
export function flagParseOptions(flags: readonly SolverFlag[]): FlagOptions {
  return Object.fromEntries(flags.map((f) => [f.name, { type: f.boolean ? "boolean" : "string" }]));
}

function parseValue(flag: SolverFlag, spec: OptionSpec, text: string, solverId: string): unknown {
  const where = `--${flag.name}`;
  const forSolver = [...flag.solvers.values()].some((s) => s.choices !== spec.choices || s.min !== spec.min)
    ? ` for --solver ${solverId}`
    : "";
  let value: unknown = text;
  if (spec.type === "integer" || spec.type === "number") {
    const x = /^\s*[+]?(inf|infinity)\s*$/i.test(text) ? Infinity : Number(text);
    if (text.trim() === "" || Number.isNaN(x)) {
      throw new UsageError(`${where} must be ${spec.type === "integer" ? "an integer" : "a number"}, got '${text}'`);
    }
    if (flag.gib && !(x > 0 && Number.isFinite(x))) {
      throw new UsageError(`${where} must be a positive number of GiB, got '${text}'`);
    }
    value = flag.gib ? x * GIB : x;
  } else if (spec.type === "list") {
    value = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  }
  try {
    validateOption("cli", flag.option, spec, value);
  } catch (error) {
    const rule = (error as Error).message.replace(/^cli: \S+ must be /, "").replace(/, got .*$/, "");
    throw new UsageError(`${where} must be ${rule}${forSolver}, got '${text}'`);
  }
  if (spec.type === "path") {
    if (OUTPUT_PATHS.has(flag.option)) checkOutputFile(text, flag.name); // found now, not after the search
    else checkInputFile(text, flag.name);
  }
  return value;
}

/**
 * The options `solver` gets from the parsed flag `values`: each given flag parsed and checked by the solver's own
 * declaration. A flag the solver does not declare is a one-line {@link UsageError} naming the solvers that do.
 */
export function optionsFromFlags(
  solver: SolverSpec,
  flags: readonly SolverFlag[],
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const flag of flags) {
    const given = values[flag.name];
    if (given === undefined || given === false) continue;
    const spec = flag.solvers.get(solver.id);
    if (spec === undefined) {
      throw new UsageError(
        `--${flag.name} does not apply to --solver ${solver.id} (it applies to --solver ${
          [...flag.solvers.keys()].join(", ")
        })`,
      );
    }
    options[flag.option] = flag.boolean ? !spec.default : parseValue(flag, spec, String(given), solver.id);
  }
  return options;
}

function defaultText(flag: SolverFlag, spec: OptionSpec): string {
  const d = spec.default;
  if (flag.boolean) return "";
  if (d === undefined || d === Infinity) return "none";
  if (flag.gib && typeof d === "number") return `${d / GIB} GiB`;
  return Array.isArray(d) ? (d.length ? d.join(",") : "none") : String(d);
}

/** What each group of solvers accepts and its default: "auto, fhg, bnb: jv (default), hungarian, auction". */
function perSolverText(flag: SolverFlag): string {
  const groups = new Map<string, string[]>();
  for (const [id, spec] of flag.solvers) {
    const d = defaultText(flag, spec);
    let text: string;
    if (spec.type === "choice" || spec.type === "list") {
      text = spec.choices!.map((c) => (c === spec.default ? `${c} (default)` : c)).join(", ");
      if (spec.type === "list") text += ` (default ${d})`;
    } else text = d === "" ? "" : `default ${d}`;
    groups.set(text, [...(groups.get(text) ?? []), id]);
  }
  return [...groups].map(([text, ids]) => `${ids.join(", ")}${text ? `: ${text}` : ""}`).join("; ");
}

/**
 * The --help lines of `flags`: the flag with its metavariable, the declared doc, then which solvers take it (with
 * their choices and defaults) in brackets.
 */
export function solverFlagsHelp(flags: readonly SolverFlag[], indent = 23): string {
  const pad = " ".repeat(indent);
  return flags.map((f) => {
    const head = `  --${f.name}${f.metavar ? ` ${f.metavar}` : ""}`;
    const spec = [...f.solvers.values()][0];
    const doc = f.gib
      ? `${spec.doc.replace(/\s*\(bytes\)|,? in bytes/, "")} (GiB)`
      : f.boolean
      ? `turns ${spec.default ? "off" : "on"}: ${spec.doc}`
      : spec.doc;
    const first = head.length < indent - 1 ? `${head.padEnd(indent)}${doc}` : `${head}\n${pad}${doc}`;
    return `${first}\n${pad}[${perSolverText(f)}]`;
  }).join("\n");
}
