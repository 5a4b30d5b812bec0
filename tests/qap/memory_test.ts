import assert from "node:assert/strict";
import {
  availableMemoryBytes,
  checkMemoryBudget,
  float64Bytes,
  formatBytes,
  MAX_TYPED_ARRAY_ENTRIES,
} from "../../lib/qap/memory.ts";
import { solveFaq } from "../../lib/qap/solvers/faq.ts";
import { randomProblem } from "./solvers/_fixtures.ts";

Deno.test("checkMemoryBudget passes within the budget and refuses over it with sizes, what and hint in one line", () => {
  checkMemoryBudget("solveX", 1024, 2048);
  assert.throws(
    () =>
      checkMemoryBudget("solveX", float64Bytes(2 * 2000 ** 3), 8 * 2 ** 30, {
        what: "the n³ planes at n = 2000",
        hint: "use faq",
      }),
    (e: Error) =>
      e instanceof RangeError &&
      e.message === "solveX: the n³ planes at n = 2000 need 119 GiB, over the memory budget of 8.0 GiB; use faq",
  );
  assert.throws(
    () => checkMemoryBudget("solveX", 10, Infinity, { largestArrayEntries: MAX_TYPED_ARRAY_ENTRIES + 1 }),
    /more than a typed array can hold/,
  );
  assert.throws(() => checkMemoryBudget("solveX", NaN, Infinity), /over the memory budget/);
});

Deno.test("formatBytes and availableMemoryBytes", () => {
  assert.equal(formatBytes(512), "512 bytes");
  assert.equal(formatBytes(512 * 2 ** 20), "512 MiB");
  assert.equal(formatBytes(1.5 * 2 ** 30), "1.5 GiB");
  const free = availableMemoryBytes();
  assert.ok(free > 0);
});

Deno.test("faq estimates its n² work matrices before allocating and refuses a size the machine cannot hold", () => {
  // n = 2¹⁸: 6 matrices of n² float64 = 3 TiB, refused before any allocation.
  const n = 2 ** 18;
  const tiny = randomProblem(3, 1, { symmetric: true });
  const huge = { ...tiny, n };
  assert.throws(
    () => solveFaq(huge),
    /solveFaq: the 6 n×n work matrices at n = 262144 need 3.0 TiB, over the memory budget/,
  );
});
