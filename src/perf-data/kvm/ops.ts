/**
 * perf's kvm event operations as a table (tools/perf/arch/x86/util/kvm-stat.c,
 * tools/perf/arch/arm64/util/kvm-stat.c): for each report event, which decoded
 * tracepoint begins a timed interval, which ends it, and the key it carries.
 */
import { EV } from "../events";

export const KVM_REPORT_EVENTS = ["vmexit", "ioport", "mmio", "msr"] as const;
export type KvmReportEvent = (typeof KVM_REPORT_EVENTS)[number];

/** Result of classifying one event: begin/end, with or without a key. */
export const STEP = { none: 0, beginNoKey: 1, beginKey: 2, endNoKey: 3, endKey: 4 } as const;

export interface KvmEventOps {
  /** Header of the name column, as perf prints it. */
  title: string;
  /** What one duration measures, in words, for the output. */
  measures: string;
  /** Step for an event of `kind` with decoded fields a, b. */
  classify(kind: number, a: number, b: number): number;
  /** Key and info of a keyed step (from the same fields). */
  key(kind: number, a: number, b: number): number;
  info(kind: number, a: number, b: number): number;
  /** Sub-event kinds (pio, mmio, msr) this report reads; the others need not be decoded. */
  uses: readonly number[];
  /** perf's label for a key (vmexit names come from the exit-reason tables instead). */
  label?(key: number, info: number): string;
}

const hex = (n: number) => (n === 0 ? "0" : "0x" + n.toString(16));

export const X86_OPS: Readonly<Record<KvmReportEvent, KvmEventOps>> = {
  vmexit: {
    title: "VM-EXIT",
    measures: "exit-handling time: from kvm_exit to the next kvm_entry of the same vCPU thread",
    classify: (k) => (k === EV.exit ? STEP.beginKey : k === EV.entry ? STEP.endNoKey : STEP.none),
    key: (_k, a) => a,
    info: () => 0,
    uses: [],
  },
  ioport: {
    title: "IO Port Access",
    measures: "port I/O time: from kvm_pio to the next kvm_entry of the same vCPU thread",
    classify: (k) => (k === EV.pio ? STEP.beginKey : k === EV.entry ? STEP.endNoKey : STEP.none),
    key: (_k, a) => a,
    info: (_k, _a, b) => b,
    label: (key, info) => `${hex(key)}:${info ? "POUT" : "PIN"}`,
    uses: [EV.pio],
  },
  mmio: {
    title: "MMIO Access",
    measures: "MMIO time: a write from kvm_mmio(write) to kvm_entry, a read from kvm_exit to kvm_mmio(read)",
    classify: (k, _a, b) => {
      if (k === EV.exit) return STEP.beginNoKey;
      if (k === EV.mmio && b === 2) return STEP.beginKey;
      if (k === EV.entry) return STEP.endNoKey;
      if (k === EV.mmio && b === 1) return STEP.endKey;
      return STEP.none;
    },
    key: (_k, a) => a,
    info: (_k, _a, b) => b,
    label: (key, info) => `${hex(key)}:${info === 2 ? "W" : "R"}`,
    uses: [EV.mmio],
  },
  msr: {
    title: "MSR Access",
    measures: "MSR emulation time: from kvm_msr to the next kvm_entry of the same vCPU thread",
    classify: (k) => (k === EV.msr ? STEP.beginKey : k === EV.entry ? STEP.endNoKey : STEP.none),
    key: (_k, a) => a,
    info: (_k, _a, b) => b,
    label: (key, info) => `${hex(key)}:${info ? "W" : "R"}`,
    uses: [EV.msr],
  },
};

/** arm64 vmexit: perf times kvm_entry → kvm_exit (guest run time before the exit). */
export const ARM64_VMEXIT_OPS: KvmEventOps = {
  title: "VM-EXIT",
  measures: "guest run time: from kvm_entry to the next kvm_exit of the same vCPU thread (perf's arm64 definition, the opposite interval from x86)",
  classify: (k) => (k === EV.entry ? STEP.beginNoKey : k === EV.exit ? STEP.endKey : STEP.none),
  key: (_k, a, b) => (a === 2 ? b : a),
  info: () => 0,
  uses: [],
};

/** The sub-event kinds a report does not read. */
export function unusedKinds(ops: KvmEventOps): number[] {
  return [EV.pio, EV.mmio, EV.msr].filter((k) => !ops.uses.includes(k));
}
