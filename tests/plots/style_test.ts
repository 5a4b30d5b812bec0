import assert from "node:assert/strict";
import {
  baseLayout,
  BOUND_DASH,
  displayableFigure,
  distinctStyles,
  figureTitle,
  FONT_SIZE,
  JUPYTER_DISPLAY,
  legendKey,
  legendTraces,
  MODEL_STYLE_IDS,
  PLOTLY_MIME,
  SERIES_STYLES,
  seriesStyle,
  SOLVER_STYLE_IDS,
  STYLE_ALIASES,
  withAlpha,
} from "../../lib/plots/style.ts";

Deno.test("seriesStyle(id) returns the paper colours and markers of Appendix B", () => {
  assert.deepEqual(seriesStyle("clip"), { color: "#E37222", symbol: "square", label: "CLIP" });
  assert.deepEqual(seriesStyle("deit"), { color: "#A2AD00", symbol: "circle", label: "DeiT" });
  assert.deepEqual(seriesStyle("dinov2"), { color: "#0065BD", symbol: "pentagon", label: "DINOv2" });
  assert.equal(seriesStyle("fhg").label, "FHG (ours, modified)");
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

Deno.test("every stored vision and text model and every registered solver has its own fixed style", async () => {
  const { VISION_MODEL_IDS } = await import("../../lib/embed/vision_models.ts");
  const { TEXT_MODEL_IDS } = await import("../../lib/embed/text_embed.ts");
  const { SOLVER_IDS } = await import("../../lib/qap/registry.ts");
  const { COMPARISON_SOLVERS } = await import("../../lib/studies/solver_comparison.ts");
  const canonical = (id: string) => STYLE_ALIASES[id] ?? id;
  const key = (id: string) => `${seriesStyle(id).color}|${seriesStyle(id).symbol}`;
  const groups = {
    models: [...new Set([...VISION_MODEL_IDS, ...TEXT_MODEL_IDS, ...MODEL_STYLE_IDS])],
    solvers: [
      ...new Set(
        [...SOLVER_IDS, ...COMPARISON_SOLVERS.map((s: { id: string }) => s.id), ...SOLVER_STYLE_IDS].map(canonical),
      ),
    ],
  };
  for (const [what, ids] of Object.entries(groups)) {
    for (const id of ids) assert.ok(Object.hasOwn(SERIES_STYLES, id), `${what}: '${id}' has no registered style`);
    const seen = new Map<string, string>();
    for (const id of ids) {
      const other = seen.get(key(id));
      assert.equal(other, undefined, `${what}: '${id}' looks like '${other}' (${key(id)})`);
      seen.set(key(id), id);
    }
    const labels = ids.map((id) => seriesStyle(id).label);
    assert.equal(new Set(labels).size, labels.length, `${what}: two legend labels alike`);
  }
  // the paper's roles: Gurobi's row (milp) yellow circle, MPOpt light blue diamond, Ours blue square
  assert.deepEqual(seriesStyle("milp"), { color: "#FED802", symbol: "circle", label: "MILP (HiGHS)" });
  assert.deepEqual({ ...seriesStyle("mpopt"), label: "" }, { color: "#98C6EA", symbol: "diamond", label: "" });
  assert.equal(key("fhg"), "#0065BD|square");
  assert.notEqual(key("bnb"), key("milp"));
});

Deno.test("seriesStyle(unknown id) draws colour and marker from the id; distinctStyles(figure) separates clashes", () => {
  const fig = {
    data: [
      { type: "scatter", mode: "lines", name: "a ± sd", fill: "toself", legendgroup: "a", showlegend: false },
      {
        type: "scatter",
        mode: "lines+markers",
        name: "a",
        legendgroup: "a",
        line: { color: "#000000" },
        marker: { color: "#000000", symbol: "x" },
      },
      { type: "scatter", mode: "lines", name: "b ± sd", fill: "toself", legendgroup: "b", showlegend: false },
      {
        type: "scatter",
        mode: "lines+markers",
        name: "b",
        legendgroup: "b",
        line: { color: "#000000" },
        marker: { color: "#000000", symbol: "x" },
      },
    ],
    layout: {},
  };
  distinctStyles(fig);
  const keys = legendTraces(fig).map(legendKey);
  assert.equal(keys.length, 2);
  assert.equal(new Set(keys).size, 2);
  const b = fig.data[3] as any;
  assert.notEqual(b.marker.color, "#000000");
  assert.equal((fig.data[2] as any).fillcolor, withAlpha(b.marker.color, 0.2)); // the band follows its line
  assert.equal((fig.data[0] as any).fillcolor, undefined); // the first entry keeps its style
});

Deno.test("displayableFigure(figure) adds a hidden Jupyter display hook (Deno.jupyter.$display)", () => {
  const fig = displayableFigure({ data: [{ type: "scatter", x: [1], y: [2] }], layout: { title: { text: "T" } } });
  const bundle = (fig as any)[JUPYTER_DISPLAY]();
  assert.equal(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
  assert.deepEqual(bundle[PLOTLY_MIME].data, [{ type: "scatter", x: [1], y: [2] }]);
  assert.equal(bundle["text/plain"], "Figure: T");
  assert.deepEqual(Object.keys(fig), ["data", "layout"]);
  assert.equal(JSON.stringify(fig), '{"data":[{"type":"scatter","x":[1],"y":[2]}],"layout":{"title":{"text":"T"}}}');
});

Deno.test("baseLayout(options) is responsive unless a width is given", () => {
  const free = baseLayout({ title: "T" }) as any, fixed = baseLayout({ title: "T", width: 640 }) as any;
  assert.equal(free.width, undefined);
  assert.equal(free.autosize, true);
  assert.equal(fixed.width, 640);
});

/** CIELAB hue angle (degrees) of a hex colour. */
function labHue(hex: string): number {
  const lin = (c: number) => (c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  const [r, g, b] = [1, 3, 5].map((i) => lin(parseInt(hex.slice(i, i + 2), 16)));
  const f = (t: number) => t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116;
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047), y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return ((Math.atan2(200 * (y - z), 500 * (x - y)) * 180) / Math.PI + 360) % 360;
}

Deno.test("the four encoders drawn together in Fig. 5 differ in hue by ≥ 45°, so their pale ±sd bands do not look alike", () => {
  const encoders = ["mobilenet-v1-0.75", "mobilenet-v2-0.35", "nsfw-inception-v3", "nsfw-mobilenet-v2"];
  for (let i = 0; i < encoders.length; i++) {
    for (let j = i + 1; j < encoders.length; j++) {
      const d = Math.abs(labHue(seriesStyle(encoders[i]).color) - labHue(seriesStyle(encoders[j]).color));
      const apart = Math.min(d, 360 - d);
      assert.ok(apart >= 45, `${encoders[i]} and ${encoders[j]}: hues ${apart.toFixed(0)}° apart`);
    }
  }
});
