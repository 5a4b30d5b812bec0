/**
 * A throw-away Jupyter Notebook server for browser tests: the classic Notebook (Debian `jupyter-notebook`) on
 * 127.0.0.1 with token and password off, started in notebooks/ by default (as a user who opens the notebooks
 * folder does: nothing above it, e.g. figures/, is served) or in another folder, with the Deno kernelspec of `.jupyter-data/`, its config and runtime folders in a temp dir, and a contents manager
 * that refuses to save (running the committed notebooks in a browser never writes outputs into them).
 * @module
 */
import { join } from "node:path";
import { ensureDenoKernelspec, JUPYTER_PYTHON, pythonCanImport, REPO_ROOT } from "./runner.ts";

/** A running server: its base URL and how to stop it. */
export interface LiveServer {
  /** e.g. "http://127.0.0.1:8765/". */
  url: string;
  /** Server log so far (stdout + stderr). */
  log(): string;
  /** Stops the server and removes its temp folder. */
  stop(): Promise<void>;
}

/** True when /usr/bin/python3 has the classic Notebook server (`import notebook.notebookapp`). */
export function hasNotebookServer(): Promise<boolean> {
  return pythonCanImport("notebook.notebookapp, nbformat");
}

const READ_ONLY_CONTENTS = `
from tornado import web
from notebook.services.contents.filemanager import FileContentsManager

class ReadOnlyContentsManager(FileContentsManager):
    """Serves files like the default manager but never writes them."""

    def save(self, model, path=""):
        raise web.HTTPError(403, "read-only test server: not saving " + path)

    def create_checkpoint(self, path):
        raise web.HTTPError(403, "read-only test server: no checkpoints")
`;

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Options of {@link startNotebookServer}. */
export interface NotebookServerOptions {
  /** Added to the server's (and so the kernels') environment, e.g. `{BLIND_MATCH_PRESET: "smoke"}`. */
  env?: Record<string, string>;
  /** Folder the server is started in (its root; default the repository's notebooks/). */
  root?: string;
  /** Milliseconds to wait for `/api/status` (default 60000). */
  timeoutMs?: number;
}

/**
 * Starts the server in `options.root` (default notebooks/) and waits until `/api/status` answers.
 * Example: `const live = await startNotebookServer({root: REPO_ROOT}); … await live.stop();`
 */
export async function startNotebookServer(options: NotebookServerOptions = {}): Promise<LiveServer> {
  const { env = {}, root = join(REPO_ROOT, "notebooks"), timeoutMs = 60000 } = options;
  const jupyterPath = await ensureDenoKernelspec();
  const dir = await Deno.makeTempDir({ prefix: "bm_notebook_server_" });
  await Deno.writeTextFile(join(dir, "bm_readonly_contents.py"), READ_ONLY_CONTENTS);
  const port = freePort();
  const child = new Deno.Command(JUPYTER_PYTHON, {
    args: [
      "-m",
      "notebook",
      "--no-browser",
      "--allow-root",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--notebook-dir=${root}`,
      "--NotebookApp.token=",
      "--NotebookApp.password=",
      "--NotebookApp.contents_manager_class=bm_readonly_contents.ReadOnlyContentsManager",
    ],
    env: {
      ...env,
      JUPYTER_PATH: jupyterPath,
      JUPYTER_CONFIG_DIR: join(dir, "config"),
      JUPYTER_RUNTIME_DIR: join(dir, "runtime"),
      PYTHONPATH: dir,
      NO_COLOR: "1",
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let log = "";
  const decoder = new TextDecoder();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) log = (log + decoder.decode(chunk)).slice(-200_000);
  };
  const pumps = [pump(child.stdout), pump(child.stderr)];
  const url = `http://127.0.0.1:${port}/`;
  let exited = false;
  const status = child.status.then((s) => (exited = true, s));
  const stop = async () => {
    if (!exited) {
      try {
        child.kill("SIGTERM");
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        if (!exited) {
          try {
            child.kill("SIGKILL");
          } catch {
            // already gone
          }
        }
      }, 5000);
      await status;
      clearTimeout(timer);
    }
    await Promise.allSettled(pumps);
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`${url}api/status`);
      await res.body?.cancel();
      if (res.ok) return { url, log: () => log, stop };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`startNotebookServer: no answer on ${url} within ${timeoutMs} ms:\n${log.slice(-2000)}`);
}
