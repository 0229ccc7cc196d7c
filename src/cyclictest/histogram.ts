/**
 * Building the histogram from the text `# Histogram` block (rt-tests <= 2.6:
 * every bucket and a `# Total:` line; >= 2.7: empty buckets left out, no
 * total) or from the JSON `"histogram"` objects, and checking it against itself.
 */
import type { DiagnosticSink } from "../model/diagnostic";
import type { CyclictestHistogram, CyclictestHistogramThread } from "./types";
import { toUs, type Unit } from "./unit";

export const HIST_SUMMARY_NAMES = ["Total", "Min Latencies", "Avg Latencies", "Max Latencies", "Histogram Overflows", "SMIs"] as const;
export type HistSummaryName = (typeof HIST_SUMMARY_NAMES)[number];

export interface HistBlock {
  line: number;
  hasStartLine: boolean;
  rows: { line: number; bucket: number; counts: number[] }[];
  summary: Partial<Record<HistSummaryName, { line: number; values: number[] }>>;
  overflowThreads: { line: number; thread: number; cycles: number[]; others: number | null; trailingSpace: boolean }[];
}

export function newHistBlock(line: number, hasStartLine: boolean): HistBlock {
  return { line, hasStartLine, rows: [], summary: {}, overflowThreads: [] };
}

export function blockHasContent(b: HistBlock): boolean {
  return b.rows.length > 0 || Object.keys(b.summary).length > 0 || b.overflowThreads.length > 0;
}

/** How many threads the block has: the Min/Avg lines never carry the -H sum column. */
function threadCount(b: HistBlock): { n: number; sumColumn: boolean } {
  const perThread = b.summary["Min Latencies"] ?? b.summary["Avg Latencies"];
  const cols = b.rows.length > 0 ? b.rows[0].counts.length : null;
  if (perThread) {
    const n = perThread.values.length;
    return { n, sumColumn: cols !== null ? cols === n + 1 && n > 1 : (b.summary.Total?.values.length ?? n) === n + 1 && n > 1 };
  }
  if (cols !== null) {
    const sum = cols >= 3 && b.rows.every((r) => r.counts[cols - 1] === r.counts.slice(0, -1).reduce((a, c) => a + c, 0));
    return { n: sum ? cols - 1 : cols, sumColumn: sum };
  }
  const total = b.summary.Total ?? b.summary["Max Latencies"] ?? b.summary["Histogram Overflows"];
  return { n: total ? total.values.length : 0, sumColumn: false };
}

/** The histogram of a text block, with its self-checks as diagnostics. */
export function histogramFromBlock(b: HistBlock, unit: Unit | null, sink: DiagnosticSink): CyclictestHistogram {
  const { n, sumColumn } = threadCount(b);
  const threads: CyclictestHistogramThread[] = [];
  const pick = (name: HistSummaryName, i: number): number | null => {
    const s = b.summary[name];
    return s && i < s.values.length ? s.values[i] : null;
  };
  for (let i = 0; i < n; i++) {
    const buckets: [number, number][] = [];
    for (const r of b.rows) if (i < r.counts.length) buckets.push([toUs(r.bucket, unit), r.counts[i]]);
    const min = pick("Min Latencies", i);
    const avg = pick("Avg Latencies", i);
    const max = pick("Max Latencies", i);
    const ov = b.overflowThreads.find((o) => o.thread === i);
    threads.push({
      thread: i,
      buckets,
      overflows: pick("Histogram Overflows", i),
      minUs: min === null ? null : toUs(min, unit),
      avgUs: avg === null ? null : toUs(avg, unit),
      maxUs: max === null ? null : toUs(max, unit),
      totalCount: pick("Total", i),
      overflowCycles: ov ? ov.cycles : null,
      overflowCyclesOmitted: ov ? ov.others : null,
    });
  }
  checkBlock(b, n, sumColumn, threads, sink);
  const hasTotal = b.summary.Total !== undefined;
  const trailing = b.overflowThreads.some((o) => o.trailingSpace);
  const form = hasTotal ? "<=2.6" : b.rows.length > 0 && b.summary["Min Latencies"] ? ">=2.7" : trailing ? ">=2.7" : null;
  return { bucketUs: unit === "ns" ? 0.001 : 1, threads, source: "text", rtTestsForm: form, hasSumColumn: sumColumn };
}

function checkBlock(b: HistBlock, n: number, sumColumn: boolean, threads: CyclictestHistogramThread[], sink: DiagnosticSink): void {
  const width = n + (sumColumn ? 1 : 0);
  for (const r of b.rows) {
    if (r.counts.length !== width) {
      sink.add({
        code: "cyclictest/histogram-row-width",
        severity: "warning",
        line: r.line,
        message: `histogram row for bucket ${r.bucket} has ${r.counts.length} counts, expected ${width} (${n} thread${n === 1 ? "" : "s"}${sumColumn ? " and the -H sum column" : ""})`,
      });
      break;
    }
  }
  for (let k = 1; k < b.rows.length; k++) {
    if (b.rows[k].bucket <= b.rows[k - 1].bucket) {
      sink.add({
        code: "cyclictest/histogram-order",
        severity: "warning",
        line: b.rows[k].line,
        message: `histogram bucket ${b.rows[k].bucket} follows bucket ${b.rows[k - 1].bucket}; cyclictest prints buckets in increasing order (rows were edited or two histograms are mixed)`,
      });
      break;
    }
  }
  if (sumColumn) {
    const bad = b.rows.find((r) => r.counts.length === n + 1 && r.counts[n] !== r.counts.slice(0, n).reduce((a, c) => a + c, 0));
    if (bad)
      sink.add({
        code: "cyclictest/histogram-sum-mismatch",
        severity: "warning",
        line: bad.line,
        message: `the -H all-threads column of bucket ${bad.bucket} is ${bad.counts[n]}, but the threads add up to ${bad.counts.slice(0, n).reduce((a, c) => a + c, 0)}`,
      });
  }
  const total = b.summary.Total;
  if (total && b.rows.length > 0) {
    for (const t of threads) {
      const sum = t.buckets.reduce((a, [, c]) => a + c, 0);
      if (t.totalCount !== null && t.totalCount !== undefined && sum !== t.totalCount) {
        sink.add({
          code: "cyclictest/histogram-sum-mismatch",
          severity: "warning",
          line: total.line,
          message: `thread ${t.thread}: the bucket rows add up to ${sum} but '# Total:' says ${t.totalCount} (bucket rows were removed or the copy is incomplete)`,
        });
      }
    }
  }
  // Every sample below the bucket count lands in its bucket: the first filled bucket is the minimum and,
  // without overflows, the last filled bucket is the maximum. Anything else means rows are missing.
  for (const t of threads) {
    const filled = t.buckets.filter(([, c]) => c > 0);
    if (filled.length === 0) continue;
    const first = filled[0][0];
    const last = filled[filled.length - 1][0];
    const bad =
      t.minUs !== null && t.minUs >= 0 && t.minUs !== first
        ? `'# Min Latencies' says ${t.minUs} but the first filled bucket is ${first}`
        : t.maxUs !== null && t.overflows === 0 && t.maxUs !== last
          ? `'# Max Latencies' says ${t.maxUs} with no overflows, but the last filled bucket is ${last}`
          : null;
    if (bad)
      sink.add({
        code: "cyclictest/histogram-sum-mismatch",
        severity: "warning",
        line: b.rows[0].line,
        message: `thread ${t.thread}: ${bad}; bucket rows are missing from this copy or were edited`,
      });
  }
  if (b.rows.length > 0 && Object.keys(b.summary).length === 0) {
    const last = b.rows[b.rows.length - 1];
    sink.add({
      code: "cyclictest/truncated",
      severity: "warning",
      line: last.line,
      message: `the histogram stops after bucket ${last.bucket} without its '# Min/Avg/Max Latencies' and '# Histogram Overflows' lines (the file was cut short); min, avg, max and overflows are unknown`,
    });
  } else if (b.rows.length === 0) {
    sink.add({
      code: "cyclictest/histogram-summary-only",
      severity: "warning",
      line: b.line,
      message: `the histogram has only its summary lines and no bucket rows (kept with grep or trimmed); only min, avg, max${b.summary["Histogram Overflows"] ? " and overflows" : ""} are available`,
    });
  }
}

/** The histogram of cyclictest's JSON (non-zero buckets only; overflows are not in the JSON). */
export function histogramFromJson(
  threads: { thread: number; histogram: Record<string, number>; min: number | null; avg: number | null; max: number | null }[],
  unit: Unit | null,
): CyclictestHistogram {
  return {
    bucketUs: unit === "ns" ? 0.001 : 1,
    source: "json",
    rtTestsForm: null,
    hasSumColumn: false,
    threads: threads.map((t) => ({
      thread: t.thread,
      buckets: Object.keys(t.histogram)
        .filter((k) => /^\d+$/.test(k))
        .map((k) => [Number(k), t.histogram[k]] as [number, number])
        .sort((a, b) => a[0] - b[0])
        .map(([k, c]) => [toUs(k, unit), c] as [number, number]),
      overflows: null,
      minUs: t.min === null ? null : toUs(t.min, unit),
      avgUs: t.avg === null ? null : toUs(t.avg, unit),
      maxUs: t.max === null ? null : toUs(t.max, unit),
      totalCount: null,
      overflowCycles: null,
      overflowCyclesOmitted: null,
    })),
  };
}
