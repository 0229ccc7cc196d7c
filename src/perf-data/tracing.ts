/**
 * HEADER_TRACING_DATA: the tracepoint format texts that travel inside a
 * perf.data file (tools/perf/util/trace-event-read.c). Fields are found by
 * name, because their layout differs between kernels; the print-fmt
 * `__print_symbolic` tables give the kernel's own names for codes.
 */
import { Bytes } from "./bytes";

export interface TraceField {
  name: string;
  type: string;
  offset: number;
  size: number;
  signed: boolean;
}

export interface SymbolicTable {
  /** The expression whose value is looked up, e.g. `REC->exit_reason & 0xffff`. */
  expr: string;
  entries: Map<number, string>;
}

export interface EventFormat {
  system: string;
  name: string;
  id: number;
  fields: TraceField[];
  printFmt: string;
  symbolic: SymbolicTable[];
  flags: SymbolicTable[];
}

export interface TracingData {
  version: string;
  bigEndian: boolean;
  longSize: number;
  pageSize: number;
  events: EventFormat[];
}

export type TracingResult = { ok: true; data: TracingData } | { ok: false; offset: number; message: string };

const FIELD_RE = /field:(.+?);\s*offset:(\d+);\s*size:(\d+);\s*signed:(\d+);/;

/** Parses one `events/<sys>/<ev>/format` text. */
export function parseFormatText(system: string, text: string): EventFormat | null {
  const nameM = /^name:\s*(\S+)/m.exec(text);
  const idM = /^ID:\s*(\d+)/m.exec(text);
  if (!nameM || !idM) return null;
  const fields: TraceField[] = [];
  for (const line of text.split("\n")) {
    const m = FIELD_RE.exec(line);
    if (!m) continue;
    const decl = m[1].trim();
    const nm = /([A-Za-z_][A-Za-z0-9_]*)\s*(\[[^\]]*\])?\s*$/.exec(decl);
    if (!nm) continue;
    fields.push({
      name: nm[1],
      type: decl.slice(0, nm.index).trim(),
      offset: Number(m[2]),
      size: Number(m[3]),
      signed: m[4] === "1",
    });
  }
  const pf = /^print fmt:\s*(.*)$/m.exec(text);
  const printFmt = pf ? pf[1] : "";
  return {
    system,
    name: nameM[1],
    id: Number(idM[1]),
    fields,
    printFmt,
    symbolic: extractTables(printFmt, "__print_symbolic", 1),
    flags: extractTables(printFmt, "__print_flags", 2),
  };
}

/** Splits `s` at top-level commas (outside (), {}, and string literals). */
function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inStr = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr) {
      if (c === "\\") i++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === "(" || c === "{") depth++;
    else if (c === ")" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out;
}

/** Evaluates `0x040 + 13`, `-1`, `77` as a 32-bit-wrapped unsigned value; null if not a plain sum. */
export function evalConst(expr: string): number | null {
  const s = expr.replace(/[()\s]/g, "").replace(/[uUlL]+(?=$|[+-])/g, "");
  if (!/^[-+]?(0x[0-9a-fA-F]+|\d+)([-+](0x[0-9a-fA-F]+|\d+))*$/.test(s)) return null;
  let total = 0;
  const re = /([-+]?)(0x[0-9a-fA-F]+|\d+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) total += (m[1] === "-" ? -1 : 1) * Number(m[2]);
  if (total < 0) total = total + 4294967296;
  return total;
}

function extractTables(printFmt: string, fn: string, skipArgs: number): SymbolicTable[] {
  const out: SymbolicTable[] = [];
  let from = 0;
  for (;;) {
    const at = printFmt.indexOf(fn + "(", from);
    if (at < 0) break;
    let depth = 0;
    let inStr = false;
    let end = -1;
    const open = at + fn.length;
    for (let i = open; i < printFmt.length; i++) {
      const c = printFmt[i];
      if (inStr) {
        if (c === "\\") i++;
        else if (c === '"') inStr = false;
        continue;
      }
      if (c === '"') inStr = true;
      else if (c === "(") depth++;
      else if (c === ")") {
        depth--;
        if (depth === 0) {
          end = i;
          break;
        }
      }
    }
    if (end < 0) break;
    const args = splitArgs(printFmt.slice(open + 1, end));
    const entries = new Map<number, string>();
    for (const a of args.slice(skipArgs)) {
      const m = /^\{\s*(.+?)\s*,\s*"((?:[^"\\]|\\.)*)"\s*\}$/.exec(a);
      if (!m) continue;
      const v = evalConst(m[1]);
      if (v !== null && !entries.has(v)) entries.set(v, m[2]);
    }
    out.push({ expr: args[0] ?? "", entries });
    from = end + 1;
  }
  return out;
}

const MAGIC = [0x17, 0x08, 0x44];

/** Parses the tracing blob. `base` is its file offset, for messages. */
export function parseTracingData(u8: Uint8Array, base: number): TracingResult {
  let p = 0;
  const fail = (message: string): TracingResult => ({ ok: false, offset: base + p, message });
  const need = (n: number) => p + n <= u8.length;
  if (!need(10) || u8[0] !== MAGIC[0] || u8[1] !== MAGIC[1] || u8[2] !== MAGIC[2] || Buffer.from(u8.subarray(3, 10)).toString("latin1") !== "tracing") {
    return fail("tracing data does not start with the magic \\027\\010Dtracing");
  }
  p = 10;
  const cs = (): string | null => {
    let e = p;
    while (e < u8.length && u8[e] !== 0) e++;
    if (e >= u8.length) return null;
    const s = Buffer.from(u8.subarray(p, e)).toString("utf8");
    p = e + 1;
    return s;
  };
  const version = cs();
  if (version === null) return fail("tracing data version string is not terminated");
  if (!need(6)) return fail("tracing data ends inside its header");
  const bigEndian = u8[p] !== 0;
  const longSize = u8[p + 1];
  const b = new Bytes(u8, !bigEndian);
  const pageSize = b.u32(p + 2);
  p += 6;
  const sizedText = (): string | null => {
    if (!need(8)) return null;
    const n = b.u64(p);
    p += 8;
    if (!need(n)) return null;
    const s = Buffer.from(u8.subarray(p, p + n)).toString("utf8");
    p += n;
    return s;
  };
  for (const label of ["header_page", "header_event"]) {
    const l = cs();
    if (l !== label) return fail(`expected the "${label}" section in the tracing data, found ${JSON.stringify(l)}`);
    if (sizedText() === null) return fail(`the ${label} section of the tracing data is truncated`);
  }
  const events: EventFormat[] = [];
  if (!need(4)) return fail("tracing data ends before the ftrace format count");
  const nFtrace = b.u32(p);
  p += 4;
  for (let i = 0; i < nFtrace; i++) {
    const t = sizedText();
    if (t === null) return fail(`ftrace format ${i} of ${nFtrace} is truncated`);
    const ev = parseFormatText("ftrace", t);
    if (ev) events.push(ev);
  }
  if (!need(4)) return fail("tracing data ends before the event system count");
  const nSys = b.u32(p);
  p += 4;
  if (nSys > 100000) return fail(`implausible event system count ${nSys}`);
  for (let s = 0; s < nSys; s++) {
    const sys = cs();
    if (sys === null) return fail(`event system ${s} name is not terminated`);
    if (!need(4)) return fail(`tracing data ends inside system ${sys}`);
    const nEv = b.u32(p);
    p += 4;
    for (let i = 0; i < nEv; i++) {
      const t = sizedText();
      if (t === null) return fail(`format ${i} of system ${sys} is truncated`);
      const ev = parseFormatText(sys, t);
      if (ev) events.push(ev);
    }
  }
  // kallsyms, printk formats and saved cmdlines follow; a kvm reader needs none of them.
  return { ok: true, data: { version, bigEndian, longSize, pageSize, events } };
}
