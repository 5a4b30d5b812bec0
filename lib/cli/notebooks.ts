/**
 * `deno task notebooks [names…] [--out DIR] [--cell-timeout S]`: executes the notebooks in notebooks/ (all, or those
 * whose file name starts with one of `names`) headlessly in the Deno kernel and saves the executed copies under
 * figures/notebooks/ (committed notebooks stay output-free), with a copy of plotly.js in figures/ for their offline
 * HTML fallback. Exits non-zero naming the notebook and cell on an error. `deno task notebooks --install-kernel`
 * installs the Deno kernelspec for Jupyter and VS Code instead, for a Deno binary that stays (a Deno run by npx is
 * copied out of npm's cache first; lib/notebook/kernel_install.ts).
 * @module
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { copyPlotlyBundle } from "../plots/html.ts";
import { installDenoKernel } from "../notebook/kernel_install.ts";
import { hasJupyter, REPO_ROOT, runNotebooks } from "../notebook/runner.ts";
import { parseFlags, parseNumberFlag, runCli, UsageError } from "./_cli.ts";

/** Notebook paths selected by `names` (prefix match on the file name; all when empty), sorted. */
export function selectNotebooks(dir: string, names: readonly string[]): string[] {
  const all = readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort();
  if (names.length === 0) return all.map((f) => join(dir, f));
  const picked: string[] = [];
  for (const name of names) {
    const stem = name.replace(/^.*\//, "").replace(/\.ipynb$/, "");
    const hits = all.filter((f) => f.startsWith(stem));
    if (hits.length === 0) throw new UsageError(`no notebook in ${dir} matches '${name}' (have: ${all.join(", ")})`);
    for (const h of hits) if (!picked.includes(join(dir, h))) picked.push(join(dir, h));
  }
  return picked;
}

/**
 * Environment for the notebook kernels: every HTTP(S) request goes to a closed local port, so a kernel never reaches
 * the network. Deno 2.9 loads the npm registry metadata ("packuments") of top-level packages from its cache at run
 * time and fetches them when absent — and `deno install` with a complete deno.lock does not store them — so without
 * this the first kernel start after an install fetched registry metadata. Closed off, Deno falls back to
 * node_modules and the lockfile, which hold everything the notebooks import.
 */
export function offlineKernelEnv(): Record<string, string> {
  const closed = "http://127.0.0.1:9";
  const local = "localhost,127.0.0.1";
  return {
    HTTP_PROXY: closed,
    HTTPS_PROXY: closed,
    http_proxy: closed,
    https_proxy: closed,
    NO_PROXY: local,
    no_proxy: local,
  };
}

const FLAGS = {
  out: { type: "string" },
  "cell-timeout": { type: "string" },
  "install-kernel": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

async function main(): Promise<void> {
  const { values, positionals } = parseFlags(Deno.args, FLAGS, { allowPositionals: true });
  if (values.help) {
    console.log("usage: deno task notebooks [names…] [--out figures/notebooks] [--cell-timeout 600]");
    console.log("       deno task notebooks --install-kernel   (the Deno kernelspec for Jupyter / VS Code)");
    return;
  }
  if (values["install-kernel"]) {
    const { deno, copied, kernelJson } = await installDenoKernel();
    console.log(`notebooks: Deno kernel installed → ${kernelJson}`);
    console.log(`notebooks: it runs ${deno}${copied ? " (copied out of npm's cache, which npm may clean)" : ""}`);
    return;
  }
  const cellTimeout = parseNumberFlag(values["cell-timeout"], "cell-timeout", { min: 1 });
  const notebooks = selectNotebooks(join(REPO_ROOT, "notebooks"), positionals);
  if (notebooks.length === 0) throw new UsageError("no notebooks in notebooks/");
  if (!(await hasJupyter())) {
    throw new UsageError(
      "needs Jupyter: apt-get install -y jupyter-nbconvert jupyter-client (run with /usr/bin/python3)",
    );
  }
  const outputDir = values.out ?? join(REPO_ROOT, "figures", "notebooks");
  // executed copies load plotly.js from ../plotly.js when opened (see lib/notebook/display.ts)
  copyPlotlyBundle(join(outputDir, ".."));
  const result = await runNotebooks(notebooks, { outputDir, cellTimeout, env: offlineKernelEnv() });
  if (!result.success) Deno.exit(result.code || 1);
  console.log(`notebooks: ${notebooks.length} executed → ${Object.values(result.outputs).join(", ")}`);
}

if (import.meta.main) await runCli("notebooks", main);
