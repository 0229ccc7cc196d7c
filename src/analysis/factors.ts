/**
 * Factor effects: for each factor, the pairs of runs that differ only in that
 * factor (e.g. pinning within GP-GP and within GP-RT), compared reason by
 * reason, and whether the effect on each reason agrees across the pairs.
 */
import type { Manifest } from "../experiment/types";
import { compareSummaries, type Direction, type RunComparison } from "./compare";
import type { RunSummary } from "./summary";
import type { Thresholds } from "./thresholds";

export interface FactorPair {
  factor: string;
  fromLevel: string;
  toLevel: string;
  /** Reference run (fromLevel) and the other (toLevel). */
  a: string;
  b: string;
  /** The levels of the other factors, shared by both runs. */
  context: Record<string, string>;
  comparison: RunComparison;
}

export const METRICS = ["share", "rate", "avgTime"] as const;
export type Metric = (typeof METRICS)[number];

export const CONSISTENCIES = ["consistent", "single", "partial", "mixed", "none"] as const;
/**
 * consistent: reportable in every pair (≥ 2), same direction; single: the only
 * pair is reportable; partial: reportable in some pairs, one direction;
 * mixed: reportable in opposite directions; none: reportable in no pair.
 */
export type Consistency = (typeof CONSISTENCIES)[number];

export interface ReasonEffect {
  reason: string;
  metric: Metric;
  consistency: Consistency;
  direction: Direction | null;
  /** Per pair (same order as FactorEffect.pairs): reportable direction or null. */
  perPair: (Direction | null)[];
}

export interface FactorEffect {
  factor: string;
  fromLevel: string;
  toLevel: string;
  pairs: FactorPair[];
  reasons: ReasonEffect[];
}

/** Pairs of runs whose factor levels differ in exactly `factor`. Runs lacking a level of some factor are skipped. */
export function factorPairs(manifest: Manifest, factorId: string): { a: string; b: string; fromLevel: string; toLevel: string; context: Record<string, string> }[] {
  const f = manifest.factors.find((x) => x.id === factorId);
  if (!f) throw new Error(`unknown factor: ${factorId}`);
  const idx = (lvl: string) => f.levels.findIndex((l) => l.id === lvl);
  const runs = manifest.runs.filter((r) => manifest.factors.every((g) => typeof r.factors[g.id] === "string"));
  const out: { a: string; b: string; fromLevel: string; toLevel: string; context: Record<string, string> }[] = [];
  for (let i = 0; i < runs.length; i++) {
    for (let j = 0; j < runs.length; j++) {
      const ra = runs[i];
      const rb = runs[j];
      if (idx(ra.factors[factorId]) >= idx(rb.factors[factorId])) continue;
      const others = manifest.factors.filter((g) => g.id !== factorId);
      if (!others.every((g) => ra.factors[g.id] === rb.factors[g.id])) continue;
      const context: Record<string, string> = {};
      for (const g of others) context[g.id] = ra.factors[g.id];
      out.push({ a: ra.id, b: rb.id, fromLevel: ra.factors[factorId], toLevel: rb.factors[factorId], context });
    }
  }
  return out;
}

function consistencyOf(perPair: (Direction | null)[]): { consistency: Consistency; direction: Direction | null } {
  const dirs = perPair.filter((d): d is Direction => d !== null);
  if (dirs.length === 0) return { consistency: "none", direction: null };
  const up = dirs.filter((d) => d === "up").length;
  if (up > 0 && up < dirs.length) return { consistency: "mixed", direction: null };
  const direction = dirs[0];
  if (perPair.length === 1) return { consistency: "single", direction };
  return { consistency: dirs.length === perPair.length ? "consistent" : "partial", direction };
}

/**
 * Factor effects of an experiment: per factor and level change, the pairs and
 * the per-reason consistency. Runs without perf data are left out of pairs.
 */
export function factorEffects(manifest: Manifest, summaries: RunSummary[], thresholds: Partial<Thresholds> = {}): FactorEffect[] {
  const byId = new Map(summaries.map((s) => [s.runId, s]));
  const effects: FactorEffect[] = [];
  for (const f of manifest.factors) {
    if (f.levels.length < 2) continue;
    const groups = new Map<string, FactorPair[]>();
    for (const p of factorPairs(manifest, f.id)) {
      const sa = byId.get(p.a);
      const sb = byId.get(p.b);
      if (!sa || !sb || sa.source === null || sb.source === null) continue;
      const key = `${p.fromLevel}\u0000${p.toLevel}`;
      const list = groups.get(key) ?? [];
      list.push({ factor: f.id, ...p, comparison: compareSummaries(sa, sb, thresholds) });
      groups.set(key, list);
    }
    for (const pairs of groups.values()) {
      const reasonNames = [...new Set(pairs.flatMap((p) => p.comparison.reasons.map((r) => r.reason)))];
      const reasons: ReasonEffect[] = [];
      for (const reason of reasonNames) {
        for (const metric of METRICS) {
          const perPair = pairs.map((p) => {
            const rc = p.comparison.reasons.find((r) => r.reason === reason);
            const d = rc ? rc[metric] : null;
            return d && d.reportable ? d.direction : null;
          });
          reasons.push({ reason, metric, perPair, ...consistencyOf(perPair) });
        }
      }
      effects.push({ factor: f.id, fromLevel: pairs[0].fromLevel, toLevel: pairs[0].toLevel, pairs, reasons });
    }
  }
  return effects;
}
