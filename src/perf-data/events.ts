/**
 * Decoded events in columns (no object per record), and perf's round-based
 * ordering: records are time-ordered only per CPU ring buffer, so events are
 * buffered and, at each FINISHED_ROUND, those not newer than the previous
 * round's highest timestamp are sorted (stably) and handed on. This is perf's
 * ordered_events with OE_FLUSH__ROUND (tools/perf/util/ordered-events.c).
 */
import { select } from "./select";

/** What a decoded event is. The analysis reads the columns by kind. */
export const EV = {
  exit: 0,
  entry: 1,
  pio: 2,
  mmio: 3,
  msr: 4,
  comm: 5,
  lost: 6,
  other: 7,
} as const;

/**
 * Columns of one event batch. Per kind:
 * - exit: a = exit_reason (x86) or ret (arm64), b = isa (-1 if absent) or esr_ec (arm64), c = vcpu_id (-1 if absent)
 * - entry: a = vcpu_id (0 if absent, as perf reads a missing field)
 * - pio: a = port, b = rw; mmio: a = gpa, b = type; msr: a = ecx, b = write
 * - comm: a = index into the name table; lost: a = events lost
 */
export class EventColumns {
  n = 0;
  kind: Uint8Array;
  tid: Int32Array;
  pid: Int32Array;
  cpu: Int32Array;
  t: Float64Array;
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
  off: Float64Array;
  constructor(cap = 1 << 14) {
    this.kind = new Uint8Array(cap);
    this.tid = new Int32Array(cap);
    this.pid = new Int32Array(cap);
    this.cpu = new Int32Array(cap);
    this.t = new Float64Array(cap);
    this.a = new Float64Array(cap);
    this.b = new Float64Array(cap);
    this.c = new Float64Array(cap);
    this.off = new Float64Array(cap);
  }
  get capacity(): number {
    return this.kind.length;
  }
  /** Columns over existing arrays (a batch from the reader thread), `n` events used. */
  static of(arrays: Pick<EventColumns, "kind" | "tid" | "pid" | "cpu" | "t" | "a" | "b" | "c" | "off">, n: number): EventColumns {
    const c = new EventColumns(0);
    c.kind = arrays.kind;
    c.tid = arrays.tid;
    c.pid = arrays.pid;
    c.cpu = arrays.cpu;
    c.t = arrays.t;
    c.a = arrays.a;
    c.b = arrays.b;
    c.c = arrays.c;
    c.off = arrays.off;
    c.n = n;
    return c;
  }
  grow(): void {
    const cap = this.kind.length * 2;
    const g = <T extends Uint8Array | Int32Array | Float64Array>(x: T, C: new (n: number) => T): T => {
      const y = new C(cap);
      y.set(x);
      return y;
    };
    this.kind = g(this.kind, Uint8Array);
    this.tid = g(this.tid, Int32Array);
    this.pid = g(this.pid, Int32Array);
    this.cpu = g(this.cpu, Int32Array);
    this.t = g(this.t, Float64Array);
    this.a = g(this.a, Float64Array);
    this.b = g(this.b, Float64Array);
    this.c = g(this.c, Float64Array);
    this.off = g(this.off, Float64Array);
  }
  /** Appends one event and returns its index. */
  push(kind: number, tid: number, pid: number, cpu: number, t: number, a: number, b: number, c: number, off: number): number {
    if (this.n === this.kind.length) this.grow();
    const i = this.n++;
    this.kind[i] = kind;
    this.tid[i] = tid;
    this.pid[i] = pid;
    this.cpu[i] = cpu;
    this.t[i] = t;
    this.a[i] = a;
    this.b[i] = b;
    this.c[i] = c;
    this.off[i] = off;
    return i;
  }
}

/** Receives events in time order. */
export type EventSink = (cols: EventColumns, i: number) => void;

/**
 * Where the reader puts decoded events: push into `buffer` after reserve(),
 * then say added(i) (timed) or deliverNow(i) (untimed). RoundSorter orders
 * and hands them on; in a worker thread a forwarder ships them, with the
 * round marks, to a RoundSorter in the main thread.
 */
export interface EventQueue {
  readonly buffer: EventColumns;
  reserve(): void;
  added(i: number): void;
  deliverNow(i: number): void;
  finishedRound(): void;
  finish(): void;
  /** Makes room and says how many events may be written into `buffer` at `buffer.n` in bulk (then addedRange). */
  bulkRoom(): number;
  /** Call after writing events [from, to) in bulk and setting `buffer.n = to`. */
  addedRange(from: number, to: number): void;
}

/** Above this many buffered events a half flush happens (perf does the same when its queue is full). */
export const MAX_BUFFERED_EVENTS = 2_000_000;

/** Copies events [from, to) of `c` to `d` at `at`; returns the end index in `d`. */
function copyRange(c: EventColumns, from: number, to: number, d: EventColumns, at: number): number {
  if (to <= from) return at;
  if (to - from <= 256) {
    // Short ranges (a round of a few hundred events): a loop beats nine subarray() + set() calls.
    const { kind, tid, pid, cpu, t, a, b, c: cc, off } = c;
    const { kind: dKind, tid: dTid, pid: dPid, cpu: dCpu, t: dT, a: dA, b: dB, c: dC, off: dOff } = d;
    for (let i = from, j = at; i < to; i++, j++) {
      dKind[j] = kind[i];
      dTid[j] = tid[i];
      dPid[j] = pid[i];
      dCpu[j] = cpu[i];
      dT[j] = t[i];
      dA[j] = a[i];
      dB[j] = b[i];
      dC[j] = cc[i];
      dOff[j] = off[i];
    }
    return at + (to - from);
  }
  d.kind.set(c.kind.subarray(from, to), at);
  d.tid.set(c.tid.subarray(from, to), at);
  d.pid.set(c.pid.subarray(from, to), at);
  d.cpu.set(c.cpu.subarray(from, to), at);
  d.t.set(c.t.subarray(from, to), at);
  d.a.set(c.a.subarray(from, to), at);
  d.b.set(c.b.subarray(from, to), at);
  d.c.set(c.c.subarray(from, to), at);
  d.off.set(c.off.subarray(from, to), at);
  return at + (to - from);
}

/** Chunk size of the sorter's own event columns (the reader path). */
const CHUNK_EVENTS = 1 << 16;
/** Chunks that kept events may pin before they are copied together. */
const MAX_PINNED_CHUNKS = 4;

/**
 * perf's ordered events over chunks of columns, never copying an event in
 * the common case. Events arrive appended to the sorter's current chunk
 * (the reader in this thread) or as whole batches from the reader thread
 * (appendBatch). Between flushes they form segments in arrival order; a
 * flush merges the ascending runs of what it kept from earlier flushes and
 * of the new segments (a binary heap of runs, ties to the earlier run, so
 * equal timestamps keep their arrival order as in perf), hands on every
 * event with t <= limit, and keeps the rest of each run in place. A chunk
 * stays alive while a kept run points into it; when kept runs pin more than
 * MAX_PINNED_CHUNKS chunks they are copied into one.
 */
export class RoundSorter implements EventQueue {
  /** The chunk the reader path appends to; its open segment is [segStart, cols.n). */
  private cols: EventColumns;
  private segStart = 0;
  /** Closed segments added since the last flush, in arrival order (before the open one). */
  private segCols: EventColumns[] = [];
  private segFrom: number[] = [];
  private segTo: number[] = [];
  private segEvents = 0;
  /** Kept runs (each ascending), in arrival order. */
  private keepCols: EventColumns[] = [];
  private keepFrom: number[] = [];
  private keepTo: number[] = [];
  private keptEvents = 0;
  private maxT = -Infinity;
  private nextFlush = -Infinity;
  private lastFlush = -Infinity;
  /** Events that arrived older than an already flushed timestamp. */
  outOfOrder = 0;
  firstOutOfOrderOffset = -1;

  /** `chunkEvents`: size of the sorter's own chunks; `maxBuffered`: the half-flush threshold (tests use tiny ones). */
  constructor(
    private sink: EventSink,
    private readonly chunkEvents = CHUNK_EVENTS,
    private readonly maxBuffered = MAX_BUFFERED_EVENTS,
  ) {
    this.cols = new EventColumns(chunkEvents);
  }

  get buffer(): EventColumns {
    return this.cols;
  }

  /** Hands on to `sink` from now on (a sink that makes the real one on the first event can step aside). */
  setSink(sink: EventSink): void {
    this.sink = sink;
  }

  /** Events buffered and not yet handed on. */
  get buffered(): number {
    return this.keptEvents + this.segEvents + (this.cols.n - this.segStart);
  }

  /** Makes room in `buffer` for one more event (call before pushing; `buffer` may change). */
  reserve(): void {
    if (this.cols.n < this.cols.kind.length) return;
    this.closeOpenSegment();
    this.cols = new EventColumns(this.chunkEvents);
    this.segStart = 0;
  }

  private closeOpenSegment(): void {
    const c = this.cols;
    if (c.n > this.segStart) {
      this.segCols.push(c);
      this.segFrom.push(this.segStart);
      this.segTo.push(c.n);
      this.segEvents += c.n - this.segStart;
    }
    this.segStart = c.n;
  }

  /** Adds events [from, to) of a batch (from the reader thread) without copying them; the sorter keeps `src`. */
  appendBatch(src: EventColumns, from: number, to: number): void {
    while (from < to) {
      this.closeOpenSegment();
      // The half-flush check comes after the event that reaches the threshold: add up to it.
      const m = Math.min(to - from, Math.max(1, this.maxBuffered - this.buffered));
      this.segCols.push(src);
      this.segFrom.push(from);
      this.segTo.push(from + m);
      this.segEvents += m;
      this.track(src, from, from + m);
      from += m;
      if (this.buffered >= this.maxBuffered) this.flushUpTo(this.halfTime());
    }
  }

  /** Hands on event `i` of a batch at once (deliverNow for a batch). */
  deliverFrom(src: EventColumns, i: number): void {
    this.sink(src, i);
  }

  bulkRoom(): number {
    this.reserve();
    return Math.min(this.cols.kind.length - this.cols.n, this.maxBuffered - this.buffered);
  }

  /** Late-event accounting and the highest time, for events [from, to) of `c`. */
  private track(c: EventColumns, from: number, to: number): void {
    const t = c.t;
    let maxT = this.maxT;
    const lastFlush = this.lastFlush;
    for (let i = from; i < to; i++) {
      const ti = t[i];
      if (ti < lastFlush) {
        if (this.outOfOrder === 0) this.firstOutOfOrderOffset = c.off[i];
        this.outOfOrder++;
      }
      if (ti > maxT) maxT = ti;
    }
    this.maxT = maxT;
  }

  addedRange(from: number, to: number): void {
    this.track(this.cols, from, to);
    // bulkRoom() kept a range below the threshold but for its last event: the per-event check can only fire there.
    if (this.buffered >= this.maxBuffered) this.flushUpTo(this.halfTime());
  }

  /** Call after pushing event `i` into `buffer`. */
  added(i: number): void {
    this.addedRange(i, i + 1);
  }

  /** Delivers event `i` (just pushed, without a timestamp) at once, as perf does for untimed events. */
  deliverNow(i: number): void {
    this.sink(this.cols, i);
    if (i === this.cols.n - 1) this.cols.n--;
  }

  /** FINISHED_ROUND: flush what the previous round guarantees, then remember this round's maximum. */
  finishedRound(): void {
    this.flushUpTo(this.nextFlush);
    this.nextFlush = this.maxT;
  }

  /** End of data: flush everything. */
  finish(): void {
    this.flushUpTo(Infinity);
  }

  /** The time of the middle one (rank floor(n/2)) of the buffered events in time order. */
  private halfTime(): number {
    const n = this.buffered;
    const ts = new Float64Array(n);
    let k = 0;
    const take = (c: EventColumns, from: number, to: number) => {
      ts.set(c.t.subarray(from, to), k);
      k += to - from;
    };
    for (let r = 0; r < this.keepCols.length; r++) take(this.keepCols[r], this.keepFrom[r], this.keepTo[r]);
    for (let r = 0; r < this.segCols.length; r++) take(this.segCols[r], this.segFrom[r], this.segTo[r]);
    take(this.cols, this.segStart, this.cols.n);
    const rank = (n / 2) | 0;
    select(ts, rank, 0, n - 1);
    return ts[rank];
  }

  // Runs of one flush: columns, time column, next index, end.
  private runCols: EventColumns[] = [];
  private runT: Float64Array[] = [];
  private runStart = new Int32Array(64);
  private runEnd = new Int32Array(64);
  private heap = new Int32Array(64);
  private heapT = new Float64Array(64);

  private addRuns(c: EventColumns, from: number, to: number, nr: number): number {
    const t = c.t;
    for (let i = from; i < to; i++) {
      if (i === from || t[i] < t[i - 1]) {
        if (nr === this.runStart.length) this.growRuns();
        if (i > from) this.runEnd[nr - 1] = i;
        this.runCols[nr] = c;
        this.runT[nr] = t;
        this.runStart[nr++] = i;
      }
    }
    if (to > from) this.runEnd[nr - 1] = to;
    return nr;
  }

  private growRuns(): void {
    const nr = this.runStart.length * 2;
    const g1 = new Int32Array(nr);
    g1.set(this.runStart);
    const g2 = new Int32Array(nr);
    g2.set(this.runEnd);
    this.runStart = g1;
    this.runEnd = g2;
    this.heap = new Int32Array(nr);
    this.heapT = new Float64Array(nr);
  }

  /**
   * Hands on, in time order, every buffered event with t <= limit: a k-way
   * merge (binary heap) of the ascending runs (kept rests from earlier
   * flushes, then the runs of each new segment, in arrival order). Ties go
   * to the earlier run, so equal timestamps keep their arrival order, as in
   * perf. What is left of each run is kept in place for the next flush.
   */
  private flushUpTo(limit: number): void {
    // 1. Runs.
    let nr = 0;
    for (let k = 0; k < this.keepCols.length; k++) {
      if (nr === this.runStart.length) this.growRuns();
      this.runCols[nr] = this.keepCols[k];
      this.runT[nr] = this.keepCols[k].t;
      this.runStart[nr] = this.keepFrom[k];
      this.runEnd[nr] = this.keepTo[k];
      nr++;
    }
    for (let k = 0; k < this.segCols.length; k++) nr = this.addRuns(this.segCols[k], this.segFrom[k], this.segTo[k], nr);
    const open = this.cols;
    nr = this.addRuns(open, this.segStart, open.n, nr);
    if (nr === 0) return;
    const rs = this.runStart;
    const re = this.runEnd;
    const rc = this.runCols;
    const rt = this.runT;
    const sink = this.sink;
    let emitted = 0;
    let last = this.lastFlush;
    if (nr === 1) {
      const c = rc[0];
      const t = rt[0];
      let i = rs[0];
      const end = re[0];
      while (i < end && t[i] <= limit) {
        sink(c, i);
        i++;
      }
      emitted = i - rs[0];
      if (emitted > 0) last = t[i - 1];
      rs[0] = i;
    } else {
      // 2. Binary heap of runs ordered by (head time, run index) in two parallel arrays.
      const hRun = this.heap;
      const hT = this.heapT;
      let hn = 0;
      for (let r = 0; r < nr; r++) {
        const tr = rt[r][rs[r]];
        // A run whose head is past the limit has nothing to hand on (it is ascending).
        if (tr > limit) continue;
        let p = hn++;
        while (p > 0) {
          const q = (p - 1) >> 1;
          if (hT[q] < tr || (hT[q] === tr && hRun[q] < r)) break;
          hRun[p] = hRun[q];
          hT[p] = hT[q];
          p = q;
        }
        hRun[p] = r;
        hT[p] = tr;
      }
      while (hn > 0) {
        const r = hRun[0];
        const ti = hT[0];
        if (ti > limit) break;
        const i = rs[r];
        sink(rc[r], i);
        emitted++;
        last = ti;
        const ni = i + 1;
        rs[r] = ni;
        let curR = r;
        let curT: number;
        if (ni === re[r]) {
          hn--;
          if (hn === 0) break;
          curR = hRun[hn];
          curT = hT[hn];
        } else curT = rt[r][ni];
        let p = 0;
        for (;;) {
          const l = 2 * p + 1;
          if (l >= hn) break;
          let m = l;
          let mT = hT[l];
          let mR = hRun[l];
          if (l + 1 < hn) {
            const rT = hT[l + 1];
            const rR = hRun[l + 1];
            if (rT < mT || (rT === mT && rR < mR)) {
              m = l + 1;
              mT = rT;
              mR = rR;
            }
          }
          if (mT < curT || (mT === curT && mR < curR)) {
            hRun[p] = mR;
            hT[p] = mT;
            p = m;
          } else break;
        }
        hRun[p] = curR;
        hT[p] = curT;
      }
    }
    if (emitted > 0) this.lastFlush = last;
    // 3. Keep what is left of each run, in run (= arrival) order; neighbours that join up ascending become one run.
    // (The kept lists are reused: this runs at every FINISHED_ROUND.)
    const kc = this.keepCols;
    const kf = this.keepFrom;
    const kt = this.keepTo;
    let nk = 0;
    let kept = 0;
    for (let r = 0; r < nr; r++) {
      const a = rs[r];
      const b = re[r];
      if (a >= b) continue;
      if (nk > 0 && kc[nk - 1] === rc[r] && kt[nk - 1] === a && rt[r][a - 1] <= rt[r][a]) kt[nk - 1] = b;
      else {
        kc[nk] = rc[r];
        kf[nk] = a;
        kt[nk] = b;
        nk++;
      }
      kept += b - a;
    }
    kc.length = nk;
    kf.length = nk;
    kt.length = nk;
    for (let r = 0; r < nr; r++) {
      rc[r] = open;
      rt[r] = open.t;
    }
    this.keptEvents = kept;
    this.segCols = [];
    this.segFrom = [];
    this.segTo = [];
    this.segEvents = 0;
    this.segStart = open.n;
    if (kept === 0) {
      // Nothing buffered: the current chunk starts over.
      open.n = 0;
      this.segStart = 0;
    } else this.unpin();
  }

  /** When kept runs pin too many chunks, copies them, in order, to the end of the current chunk (or a new one). */
  private unpin(): void {
    const kc = this.keepCols;
    // Kept runs are in arrival order, and so are chunks: when the first and the last share a chunk, all do.
    if (kc.length <= MAX_PINNED_CHUNKS || kc[0] === kc[kc.length - 1]) return;
    let pinned = 0;
    for (let k = 0; k < kc.length && pinned <= MAX_PINNED_CHUNKS; k++) if (kc[k] !== this.cols && (k === 0 || kc[k] !== kc[k - 1])) pinned++;
    if (pinned <= MAX_PINNED_CHUNKS) return;
    let d = this.cols;
    if (d.kind.length - d.n < this.keptEvents) {
      d = new EventColumns(Math.max(this.chunkEvents, this.keptEvents));
      this.cols = d;
    }
    const from = d.n;
    for (let k = 0; k < this.keepCols.length; k++) d.n = copyRange(this.keepCols[k], this.keepFrom[k], this.keepTo[k], d, d.n);
    // One range per former run, now in `d` (each still ascending; order kept).
    let at = from;
    for (let k = 0; k < this.keepCols.length; k++) {
      const len = this.keepTo[k] - this.keepFrom[k];
      this.keepCols[k] = d;
      this.keepFrom[k] = at;
      this.keepTo[k] = at + len;
      at += len;
    }
    this.segStart = d.n;
  }
}
