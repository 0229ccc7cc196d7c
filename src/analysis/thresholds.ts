/**
 * The tunable thresholds of the comparisons and findings (docs/analysis.md
 * explains each). Pass a partial object to override some of them.
 */
export interface Thresholds {
  /** Significance level of every test (two-sided). */
  alpha: number;
  /** p below this makes a difference "strong" (else "moderate"). */
  strongP: number;
  /** A share change is reported only if |Δ share| is at least this many percentage points ... */
  minShareDeltaPp: number;
  /** ... and either at least this fraction of the larger of the two shares (0.2 = 20 %) ... */
  minShareRelChange: number;
  /** ... or at least this many percentage points (a large absolute change of a large share). */
  bigShareDeltaPp: number;
  /** A rate change is reported only if the rate ratio is at least this (or at most its inverse). */
  minRateRatio: number;
  /** An average-time change is reported only if |Δ avg| / reference avg is at least this. */
  minAvgRelChange: number;
  /** A reason with fewer samples than this in either run is flagged "few samples". */
  fewSamples: number;
  /** Rows shown in the top-N tables. */
  topN: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  alpha: 0.01,
  strongP: 0.001,
  minShareDeltaPp: 0.1,
  minShareRelChange: 0.2,
  bigShareDeltaPp: 1,
  minRateRatio: 1.2,
  minAvgRelChange: 0.2,
  fewSamples: 30,
  topN: 10,
});

/** Thresholds that are probabilities (at most 1). */
const PROBABILITIES: readonly string[] = ["alpha", "strongP"];

/** The defaults with `overrides` applied; unknown keys and non-finite values are API misuse and throw. */
export function resolveThresholds(overrides: Partial<Thresholds> = {}): Thresholds {
  const out: Thresholds = { ...DEFAULT_THRESHOLDS };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) continue;
    if (!(k in DEFAULT_THRESHOLDS)) throw new Error(`unknown threshold: ${k}`);
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new Error(`threshold ${k} must be a non-negative number, got ${String(v)}`);
    if (PROBABILITIES.includes(k) && v > 1) throw new Error(`threshold ${k} is a probability, at most 1, got ${v}`);
    (out as unknown as Record<string, number>)[k] = v;
  }
  return out;
}

/**
 * Exit reasons that mean "the vCPU was idle" (the guest halted or waited):
 * their time is idle time, not handling cost, so they are left out of the
 * handling overhead and of average-time findings.
 */
export const IDLE_REASONS = ["HLT", "hlt", "idle-halt", "WFx", "Wait state", "Idle", "H_CEDE"] as const;

export function isIdleReason(name: string): boolean {
  return (IDLE_REASONS as readonly string[]).includes(name);
}
