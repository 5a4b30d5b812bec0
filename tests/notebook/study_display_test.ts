import assert from "node:assert/strict";
import * as aq from "arquero";
import { type MimeBundle, PLOTLY_MIME } from "../../lib/notebook/display.ts";
import {
  paperLabelMatches,
  showFigures,
  showNotes,
  showTable,
  studyNotesMarkdown,
} from "../../lib/notebook/study_display.ts";
import { plotLineBand } from "../../lib/plots/lines.ts";
import type { StudyOutput } from "../../lib/studies/study.ts";

const figure = (title: string) => plotLineBand([{ id: "clip", x: [0, 1], mean: [1, 0] }], { title });

function output(): StudyOutput {
  return {
    section: "3",
    title: "Demo section",
    tables: { summary: aq.from([{ model: "a", accuracy: 0.123456 }]) },
    figures: {
      fig2: { figure: figure("Two"), paper: "Fig. 2", caption: "caption two" },
      fig12: { figure: figure("Twelve"), paper: "Fig. 12", caption: "caption twelve" },
      fig7: { figure: figure("Seven"), paper: "Fig. 2, 7", caption: "caption seven" },
    },
    meta: { models: ["vision: m1"], datasets: ["d1"], preset: "smoke", notes: ["note one"], paper: "Fig. 2, 7, 12" },
  };
}

function recorder(): { shown: MimeBundle[]; display: (b: MimeBundle) => void } {
  const shown: MimeBundle[] = [];
  return { shown, display: (b) => void shown.push(b) };
}

Deno.test("paperLabelMatches(paper, wanted) matches whole figure labels only", () => {
  assert.ok(paperLabelMatches("Fig. 2", "Fig. 2"));
  assert.ok(paperLabelMatches("Fig. 2, 7", "Fig. 2"));
  assert.ok(paperLabelMatches("Fig. 11 (top row)", "Fig. 11"));
  assert.ok(paperLabelMatches("Tab. 1 / Tab. 7 (accuracy columns)", "Tab. 7"));
  assert.ok(!paperLabelMatches("Fig. 12", "Fig. 1"));
  assert.ok(!paperLabelMatches("Fig. 12", "Fig. 2"));
  assert.ok(!paperLabelMatches("Tab. 2", "Fig. 2"));
});

Deno.test("showFigures(output, {paper}) shows a caption then the Plotly figure for each matching figure", async () => {
  const { shown, display } = recorder();
  await showFigures(output(), { paper: "Fig. 2", display });
  assert.equal(shown.length, 4);
  assert.match(String(shown[0]["text/markdown"]), /^\*\*Fig\. 2\*\* \(`fig2`\): caption two$/);
  assert.equal((shown[1][PLOTLY_MIME] as any).layout.title.text ?? (shown[1][PLOTLY_MIME] as any).layout.title, "Two");
  assert.match(String(shown[2]["text/markdown"]), /caption seven/);
  assert.ok(shown[3][PLOTLY_MIME]);
  assert.ok(!shown.some((b) => String(b["text/markdown"] ?? "").includes("twelve")));
});

Deno.test("showFigures(output) without a filter shows every figure", async () => {
  const { shown, display } = recorder();
  await showFigures(output(), { display });
  assert.equal(shown.filter((b) => b[PLOTLY_MIME]).length, 3);
});

Deno.test("showFigures(output, {paper}) shows a note with the run's notes when nothing matches", async () => {
  const { shown, display } = recorder();
  await showFigures(output(), { paper: "Fig. 9", display });
  assert.equal(shown.length, 1);
  assert.match(String(shown[0]["text/markdown"]), /^\*No figure for Fig\. 9 in this run of section 3\.\* note one$/);
});

Deno.test("showFigures(output, options) rejects unknown options and non-outputs", async () => {
  await assert.rejects(() => showFigures(output(), { pape: "Fig. 2" } as never), {
    name: "TypeError",
    message: /^showFigures: unknown option 'pape'/,
  });
  await assert.rejects(() => showFigures({} as never), {
    name: "TypeError",
    message: /^showFigures: output must be a StudyOutput/,
  });
});

Deno.test("showTable(output, name) shows the named table and lists the names otherwise", async () => {
  const { shown, display } = recorder();
  await showTable(output(), "summary", { display, decimals: 2 });
  assert.equal(shown.length, 1);
  assert.match(String(shown[0]["text/html"]), /<table/);
  assert.match(String(shown[0]["text/markdown"]), /0\.12/);
  await assert.rejects(() => showTable(output(), "runs", { display }), {
    name: "RangeError",
    message: /^showTable: name must be one of summary, got 'runs'$/,
  });
});

Deno.test("studyNotesMarkdown(output) lists preset, models, data and notes; showNotes publishes it", async () => {
  const md = studyNotesMarkdown(output());
  assert.match(md, /preset: `smoke`/);
  assert.match(md, /- vision: m1/);
  assert.match(md, /- d1/);
  assert.match(md, /- note one/);
  const { shown, display } = recorder();
  await showNotes(output(), { display });
  assert.equal(shown[0]["text/markdown"], md);
});
