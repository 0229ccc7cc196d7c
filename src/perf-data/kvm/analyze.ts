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
  /** Index in AnalyzerState.events. */
  idx: number;
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
  /** Per event index: this thread's cell (its vCPU's stats and its own durations). */
  cells: Array<ThreadCell | undefined>;
}

interface ThreadCell {
  vs: PerfStats;
  tc: { durations: GrowF64; timeNs: number };
}

export interface AnalyzerState {
  events: KeyEvent[];
  threads: ThreadState[];
  /** tid → comm, for every COMM seen. */
  comms: Map<number, { pid: number; comm: string }>;
  firstSampleT: number;
  lastSampleT: number;
  /** kvm_exit samples per rate bucket (bucket 0 starts at rateOriginT). */
  rateCounts: number[];
  rateOriginT: number;
  rateDropped: number;
  exitSamples: number;
  /** kvm_exit `isa` field values 0, 1 (VMX), 2 (SVM), other/absent: counts and first file offsets. */
  isaCounts: Float64Array;
  isaFirstOffset: Float64Array;
  suspectPairs: number;
  vcpuMismatches: number;
  vcpuMismatchOffset: number;
}

/**
 * `rate.bucketNs` and `rate.originOf(t)` set the exit-rate buckets: the origin
 * is computed from the first sample's time (bucket starts aligned on the
 * absolute clock).
 */
export interface RateSpec {
  bucketNs: number;
  originOf(firstT: number): number;
}

/** Longest rate series kept; a longer one (a corrupt timestamp, or a tiny bucket) is cut. */
export const MAX_RATE_BUCKETS = 1_000_000;

export function createKvmAnalyzer(ops: KvmEventOps, commNames: () => string[], rate: RateSpec) {
  const st: AnalyzerState = {
    events: [],
    threads: [],
    comms: new Map(),
    firstSampleT: NaN,
    lastSampleT: NaN,
    rateCounts: [],
    rateOriginT: NaN,
    rateDropped: 0,
    exitSamples: 0,
    isaCounts: new Float64Array(4),
    isaFirstOffset: new Float64Array(4).fill(-1),
    suspectPairs: 0,
    vcpuMismatches: 0,
    vcpuMismatchOffset: -1,
  };
  const byTid = new Map<number, ThreadState>();
  // tid → thread: a direct table for ordinary tids (pid_max is at most 2^22), a Map beyond.
  const TID_TABLE_MAX = 1 << 22;
  /** tid → 1 + index in st.threads (0: none). */
  let tidTable = new Int32Array(1 << 16);
  const threadOf = (tid: number): ThreadState | undefined => {
    if (tid >= 0 && tid < tidTable.length) {
      const k = tidTable[tid];
      return k === 0 ? undefined : st.threads[k - 1];
    }
    return tid >= 0 && tid < TID_TABLE_MAX ? undefined : byTid.get(tid);
  };
  // find_create_kvm_event: keyed by (key, info).
  const info0 = new Map<number, KeyEvent>();
  const keyMaps = new Map<number, Map<number, KeyEvent>>([[0, info0]]);
  let seq = 0;
  // The common keys (exit reasons without flag bits, info 0) through a direct table.
  const SMALL_KEYS = 4096;
  const smallKeys: Array<KeyEvent | undefined> = new Array<KeyEvent | undefined>(SMALL_KEYS).fill(undefined);

  /** The thread's cell for `ev`, created on first use (also records the vCPU's creation order). */
  const cellOf = (th: ThreadState, ev: KeyEvent): ThreadCell => {
    let cell = th.cells[ev.idx];
    if (cell) return cell;
    if (!ev.vcpuSeq.has(th.vcpu)) ev.vcpuSeq.set(th.vcpu, seq++);
    let vs = ev.vcpu.get(th.vcpu);
    if (!vs) ev.vcpu.set(th.vcpu, (vs = new PerfStats()));
    let tc = ev.threads.get(th.slot);
    if (!tc) ev.threads.set(th.slot, (tc = { durations: new GrowF64(), timeNs: 0 }));
    cell = { vs, tc };
    th.cells[ev.idx] = cell;
    return cell;
  };

  /** perf's find_create_kvm_event, keyed by (key, info). */
  const findCreate = (th: ThreadState, key: number, info: number, trap: boolean): KeyEvent => {
    const small = info === 0 && key >= 0 && key < SMALL_KEYS;
    let ev = small ? smallKeys[key] : undefined;
    if (ev) {
      if (th.cells[ev.idx] === undefined) cellOf(th, ev);
      return ev;
    }
    let m = info === 0 ? info0 : keyMaps.get(info);
    if (!m) keyMaps.set(info, (m = new Map()));
    ev = m.get(key);
    if (ev && small) smallKeys[key] = ev;
    if (!ev) {
      ev = { idx: st.events.length, key, info, trap, seq: seq++, total: new PerfStats(), vcpu: new Map(), vcpuSeq: new Map(), threads: new Map() };
      m.set(key, ev);
      if (small) smallKeys[key] = ev;
      st.events.push(ev);
    }
    cellOf(th, ev);
    return ev;
  };

  const sink = (c: EventColumns, i: number): void => {
    const kind = c.kind[i];
    const t = c.t[i];
    if (kind === EV.comm) {
      const tid = c.tid[i];
      const comm = commNames()[c.a[i]];
      st.comms.set(tid, { pid: c.pid[i], comm });
      const th = threadOf(tid);
      if (th) th.comm = comm;
      return;
    }
    if (kind === EV.lost) {
      const cpu = c.cpu[i];
      for (const th of st.threads) if (th.hasStart && (cpu < 0 || th.lastCpu === cpu)) th.suspect = true;
      return;
    }
    if (Number.isNaN(st.firstSampleT)) {
      st.firstSampleT = t;
      st.rateOriginT = rate.originOf(t);
    }
    st.lastSampleT = t;
    if (kind === EV.exit) {
      st.exitSamples++;
      let k = Math.floor((t - st.rateOriginT) / rate.bucketNs);
      if (!(k >= 0)) k = 0;
      if (k < MAX_RATE_BUCKETS) {
        const rc = st.rateCounts;
        while (rc.length <= k) rc.push(0);
        rc[k]++;
      } else st.rateDropped++;
      const v = c.b[i];
      const isa = v === 1 || v === 2 || v === 0 ? v : 3;
      if (st.isaCounts[isa]++ === 0) st.isaFirstOffset[isa] = c.off[i];
    }
    if (kind === EV.other) return;
    const tid = c.tid[i];
    let th = threadOf(tid);
    if (!th) {
      // per_vcpu_record: only a kvm_entry creates the record.
      if (kind !== EV.entry) return;
      th = { tid, pid: c.pid[i], vcpu: c.a[i], start: 0, pending: null, hasStart: false, lastCpu: c.cpu[i], suspect: false, comm: st.comms.get(tid)?.comm ?? null, slot: st.threads.length, cells: [] };
      if (tid >= 0 && tid < TID_TABLE_MAX) {
        if (tid >= tidTable.length) {
          const g = new Int32Array(Math.min(TID_TABLE_MAX, Math.max(tid + 1, tidTable.length * 2)));
          g.set(tidTable);
          tidTable = g;
        }
        tidTable[tid] = st.threads.length + 1;
      } else byTid.set(tid, th);
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
      th.pending = step === STEP.beginKey ? findCreate(th, ops.key(kind, a, b), ops.info(kind, a, b), kind === EV.exit && a === 2) : null;
      th.start = t;
      th.hasStart = true;
      th.suspect = false;
      return;
    }
    // End event.
    if (!th.hasStart) return;
    let ev = th.pending;
    if (!ev && step === STEP.endNoKey) return;
    if (!ev) ev = findCreate(th, ops.key(kind, a, b), ops.info(kind, a, b), kind === EV.exit && a === 2);
    th.pending = null;
    th.hasStart = false;
    if (t < th.start) return;
    // count(), inlined: perf's update_stats on the event total and on the vCPU's stats, and the duration kept.
    const d = t - th.start;
    const tot = ev.total;
    tot.n++;
    tot.timeNs += d;
    let delta = d - tot.mean;
    tot.mean += delta / tot.n;
    tot.m2 += delta * (d - tot.mean);
    if (d > tot.max) tot.max = d;
    if (d < tot.min) tot.min = d;
    const cell = th.cells[ev.idx] ?? cellOf(th, ev);
    const vs = cell.vs;
    vs.n++;
    vs.timeNs += d;
    delta = d - vs.mean;
    vs.mean += delta / vs.n;
    vs.m2 += delta * (d - vs.mean);
    if (d > vs.max) vs.max = d;
    if (d < vs.min) vs.min = d;
    const g = cell.tc.durations;
    if (g.n === g.a.length) g.grow();
    g.a[g.n++] = d;
    cell.tc.timeNs += d;
    if (th.suspect) st.suspectPairs++;
    th.suspect = false;
  };

  return { sink, state: st };
}
