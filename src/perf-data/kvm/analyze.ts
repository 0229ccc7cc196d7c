/**
 * perf kvm stat's pairing, exactly as perf 6.1 does it (builtin-kvm.c
 * per_vcpu_record / handle_kvm_event / handle_begin_event /
 * handle_end_event), plus what perf does not keep: every duration (for
 * percentiles and histograms), per-thread cells (for the per-VM split), the
 * exit rate over time and lost-event exposure.
 *
 * Per thread (tid): a record exists only after the thread's first kvm_entry,
 * and its vcpu id is that entry's vcpu_id. A begin event stores its time and
 * key; an end event adds `t_end - t_begin` to the key's stats and clears.
 */
import { EV, type EventColumns } from "../events";
import { STEP, type KvmEventOps } from "./ops";
import { GrowF64, PerfStats } from "./stats";

/** perf's kvm_event: one key (+ info), with stats over all vCPUs and per vCPU. */
export interface KeyEvent {
  key: number;
  info: number;
  /** For arm64: the key came from esr_ec (a TRAP exit). */
  trap: boolean;
  /** Order of creation (perf keeps each hash bucket newest-first). */
  seq: number;
  total: PerfStats;
  vcpu: Map<number, PerfStats>;
  /** Creation order as seen by one vCPU's samples (for --vcpu ordering). */
  vcpuSeq: Map<number, number>;
  /** Durations and totals per thread slot. */
  threads: Map<number, { durations: GrowF64; timeNs: number }>;
}

export interface ThreadState {
  tid: number;
  pid: number;
  vcpu: number;
  start: number;
  pending: KeyEvent | null;
  hasStart: boolean;
  lastCpu: number;
  /** A loss happened on this thread's CPU while it had a pending begin. */
  suspect: boolean;
  comm: string | null;
  /** Index in `threads`. */
  slot: number;
}

export interface AnalyzerState {
  events: KeyEvent[];
  threads: ThreadState[];
  /** tid → comm, for every COMM seen. */
  comms: Map<number, { pid: number; comm: string }>;
  firstSampleT: number;
  lastSampleT: number;
  exitTimes: GrowF64;
  isaFieldCounts: Map<number, number>;
  isaFieldFirstOffset: Map<number, number>;
  suspectPairs: number;
  vcpuMismatches: number;
  vcpuMismatchOffset: number;
}

export function createKvmAnalyzer(ops: KvmEventOps, commNames: () => string[]) {
  const st: AnalyzerState = {
    events: [],
    threads: [],
    comms: new Map(),
    firstSampleT: NaN,
    lastSampleT: NaN,
    exitTimes: new GrowF64(),
    isaFieldCounts: new Map(),
    isaFieldFirstOffset: new Map(),
    suspectPairs: 0,
    vcpuMismatches: 0,
    vcpuMismatchOffset: -1,
  };
  const byTid = new Map<number, ThreadState>();
  const noRecord = new Set<number>();
  // find_create_kvm_event: keyed by (key, info).
  const keyMaps = new Map<number, Map<number, KeyEvent>>();
  let seq = 0;

  const findCreate = (key: number, info: number, trap: boolean, vcpu: number): KeyEvent => {
    let m = keyMaps.get(info);
    if (!m) keyMaps.set(info, (m = new Map()));
    let ev = m.get(key);
    if (!ev) {
      ev = { key, info, trap, seq: seq++, total: new PerfStats(), vcpu: new Map(), vcpuSeq: new Map(), threads: new Map() };
      m.set(key, ev);
      st.events.push(ev);
    }
    if (!ev.vcpuSeq.has(vcpu)) ev.vcpuSeq.set(vcpu, seq++);
    return ev;
  };

  const count = (th: ThreadState, ev: KeyEvent, d: number, slot: number) => {
    ev.total.update(d);
    let vs = ev.vcpu.get(th.vcpu);
    if (!vs) ev.vcpu.set(th.vcpu, (vs = new PerfStats()));
    vs.update(d);
    let tc = ev.threads.get(slot);
    if (!tc) ev.threads.set(slot, (tc = { durations: new GrowF64(), timeNs: 0 }));
    tc.durations.push(d);
    tc.timeNs += d;
    if (th.suspect) st.suspectPairs++;
  };


  const sink = (c: EventColumns, i: number): void => {
    const kind = c.kind[i];
    const t = c.t[i];
    if (kind === EV.comm) {
      const tid = c.tid[i];
      const comm = commNames()[c.a[i]];
      st.comms.set(tid, { pid: c.pid[i], comm });
      const th = byTid.get(tid);
      if (th) th.comm = comm;
      return;
    }
    if (kind === EV.lost) {
      const cpu = c.cpu[i];
      for (const th of st.threads) if (th.hasStart && (cpu < 0 || th.lastCpu === cpu)) th.suspect = true;
      return;
    }
    if (Number.isNaN(st.firstSampleT)) st.firstSampleT = t;
    st.lastSampleT = t;
    if (kind === EV.exit) {
      st.exitTimes.push(t);
      const isa = c.b[i];
      st.isaFieldCounts.set(isa, (st.isaFieldCounts.get(isa) ?? 0) + 1);
      if (!st.isaFieldFirstOffset.has(isa)) st.isaFieldFirstOffset.set(isa, c.off[i]);
    }
    if (kind === EV.other) return;
    const tid = c.tid[i];
    let th = byTid.get(tid);
    if (!th) {
      // per_vcpu_record: only a kvm_entry creates the record.
      if (kind !== EV.entry) return;
      th = { tid, pid: c.pid[i], vcpu: c.a[i], start: 0, pending: null, hasStart: false, lastCpu: c.cpu[i], suspect: false, comm: st.comms.get(tid)?.comm ?? null, slot: st.threads.length };
      byTid.set(tid, th);
      st.threads.push(th);
    }
    th.lastCpu = c.cpu[i];
    const a = c.a[i];
    const b = c.b[i];
    if (kind === EV.exit && c.c[i] >= 0 && c.c[i] !== th.vcpu) {
      st.vcpuMismatches++;
      if (st.vcpuMismatchOffset < 0) st.vcpuMismatchOffset = c.off[i];
    }
    const step = ops.classify(kind, a, b);
    if (step === STEP.none) return;
    if (step === STEP.beginNoKey || step === STEP.beginKey) {
      th.pending = step === STEP.beginKey ? findCreate(ops.key(kind, a, b), ops.info(kind, a, b), kind === EV.exit && a === 2, th.vcpu) : null;
      th.start = t;
      th.hasStart = true;
      th.suspect = false;
      return;
    }
    // End event.
    if (!th.hasStart) return;
    let ev = th.pending;
    if (!ev && step === STEP.endNoKey) return;
    if (!ev) ev = findCreate(ops.key(kind, a, b), ops.info(kind, a, b), kind === EV.exit && a === 2, th.vcpu);
    th.pending = null;
    th.hasStart = false;
    if (t < th.start) return;
    count(th, ev, t - th.start, th.slot);
    th.suspect = false;
  };

  return { sink, state: st };
}
