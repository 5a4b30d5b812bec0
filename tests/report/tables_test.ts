import assert from "node:assert/strict";
import * as aq from "arquero";
import { readFileSync } from "node:fs";
import { meanSdBy, tableToCsv, tableToHtml, tableToMarkdown, writeTable } from "../../lib/report/tables.ts";

const rows = [
  { model: "CLIP", accuracy: 0.29333, runs: 20 },
  { model: "Dei|T", accuracy: null, runs: 3 },
];

Deno.test("tableToCsv(rows) writes a header and quoted cells", () => {
  const csv = tableToCsv([{ a: "x,y", b: 1 }]);
  assert.equal(csv.trim(), 'a,b\n"x,y",1');
  assert.equal(tableToCsv(aq.table({ a: [1, 2] })).trim(), "a\n1\n2");
});

Deno.test("tableToMarkdown(rows) right-aligns numbers, escapes pipes and prints missing values", () => {
  const md = tableToMarkdown(rows, { decimals: 2 });
  assert.equal(
    md,
    "|model|accuracy|runs|\n|:-|-:|-:|\n|CLIP|0.29|20|\n|Dei\\|T|—|3|\n",
  );
  assert.throws(() => tableToMarkdown(rows, { digits: 2 } as any), /unknown option 'digits'/);
  assert.throws(
    () => tableToMarkdown(42 as any),
    /tableToMarkdown: table must be an arquero table or an array of row objects/,
  );
});

Deno.test("tableToHtml(rows) escapes cells", () => {
  const html = tableToHtml([{ a: "<b>", b: 1.5 }]);
  assert.match(html, /^<table class="result-table">/);
  assert.match(html, /<td[^>]*>&lt;b&gt;<\/td><td style="text-align: right;">1\.5000<\/td>/);
  const limited = tableToHtml([{ a: 1 }, { a: 2 }, { a: 3 }], { limit: 2 });
  assert.equal(limited.match(/<tr>/g)!.length, 3); // header + 2 rows
  assert.match(limited, /2 of 3 rows/);
});

Deno.test("meanSdBy(rows, keys, value) gives mean, sample sd (0 for one value) and count per group in first-seen order", () => {
  const t = meanSdBy(
    [
      { m: "b", x: 1, y: 2 },
      { m: "a", x: 1, y: 5 },
      { m: "b", x: 1, y: 4 },
      { m: "b", x: 1, y: NaN },
    ],
    ["m", "x"],
    "y",
  );
  assert.deepEqual(t.objects(), [
    { m: "b", x: 1, mean: 3, sd: Math.SQRT2, count: 2 },
    { m: "a", x: 1, mean: 5, sd: 0, count: 1 },
  ]);
  assert.throws(() => meanSdBy([{ a: 1 }], ["b"], "a"), /meanSdBy: column 'b' not in the table/);
});

Deno.test("writeTable(table, dir, name) writes CSV and Markdown files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = writeTable(rows, dir, "tab3", { title: "Tab. 3" });
    assert.match(readFileSync(out.csv, "utf8"), /^model,accuracy,runs\nCLIP,0.29333,20\n/);
    assert.match(readFileSync(out.md, "utf8"), /^# Tab\. 3\n\n\|model\|/);
    assert.throws(() => writeTable(rows, dir, "../x"), /writeTable: name must be a file-name stem/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
