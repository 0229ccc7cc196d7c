/**
 * The seed's follow-up ("next steps") table: which exits to push up (↑) or down (↓), read as
 * "the run with the best cyclictest latency has more (fewer) of these than the
 * others". Built from the share comparisons of every other run against the
 * best run; idle exits (HLT) are left out (their share is the guest idling).
 * A direction is a correlation across runs, not a proven cause.
 */
import { compareSummaries, type Direction } from "./compare";
import { rankRuns } from "./ranking";
import type { RunSummary } from "./summary";
import type { Thresholds } from "./thresholds";

export interface FollowUpRow {
  reason: string;
  /** Push this way: the direction of the share from the other runs to the best run. */
  direction: Direction;
  /** Mean Δ share (pp) from the other runs to the best run. */
  meanDeltaPp: number;
  /** Comparisons (other run → best run) where the change is reportable in this direction, of `compared`. */
  supporting: number;
  compared: number;
  /** The other runs, with their share and the best run's. */
  basis: { from: string; fromPct: number; bestPct: number; reportable: boolean }[];
}

export interface FollowUp {
  best: string | null;
  /** Biggest mean |Δ| first. */
  rows: FollowUpRow[];
  /** Why there is no table: no cyclictest data, or no other run with perf data. */
  missing: "no-cyclictest" | "no-other-run" | null;
}

/**
 * A reason enters the table when its share change toward the best run is
 * reportable in at least one comparison and in no comparison reportable the
 * other way.
 */
export function followUp(summaries: RunSummary[], thresholds: Partial<Thresholds> = {}): FollowUp {
  const ranking = rankRuns(summaries);
  const best = summaries.find((s) => s.runId === ranking.best && s.source !== null);
  if (!best) return { best: ranking.best, rows: [], missing: "no-cyclictest" };
  const others = summaries.filter((s) => s !== best && s.source !== null);
  if (others.length === 0) return { best: best.runId, rows: [], missing: "no-other-run" };
  const comps = others.map((o) => compareSummaries(o, best, thresholds));
  const reasons = [...new Set(comps.flatMap((c) => c.reasons.filter((r) => !r.idle).map((r) => r.reason)))];
  const rows: FollowUpRow[] = [];
  for (const reason of reasons) {
    const diffs = comps.map((c) => ({ c, r: c.reasons.find((x) => x.reason === reason)! }));
    const rep = diffs.filter((d) => d.r.share.reportable);
    if (rep.length === 0) continue;
    const dirs = new Set(rep.map((d) => d.r.share.direction));
    if (dirs.size !== 1) continue;
    const direction = rep[0].r.share.direction as Direction;
    rows.push({
      reason,
      direction,
      meanDeltaPp: diffs.reduce((s, d) => s + d.r.share.deltaPp, 0) / diffs.length,
      supporting: rep.length,
      compared: comps.length,
      basis: diffs.map((d) => ({ from: d.c.a, fromPct: d.r.share.aPct, bestPct: d.r.share.bPct, reportable: d.r.share.reportable })),
    });
  }
  rows.sort((x, y) => Math.abs(y.meanDeltaPp) - Math.abs(x.meanDeltaPp) || x.reason.localeCompare(y.reason));
  return { best: best.runId, rows, missing: null };
}
