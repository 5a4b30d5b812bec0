import assert from "node:assert/strict";
import { join } from "node:path";
import { REPOSITORY_ROOT } from "../../lib/core/paths.ts";
import { displayPath, missingDataNotes } from "../../lib/studies/_section_helpers.ts";

Deno.test("missingDataNotes(runCount, present, wanted, storeRoot) names the data sets without runs, or that none ran", () => {
  assert.deepEqual(missingDataNotes(5, ["a", "b"], ["a", "b"], "store"), []);
  assert.deepEqual(missingDataNotes(5, ["b"], ["a", "b", "c"], "store"), [
    "No runs for a, c: no vision (or language) embeddings of it in store.",
  ]);
  assert.deepEqual(missingDataNotes(0, [], ["a", "b"], "data/embeddings"), [
    "No runs: no stored embeddings found for a, b under data/embeddings (run `deno task embed`).",
  ]);
});

Deno.test("displayPath(path) prints paths inside the repository relative to it, so notes are machine-independent", () => {
  assert.equal(displayPath(join(REPOSITORY_ROOT, "data", "embeddings")), join("data", "embeddings"));
  assert.equal(displayPath("data/embeddings"), "data/embeddings");
  assert.equal(displayPath("/somewhere/else"), "/somewhere/else");
  assert.deepEqual(missingDataNotes(1, [], ["cifar100"], join(REPOSITORY_ROOT, "data", "embeddings")), [
    "No runs for cifar100: no vision (or language) embeddings of it in data/embeddings.",
  ]);
});
