/**
 * vmexit-lab's public API: what notebooks and users import as `vmexit-lab`.
 *
 * The pipeline, drawn once:
 *
 *   perf kvm stat text ─┐
 *   perf.data.guest ────┼─► read (src/formats)  ─► parsed model (plain JSON)
 *   cyclictest output ──┘                               │
 *                                                       ▼
 *   experiment folder + manifest ─► load (src/experiment) ─► analysis (src/analysis):
 *       shares, rates, per-vCPU tables, distributions, comparisons, findings
 *                                                       │
 *                         ┌─────────────────────────────┤
 *                         ▼                             ▼
 *       charts (src/charts: Vega-Lite specs → SVG)   notebooks (tslab, src/notebook)
 *                         └──────────────┬──────────────┘
 *                                        ▼
 *            report (src/report: markdown-it templates → HTML → PDF)
 *
 * Modules here must stay loadable by tslab's TypeScript 5.0: extensionless
 * relative imports, no top-level await, no import.meta.
 */
export * from "./model";
export * from "./formats";
export * from "./cyclictest";
export { readInput } from "./formats/read-input";
export * from "./notebook";
export * from "./catalogue";
export * from "./perf-text";
export * from "./experiment";
export * from "./analysis";
export * from "./findings";
export { findingMessages, experimentMessages } from "./messages/findings";
export { writePerfData, createPerfDataWriter, createFileSink, VMX_EXIT_CODES, SVM_EXIT_CODES, type WriterExit, type PerfDataWriterOptions, type PerfDataSink, type PerfDataWriter } from "./perf-data/writer";
export * from "./charts";
export * from "./perf-data";
export * from "./report";
export { catalogueMessages } from "./messages/catalogue";
