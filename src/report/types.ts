/**
 * The report's plain-data contracts.
 *
 * `ReportData` is everything a template can pull in: it is assembled from the
 * experiment (src/experiment, src/analysis, src/findings, src/catalogue) and
 * from the labelled outputs of executed notebooks (src/notebook). Every field
 * is JSON-able, so tests build one by hand and the pipeline can be stubbed at
 * this seam.
 */
import type { Diagnostic } from "../model/diagnostic";
import type { LabelledOutput } from "../notebook/labels";

/** A labelled notebook output (H6's contract, src/notebook/labels.ts) plus the notebook it came from. */
export type ReportOutput = LabelledOutput & { source?: string };

export interface ReportFactor {
  id: string;
  labelZh: string;
  levels: { id: string; labelZh: string }[];
}

export interface ReportRun {
  id: string;
  labelZh: string;
  factors: Record<string, string>;
  durationS: number | null;
  commands: Record<string, string>;
}

export interface ReportExperiment {
  id: string;
  titleZh: string;
  descriptionZh: string | null;
  synthetic: boolean;
  factors: ReportFactor[];
  runs: ReportRun[];
}

export interface RunTableRow {
  name: string;
  samples: number;
  samplesPct: number | null;
  timePct: number | null;
  avgUs: number | null;
  stddevPct: number | null;
  ratePerS: number | null;
}

export interface RunTable {
  runId: string;
  labelZh: string;
  totalSamples: number | null;
  totalTimeUs: number | null;
  durationS: number | null;
  rows: RunTableRow[];
}

export interface CyclictestRow {
  runId: string;
  labelZh: string;
  minUs: number | null;
  avgUs: number | null;
  maxUs: number | null;
  cycles: number | null;
}

export interface GlossaryEntry {
  name: string;
  meaningZh: string | null;
  handlingZh: string | null;
  categoryZh: string | null;
}

export interface ReportFinding {
  textZh: string;
  /** e.g. strong / weak / few-samples, shown as a tag when present. */
  strengthZh?: string | null;
}

export interface FollowUpItem {
  reason: string;
  direction: "up" | "down";
}

export interface ReportData {
  experiment: ReportExperiment;
  runTables: RunTable[];
  cyclictest: CyclictestRow[];
  glossary: GlossaryEntry[];
  findings: ReportFinding[];
  followUp: FollowUpItem[];
  /** Labelled notebook outputs by label. */
  outputs: Record<string, ReportOutput>;
  /** Notebooks that failed (their messages), for the missing-label errors. */
  notebookErrors?: string[];
  /** Built-in charts drawn for `{{ chart ... }}` directives, keyed by `chartKey(call)`. */
  charts?: Record<string, RenderedChart>;
  diagnostics: Diagnostic[];
}

export interface RenderedChart {
  svg: string;
  /** The chart's own title, used as the caption (the SVG is drawn without it). */
  title: string | null;
}

/** Front matter of a template. */
export interface ReportMeta {
  title: string;
  subtitle: string | null;
  author: string | null;
  date: string | null;
  experiment: string | null;
  /** Notebooks to execute, relative to the template's folder (then the package root). */
  notebooks: string[];
  lang: "zh" | "en";
}

/** A problem in a template: always names the file and 1-based line. */
export interface TemplateError {
  code: string;
  file: string;
  line: number;
  message: string;
}

export function formatTemplateError(e: TemplateError): string {
  return `${e.file}:${e.line}: error: ${e.message} [${e.code}]`;
}

/** A structured table, before rendering to HTML or Markdown. Cells are plain text (escaped by the renderer). */
export interface TableBlock {
  type: "table";
  title: string | null;
  /** `markdown: true`: the column's cells are trusted inline Markdown (catalogue text), rendered with raw HTML disabled. */
  columns: { text: string; align?: "left" | "right" | "center"; markdown?: boolean }[];
  rows: string[][];
  note?: string | null;
  /** Extra CSS class (e.g. "follow-up"). */
  className?: string;
}

/**
 * The resolved document: Markdown text from the template interleaved with
 * blocks produced by directives. Renderers (HTML, Markdown) walk this list.
 */
export type ReportBlock =
  | { type: "markdown"; text: string; line: number }
  | TableBlock
  | { type: "figure"; label: string; title: string | null; svg: string }
  | { type: "list"; ordered: boolean; items: string[]; className?: string }
  | { type: "paragraph"; text: string; className?: string }
  | { type: "code"; lang: string; text: string }
  | { type: "steps"; steps: { text: string; code: string | null; note?: string | null }[] }
  | { type: "toc" };
