/**
 * Headless notebook execution from Deno: installs the Deno kernelspec inside the repository (`.jupyter-data/`) and
 * runs `lib/notebook/execute_notebooks.py`, a thin wrapper of nbclient (Debian python3-nbclient, /usr/bin/python3)
 * that replaced a 250-line jupyter_client loop. Measured: plain nbclient loses the `execute_result` of the first cells
 * of a fresh Deno kernel (the kernel reports idle first, then publishes the result); the wrapper reads each cell's
 * messages for 0.3 s more after idle, and keeps exactly the outputs the old loop kept (tour, two section notebooks,
 * a notebook of such first cells).
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checkKnownKeys, checkType } from "../core/errors.ts";

/** Repository root (two folders above this module). */
export const REPO_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Python that has the Debian Jupyter libraries (environment.md: the `python3` on PATH may not). */
export const JUPYTER_PYTHON = "/usr/bin/python3";

/** The runner script (nbclient). */
export const RUNNER_SCRIPT: string = join(REPO_ROOT, "lib", "notebook", "execute_notebooks.py");

/** Folder given to the kernel installer as XDG_DATA_HOME; JUPYTER_PATH is `<this>/jupyter`. */
export const JUPYTER_DATA_DIR: string = join(REPO_ROOT, ".jupyter-data");

/** True when /usr/bin/python3 exists and runs `import <modules>` (e.g. "nbclient, nbformat") without error. */
export async function pythonCanImport(modules: string): Promise<boolean> {
  if (!existsSync(JUPYTER_PYTHON)) return false;
  try {
    const out = await new Deno.Command(JUPYTER_PYTHON, {
      args: ["-c", `import ${modules}`],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

/** True when /usr/bin/python3 can import nbclient and nbformat. */
export function hasJupyter(): Promise<boolean> {
  return pythonCanImport("nbclient, nbformat");
}

/**
 * Installs the Deno kernelspec into `<root>/.jupyter-data/jupyter/kernels/deno` unless one is there that points at
 * the running deno binary (the spec records an absolute path, so a fresh clone or another deno needs a re-install).
 * Returns the JUPYTER_PATH to use.
 */
export async function ensureDenoKernelspec(dataDir = JUPYTER_DATA_DIR): Promise<string> {
  const specFile = join(dataDir, "jupyter", "kernels", "deno", "kernel.json");
  let current = false;
  if (existsSync(specFile)) {
    try {
      current = JSON.parse(readFileSync(specFile, "utf8")).argv?.[0] === Deno.execPath();
    } catch {
      current = false;
    }
  }
  if (!current) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["jupyter", "--install", "--force"],
      env: { XDG_DATA_HOME: dataDir },
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success || !existsSync(specFile)) {
      throw new Error(
        `ensureDenoKernelspec: 'deno jupyter --install' failed: ${new TextDecoder().decode(out.stderr).trim()}`,
      );
    }
  }
  return join(dataDir, "jupyter");
}

/** Options of {@link runNotebooks}. */
export interface RunNotebooksOptions {
  /** Folder for the executed copies (default `<root>/figures/notebooks`). */
  outputDir?: string;
  /** Seconds per cell before the runner interrupts and fails (default 600). */
  cellTimeout?: number;
  /** Per-cell progress lines on stderr (default true); false captures them into the result instead. */
  verbose?: boolean;
  /** Extra environment variables for the runner and its kernels (e.g. BLIND_MATCH_PRESET), added to the inherited ones. */
  env?: Record<string, string>;
}

/** Frozen defaults of {@link RunNotebooksOptions} (outputDir resolved at call time). */
export const RUN_NOTEBOOKS_DEFAULTS = Object.freeze({ cellTimeout: 600, verbose: true });

/** What {@link runNotebooks} reports. */
export interface RunNotebooksResult {
  /** True when every notebook ran without a cell error. */
  success: boolean;
  /** Exit code of the runner (0 ok, 1 cell error, 2 usage/kernel failure). */
  code: number;
  /** Executed copies, by input path. */
  outputs: Record<string, string>;
  /** Runner messages (only when verbose is false). */
  log: string;
}

/** Executes `notebooks` headlessly in the Deno kernel and writes executed copies into `outputDir`. */
export async function runNotebooks(
  notebooks: readonly string[],
  options: RunNotebooksOptions = {},
): Promise<RunNotebooksResult> {
  const fn = "runNotebooks";
  checkType(Array.isArray(notebooks) && notebooks.length > 0, fn, "notebooks must be a non-empty array of paths");
  checkKnownKeys(options, ["outputDir", "cellTimeout", "verbose", "env"], fn);
  checkType(
    options.env === undefined ||
      (options.env !== null && typeof options.env === "object" &&
        Object.values(options.env).every((v) => typeof v === "string")),
    fn,
    "env must be an object of string values",
  );
  const defined = Object.fromEntries(Object.entries(options).filter(([k, v]) => v !== undefined && k !== "env"));
  const { cellTimeout, verbose } = { ...RUN_NOTEBOOKS_DEFAULTS, ...defined } as typeof RUN_NOTEBOOKS_DEFAULTS;
  const outputDir = resolve(options.outputDir ?? join(REPO_ROOT, "figures", "notebooks"));
  for (const nb of notebooks) {
    if (!existsSync(nb)) throw new RangeError(`${fn}: notebook not found, got ${nb}`);
  }
  const jupyterPath = await ensureDenoKernelspec();
  const command = new Deno.Command(JUPYTER_PYTHON, {
    args: [
      RUNNER_SCRIPT,
      "--output-dir",
      outputDir,
      "--timeout",
      String(Math.ceil(cellTimeout)),
      ...notebooks.map((p) => resolve(p)),
    ],
    env: { ...options.env, JUPYTER_PATH: jupyterPath, NO_COLOR: "1" },
    stdout: verbose ? "inherit" : "piped",
    stderr: verbose ? "inherit" : "piped",
  });
  const out = await command.output();
  const decoder = new TextDecoder();
  const log = verbose ? "" : decoder.decode(out.stdout) + decoder.decode(out.stderr);
  const outputs = Object.fromEntries(notebooks.map((p) => [p, join(outputDir, p.split("/").pop()!)]));
  return { success: out.success, code: out.code, outputs, log };
}
