/**
 * Line level of the text parser: cleaning one captured line (ANSI escapes,
 * control characters, mail quote marks) and recognising the fixed lines perf
 * prints around a table (FORMAT.md §2, §9, §10). Table rows are read in ./row.
 */
import { COLUMN_MATCH_ORDER, COLUMNS, EVENT_LABELS, HIST_LABELS, type AnalyzeTarget, type ColumnId } from "./layouts";

// CSI (ESC [ ... final), OSC (ESC ] ... BEL/ST), charset and two-byte escapes.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[()#][0-9A-Za-z]|\x1b[@-_]/g;
// Other control characters (keep TAB); a lone ESC left by a cut sequence too.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\ufeff]/g;
const QUOTE_PREFIX = /^\s*(?:>\s?)+/;

/** The line without terminal escapes, control characters, or e-mail `> ` quote marks. */
export function cleanLine(raw: string): string {
  let s = raw;
  if (s.indexOf("\x1b") >= 0) s = s.replace(ANSI, "");
  if (/[\x00-\x08\x0b-\x1f\x7f\ufeff]/.test(s)) s = s.replace(CONTROL, "");
  if (s.length > 0 && QUOTE_PREFIX.test(s) && s.trimStart().startsWith(">")) s = s.replace(QUOTE_PREFIX, "");
  return s;
}

export type LineToken =
  | { kind: "blank" }
  | { kind: "timestamp"; timestamp: string }
  | { kind: "analyze"; vcpu: number | null; pids: number[] | null; pidText: string | null; target: AnalyzeTarget }
  | { kind: "header"; label: string; labelKind: "event" | "hist"; event: string | null; columns: ColumnId[] }
  | { kind: "footer"; totalSamples: string; totalTimeUs: string }
  | { kind: "lost"; lostEvents: string }
  | { kind: "unknown-exit"; code: string; isa: string }
  | { kind: "tui-title"; entries: number }
  | { kind: "rule" }
  | { kind: "elision" }
  | { kind: "other" };

const TIMESTAMP = /^\s*(\d\d:\d\d:\d\d\.\d{6})\s*$/;
const ANALYZE = /^\s*Analyze events for (?:(all VMs), |pid\(s\) (.+), |(dazed and confused on what is monitored), )?(?:(all VCPUs)|VCPU (\d+)):\s*$/;
// The comma and the blank after it may be lost in a retyped or whitespace-collapsed copy.
const FOOTER = /^\s*Total Samples:\s*(\d+),?\s*Total events handled time:\s*(\d+(?:\.\d+)?|[-+]?nan|[-+]?inf)\s*us\.?\s*$/i;
const LOST = /^\s*Lost events:\s*(\d+)\s*$/;
const UNKNOWN_EXIT = /^\s*unknown kvm exit code:\s*(-?\d+) on (\S+)\s*$/;
const TUI_TITLE = /^\s*KVM event statistics \((\d+) entries\)\s*$/;
const RULE = /^[\s\-=+|]*-{3,}[\s\-=+|]*$/;
const ELISION = /^\s*(?:\[\s*\.{2,}\s*\]|\.{3,}|…|\[\s*…\s*\]|<\s*snip(?:ped)?\s*>|\[\s*snip(?:ped)?\s*\]|\(\s*\.{2,}\s*\))\s*$/i;
const SAMPLES_TITLE = /\sSamples/;

/** Splits the part of a header after its label into column ids, or null if anything is left over. */
export function parseHeaderColumns(rest: string): ColumnId[] | null {
  const cols: ColumnId[] = [];
  let i = 0;
  while (i < rest.length) {
    while (i < rest.length && (rest[i] === " " || rest[i] === "\t")) i++;
    if (i >= rest.length) break;
    let matched: ColumnId | null = null;
    let end = i;
    for (const id of COLUMN_MATCH_ORDER) {
      const re = COLUMNS[id].title;
      re.lastIndex = i;
      const m = re.exec(rest);
      if (m) {
        const after = i + m[0].length;
        if (after === rest.length || rest[after] === " " || rest[after] === "\t") {
          matched = id;
          end = after;
          break;
        }
      }
    }
    if (matched === null) return null;
    cols.push(matched);
    i = end;
  }
  return cols;
}

function classifyHeader(line: string): LineToken | null {
  const m = SAMPLES_TITLE.exec(line);
  if (!m) return null;
  const label = line.slice(0, m.index).trim();
  if (label === "") return null;
  const columns = parseHeaderColumns(line.slice(m.index + 1));
  if (!columns || columns[0] !== "samples" || columns.length < 2) return null;
  if (new Set(columns).size !== columns.length) return null;
  if (HIST_LABELS.includes(label)) return { kind: "header", label, labelKind: "hist", event: null, columns };
  if (label.length > 40 || /\d/.test(label)) return null;
  return { kind: "header", label, labelKind: "event", event: EVENT_LABELS[label] ?? null, columns };
}

/** What a cleaned line is, as far as it can be told without table context. */
export function classifyLine(line: string): LineToken {
  if (line.trim() === "") return { kind: "blank" };
  let m: RegExpExecArray | null;
  if (line.length < 64 && line.includes(":") && (m = TIMESTAMP.exec(line))) return { kind: "timestamp", timestamp: m[1] };
  if (line.includes("Analyze events for") && (m = ANALYZE.exec(line))) {
    const pidText = m[2] ?? null;
    let pids: number[] | null = null;
    if (pidText !== null) {
      const parts = pidText.split(/\s*,\s*/);
      pids = parts.every((p) => /^\d+$/.test(p)) ? parts.map(Number) : null;
    }
    const target = m[1] ? "all" : pidText !== null ? "pids" : m[3] ? "unknown" : "none";
    return { kind: "analyze", vcpu: m[5] !== undefined ? Number(m[5]) : null, pids, pidText, target };
  }
  if (line.includes("Samples")) {
    const h = classifyHeader(line);
    if (h) return h;
  }
  // Cheap substring tests first: most lines are rows, which match none of these.
  if (line.includes("Total Samples") && (m = FOOTER.exec(line))) return { kind: "footer", totalSamples: m[1], totalTimeUs: m[2] };
  if (line.includes("Lost events") && (m = LOST.exec(line))) return { kind: "lost", lostEvents: m[1] };
  if (line.includes("unknown kvm exit code") && (m = UNKNOWN_EXIT.exec(line))) return { kind: "unknown-exit", code: m[1], isa: m[2] };
  if (line.includes("KVM event statistics") && (m = TUI_TITLE.exec(line))) return { kind: "tui-title", entries: Number(m[1]) };
  if (line.includes("---") && RULE.test(line)) return { kind: "rule" };
  if (/\.\.|…|snip/i.test(line) && ELISION.test(line)) return { kind: "elision" };
  return { kind: "other" };
}
