/**
 * `report.*`: labelled outputs shown inside notebooks.
 *
 *   await report.figure("exit-share", spec, { title: "..." })
 *   report.table("summary", { columns, rows }, { title: "..." })
 *   report.finding("top-exit", { textZh: "..." })
 *   report.findings("compare", [ ... ])
 *   report.text("intro", "markdown ...")
 *
 * Each call sends one display_data bundle: the visible MIME types (Vega-Lite
 * + `<img>` SVG fallback for figures, HTML for tables and findings, markdown
 * for text, always text/plain) plus `application/vnd.vmexit-lab.output+json`
 * (see ./labels). The `*Bundle` builders are pure and return the bundle.
 */
import type { MimeBundle } from "./ipynb";
import {
  LABELLED_OUTPUT_MIME,
  assertLabel,
  type OutputFigureData,
  type OutputFinding,
  type LabelledFinding,
  type LabelledFindings,
  type LabelledFigure,
  type LabelledOutput,
  type OutputTableData,
  type LabelledTable,
  type LabelledText,
} from "./labels";
import { assertTable, escapeHtml, tableToHtml, tableToText } from "./tables";
import { tslabDisplaySink, type DisplaySink } from "./display";
import { notebookMessages } from "../messages/notebook";
import { chartMimeBundle } from "../charts/render";
import type { TopLevelSpec } from "vega-lite";
import type { Lang } from "../messages";

export interface OutputOptions {
  /** Title shown above the output and used as caption in the report (Chinese). */
  title?: string;
}

/** Renders a Vega-Lite spec: the SVG text and the visible MIME bundle (Vega-Lite MIME, `<img>` data-URL SVG). */
export interface FigureRenderer {
  render(spec: Record<string, unknown>, alt?: string): Promise<{ svg: string; bundle: MimeBundle }>;
}

/** `<img>` with an SVG data URL: nbconvert's HTML export blanks image/svg+xml, an image shows. */
export function svgImgTag(svg: string, alt = ""): string {
  return `<img alt="${escapeHtml(alt)}" src="data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}" style="max-width:100%">`;
}

/** The default renderer: src/charts' `chartMimeBundle` (vega is loaded on first use). */
export function defaultFigureRenderer(): FigureRenderer {
  return {
    async render(spec, alt) {
      const bundle = (await chartMimeBundle(spec as unknown as TopLevelSpec, alt)) as unknown as MimeBundle;
      const svg = bundle["image/svg+xml"];
      if (typeof svg !== "string") throw new Error("chartMimeBundle returned no image/svg+xml");
      return { svg, bundle };
    },
  };
}

function withLabel(bundle: MimeBundle, output: LabelledOutput, plain: string): MimeBundle {
  return { ...bundle, "text/plain": plain, [LABELLED_OUTPUT_MIME]: output };
}

function titleHtml(title: string | undefined): string {
  return title ? `<p style="font-weight:bold;margin:0.5em 0">${escapeHtml(title)}</p>\n` : "";
}

function specTitle(spec: Record<string, unknown>): string | undefined {
  const t = spec.title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string") return (t as { text: string }).text;
  return undefined;
}

/** The bundle of a figure (spec already rendered to `svg`). */
export function figureBundle(label: string, spec: Record<string, unknown>, svg: string, visible: MimeBundle, opts: OutputOptions = {}, lang: Lang = "zh"): MimeBundle {
  assertLabel(label);
  const title = opts.title ?? specTitle(spec);
  const data: OutputFigureData = { spec, svg };
  const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (size) {
    data.widthPx = Number(size[1]);
    data.heightPx = Number(size[2]);
  }
  const output: LabelledFigure = { label, kind: "figure", ...(title ? { title } : {}), data };
  return withLabel(visible, output, notebookMessages[lang].figurePlain(title ?? label));
}

export function tableBundle(label: string, table: OutputTableData, opts: OutputOptions = {}, lang: Lang = "zh"): MimeBundle {
  assertLabel(label);
  assertTable(table, label);
  const output: LabelledTable = { label, kind: "table", ...(opts.title ? { title: opts.title } : {}), data: table };
  return withLabel({ "text/html": titleHtml(opts.title) + tableToHtml(table, lang) }, output, (opts.title ? opts.title + "\n" : "") + tableToText(table, lang));
}

function findingLine(f: OutputFinding, lang: Lang): string {
  const text = lang === "en" && f.textEn ? f.textEn : f.textZh;
  return f.level && f.level !== "info" ? `${notebookMessages[lang].findingLevel[f.level]}：${text}` : text;
}

function assertFinding(f: OutputFinding, label: string): void {
  if (!f || typeof f.textZh !== "string") throw new Error(`finding '${label}': expected an object with a textZh string, got ${JSON.stringify(f)}`);
}

export function findingBundle(label: string, finding: OutputFinding, opts: OutputOptions = {}, lang: Lang = "zh"): MimeBundle {
  assertLabel(label);
  assertFinding(finding, label);
  const output: LabelledFinding = { label, kind: "finding", ...(opts.title ? { title: opts.title } : {}), data: finding };
  const line = findingLine(finding, lang);
  return withLabel({ "text/html": `${titleHtml(opts.title)}<blockquote>${escapeHtml(line)}</blockquote>`, "text/markdown": `> ${line}` }, output, line);
}

export function findingsBundle(label: string, findings: readonly OutputFinding[], opts: OutputOptions = {}, lang: Lang = "zh"): MimeBundle {
  assertLabel(label);
  if (!Array.isArray(findings)) throw new Error(`findings '${label}': expected an array of findings`);
  findings.forEach((f) => assertFinding(f, label));
  const m = notebookMessages[lang];
  const title = opts.title ?? m.findingsTitle;
  const output: LabelledFindings = { label, kind: "findings", title, data: { items: [...findings] } };
  const lines = findings.map((f) => findingLine(f, lang));
  const html =
    titleHtml(title) + (lines.length === 0 ? `<p>${escapeHtml(m.noFindings)}</p>` : `<ol>\n${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join("\n")}\n</ol>`);
  const plain = [title, ...(lines.length === 0 ? [m.noFindings] : lines.map((l, i) => `${i + 1}. ${l}`))].join("\n");
  return withLabel({ "text/html": html }, output, plain);
}

export function textBundle(label: string, markdownZh: string, opts: OutputOptions = {}): MimeBundle {
  assertLabel(label);
  if (typeof markdownZh !== "string") throw new Error(`text '${label}': expected a markdown string`);
  const output: LabelledText = { label, kind: "text", ...(opts.title ? { title: opts.title } : {}), data: { markdownZh } };
  return withLabel({ "text/markdown": markdownZh }, output, markdownZh);
}

export interface ReportOutputs {
  /** Renders the Vega-Lite spec and shows it; await it so the output stays in its cell. */
  figure(label: string, spec: object, opts?: OutputOptions): Promise<void>;
  table(label: string, table: OutputTableData, opts?: OutputOptions): void;
  finding(label: string, finding: OutputFinding, opts?: OutputOptions): void;
  findings(label: string, findings: readonly OutputFinding[], opts?: OutputOptions): void;
  text(label: string, markdownZh: string, opts?: OutputOptions): void;
}

export interface ReportOutputsOptions {
  /** Where bundles go (default: the running tslab kernel). */
  sink?: DisplaySink;
  renderer?: FigureRenderer;
  lang?: Lang;
}

/** Creates the `report` helpers with an injected sink and renderer. */
export function createReportOutputs(options: ReportOutputsOptions = {}): ReportOutputs {
  const sink = options.sink ?? tslabDisplaySink();
  const lang = options.lang ?? "zh";
  let renderer = options.renderer;
  const getRenderer = () => (renderer ??= defaultFigureRenderer());
  return {
    async figure(label, spec, opts) {
      assertLabel(label);
      if (!spec || typeof spec !== "object") throw new Error(`figure '${label}': expected a Vega-Lite spec object`);
      const plain = spec as Record<string, unknown>;
      const { svg, bundle } = await getRenderer().render(plain, opts?.title);
      sink(figureBundle(label, plain, svg, bundle, opts, lang));
    },
    table: (label, table, opts) => sink(tableBundle(label, table, opts, lang)),
    finding: (label, finding, opts) => sink(findingBundle(label, finding, opts, lang)),
    findings: (label, findings, opts) => sink(findingsBundle(label, findings, opts, lang)),
    text: (label, md, opts) => sink(textBundle(label, md, opts)),
  };
}

/** The `report` helpers for notebooks: output goes to the running tslab kernel. */
export const report: ReportOutputs = createReportOutputs();
