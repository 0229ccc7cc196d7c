/**
 * Step 1 of reading cyclictest text: turn the bytes as captured (terminal
 * escapes, CR from ptys, mail quote marks, indentation, wrapped lines) into
 * clean logical lines that remember what was stripped.
 * Step 2: classify each line with the LINE_KINDS table (first match wins).
 */

export interface CleanLine {
  /** 1-based line number in the file. */
  line: number;
  /** The text with escapes, CR, quote marks and surrounding blanks removed. */
  text: string;
  /** As `text`, but trailing blanks kept (v2.7+ writes `# Thread 1: `). */
  untrimmedEnd: string;
  /** `ESC[nA` (cursor up) was in the line: a live frame follows; n is threads + 2. */
  cursorUp: number | null;
  /** `ESC[nB` (cursor down): -M writes it once at exit. */
  cursorDown: boolean;
  /** This line had a wrapped continuation joined onto it (its original line number). */
  joinedFrom: number | null;
}

const CSI_RE = /\x1b\[([0-9;?]*)([A-Za-z])/g;
const OTHER_ESC_RE = /\x1b[^[]?/g;
const QUOTE_PREFIX_RE = /^\s*(?:>\s?)+/;

/** Splits text into clean lines. Never throws. */
export function cleanLines(text: string): CleanLine[] {
  const raw = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split("\n");
  if (raw.length > 0 && raw[raw.length - 1] === "") raw.pop();
  const out: CleanLine[] = [];
  for (let i = 0; i < raw.length; i++) {
    let s = raw[i];
    // CR: a pty turns "\n" into "\r\n"; a bare CR inside a line means the rest overwrote the start.
    s = s.replace(/\r+$/, "");
    const cr = s.lastIndexOf("\r");
    if (cr >= 0) s = s.slice(cr + 1);
    let cursorUp: number | null = null;
    let cursorDown = false;
    if (s.indexOf("\x1b") >= 0) {
      s = s.replace(CSI_RE, (_all, n: string, cmd: string) => {
        if (cmd === "A") cursorUp = Number(n || "1");
        if (cmd === "B") cursorDown = true;
        return "";
      });
      s = s.replace(OTHER_ESC_RE, "");
    }
    s = s.replace(QUOTE_PREFIX_RE, "");
    // The tty echoes Ctrl-C as `^C` where the cursor is: in a terminal capture it is glued to the next frame's `policy:`.
    if (s.startsWith("^C") && s.length > 2) s = s.slice(2);
    const untrimmedEnd = s.replace(/^\s+/, "");
    // kind and m are filled by classify(); set here so that every line object has the same shape.
    out.push({ line: i + 1, text: untrimmedEnd.trimEnd(), untrimmedEnd, cursorUp, cursorDown, joinedFrom: null, kind: "other", m: null } as CleanLine);
  }
  return joinWrapped(out);
}

/** A `T:` line cut short by a mail client: it stops after a field name or before Max. */
const WRAPPED_STATUS_RE = /^T:\s*\d+\s+\(\s*\d+\)\s+P:.*(?:(?:C|Min|Act|Avg|Max|SMI):\s*)$/;
const CONTINUATION_RE = /^(?:-?\d+(?:\s+(?:Min|Act|Avg|Max|SMI):.*)?|(?:C|Min|Act|Avg|Max|SMI):\s*-?\d+.*)$/;

function joinWrapped(lines: CleanLine[]): CleanLine[] {
  const out: CleanLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const cur = lines[i];
    const next = lines[i + 1];
    if (next && WRAPPED_STATUS_RE.test(cur.text) && CONTINUATION_RE.test(next.text)) {
      const text = `${cur.text} ${next.text}`;
      out.push({ ...cur, text, untrimmedEnd: text, joinedFrom: next.line });
      i++;
      continue;
    }
    out.push(cur);
  }
  return out;
}

/** The per-thread status line (print_stat), all versions, any widths. */
export const STATUS_RE =
  /^T:\s*(\d+)\s+\(\s*(\d+)\)\s+P:\s*(-?\d+)\s+I:\s*(\d+)\s+C:\s*(\d+)\s+Min:\s*(-?\d+)\s+Act:(\s*-?\d+)\s+Avg:(\s*-?\d+)\s+Max:\s*(-?\d+)(?:\s+SMI:\s*(\d+))?\s*$/;

const DIGITS = "0123456789";

/**
 * The kinds of line, tried in order (first match wins). `first` lists the
 * characters such a line can start with, so that each line is only tried
 * against the kinds that can match it.
 */
export const LINE_KINDS = [
  { kind: "blank", first: "", re: /^$/ },
  { kind: "fence", first: "`", re: /^```/ },
  { kind: "script", first: "S", re: /^Script (?:started|done) on .*$/ },
  { kind: "version", first: "c", re: /^cyclictest V\s*(\d+\.\d+)/ },
  { kind: "dma-latency", first: "#/", re: /^#?\s*\/dev\/cpu_dma_latency set to (\d+)\s*us/ },
  { kind: "tool-message", first: "WEF", re: /^(WARN|ERROR|FATAL):\s*(.*)$/ },
  { kind: "priority-defaulted", first: "d", re: /^defaulting realtime priority to (\d+)/ },
  { kind: "policy-mismatch", first: "p", re: /^policy and priority don't match: (.*)$/ },
  { kind: "header", first: "p", re: /^policy:\s*([a-z]+(?:\/[a-z]+)?):\s*loadavg:(.*)$/ },
  { kind: "old-header", first: DIGITS, re: /^\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+\/\d+ \d+\s*$/ },
  { kind: "spike", first: "T", re: /^T:\s*(\d+)\s+Spike:\s*(-?\d+):?\s*TS:\s*(\d+)\s*$/ },
  { kind: "status", first: "T", re: STATUS_RE },
  { kind: "status-partial", first: "T", re: /^T:\s*(\d+)\s+\(\s*(\d*)\)?\s*P:/ },
  { kind: "lookalike-status", first: "T", re: /^T:\s*(\d+)\s+\(\s*(\d+)\)\s+I:\s*(\d+)\s+C:\s*\d+/ },
  { kind: "spike-count", first: "s", re: /^spikes = (\d+)$/ },
  { kind: "verbose-sample", first: DIGITS, re: /^(\d+):\s*(\d+):\s*(-?\d+)(?:\s+\d+)?$/ },
  { kind: "verbose-info", first: "MOUT", re: /^(?:Max CPUs = \d+|Online CPUs = \d+|Using \d+ cpus\.|Thread \d+ using cpu \d+\.|Thread \d+ Interval: \d+)$/ },
  { kind: "hist-start", first: "#", re: /^# Histogram$/ },
  { kind: "hist-row", first: DIGITS, re: /^(\d+)[ \t]+(\d+(?:[ \t]+\d+)*)$/ },
  { kind: "hist-summary", first: "#", re: /^# (Total|Min Latencies|Avg Latencies|Max Latencies|Histogram Overflows|SMIs):((?:[ \t]+\d+)*)$/ },
  { kind: "hist-overflow-head", first: "#", re: /^# Histogram Overflow at cycle number:$/ },
  { kind: "hist-overflow-thread", first: "#", re: /^# Thread (\d+):((?:\s+\d+)*)(?:\s+#\s*(\d+) others)?$/ },
  { kind: "thread-ids", first: "#", re: /^# Thread Ids:((?:\s+\d+)*)$/ },
  { kind: "break-thread", first: "#", re: /^# Break thread:\s*(\d+)$/ },
  { kind: "break-value", first: "#", re: /^# Break value:\s*(\d+)$/ },
  { kind: "status-block", first: "#", re: /^#(?:-{5,}| cyclictest current status:)$/ },
  { kind: "lookalike-debug", first: "D", re: /^DEBUG: (?:deadline thread|thread\[)/ },
  { kind: "interrupt", first: "^", re: /^\^C$/ },
] as const;

type KindEntry = (typeof LINE_KINDS)[number];
const BY_FIRST_CHAR = new Map<string, KindEntry[]>();
for (const k of LINE_KINDS) {
  for (const ch of k.first === "" ? [""] : k.first.split("")) {
    const list = BY_FIRST_CHAR.get(ch) ?? [];
    list.push(k);
    BY_FIRST_CHAR.set(ch, list);
  }
}

export type LineKind = (typeof LINE_KINDS)[number]["kind"] | "other";

export interface ClassifiedLine extends CleanLine {
  kind: LineKind;
  m: RegExpExecArray | null;
}

export function classify(l: CleanLine): ClassifiedLine {
  const c = l as ClassifiedLine;
  c.kind = "other";
  c.m = null;
  for (const k of BY_FIRST_CHAR.get(l.text.slice(0, 1)) ?? []) {
    const m = k.re.exec(l.text);
    if (m) {
      c.kind = k.kind;
      c.m = m;
      break;
    }
  }
  return c;
}
