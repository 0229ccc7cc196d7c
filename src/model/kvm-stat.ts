/**
 * The JSON contract shared by every reader of `perf kvm stat` data (the text
 * parser and the perf.data reader). Published as docs/parse-output.schema.json;
 * tests validate every output against it. Numbers are exactly as printed; rows
 * keep perf's order. Later inputs extend this object; they never change the
 * meaning of a field.
 */
import type { Diagnostic } from "./diagnostic";

export const SCHEMA_VERSION = 1 as const;

/** Event kinds of `perf kvm stat report --event=...` (and arch-specific ones). */
export const KVM_EVENTS = ["vmexit", "ioport", "mmio", "msr", "hcall", "interrupt"] as const;
export type KvmEvent = (typeof KVM_EVENTS)[number] | string;

export const TABLE_MODES = ["report", "live"] as const;
export type TableMode = (typeof TABLE_MODES)[number];

export interface KvmStatScope {
  /** `--vcpu N`, or null for all vCPUs. */
  vcpu: number | null;
  /** `-p pid,...` of live mode, or null. */
  pids: number[] | null;
}

export interface KvmStatRow {
  /** The key as perf prints it (`MSR_WRITE`, `0xc090:POUT`, `UNKNOWN`). */
  name: string;
  /** Numeric exit code when known (from an `unknown kvm exit code:N` line, or perf.data). */
  exitCode: number | null;
  samples: number;
  samplesPct: number | null;
  timePct: number | null;
  minUs: number | null;
  maxUs: number | null;
  avgUs: number | null;
  /** perf's `( +- x% )`: the standard error of the mean relative to the mean, in percent. */
  stddevPct: number | null;
  /** perf.data only: name from the kernel's print-fmt table in the file. */
  kernelName?: string | null;
  /** perf.data only: duration percentiles (linear interpolation between closest ranks). */
  p50Us?: number | null;
  p90Us?: number | null;
  p99Us?: number | null;
  p999Us?: number | null;
}

export interface KvmStatTable {
  event: KvmEvent;
  mode: TableMode;
  /** Live-mode screen time `HH:MM:SS.uuuuuu`, else null. */
  timestamp: string | null;
  scope: KvmStatScope;
  rows: KvmStatRow[];
  totalSamples: number | null;
  totalTimeUs: number | null;
  lostEvents: number | null;
  /** perf.data only: first to last sample timestamp. */
  durationNs?: number | null;
  /** Text only: 1-based line of the `Analyze events` header, for messages. */
  line?: number;
}

export interface PerfKvmStatTextResult {
  schemaVersion: typeof SCHEMA_VERSION;
  file: string;
  format: "perf-kvm-stat-text";
  tables: KvmStatTable[];
  diagnostics: Diagnostic[];
}
