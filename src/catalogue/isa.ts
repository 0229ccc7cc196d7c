/** Instruction-set families whose KVM exit reasons perf names. */
export const ISAS = ["vmx", "svm", "arm64", "s390", "powerpc", "loongarch", "riscv"] as const;
export type Isa = (typeof ISAS)[number];

export function isIsa(x: unknown): x is Isa {
  return typeof x === "string" && (ISAS as readonly string[]).includes(x);
}
