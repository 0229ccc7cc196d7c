/**
 * The table reader: a line-driven state machine that turns the lines of a
 * captured `perf kvm stat report`/`live` output into tables.
 *
 * Pipeline (one pass, constant memory apart from the tables it returns):
 *   1. clean each line (./lines: ANSI escapes, control characters, `> ` quotes);
 *   2. classify it (timestamp, `Analyze events for`, column header, footer,
 *      `Lost events`, `unknown kvm exit code`, TUI title, elision, other);
 *   3. feed it to the open table: the header fixes the layout (./layouts),
 *      rows are read against it (./row), the footer closes it;
 *   4. on close, run the consistency checks (./checks) and hand the table on.
 * Everything surprising becomes a diagnostic (./codes); nothing throws.
 */
import type { Diagnostic } from "../model/diagnostic";
import type { KvmStatRow, KvmStatTable } from "../model/kvm-stat";
import { checkTable } from "./checks";
import { PERF_TEXT_CODES, type PerfTextCode } from "./codes";
import { COLUMNS, EVENT_LABELS, KEY_EVENT_PATTERNS, LAYOUTS, NON_STANDARD_EVENT_LAYOUT, NON_STANDARD_HIST_LAYOUT, type AnalyzeTarget, type ColumnId, type Layout } from "./layouts";
import { classifyLine, cleanLine, type LineToken } from "./lines";
import { parseRow } from "./row";

/** A row of the text format: the shared row plus the per-row total time that hist layouts print. */
export interface PerfTextRow extends KvmStatRow {
  /** Total handled time of this key (hist layouts' `Time (ns)` column), µs. */
  timeUs?: number | null;
}

export const MAX_DIAGNOSTICS = 1000;

/** Foreign text that still looks like table data (a number with % or us, a footer word). */
const STRAY_DATA = /\d%|\dus\b|Total|Samples/;

export interface TableSink {
  (table: KvmStatTable): void;
}

export interface PerfTextParser {
  /** Feed one raw line (without its line break). Lines are numbered from 1 in call order. */
  line(raw: string): void;
  /** Report that the current line was cut at `keptChars` characters. */
  lineTruncated(lineNo: number, keptChars: number): void;
  /** Add a diagnostic from outside the state machine (I/O errors). */
  diagnostic(code: PerfTextCode, message: string, line?: number): void;
  /** End of input: closes the open table and returns the diagnostics. */
  end(): Diagnostic[];
}

interface OpenTable {
  table: KvmStatTable;
  layout: Layout | null;
  columns: readonly ColumnId[] | null;
  rowLines: number[];
  footerLine: number | null;
  elided: boolean;
  /** Line of text inside the table that was neither row nor footer; one is forgiven. */
  strayLine: number | null;
  strayText: string;
  expectedEntries: number | null;
  eventFromLabel: boolean;
  editedReported: boolean;
  /** Target named by the table's `Analyze events for` line; null without one. */
  analyzeTarget: AnalyzeTarget | null;
}

/** `=3D` → `=`, `=20` → space, ...: quoted-printable escapes of a joined mail line. */
function decodeQuotedPrintable(s: string): string {
  return s.indexOf("=") < 0 ? s : s.replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function layoutFor(labelKind: "event" | "hist", columns: readonly ColumnId[], target: AnalyzeTarget | null): Layout {
  const known = LAYOUTS.find((l) => l.label === labelKind && l.columns.length === columns.length && l.columns.every((c, i) => c === columns[i]));
  if (known && (target === null || !known.analyzeTargets || known.analyzeTargets.includes(target))) return known;
  if (known)
    return {
      ...NON_STANDARD_EVENT_LAYOUT,
      columns,
      origin: `the columns of ${known.origin}, under an 'Analyze events for' line that perf version does not print (${target === "none" ? "no 'all VMs, '/'pid(s) ..., '" : "'all VMs, '/'pid(s) ..., '"}): columns were added or cut by hand`,
    };
  return { ...(labelKind === "hist" ? NON_STANDARD_HIST_LAYOUT : NON_STANDARD_EVENT_LAYOUT), columns };
}

function columnTitles(columns: readonly ColumnId[]): string {
  return columns.map((c) => COLUMNS[c].label).join(", ");
}

/**
 * Creates a parser for one file. `onTable` receives each table when it is
 * complete (so a caller can stream); the same tables are not kept here.
 */
export function createPerfTextParser(file: string, onTable: TableSink): PerfTextParser {
  const diagnostics: Diagnostic[] = [];
  let dropped = 0;
  let lineNo = 0;
  let open: OpenTable | null = null;
  /** A table whose footer was read; held until the next non-blank line (it may be `Lost events`). */
  let footed: OpenTable | null = null;
  let pendingTimestamp: { timestamp: string; line: number } | null = null;
  let pendingExit: { code: number; isa: string; line: number } | null = null;
  let pendingEntries: { entries: number; line: number } | null = null;

  function diag(code: PerfTextCode, message: string, line?: number): void {
    if (diagnostics.length >= MAX_DIAGNOSTICS) {
      dropped++;
      return;
    }
    const d: Diagnostic = { code, severity: PERF_TEXT_CODES[code], message, file };
    if (line !== undefined) d.line = line;
    diagnostics.push(d);
  }

  function newTable(line: number, scope: KvmStatTable["scope"], analyzeTarget: AnalyzeTarget | null): OpenTable {
    const table: KvmStatTable = {
      event: "vmexit",
      mode: "report",
      timestamp: null,
      scope,
      rows: [],
      totalSamples: null,
      totalTimeUs: null,
      lostEvents: null,
      line,
    };
    if (pendingTimestamp) {
      table.timestamp = pendingTimestamp.timestamp;
      table.mode = "live";
      pendingTimestamp = null;
    }
    const entries = pendingEntries ? pendingEntries.entries : null;
    pendingEntries = null;
    pendingExit = null;
    return { table, layout: null, columns: null, rowLines: [], footerLine: null, elided: false, strayLine: null, strayText: "", expectedEntries: entries, eventFromLabel: false, editedReported: false, analyzeTarget };
  }

  function setHeader(t: OpenTable, tok: Extract<LineToken, { kind: "header" }>, line: number): void {
    t.columns = tok.columns;
    t.layout = layoutFor(tok.labelKind, tok.columns, t.analyzeTarget);
    if (tok.labelKind === "event") {
      if (tok.event !== null) {
        t.table.event = tok.event;
        t.eventFromLabel = true;
      } else {
        t.table.event = tok.label.toLowerCase();
        t.eventFromLabel = true;
        diag(
          "kvm-stat/unknown-event-label",
          `column header '${tok.label}' is not a known event label; expected one of ${Object.keys(EVENT_LABELS).join(", ")}. Kept as event '${t.table.event}'`,
          line,
        );
      }
    }
    if (!t.layout.standard)
      diag(
        "kvm-stat/non-standard-layout",
        `table header with columns ${columnTitles(tok.columns)} is layout '${t.layout.id}' (${t.layout.origin}), not the classic perf table; values were read by column title, missing columns are null`,
        line,
      );
  }

  /** Closes the open or footed table: checks, then hands it on. */
  function finish(t: OpenTable): void {
    const { table } = t;
    // A last line that looks like table data but could not be read (a cut copy ends there): say it was skipped.
    if (t.strayLine !== null && STRAY_DATA.test(t.strayText)) reportStray(t);
    if (t.columns === null) diag("kvm-stat/missing-column-header", `'Analyze events for' at line ${table.line} is not followed by a column header such as 'VM-EXIT  Samples  Samples% ...'; the table has no rows`, table.line);
    if (t.footerLine === null && (t.layout === null || t.layout.hasFooter))
      diag(
        "kvm-stat/missing-footer",
        `table at line ${table.line} ends${t.rowLines.length ? ` after line ${t.rowLines[t.rowLines.length - 1]}` : ""} without 'Total Samples:..., Total events handled time:...us.'; totals are null`,
        table.line,
      );
    if (!t.eventFromLabel) {
      const hit = table.rows.length ? KEY_EVENT_PATTERNS.find((p) => table.rows.every((r) => p.key.test(r.name))) : undefined;
      table.event = hit ? hit.event : "vmexit";
      diag(
        "kvm-stat/event-inferred",
        `the table at line ${table.line} does not name its event (no 'VM-EXIT'/'IO Port Access'/... header); ${hit ? `its keys look like ${hit.event === "unknown" ? "mmio or msr keys (undecidable)" : hit.event}` : "its keys look like exit reasons"}, so event is '${table.event}'`,
        table.line,
      );
    }
    if (t.expectedEntries !== null && t.expectedEntries !== table.rows.length)
      diag("kvm-stat/row-count-mismatch", `the title says ${t.expectedEntries} entries but ${table.rows.length} rows were read`, table.line);
    if (table.lostEvents !== null) table.mode = "live";
    for (const f of checkTable({ table, rowLines: t.rowLines, footerLine: t.footerLine, elided: t.elided, standardLayout: t.layout !== null && t.layout.standard })) diag(f.code, f.message, f.line);
    onTable(table);
  }

  function closeOpen(): void {
    if (footed) {
      finish(footed);
      footed = null;
    }
    if (open) {
      finish(open);
      open = null;
    }
  }

  function addRow(t: OpenTable, raw: string, line: number): boolean {
    const parsed = parseRow(raw, t.columns!);
    if (!parsed) return false;
    const v = parsed.values;
    const row: PerfTextRow = {
      name: parsed.name,
      exitCode: null,
      samples: v.samples ?? 0,
      samplesPct: v.samplesPct ?? null,
      timePct: v.timePct ?? null,
      minUs: v.minUs ?? null,
      maxUs: v.maxUs ?? null,
      avgUs: v.avgUs ?? null,
      stddevPct: parsed.stddevPct,
    };
    if ("timeUs" in v) row.timeUs = v.timeUs ?? null;
    if (pendingExit) {
      if (row.name === "UNKNOWN") row.exitCode = pendingExit.code;
      else diag("kvm-stat/orphan-exit-code", `'unknown kvm exit code:${pendingExit.code} on ${pendingExit.isa}' at line ${pendingExit.line} is followed by row '${row.name}', expected an UNKNOWN row; the code was not attached`, pendingExit.line);
      pendingExit = null;
    }
    for (const p of new Set(parsed.problems)) {
      if (p === "columns")
        diag("kvm-stat/row-columns-mismatch", `row '${row.name}' does not match the header columns (${columnTitles(t.columns!)}); kept the name, the samples and the cells whose column is unambiguous, others are null`, line);
      else if (p === "stddev" && t.layout?.standard) diag("kvm-stat/missing-stddev", `row '${row.name}' has no '( +- x% )' group after Avg time; stddevPct is null`, line);
      else if (p === "nan") diag("kvm-stat/not-a-number", `row '${row.name}' prints nan or inf where a number was expected; kept as null`, line);
      else if (p === "format") {
        if (!t.editedReported)
          diag("kvm-stat/edited-cells", `row '${row.name}' has cells not in perf's printf format (expected '12.34%', '5.67us', '( +-   1.23% )'); the table was edited by hand, values are kept as written`, line);
        t.editedReported = true;
      } else if (p === "precision") diag("kvm-stat/number-precision", `row '${row.name}' has a count above 2^53; the JSON number is rounded`, line);
    }
    t.table.rows.push(row);
    t.rowLines.push(line);
    return true;
  }

  /** A quoted-printable soft break (line ending in a single `=`) waiting for its continuation. */
  let carry: { text: string; line: number } | null = null;
  let qpReported = false;

  function onLine(raw: string): void {
    const physical = ++lineNo;
    const text = cleanLine(raw);
    if (carry) {
      const c = carry;
      carry = null;
      const joined = decodeQuotedPrintable(c.text.slice(0, -1) + text);
      const alone = classifyLine(text).kind;
      // Join unless that breaks a line that stands on its own (the `=` was ordinary text).
      if (classifyLine(joined).kind !== "other" || alone === "other") {
        if (!qpReported) {
          qpReported = true;
          diag("kvm-stat/quoted-printable", `line ends in a quoted-printable soft break '='; joined with the next line and decoded '=XX' escapes (a mail copy)`, c.line);
        }
        return onLineText(joined, c.line);
      }
      onLineText(c.text, c.line);
    }
    if (/[^=]=$/.test(text) && text.length <= 80) {
      carry = { text, line: physical };
      return;
    }
    onLineText(text, physical);
  }

  /** A per-line prefix (log timestamps from `ts`, syslog) learnt from an `Analyze events for` line. */
  let prefix: RegExp | null = null;
  /** The last few lines, in case one is the live timestamp before a prefixed Analyze line. */
  const recent: { text: string; line: number }[] = [];

  function stripPrefix(text: string): string {
    if (prefix) {
      const m = prefix.exec(text);
      if (m) return text.slice(m[0].length);
    }
    return text;
  }

  /** Learns the prefix of a line that contains `Analyze events for` after other text. */
  function learnPrefix(text: string, lineNo: number): LineToken | null {
    const i = text.indexOf("Analyze events for ");
    if (i <= 0 || text.slice(0, i).trim() === "") return null;
    const tok = classifyLine(text.slice(i));
    if (tok.kind !== "analyze") return null;
    const raw = text.slice(0, i);
    // Digit runs and blank runs may vary from line to line; both stay mandatory so the pattern cannot backtrack badly.
    const source = raw
      .trimStart()
      .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      .replace(/\d+/g, "\\d+")
      .replace(/\s+/g, "\\s+");
    prefix = new RegExp("^\\s*" + source);
    diag("kvm-stat/line-prefix", `lines carry the prefix '${raw.trim().slice(0, 60)}' (log timestamps?); it is stripped from the lines that have it`, lineNo);
    for (let k = recent.length - 1; k >= 0 && !pendingTimestamp; k--) {
      const p = classifyLine(stripPrefix(recent[k].text));
      if (p.kind === "timestamp") pendingTimestamp = { timestamp: p.timestamp, line: recent[k].line };
      else if (p.kind !== "blank") break;
    }
    return tok;
  }

  function onLineText(rawText: string, lineNo: number): void {
    const text = stripPrefix(rawText);
    let tok = classifyLine(text);
    if (tok.kind === "blank") return;
    if (tok.kind === "other" && text.includes("Analyze events for ")) tok = learnPrefix(text, lineNo) ?? tok;
    if (prefix === null) {
      recent.push({ text: rawText, line: lineNo });
      if (recent.length > 4) recent.shift();
    }

    // A footed table waits for a possible `Lost events` line.
    if (footed) {
      if (tok.kind === "lost") {
        footed.table.lostEvents = Number(tok.lostEvents);
        finish(footed);
        footed = null;
        return;
      }
      finish(footed);
      footed = null;
    }

    switch (tok.kind) {
      case "timestamp":
        closeOpen();
        pendingTimestamp = { timestamp: tok.timestamp, line: lineNo };
        return;
      case "analyze":
        closeOpen();
        open = newTable(lineNo, { vcpu: tok.vcpu, pids: tok.pids }, tok.target);
        return;
      case "header":
        if (open && open.columns === null && open.table.rows.length === 0) {
          setHeader(open, tok, lineNo);
          return;
        }
        closeOpen();
        open = newTable(lineNo, { vcpu: null, pids: null }, null);
        setHeader(open, tok, lineNo);
        if (tok.labelKind === "event")
          diag("kvm-stat/missing-analyze-header", `table at line ${lineNo} starts at its column header, without 'Analyze events for ...:'; vcpu and pids are unknown (null)`, lineNo);
        return;
      case "footer":
        if (!open) {
          diag("kvm-stat/orphan-footer", `footer 'Total Samples:${tok.totalSamples}, ...' has no table before it; ignored`, lineNo);
          return;
        }
        open.table.totalSamples = Number(tok.totalSamples);
        open.table.totalTimeUs = /^\d/.test(tok.totalTimeUs) ? Number(tok.totalTimeUs) : null;
        if (open.table.totalTimeUs === null) diag("kvm-stat/not-a-number", `footer prints handled time '${tok.totalTimeUs}us'; totalTimeUs is null`, lineNo);
        if (!Number.isSafeInteger(open.table.totalSamples)) diag("kvm-stat/number-precision", `Total Samples ${tok.totalSamples} is above 2^53; the JSON number is rounded`, lineNo);
        if (open.strayLine !== null) reportStray(open);
        open.footerLine = lineNo;
        footed = open;
        open = null;
        return;
      case "lost":
        diag("kvm-stat/orphan-footer", `'Lost events: ${tok.lostEvents}' does not follow a table footer; ignored`, lineNo);
        return;
      case "unknown-exit":
        if (pendingExit && open && open.columns !== null)
          diag("kvm-stat/orphan-exit-code", `'unknown kvm exit code:${pendingExit.code} on ${pendingExit.isa}' is not followed by an UNKNOWN row`, pendingExit.line);
        pendingExit = { code: Number(tok.code), isa: tok.isa, line: lineNo };
        return;
      case "tui-title":
        closeOpen();
        pendingEntries = { entries: tok.entries, line: lineNo };
        return;
      case "rule":
        return;
      case "elision":
        if (open && open.columns !== null) {
          open.elided = true;
          diag("kvm-stat/elided-rows", `rows were elided here ('${text.trim()}'); totals cannot be checked against the rows`, lineNo);
        }
        return;
      case "other":
        if (!open || open.columns === null) return;
        if (addRow(open, text, lineNo)) {
          if (open.strayLine !== null) reportStray(open);
          return;
        }
        if (open.strayLine === null) {
          open.strayLine = lineNo;
          open.strayText = text.trim().slice(0, 80);
        } else {
          // Two lines of foreign text: the table is over (a cut copy inside other text).
          const t = open;
          open = null;
          finish(t);
          if (STRAY_DATA.test(text)) diag("kvm-stat/unexpected-line", `'${text.trim().slice(0, 80)}' looks like table data but is not a row of the table above (ended at line ${lineNo - 1}); skipped`, lineNo);
        }
        return;
    }
  }

  function reportStray(t: OpenTable): void {
    diag("kvm-stat/unexpected-line", `'${t.strayText}' inside the table is neither a row nor the footer; skipped`, t.strayLine!);
    t.strayLine = null;
  }

  return {
    line: onLine,
    lineTruncated(line, kept) {
      diag("kvm-stat/line-too-long", `line is longer than ${kept} characters; the rest of it was skipped`, line);
    },
    diagnostic(code, message, line) {
      diag(code, message, line);
    },
    end() {
      if (carry) {
        const c = carry;
        carry = null;
        onLineText(c.text, c.line);
      }
      closeOpen();
      if (pendingExit) diag("kvm-stat/orphan-exit-code", `'unknown kvm exit code:${pendingExit.code} on ${pendingExit.isa}' is not followed by an UNKNOWN row`, pendingExit.line);
      if (dropped > 0) {
        diagnostics.push({ code: "kvm-stat/too-many-diagnostics", severity: "warning", message: `${dropped} further diagnostics were dropped (at most ${MAX_DIAGNOSTICS} are kept per file)`, file });
      }
      return diagnostics;
    },
  };
}
