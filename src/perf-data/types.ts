/**
 * The JSON that `vmexit parse --json FILE.data` prints: the same contract as
 * the text parser (src/model/kvm-stat.ts) with `"format": "perf-data"`, plus
 * what perf cannot show. Published as docs/schemas/perf-data.schema.json.
 * Timestamps are ns relative to the first sample; `firstSampleNs` is the
 * absolute perf clock of that sample as a decimal string (it may exceed 2^53).
 */
import type { KvmStatRow, KvmStatTable } from "../model/kvm-stat";
import type { Diagnostic } from "../model/diagnostic";
import type { RecordingMetadata } from "./header";
import type { LogHistogram } from "./kvm/stats";

export interface PerfDataRow extends KvmStatRow {
  kernelName: string | null;
  p50Us: number | null;
  p90Us: number | null;
  p99Us: number | null;
  p999Us: number | null;
  /** Exact values behind the printed columns. */
  timeNs: number;
  minNs: number;
  maxNs: number;
  meanNs: number;
  histogram: LogHistogram;
}

export interface PerfDataTable extends KvmStatTable {
  rows: PerfDataRow[];
  durationNs: number | null;
  /** What one duration measures (x86 exit→entry, arm64 entry→exit, ...). */
  measures: string;
  /** ISA whose exit-reason table named the rows (vmexit), as perf chooses it. */
  isa: string | null;
  sortKey: string;
}

export interface VcpuMatrix {
  event: string;
  /** Row names (in perf's all-vCPU order); several codes can print as UNKNOWN, so exitCodes tells them apart. */
  names: string[];
  /** Parallel to names: the exit code (vmexit), else null. */
  exitCodes: Array<number | null>;
  vcpus: Array<{ vcpu: number; samples: number[]; timeNs: number[]; totalSamples: number; totalTimeNs: number }>;
}

export interface VmThread {
  tid: number;
  comm: string | null;
  vcpu: number | null;
  samples: number;
  timeNs: number;
}

export interface VmSplit {
  pid: number;
  comm: string | null;
  threads: VmThread[];
  rows: Array<{ name: string; exitCode: number | null; samples: number; timeNs: number; avgUs: number }>;
  totalSamples: number;
  totalTimeNs: number;
}

export interface ExitRateSeries {
  /** What is counted: every kvm_exit sample, paired or not. */
  counts: number[];
  bucketNs: number;
  /** Start of bucket 0, relative to the first sample (buckets are aligned on the absolute perf clock). */
  startNs: number;
  /** Exits beyond the longest series kept (1e6 buckets); 0 normally. */
  droppedExits: number;
}

export interface HaltSplit {
  /** Exit reasons counted as guest idle (HLT on VMX, hlt on SVM, WFx on arm64). */
  haltNames: string[];
  haltSamples: number;
  haltTimeNs: number;
  handlingSamples: number;
  handlingTimeNs: number;
  /** Share of the total time that is guest idle rather than exit handling. */
  haltTimePct: number | null;
  handlingAvgUs: number | null;
}

export interface LostAccounting {
  lostEvents: number;
  lostRecords: number;
  lostSamplesRecords: number;
  /** Counted pairs whose exit was pending on a CPU when events were lost there (possibly mismatched). */
  suspectPairs: number;
  /** Samples in the file per event name. */
  samplesByEvent: Record<string, number>;
  outOfOrderEvents: number;
}

export interface PerfDataMetadata extends RecordingMetadata {
  mode: "file" | "pipe" | null;
  byteOrder: "little" | "big" | null;
  /** Architecture of the kvm tracepoints (x86 or arm64), from their fields. */
  kvmArch: string;
  /** Absolute perf clock of the first sample, ns, decimal string. */
  firstSampleNs: string | null;
  /** Last sample, relative to the first, ns. */
  lastSampleNs: number | null;
  events: string[];
  records: Record<string, number>;
}

export interface PerfDataResult {
  schemaVersion: 1;
  file: string;
  format: "perf-data";
  tables: PerfDataTable[];
  vcpuMatrix: VcpuMatrix | null;
  vms: VmSplit[];
  rate: ExitRateSeries | null;
  halt: HaltSplit | null;
  lost: LostAccounting;
  metadata: PerfDataMetadata;
  diagnostics: Diagnostic[];
}
