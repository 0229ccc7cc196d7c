/**
 * The JSON contract of `vmexit parse --json` for cyclictest output
 * (docs/schemas/cyclictest.schema.json). All latencies are µs when `unit` is
 * known ("us" or "ns" as printed; values converted to µs); when the unit
 * cannot be decided, `unit` is null and the numbers are kept as printed.
 *
 * Fields marked optional (`?`) are additions to the contract of issue 4: the
 * parser always fills them, but code that builds results by hand may leave
 * them out.
 */
import type { Diagnostic } from "../model/diagnostic";

export interface CyclictestThread {
  thread: number | null;
  tid: number | null;
  priority: number | null;
  intervalUs: number | null;
  cycles: number | null;
  minUs: number | null;
  actUs: number | null;
  avgUs: number | null;
  maxUs: number | null;
  /** `SMI:` count with --smi, null otherwise. */
  smi?: number | null;
  /** CPU from the JSON (`-1` = no affinity), null when not known. */
  cpu?: number | null;
  /** 1-based line of the `T:` line this came from (null when it came from the JSON). */
  line?: number | null;
}

export interface CyclictestHistogramThread {
  thread: number;
  /** [latencyUs, count] pairs, in the order printed. */
  buckets: [number, number][];
  overflows: number | null;
  minUs: number | null;
  avgUs: number | null;
  maxUs: number | null;
  /** `# Total:` (in-range samples, rt-tests <= 2.6 only), null when not printed. */
  totalCount?: number | null;
  /** `# Thread N:` cycle numbers of the first overflows, null when not printed. */
  overflowCycles?: number[] | null;
  /** `# 00179 others`: overflows not listed in `overflowCycles`. */
  overflowCyclesOmitted?: number | null;
}

export interface CyclictestHistogram {
  /** Width of one bucket in µs (1 unless the unit is ns). */
  bucketUs: number;
  threads: CyclictestHistogramThread[];
  /** Where it came from: the text `# Histogram` block or the JSON `"histogram"` objects. */
  source?: "text" | "json";
  /**
   * "<=2.6": every bucket printed and a `# Total:` line; ">=2.7": empty buckets
   * left out and no `# Total:`; null when the block does not say (summary lines only).
   */
  rtTestsForm?: "<=2.6" | ">=2.7" | null;
  /** -H with several threads: the extra all-threads column was present (and checked). */
  hasSumColumn?: boolean;
}

/** An earlier run in a file that holds several (pasted terminal sessions). */
export interface CyclictestRun {
  /** 1-based line where the run starts. */
  line: number;
  commandLine: string | null;
  threads: CyclictestThread[];
}

/** Per-thread summary of `-v` (n:c:v) lines: cyclictest printed no `T:` line. */
export interface CyclictestVerboseThread {
  thread: number;
  samples: number;
  firstCycle: number;
  lastCycle: number;
  minUs: number;
  avgUs: number;
  maxUs: number;
}

export interface CyclictestSpike {
  thread: number;
  latencyUs: number;
  /** `TS:`, the wakeup time in µs of the measuring clock (µs since boot by default). */
  timestampUs: number;
}

export const CYCLICTEST_UNIT_SOURCES = ["json", "command-line", "field-widths", "option"] as const;
export type CyclictestUnitSource = (typeof CYCLICTEST_UNIT_SOURCES)[number];

export interface CyclictestResult {
  schemaVersion: 1;
  file: string;
  format: "cyclictest";
  threads: CyclictestThread[];
  histogram: CyclictestHistogram | null;
  /** The unit cyclictest printed in: "us", "ns", or null when it cannot be decided. */
  unit: "us" | "ns" | null;
  diagnostics: Diagnostic[];
  /** How `unit` was decided (null when it was not). */
  unitSource?: CyclictestUnitSource | null;
  /** The shapes of output found, e.g. ["live"], ["quiet", "histogram"], ["json"]. */
  shapes?: CyclictestShape[];
  /** The cyclictest command line found in the file (JSON `cmdline:`, a shell prompt, a `script` header). */
  commandLine?: string | null;
  /** `cyclictest V 2.40` or the JSON `rt_test_version:` ("2.10" may be 2.1 or 2.10). */
  version?: string | null;
  /** The scheduling policy from the live header (`fifo`, `rr`, `other/other`, ...). */
  policy?: string | null;
  /** `# /dev/cpu_dma_latency set to Nus`, null when absent. */
  dmaLatencyUs?: number | null;
  /** Live mode: how many frames were printed (the last one is the result). */
  frames?: number;
  /** Earlier runs when the file holds several; `threads` is the last run. */
  earlierRuns?: CyclictestRun[];
  /** `-v` output summarised per thread, null when there is none. */
  verbose?: { oscilloscope: boolean; threads: CyclictestVerboseThread[] } | null;
  /** `--spike` records, null when there are none. */
  spikes?: { count: number | null; records: CyclictestSpike[] } | null;
  /** The JSON `sysinfo`: uname fields and whether the kernel is PREEMPT_RT; null without JSON. */
  system?: { sysname: string | null; release: string | null; version: string | null; machine: string | null; realtime: boolean | null } | null;
  /** `-b` breaktrace lines. */
  breakTrace?: { threadIds: number[]; breakThread: number | null; breakValueUs: number | null } | null;
}

export const CYCLICTEST_SHAPES = ["live", "quiet", "verbose", "histogram", "json", "spikes", "breaktrace", "summary-only"] as const;
export type CyclictestShape = (typeof CYCLICTEST_SHAPES)[number];

/** Every diagnostic code the cyclictest reader emits (documented in docs/cyclictest.md). */
export const CYCLICTEST_DIAGNOSTIC_CODES = [
  "cyclictest/not-this-format",
  "cyclictest/no-results",
  "cyclictest/unreadable",
  "cyclictest/tool-warning",
  "cyclictest/tool-error",
  "cyclictest/tool-fatal",
  "cyclictest/priority-defaulted",
  "cyclictest/unit-unknown",
  "cyclictest/unit-conflict",
  "cyclictest/several-runs",
  "cyclictest/truncated",
  "cyclictest/partial-line",
  "cyclictest/wrapped-line",
  "cyclictest/overwritten-line",
  "cyclictest/refresh-on-max",
  "cyclictest/thread-not-started",
  "cyclictest/thread-count-mismatch",
  "cyclictest/histogram-sum-mismatch",
  "cyclictest/histogram-row-width",
  "cyclictest/histogram-order",
  "cyclictest/histogram-summary-only",
  "cyclictest/json-repaired",
  "cyclictest/json-invalid",
  "cyclictest/json-mismatch",
  "cyclictest/run-failed",
  "cyclictest/lookalike-lines",
  "cyclictest/garbled-line",
] as const;
export type CyclictestDiagnosticCode = (typeof CYCLICTEST_DIAGNOSTIC_CODES)[number];
