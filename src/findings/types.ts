import type { Direction, Strength } from "../analysis/compare";
import type { Metric } from "../analysis/factors";

export const FINDING_KINDS = [
  "best-run",
  "ranking",
  "consistent-effect",
  "pair-change",
  "mixed-effect",
  "follow-up",
  "no-duration",
  "no-cyclictest",
  "cyclictest-unusable",
  "no-kvm-stat",
  "no-exits",
  "no-pairs",
  "no-findings",
  "not-time-aligned",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Kinds that say what data is missing or how to read the others (ranked after the data findings). */
export const NOTE_KINDS: readonly FindingKind[] = ["no-duration", "no-cyclictest", "cyclictest-unusable", "no-kvm-stat", "no-exits", "no-pairs", "no-findings", "not-time-aligned"];

export function isFindingKind(s: string): s is FindingKind {
  return (FINDING_KINDS as readonly string[]).includes(s);
}

export interface Finding {
  /** Stable key, e.g. `pair-change/share/EXTERNAL_INTERRUPT/gp-rt-raw>gp-rt-bind`. */
  id: string;
  kind: FindingKind;
  /** Runs involved: [reference, other] for a pair; all pairs' runs for an effect. */
  runs: string[];
  reason: string | null;
  metric: Metric | null;
  /** The factor changed (pair/effect findings). */
  factor: { id: string; from: string; to: string } | null;
  /** Levels of the other factors, for a single pair. */
  context: Record<string, string> | null;
  direction: Direction | null;
  /** The numbers the sentence states, units in names. */
  numbers: Record<string, number | null>;
  strength: Strength | null;
  /** Sort key, larger first (docs/analysis.md). */
  importance: number;
  fewSamples: boolean;
  /** The test results behind it (ShareDiff / RateDiff / AvgTimeDiff per pair, ...). */
  evidence: unknown;
  textZh: string;
  textEn: string;
}
