/**
 * Per-run summary: for each exit reason its share of the exits, its share of
 * the handling time, exits per second (when the recording duration is known),
 * and the handling overhead without idle exits (HLT). Pure; plain JSON out.
 */
import type { KvmStatTable } from "../model/kvm-stat";
import type { Experiment, LoadedRun } from "../experiment/types";
import { isIdleReason, resolveThresholds, type Thresholds } from "./thresholds";
import { runDuration, selectLatency, selectTable, type DurationSource, type LatencySummary } from "./select";

export interface ReasonStats {
  reason: string;
  exitCode: number | null;
  samples: number;
  /** samples / total samples · 100 (computed from the counts). */
  sharePct: number;
  /** Share of the handled time, as perf printed it (or computed when it did not). */
  timeSharePct: number | null;
  /** avg · samples. */
  timeUs: number | null;
  avgUs: number | null;
  minUs: number | null;
  maxUs: number | null;
  /** Standard error of the mean, µs: avg · (perf's ± %) / 100. */
  semUs: number | null;
  /** perf's `( +- x% )`. */
  semPct: number | null;
  /** Null without a recording duration. */
  exitsPerS: number | null;
  /** Exits of this reason per cyclictest period (-i), null without duration or period. */
  exitsPerPeriod: number | null;
  /** An idle exit (HLT...): its time is idle time, not handling cost. */
  idle: boolean;
  /** Fewer samples than the `fewSamples` threshold. */
  fewSamples: boolean;
}

/** The cost of handling exits, idle exits (HLT, ...) left out. */
export interface HandlingOverhead {
  samples: number;
  timeUs: number;
  avgUs: number | null;
  exitsPerS: number | null;
  /** timeUs / recording duration · 100, summed over all vCPUs (can exceed 100 with several vCPUs). */
  pctOfDuration: number | null;
}

/** `cyclictest-unusable`: cyclictest files are there but give no latency (unit undecided, no per-thread figures): see their diagnostics. */
/** `no-exits`: the table is there but counted no exit at all (Total Samples 0). */
export const SUMMARY_NOTES = ["no-kvm-stat", "no-exits", "no-duration", "no-cyclictest", "cyclictest-unusable", "no-period", "live-sum", "lost-events"] as const;
export type SummaryNote = (typeof SUMMARY_NOTES)[number];

export interface RunSummary {
  runId: string;
  labelZh: string;
  labelEn: string;
  /** The file the table came from, null when the run has no perf data. */
  source: string | null;
  event: string;
  totalSamples: number;
  totalTimeUs: number | null;
  durationS: number | null;
  durationSource: DurationSource | null;
  exitsPerS: number | null;
  overhead: HandlingOverhead;
  latency: LatencySummary | null;
  /** All exits per cyclictest period (-i): how many exits one measuring period sees on average. */
  exitsPerPeriod: number | null;
  /** Every reason, most samples first. */
  reasons: ReasonStats[];
  notes: SummaryNote[];
}

export interface SummaryOptions {
  event?: string;
  thresholds?: Partial<Thresholds>;
}

/**
 * Summarises one table. `durationS` enables rates; `periodUs` (cyclictest -i)
 * enables exits per period.
 */
export function summarizeTable(table: KvmStatTable, opts: { durationS?: number | null; periodUs?: number | null; thresholds?: Partial<Thresholds> } = {}): Omit<RunSummary, "runId" | "labelZh" | "labelEn" | "source" | "latency" | "durationSource"> {
  const th = resolveThresholds(opts.thresholds);
  const durationS = opts.durationS && opts.durationS > 0 ? opts.durationS : null;
  const periodUs = opts.periodUs && opts.periodUs > 0 ? opts.periodUs : null;
  const sumSamples = table.rows.reduce((s, r) => s + r.samples, 0);
  const totalSamples = table.totalSamples ?? sumSamples;
  const timeOf = (avg: number | null, n: number) => (avg === null ? null : avg * n);
  const sumTime = table.rows.reduce((s, r) => s + (timeOf(r.avgUs, r.samples) ?? 0), 0);
  const totalTimeUs = table.totalTimeUs ?? (table.rows.every((r) => r.avgUs !== null) ? sumTime : null);
  const rate = (n: number) => (durationS === null ? null : n / durationS);
  const perPeriod = (n: number) => (durationS === null || periodUs === null ? null : (n / durationS) * (periodUs / 1e6));
  const reasons: ReasonStats[] = table.rows.map((r) => {
    const timeUs = timeOf(r.avgUs, r.samples);
    return {
      reason: r.name,
      exitCode: r.exitCode,
      samples: r.samples,
      sharePct: totalSamples > 0 ? (r.samples / totalSamples) * 100 : 0,
      timeSharePct: r.timePct ?? (timeUs !== null && totalTimeUs ? (timeUs / totalTimeUs) * 100 : null),
      timeUs,
      avgUs: r.avgUs,
      minUs: r.minUs,
      maxUs: r.maxUs,
      semUs: r.avgUs !== null && r.stddevPct !== null ? (r.avgUs * r.stddevPct) / 100 : null,
      semPct: r.stddevPct,
      exitsPerS: rate(r.samples),
      exitsPerPeriod: perPeriod(r.samples),
      idle: isIdleReason(r.name),
      fewSamples: r.samples < th.fewSamples,
    };
  });
  reasons.sort((a, b) => b.samples - a.samples);
  const busy = reasons.filter((r) => !r.idle);
  const ovSamples = busy.reduce((s, r) => s + r.samples, 0);
  const ovTime = busy.reduce((s, r) => s + (r.timeUs ?? 0), 0);
  const notes: SummaryNote[] = [];
  if (totalSamples === 0) notes.push("no-exits");
  if (durationS === null) notes.push("no-duration");
  else if (periodUs === null) notes.push("no-period");
  if (table.lostEvents) notes.push("lost-events");
  return {
    event: String(table.event),
    totalSamples,
    totalTimeUs,
    durationS,
    exitsPerS: rate(totalSamples),
    overhead: {
      samples: ovSamples,
      timeUs: ovTime,
      avgUs: ovSamples > 0 ? ovTime / ovSamples : null,
      exitsPerS: rate(ovSamples),
      pctOfDuration: durationS === null ? null : (ovTime / (durationS * 1e6)) * 100,
    },
    exitsPerPeriod: perPeriod(totalSamples),
    reasons,
    notes,
  };
}

/** Summary of one loaded run (see summarizeTable). */
export function summarizeRun(run: LoadedRun, opts: SummaryOptions = {}): RunSummary {
  const event = opts.event ?? "vmexit";
  const sel = selectTable(run, event);
  const dur = runDuration(run, sel);
  const latency = selectLatency(run);
  const noLatency: SummaryNote = Object.keys(run.cyclictest).length > 0 ? "cyclictest-unusable" : "no-cyclictest";
  const base = { runId: run.spec.id, labelZh: run.spec.labelZh, labelEn: run.spec.labelEn, latency, durationSource: dur?.source ?? null };
  if (!sel) {
    const empty: RunSummary = {
      ...base,
      source: null,
      event,
      totalSamples: 0,
      totalTimeUs: null,
      durationS: dur?.durationS ?? null,
      exitsPerS: null,
      overhead: { samples: 0, timeUs: 0, avgUs: null, exitsPerS: null, pctOfDuration: null },
      exitsPerPeriod: null,
      reasons: [],
      notes: ["no-kvm-stat"],
    };
    if (!latency) empty.notes.push(noLatency);
    return empty;
  }
  const s = summarizeTable(sel.table, { durationS: dur?.durationS ?? null, periodUs: latency?.intervalUs ?? null, thresholds: opts.thresholds });
  const notes = [...s.notes];
  if (!latency) {
    notes.push(noLatency);
    const i = notes.indexOf("no-period");
    if (i >= 0) notes.splice(i, 1);
  }
  if (sel.how === "live-sum") notes.push("live-sum");
  return { ...base, ...s, source: sel.file, notes };
}

/** Summaries of every run of an experiment, in manifest order. */
export function summarizeExperiment(exp: Experiment, opts: SummaryOptions = {}): RunSummary[] {
  return exp.runs.map((r) => summarizeRun(r, opts));
}

/** The `n` reasons with most samples (or by another numeric column). */
export function topReasons(summary: Pick<RunSummary, "reasons">, n: number, by: "samples" | "timeUs" | "avgUs" = "samples"): ReasonStats[] {
  return [...summary.reasons].sort((a, b) => (b[by] ?? -Infinity) - (a[by] ?? -Infinity)).slice(0, n);
}
