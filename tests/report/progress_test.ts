import assert from "node:assert/strict";
import { etaSeconds, formatDuration, progressHtml, progressLine, terminalProgress } from "../../lib/report/progress.ts";

Deno.test("progressLine(state) shows bar, done/total, elapsed time, ETA (until done) and the detail", () => {
  const line = progressLine({ label: "Sec. 5.2", done: 5, total: 10, seconds: 20, unit: "jobs", detail: "n = 20" }, 10);
  assert.equal(line, "Sec. 5.2 [#####-----] 5/10 jobs · 20 s elapsed · ETA 20 s · n = 20");
  const done = progressLine({ label: "x", done: 4, total: 4, seconds: 125, unit: "images", rate: true }, 4);
  assert.equal(done, "x [####] 4/4 images · 0.0 images/s · 2.1 min elapsed");
  assert.equal(etaSeconds({ label: "x", done: 0, total: 4, seconds: 3 }), NaN);
  assert.equal(formatDuration(NaN), "?");
  assert.equal(formatDuration(3.25), "3.3 s");
  assert.throws(() => progressLine({ label: "x" } as any), /progressLine: state must be/);
});

Deno.test("progressHtml(state) is a <progress> bar with escaped text", () => {
  const html = progressHtml({ label: "<b>", done: 1, total: 3, seconds: 1 });
  assert.match(html, /<b>&lt;b&gt;<\/b> <progress max="3" value="1"/);
  assert.match(html, /1\/3 steps · 1\.0 s elapsed · ETA 2\.0 s/);
});

Deno.test("terminalProgress() redraws one line on a terminal, else prints at each 10 % step and at the end", () => {
  const out: string[] = [];
  const tty = terminalProgress({ write: (t) => void out.push(t), redraw: true });
  tty({ label: "a", done: 1, total: 2, seconds: 1 });
  tty({ label: "a", done: 2, total: 2, seconds: 2 });
  assert.ok(out[0].startsWith("\ra [") && !out[0].endsWith("\n"));
  assert.ok(out[1].endsWith("\n"));
  const lines: string[] = [];
  const log = terminalProgress({ write: (t) => void lines.push(t), redraw: false, everyMs: 1e9 });
  for (let done = 0; done <= 100; done++) log({ label: "b", done, total: 100, seconds: done });
  assert.equal(lines.length, 11); // 0 %, 10 %, …, 100 %
  assert.ok(lines.every((l) => l.endsWith("\n")));
});
