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
