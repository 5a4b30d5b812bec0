import assert from "node:assert/strict";
import {
  baseLayout,
  BOUND_DASH,
  figureTitle,
  FONT_SIZE,
  SERIES_STYLES,
  seriesStyle,
  withAlpha,
} from "../../lib/plots/style.ts";

Deno.test("seriesStyle(id) returns the paper colours and markers of Appendix B", () => {
  assert.deepEqual(seriesStyle("clip"), { color: "#E37222", symbol: "square", label: "CLIP" });
  assert.deepEqual(seriesStyle("deit"), { color: "#A2AD00", symbol: "circle", label: "DeiT" });
  assert.deepEqual(seriesStyle("dinov2"), { color: "#0065BD", symbol: "pentagon", label: "DINOv2" });
  assert.equal(seriesStyle("fhg").label, "Ours");
  assert.equal(seriesStyle("fhg").color, "#0065BD");
  assert.equal(seriesStyle("gurobi").color, "#FED802");
  assert.equal(seriesStyle("random").color, "#000000");
  assert.equal(seriesStyle("local-cka").label, "LocalCKA");
  assert.ok(Object.isFrozen(SERIES_STYLES) && Object.isFrozen(SERIES_STYLES.clip));
});

Deno.test("seriesStyle(unknown id) gives a stable fallback colour and the id as label", () => {
  const a = seriesStyle("my-model"), b = seriesStyle("my-model");
  assert.deepEqual(a, b);
  assert.equal(a.label, "my-model");
  assert.match(a.color, /^#[0-9A-F]{6}$/i);
  assert.equal(seriesStyle("clip", "CLIP ViT-L/14@336").label, "CLIP ViT-L/14@336");
  assert.throws(() => seriesStyle(3 as unknown as string), TypeError);
});

Deno.test("withAlpha(hex, alpha) converts to rgba and rejects malformed colours", () => {
  assert.equal(withAlpha("#0065BD", 0.2), "rgba(0,101,189,0.2)");
  assert.throws(() => withAlpha("blue", 0.2), /withAlpha: hex must look like #RRGGBB, got blue/);
});

Deno.test("baseLayout(options) sets title, axis titles, ranges and the paper font size", () => {
  const layout = baseLayout({ title: "T", xTitle: "X", yTitle: "Y", yRange: [0, 1] }) as any;
  assert.equal(layout.title.text, "T");
  assert.equal(layout.font.size, FONT_SIZE);
  assert.equal(FONT_SIZE, 22);
  assert.equal(layout.xaxis.title.text, "X");
  assert.deepEqual(layout.yaxis.range, [0, 1]);
  assert.equal(layout.xaxis.range, undefined);
  assert.equal(figureTitle({ data: [], layout }), "T");
  assert.equal(BOUND_DASH, "7.4px,3.2px");
  assert.throws(() => baseLayout({} as any), /baseLayout: title must be a string/);
});
