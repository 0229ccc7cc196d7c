/**
 * Statistics exactly as perf computes them (tools/perf/util/stat.c
 * update_stats / stddev_stats / rel_stddev_stats), percentiles as numpy's
 * default (linear interpolation between closest ranks), log-scale histogram
 * bins, and C printf's `%.2f` (round half to even on the exact binary value).
 */

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

/** A growable array of durations (ns). */
export class GrowF64 {
  a = new Float64Array(16);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) this.grow();
    this.a[this.n++] = v;
  }
  grow(): void {
    const b = new Float64Array(this.a.length * 2);
    b.set(this.a);
    this.a = b;
  }
  view(): Float64Array {
    return this.a.subarray(0, this.n);
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
  let kMin = Infinity;
  let kMax = -Infinity;
  const ks = new Int32Array(values.length);
  const edge = (k: number) => Math.pow(10, k / binsPerDecade);
  // Edges for k in [-EDGE_BASE, EDGE_BASE) cached: d > 0 of a double spans about ±3200 bins at 10/decade.
  const EDGE_BASE = 400 * binsPerDecade;
  const edges = new Float64Array(2 * EDGE_BASE + 2);
  for (let k = 0; k < edges.length; k++) edges[k] = edge(k - EDGE_BASE);
  for (let i = 0; i < values.length; i++) {
    const d = values[i];
    if (!(d > 0)) {
      zeroCount++;
      ks[i] = -2147483648;
      continue;
    }
    let k = Math.floor(Math.log10(d) * binsPerDecade);
    // log10 may land one bin off right at an edge.
    const e = k + EDGE_BASE;
    if (e >= 0 && e + 1 < edges.length) {
      if (d >= edges[e + 1]) k++;
      else if (d < edges[e]) k--;
    }
    ks[i] = k;
    if (k < kMin) kMin = k;
    if (k > kMax) kMax = k;
  }
  if (kMin === Infinity) return { binsPerDecade, edgesNs: [], counts: [], zeroCount };
  const counts = new Array<number>(kMax - kMin + 1).fill(0);
  for (let i = 0; i < ks.length; i++) if (ks[i] !== -2147483648) counts[ks[i] - kMin]++;
  const edgesNs: number[] = [];
  for (let k = kMin; k <= kMax + 1; k++) edgesNs.push(Number(edge(k).toPrecision(6)));
  return { binsPerDecade, edgesNs, counts, zeroCount };
}

/** Rearranges a[left..right] so that a[k] is the value a sorted array would have there (Hoare quickselect). */
function select(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    const mid = (left + right) >>> 1;
    // Median of three as the pivot.
    let x = a[left];
    let y = a[mid];
    let z = a[right];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        x = a[i];
        a[i] = a[j];
        a[j] = x;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
    void y;
    void z;
  }
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
