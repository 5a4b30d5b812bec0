/**
 * Figure captions for the figure pages (figures/*.html): what is plotted, the axes with their units, data, models and
 * the run (preset). A section passes what it knows as a {@link FigureCaption}; anything left out is filled in from the
 * figure itself (title, axis titles), so every page carries a caption.
 * @module
 */
import { checkKnownKeys, checkType } from "../core/errors.ts";
import { escapeHtml } from "./html.ts";
import { figureTitle, type PlotlyFigure } from "./style.ts";

/** What a figure page says under the plot. Every field is optional; see {@link captionLines}. */
export interface FigureCaption {
  /** What is plotted, one sentence (default: the figure title). */
  text?: string;
  /** Units of the plotted values, e.g. "GW cost / n²" (default: the axis titles). */
  units?: string;
  /** Data sets and subsets, e.g. ["imagenet100, best subset per size (one seed)"]. */
  data?: string | readonly string[];
  /** Models, e.g. ["vision: mobilenet-v1-0.75", "language: use-lite"]. */
  models?: string | readonly string[];
  /** The run, e.g. "deno task study, quick preset". */
  run?: string;
  /** The paper's counterpart, e.g. "Fig. 6". */
  paper?: string;
  /** Further sentences (what differs from the paper, what an off-scale marker means, …). */
  notes?: readonly string[];
}

/** Keys of {@link FigureCaption}. */
export const CAPTION_KEYS = ["text", "units", "data", "models", "run", "paper", "notes"] as const;

function axisTitle(layout: Record<string, unknown>, axis: string): string {
  const a = layout[axis] as { title?: string | { text?: string } } | undefined;
  const t = typeof a?.title === "string" ? a.title : a?.title?.text;
  return (t ?? "").replace(/<[^>]*>/g, "").trim();
}

function list(value: string | readonly string[] | undefined): string {
  if (value === undefined) return "";
  return (typeof value === "string" ? [value] : [...value]).filter((v) => v.length > 0).join("; ");
}

/**
 * The caption as labelled plain-text lines (["Plotted: …", "Axes: …", "Data: …", …]); empty fields are left out.
 * Example: `captionLines(fig, {units: "cost / n²", run: "quick preset"})`.
 */
export function captionLines(figure: PlotlyFigure, caption: FigureCaption = {}): string[] {
  const fn = "captionLines";
  checkType(caption !== null && typeof caption === "object", fn, "caption must be an object");
  checkKnownKeys(caption, CAPTION_KEYS, fn);
  const layout = figure.layout ?? {};
  const x = axisTitle(layout, "xaxis"), y = axisTitle(layout, "yaxis");
  const axes = [x && `x = ${x}`, y && `y = ${y}`].filter(Boolean).join(", ");
  const lines: [string, string][] = [
    ["Plotted", caption.text ?? figureTitle(figure)],
    ["Axes", axes],
    ["Units", caption.units ?? ""],
    ["Data", list(caption.data)],
    ["Models", list(caption.models)],
    ["Run", caption.run ?? ""],
    ["Paper", caption.paper ?? ""],
    ["Notes", list(caption.notes)],
  ];
  return lines.filter(([, v]) => v.length > 0).map(([k, v]) => `${k}: ${v}`);
}

/** The caption as an HTML `<figcaption>` (escaped text, one line per field). */
export function captionHtml(figure: PlotlyFigure, caption: FigureCaption = {}): string {
  const rows = captionLines(figure, caption).map((line) => {
    const colon = line.indexOf(": ");
    return `<div><b>${escapeHtml(line.slice(0, colon))}:</b> ${escapeHtml(line.slice(colon + 2))}</div>`;
  });
  return `<figcaption class="caption">\n${rows.join("\n")}\n</figcaption>`;
}
