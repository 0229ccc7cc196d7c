/** perf kvm stat text reader: public surface (re-exported from src/index.ts). */
export { parsePerfKvmStatText, readPerfKvmStatText, MAX_LINE_CHARS as PERF_TEXT_MAX_LINE_CHARS, type StreamTableSink } from "./read";
export { createPerfTextParser, type PerfTextRow, type PerfTextParser } from "./parser";
export { perfKvmStatTextHandler, isItemStreamingHandler, type ItemStreamingHandler } from "./handler";
export { sniffPerfKvmStatText } from "./sniff";
export { renderPerfKvmStatText, renderPerfTextTable, perfKvmStatTextToCsv, perfTextTableToCsv, PERF_TEXT_CSV_HEADER } from "./render";
export { PERF_TEXT_CODES, PERF_TEXT_CODE_LIST, type PerfTextCode } from "./codes";
export { LAYOUTS as PERF_TEXT_LAYOUTS, COLUMNS as PERF_TEXT_COLUMNS, EVENT_LABELS as PERF_TEXT_EVENT_LABELS, type Layout as PerfTextLayout, type ColumnId as PerfTextColumnId } from "./layouts";
