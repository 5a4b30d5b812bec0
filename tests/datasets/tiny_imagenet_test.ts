import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeJpeg } from "../../lib/embed/image.ts";
import { loadShippedDataset } from "../../lib/datasets/shipped.ts";
import {
  loadTinyImagenetFolder,
  tinyImagenetLanguageStrings,
  tinyImagenetValIndex,
} from "../../lib/datasets/tiny_imagenet.ts";
import {
  TINY_IMAGENET_DEFINITIONS,
  TINY_IMAGENET_GLOSSES,
  TINY_IMAGENET_NAMES,
  TINY_IMAGENET_WNIDS,
} from "../../lib/datasets/strings_tiny_imagenet.ts";
import { IMAGENET100_WNIDS } from "../../lib/datasets/strings_imagenet100.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("shipped tiny-imagenet: 202 classes (sorted WNIDs) × 50 validation JPEGs of 64×64 that decode", () => {
  const ds = loadShippedDataset("tiny-imagenet", ROOT);
  assert.equal(ds.id, "tiny-imagenet");
  assert.equal(ds.split, "val");
  assert.deepEqual(ds.classNames, TINY_IMAGENET_WNIDS);
  assert.deepEqual([...ds.classNames].sort(), ds.classNames);
  assert.equal(ds.items.length, 10100);
  const perClass = new Array(202).fill(0);
  ds.items.forEach((it, k) => {
    perClass[it.label]++;
    if (k > 0) assert.ok(ds.items[k - 1].label <= it.label, "items are grouped by class");
  });
  assert.deepEqual(perClass, new Array(202).fill(50));
  for (const k of [0, 5049, 10099]) {
    const img = ds.items[k].load();
    assert.deepEqual([img.width, img.height, img.data.length], [64, 64, 64 * 64 * 3], ds.items[k].name);
  }
  assert.equal(new Set(ds.items.map((i) => i.name)).size, 10100);
  assert.equal(TINY_IMAGENET_WNIDS.filter((w) => IMAGENET100_WNIDS.includes(w)).length, 14);
});

Deno.test("tinyImagenetValIndex sorts classes and items and names a class missing from wnids.txt", () => {
  const { wnids, items } = tinyImagenetValIndex(
    "n02\nn01\n",
    "val_10.JPEG\tn01\t0\t0\t1\t1\nval_2.JPEG\tn02\t0\t0\t1\t1\nval_9.JPEG\tn01\t0\t0\t1\t1\n",
  );
  assert.deepEqual(wnids, ["n01", "n02"]);
  assert.deepEqual(items, [{ file: "val_9.JPEG", label: 0 }, { file: "val_10.JPEG", label: 0 }, {
    file: "val_2.JPEG",
    label: 1,
  }]);
  assert.throws(() => tinyImagenetValIndex("n01\n", "val_0.JPEG\tn09\t0\t0\t1\t1\n"), /val_0\.JPEG: class n09/);
});

Deno.test("loadTinyImagenetFolder reads a user's tiny-imagenet-200 folder", () => {
  const dir = mkdtempSync("/tmp/tiny-imagenet-");
  try {
    mkdirSync(join(dir, "val/images"), { recursive: true });
    writeFileSync(join(dir, "wnids.txt"), "n02\nn01\n");
    writeFileSync(join(dir, "val/val_annotations.txt"), "val_0.JPEG\tn02\t0\t0\t1\t1\nval_1.JPEG\tn01\t0\t0\t1\t1\n");
    for (const f of ["val_0.JPEG", "val_1.JPEG"]) {
      writeFileSync(
        join(dir, "val/images", f),
        encodeJpeg({ width: 8, height: 8, data: new Uint8Array(192).fill(90) }),
      );
    }
    const ds = loadTinyImagenetFolder(dir);
    assert.deepEqual(ds.classNames, ["n01", "n02"]);
    assert.deepEqual(ds.items.map((i) => [i.name, i.label]), [["val_1.JPEG", 0], ["val_0.JPEG", 1]]);
    assert.equal(ds.items[0].load().width, 8);
    assert.match(ds.fingerprint(), /^[0-9a-f]{64}$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("tiny-imagenet language strings: one 'Name - definition' per class from WordNet 3.0 glosses", () => {
  const s = tinyImagenetLanguageStrings();
  assert.equal(s.texts.length, 202);
  assert.deepEqual(s.classNames, TINY_IMAGENET_WNIDS);
  assert.deepEqual(Array.from(s.labels), s.texts.map((_, i) => i));
  assert.deepEqual(s.templates, []);
  for (let i = 0; i < 202; i++) {
    assert.ok(TINY_IMAGENET_GLOSSES[i].length > 5 && !TINY_IMAGENET_GLOSSES[i].includes('"'), TINY_IMAGENET_WNIDS[i]);
    assert.equal(
      TINY_IMAGENET_DEFINITIONS[i].toLowerCase(),
      `${TINY_IMAGENET_NAMES[i]} - ${TINY_IMAGENET_GLOSSES[i]}`.toLowerCase(),
    );
  }
  assert.equal(
    s.texts[0],
    "Goldfish - small golden or orange-red freshwater fishes of Eurasia used as pond or aquarium fishes",
  );
});
