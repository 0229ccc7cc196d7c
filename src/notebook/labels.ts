/**
 * Labelled outputs: what a notebook hands to the report generator.
 *
 * Inside a notebook, `report.figure("exit-share", spec)`, `report.table(...)`,
 * `report.finding(...)` / `report.findings(...)` and `report.text(...)` show
 * the output normally (Vega-Lite + SVG image, HTML table, markdown) and add
 * one more MIME type to the same display_data bundle:
 *
 *   application/vnd.vmexit-lab.output+json = { label, kind, title?, data }
 *
 * Jupyter front ends ignore the unknown MIME type; the executed .ipynb keeps
 * it, and `extractLabelledOutputs(ipynb)` picks the outputs up again by label.
 * These types are a contract with the report generator (src/report): extend
 * them, do not rename fields.
 */
import type { Diagnostic } from "../model/diagnostic";
import type { Notebook } from "./ipynb";

/** The MIME type that carries a labelled output inside a display_data bundle. */
export const LABELLED_OUTPUT_MIME = "application/vnd.vmexit-lab.output+json" as const;

export const LABELLED_OUTPUT_KINDS = ["figure", "table", "finding", "findings", "text"] as const;
export type LabelledOutputKind = (typeof LABELLED_OUTPUT_KINDS)[number];
export function isLabelledOutputKind(x: unknown): x is LabelledOutputKind {
  return typeof x === "string" && (LABELLED_OUTPUT_KINDS as readonly string[]).includes(x);
}

/** Labels: letters and digits joined by `-`, `_` or `.` (e.g. `exit-share`, `summary.run-a`, `effect-guestKernel`). */
export const LABEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A chart: its Vega-Lite spec and the SVG rendered from it (for HTML/PDF reports). */
export interface OutputFigureData {
  /** Vega-Lite spec (plain JSON, data inlined). */
  spec: Record<string, unknown>;
  /** The chart rendered to SVG (standalone `<svg>` document text). */
  svg: string;
  /** Width/height of the SVG in CSS pixels, when known. */
  widthPx?: number;
  heightPx?: number;
}

export type OutputTableCell = string | number | boolean | null;

export interface OutputTableColumn {
  /** Key into each row. */
  key: string;
  /** Header shown in Chinese, without the unit, e.g. "平均耗时". */
  labelZh: string;
  labelEn?: string;
  /** Unit shown after the header, e.g. "µs", "%", "次/秒". */
  unit?: string;
  /** Numbers are right-aligned by default, text left-aligned. */
  align?: "left" | "right";
  /** Decimal places for numbers (default: as given). */
  digits?: number;
  /** Show a "+" before positive numbers (changes, deltas). */
  signed?: boolean;
}

export interface OutputTableData {
  columns: OutputTableColumn[];
  rows: Array<Record<string, OutputTableCell>>;
  /** Optional note shown under the table (Chinese). */
  noteZh?: string;
}

export const OUTPUT_FINDING_LEVELS = ["info", "notice", "warning"] as const;
export type OutputFindingLevel = (typeof OUTPUT_FINDING_LEVELS)[number];

/** One finding: a sentence for people and the structured facts behind it. */
export interface OutputFinding {
  /** Stable id of the finding rule, e.g. `compare/exit-count-drop`. */
  id?: string;
  level?: OutputFindingLevel;
  /** The finding in Chinese (one or two sentences, plain text or inline markdown). */
  textZh: string;
  textEn?: string;
  /** The numbers the sentence was made from (plain JSON). */
  facts?: Record<string, unknown>;
}

export interface OutputFindings {
  items: OutputFinding[];
}

export interface OutputText {
  /** Markdown text (Chinese). */
  markdownZh: string;
  markdownEn?: string;
}

interface LabelledOutputBase<K extends LabelledOutputKind, D> {
  label: string;
  kind: K;
  /** Chinese title, e.g. the figure caption. */
  title?: string;
  data: D;
}

export type LabelledFigure = LabelledOutputBase<"figure", OutputFigureData>;
export type LabelledTable = LabelledOutputBase<"table", OutputTableData>;
export type LabelledFinding = LabelledOutputBase<"finding", OutputFinding>;
export type LabelledFindings = LabelledOutputBase<"findings", OutputFindings>;
export type LabelledText = LabelledOutputBase<"text", OutputText>;

/** The payload of the `application/vnd.vmexit-lab.output+json` MIME type. */
export type LabelledOutput = LabelledFigure | LabelledTable | LabelledFinding | LabelledFindings | LabelledText;

/** A labelled output found in an executed notebook, with where it came from. */
export type LocatedLabelledOutput = LabelledOutput & {
  /** 0-based index of the cell in the notebook. */
  cellIndex: number;
  cellId?: string;
};

export interface ExtractedLabelledOutputs {
  /** In notebook order. When a label repeats, every occurrence is listed and a diagnostic is added. */
  outputs: LocatedLabelledOutput[];
  /** Label → the last output with that label. */
  byLabel: Record<string, LocatedLabelledOutput>;
  diagnostics: Diagnostic[];
}

/** Throws when `label` is not a valid label (API misuse). */
export function assertLabel(label: unknown): asserts label is string {
  if (typeof label !== "string" || !LABEL_PATTERN.test(label)) {
    throw new Error(`invalid output label: ${JSON.stringify(label)} (expected letters, digits, '-', '_' or '.', e.g. "exit-share")`);
  }
}

function checkPayload(p: unknown): string | null {
  if (typeof p !== "object" || p === null) return "is not an object";
  const o = p as Record<string, unknown>;
  if (typeof o.label !== "string" || !LABEL_PATTERN.test(o.label)) return `has no valid label (got ${JSON.stringify(o.label)})`;
  if (!isLabelledOutputKind(o.kind)) return `has unknown kind ${JSON.stringify(o.kind)} (expected ${LABELLED_OUTPUT_KINDS.join(", ")})`;
  if (typeof o.data !== "object" || o.data === null) return "has no data object";
  const d = o.data as Record<string, unknown>;
  const need: Record<LabelledOutputKind, () => string | null> = {
    figure: () => (typeof d.svg === "string" && typeof d.spec === "object" ? null : "figure data needs spec and svg"),
    table: () => (Array.isArray(d.columns) && Array.isArray(d.rows) ? null : "table data needs columns and rows"),
    finding: () => (typeof d.textZh === "string" ? null : "finding data needs textZh"),
    findings: () => (Array.isArray(d.items) ? null : "findings data needs items"),
    text: () => (typeof d.markdownZh === "string" ? null : "text data needs markdownZh"),
  };
  return need[o.kind]();
}

/**
 * Finds every labelled output in an executed notebook (parsed .ipynb JSON).
 * `file` is only used in diagnostics. Malformed payloads are skipped with a
 * diagnostic (`notebook/bad-labelled-output`); a repeated label gives
 * `notebook/duplicate-label` and the last one wins in `byLabel`.
 */
export function extractLabelledOutputs(nb: Notebook, file = "notebook.ipynb"): ExtractedLabelledOutputs {
  const outputs: LocatedLabelledOutput[] = [];
  const byLabel: Record<string, LocatedLabelledOutput> = {};
  const diagnostics: Diagnostic[] = [];
  if (!nb || !Array.isArray(nb.cells)) {
    diagnostics.push({ code: "notebook/not-a-notebook", severity: "error", message: "the file has no 'cells' list; expected a Jupyter notebook (nbformat 4)", file });
    return { outputs, byLabel, diagnostics };
  }
  nb.cells.forEach((cell, cellIndex) => {
    if (cell.cell_type !== "code" || !Array.isArray(cell.outputs)) return;
    for (const out of cell.outputs) {
      if (out.output_type !== "display_data" && out.output_type !== "execute_result") continue;
      let payload = out.data?.[LABELLED_OUTPUT_MIME];
      if (payload === undefined) continue;
      if (typeof payload === "string") {
        try {
          payload = JSON.parse(payload);
        } catch {
          payload = null;
        }
      }
      const problem = checkPayload(payload);
      if (problem) {
        diagnostics.push({
          code: "notebook/bad-labelled-output",
          severity: "warning",
          message: `cell ${cellIndex + 1}: a ${LABELLED_OUTPUT_MIME} output ${problem}; skipped`,
          file,
        });
        continue;
      }
      const located = { ...(payload as LabelledOutput), cellIndex, ...(cell.id ? { cellId: cell.id } : {}) } as LocatedLabelledOutput;
      if (byLabel[located.label]) {
        diagnostics.push({
          code: "notebook/duplicate-label",
          severity: "warning",
          message: `cell ${cellIndex + 1}: label '${located.label}' was already used in cell ${byLabel[located.label].cellIndex + 1}; the later output is used`,
          file,
        });
      }
      outputs.push(located);
      byLabel[located.label] = located;
    }
  });
  return { outputs, byLabel, diagnostics };
}

/*
 * Short names used by src/report. They are not re-exported from the package
 * root (`FigureData`, `TableData`, ... are too generic for one flat API); the
 * package exports the `Output*` names.
 */
export type FigureData = OutputFigureData;
export type TableData = OutputTableData;
export type TableColumn = OutputTableColumn;
export type TableCell = OutputTableCell;
export type FindingData = OutputFinding;
export type FindingsData = OutputFindings;
export type TextData = OutputText;
