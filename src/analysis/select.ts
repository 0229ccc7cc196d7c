/**
 * Picking the data of a run that the analysis works on: its `perf kvm stat`
 * table of one event (a report table, or the live screens added up), its
 * recording duration, and its cyclictest latencies.
 */
import type { KvmStatRow, KvmStatTable } from "../model/kvm-stat";
import type { LoadedRun } from "../experiment/types";
import type { CyclictestResult } from "../cyclictest/types";

export interface SelectedTable {
  /** Path of the file the table came from (relative to the experiment folder). */
  file: string;
  table: KvmStatTable;
  /** How the table was obtained. */
  how: "report" | "live-sum" | "perf-data";
}

/**
 * Adds live screens (each covers one interval) into one table. Samples and
 * times add up; min/max combine; the average is recomputed; the ± figure cannot
 * be combined and becomes null.
 */
export function sumTables(tables: KvmStatTable[]): KvmStatTable {
  if (tables.length === 0) throw new Error("sumTables: no tables");
  const rows = new Map<string, { row: KvmStatRow; timeUs: number }>();
  for (const t of tables) {
    for (const r of t.rows) {
      const timeUs = r.avgUs !== null ? r.avgUs * r.samples : 0;
      const prev = rows.get(r.name);
      if (!prev) {
        rows.set(r.name, { row: { ...r }, timeUs });
        continue;
      }
      const p = prev.row;
      p.samples += r.samples;
      p.minUs = p.minUs === null ? r.minUs : r.minUs === null ? p.minUs : Math.min(p.minUs, r.minUs);
      p.maxUs = p.maxUs === null ? r.maxUs : r.maxUs === null ? p.maxUs : Math.max(p.maxUs, r.maxUs);
      prev.timeUs += timeUs;
    }
  }
  const merged = [...rows.values()].map(({ row, timeUs }) => ({
    ...row,
    avgUs: row.samples > 0 ? timeUs / row.samples : null,
    stddevPct: tables.length === 1 ? row.stddevPct : null,
    samplesPct: null,
    timePct: null,
  }));
  merged.sort((a, b) => b.samples - a.samples);
  const totalSamples = merged.reduce((s, r) => s + r.samples, 0);
  const totalTimeUs = merged.reduce((s, r) => s + (r.avgUs ?? 0) * r.samples, 0);
  return {
    ...tables[0],
    mode: "report",
    timestamp: null,
    rows: merged,
    totalSamples,
    totalTimeUs,
    lostEvents: tables.some((t) => t.lostEvents !== null) ? tables.reduce((s, t) => s + (t.lostEvents ?? 0), 0) : null,
  };
}

/**
 * The table of `event` for a run: the first whole-VM (no `--vcpu`) report
 * table of that event in its perf files (perf.data before text), else the sum
 * of its live screens. Null when the run has none.
 */
export function selectTable(run: LoadedRun, event = "vmexit"): SelectedTable | null {
  const files = Object.entries(run.kvmStat).sort(([, a], [, b]) => (a.format === "perf-data" ? 0 : 1) - (b.format === "perf-data" ? 0 : 1));
  for (const [file, parsed] of files) {
    const t = parsed.tables.find((x) => x.event === event && x.mode === "report" && x.scope.vcpu === null);
    if (t) return { file, table: t, how: parsed.format === "perf-data" ? "perf-data" : "report" };
  }
  for (const [file, parsed] of files) {
    const live = parsed.tables.filter((x) => x.event === event && x.mode === "live" && x.scope.vcpu === null);
    if (live.length > 0) return { file, table: sumTables(live), how: "live-sum" };
  }
  return null;
}

/** Where a run's recording duration came from. */
export type DurationSource = "manifest" | "perf-data";

/** The recording duration in seconds: the manifest's `durationS`, else the perf.data sample span. */
export function runDuration(run: LoadedRun, selected: SelectedTable | null): { durationS: number; source: DurationSource } | null {
  if (typeof run.spec.durationS === "number" && run.spec.durationS > 0) return { durationS: run.spec.durationS, source: "manifest" };
  const ns = selected?.table.durationNs;
  if (typeof ns === "number" && ns > 0) return { durationS: ns / 1e9, source: "perf-data" };
  return null;
}

/** A run's guest latency, as cyclictest measured it (all threads together). */
export interface LatencySummary {
  file: string;
  threads: number;
  minUs: number | null;
  /** Cycle-weighted mean of the threads' averages (plain mean when cycles are unknown). */
  avgUs: number | null;
  /** Largest thread maximum. */
  maxUs: number | null;
  /** The measuring period (`-i`), from the first thread that prints it. */
  intervalUs: number | null;
  cycles: number | null;
}

function latencyFromThreads(file: string, r: CyclictestResult): LatencySummary | null {
  type T = { minUs: number | null; avgUs: number | null; maxUs: number | null; cycles: number | null };
  const fromThreads: T[] = r.threads.length > 0 ? r.threads : (r.histogram?.threads ?? []).map((h) => ({ ...h, cycles: h.buckets.reduce((s, [, c]) => s + c, 0) + (h.overflows ?? 0) }));
  if (fromThreads.length === 0) return null;
  const nums = (f: (t: T) => number | null) => fromThreads.map(f).filter((v): v is number => typeof v === "number");
  const mins = nums((t) => t.minUs);
  const maxs = nums((t) => t.maxUs);
  const withAvg = fromThreads.filter((t) => typeof t.avgUs === "number");
  let avgUs: number | null = null;
  if (withAvg.length > 0) {
    const allCycles = withAvg.every((t) => typeof t.cycles === "number" && t.cycles > 0);
    const w = (t: T) => (allCycles ? (t.cycles as number) : 1);
    avgUs = withAvg.reduce((s, t) => s + (t.avgUs as number) * w(t), 0) / withAvg.reduce((s, t) => s + w(t), 0);
  }
  const cycles = nums((t) => t.cycles);
  const interval = r.threads.find((t) => typeof t.intervalUs === "number")?.intervalUs ?? null;
  return {
    file,
    threads: fromThreads.length,
    minUs: mins.length ? Math.min(...mins) : null,
    avgUs,
    maxUs: maxs.length ? Math.max(...maxs) : null,
    intervalUs: interval,
    cycles: cycles.length ? cycles.reduce((s, c) => s + c, 0) : null,
  };
}

/**
 * The run's cyclictest latency: from the first cyclictest file whose unit is
 * known and that has per-thread figures (a `run` role before a `histogram` one).
 * Null when there is none.
 */
export function selectLatency(run: LoadedRun): LatencySummary | null {
  const roleOf = (path: string) => run.spec.files.find((f) => f.path === path)?.role;
  const entries = Object.entries(run.cyclictest).sort(([a], [b]) => (roleOf(a) === "histogram" ? 1 : 0) - (roleOf(b) === "histogram" ? 1 : 0));
  for (const [file, r] of entries) {
    if (r.unit === null) continue;
    const s = latencyFromThreads(file, r);
    if (s) return s;
  }
  return null;
}
