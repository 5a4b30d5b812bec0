import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  CIFAR100_CLASSES,
  CIFAR10_CLASSES,
  CIFAR_TEMPLATES,
  CINIC_TEMPLATES,
  fillTemplates,
  languageStrings,
} from "../../lib/datasets/prompts.ts";
import { IMAGENET100_DEFINITIONS } from "../../lib/datasets/strings_imagenet100.ts";

Deno.test("CIFAR_TEMPLATES matches the md5 of the original code's JSON list", () => {
  assert.equal(CIFAR_TEMPLATES.length, 18);
  const md5 = createHash("md5").update(JSON.stringify(CIFAR_TEMPLATES)).digest("hex");
  assert.equal(md5, "b953684b7ed3a62cbea9fe4e30935ee2");
  assert.ok(Object.isFrozen(CIFAR_TEMPLATES));
});

Deno.test("CINIC_TEMPLATES and class lists have the paper's sizes and ends", () => {
  assert.equal(CINIC_TEMPLATES.length, 7);
  assert.equal(CINIC_TEMPLATES[0], "itap of a {}.");
  assert.equal(CINIC_TEMPLATES[4], "a {} in a video game.");
  assert.deepEqual([...CIFAR10_CLASSES].sort(), [...CIFAR10_CLASSES], "CINIC folders sort to the CIFAR-10 order");
  assert.equal(CIFAR100_CLASSES.length, 100);
  assert.equal(new Set(CIFAR100_CLASSES).size, 100);
  assert.deepEqual(CIFAR100_CLASSES.slice(0, 3), ["apple", "aquarium fish", "baby"]);
  assert.deepEqual(CIFAR100_CLASSES.slice(-2), ["woman", "worm"]);
  assert.ok(CIFAR100_CLASSES.every((name) => !name.includes("_")));
  // The standard fine labels are in alphabetical order of their original (underscored) names.
  const underscored = CIFAR100_CLASSES.map((name) => name.replace(/ /g, "_"));
  assert.deepEqual([...underscored].sort(), underscored);
});

Deno.test("fillTemplates(templates, classes) is class-major and does not mutate inputs", () => {
  const templates = ["a {}.", "the {} here"];
  const classes = ["cat", "big dog", "x"];
  const { texts, labels } = fillTemplates(templates, classes);
  assert.deepEqual(texts, ["a cat.", "the cat here", "a big dog.", "the big dog here", "a x.", "the x here"]);
  assert.deepEqual(Array.from(labels), [0, 0, 1, 1, 2, 2]);
  assert.deepEqual(templates, ["a {}.", "the {} here"]);
});

Deno.test("fillTemplates(bad input) throws with the argument named", () => {
  assert.throws(
    () => fillTemplates(["no placeholder"], ["cat"]),
    /fillTemplates: templates\[0\] must contain exactly one/,
  );
  assert.throws(() => fillTemplates(["{} {}"], ["cat"]), RangeError);
  assert.throws(() => fillTemplates([], ["cat"]), /templates must not be empty/);
  assert.throws(() => fillTemplates(["{}"], [3 as unknown as string]), TypeError);
});

Deno.test("languageStrings(dataset) gives the paper's row counts and labels", () => {
  const cases = [["cifar10", 18, 10], ["cifar100", 18, 100], ["cinic10", 7, 10], ["imagenet100", 1, 100]] as const;
  for (const [id, perClass, classes] of cases) {
    const s = languageStrings(id);
    assert.equal(s.texts.length, perClass * classes, id);
    assert.equal(s.labels.length, s.texts.length, id);
    assert.equal(s.classNames.length, classes, id);
    for (let c = 0; c < classes; c++) {
      assert.equal(s.labels.filter((y) => y === c).length, perClass, `${id} class ${c}`);
    }
  }
  const cifar100 = languageStrings("cifar100");
  assert.equal(cifar100.texts[1 * 18 + 0], "a photo of a aquarium fish.");
  assert.equal(cifar100.texts[18 * 100 - 1], "a photo of the big worm.");
  const cinic = languageStrings("cinic10");
  assert.equal(cinic.texts[9 * 7 + 2], "a origami truck.");
  const imagenet = languageStrings("imagenet100");
  assert.deepEqual(imagenet.texts, [...IMAGENET100_DEFINITIONS]);
  assert.equal(imagenet.templates.length, 0);
});

Deno.test("languageStrings(dataset, {templates}) replaces templates; unknown ids and keys throw", () => {
  const s = languageStrings("cifar10", { templates: ["{}"] });
  assert.deepEqual(s.texts, [...CIFAR10_CLASSES]);
  assert.throws(() => languageStrings("mnist" as "cifar10"), /languageStrings: dataset must be one of/);
  assert.throws(() => languageStrings("cifar10", { prompt: "x" } as never), /unknown option 'prompt'/);
  assert.throws(() => languageStrings("imagenet100", { templates: ["{}"] }), RangeError);
});
