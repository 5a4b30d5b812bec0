/**
 * The README's setup and claims against the repository (issue 21 items 15 and 16): every Debian package `.ci/run`
 * installs is listed, every registered solver has a row, and sentences that said more than the outputs stay gone.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../lib/notebook/runner.ts";
import { SOLVERS } from "../../lib/qap/registry.ts";

const README = readFileSync(join(REPO_ROOT, "README.md"), "utf8");

Deno.test("README lists every Debian package .ci/run installs, the build-scripts box and the kernel install", () => {
  const ci = readFileSync(join(REPO_ROOT, ".ci", "run"), "utf8");
  const packages = [...ci.matchAll(/need\+=\(([^)]*)\)/g)].flatMap((m) => m[1].trim().split(/\s+/));
  assert.ok(packages.length >= 8, `parsed ${packages.join(", ")} from .ci/run`);
  const install = /```sh\n(sudo apt-get install[\s\S]*?)```/.exec(README)?.[1] ?? "";
  for (const p of packages) {
    assert.match(install, new RegExp(`\\b${p}\\b`), `${p} missing from the README's apt-get line`);
  }
  assert.match(README, /Ignored build scripts/);
  assert.match(README, /deno task notebooks --install-kernel/);
  assert.match(README, /deno run -A example\.ts/);
});

Deno.test("README's solver table has a row for every registered solver", () => {
  for (const { id } of SOLVERS) assert.match(README, new RegExp(`^\\| \`${id}\` \\|`, "m"), `no row for ${id}`);
});

Deno.test("README sentences that said more than the outputs are gone", () => {
  for (
    const claim of [
      "Gurobi proves up to n = 40",
      "on the very vectors that are then matched",
      "every row stops on its stall rule long before 300 s",
      "each step improves cost / bound",
      "stay near chance",
      "the original never proves it",
      "proved in ≈ 0.7 s",
    ]
  ) assert.ok(!README.includes(claim), `README still says "${claim}"`);
});
