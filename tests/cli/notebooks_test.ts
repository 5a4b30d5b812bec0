import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { offlineKernelEnv, selectNotebooks } from "../../lib/cli/notebooks.ts";
import { installDenoKernel, isTransientDeno } from "../../lib/notebook/kernel_install.ts";
import { ensureDenoKernelspec, hasJupyter, REPO_ROOT } from "../../lib/notebook/runner.ts";

Deno.test("offlineKernelEnv closes HTTP(S) to the outside (a closed local port) and keeps localhost reachable", () => {
  const env = offlineKernelEnv();
  for (const key of ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"]) {
    assert.match(env[key], /^http:\/\/127\.0\.0\.1:9$/, key);
  }
  assert.match(env.NO_PROXY, /localhost/);
});

Deno.test("selectNotebooks picks by file-name prefix and names the choices for an unknown one", () => {
  const all = selectNotebooks(join(REPO_ROOT, "notebooks"), []);
  assert.ok(all.length > 0 && all.every((p) => p.endsWith(".ipynb")));
  assert.deepEqual(selectNotebooks(join(REPO_ROOT, "notebooks"), ["00"]), [all[0]]);
  assert.throws(() => selectNotebooks(join(REPO_ROOT, "notebooks"), ["zz"]), /no notebook .* matches 'zz' \(have: /);
});

const PROBE = `
import json, os, sys, jupyter_client
km = jupyter_client.KernelManager(kernel_name="deno")
km.start_kernel(cwd=sys.argv[1])
kc = km.client(); kc.start_channels(); kc.wait_for_ready(timeout=120)
msg = kc.execute(sys.argv[2]); out = []
while True:
    m = kc.get_iopub_msg(timeout=300)
    if m["parent_header"].get("msg_id") != msg: continue
    if m["msg_type"] in ("stream", "error", "execute_result"): out.append(m["content"])
    if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle": break
kc.stop_channels(); km.shutdown_kernel(now=True)
print(json.dumps(out))
`;

Deno.test({
  name: "a Deno kernel with the offline env and an empty Deno cache starts and imports the library (no network)",
  ignore: !(await hasJupyter()),
  fn: async () => {
    const dir = mkdtempSync("/tmp/kernel-offline-");
    try {
      writeFileSync(join(dir, "probe.py"), PROBE);
      const jupyterPath = await ensureDenoKernelspec();
      const out = await new Deno.Command("/usr/bin/python3", {
        args: [
          join(dir, "probe.py"),
          join(REPO_ROOT, "notebooks"),
          'import * as m from "../lib/mod.ts"; console.log("exports", Object.keys(m).length > 50)',
        ],
        env: { ...offlineKernelEnv(), JUPYTER_PATH: jupyterPath, DENO_DIR: join(dir, "deno-cache"), NO_COLOR: "1" },
        stderr: "null",
      }).output();
      const messages = JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1) ?? "[]");
      assert.deepEqual(messages, [{ name: "stdout", text: "exports true\n" }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

Deno.test("isTransientDeno(path) recognises a Deno run by npx (npm's cache) and not a global one", () => {
  assert.ok(isTransientDeno("/home/ann/.npm/_npx/7f3a2b/node_modules/deno/deno"));
  assert.ok(!isTransientDeno("/usr/lib/node_modules/deno/deno"));
  assert.ok(!isTransientDeno("/home/ann/.deno/bin/deno"));
});

Deno.test("deno task notebooks --install-kernel writes a kernelspec that runs a Deno outside npm's cache", async () => {
  const home = mkdtempSync("/tmp/kernel-install-");
  try {
    // a Deno run by npx: the copy in binDir is what the kernelspec must run
    const { deno, copied, kernelJson } = await installDenoKernel({
      copy: true,
      binDir: join(home, "bin"),
      dataHome: join(home, "data"),
    });
    assert.equal(copied, true);
    assert.equal(deno, join(home, "bin", "deno"));
    const spec = JSON.parse(readFileSync(kernelJson, "utf8"));
    assert.equal(spec.argv[0], deno);
    assert.ok(!isTransientDeno(spec.argv[0]));
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", join(REPO_ROOT, "lib", "cli", "notebooks.ts"), "--install-kernel"],
      env: { XDG_DATA_HOME: join(home, "data2") },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    assert.match(
      new TextDecoder().decode(out.stdout),
      /Deno kernel installed → .*data2\/jupyter\/kernels\/deno\/kernel\.json/,
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
