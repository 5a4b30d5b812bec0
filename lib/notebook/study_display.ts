/**
 * Running and showing a study section in a notebook: `runNotebookSection(settings)` runs it once (memoised) with a
 * live progress bar; then its figures for one paper figure (caption, then the Plotly figure), one named table, what
 * the run found (computed, {@link showSummary}) and the run's notes (models, data, preset, what differs from the
 * paper). Each is one call, so a notebook cell stays "run the section, show one thing".
 * @module
 */
import { checkKnownKeys, checkRange, checkType } from "../core/errors.ts";
import { type NotebookPreset, runStudySection, type SectionOverrides } from "../studies/notebook_run.ts";
import type { StudyOutput } from "../studies/study.ts";
import {
  displayFigure,
  type DisplayFunction,
  displayTable,
  liveProgress,
  type LiveProgressOptions,
  type MimeBundle,
} from "./display.ts";
import { sectionSummary } from "./summaries.ts";

/** Options of {@link showFigures}. */
export interface ShowFiguresOptions {
  /** Show only figures whose paper counterpart mentions this, e.g. "Fig. 2" (matched as a whole label). */
  paper?: string;
  /** Publisher instead of the Deno kernel's `Deno.jupyter.display` (tests, other front ends). */
  display?: DisplayFunction;
}

/** Options of {@link showTable} and {@link showNotes}. */
export interface ShowTableOptions {
  /** Decimals of numbers (default that of `displayTable`). */
  decimals?: number;
  /** Publisher instead of `Deno.jupyter.display`. */
  display?: DisplayFunction;
}

function kernelDisplay(bundle: MimeBundle): Promise<void> {
  const jupyter =
    (Deno as unknown as { jupyter?: { display(b: MimeBundle, o: { raw: boolean }): Promise<void> } }).jupyter;
  if (!jupyter) {
    throw new Error("study display: not running in the Deno Jupyter kernel (pass options.display elsewhere)");
  }
  return jupyter.display(bundle, { raw: true });
}

function markdown(text: string): MimeBundle {
  return { "text/markdown": text, "text/plain": text };
}

function checkOutput(output: StudyOutput, fn: string): void {
  checkType(
    output !== null && typeof output === "object" && typeof output.figures === "object" &&
      typeof output.tables === "object",
    fn,
    "output must be a StudyOutput {section, tables, figures, meta}",
  );
}

/** True when the paper label list `paper` (e.g. "Fig. 2, 7") names `wanted` ("Fig. 2", not "Fig. 12"). */
export function paperLabelMatches(paper: string, wanted: string): boolean {
  const escaped = wanted.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^0-9A-Za-z])${escaped}(?![0-9])`).test(paper);
}

/**
 * Shows the figures of `output` (all, or those whose paper counterpart matches `options.paper`), each as a Markdown
 * caption followed by the Plotly figure. When none matches, shows a note saying so and why (the run's notes).
 */
export async function showFigures(output: StudyOutput, options: ShowFiguresOptions = {}): Promise<void> {
  const fn = "showFigures";
  checkOutput(output, fn);
  checkKnownKeys(options, ["paper", "display"], fn);
  checkType(
    options.paper === undefined || typeof options.paper === "string",
    fn,
    `paper must be a string, got ${typeof options.paper}`,
  );
  const display = options.display ?? kernelDisplay;
  const entries = Object.entries(output.figures).filter(([, f]) =>
    options.paper === undefined || paperLabelMatches(f.paper, options.paper)
  );
  if (entries.length === 0) {
    const what = options.paper ? `for ${options.paper} ` : "";
    await display(
      markdown(`*No figure ${what}in this run of section ${output.section}.* ${output.meta.notes.join(" ")}`),
    );
    return;
  }
  for (const [name, entry] of entries) {
    await display(markdown(`**${entry.paper}** (\`${name}\`): ${entry.caption}`));
    await displayFigure(entry.figure, { display });
  }
}

/** Shows the table `name` of `output`; throws a RangeError listing the available names when it has none such. */
export async function showTable(output: StudyOutput, name: string, options: ShowTableOptions = {}): Promise<void> {
  const fn = "showTable";
  checkOutput(output, fn);
  checkKnownKeys(options, ["decimals", "display"], fn);
  checkRange(
    typeof name === "string" && Object.hasOwn(output.tables, name),
    fn,
    `name must be one of ${Object.keys(output.tables).join(", ")}, got '${name}'`,
  );
  const { display, decimals } = options;
  await displayTable(output.tables[name], {
    display: display ?? kernelDisplay,
    ...(decimals === undefined ? {} : { decimals }),
  });
}

/** The run's notes as Markdown: preset, paper counterpart, models, data sets and the notes of the section. */
export function studyNotesMarkdown(output: StudyOutput): string {
  checkOutput(output, "studyNotesMarkdown");
  const { meta } = output;
  const list = (items: readonly string[]) => items.length ? items.map((s) => `- ${s}`).join("\n") : "- (none)";
  return [
    `**Section ${output.section}: ${output.title}** — paper: ${meta.paper}; preset: \`${meta.preset || "?"}\``,
    `\n**Models**\n${list(meta.models)}`,
    `\n**Data**\n${list(meta.datasets)}`,
    `\n**Notes**\n${list(meta.notes)}`,
  ].join("\n");
}

/** Shows {@link studyNotesMarkdown} of `output`. */
export async function showNotes(output: StudyOutput, options: Pick<ShowTableOptions, "display"> = {}): Promise<void> {
  checkKnownKeys(options, ["display"], "showNotes");
  await (options.display ?? kernelDisplay)(markdown(studyNotesMarkdown(output)));
}

/** A section notebook's settings cell: which section, which preset, and config keys to change (undefined = keep). */
export interface NotebookRunSettings {
  /** Section id ("3", "5.1", …). */
  section: string;
  /** Preset (default: BLIND_MATCH_PRESET, else "quick"). */
  preset?: NotebookPreset;
  /** Config keys of the section to replace (`notebookSettings(section)` lists them); undefined values keep the preset's. */
  overrides?: SectionOverrides;
}

/**
 * Runs the section of `settings` (memoised: later cells with the same settings reuse the run) and shows a progress
 * bar that updates in place while the jobs run (only in the cell that starts the run).
 */
export function runNotebookSection(
  settings: NotebookRunSettings,
  options: Pick<LiveProgressOptions, "display" | "everyMs"> = {},
): Promise<StudyOutput> {
  const fn = "runNotebookSection";
  checkType(
    settings !== null && typeof settings?.section === "string",
    fn,
    "settings must be {section, preset?, overrides?}",
  );
  checkKnownKeys(settings, ["section", "preset", "overrides"], fn);
  checkKnownKeys(options, ["display", "everyMs"], fn);
  let progress: ReturnType<typeof liveProgress> | null = null;
  let pending: Promise<void> = Promise.resolve();
  const run = runStudySection(settings.section, settings.preset, settings.overrides ?? {}, {
    onProgress: (p) => {
      progress ??= liveProgress(`Sec. ${settings.section}`, { unit: "jobs", ...options });
      const bar = progress;
      pending = pending.then(() => bar.update(p.done, p.total)).catch(() => {});
    },
  });
  return run.then(async (output) => {
    await pending;
    return output;
  });
}

/** Shows {@link sectionSummary} of `output`: what this run found, computed from its tables. */
export async function showSummary(output: StudyOutput, options: Pick<ShowTableOptions, "display"> = {}): Promise<void> {
  checkOutput(output, "showSummary");
  checkKnownKeys(options, ["display"], "showSummary");
  await (options.display ?? kernelDisplay)(markdown(sectionSummary(output)));
}
