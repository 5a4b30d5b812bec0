import assert from "node:assert/strict";
import { fromQaplibDat, fromQaplibSln, loadQaplibDat, loadQaplibSln } from "../../lib/io/qaplib.ts";
import { fixturePath } from "../_helpers/assert.ts";

Deno.test("loadQaplibDat/loadQaplibSln read nug12 (n = 12, value 578, 0-based permutation)", () => {
  const problem = loadQaplibDat(fixturePath("qaplib", "nug12.dat"));
  assert.equal(problem.n, 12);
  assert.equal(problem.source?.name, "nug12");
  const sln = loadQaplibSln(fixturePath("qaplib", "nug12.sln"));
  assert.equal(sln.value, 578);
  assert.deepEqual(Array.from(sln.permutation!), [12, 7, 9, 3, 4, 8, 11, 1, 5, 6, 10, 2].map((x) => x - 1));
});

Deno.test("fromQaplibDat reports a wrong token count and bad tokens", () => {
  assert.throws(() => fromQaplibDat("2\n0 1\n1 0\n0 1\n1"), /expected 9 numbers/);
  assert.throws(() => fromQaplibDat("2\n0 1\n1 x\n0 1\n1 0"), /token 5 is not a number: 'x'/);
  assert.throws(() => fromQaplibDat(""), /empty file/);
});

Deno.test("fromQaplibSln accepts value-only files and rejects broken permutations", () => {
  assert.equal(fromQaplibSln("5 100").permutation, null);
  assert.throws(() => fromQaplibSln("3 10\n1 1 2"), /breaks the 1-based permutation/);
  assert.throws(() => fromQaplibSln("3 10\n1 2"), /expected 3 permutation entries/);
});
