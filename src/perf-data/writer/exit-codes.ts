/**
 * Exit codes by the names perf 6.1 prints, for building writer input by name.
 * Data from the Intel SDM vol. 3 appendix C (VMX basic exit reasons) and the
 * AMD APM vol. 2 appendix C (SVM exit codes), as named by perf's
 * `vmx_exit_reasons` / `svm_exit_reasons` tables. Only the common codes.
 */
export const VMX_EXIT_CODES = {
  EXCEPTION_NMI: 0,
  EXTERNAL_INTERRUPT: 1,
  TRIPLE_FAULT: 2,
  INTERRUPT_WINDOW: 7,
  NMI_WINDOW: 8,
  TASK_SWITCH: 9,
  CPUID: 10,
  HLT: 12,
  INVD: 13,
  INVLPG: 14,
  RDPMC: 15,
  RDTSC: 16,
  VMCALL: 18,
  CR_ACCESS: 28,
  DR_ACCESS: 29,
  IO_INSTRUCTION: 30,
  MSR_READ: 31,
  MSR_WRITE: 32,
  INVALID_STATE: 33,
  MWAIT_INSTRUCTION: 36,
  MONITOR_TRAP_FLAG: 37,
  MONITOR_INSTRUCTION: 39,
  PAUSE_INSTRUCTION: 40,
  TPR_BELOW_THRESHOLD: 43,
  APIC_ACCESS: 44,
  EOI_INDUCED: 45,
  EPT_VIOLATION: 48,
  EPT_MISCONFIG: 49,
  RDTSCP: 51,
  PREEMPTION_TIMER: 52,
  WBINVD: 54,
  XSETBV: 55,
  APIC_WRITE: 56,
  RDRAND: 57,
  INVPCID: 58,
} as const;

export const SVM_EXIT_CODES = {
  read_cr0: 0x000,
  write_cr0: 0x010,
  interrupt: 0x060,
  nmi: 0x061,
  smi: 0x062,
  vintr: 0x064,
  cpuid: 0x072,
  pause: 0x077,
  hlt: 0x078,
  io: 0x07b,
  msr: 0x07c,
  shutdown: 0x07f,
  npf: 0x400,
  avic_incomplete_ipi: 0x401,
  avic_unaccelerated_access: 0x402,
} as const;

/** arm64 `ret` of kvm_exit (ARM_EXCEPTION_*), named as perf's arm64_exception_types.h. */
export const ARM64_EXIT_TYPES = {
  IRQ: 0,
  EL1_SERROR: 1,
  TRAP: 2,
  IL: 3,
} as const;

/** arm64 exception classes (ESR_ELx_EC_*), perf's key for TRAP exits. Only the common ones. */
export const ARM64_EXCEPTION_CLASSES = {
  UNKNOWN: 0x00,
  WFx: 0x01,
  HVC64: 0x16,
  SMC64: 0x17,
  SYS64: 0x18,
  IABT_LOW: 0x20,
  DABT_LOW: 0x24,
  SERROR: 0x2f,
} as const;
