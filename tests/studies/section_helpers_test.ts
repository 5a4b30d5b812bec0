import assert from "node:assert/strict";
import { missingDataNotes } from "../../lib/studies/_section_helpers.ts";

Deno.test("missingDataNotes(runCount, present, wanted, storeRoot) names the data sets without runs, or that none ran", () => {
  assert.deepEqual(missingDataNotes(5, ["a", "b"], ["a", "b"], "store"), []);
  assert.deepEqual(missingDataNotes(5, ["b"], ["a", "b", "c"], "store"), [
    "No runs for a, c: no vision (or language) embeddings of it in store.",
  ]);
  assert.deepEqual(missingDataNotes(0, [], ["a", "b"], "data/embeddings"), [
    "No runs: no stored embeddings found for a, b under data/embeddings (run `deno task embed`).",
  ]);
});
