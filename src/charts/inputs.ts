/**
 * What the chart builders take. Minimal structural types, so that the
 * analysis outputs (src/analysis), the perf.data reader (src/perf-data) and
 * hand-written notebook data all fit without conversion. Every number carries
 * its unit in its name.
 */
import type { KvmStatRow } from "../model/kvm-stat";
import type { CyclictestResult } from "../cyclictest/types";

export const CHART_LANGS = ["zh", "en"] as const;
export type ChartLang = (typeof CHART_LANGS)[number];

/** One configuration (a run of the experiment), with its labels in both languages. */
export interface ChartRun {
  id: string;
  labelZh: string;
  labelEn: string;
}

/** A row of a `perf kvm stat report` table; only the fields a chart reads are required. */
export type ExitRow = Pick<KvmStatRow, "name"> &
  Partial<Pick<KvmStatRow, "samples" | "samplesPct" | "timePct" | "avgUs" | "stddevPct" | "minUs" | "maxUs" | "p50Us" | "p99Us">>;

/** One run's exit table (e.g. the vmexit event of its perf report). */
export interface RunExits {
  run: ChartRun;
  rows: readonly ExitRow[];
}

/** One cell of the per-vCPU × reason matrix (perf.data only). */
export interface VcpuCell {
  vcpu: number;
  reason: string;
  samples: number;
  /** Total handling time of these exits, when known. */
  totalUs?: number | null;
}

export interface RunVcpuMatrix {
  run: ChartRun;
  cells: readonly VcpuCell[];
}

/** One bin of a handling-time histogram: [loUs, hiUs). */
export interface LatencyBin {
  loUs: number;
  hiUs: number;
  count: number;
}

/** The handling-time distribution of one reason in one run (perf.data only). */
export interface LatencyDistribution {
  run: ChartRun;
  reason: string;
  bins: readonly LatencyBin[];
  p50Us?: number | null;
  p99Us?: number | null;
}

/** One point of an exit-rate series: exits in the window ending at `tS`, divided by its length. */
export interface RatePoint {
  /** Seconds since the start of the recording (or since the first live screen). */
  tS: number;
  exitsPerS: number;
}

export interface RateSeries {
  run: ChartRun;
  /** null for all reasons together. */
  reason: string | null;
  points: readonly RatePoint[];
}

/** A cyclictest result of one run. */
export interface RunCyclictest {
  run: ChartRun;
  result: Pick<CyclictestResult, "threads" | "histogram">;
}
