/**
 * One-off script: copies the precomputed CLIP text vectors of the shared data into `data/clip-text/` with a
 * `manifest.json` per folder (source, commit, licence, sha256 and size of every file), which
 * lib/embed/clip_text.ts checks at load.
 *
 * - `vit-l14-imagenet1k/`: the 1000 ImageNet-1k class vectors of CLIP ViT-L/14 (80 templates averaged) as float16
 *   `[1000, 768]` (lossless: the original `.pt` storage is float16; checked here), row = sorted WNID
 *   (`wnids.txt`), OpenAI class names (`classnames_openai.txt`).
 * - `detic-vit-b32/`: Detic's CLIP ViT-B/32 vectors (prompt "a {name}", float16, as distributed) of the LVIS v1,
 *   COCO and Objects365 vocabularies with their name lists and the Apache-2.0 licence.
 *
 *   deno run -A lib/convert/pack_clip_text.ts [--src /work/shared/data] [--out data/clip-text]
 * @module
 */
import { parseArgs } from "node:util";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../core/atomic.ts";
import { fromNpy, toNpy } from "../io/npy.ts";
import { recordChecksums, sha256Hex } from "../datasets/checksums.ts";

const { values: args } = parseArgs({
  options: {
    src: { type: "string", default: "/work/shared/data" },
    out: { type: "string", default: "data/clip-text" },
  },
});

/**
 * A 2-d `.npy` in Fortran order (the shared file is a transposed view) as C-order values: the header is read as the
 * transposed C array, then the values are transposed back.
 */
function fromFortranNpy(bytes: Uint8Array, name: string): { data: Float64Array; shape: number[] } {
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true); // format 1.0
  const header = new TextDecoder("latin1").decode(bytes.subarray(10, 10 + headerLength));
  const m = /'fortran_order': True, 'shape': \((\d+), (\d+)\), \}/.exec(header);
  if (!m) return fromNpy(bytes, name);
  const [rows, cols] = [Number(m[1]), Number(m[2])];
  const c = header.replace(m[0], `'fortran_order': False, 'shape': (${cols}, ${rows}), }`).trimEnd();
  const patched = bytes.slice();
  patched.set(new TextEncoder().encode(c.padEnd(headerLength - 1, " ") + "\n"), 10);
  const t = fromNpy(patched, name);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = t.data[j * rows + i];
  return { data, shape: [rows, cols] };
}

// CLIP ViT-L/14, ImageNet-1k classes
{
  const src = join(args.src, "clip-text/vit-l14-imagenet1k");
  const out = join(args.out, "vit-l14-imagenet1k");
  mkdirSync(out, { recursive: true });
  const npyBytes = readFileSync(join(src, "imagenet1k_clip_vitl14_text_80templates.npy"));
  const f32 = fromFortranNpy(npyBytes, "imagenet1k_clip_vitl14_text_80templates.npy");
  const half = toNpy(f32.data, f32.shape, "float16");
  const back = fromNpy(half, "float16 copy");
  for (let i = 0; i < f32.data.length; i++) {
    if (back.data[i] !== f32.data[i]) throw new Error(`internal: value ${i} is not exactly float16 (${f32.data[i]})`);
  }
  writeFileAtomic(join(out, "vectors.npy"), half);
  copyFileSync(join(src, "imagenet1k_wnids_index_order.txt"), join(out, "wnids.txt"));
  copyFileSync(join(src, "imagenet1k_classnames_openai.txt"), join(out, "classnames_openai.txt"));
  copyFileSync(join(src, "imagenet_templates_80.txt"), join(out, "templates_80.txt"));
  const pt = readFileSync(join(src, "ImageNet_text_CLIP_emb_ViT-L-14.pt"));
  writeFileAtomic(
    join(out, "manifest.json"),
    JSON.stringify(
      {
        model: "CLIP ViT-L/14 text encoder (OpenAI)",
        what:
          "one vector per ImageNet-1k class: the OpenAI class name in the 80 ImageNet prompt templates, each template embedding L2-normalised, averaged, renormalised",
        source:
          "GitHub NYCU-MAPL/BridgingCompressionMLLM commit 63f4782, ImageNet_CLIP_TextEmb/ImageNet_text_CLIP_emb_ViT-L-14.pt; WNID order from rumozam/mmdetection commit 730a35b (= the sorted 1000 WNIDs)",
        licence: "repository declares BSD-3-Clause-Clear; embeddings are outputs of OpenAI CLIP (MIT)",
        processing:
          "the .pt's float16 storage [768, 1000] transposed to [1000, 768] (row = class in wnids.txt order); stored as float16, which is lossless",
        upstream: {
          "ImageNet_text_CLIP_emb_ViT-L-14.pt": { sha256: sha256Hex(pt), bytes: pt.length },
          "imagenet1k_clip_vitl14_text_80templates.npy (float32)": {
            sha256: sha256Hex(npyBytes),
            bytes: npyBytes.length,
          },
        },
        tool: "deno run -A lib/convert/pack_clip_text.ts",
        files: {},
      },
      null,
      2,
    ) + "\n",
  );
  recordChecksums(out, ["vectors.npy", "wnids.txt", "classnames_openai.txt", "templates_80.txt"]);
  console.log(`vit-l14-imagenet1k: ${f32.shape.join("×")} → ${half.length} bytes float16`);
}
// CLIP ViT-B/32 (Detic vocabularies)
{
  const src = join(args.src, "clip-text/detic-vit-b32");
  const out = join(args.out, "detic-vit-b32");
  mkdirSync(out, { recursive: true });
  const files = [
    "lvis_v1_clip_a+cname.npy",
    "lvis_v1_names.txt",
    "coco_clip_a+cname.npy",
    "coco80_names.txt",
    "o365_clip_a+cnamefix.npy",
    "Objects365_names_fix.csv",
    "LICENSE",
  ];
  for (const f of files) copyFileSync(join(src, f), join(out, f));
  writeFileAtomic(
    join(out, "manifest.json"),
    JSON.stringify(
      {
        model: "CLIP ViT-B/32 text encoder (OpenAI), as used by Detic",
        what:
          "one vector per vocabulary entry, prompt 'a ' + category name, float16, not normalised: LVIS v1 [1203, 512], COCO [80, 512], Objects365 [365, 512] (fixed names, 3rd CSV column)",
        source: "GitHub facebookresearch/Detic commit 436cda2, datasets/metadata/",
        licence: "Apache-2.0 (LICENSE)",
        processing: "files copied byte for byte",
        tool: "deno run -A lib/convert/pack_clip_text.ts",
        files: {},
      },
      null,
      2,
    ) + "\n",
  );
  recordChecksums(out, files);
  console.log(`detic-vit-b32: ${files.length} files copied`);
}
