/**
 * Ranking of runs by guest latency (cyclictest): by maximum latency (the
 * real-time criterion) and by average latency. Host exits and guest latency
 * are related per run only; they are not lined up in time.
 */
import type { RunSummary } from "./summary";

export interface RankedRun {
  runId: string;
  maxUs: number;
  avgUs: number | null;
  /** 1 = lowest. */
  rankByMax: number;
  rankByAvg: number | null;
}

export interface LatencyRanking {
  /** Lowest max first (ties: lower avg first). */
  byMax: RankedRun[];
  /** Lowest avg first; runs without an average are left out. */
  byAvg: RankedRun[];
  /** The run with the lowest max latency (ties: lower avg), null without cyclictest data. */
  best: string | null;
  /** Runs without usable cyclictest data. */
  missing: string[];
}

export function rankRuns(summaries: RunSummary[]): LatencyRanking {
  const have = summaries.filter((s) => s.latency !== null && s.latency.maxUs !== null);
  const missing = summaries.filter((s) => !have.includes(s)).map((s) => s.runId);
  const rows: RankedRun[] = have.map((s) => ({ runId: s.runId, maxUs: s.latency!.maxUs as number, avgUs: s.latency!.avgUs, rankByMax: 0, rankByAvg: null }));
  const byMax = [...rows].sort((a, b) => a.maxUs - b.maxUs || (a.avgUs ?? Infinity) - (b.avgUs ?? Infinity));
  byMax.forEach((r, i) => (r.rankByMax = i + 1));
  const byAvg = rows.filter((r) => r.avgUs !== null).sort((a, b) => (a.avgUs as number) - (b.avgUs as number) || a.maxUs - b.maxUs);
  byAvg.forEach((r, i) => (r.rankByAvg = i + 1));
  return { byMax, byAvg, best: byMax.length ? byMax[0].runId : null, missing };
}
