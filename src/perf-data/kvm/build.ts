/**
 * From the pairing state to the result: perf's table (names, sort order,
 * printed numbers), and the views perf does not have.
 */
import type { ReadResult } from "../reader";
import type { EventFormat } from "../tracing";
import type { HaltSplit, PerfDataRow, PerfDataTable, ExitRateSeries, VcpuMatrix, VmSplit } from "../types";
import type { AnalyzerState, KeyEvent } from "./analyze";
import { ARM64_TABLES, HALT_REASONS, PERF_TABLES, type Isa } from "./exit-reasons";
import type { KvmEventOps, KvmReportEvent } from "./ops";
import { durationDistribution, printed2, type PerfStats } from "./stats";

export const SORT_KEYS = ["sample", "time"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** perf 6.1's -k keys: `time` sorts by the mean (builtin-kvm.c DEF_SORT_NAME_KEY(time, mean)). */
const SORT_METRIC: Readonly<Record<SortKey, (s: PerfStats) => number>> = {
  sample: (s) => s.n,
  time: (s) => s.mean,
};

export interface KernelNameTables {
  vmx: Map<number, string> | null;
  vmxFlags: Map<number, string> | null;
  svm: Map<number, string> | null;
  armRet: Map<number, string> | null;
  armClass: Map<number, string> | null;
}

/** Picks the name tables out of kvm_exit's print fmt. */
export function kernelNameTables(fmt: EventFormat | null): KernelNameTables {
  const out: KernelNameTables = { vmx: null, vmxFlags: null, svm: null, armRet: null, armClass: null };
  if (!fmt) return out;
  const has = (m: Map<number, string>, n: string) => [...m.values()].includes(n);
  for (const t of fmt.symbolic) {
    if (/esr_ec/.test(t.expr)) out.armClass = t.entries;
    else if (/\bret\b/.test(t.expr)) out.armRet = t.entries;
    else if (/exit_reason/.test(t.expr) && (has(t.entries, "HLT") || has(t.entries, "EXTERNAL_INTERRUPT"))) out.vmx = t.entries;
    else if (/exit_reason/.test(t.expr) && (has(t.entries, "hlt") || has(t.entries, "npf"))) out.svm = t.entries;
  }
  for (const t of fmt.flags) if (/exit_reason/.test(t.expr)) out.vmxFlags = t.entries;
  return out;
}

export interface Namer {
  perfName(ev: KeyEvent): string;
  kernelName(ev: KeyEvent): string | null;
  exitCode(ev: KeyEvent): number | null;
}

/** perf formats a key into a 20-byte buffer (decode_str_len): at most 19 characters are printed. */
export const PERF_NAME_MAX = 19;
const clip = (s: string) => (s.length > PERF_NAME_MAX ? s.slice(0, PERF_NAME_MAX) : s);

export function createNamer(event: KvmReportEvent, ops: KvmEventOps, isa: Isa | null, k: KernelNameTables): Namer {
  const n = createFullNamer(event, ops, isa, k);
  return { ...n, perfName: (ev) => clip(n.perfName(ev)) };
}

function createFullNamer(event: KvmReportEvent, ops: KvmEventOps, isa: Isa | null, k: KernelNameTables): Namer {
  if (event !== "vmexit") {
    return { perfName: (ev) => ops.label!(ev.key, ev.info), kernelName: () => null, exitCode: () => null };
  }
  if (isa === "arm64") {
    return {
      perfName: (ev) => (ev.trap ? ARM64_TABLES.classes : ARM64_TABLES.types).get(ev.key) ?? "UNKNOWN",
      kernelName: (ev) => (ev.trap ? k.armClass : k.armRet)?.get(ev.key) ?? null,
      exitCode: (ev) => ev.key,
    };
  }
  const kernelName = (ev: KeyEvent): string | null => {
    if (isa === "SVM") return k.svm?.get(ev.key) ?? null;
    const base = k.vmx?.get(ev.key % 65536) ?? null;
    if (base === null) return null;
    const high = ev.key - (ev.key % 65536);
    const flags: string[] = [];
    if (k.vmxFlags) for (const [bit, n] of k.vmxFlags) if (bit && Math.floor(high / bit) % 2 === 1) flags.push(n);
    return [base, ...flags].join(" ");
  };
  return {
    perfName: (ev) => (isa ? PERF_TABLES[isa].get(ev.key) : undefined) ?? (isa ? "UNKNOWN" : kernelName(ev) ?? "UNKNOWN"),
    kernelName,
    exitCode: (ev) => ev.key,
  };
}

export interface BuildOptions {
  event: KvmReportEvent;
  vcpu: number | null;
  sortKey: SortKey;
  binsPerDecade: number;
  rateBucketNs: number;
}

function scopeStats(ev: KeyEvent, vcpu: number | null): PerfStats | undefined {
  return vcpu === null ? ev.total : ev.vcpu.get(vcpu);
}

/** perf's result order: hash buckets (key & 4095) ascending, newest first inside a bucket, then a stable sort by the key metric, descending. */
export function perfOrder(events: KeyEvent[], vcpu: number | null, sortKey: SortKey): KeyEvent[] {
  const valid = events.filter((ev) => (scopeStats(ev, vcpu)?.n ?? 0) > 0);
  const seqOf = (ev: KeyEvent) => (vcpu === null ? ev.seq : ev.vcpuSeq.get(vcpu) ?? ev.seq);
  valid.sort((x, y) => (x.key % 4096) - (y.key % 4096) || seqOf(y) - seqOf(x));
  const metric = SORT_METRIC[sortKey];
  const m = new Map(valid.map((ev) => [ev, metric(scopeStats(ev, vcpu)!)]));
  return valid.map((ev, i) => ({ ev, i })).sort((a, b) => m.get(b.ev)! - m.get(a.ev)! || a.i - b.i).map((x) => x.ev);
}

function durationsOf(ev: KeyEvent, st: AnalyzerState, vcpu: number | null): Float64Array {
  let n = 0;
  for (const [slot, tc] of ev.threads) if (vcpu === null || st.threads[slot].vcpu === vcpu) n += tc.durations.size;
  const out = new Float64Array(n);
  let p = 0;
  for (const [slot, tc] of ev.threads) {
    if (vcpu !== null && st.threads[slot].vcpu !== vcpu) continue;
    p = tc.durations.copyTo(out, p);
  }
  return out;
}

const us = (ns: number | null) => (ns === null ? null : ns / 1000);

export function buildTable(st: AnalyzerState, namer: Namer, ops: KvmEventOps, opt: BuildOptions, isa: Isa | null, read: ReadResult): PerfDataTable {
  const order = perfOrder(st.events, opt.vcpu, opt.sortKey);
  let totalN = 0;
  let totalT = 0;
  for (const ev of order) {
    const s = scopeStats(ev, opt.vcpu)!;
    totalN += s.n;
    totalT += s.timeNs;
  }
  const rows: PerfDataRow[] = order.map((ev) => {
    const s = scopeStats(ev, opt.vcpu)!;
    const d = durationsOf(ev, st, opt.vcpu);
    const { histogram, percentiles } = durationDistribution(d, opt.binsPerDecade, [50, 90, 99, 99.9]);
    const [p50, p90, p99, p999] = percentiles;
    return {
      name: namer.perfName(ev),
      exitCode: namer.exitCode(ev),
      samples: s.n,
      samplesPct: printed2((s.n / totalN) * 100),
      timePct: totalT > 0 ? printed2((s.timeNs / totalT) * 100) : null,
      // perf 6.1 --vcpu bug: the per-vCPU stats start with min = 0 (kvm_event_expand memsets them).
      minUs: opt.vcpu === null ? printed2(s.min / 1000) : 0,
      maxUs: printed2(s.max / 1000),
      avgUs: printed2(s.timeNs / s.n / 1000),
      stddevPct: printed2(s.relStddevPct()),
      kernelName: namer.kernelName(ev),
      p50Us: us(p50),
      p90Us: us(p90),
      p99Us: us(p99),
      p999Us: us(p999),
      timeNs: s.timeNs,
      minNs: s.min,
      maxNs: s.max,
      meanNs: s.timeNs / s.n,
      histogram,
    };
  });
  const hasLost = read.stats.lostRecords + read.stats.lostSamplesRecords > 0;
  return {
    event: opt.event,
    mode: "report",
    timestamp: null,
    scope: { vcpu: opt.vcpu, pids: null },
    rows,
    totalSamples: totalN,
    totalTimeUs: printed2(totalT / 1000),
    lostEvents: hasLost ? read.stats.lostEvents : null,
    durationNs: Number.isNaN(st.firstSampleT) ? null : st.lastSampleT - st.firstSampleT,
    measures: ops.measures,
    isa,
    sortKey: opt.sortKey,
  };
}

export function buildMatrix(st: AnalyzerState, namer: Namer, event: string): VcpuMatrix {
  const order = perfOrder(st.events, null, "sample");
  const names = order.map((ev) => namer.perfName(ev));
  const exitCodes = order.map((ev) => namer.exitCode(ev));
  const vcpuSet = new Set<number>();
  for (const ev of order) for (const v of ev.vcpu.keys()) vcpuSet.add(v);
  const vcpus = [...vcpuSet].sort((a, b) => a - b).map((v) => {
    const samples = order.map((ev) => ev.vcpu.get(v)?.n ?? 0);
    const timeNs = order.map((ev) => ev.vcpu.get(v)?.timeNs ?? 0);
    return { vcpu: v, samples, timeNs, totalSamples: samples.reduce((a, b) => a + b, 0), totalTimeNs: timeNs.reduce((a, b) => a + b, 0) };
  });
  return { event, names, exitCodes, vcpus };
}

export function buildVms(st: AnalyzerState, namer: Namer): VmSplit[] {
  const order = perfOrder(st.events, null, "sample");
  const byPid = new Map<number, VmSplit>();
  for (const th of st.threads) {
    let vm = byPid.get(th.pid);
    if (!vm) byPid.set(th.pid, (vm = { pid: th.pid, comm: st.comms.get(th.pid)?.comm ?? null, threads: [], rows: [], totalSamples: 0, totalTimeNs: 0 }));
    let n = 0;
    let t = 0;
    for (const ev of order) {
      const tc = ev.threads.get(th.slot);
      if (tc) (n += tc.durations.size), (t += tc.timeNs);
    }
    vm.threads.push({ tid: th.tid, comm: th.comm ?? st.comms.get(th.tid)?.comm ?? null, vcpu: th.vcpu, samples: n, timeNs: t });
  }
  for (const vm of byPid.values()) {
    const slots = new Set(st.threads.filter((th) => th.pid === vm.pid).map((th) => th.slot));
    for (const ev of order) {
      let n = 0;
      let t = 0;
      for (const [slot, tc] of ev.threads) if (slots.has(slot)) (n += tc.durations.size), (t += tc.timeNs);
      if (n > 0) vm.rows.push({ name: namer.perfName(ev), exitCode: namer.exitCode(ev), samples: n, timeNs: t, avgUs: t / n / 1000 });
    }
    vm.rows.sort((a, b) => b.samples - a.samples);
    vm.threads.sort((a, b) => (a.vcpu ?? 0) - (b.vcpu ?? 0) || a.tid - b.tid);
    vm.totalSamples = vm.rows.reduce((a, r) => a + r.samples, 0);
    vm.totalTimeNs = vm.rows.reduce((a, r) => a + r.timeNs, 0);
  }
  return [...byPid.values()].sort((a, b) => a.pid - b.pid);
}

/** Exit counts per bucket, counted while pairing; buckets are aligned to multiples of `bucketNs` on the absolute perf clock. */
export function buildRate(st: AnalyzerState, bucketNs: number): ExitRateSeries | null {
  if (Number.isNaN(st.firstSampleT)) return null;
  return { counts: st.rateCounts.slice(), bucketNs, startNs: st.rateOriginT - st.firstSampleT, droppedExits: st.rateDropped };
}

/** Relative time of the bucket start at or before relative time `firstT` (aligned on the absolute clock). */
export function rateOrigin(baseTimeNs: bigint, firstT: number, bucketNs: number): number {
  const firstAbs = baseTimeNs + BigInt(firstT);
  const b = BigInt(bucketNs);
  return firstT + Number((firstAbs / b) * b - firstAbs);
}

export function buildHalt(table: PerfDataTable, isa: Isa | null): HaltSplit | null {
  if (table.event !== "vmexit" || !isa) return null;
  const codes = HALT_REASONS[isa];
  let hn = 0;
  let ht = 0;
  let n = 0;
  let t = 0;
  const names = new Set<string>();
  for (const r of table.rows) {
    n += r.samples;
    t += r.timeNs;
    if (codes.includes(r.name)) {
      hn += r.samples;
      ht += r.timeNs;
      names.add(r.name);
    }
  }
  return {
    haltNames: [...names],
    haltSamples: hn,
    haltTimeNs: ht,
    handlingSamples: n - hn,
    handlingTimeNs: t - ht,
    haltTimePct: t > 0 ? (ht / t) * 100 : null,
    handlingAvgUs: n - hn > 0 ? (t - ht) / (n - hn) / 1000 : null,
  };
}
