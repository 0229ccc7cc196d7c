/**
 * How a CyclictestResult is shown: a readable table for a terminal
 * (renderCyclictestText) and CSV rows (cyclictestToCsv), one row per thread,
 * per histogram summary and per bucket.
 */
import type { CsvTable } from "../formats/types";
import type { CyclictestHistogramThread, CyclictestResult } from "./types";

/** The unit label of latency columns: µs when known (values were converted), else "as printed". */
function latencyUnit(r: CyclictestResult): string {
  return r.unit === null ? "the printed unit (µs or ns, unknown)" : "µs";
}

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined) return "-";
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3)));
}

/** Right-aligned columns; the first column left-aligned. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** Columns of the thread table; `shown` leaves out a column no thread has (SMI exists only with --smi). */
const THREAD_COLUMNS: { title: (u: string) => string; value: (t: CyclictestResult["threads"][number]) => string; shown?: (r: CyclictestResult) => boolean }[] = [
  { title: () => "thread", value: (t) => fmt(t.thread) },
  { title: () => "tid", value: (t) => fmt(t.tid) },
  { title: () => "prio", value: (t) => fmt(t.priority) },
  { title: () => "interval µs", value: (t) => fmt(t.intervalUs) },
  { title: () => "cycles", value: (t) => fmt(t.cycles) },
  { title: (u) => `min ${u}`, value: (t) => fmt(t.minUs) },
  { title: (u) => `act ${u}`, value: (t) => fmt(t.actUs) },
  { title: (u) => `avg ${u}`, value: (t) => fmt(t.avgUs) },
  { title: (u) => `max ${u}`, value: (t) => fmt(t.maxUs) },
  { title: () => "SMIs", value: (t) => fmt(t.smi), shown: (r) => r.threads.some((t) => t.smi !== null && t.smi !== undefined) },
];

/** The bucket below which `share` of the in-range samples fall, or null. */
export function bucketPercentile(h: CyclictestHistogramThread, share: number): number | null {
  const total = h.buckets.reduce((a, [, c]) => a + c, 0) + (h.overflows ?? 0);
  if (total === 0) return null;
  let acc = 0;
  for (const [lat, c] of h.buckets) {
    acc += c;
    if (acc >= share * total) return lat;
  }
  return null;
}

const UNIT_SOURCE_WORDS: Record<string, string> = {
  json: "the JSON resolution_in_ns",
  "command-line": "the command line",
  "field-widths": "the Act/Avg field widths",
  option: "the caller",
};

/** A percentile cell: the bucket, `>last` when it lies in the overflow, `-` when there are no samples. */
function pct(t: CyclictestHistogramThread, share: number): string {
  const v = bucketPercentile(t, share);
  if (v !== null) return fmt(v);
  if ((t.overflows ?? 0) > 0 && t.buckets.length > 0) return `>${fmt(t.buckets[t.buckets.length - 1][0])}`;
  return "-";
}

export function renderCyclictestText(r: CyclictestResult): string {
  const out: string[] = [];
  const u = r.unit === null ? "?" : "µs";
  const unitNote =
    r.unit === null ? "unit unknown (numbers as printed)" : `printed in ${r.unit === "ns" ? "ns (-N), shown in µs" : "µs"} (unit from ${UNIT_SOURCE_WORDS[r.unitSource ?? ""] ?? "?"})`;
  const notThis = r.diagnostics.some((d) => d.code.endsWith("/not-this-format"));
  const head = [`cyclictest ${r.file}`, notThis ? "not cyclictest output" : (r.shapes ?? []).join("+") || "no results", notThis ? "" : unitNote].filter((x) => x);
  if (r.version) head.push(`rt-tests ${r.version}`);
  out.push(head.join(" · "));
  if (r.commandLine) out.push(`command: ${r.commandLine}`);
  if (r.threads.length > 0) {
    out.push("");
    const cols = THREAD_COLUMNS.filter((c) => !c.shown || c.shown(r));
    out.push(table(cols.map((c) => c.title(u)), r.threads.map((t) => cols.map((c) => c.value(t)))));
  }
  if (r.histogram) {
    const h = r.histogram;
    out.push("");
    out.push(
      `histogram (${h.source ?? "text"}${h.rtTestsForm ? `, rt-tests ${h.rtTestsForm} form` : ""}): bucket width ${fmt(h.bucketUs)}${r.unit === null ? "" : " µs"}, latencies in ${latencyUnit(r)}`,
    );
    out.push(
      table(
        ["thread", "in buckets", "overflows", "buckets used", `mode ${u}`, `p50 ${u}`, `p99 ${u}`, `min ${u}`, `avg ${u}`, `max ${u}`],
        h.threads.map((t) => {
          const inBuckets = t.buckets.reduce((a, [, c]) => a + c, 0);
          const used = t.buckets.filter(([, c]) => c > 0);
          const mode = used.length > 0 ? used.reduce((a, b) => (b[1] > a[1] ? b : a))[0] : null;
          const span = used.length > 0 ? `${fmt(used[0][0])}..${fmt(used[used.length - 1][0])}` : "-";
          return [
            fmt(t.thread),
            fmt(inBuckets),
            fmt(t.overflows),
            span,
            fmt(mode),
            pct(t, 0.5),
            pct(t, 0.99),
            fmt(t.minUs),
            fmt(t.avgUs),
            fmt(t.maxUs),
          ];
        }),
      ),
    );
    if (h.threads.some((t) => (t.overflows ?? 0) > 0)) out.push("(percentiles count overflows as samples above the last bucket; '>N' means the percentile lies in the overflow)");
  }
  if (r.verbose) {
    out.push("");
    out.push(`-v samples${r.verbose.oscilloscope ? " (oscilloscope -o: the maximum of each window)" : ""}, latencies in ${latencyUnit(r)}`);
    out.push(
      table(
        ["thread", "samples", "cycles", `min ${u}`, `avg ${u}`, `max ${u}`],
        r.verbose.threads.map((t) => [fmt(t.thread), fmt(t.samples), `${t.firstCycle}..${t.lastCycle}`, fmt(t.minUs), fmt(t.avgUs), fmt(t.maxUs)]),
      ),
    );
  }
  if (r.spikes) {
    const max = r.spikes.records.reduce((a, s) => Math.max(a, s.latencyUs), -Infinity);
    out.push("");
    out.push(`spikes: ${r.spikes.records.length} recorded${r.spikes.count !== null ? ` (cyclictest counted ${r.spikes.count})` : ""}${r.spikes.records.length ? `, largest ${fmt(max)} ${u}` : ""}`);
  }
  if (r.earlierRuns && r.earlierRuns.length > 0) out.push("", `${r.earlierRuns.length} earlier run(s) in the file, at lines ${r.earlierRuns.map((x) => x.line).join(", ")} (see --json)`);
  const nWarn = r.diagnostics.length;
  if (nWarn > 0) out.push("", `${nWarn} diagnostic(s), printed on stderr`);
  return out.join("\n") + "\n";
}

const CSV_HEADER = ["kind", "thread", "tid", "priority", "intervalUs", "cycles", "minUs", "actUs", "avgUs", "maxUs", "overflows", "latencyUs", "count", "unit"];

/** kind = thread | histogram | bucket | verbose; latencies in µs when the unit is known (column `unit` says what was printed). */
export function cyclictestToCsv(r: CyclictestResult): CsvTable {
  const unit = r.unit ?? "unknown";
  const rows: (string | number | null)[][] = [];
  for (const t of r.threads) rows.push(["thread", t.thread, t.tid, t.priority, t.intervalUs, t.cycles, t.minUs, t.actUs, t.avgUs, t.maxUs, null, null, null, unit]);
  if (r.histogram) {
    for (const t of r.histogram.threads) {
      rows.push(["histogram", t.thread, null, null, null, null, t.minUs, null, t.avgUs, t.maxUs, t.overflows, null, null, unit]);
      for (const [lat, c] of t.buckets) rows.push(["bucket", t.thread, null, null, null, null, null, null, null, null, null, lat, c, unit]);
    }
  }
  if (r.verbose) for (const t of r.verbose.threads) rows.push(["verbose", t.thread, null, null, null, t.samples, t.minUs, null, t.avgUs, t.maxUs, null, null, null, unit]);
  return { header: CSV_HEADER, rows };
}
