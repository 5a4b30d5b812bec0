/**
 * Installs the Deno Jupyter kernelspec for a Deno that stays where it is. `deno jupyter --install` records the path of
 * the running binary; a Deno started by `npx -y deno@…` lives in npm's cache (`~/.npm/_npx/<hash>/…`), which npm may
 * clean or replace, and the kernel then fails to start. {@link installDenoKernel} copies such a binary into the
 * repository's `.jupyter-data/bin/` (git-ignored) first and installs the kernelspec for the copy, into the user's
 * Jupyter data folder (or `dataHome`), so Jupyter started anywhere finds a kernel that keeps working.
 * @module
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { JUPYTER_DATA_DIR } from "./runner.ts";

/** True when `path` is a Deno binary inside npm's cache (npx), which npm may remove. */
export function isTransientDeno(path: string): boolean {
  return /[\\/](?:_npx|_cacache|\.npm)[\\/]/.test(path);
}

/** Options of {@link installDenoKernel}. */
export interface KernelInstallOptions {
  /** The Deno binary the kernel runs (default the running one). */
  deno?: string;
  /** Copy the binary into `binDir` even when it is not in npm's cache (default: only when it is). */
  copy?: boolean;
  /** Where a copied binary goes (default `<repo>/.jupyter-data/bin`). */
  binDir?: string;
  /** XDG data folder the kernelspec goes under (default `$XDG_DATA_HOME` or `~/.local/share`). */
  dataHome?: string;
}

/** What {@link installDenoKernel} did. */
export interface KernelInstallResult {
  /** The binary the kernelspec runs. */
  deno: string;
  /** True when the binary was copied out of npm's cache (or on request). */
  copied: boolean;
  /** The written kernel.json. */
  kernelJson: string;
}

/**
 * Installs the Deno kernelspec (`deno jupyter --install --force`) for a binary that stays: see the module comment.
 * Example: `const { kernelJson } = await installDenoKernel();` then start Jupyter anywhere and pick "Deno".
 */
export async function installDenoKernel(options: KernelInstallOptions = {}): Promise<KernelInstallResult> {
  const source = options.deno ?? Deno.execPath();
  const copied = options.copy ?? isTransientDeno(source);
  let deno = source;
  if (copied) {
    const binDir = options.binDir ?? join(JUPYTER_DATA_DIR, "bin");
    mkdirSync(binDir, { recursive: true });
    deno = join(binDir, Deno.build.os === "windows" ? "deno.exe" : "deno");
    copyFileSync(source, deno);
    chmodSync(deno, 0o755);
  }
  const dataHome = options.dataHome ?? Deno.env.get("XDG_DATA_HOME") ?? join(homedir(), ".local", "share");
  const out = await new Deno.Command(deno, {
    args: ["jupyter", "--install", "--force"],
    env: { XDG_DATA_HOME: dataHome },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const kernelJson = join(dataHome, "jupyter", "kernels", "deno", "kernel.json");
  if (!out.success || !existsSync(kernelJson)) {
    throw new Error(
      `installDenoKernel: '${deno} jupyter --install' failed: ${new TextDecoder().decode(out.stderr).trim()}`,
    );
  }
  const argv0 = JSON.parse(readFileSync(kernelJson, "utf8")).argv?.[0];
  const real = (p: string) => existsSync(p) ? realpathSync(p) : p;
  if (typeof argv0 !== "string" || real(argv0) !== real(deno)) {
    throw new Error(`installDenoKernel: ${kernelJson} runs ${argv0}, expected ${deno}`);
  }
  return { deno, copied, kernelJson };
}
