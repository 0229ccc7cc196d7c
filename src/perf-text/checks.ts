/**
 * Consistency checks of one finished table (FORMAT.md §4): rows against the
 * footer, percentages against counts, avg × samples against handled time.
 * Each finding is a warning; values are never changed. Tolerances are the
 * rounding of perf's printf (`%.2f`): half a unit in the last printed digit.
 */
import type { KvmStatRow, KvmStatTable } from "../model/kvm-stat";
import type { PerfTextCode } from "./codes";

export interface CheckFinding {
  code: PerfTextCode;
  message: string;
  line?: number;
}

export interface CheckInput {
  table: KvmStatTable;
  /** 1-based line of each row, same order as table.rows. */
  rowLines: number[];
  footerLine: number | null;
  /** Rows were elided: sums cannot be checked. */
  elided: boolean;
  /** The layout is one perf prints verbatim (percentages are exact to 2 decimals). */
  standardLayout: boolean;
}

const HALF_CENT = 0.005;
const EPS = 1e-9;

const fmt = (n: number) => String(Math.round(n * 1e4) / 1e4);

function sum(rows: KvmStatRow[], f: (r: KvmStatRow) => number): number {
  let s = 0;
  for (const r of rows) s += f(r);
  return s;
}

/** Runs every check on a table; returns the findings in a stable order. */
export function checkTable({ table, rowLines, footerLine, elided, standardLayout }: CheckInput): CheckFinding[] {
  const out: CheckFinding[] = [];
  const rows = table.rows;
  const total = table.totalSamples;
  const totalTime = table.totalTimeUs;
  const at = footerLine ?? table.line;

  // 1. Σ samples = Total Samples.
  if (total !== null && !elided) {
    const s = sum(rows, (r) => r.samples);
    if (s !== total)
      out.push({
        code: "kvm-stat/row-sum-mismatch",
        message: `the ${rows.length} rows add up to ${s} samples but the footer says Total Samples:${total}; expected them to be equal (rows missing or edited?)`,
        line: at,
      });
  }

  // 2. Samples% = samples / total · 100, within rounding (first offending row only).
  if (total !== null && total > 0) {
    const i = rows.findIndex((r) => r.samplesPct !== null && Math.abs(r.samplesPct - (r.samples / total) * 100) > HALF_CENT + EPS);
    if (i >= 0) {
      const r = rows[i];
      out.push({
        code: "kvm-stat/samples-pct-mismatch",
        message: `row ${r.name}: Samples% is ${r.samplesPct}% but ${r.samples} of ${total} samples is ${fmt((r.samples / total) * 100)}%; expected agreement within 0.005`,
        line: rowLines[i],
      });
    }
  }

  // 2b. Without a footer, Samples% still implies the total: n·100/(p±0.005) brackets it.
  if (total === null && !elided && standardLayout && rows.length > 0) {
    let lo = 0;
    let hi = Infinity;
    let loRow = -1;
    rows.forEach((r, i) => {
      if (r.samplesPct === null || r.samplesPct <= HALF_CENT) return;
      const l = (r.samples * 100) / (r.samplesPct + HALF_CENT);
      const h = (r.samples * 100) / (r.samplesPct - HALF_CENT);
      if (l > lo) {
        lo = l;
        loRow = i;
      }
      if (h < hi) hi = h;
    });
    const s = sum(rows, (r) => r.samples);
    if (loRow >= 0 && s < lo - 1e-6) {
      const r = rows[loRow];
      out.push({
        code: "kvm-stat/rows-missing",
        message: `the table has no footer and its rows add up to ${s} samples, but row ${r.name} (${r.samples} samples = ${r.samplesPct}%) implies at least ${Math.ceil(lo - 1e-6)}; rows are missing from this copy`,
        line: table.line,
      });
    } else if (s > hi + 1e-6) {
      out.push({
        code: "kvm-stat/samples-pct-mismatch",
        message: `the rows add up to ${s} samples, more than their Samples% allow (at most ${Math.floor(hi + 1e-6)}); counts or percentages were edited`,
        line: table.line,
      });
    }
  }

  // 3. Percent columns add up to 100 (each printed value is off by at most 0.005).
  if (!elided && rows.length > 0 && (total === null || total > 0)) {
    for (const [col, get] of [
      ["Samples%", (r: KvmStatRow) => r.samplesPct],
      ["Time%", (r: KvmStatRow) => r.timePct],
    ] as const) {
      if (rows.some((r) => get(r) === null)) continue;
      if (col === "Time%" && totalTime === 0) continue;
      const s = sum(rows, (r) => get(r)!);
      const tol = HALF_CENT * rows.length + 0.01;
      if (Math.abs(s - 100) > tol)
        out.push({
          code: "kvm-stat/percent-sum-mismatch",
          message: `${col} of the ${rows.length} rows adds up to ${fmt(s)}%; expected 100% within ${fmt(tol)} (rows missing, or percentages truncated as in TUI copies)`,
          line: table.line,
        });
    }
  }

  // 4. Σ avg × samples = handled time, within the rounding of each printed average.
  if (totalTime !== null && !elided && rows.length > 0 && rows.every((r) => r.avgUs !== null)) {
    const s = sum(rows, (r) => r.avgUs! * r.samples);
    const tol = HALF_CENT * sum(rows, (r) => r.samples) + HALF_CENT + totalTime * 1e-12;
    if (Math.abs(s - totalTime) > tol)
      out.push({
        code: "kvm-stat/time-sum-mismatch",
        message: `avg time × samples adds up to ${fmt(s)}us but the footer says handled time ${totalTime}us; expected agreement within ${fmt(tol)}us`,
        line: at,
      });
  }

  // 5. Time% of a row = avg × samples / handled time, within rounding of both (first offending row only).
  if (totalTime !== null && totalTime > 0) {
    const i = rows.findIndex((r) => {
      if (r.timePct === null || r.avgUs === null) return false;
      const tol = HALF_CENT * r.samples + (HALF_CENT / 100) * totalTime + 1e-6;
      return Math.abs((r.timePct / 100) * totalTime - r.avgUs * r.samples) > tol;
    });
    if (i >= 0) {
      const r = rows[i];
      out.push({
        code: "kvm-stat/time-pct-mismatch",
        message: `row ${r.name}: Time% is ${r.timePct}% but ${r.samples} × ${r.avgUs}us of ${totalTime}us is ${fmt(((r.avgUs! * r.samples) / totalTime) * 100)}%; expected agreement within rounding`,
        line: rowLines[i],
      });
    }
  }

  // 6. Min ≤ Avg ≤ Max.
  const j = rows.findIndex((r) => r.avgUs !== null && ((r.minUs !== null && r.minUs > r.avgUs + EPS) || (r.maxUs !== null && r.avgUs > r.maxUs + EPS)));
  if (j >= 0) {
    const r = rows[j];
    out.push({
      code: "kvm-stat/min-max-order",
      message: `row ${r.name}: min ${r.minUs}us, avg ${r.avgUs}us, max ${r.maxUs}us; expected min ≤ avg ≤ max`,
      line: rowLines[j],
    });
  }
  return out;
}
