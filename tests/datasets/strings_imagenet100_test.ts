import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import {
  IMAGENET100_DEFINITIONS,
  IMAGENET100_SHORT_NAMES,
  IMAGENET100_WNIDS,
} from "../../lib/datasets/strings_imagenet100.ts";

const WORDNET_NOUNS = "/usr/share/wordnet/data.noun";

Deno.test("IMAGENET100_WNIDS are 100 distinct sorted WNIDs", () => {
  assert.equal(IMAGENET100_WNIDS.length, 100);
  assert.equal(new Set(IMAGENET100_WNIDS).size, 100);
  assert.deepEqual([...IMAGENET100_WNIDS].sort(), [...IMAGENET100_WNIDS]);
  assert.ok(IMAGENET100_WNIDS.every((id) => /^n\d{8}$/.test(id)));
});

Deno.test("IMAGENET100_DEFINITIONS are 'Name - definition' strings (A3)", () => {
  assert.equal(IMAGENET100_DEFINITIONS.length, 100);
  assert.equal(IMAGENET100_SHORT_NAMES.length, 100);
  assert.ok(IMAGENET100_DEFINITIONS.every((s) => s.split(" - ").length >= 2 && s === s.trim()));
  assert.equal(
    IMAGENET100_DEFINITIONS[0],
    "American robin bird - large American thrush having a rust-red breast and abdomen",
  );
  assert.equal(
    IMAGENET100_DEFINITIONS[79],
    "rotisserie - an oven or broiler equipped with a rotating spit on which meat cooks as it turns",
  );
  assert.equal(
    IMAGENET100_DEFINITIONS[99],
    "Stinkhorn mushroom - any of various ill-smelling brown-capped fungi of the order Phallales",
  );
});

Deno.test({
  name: "IMAGENET100_DEFINITIONS agree with the WordNet 3.0 glosses of their WNIDs (wordnet-base)",
  ignore: !existsSync(WORDNET_NOUNS),
  fn() {
    const glosses = new Map<string, string>();
    for (const line of readFileSync(WORDNET_NOUNS, "latin1").split("\n")) {
      if (/^\d{8} /.test(line)) glosses.set(line.slice(0, 8), line.slice(line.indexOf(" | ") + 3).trim());
    }
    const mismatched: string[] = [];
    for (let i = 0; i < 100; i++) {
      const gloss = glosses.get(IMAGENET100_WNIDS[i].slice(1));
      assert.ok(gloss !== undefined, `no WordNet synset for ${IMAGENET100_WNIDS[i]}`);
      const definition = IMAGENET100_DEFINITIONS[i].slice(IMAGENET100_DEFINITIONS[i].indexOf(" - ") + 3);
      if (!gloss.includes(definition)) mismatched.push(IMAGENET100_WNIDS[i]);
    }
    // The one documented exception: lorikeet's A3 definition is built from the gloss of its hypernym "lory".
    assert.deepEqual(mismatched, ["n01820546"]);
    assert.ok(glosses.get("01820348")!.includes("brush-tipped tongue for feeding on nectar and soft fruits"));
  },
});
