import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DataNotFoundError } from "../../lib/core/errors.ts";
import { encodeJpeg, ImageDecodeError, type RgbImage } from "../../lib/embed/image.ts";
import { fromImagePack, imageFileItem, toImagePack } from "../../lib/datasets/image_dataset.ts";
import { fromCifarBinary, loadCifarBinary } from "../../lib/datasets/cifar_binary.ts";
import { loadImageFolder } from "../../lib/datasets/image_folder.ts";
import { cocoImageOrder, loadCocoImages } from "../../lib/datasets/coco_images.ts";
import { loadShippedDataset, SHIPPED_DATASET_IDS } from "../../lib/datasets/shipped.ts";
import { CIFAR10_CLASSES } from "../../lib/datasets/prompts.ts";
import { IMAGENET100_WNIDS } from "../../lib/datasets/strings_imagenet100.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const solid = (v: number, w = 6, h = 4): RgbImage => ({ width: w, height: h, data: new Uint8Array(w * h * 3).fill(v) });

Deno.test("toImagePack / fromImagePack round-trip names, labels, class names and pixels", () => {
  const pack = toImagePack({ dataset: "toy", split: "test", classNames: ["a", "b"] }, [
    { name: "a/1.jpg", label: 0, bytes: encodeJpeg(solid(30)) },
    { name: "b/1.jpg", label: 1, bytes: encodeJpeg(solid(220)) },
  ]);
  const ds = fromImagePack(pack, "toy.bmpack");
  assert.equal(ds.id, "toy");
  assert.deepEqual(ds.classNames, ["a", "b"]);
  assert.deepEqual(ds.items.map((i) => [i.name, i.label]), [["a/1.jpg", 0], ["b/1.jpg", 1]]);
  const px = ds.items[1].load();
  assert.equal(px.width, 6);
  assert.ok(Math.abs(px.data[0] - 220) <= 2);
  assert.equal(ds.fingerprint(), fromImagePack(pack).fingerprint());
});

Deno.test("fromImagePack(bad bytes) names the problem: wrong magic, truncated payload, corrupt item", () => {
  assert.throws(() => fromImagePack(new Uint8Array(20), "x.bmpack"), /x\.bmpack is not an image pack/);
  const pack = toImagePack({ dataset: "toy", split: "t", classNames: ["a"] }, [{
    name: "a/1.jpg",
    label: 0,
    bytes: encodeJpeg(solid(9)),
  }]);
  assert.throws(
    () => fromImagePack(pack.subarray(0, pack.length - 5), "cut.bmpack"),
    /item a\/1\.jpg lies outside the file/,
  );
  const junk = toImagePack({ dataset: "toy", split: "t", classNames: ["a"] }, [{
    name: "a/bad.jpg",
    label: 0,
    bytes: new Uint8Array([0xff, 0xd8, 0xff, 0, 1, 2]),
  }]);
  assert.throws(
    () => fromImagePack(junk).items[0].load(),
    (e: unknown) => e instanceof ImageDecodeError && e.item === "a/bad.jpg",
  );
});

Deno.test("fromCifarBinary(records) reads labels and de-interleaves the R, G, B planes", () => {
  const rec = new Uint8Array(2 * 3073);
  rec[0] = 3;
  rec.fill(10, 1, 1025);
  rec.fill(20, 1025, 2049);
  rec.fill(30, 2049, 3073);
  rec[3073] = 9;
  rec[3074] = 255; // first red pixel of record 1
  const ds = fromCifarBinary(rec, "cifar10");
  assert.deepEqual(ds.items.map((i) => i.label), [3, 9]);
  assert.equal(ds.classNames[3], "cat");
  assert.deepEqual(Array.from(ds.items[0].load().data.subarray(0, 6)), [10, 20, 30, 10, 20, 30]);
  assert.equal(ds.items[1].load().data[0], 255);
  const c100 = new Uint8Array(3074);
  c100[0] = 4; // coarse
  c100[1] = 99; // fine
  assert.equal(fromCifarBinary(c100, "cifar100").items[0].label, 99);
  assert.throws(() => fromCifarBinary(new Uint8Array(100), "cifar10"), /whole 3073-byte records/);
});

Deno.test("loadCifarBinary / loadImageFolder / loadCocoImages read user paths and name missing data", () => {
  const dir = mkdtempSync("/tmp/e1-ds-");
  try {
    assert.throws(() => loadCifarBinary(dir, "cifar10"), DataNotFoundError);
    mkdirSync(join(dir, "cifar-10-batches-bin"));
    writeFileSync(join(dir, "cifar-10-batches-bin", "test_batch.bin"), new Uint8Array(3 * 3073));
    assert.equal(loadCifarBinary(dir, "cifar10").items.length, 3);
    for (const cls of ["truck", "airplane"]) {
      mkdirSync(join(dir, "valid", cls), { recursive: true });
      writeFileSync(join(dir, "valid", cls, "b.jpg"), encodeJpeg(solid(cls === "truck" ? 250 : 5)));
      writeFileSync(join(dir, "valid", cls, "a.png.txt"), "not an image");
    }
    writeFileSync(join(dir, "valid", "airplane", "a.jpg"), new Uint8Array([0xff, 0xd8, 0xff, 1]));
    const folder = loadImageFolder(join(dir, "valid"), { id: "cinic10" });
    assert.deepEqual(folder.classNames, ["airplane", "truck"]);
    assert.deepEqual(folder.items.map((i) => i.name), ["airplane/a.jpg", "airplane/b.jpg", "truck/b.jpg"]);
    assert.throws(() => folder.items[0].load(), /airplane\/a\.jpg/);
    assert.ok(folder.items[2].load().data[0] > 240);
    const coco = { images: [{ id: 9, file_name: "9.jpg" }, { id: 2, file_name: "2.jpg" }], annotations: [] };
    mkdirSync(join(dir, "coco/annotations"), { recursive: true });
    writeFileSync(join(dir, "coco/annotations/captions_val2017.json"), JSON.stringify(coco));
    const ds = loadCocoImages(join(dir, "coco"));
    assert.deepEqual(ds.classNames, ["2.jpg", "9.jpg"]);
    assert.deepEqual(ds.items.map((i) => i.name), ["val2017/2.jpg", "val2017/9.jpg"]);
    assert.throws(
      () => ds.items[0].load(),
      (e: unknown) => e instanceof ImageDecodeError && /val2017\/2\.jpg/.test(e.message),
    );
    assert.throws(() => cocoImageOrder([{ split: "a", json: coco }, { split: "b", json: coco }]), /appears twice/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("loadShippedDataset(id) gives the shipped packs: CIFAR-10 10,000 images (1,000 per class), COCO-mini 159, ImageNet-100 100", () => {
  const cifar = loadShippedDataset("cifar10", ROOT);
  assert.equal(cifar.items.length, 10000);
  assert.deepEqual(cifar.classNames, CIFAR10_CLASSES);
  const perClass = new Array(10).fill(0);
  for (const it of cifar.items) perClass[it.label]++;
  assert.deepEqual(perClass, new Array(10).fill(1000));
  const img = cifar.items[4321].load();
  assert.equal(img.width, 32);
  const coco = loadShippedDataset("coco-mini", ROOT);
  assert.equal(coco.items.length, 159);
  assert.deepEqual(coco.items.map((i) => i.label), coco.items.map((_, k) => k));
  const inet = loadShippedDataset("imagenet100", ROOT);
  assert.deepEqual(inet.classNames, IMAGENET100_WNIDS);
  assert.ok(inet.items.every((it, k) => it.label === k && it.name.startsWith(IMAGENET100_WNIDS[k])));
  assert.equal(Math.min(inet.items[0].load().width, inet.items[0].load().height), 256);
  assert.equal(SHIPPED_DATASET_IDS.length, 4); // + tiny-imagenet (tests/datasets/tiny_imagenet_test.ts)
});

Deno.test("imageFileItem(name, label, path) decodes the file on load and names the item when it cannot", () => {
  const dir = mkdtempSync("/tmp/e1-item-");
  try {
    const path = join(dir, "x.jpg");
    const item = imageFileItem("cls/x.jpg", 3, path);
    assert.equal(item.name, "cls/x.jpg");
    assert.equal(item.label, 3);
    assert.throws(
      () => item.load(),
      (e: unknown) =>
        e instanceof ImageDecodeError && /cls\/x\.jpg/.test(e.message) && /unreadable file/.test(e.message),
    );
    writeFileSync(path, encodeJpeg(solid(200)));
    const image = item.load();
    assert.equal(image.width, 6);
    assert.ok(Math.abs(image.data[0] - 200) < 8);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
