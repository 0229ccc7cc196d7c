/**
 * Deciding the unit cyclictest printed in. Nothing in the text says µs or ns
 * (-N), so the evidence is weighed in a fixed order (UNIT_EVIDENCE_ORDER):
 *   1. the JSON `resolution_in_ns`;
 *   2. a cyclictest command line in the file (`-N`, `--nsecs`);
 *   3. the widths of the Act/Avg fields: `%5ld` in µs, `%8ld` with -N.
 * A user-given unit (parse option) overrides all three.
 */
import type { CyclictestUnitSource } from "./types";

export type Unit = "us" | "ns";

export interface UnitEvidence {
  json: Unit | null;
  commandLine: Unit | null;
  fieldWidths: Unit | null;
}

export const UNIT_EVIDENCE_ORDER = [
  { source: "json", key: "json" },
  { source: "command-line", key: "commandLine" },
  { source: "field-widths", key: "fieldWidths" },
] as const satisfies readonly { source: CyclictestUnitSource; key: keyof UnitEvidence }[];

export interface UnitDecision {
  unit: Unit | null;
  source: CyclictestUnitSource | null;
  /** Sources that disagree with the decision. */
  conflicts: { source: CyclictestUnitSource; unit: Unit }[];
}

export function decideUnit(evidence: UnitEvidence, forced: Unit | null): UnitDecision {
  const all = UNIT_EVIDENCE_ORDER.map((e) => ({ source: e.source as CyclictestUnitSource, unit: evidence[e.key] })).filter(
    (e): e is { source: CyclictestUnitSource; unit: Unit } => e.unit !== null,
  );
  const chosen = forced !== null ? { source: "option" as const, unit: forced } : all[0] ?? null;
  if (!chosen) return { unit: null, source: null, conflicts: [] };
  return { unit: chosen.unit, source: chosen.source, conflicts: all.filter((e) => e.unit !== chosen.unit) };
}

/**
 * The unit one field's width points to. `field` is the text between `Act:` and
 * ` Avg:` (or after `Avg:`), e.g. `"  187"` (µs, `%5ld`) or `"   72713"` (ns, `%8ld`).
 * A field filled by its digits says nothing certain; other widths are hand-typed.
 */
export function unitFromFieldWidth(field: string): Unit | null | "nonconforming" {
  const digits = field.trim().length;
  if (digits === 0) return null;
  if (field.length === digits) {
    // No padding: the value fills the field. 6-7 digits overflow %5ld but would be padded by %8ld.
    return digits === 6 || digits === 7 ? "us" : null;
  }
  if (field.length === 5) return "us";
  if (field.length === 8) return "ns";
  return "nonconforming";
}

/** The vote of one status line: both Act and Avg must agree. */
export function unitFromStatusFields(act: string | null, avg: string | null): Unit | null | "nonconforming" {
  const votes = [act, avg].filter((f): f is string => f !== null).map(unitFromFieldWidth);
  if (votes.includes("nonconforming")) return "nonconforming";
  const units = votes.filter((v): v is Unit => v === "us" || v === "ns");
  if (units.length === 0) return null;
  if (units.every((u) => u === units[0])) return units[0];
  return "nonconforming";
}

/** Converts a value printed in `unit` to µs (numbers stay as printed when the unit is unknown). */
export function toUs(value: number, unit: Unit | null): number {
  if (unit !== "ns") return value;
  return Number((value / 1000).toPrecision(15));
}
