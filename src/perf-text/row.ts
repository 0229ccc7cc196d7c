/**
 * One table row, read against the columns of its header. Fields are
 * whitespace-separated tokens read from the right (numbers overflow their
 * printf widths but a single space always separates them, FORMAT.md §2.3);
 * the name is everything left of the Samples token and may contain spaces.
 */
import { COLUMNS, type ColumnId, type RowField, type ValueKind } from "./layouts";

const KIND_PATTERNS: Record<ValueKind, RegExp> = {
  count: /^\d+$/,
  pct: /^(\d+(?:\.\d+)?|[-+]?nan|[-+]?inf)%$/i,
  us: /^(\d+(?:\.\d+)?|[-+]?nan|[-+]?inf)us$/i,
  ns: /^\d+$/,
};
/** Cells exactly as perf's printf writes them (`%8.2f%%`, `%9.2fus`, `( +-%7.2f%% )`). */
const PRINTF_CELL: Partial<Record<ValueKind, RegExp>> = { pct: /^\d+\.\d\d%$/, us: /^\d+\.\d\dus$/ };
const PRINTF_STDDEV = / \( \+-\s*(?:\d+\.\d\d|[-+]?nan|[-+]?inf)% \)\s*$/i;
/** The `( +- x% )` group, matched from the last `(` of the line. */
const STDDEV = /^\(\s*\+-\s*(\d+(?:\.\d+)?|[-+]?nan|[-+]?inf)\s*%\s*\)\s*$/i;

export interface ParsedRow {
  name: string;
  values: Partial<Record<RowField, number | null>>;
  stddevPct: number | null;
  /** Problems worth a diagnostic: `columns` (cells misaligned), `stddev` (group missing), `nan`, `precision`. */
  problems: ("columns" | "stddev" | "nan" | "precision" | "format")[];
}

interface Token {
  text: string;
  start: number;
  end: number;
}

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** `8590` (ns) → 8.59 (µs), by moving the decimal point in the text, so the value is exact. */
export function nsTextToUs(digits: string): number {
  const d = digits.replace(/^0+(?=\d)/, "").padStart(4, "0");
  return Number(`${d.slice(0, -3)}.${d.slice(-3)}`);
}

function kindOf(text: string): ValueKind | null {
  if (KIND_PATTERNS.count.test(text)) return "count";
  if (KIND_PATTERNS.pct.test(text)) return "pct";
  if (KIND_PATTERNS.us.test(text)) return "us";
  return null;
}

function matches(kind: ValueKind, text: string): boolean {
  return KIND_PATTERNS[kind].test(text);
}

/** The number a cell stands for, in the row field's unit; null for nan/inf. */
function cellValue(kind: ValueKind, text: string, problems: ParsedRow["problems"]): number | null {
  const raw = kind === "pct" ? text.slice(0, -1) : kind === "us" ? text.slice(0, -2) : text;
  if (!/^\d/.test(raw)) {
    problems.push("nan");
    return null;
  }
  const exact = PRINTF_CELL[kind];
  if (exact && !exact.test(text)) problems.push("format");
  if (kind === "ns") return nsTextToUs(raw);
  const n = Number(raw);
  if (kind === "count" && !Number.isSafeInteger(n)) problems.push("precision");
  return n;
}

/**
 * Reads `line` as a row of a table with `columns`, or returns null when the
 * line is not a row (no name, or no Samples count followed by numbers).
 */
export function parseRow(line: string, columns: readonly ColumnId[]): ParsedRow | null {
  const problems: ParsedRow["problems"] = [];
  const wantsStddev = columns.some((c) => (COLUMNS[c] as { stddev?: boolean }).stddev);
  let body = line;
  let stddevPct: number | null = null;
  const open = line.lastIndexOf("(");
  const sd = open >= 0 ? STDDEV.exec(line.slice(open)) : null;
  if (sd) {
    body = line.slice(0, open);
    if (/^\d/.test(sd[1])) stddevPct = Number(sd[1]);
    else problems.push("nan");
    if (!PRINTF_STDDEV.test(line)) problems.push("format");
  }
  const tokens = tokenize(body);
  if (tokens.length < 2) return null;

  // 1. Strict: the last tokens are exactly the header's columns.
  if (tokens.length > columns.length) {
    const first = tokens.length - columns.length;
    let ok = true;
    for (let i = 0; i < columns.length && ok; i++) ok = matches(COLUMNS[columns[i]].kind, tokens[first + i].text);
    if (ok) {
      const values: ParsedRow["values"] = {};
      columns.forEach((c, i) => {
        const spec = COLUMNS[c];
        values[spec.field] = cellValue(spec.kind, tokens[first + i].text, problems);
      });
      if (wantsStddev && !sd) problems.push("stddev");
      return { name: body.slice(tokens[0].start, tokens[first - 1].end), values, stddevPct, problems };
    }
  }

  // 2. Lenient: name, then a count, then only numeric cells. Keep what is unambiguous.
  let k = tokens.length - 1;
  while (k >= 0 && kindOf(tokens[k].text) !== null) k--;
  // tokens[0..k] are the name, tokens[k+1..] the numeric cells, starting with the Samples count.
  const s = k + 1;
  if (k < 0 || s >= tokens.length || kindOf(tokens[s].text) !== "count") return null;
  const tail = tokens.slice(s);
  if (tail.length < 2) return null;
  const values: ParsedRow["values"] = {};
  const byKind = new Map<ValueKind, Token[]>();
  for (const t of tail.slice(1)) {
    const kd = kindOf(t.text)!;
    if (!byKind.has(kd)) byKind.set(kd, []);
    byKind.get(kd)!.push(t);
  }
  values.samples = cellValue("count", tail[0].text, problems);
  const wanted = new Map<ValueKind, ColumnId[]>();
  for (const c of columns.slice(1)) {
    const kd = COLUMNS[c].kind === "ns" ? "count" : COLUMNS[c].kind;
    if (!wanted.has(kd)) wanted.set(kd, []);
    wanted.get(kd)!.push(c);
  }
  for (const [kd, cols] of wanted) {
    const got = byKind.get(kd) ?? [];
    if (got.length === cols.length) {
      cols.forEach((c, i) => {
        const spec = COLUMNS[c];
        values[spec.field] = cellValue(spec.kind, got[i].text, problems);
      });
    } else {
      for (const c of cols) values[COLUMNS[c].field] = null;
    }
  }
  problems.push("columns");
  if (wantsStddev && !sd) problems.push("stddev");
  return { name: body.slice(tokens[0].start, tokens[s - 1].end), values, stddevPct, problems };
}
