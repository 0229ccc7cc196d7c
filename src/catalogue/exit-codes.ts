/**
 * Exit code → name, per ISA, exactly as perf kvm stat prints them. The tables
 * are data (exit-reasons.json, read from perf's and the kernel's sources); codes
 * not in a table print as `UNKNOWN`, as perf does.
 */
import type { Isa } from "./isa";

import RAW_JSON from "./exit-reasons.json";

const RAW: Record<string, any> = RAW_JSON;

export const UNKNOWN_EXIT = "UNKNOWN";

/** Flat code → name tables. arm64 uses exception types; TRAP exits are named by their ESR EC. */
const TABLES: Record<Isa, Record<string, string>> = {
  vmx: RAW.vmx,
  svm: RAW.svm,
  arm64: RAW.arm64.exception_type,
  s390: RAW.s390.sie_intercept_code,
  powerpc: RAW.powerpc.vmexit,
  loongarch: RAW.loongarch,
  riscv: RAW.riscv.exceptions,
};

/** arm64 `TRAP` exits: ESR_ELx.EC → name. */
export const ARM64_TRAP_EC: Readonly<Record<string, string>> = RAW.arm64.trap_esr_ec;
/** riscv interrupts (scause with the interrupt bit set). */
export const RISCV_INTERRUPTS: Readonly<Record<string, string>> = RAW.riscv.interrupts;

/** The name perf prints for `code` on `isa`, or `UNKNOWN`. */
export function exitReasonName(isa: Isa, code: number): string {
  return TABLES[isa][String(code)] ?? UNKNOWN_EXIT;
}

/** The code of a name on `isa` (first match), or null. Accepts historical aliases (VMX `PENDING_INTERRUPT`). */
export function exitReasonCode(isa: Isa, name: string): number | null {
  if (isa === "vmx" && name === "PENDING_INTERRUPT") return 7;
  for (const [code, n] of Object.entries(TABLES[isa])) if (n === name) return Number(code);
  if (isa === "arm64") for (const [code, n] of Object.entries(ARM64_TRAP_EC)) if (n === name) return Number(code);
  return null;
}

/** Every (code, name) pair of an ISA's main table, in code order. */
export function exitReasonTable(isa: Isa): { code: number; name: string }[] {
  return Object.entries(TABLES[isa])
    .map(([code, name]) => ({ code: Number(code), name }))
    .sort((a, b) => a.code - b.code);
}
