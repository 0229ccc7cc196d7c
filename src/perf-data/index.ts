/** The perf.data reader's public surface. */
export { readPerfData, DEFAULT_RATE_BUCKET_NS, DEFAULT_BINS_PER_DECADE, type PerfDataOptions } from "./read";
export { perfDataHandler, type PerfDataParseOptions } from "./handler";
export { renderPerfTable, renderPerfDataText, perfDataToCsv } from "./render";
export { percentileLinear, logHistogram, cFixed, type LogHistogram } from "./kvm/stats";
export { KVM_REPORT_EVENTS, type KvmReportEvent } from "./kvm/ops";
export { SORT_KEYS, type SortKey } from "./kvm/build";
export { parseFormatText, parseTracingData, type EventFormat, type TraceField } from "./tracing";
export type * from "./types";
