/**
 * Output of parsed perf kvm stat text: a readable aligned table per table
 * (for a terminal) and one CSV row per table row (for a spreadsheet).
 * Pure functions of the parse result.
 */
import type { CsvTable } from "../formats/types";
import type { KvmStatTable, PerfKvmStatTextResult } from "../model/kvm-stat";
import type { PerfTextRow } from "./parser";

type Align = "left" | "right";
interface RenderColumn {
  title: string;
  align: Align;
  cell: (r: PerfTextRow) => string;
  /** Shown only when some row has a value. */
  optional?: (r: PerfTextRow) => boolean;
}

/** Prints a number as perf does (two decimals) unless it has more digits than that (ns-derived). */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return "-";
  return Number.isInteger(Math.round(v * 100)) && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6 ? v.toFixed(2) : String(v);
}

const RENDER_COLUMNS: readonly RenderColumn[] = [
  { title: "Name", align: "left", cell: (r) => (r.exitCode !== null ? `${r.name} (code ${r.exitCode})` : r.name) },
  { title: "Samples", align: "right", cell: (r) => String(r.samples) },
  { title: "Samples%", align: "right", cell: (r) => formatNumber(r.samplesPct) },
  { title: "Time%", align: "right", cell: (r) => formatNumber(r.timePct) },
  { title: "Time (us)", align: "right", cell: (r) => formatNumber(r.timeUs), optional: (r) => r.timeUs !== undefined && r.timeUs !== null },
  { title: "Min (us)", align: "right", cell: (r) => formatNumber(r.minUs) },
  { title: "Max (us)", align: "right", cell: (r) => formatNumber(r.maxUs) },
  { title: "Avg (us)", align: "right", cell: (r) => formatNumber(r.avgUs) },
  { title: "+-%", align: "right", cell: (r) => formatNumber(r.stddevPct) },
];

/** `all vCPUs` / `vCPU 3`, with `pid(s) ...` when known. */
export function describeScope(t: KvmStatTable): string {
  const parts: string[] = [];
  if (t.scope.pids) parts.push(`pid(s) ${t.scope.pids.join(",")}`);
  parts.push(t.scope.vcpu === null ? "all vCPUs" : `vCPU ${t.scope.vcpu}`);
  return parts.join(", ");
}

function heading(t: KvmStatTable, index: number): string {
  const when = t.timestamp ? `live screen at ${t.timestamp}` : t.mode;
  const where = t.line !== undefined ? ` (line ${t.line})` : "";
  return `Table ${index}: event ${t.event}, ${when}, ${describeScope(t)}${where}`;
}

/** One table as aligned text; `index` is 1-based. Tables after the first start with a blank line. */
export function renderPerfTextTable(t: KvmStatTable, index: number): string {
  const rows = t.rows as PerfTextRow[];
  const cols = RENDER_COLUMNS.filter((c) => !c.optional || rows.some(c.optional));
  const cells = rows.map((r) => cols.map((c) => c.cell(r)));
  const widths = cols.map((c, j) => Math.max(c.title.length, ...cells.map((row) => row[j].length)));
  const pad = (s: string, w: number, a: Align) => (a === "left" ? s.padEnd(w) : s.padStart(w));
  const line = (vals: string[]) => "  " + vals.map((v, j) => pad(v, widths[j], cols[j].align)).join("  ").trimEnd();
  const out = [heading(t, index), "", line(cols.map((c) => c.title)), "  " + widths.map((w) => "-".repeat(w)).join("  ")];
  if (rows.length === 0) out.push("  (no rows)");
  for (const r of cells) out.push(line(r));
  out.push("");
  const total = t.totalSamples === null ? "total samples unknown (no footer)" : `total ${t.totalSamples} samples, ${formatNumber(t.totalTimeUs)} us handled`;
  out.push(`  ${total}${t.lostEvents !== null ? `, ${t.lostEvents} lost events` : ""}`);
  return (index > 1 ? "\n" : "") + out.join("\n") + "\n";
}

/** Every table of the file, one after the other, with a heading each. */
export function renderPerfKvmStatText(result: PerfKvmStatTextResult): string {
  if (result.tables.length === 0) return "(no perf kvm stat table found)\n";
  return result.tables.map((t, i) => renderPerfTextTable(t, i + 1)).join("");
}

export const PERF_TEXT_CSV_HEADER = [
  "table",
  "line",
  "event",
  "mode",
  "timestamp",
  "vcpu",
  "pids",
  "name",
  "exitCode",
  "samples",
  "samplesPct",
  "timePct",
  "minUs",
  "maxUs",
  "avgUs",
  "stddevPct",
  "timeUs",
  "totalSamples",
  "totalTimeUs",
  "lostEvents",
] as const;

/** CSV of one table (`index` is 1-based), same header as the whole file's. */
export function perfTextTableToCsv(t: KvmStatTable, index: number): CsvTable {
  return { header: [...PERF_TEXT_CSV_HEADER], rows: perfTextTableCsvRows(t, index) };
}

/** CSV rows of one table (`index` is 1-based). */
export function perfTextTableCsvRows(t: KvmStatTable, index: number): (string | number | null)[][] {
  return (t.rows as PerfTextRow[]).map((r) => [
    index,
    t.line ?? null,
    t.event,
    t.mode,
    t.timestamp,
    t.scope.vcpu,
    t.scope.pids ? t.scope.pids.join(" ") : null,
    r.name,
    r.exitCode,
    r.samples,
    r.samplesPct,
    r.timePct,
    r.minUs,
    r.maxUs,
    r.avgUs,
    r.stddevPct,
    r.timeUs ?? null,
    t.totalSamples,
    t.totalTimeUs,
    t.lostEvents,
  ]);
}

/** One CSV row per table row, with the table's index, event, mode, timestamp and scope. */
export function perfKvmStatTextToCsv(result: PerfKvmStatTextResult): CsvTable {
  const rows: (string | number | null)[][] = [];
  result.tables.forEach((t, i) => rows.push(...perfTextTableCsvRows(t, i + 1)));
  return { header: [...PERF_TEXT_CSV_HEADER], rows };
}
