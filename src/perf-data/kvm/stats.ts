/**
 * Statistics exactly as perf computes them (tools/perf/util/stat.c
 * update_stats / stddev_stats / rel_stddev_stats), percentiles as numpy's
 * default (linear interpolation between closest ranks), log-scale histogram
 * bins, and C printf's `%.2f` (round half to even on the exact binary value).
 */
import { select } from "../select";

/** One perf `struct stats` plus the total time, updated in the same order as perf. */
export class PerfStats {
  n = 0;
  timeNs = 0;
  mean = 0;
  m2 = 0;
  min = Infinity;
  max = 0;
  update(v: number): void {
    this.n++;
    this.timeNs += v;
    const delta = v - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (v - this.mean);
    if (v > this.max) this.max = v;
    if (v < this.min) this.min = v;
  }
  /** perf's `( +- x% )`: 100 * sqrt(var / n) / mean, var with n - 1. */
  relStddevPct(): number {
    if (this.n < 2) return 0;
    const variance = this.m2 / (this.n - 1);
    const sd = Math.sqrt(variance / this.n);
    return this.mean ? (100.0 * sd) / this.mean : 0;
  }
}

/**
 * A growable array of durations (ns) in chunks that are never copied while
 * growing: `a` is the chunk being filled (`n` used), earlier full chunks are
 * kept in order. The pairing writes `a[n++]` directly and calls grow() when
 * `n === a.length`.
 */
export class GrowF64 {
  a = new Float64Array(16);
  n = 0;
  private full: Float64Array[] = [];
  private fullN = 0;
  /** Durations stored. */
  get size(): number {
    return this.fullN + this.n;
  }
  push(v: number): void {
    if (this.n === this.a.length) this.grow();
    this.a[this.n++] = v;
  }
  grow(): void {
    this.full.push(this.a);
    this.fullN += this.a.length;
    this.a = new Float64Array(Math.min(this.a.length * 2, 1 << 16));
    this.n = 0;
  }
  /** Copies the durations, in order, into `out` at `at`; returns the end index. */
  copyTo(out: Float64Array, at: number): number {
    for (const c of this.full) {
      out.set(c, at);
      at += c.length;
    }
    out.set(this.a.subarray(0, this.n), at);
    return at + this.n;
  }
  view(): Float64Array {
    if (this.full.length === 0) return this.a.subarray(0, this.n);
    const out = new Float64Array(this.size);
    this.copyTo(out, 0);
    return out;
  }
}

/** numpy.percentile(x, q) with the default "linear" method; `sorted` ascending. */
export function percentileLinear(sorted: Float64Array, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * (q / 100);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const t = h - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  const diff = b - a;
  // numpy's _lerp: a + diff*t, or b - diff*(1-t) when t >= 0.5.
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

export interface LogHistogram {
  binsPerDecade: number;
  /** Bin i covers [edgesNs[i], edgesNs[i+1]). */
  edgesNs: number[];
  counts: number[];
  /** Durations of 0 ns (no log bin). */
  zeroCount: number;
}

export function logHistogram(values: Float64Array, binsPerDecade: number): LogHistogram {
  let zeroCount = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const d = values[i];
    if (!(d > 0)) zeroCount++;
    else {
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
  }
  if (lo === Infinity) return { binsPerDecade, edgesNs: [], counts: [], zeroCount };
  const edge = (k: number) => Math.pow(10, k / binsPerDecade);
  const binOf = (d: number) => {
    let k = Math.floor(Math.log10(d) * binsPerDecade);
    if (d >= edge(k + 1)) k++;
    else if (d < edge(k)) k--;
    return k;
  };
  const kMin = binOf(lo);
  const kMax = binOf(hi);
  // Edges of the bins in range; each value is placed by binary search (no log per value).
  const nb = kMax - kMin + 1;
  const edges = new Float64Array(nb + 1);
  for (let k = 0; k <= nb; k++) edges[k] = edge(kMin + k);
  const counts = new Array<number>(nb).fill(0);
  /** Index of the last edge <= d among edges[from..nb-1] (0 when none). */
  const search = (d: number, from: number): number => {
    let l = from;
    let h = nb - 1;
    while (l < h) {
      const m = (l + h + 1) >>> 1;
      if (edges[m] <= d) l = m;
      else h = m - 1;
    }
    return l;
  };
  // Integer durations 1 .. 2^31-1 (nearly all): start from the bin of 2^floor(log2 d) (Math.clz32)
  // and step up; a bin is a tenth of a decade (ratio 1.26), so an octave spans at most 4 edges.
  const octaveBin = new Int32Array(32);
  for (let o = 0; o < 31; o++) octaveBin[o] = search(2 ** o, 0);
  const counts32 = new Float64Array(nb);
  for (let i = 0; i < values.length; i++) {
    const d = values[i];
    if (!(d > 0)) continue;
    let l: number;
    if (d < 2147483648 && (d | 0) === d) {
      l = octaveBin[31 - Math.clz32(d)];
      while (l + 1 < nb && edges[l + 1] <= d) l++;
    } else l = search(d, 0);
    counts32[l]++;
  }
  for (let k = 0; k < nb; k++) counts[k] = counts32[k];
  const edgesNs: number[] = [];
  for (let k = 0; k <= nb; k++) edgesNs.push(Number(edges[k].toPrecision(6)));
  return { binsPerDecade, edgesNs, counts, zeroCount };
}

/**
 * numpy-style linear percentiles of `values` for each q in `qs` (ascending),
 * without a full sort: quickselect the two ranks around each position.
 * `values` is reordered.
 */
export function percentilesLinear(values: Float64Array, qs: readonly number[]): Array<number | null> {
  const n = values.length;
  if (n === 0) return qs.map(() => null);
  const out: Array<number | null> = [];
  let left = 0;
  for (const q of qs) {
    const h = (n - 1) * (q / 100);
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, n - 1);
    if (lo >= left) select(values, lo, left, n - 1);
    const a = values[lo];
    // The next rank is the minimum of what lies right of lo.
    let b = a;
    if (hi > lo) {
      b = Infinity;
      for (let i = lo + 1; i < n; i++) if (values[i] < b) b = values[i];
    }
    const t = h - lo;
    const diff = b - a;
    out.push(t >= 0.5 ? b - diff * (1 - t) : a + diff * t);
    left = lo;
  }
  return out;
}

/** Bin tables for integer durations: edges 10^(k/bpd) for k = 0..; a direct table below 2^16 ns; the bin of each power of two. */
interface BinTables {
  edges: Float64Array;
  small: Int16Array;
  octave: Int32Array;
}
const SMALL_NS = 1 << 16;
/** Widest integer range of one bin counted value by value for the percentiles (larger bins are selected from). */
const COUNTING_SPAN_MAX = 1 << 20;
const MAX_DECADES = 19;
const binTableCache = new Map<number, BinTables>();

function binTablesFor(bpd: number): BinTables {
  let t = binTableCache.get(bpd);
  if (t) return t;
  const K = MAX_DECADES * bpd;
  const edges = new Float64Array(K + 2);
  for (let k = 0; k < edges.length; k++) edges[k] = Math.pow(10, k / bpd);
  // small[d] = k for edges[k] <= d < edges[k+1]: one fill() per bin (this runs unoptimized, once).
  const small = new Int16Array(SMALL_NS);
  small[0] = -1;
  for (let k = 0; edges[k] < SMALL_NS; k++) {
    const from = Math.max(1, Math.ceil(edges[k]));
    const to = Math.min(SMALL_NS, Math.ceil(edges[k + 1]));
    if (to > from) small.fill(k, from, to);
  }
  let k = 0;
  const octave = new Int32Array(32);
  k = 0;
  for (let o = 0; o < 32; o++) {
    while (edges[k + 1] <= 2 ** o) k++;
    octave[o] = k;
  }
  t = { edges, small, octave };
  binTableCache.set(bpd, t);
  return t;
}

/** Global bin index k (edges[k] <= d < edges[k+1]) of d >= 1, or -1 when d is below 1, beyond the table or not a number. */
function binOfSlow(d: number, edges: Float64Array): number {
  if (!(d >= 1) || !(d < edges[edges.length - 1])) return -1;
  let l = 0;
  let h = edges.length - 2;
  while (l < h) {
    const m = (l + h + 1) >>> 1;
    if (edges[m] <= d) l = m;
    else h = m - 1;
  }
  return l;
}

/** Marks a bin whose values are not counted (shiftOfK). */
const NONE = -0x7fffffff;

/**
 * Pass 1 of durationDistribution. Integer values below 2^16 ns (nearly all
 * exits) are counted value by value in `fine` (their bins and ranks follow
 * from it); other values add to their bin in `counts`. Returns -1 when a
 * value has no bin (below 1 ns but not 0, beyond the table, NaN), else
 * zeroCount * 2 + (all values integers ? 1 : 0). Hot loops live in top-level
 * functions so that they read no variables captured by closures.
 */
function countBins(values: Float64Array, t: BinTables, fine: Int32Array, counts: Float64Array): number {
  const { edges, octave } = t;
  let zeroCount = 0;
  let allInteger = 1;
  for (let i = 0; i < values.length; i++) {
    const d = values[i];
    const di = d | 0;
    let k: number;
    if (di === d && di > 0) {
      if (di < SMALL_NS) {
        fine[di]++;
        continue;
      }
      k = octave[31 - Math.clz32(di)];
      while (edges[k + 1] <= d) k++;
    } else if (d === 0) {
      zeroCount++;
      continue;
    } else {
      if (!Number.isInteger(d)) allInteger = 0;
      k = binOfSlow(d, edges);
      if (k < 0) return -1;
    }
    counts[k]++;
  }
  return zeroCount * 2 + allInteger;
}

/** Pass 2, for ranks among the values of 2^16 ns and more: counts the integer values of the wanted bins one by one (cnt[shiftOfK[k] + d]) and collects the values of the wanted bins kept as values. */
function collectWanted(values: Float64Array, t: BinTables, shiftOfK: Int32Array, cnt: Int32Array, valuesOfK: Map<number, { v: Float64Array; n: number }>): void {
  const { edges, octave } = t;
  const anyValues = valuesOfK.size > 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i];
    const di = d | 0;
    let k: number;
    if (di === d && di > 0) {
      if (di < SMALL_NS) continue;
      k = octave[31 - Math.clz32(di)];
      while (edges[k + 1] <= d) k++;
      const sh = shiftOfK[k];
      if (sh !== NONE) {
        cnt[sh + di]++;
        continue;
      }
    } else if (d === 0) continue;
    else k = binOfSlow(d, edges);
    if (anyValues) {
      const b = valuesOfK.get(k);
      if (b) b.v[b.n++] = d;
    }
  }
}

export interface DurationDistribution {
  histogram: LogHistogram;
  /** numpy-linear percentiles, one per requested q (null when there are no values). */
  percentiles: Array<number | null>;
}

/**
 * The log histogram and the numpy-linear percentiles of `values`, exactly
 * as logHistogram and percentilesLinear give them (they remain the reference
 * and take over for values below 1 ns that are not 0, or beyond 10^19), in
 * one pass for typical exits: integer durations below 2^16 ns are counted
 * value by value, which gives their bins and ranks; a second pass runs only
 * when a wanted rank lies among longer durations, and collects just the bins
 * holding such ranks. `values` is not changed.
 */
export function durationDistribution(values: Float64Array, binsPerDecade: number, qs: readonly number[]): DurationDistribution {
  const n = values.length;
  if (n === 0) return { histogram: { binsPerDecade, edgesNs: [], counts: [], zeroCount: 0 }, percentiles: qs.map(() => null) };
  const tables = binTablesFor(binsPerDecade);
  const { edges, small } = tables;
  const fine = new Int32Array(SMALL_NS);
  const largeCounts = new Float64Array(edges.length);
  const pass1 = countBins(values, tables, fine, largeCounts);
  if (pass1 < 0) {
    const copy = Float64Array.from(values);
    return { histogram: logHistogram(values, binsPerDecade), percentiles: percentilesLinear(copy, qs) };
  }
  const zeroCount = Math.floor(pass1 / 2);
  const allInteger = pass1 % 2 === 1;
  // Bins: the large values' counts plus the fine counts folded into their bins.
  const counts = Float64Array.from(largeCounts);
  let smallTotal = 0;
  for (let d = 1; d < SMALL_NS; d++) {
    const c = fine[d];
    if (c !== 0) {
      counts[small[d]] += c;
      smallTotal += c;
    }
  }
  let kMin = -1;
  let kMax = -1;
  for (let k = 0; k < counts.length; k++) {
    if (counts[k] > 0) {
      if (kMin < 0) kMin = k;
      kMax = k;
    }
  }
  const histogram: LogHistogram = { binsPerDecade, edgesNs: [], counts: [], zeroCount };
  if (kMin >= 0) {
    for (let k = kMin; k <= kMax; k++) histogram.counts.push(counts[k]);
    for (let k = kMin; k <= kMax + 1; k++) histogram.edgesNs.push(Number(edges[k].toPrecision(6)));
  }
  // Ranks: below zeroCount the value is 0; then the fine counts; then the large values by bin.
  type Where = { kind: "zero" } | { kind: "fine"; local: number } | { kind: "large"; k: number; local: number };
  const whereOf = (r: number): Where => {
    if (r < zeroCount) return { kind: "zero" };
    r -= zeroCount;
    if (r < smallTotal) return { kind: "fine", local: r };
    r -= smallTotal;
    let before = 0;
    let last = -1;
    for (let k = 0; k < largeCounts.length; k++) {
      if (largeCounts[k] === 0) continue;
      last = k;
      if (r < before + largeCounts[k]) return { kind: "large", k, local: r - before };
      before += largeCounts[k];
    }
    return { kind: "large", k: last, local: largeCounts[last] - 1 };
  };
  const ranks: number[] = [];
  for (const q of qs) {
    const lo = Math.floor((n - 1) * (q / 100));
    ranks.push(lo, Math.min(lo + 1, n - 1));
  }
  const where = ranks.map(whereOf);
  // Pass 2, only for ranks among the large values.
  const shiftOfK = new Int32Array(edges.length).fill(NONE);
  const valuesOfK = new Map<number, { v: Float64Array; n: number }>();
  const countBase = new Map<number, { base: number; at: number; span: number }>();
  let countLen = 0;
  for (const w of where) {
    if (w.kind !== "large" || countBase.has(w.k) || valuesOfK.has(w.k)) continue;
    const base = Math.floor(edges[w.k]);
    const span = Math.ceil(edges[w.k + 1]) - base + 1;
    if (allInteger && span <= COUNTING_SPAN_MAX) {
      countBase.set(w.k, { base, at: countLen, span });
      shiftOfK[w.k] = countLen - base;
      countLen += span;
    } else valuesOfK.set(w.k, { v: new Float64Array(largeCounts[w.k]), n: 0 });
  }
  const cnt = new Int32Array(countLen);
  if (countBase.size + valuesOfK.size > 0) collectWanted(values, tables, shiftOfK, cnt, valuesOfK);
  const nth = (c: Int32Array, at: number, span: number, local: number): number => {
    let seen = 0;
    for (let j = 0; j < span; j++) {
      seen += c[at + j];
      if (seen > local) return j;
    }
    return span - 1;
  };
  const valueAt = (w: Where): number => {
    if (w.kind === "zero") return 0;
    if (w.kind === "fine") return nth(fine, 1, SMALL_NS - 1, w.local) + 1;
    const c = countBase.get(w.k);
    if (c) return c.base + nth(cnt, c.at, c.span, w.local);
    const b = valuesOfK.get(w.k)!.v;
    select(b, w.local, 0, b.length - 1);
    return b[w.local];
  };
  const percentiles = qs.map((q, j) => {
    const h = (n - 1) * (q / 100);
    const lo = Math.floor(h);
    const a = valueAt(where[2 * j]);
    const b = valueAt(where[2 * j + 1]);
    const t = h - lo;
    const diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  });
  return { histogram, percentiles };
}

/** C printf `%.{digits}f` for finite non-negative and negative values: exact decimal, ties to even. */
export function cFixed(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  const s = x.toFixed(digits);
  // toFixed rounds exact ties away from zero; C rounds them to even. A tie needs the
  // exact binary value to end in 5 at position digits+1: check with more digits.
  const longer = Math.abs(x).toFixed(Math.min(100, digits + 30));
  const cut = longer.indexOf(".") + digits + 1;
  const rest = longer.slice(cut);
  if (!/^50*$/.test(rest)) return s;
  // Exact tie: round half to even on the truncated value.
  const trunc = longer.slice(0, cut);
  const lastDigit = Number(trunc[trunc.length - 1 === trunc.indexOf(".") ? trunc.length - 2 : trunc.length - 1]);
  const neg = x < 0;
  if (lastDigit % 2 === 0) return (neg ? "-" : "") + (digits === 0 ? trunc.replace(/\.$/, "") : trunc);
  return s;
}

/** A number printed with `%.2f`, parsed back: what the text report shows. */
export function printed2(x: number): number {
  return Number(cFixed(x, 2));
}
