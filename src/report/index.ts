/**
 * Reports: experiment + template → Chinese HTML, PDF and Markdown.
 * The pipeline is drawn in ./generate.ts; templates are described in docs/report.md.
 */
export {
  generateReport,
  resolveNotebookPaths,
  DEFAULT_TEMPLATE,
  REPORT_FORMATS,
  isReportFormat,
  type ReportDeps,
  type ReportOptions,
  type ReportOutcome,
  type ReportFormat,
  type LoadedReportData,
} from "./generate";
export { parseTemplate, parseDirectiveBody, type ParsedTemplate, type DirectiveCall, type TemplateSegment } from "./template";
export { resolveTemplate, DIRECTIVES, type Directive, type ResolvedTemplate } from "./directives";
export { renderBody, renderDocument, sanitizeSvg, type Heading, type HtmlBody } from "./render-html";
export { renderMarkdownReport, type MarkdownReport } from "./render-md";
export { buildReportData, loadReportData } from "./data";
export { defaultReportDeps } from "./deps";
export { resolveReportFont, NoCjkFontError, FONT_PACKAGE, type ReportFont } from "./fonts";
export { createBrowserProvider, BrowserUnavailableError, type BrowserProvider } from "./browser";
export { htmlToPdf, ExternalRequestError } from "./pdf";
export { escapeHtml, escapeMarkdown } from "./escape";
export { formatTemplateError } from "./types";
export type {
  ReportData,
  ReportMeta,
  ReportBlock,
  ReportExperiment,
  ReportRun,
  RunTable,
  RunTableRow,
  CyclictestRow,
  GlossaryEntry as ReportGlossaryEntry,
  ReportFinding,
  FollowUpItem,
  TemplateError,
  TableBlock,
  RenderedChart,
  ReportOutput,
} from "./types";
