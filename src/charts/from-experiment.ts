/**
 * Chart inputs from what the other stages produce: a loaded experiment
 * (src/experiment), its parsed perf.data (src/perf-data) and cyclictest
 * files, or analysis summaries (src/analysis). Pure: no IO.
 *
 * Each perf.data extra is read structurally (`vcpuMatrix`, `rate`, row
 * `histogram`), so a text-only run simply contributes nothing to those charts.
 */
import type { Experiment, LoadedRun } from "../experiment/types";
import type { KvmStatTable } from "../model/kvm-stat";
import type { CyclictestResult } from "../cyclictest/types";
import type { ChartData } from "./kinds";
import type { ChartRun, ExitRow, LatencyDistribution, RateSeries, RunCyclictest, RunExits, RunVcpuMatrix } from "./inputs";
import { rateFromLiveScreens } from "./kinds/rate";
import { round6 } from "./theme";

export interface ChartDataOptions {
  /** perf kvm stat event (default vmexit). */
  event?: string;
  /** Only these runs, in this order (default all, in manifest order). */
  runIds?: readonly string[];
}

/** The perf.data extras this module reads; all optional. */
interface PerfDataExtras {
  vcpuMatrix?: { event: string; names: string[]; vcpus: { vcpu: number; samples: number[]; timeNs: number[] }[] } | null;
  rate?: { counts: number[]; bucketNs: number; startNs: number } | null;
}
interface HistogramRow {
  name: string;
  p50Us?: number | null;
  p99Us?: number | null;
  histogram?: { edgesNs: number[]; counts: number[] } | null;
}

function chartRun(run: LoadedRun): ChartRun {
  return { id: run.spec.id, labelZh: run.spec.labelZh, labelEn: run.spec.labelEn };
}

function selectRuns(exp: Experiment, opts: ChartDataOptions): LoadedRun[] {
  if (!opts.runIds) return exp.runs;
  return opts.runIds.map((id) => {
    const r = exp.runs.find((x) => x.spec.id === id);
    if (!r) throw new Error(`unknown run id: ${id} (runs: ${exp.runs.map((x) => x.spec.id).join(", ")})`);
    return r;
  });
}

/** Parsed kvm stat files of a run, perf text first (what the user saw), then perf.data. */
function kvmFiles(run: LoadedRun) {
  const files = Object.values(run.kvmStat);
  return [...files.filter((f) => f.format !== "perf-data"), ...files.filter((f) => f.format === "perf-data")];
}

/** The run's report table for `event`: the first report-mode table, text before perf.data. */
function reportTable(run: LoadedRun, event: string): KvmStatTable | null {
  for (const f of kvmFiles(run)) {
    const t = f.tables.find((x) => x.event === event && x.mode === "report");
    if (t) return t;
  }
  return null;
}

function perfDataOf(run: LoadedRun): (LoadedRun["kvmStat"][string] & PerfDataExtras) | null {
  const f = Object.values(run.kvmStat).find((x) => x.format === "perf-data");
  return (f as (LoadedRun["kvmStat"][string] & PerfDataExtras) | undefined) ?? null;
}

function cyclictestOf(run: LoadedRun): RunCyclictest | null {
  const files: CyclictestResult[] = Object.values(run.cyclictest);
  if (files.length === 0) return null;
  const withThreads = files.find((f) => f.threads.length > 0 && f.threads.some((t) => t.maxUs !== null));
  const withHist = files.find((f) => f.histogram !== null && f.histogram.threads.length > 0);
  return { run: chartRun(run), result: { threads: withThreads?.threads ?? [], histogram: withHist?.histogram ?? null } };
}

/**
 * Everything every chart kind can draw from `exp`. Runs without the needed
 * file are left out of that chart (e.g. no perf.data → no vcpu-matrix).
 */
export function chartDataFromExperiment(exp: Experiment, opts: ChartDataOptions = {}): ChartData {
  const event = opts.event ?? "vmexit";
  const runs = selectRuns(exp, opts);
  const exits: RunExits[] = [];
  const vcpu: RunVcpuMatrix[] = [];
  const latency: LatencyDistribution[] = [];
  const rate: RateSeries[] = [];
  const cyclictest: RunCyclictest[] = [];
  let rateFromLive = false;
  for (const run of runs) {
    const cr = chartRun(run);
    const table = reportTable(run, event);
    if (table) exits.push({ run: cr, rows: table.rows });
    const pd = perfDataOf(run);
    if (pd?.vcpuMatrix && pd.vcpuMatrix.event === event) {
      const names = pd.vcpuMatrix.names;
      vcpu.push({
        run: cr,
        cells: pd.vcpuMatrix.vcpus.flatMap((v) =>
          names.map((reason, i) => ({ vcpu: v.vcpu, reason, samples: v.samples[i] ?? 0, totalUs: round6((v.timeNs[i] ?? 0) / 1000) })).filter((c) => c.samples > 0),
        ),
      });
    }
    const pdTable = pd?.tables.find((t) => t.event === event && t.mode === "report");
    for (const row of (pdTable?.rows ?? []) as HistogramRow[]) {
      const h = row.histogram;
      if (!h || h.counts.length === 0) continue;
      latency.push({
        run: cr,
        reason: row.name,
        bins: h.counts.map((count, i) => ({ loUs: round6(h.edgesNs[i] / 1000), hiUs: round6(h.edgesNs[i + 1] / 1000), count })),
        p50Us: row.p50Us ?? null,
        p99Us: row.p99Us ?? null,
      });
    }
    if (pd?.rate && pd.rate.bucketNs > 0) {
      const r = pd.rate;
      const bucketS = r.bucketNs / 1e9;
      rate.push({ run: cr, reason: null, points: r.counts.map((c, i) => ({ tS: round6((r.startNs + (i + 1) * r.bucketNs) / 1e9), exitsPerS: round6(c / bucketS) })) });
    } else {
      const screens = kvmFiles(run).flatMap((f) => f.tables.filter((t) => t.mode === "live" && t.event === event));
      if (screens.length >= 2) {
        rate.push(rateFromLiveScreens(cr, screens));
        rateFromLive = true;
      }
    }
    const cyc = cyclictestOf(run);
    if (cyc) cyclictest.push(cyc);
  }
  return { exits, vcpu, latency, rate, rateSource: rateFromLive ? "live" : "perf-data", cyclictest };
}

/** The fields of an analysis `RunSummary` (src/analysis/summary.ts) that charts read. */
export interface SummaryLike {
  runId: string;
  labelZh: string;
  labelEn: string;
  reasons: readonly {
    reason: string;
    samples: number;
    sharePct: number;
    timeSharePct: number | null;
    avgUs: number | null;
    semPct: number | null;
    minUs?: number | null;
    maxUs?: number | null;
  }[];
}

/** Exit tables from analysis summaries (`summarizeExperiment(exp)`). */
export function exitsFromSummaries(summaries: readonly SummaryLike[]): RunExits[] {
  return summaries.map((s) => ({
    run: { id: s.runId, labelZh: s.labelZh, labelEn: s.labelEn },
    rows: s.reasons.map(
      (r): ExitRow => ({ name: r.reason, samples: r.samples, samplesPct: r.sharePct, timePct: r.timeSharePct, avgUs: r.avgUs, stddevPct: r.semPct, minUs: r.minUs ?? null, maxUs: r.maxUs ?? null }),
    ),
  }));
}
