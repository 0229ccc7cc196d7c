/**
 * Notebooks: labelled outputs for the report, display helpers for tslab, and
 * the headless runner (`runNotebook`), which executes a notebook in a child
 * process with tslab's converter and executor, without Python or Jupyter.
 */
export type { Notebook, Cell, CodeCell, MarkdownCell, CellOutput, MimeBundle, DisplayDataOutput, StreamOutput, ErrorOutput, ExecuteResultOutput } from "./ipynb";
export * from "./labels";
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
