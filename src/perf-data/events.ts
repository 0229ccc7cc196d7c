/**
 * Decoded events in columns (no object per record), and perf's round-based
 * ordering: records are time-ordered only per CPU ring buffer, so events are
 * buffered and, at each FINISHED_ROUND, those not newer than the previous
 * round's highest timestamp are sorted (stably) and handed on. This is perf's
 * ordered_events with OE_FLUSH__ROUND (tools/perf/util/ordered-events.c).
 */

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
    for (let i = from, j = at; i < to; i++, j++) {
      d.kind[j] = kind[i];
      d.tid[j] = tid[i];
      d.pid[j] = pid[i];
      d.cpu[j] = cpu[i];
      d.t[j] = t[i];
      d.a[j] = a[i];
      d.b[j] = b[i];
      d.c[j] = cc[i];
      d.off[j] = off[i];
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

/**
 * The buffer is append-only between compactions: what a flush leaves is kept
 * in place as ranges (each the ascending rest of one run), in arrival order,
 * followed by the events added since. Flushed events are dead space that a
 * compaction drops when the buffer is full, so an event is rarely copied.
 */
export class RoundSorter implements EventQueue {
  private cols = new EventColumns(1 << 16);
  private spare: EventColumns | null = null;
  private order = new Uint32Array(1 << 14);
  private maxT = -Infinity;
  private nextFlush = -Infinity;
  private lastFlush = -Infinity;
  /** Unflushed ranges [keepStart[k], keepEnd[k]) before segStart, in arrival order. */
  private keepStart = new Int32Array(64);
  private keepEnd = new Int32Array(64);
  private nKeep = 0;
  private keptEvents = 0;
  /** Index of the first event added since the last flush. */
  private segStart = 0;
  /** Events that arrived older than an already flushed timestamp. */
  outOfOrder = 0;
  firstOutOfOrderOffset = -1;

  constructor(private readonly sink: EventSink) {}

  get buffer(): EventColumns {
    return this.cols;
  }

  /** Events buffered and not yet handed on. */
  get buffered(): number {
    return this.keptEvents + (this.cols.n - this.segStart);
  }

  /** Makes room in `buffer` for one more event (call before pushing; `buffer` may change). */
  reserve(): void {
    const c = this.cols;
    if (c.n < c.kind.length) return;
    if (this.buffered * 4 <= c.kind.length) this.compact();
    else c.grow();
  }

  /** Moves the unflushed events to the front of a buffer of the same capacity. */
  private compact(): void {
    const c = this.cols;
    let d = this.spare;
    if (!d || d.kind.length !== c.kind.length) d = new EventColumns(c.kind.length);
    let j = 0;
    for (let k = 0; k < this.nKeep; k++) {
      const from = this.keepStart[k];
      this.keepStart[k] = j;
      j = copyRange(c, from, this.keepEnd[k], d, j);
      this.keepEnd[k] = j;
    }
    const seg = j;
    j = copyRange(c, this.segStart, c.n, d, j);
    this.segStart = seg;
    d.n = j;
    c.n = 0;
    this.spare = c;
    this.cols = d;
  }

  /**
   * Appends events [from, to) of `src` as if each were pushed and added, but
   * copied in bulk. A bulk never crosses the half-flush threshold before its
   * last event, so a half flush (which compacts the buffer) can only follow
   * the last one.
   */
  appendFrom(src: EventColumns, from: number, to: number): void {
    for (let i = from; i < to; ) {
      this.reserve();
      const c = this.cols;
      const m = Math.max(1, Math.min(to - i, c.kind.length - c.n, MAX_BUFFERED_EVENTS - this.buffered));
      const at = c.n;
      copyRange(src, i, i + m, c, at);
      for (let j = at; j < at + m; j++) {
        c.n = j + 1;
        this.added(j);
      }
      i += m;
    }
  }

  /** Appends event `i` of `src` and hands it on at once (deliverNow). */
  deliverFrom(src: EventColumns, i: number): void {
    this.reserve();
    const c = this.cols;
    copyRange(src, i, i + 1, c, c.n);
    c.n++;
    this.deliverNow(c.n - 1);
  }

  bulkRoom(): number {
    this.reserve();
    return Math.min(this.cols.kind.length - this.cols.n, MAX_BUFFERED_EVENTS - this.buffered);
  }

  addedRange(from: number, to: number): void {
    const c = this.cols;
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
    // bulkRoom() kept the range below the threshold but for its last event: the per-event check can only fire there.
    if (this.buffered >= MAX_BUFFERED_EVENTS) this.flushUpTo(this.halfTime());
  }

  /** Call after pushing event `i` into `buffer`. */
  added(i: number): void {
    const t = this.cols.t[i];
    if (t < this.lastFlush) {
      if (this.outOfOrder === 0) this.firstOutOfOrderOffset = this.cols.off[i];
      this.outOfOrder++;
    }
    if (t > this.maxT) this.maxT = t;
    if (this.keptEvents + (this.cols.n - this.segStart) >= MAX_BUFFERED_EVENTS) this.flushUpTo(this.halfTime());
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

  /** The time of the middle one of the buffered events in time order. */
  private halfTime(): number {
    this.compact();
    const c = this.cols;
    const o = this.sortedOrder();
    return c.t[o[(c.n / 2) | 0]];
  }

  private tmp = new Uint32Array(1 << 14);

  /**
   * Indices of the buffered events in time order, stable (the buffer must be
   * compacted). The buffer is a concatenation of per-CPU runs that are already
   * sorted, so a natural merge sort (find the ascending runs, merge
   * neighbours) needs only a few passes.
   */
  private sortedOrder(): Uint32Array {
    const c = this.cols;
    const n = c.n;
    if (this.order.length < n) {
      this.order = new Uint32Array(Math.max(n, this.order.length * 2));
      this.tmp = new Uint32Array(this.order.length);
    }
    let a = this.order;
    let b = this.tmp;
    const t = c.t;
    const bounds: number[] = [0];
    for (let i = 0; i < n; i++) {
      a[i] = i;
      if (i > 0 && t[i] < t[i - 1]) bounds.push(i);
    }
    bounds.push(n);
    let runs = bounds;
    while (runs.length > 2) {
      const next: number[] = [0];
      for (let r = 0; r + 1 < runs.length; r += 2) {
        const lo = runs[r];
        const mid = runs[r + 1];
        const hi = r + 2 < runs.length ? runs[r + 2] : mid;
        let i = lo;
        let j = mid;
        let k = lo;
        if (j < hi && i < mid) {
          let ti = t[a[i]];
          let tj = t[a[j]];
          for (;;) {
            if (tj < ti) {
              b[k++] = a[j++];
              if (j === hi) break;
              tj = t[a[j]];
            } else {
              b[k++] = a[i++];
              if (i === mid) break;
              ti = t[a[i]];
            }
          }
        }
        while (i < mid) b[k++] = a[i++];
        while (j < hi) b[k++] = a[j++];
        next.push(hi);
      }
      if (next[next.length - 1] !== n) next.push(n);
      runs = next;
      const x = a;
      a = b;
      b = x;
    }
    this.order = a;
    this.tmp = b;
    return a.subarray(0, n);
  }

  private runStart = new Int32Array(64);
  private runEnd = new Int32Array(64);
  private heap = new Int32Array(64);
  private heapT = new Float64Array(64);

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
   * merge (binary heap) of the ascending runs the buffer consists of (the
   * rests kept from earlier flushes, then one run per CPU ring buffer). Ties
   * go to the earlier run, so equal timestamps keep their arrival order, as
   * in perf. What is left of each run stays in place for the next flush.
   */
  private flushUpTo(limit: number): void {
    const c = this.cols;
    const n = c.n;
    const t = c.t;
    // 1. Runs: the kept ranges, then the ascending runs of the events added since.
    let nr = 0;
    for (let k = 0; k < this.nKeep; k++) {
      if (nr === this.runStart.length) this.growRuns();
      this.runStart[nr] = this.keepStart[k];
      this.runEnd[nr] = this.keepEnd[k];
      nr++;
    }
    const seg = this.segStart;
    for (let i = seg; i < n; i++) {
      if (i === seg || t[i] < t[i - 1]) {
        if (nr === this.runStart.length) this.growRuns();
        if (i > seg) this.runEnd[nr - 1] = i;
        this.runStart[nr++] = i;
      }
    }
    if (n > seg) this.runEnd[nr - 1] = n;
    if (nr === 0) return;
    const rs = this.runStart;
    const re = this.runEnd;
    // rs[r] now advances as run r is consumed.
    let emitted = 0;
    let last = this.lastFlush;
    if (nr === 1) {
      let i = rs[0];
      const end = re[0];
      while (i < end && t[i] <= limit) {
        this.sink(c, i);
        i++;
      }
      emitted = i - rs[0];
      if (emitted > 0) last = t[i - 1];
      rs[0] = i;
    } else {
      // 2. Binary heap of runs ordered by (head time, run index), kept in two
      // parallel arrays; sift-down written out (this is the hottest loop).
      const hRun = this.heap;
      const hT = this.heapT;
      let hn = 0;
      for (let r = 0; r < nr; r++) {
        const tr = t[rs[r]];
        // A run whose head is past the limit has nothing to hand on (it is ascending): leave it out of the heap.
        if (tr > limit) continue;
        // Sift up.
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
      const sink = this.sink;
      while (hn > 0) {
        const r = hRun[0];
        const ti = hT[0];
        if (ti > limit) break;
        const i = rs[r];
        sink(c, i);
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
        } else curT = t[ni];
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
    // 3. Keep what is left of each run, in run (= arrival) order; neighbours that join up ascending become one range.
    let nk = 0;
    let kept = 0;
    for (let r = 0; r < nr; r++) {
      const a = rs[r];
      const b = re[r];
      if (a >= b) continue;
      if (nk > 0 && this.keepEnd[nk - 1] === a && t[a - 1] <= t[a]) this.keepEnd[nk - 1] = b;
      else {
        if (nk === this.keepStart.length) {
          const g1 = new Int32Array(nk * 2);
          g1.set(this.keepStart);
          const g2 = new Int32Array(nk * 2);
          g2.set(this.keepEnd);
          this.keepStart = g1;
          this.keepEnd = g2;
        }
        this.keepStart[nk] = a;
        this.keepEnd[nk] = b;
        nk++;
      }
      kept += b - a;
    }
    this.nKeep = nk;
    this.keptEvents = kept;
    this.segStart = n;
    if (kept === 0) {
      c.n = 0;
      this.segStart = 0;
    }
  }
}
