/** perf.data writer (for tests, benchmarks and the bundled example). */
export type {
  ByteOrder,
  WriterIsa,
  WriterExit,
  WriterPio,
  WriterMmio,
  WriterMsr,
  PerfDataWriterOptions,
  PerfDataSink,
  PerfDataWriteSummary,
} from "./types";
export { BYTE_ORDERS, WRITER_ISAS } from "./types";
export { createPerfDataWriter, writePerfData, createMemorySink, type PerfDataWriter } from "./write";
export { createFileSink, type FileSink, type FileSinkFs } from "./file-sink";
export { VMX_EXIT_CODES, SVM_EXIT_CODES, ARM64_EXIT_TYPES, ARM64_EXCEPTION_CLASSES } from "./exit-codes";
export { seededRandom } from "./random";
