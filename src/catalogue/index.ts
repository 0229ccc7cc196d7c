/**
 * The exit-reason catalogue: code → name per ISA as perf prints them, and for
 * the reasons seen in practice a hand-written Chinese entry (what the guest
 * did, what KVM does, a category, the source). It is the report's glossary.
 */
import { ARM64_GLOSSARY, LOONGARCH_GLOSSARY, RISCV_GLOSSARY, SVM_GLOSSARY } from "./glossary-other";
import { VMX_GLOSSARY } from "./glossary-vmx";
import { EXIT_CATEGORIES, type ExitCategory } from "./categories";
import type { GlossaryEntry } from "./entry";
import { ISAS, type Isa } from "./isa";
import { exitReasonCode } from "./exit-codes";

export { ISAS, isIsa, type Isa } from "./isa";
export { EXIT_CATEGORIES, isExitCategory, type ExitCategory } from "./categories";
export type { GlossaryEntry } from "./entry";
export { exitReasonName, exitReasonCode, exitReasonTable, UNKNOWN_EXIT, ARM64_TRAP_EC, RISCV_INTERRUPTS } from "./exit-codes";

export const GLOSSARY: readonly GlossaryEntry[] = [...VMX_GLOSSARY, ...SVM_GLOSSARY, ...ARM64_GLOSSARY, ...RISCV_GLOSSARY, ...LOONGARCH_GLOSSARY];

const BY_KEY = new Map<string, GlossaryEntry>();
for (const e of GLOSSARY) for (const n of e.names) BY_KEY.set(`${e.isa}:${n}`, e);

/** The hand-written entry for an exit reason, or null. With no ISA, every ISA is searched (VMX first). */
export function exitReasonInfo(name: string, isa?: Isa): GlossaryEntry | null {
  const isas = isa ? [isa] : ISAS;
  for (const i of isas) {
    const e = BY_KEY.get(`${i}:${name}`);
    if (e) return e;
  }
  return null;
}

/** Guess the ISA of a set of exit names (as printed by perf): the ISA whose glossary or code table knows most of them. */
export function guessIsa(names: readonly string[]): Isa | null {
  let best: Isa | null = null;
  let bestHits = 0;
  for (const isa of ISAS) {
    const hits = names.filter((n) => BY_KEY.has(`${isa}:${n}`) || exitReasonCode(isa, n) !== null).length;
    if (hits > bestHits) {
      best = isa;
      bestHits = hits;
    }
  }
  return best;
}

export interface GlossaryRow {
  name: string;
  isa: Isa | null;
  category: ExitCategory | null;
  entry: GlossaryEntry | null;
}

/**
 * Glossary rows for the exit reasons present in some data, ordered by
 * category, then by the order given. Names without an entry are kept (entry null).
 */
export function glossaryFor(names: readonly string[], isa?: Isa): GlossaryRow[] {
  const seen = new Set<string>();
  const rows: GlossaryRow[] = [];
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    const entry = exitReasonInfo(name, isa);
    rows.push({ name, isa: entry?.isa ?? isa ?? null, category: entry?.category ?? null, entry });
  }
  const rank = (c: ExitCategory | null) => (c === null ? EXIT_CATEGORIES.length : EXIT_CATEGORIES.indexOf(c));
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r.category) - rank(b.r.category) || a.i - b.i)
    .map((x) => x.r);
}
