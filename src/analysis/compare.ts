/**
 * Comparison of two runs, reason by reason, the first being the reference:
 *
 *   share      Δ in percentage points, two-proportion z-test on the sample counts
 *   rate       ratio of exits per second, conditional binomial test (Poisson counts);
 *              only when both durations are known
 *   avg time   Δ µs, Welch-like z from perf's ± (standard error of the mean)
 *
 * A difference is `significant` when p < alpha and `reportable` when it is
 * also large enough (thresholds.ts; docs/analysis.md). Pure; plain JSON out.
 */
import { meanDifferenceZTest, poissonRateTest, twoProportionZTest } from "./stats";
import { resolveThresholds, type Thresholds } from "./thresholds";
import type { ReasonStats, RunSummary } from "./summary";

export const DIRECTIONS = ["up", "down"] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const STRENGTHS = ["strong", "moderate", "weak"] as const;
/** strong: p < strongP; moderate: p < alpha; weak: not significant. */
export type Strength = (typeof STRENGTHS)[number];

/** What every metric's difference carries: its test verdict and direction. */
export interface TestedDiff {
  /** p < alpha. */
  significant: boolean;
  /** Significant and large enough (thresholds.ts). */
  reportable: boolean;
  direction: Direction | null;
  strength: Strength;
}

export interface ShareDiff extends TestedDiff {
  aPct: number;
  bPct: number;
  deltaPp: number;
  z: number | null;
  pValue: number | null;
}

export interface RateDiff extends TestedDiff {
  aPerS: number;
  bPerS: number;
  /** b / a; null when a has none. */
  ratio: number | null;
  pValue: number;
}

export interface AvgTimeDiff extends TestedDiff {
  aUs: number;
  bUs: number;
  deltaUs: number;
  /** Δ / a. */
  relChange: number | null;
  aSemUs: number | null;
  bSemUs: number | null;
  z: number | null;
  pValue: number | null;
}

export interface ReasonComparison {
  reason: string;
  aSamples: number;
  bSamples: number;
  idle: boolean;
  /** Fewer samples than the threshold in either run. */
  fewSamples: boolean;
  share: ShareDiff;
  /** Null when a duration is missing (see `notes`). */
  rate: RateDiff | null;
  /** Null when a run lacks the reason or its average. */
  avgTime: AvgTimeDiff | null;
}

export const COMPARISON_NOTES = ["no-duration", "no-kvm-stat"] as const;
export type ComparisonNote = (typeof COMPARISON_NOTES)[number];

export interface RunComparison {
  /** Reference run. */
  a: string;
  b: string;
  aTotalSamples: number;
  bTotalSamples: number;
  aDurationS: number | null;
  bDurationS: number | null;
  /** Union of the reasons of both runs, by larger share first. */
  reasons: ReasonComparison[];
  notes: ComparisonNote[];
  thresholds: Thresholds;
}

function strengthOf(p: number | null, th: Thresholds): Strength {
  if (p === null || !(p < th.alpha)) return "weak";
  return p < th.strongP ? "strong" : "moderate";
}

const dir = (delta: number): Direction | null => (delta > 0 ? "up" : delta < 0 ? "down" : null);

function missing(reason: string, from: ReasonStats | undefined): Pick<ReasonStats, "samples" | "avgUs" | "semUs" | "idle"> {
  return from ?? { samples: 0, avgUs: null, semUs: null, idle: false };
}

/** Compare the share, rate and average time of one reason between two runs. */
export function compareReason(
  reason: string,
  aRow: ReasonStats | undefined,
  bRow: ReasonStats | undefined,
  ctx: { aTotal: number; bTotal: number; aDurationS: number | null; bDurationS: number | null },
  th: Thresholds,
): ReasonComparison {
  const a = missing(reason, aRow);
  const b = missing(reason, bRow);
  const aPct = ctx.aTotal > 0 ? (a.samples / ctx.aTotal) * 100 : 0;
  const bPct = ctx.bTotal > 0 ? (b.samples / ctx.bTotal) * 100 : 0;
  const deltaPp = bPct - aPct;
  const zt = twoProportionZTest(a.samples, ctx.aTotal, b.samples, ctx.bTotal);
  const shareSig = zt !== null && zt.pValue < th.alpha;
  const absPp = Math.abs(deltaPp);
  const bigShare = absPp >= th.minShareDeltaPp && (absPp >= th.bigShareDeltaPp || absPp >= th.minShareRelChange * Math.max(aPct, bPct));
  const share: ShareDiff = {
    aPct,
    bPct,
    deltaPp,
    z: zt?.z ?? null,
    pValue: zt?.pValue ?? null,
    significant: shareSig,
    reportable: shareSig && bigShare,
    direction: dir(deltaPp),
    strength: strengthOf(zt?.pValue ?? null, th),
  };

  let rate: RateDiff | null = null;
  if (ctx.aDurationS && ctx.bDurationS) {
    const rt = poissonRateTest(a.samples, ctx.aDurationS, b.samples, ctx.bDurationS);
    if (rt) {
      const sig = rt.pValue < th.alpha;
      const big = rt.ratio === null || rt.ratio >= th.minRateRatio || rt.ratio <= 1 / th.minRateRatio;
      rate = {
        aPerS: a.samples / ctx.aDurationS,
        bPerS: b.samples / ctx.bDurationS,
        ratio: rt.ratio,
        pValue: rt.pValue,
        significant: sig,
        reportable: sig && big,
        direction: rt.ratio === null || rt.ratio > 1 ? "up" : rt.ratio < 1 ? "down" : null,
        strength: strengthOf(rt.pValue, th),
      };
    }
  }

  let avgTime: AvgTimeDiff | null = null;
  if (a.avgUs !== null && b.avgUs !== null && a.samples > 0 && b.samples > 0) {
    const deltaUs = b.avgUs - a.avgUs;
    const mt = a.semUs !== null && b.semUs !== null ? meanDifferenceZTest(a.avgUs, a.semUs, b.avgUs, b.semUs) : null;
    // perf prints ± 0.00% for a single sample: no spread is known, so no test.
    const usable = mt !== null && a.samples >= 2 && b.samples >= 2;
    const p = usable ? mt.pValue : null;
    const rel = a.avgUs > 0 ? deltaUs / a.avgUs : null;
    const sig = p !== null && p < th.alpha;
    avgTime = {
      aUs: a.avgUs,
      bUs: b.avgUs,
      deltaUs,
      relChange: rel,
      aSemUs: a.semUs,
      bSemUs: b.semUs,
      z: usable ? mt.z : null,
      pValue: p,
      significant: sig,
      reportable: sig && rel !== null && Math.abs(rel) >= th.minAvgRelChange,
      direction: dir(deltaUs),
      strength: strengthOf(p, th),
    };
  }

  return {
    reason,
    aSamples: a.samples,
    bSamples: b.samples,
    idle: a.idle || b.idle,
    fewSamples: Math.min(a.samples, b.samples) < th.fewSamples,
    share,
    rate,
    avgTime,
  };
}

/** Compare two run summaries, `a` being the reference. */
export function compareSummaries(a: RunSummary, b: RunSummary, thresholds: Partial<Thresholds> = {}): RunComparison {
  const th = resolveThresholds(thresholds);
  const aBy = new Map(a.reasons.map((r) => [r.reason, r]));
  const bBy = new Map(b.reasons.map((r) => [r.reason, r]));
  const names = [...new Set([...aBy.keys(), ...bBy.keys()])];
  const ctx = { aTotal: a.totalSamples, bTotal: b.totalSamples, aDurationS: a.durationS, bDurationS: b.durationS };
  const reasons = names.map((n) => compareReason(n, aBy.get(n), bBy.get(n), ctx, th));
  reasons.sort((x, y) => Math.max(y.share.aPct, y.share.bPct) - Math.max(x.share.aPct, x.share.bPct) || x.reason.localeCompare(y.reason));
  const notes: ComparisonNote[] = [];
  if (a.source === null || b.source === null) notes.push("no-kvm-stat");
  if (!a.durationS || !b.durationS) notes.push("no-duration");
  return {
    a: a.runId,
    b: b.runId,
    aTotalSamples: a.totalSamples,
    bTotalSamples: b.totalSamples,
    aDurationS: a.durationS,
    bDurationS: b.durationS,
    reasons,
    notes,
    thresholds: th,
  };
}
