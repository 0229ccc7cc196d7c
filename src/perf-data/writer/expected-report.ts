/**
 * What perf 6.1's `perf kvm stat report` prints for a writer exit list,
 * computed from the list alone (never from the written bytes): per key the
 * count, shares, min/max/avg and the ± figure, and the table text rows.
 * Used to check the writer against real perf, and by the example generator to
 * aim at target shares before perf is run.
 *
 * Modelled on tools/perf/builtin-kvm.c (6.1): durations per key (vmexit:
 * exit→entry keyed by raw exit_reason; ioport: pio→entry keyed by port+rw;
 * mmio: exit→mmio(R) or mmio(W)→entry keyed by gpa+rw), Welford statistics,
 * `%9.2f` µs columns, `--vcpu N` printing Min as 0.00 (perf's bug).
 * arm64 (tools/perf/arch/arm64/util/kvm-stat.c): vmexit times kvm_entry →
 * kvm_exit (guest run time), keyed by `ret`, or by `esr_ec` for TRAP exits;
 * the first exit of a vCPU is timed from the writer's leading entry.
 */
import { ARM64_EXCEPTION_CLASSES, ARM64_EXIT_TYPES, SVM_EXIT_CODES, VMX_EXIT_CODES } from "./exit-codes";
import type { WriterExit, WriterIsa } from "./types";

export const REPORT_EVENTS = ["vmexit", "ioport", "mmio"] as const;
export type ReportEvent = (typeof REPORT_EVENTS)[number];

export interface ExpectedRow {
  name: string;
  count: number;
  totalNs: number;
  minNs: number;
  maxNs: number;
  /** Welford mean and M2, as perf's `struct stats`. */
  mean: number;
  m2: number;
}

export interface ExpectedReport {
  event: ReportEvent;
  vcpu: number | null;
  rows: ExpectedRow[];
  totalCount: number;
  totalNs: number;
}

const invert = (o: Record<string, number>): Map<number, string> => new Map(Object.entries(o).map(([k, v]) => [v, k]));
const NAMES: Record<"vmx" | "svm", Map<number, string>> = { vmx: invert(VMX_EXIT_CODES), svm: invert(SVM_EXIT_CODES) };
const ARM64_TYPE_NAMES = invert(ARM64_EXIT_TYPES);
const ARM64_CLASS_NAMES = invert(ARM64_EXCEPTION_CLASSES);

/** Per-vCPU time of the last kvm_entry (arm64 timing). */
type EntryState = Map<number, number>;

/** Per event kind: the (key name, duration) pairs an exit contributes. */
const CONTRIBUTIONS: Record<ReportEvent, (e: WriterExit, isa: WriterIsa, entries: EntryState) => Array<[string, number]>> = {
  vmexit: (e, isa, entries) => {
    if (isa !== "arm64") return [[NAMES[isa].get(e.exitCode) ?? "UNKNOWN", e.durationNs]];
    const since = entries.get(e.vcpu)!;
    entries.set(e.vcpu, e.startNs + e.durationNs);
    const name = e.exitCode === ARM64_EXIT_TYPES.TRAP ? ARM64_CLASS_NAMES.get(e.esrEc ?? 0) : ARM64_TYPE_NAMES.get(e.exitCode);
    return [[name ?? "UNKNOWN", e.startNs - since]];
  },
  ioport: (e) => (e.pio ? [[`0x${e.pio.port.toString(16)}:${e.pio.write ? "POUT" : "PIN"}`, e.durationNs - e.pio.offsetNs]] : []),
  mmio: (e) =>
    e.mmio
      ? [[`0x${e.mmio.gpa.toString(16)}:${e.mmio.write ? "W" : "R"}`, e.mmio.write ? e.durationNs - e.mmio.offsetNs : e.mmio.offsetNs]]
      : [],
};

/** Statistics perf would compute; rows sorted by count (descending), ties by first appearance. */
export function expectedReport(
  exits: Iterable<WriterExit>,
  isa: WriterIsa,
  event: ReportEvent,
  vcpu: number | null = null,
  leadingEntryNs = 1000,
): ExpectedReport {
  const byName = new Map<string, ExpectedRow>();
  let totalCount = 0;
  let totalNs = 0;
  const entries: EntryState = new Map();
  for (const e of exits) {
    if (!entries.has(e.vcpu)) entries.set(e.vcpu, leadingEntryNs + e.vcpu);
    const contributions = CONTRIBUTIONS[event](e, isa, entries);
    if (vcpu !== null && e.vcpu !== vcpu) continue;
    for (const [name, d] of contributions) {
      let r = byName.get(name);
      if (!r) byName.set(name, (r = { name, count: 0, totalNs: 0, minNs: Infinity, maxNs: 0, mean: 0, m2: 0 }));
      r.count++;
      r.totalNs += d;
      r.minNs = Math.min(r.minNs, d);
      r.maxNs = Math.max(r.maxNs, d);
      const delta = d - r.mean;
      r.mean += delta / r.count;
      r.m2 += delta * (d - r.mean);
      totalCount++;
      totalNs += d;
    }
  }
  const rows = [...byName.values()].sort((a, b) => b.count - a.count);
  return { event, vcpu, rows, totalCount, totalNs };
}

/** printf("%.2f") as glibc does it: exact binary value, ties to even. */
export function fixed2(x: number): string {
  const s = x.toFixed(2);
  // toFixed breaks exact ties upwards; glibc breaks them to even. A tie at the
  // third decimal is only exact when x is a multiple of 1/8.
  if (Number.isInteger(x * 8) && Math.round(Math.abs(x) * 1000) % 10 === 5) {
    const down = Math.floor(Math.abs(x) * 100);
    const pick = down % 2 === 0 ? down : down + 1;
    return (x < 0 ? "-" : "") + (pick / 100).toFixed(2);
  }
  return s;
}

const pad = (s: string, w: number): string => s.padStart(w);

/** The ± figure: 100·sqrt(var/n)/mean (relative standard error), 0 for n < 2. */
export function relStddevPct(r: ExpectedRow): number {
  if (r.count < 2 || r.mean === 0) return 0;
  const variance = r.m2 / (r.count - 1);
  return (100 * Math.sqrt(variance / r.count)) / r.mean;
}

/** One table row exactly as perf 6.1 prints it (without the trailing newline). */
export function formatRow(r: ExpectedRow, rep: ExpectedReport): string {
  const minUs = rep.vcpu === null ? r.minNs / 1e3 : 0;
  return (
    `${pad(r.name, 20)} ${pad(String(r.count), 10)} ${pad(fixed2((r.count / rep.totalCount) * 100), 8)}% ` +
    `${pad(fixed2((r.totalNs / rep.totalNs) * 100), 8)}% ${pad(fixed2(minUs), 9)}us ${pad(fixed2(r.maxNs / 1e3), 9)}us ` +
    `${pad(fixed2(r.totalNs / r.count / 1e3), 9)}us ( +-${pad(fixed2(relStddevPct(r)), 7)}% )`
  );
}

/** The `Total Samples:...` line. */
export function formatTotal(rep: ExpectedReport): string {
  return `Total Samples:${rep.totalCount}, Total events handled time:${fixed2(rep.totalNs / 1e3)}us.`;
}
