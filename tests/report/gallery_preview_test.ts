import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { galleryHtml, previewCell } from "../../lib/report/gallery.ts";

Deno.test("previewCell(text) keeps cells as written and shortens only raw doubles to 6 significant digits", () => {
  assert.equal(previewCell("-1.829387"), "-1.829387");
  assert.equal(previewCell("1.80e-4"), "1.80e-4");
  assert.equal(previewCell("Hahn–Grant"), "Hahn–Grant");
  assert.equal(previewCell("1.5760932301610333"), "1.57609");
  assert.equal(previewCell("0.00003118599997833371"), "0.000031186");
  assert.equal(previewCell(""), null);
});

Deno.test("a table card of the gallery shows the 1e-4 differences of the D.3 rows, not 3 rounded decimals", async () => {
  const dir = await Deno.makeTempDir({ prefix: "gallery_preview_" });
  try {
    writeFileSync(
      join(dir, "summary.csv"),
      "n,row,cost / n²,gap / n²\n12,Hahn–Grant,-1.829387,1.80e-4\n12,+ factorized,-1.829365,2.03e-4\n12,x,,\n",
    );
    const html = galleryHtml([{
      name: "secD_3_summary",
      title: "D.3",
      paperRef: "Tab. 4",
      files: { csv: "summary.csv" },
    }], dir);
    for (const cell of ["-1.829387", "-1.829365", "1.80e-4", "2.03e-4"]) assert.ok(html.includes(`>${cell}<`), cell);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
