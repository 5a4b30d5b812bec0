import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataNotFoundError } from "../../lib/core/errors.ts";
import { fromCocoCaptions, loadCocoCaptions, loadPackedCocoCaptions } from "../../lib/datasets/strings_coco.ts";
import { loadShippedDataset } from "../../lib/datasets/shipped.ts";
import { fileURLToPath } from "node:url";
import { fixturePath } from "../_helpers/assert.ts";

const tiny = () => JSON.parse(readFileSync(fixturePath("coco_captions", "captions_tiny.json"), "utf8"));

Deno.test("fromCocoCaptions(sources) sorts images by id over all splits, captions by annotation id", () => {
  const other = {
    images: [{ id: 12, file_name: "000000000012.jpg" }],
    annotations: [{ image_id: 12, id: 4, caption: "A cat." }],
  };
  const s = fromCocoCaptions([{ split: "train2017", json: tiny() }, { split: "val2017", json: other }]);
  assert.deepEqual(s.classNames, ["000000000007.jpg", "000000000012.jpg", "000000000030.jpg"]);
  assert.deepEqual(s.texts, [
    "Dogs resting.",
    "Two dogs on a couch. ",
    "A cat.",
    "Flowers in a white vase.",
    "A vase with flowers.",
  ]);
  assert.deepEqual(Array.from(s.labels), [0, 0, 1, 2, 2]);
  assert.deepEqual(s.items, [
    "train2017/000000000007.jpg",
    "train2017/000000000007.jpg",
    "val2017/000000000012.jpg",
    "train2017/000000000030.jpg",
    "train2017/000000000030.jpg",
  ]);
});

Deno.test("fromCocoCaptions(bad sources) throws: duplicate ids, orphan captions, captionless images", () => {
  const json = tiny();
  assert.throws(() => fromCocoCaptions([{ split: "a", json }, { split: "b", json }]), /image ids must be unique/);
  const orphan = tiny();
  orphan.annotations.push({ image_id: 99, id: 100, caption: "?" });
  assert.throws(() => fromCocoCaptions([{ split: "a", json: orphan }]), /refers to image 99/);
  const empty = tiny();
  empty.images.push({ id: 1, file_name: "1.jpg" });
  assert.throws(() => fromCocoCaptions([{ split: "a", json: empty }]), /at least one caption, got none for image 1/);
  assert.throws(() => fromCocoCaptions([{ split: "a", json: { images: [] } }]), TypeError);
  assert.throws(() => fromCocoCaptions([]), RangeError);
});

Deno.test("loadCocoCaptions(dir) reads annotations/captions_<split>.json; a missing file is DataNotFoundError", () => {
  const dir = mkdtempSync(join(tmpdir(), "coco-"));
  try {
    mkdirSync(join(dir, "annotations"));
    writeFileSync(join(dir, "annotations", "captions_val2017.json"), JSON.stringify(tiny()));
    const s = loadCocoCaptions(dir, ["val2017"]);
    assert.equal(s.texts.length, 4);
    assert.equal(s.items![0], "val2017/000000000007.jpg");
    assert.throws(() => loadCocoCaptions(dir), DataNotFoundError);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

Deno.test("loadPackedCocoCaptions() gives 159 images × 5 captions in the same class order as the shipped images", () => {
  const s = loadPackedCocoCaptions();
  assert.equal(s.classNames.length, 159);
  assert.equal(s.texts.length, 795);
  for (let c = 0; c < 159; c++) assert.equal(s.labels.filter((y) => y === c).length, 5);
  const images = loadShippedDataset("coco-mini", fileURLToPath(new URL("../..", import.meta.url)));
  assert.deepEqual(s.classNames, [...images.classNames]);
});
