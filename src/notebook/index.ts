/**
 * Notebooks: labelled outputs for the report, display helpers for tslab, and
 * the headless runner (`runNotebook`), which executes a notebook in a child
 * process with tslab's converter and executor, without Python or Jupyter.
 */
export type { Notebook, Cell, CodeCell, MarkdownCell, CellOutput, MimeBundle, DisplayDataOutput, StreamOutput, ErrorOutput, ExecuteResultOutput } from "./ipynb";
export {
  LABELLED_OUTPUT_MIME,
  LABELLED_OUTPUT_KINDS,
  LABEL_PATTERN,
  OUTPUT_FINDING_LEVELS,
  isLabelledOutputKind,
  assertLabel,
  extractLabelledOutputs,
  type LabelledOutputKind,
  type LabelledOutput,
  type LocatedLabelledOutput,
  type ExtractedLabelledOutputs,
  type LabelledFigure,
  type LabelledTable,
  type LabelledFinding,
  type LabelledFindings,
  type LabelledText,
  type OutputFigureData,
  type OutputTableData,
  type OutputTableColumn,
  type OutputTableCell,
  type OutputFinding,
  type OutputFindings,
  type OutputText,
  type OutputFindingLevel,
} from "./labels";
export { tableToHtml, tableToText, columnHeader } from "./tables";
export { tslabDisplaySink, type DisplaySink } from "./display";
export {
  report,
  createReportOutputs,
  figureBundle,
  tableBundle,
  findingBundle,
  findingsBundle,
  textBundle,
  svgImgTag,
  type ReportOutputs,
  type ReportOutputsOptions,
  type FigureRenderer,
  type OutputOptions,
} from "./outputs";
export {
  runNotebook,
  parseNotebook,
  stringifyNotebook,
  formatFailure,
  type RunNotebookOptions,
  type RunNotebookResult,
  type CellFailure,
} from "./run";
export { PARAMETERS_TAG, INJECTED_PARAMETERS_TAG, parseParamArg, injectParameters, type ParamValue } from "./params";
export type { CellError } from "./protocol";
export { notebookIO } from "./io";
export { diagnosticSummary, type DiagnosticSummaryOptions } from "./diagnostics";
