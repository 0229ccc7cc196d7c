/**
 * parseCyclictest(text, file): cyclictest output of any shape → CyclictestResult.
 *
 * The pipeline:
 *   1. clean the lines (escapes, CR, quote marks, indentation; join mail-wrapped T: lines);
 *   2. cut out the `--json` block, if any, and read it (repairing its quirks);
 *   3. classify every other line with LINE_KINDS and hand it to its entry in LINE_HANDLERS,
 *      which builds frames (live/quiet T: lines), histogram blocks, verbose and spike records;
 *   4. group frames into runs (a shell command, or T: lines that cannot continue the previous
 *      frame, start a new run); the last frame of the last run is the result;
 *   5. recognise look-alikes (cyclicdeadline, other rt-tests JSON) and stop there;
 *   6. decide the unit (JSON, command line, field widths) and convert to µs;
 *   7. merge the JSON, build the histogram, check the result against itself.
 * Problems in the text become diagnostics; this function never throws on data.
 */
import { createDiagnosticSink, type DiagnosticSink } from "../model/diagnostic";
import { findCommand, parseCommandLine, parseCyclictestCommandLine, type CyclictestCommand } from "./command-line";
import { blockHasContent, histogramFromBlock, histogramFromJson, newHistBlock, type HistBlock, type HistSummaryName } from "./histogram";
import { findJsonBlock, readRtTestsJson, type RtTestsJson } from "./json";
import { classify, cleanLines, type ClassifiedLine, type LineKind } from "./lines";
import type {
  CyclictestHistogram,
  CyclictestResult,
  CyclictestRun,
  CyclictestShape,
  CyclictestSpike,
  CyclictestThread,
  CyclictestVerboseThread,
} from "./types";
import { decideUnit, toUs, unitFromStatusFields, type Unit } from "./unit";

export interface ParseCyclictestOptions {
  /** The unit, when the caller knows it (e.g. from an experiment manifest). Overrides the file. */
  unit?: Unit;
  /** The command line used, when the file does not contain it (e.g. from a manifest). */
  commandLine?: string;
}

interface RawStatus {
  line: number;
  thread: number | null;
  tid: number | null;
  priority: number | null;
  intervalUs: number | null;
  cycles: number | null;
  min: number | null;
  act: number | null;
  avg: number | null;
  max: number | null;
  smi: number | null;
  actField: string | null;
  avgField: string | null;
  partial: boolean;
}

interface Frame {
  line: number;
  /** `ESC[nA` before the header: this frame redraws the previous one. */
  cursorUp: number | null;
  hasHeader: boolean;
  /** A command line came between the previous frame and this one. */
  command: { cmd: CyclictestCommand | null; text: string; line: number } | null;
  statuses: RawStatus[];
}

interface State {
  sink: DiagnosticSink;
  frames: Frame[];
  open: Frame | null;
  pendingCommand: Frame["command"];
  commands: { cmd: CyclictestCommand | null; text: string; line: number; program: string }[];
  version: string | null;
  policy: string | null;
  dmaLatencyUs: number | null;
  histBlocks: HistBlock[];
  hist: HistBlock | null;
  verbose: Map<number, { samples: number; first: number; last: number; min: number; max: number; sum: number; consecutive: boolean }>;
  verboseInfo: boolean;
  spikes: { thread: number; latency: number; ts: number }[];
  spikeCount: number | null;
  breakTrace: { threadIds: number[]; breakThread: number | null; breakValue: number | null } | null;
  lookalikeLines: number[];
  lookalikeDebug: number;
  garbled: number[];
  cursorDown: boolean;
  trailingCursorUp: number | null;
  sawInterrupt: boolean;
  fatal: boolean;
  recognised: number;
}

const num = (s: string | undefined): number | null => (s === undefined || s === "" ? null : Number(s));

function closeFrame(st: State): void {
  st.open = null;
}

function closeHist(st: State): void {
  st.hist = null;
}

function openFrame(st: State, l: ClassifiedLine, hasHeader: boolean): Frame {
  const f: Frame = { line: l.line, cursorUp: l.cursorUp, hasHeader, command: st.pendingCommand, statuses: [] };
  st.pendingCommand = null;
  st.frames.push(f);
  st.open = f;
  return f;
}

function addStatus(st: State, l: ClassifiedLine, s: RawStatus): void {
  closeHist(st);
  let f = st.open;
  if (!f || (s.thread !== null && f.statuses.some((x) => x.thread === s.thread))) f = openFrame(st, l, false);
  f.statuses.push(s);
}

function setCommand(st: State, text: string, line: number): void {
  const found = findCommand(text);
  if (!found) return;
  const cmd = found.program === "cyclictest" ? parseCommandLine(found.program, found.args) : null;
  const entry = { cmd, text: found.text, line, program: found.program };
  st.commands.push(entry);
  st.pendingCommand = entry;
  closeFrame(st);
  closeHist(st);
}

/** Fields of a T: line read one by one, for lines cut short or overwritten. */
function lenientStatus(text: string, line: number): RawStatus {
  const field = (re: RegExp): number | null => {
    const m = re.exec(text);
    return m ? Number(m[1]) : null;
  };
  const raw = (name: string): string | null => {
    const m = new RegExp(`${name}:(\\s*-?\\d+)(?=\\s|$)`).exec(text);
    return m ? m[1] : null;
  };
  const actField = raw("Act");
  const avgField = raw("Avg");
  return {
    line,
    thread: field(/^T:\s*(\d+)/),
    tid: field(/^T:\s*\d+\s+\(\s*(\d+)\)/),
    priority: field(/\bP:\s*(-?\d+)(?=\s|$)/),
    intervalUs: field(/\bI:\s*(\d+)(?=\s|$)/),
    cycles: field(/\bC:\s*(\d+)(?=\s|$)/),
    min: field(/\bMin:\s*(-?\d+)(?=\s|$)/),
    act: actField === null ? null : Number(actField),
    avg: avgField === null ? null : Number(avgField),
    max: field(/\bMax:\s*(-?\d+)(?=\s|$)/),
    smi: field(/\bSMI:\s*(\d+)(?=\s|$)/),
    actField,
    avgField,
    partial: true,
  };
}

/**
 * The end of a T: line left on screen after a `policy:` header: `1272          Avg:  128 Max:    1177`.
 * Found by position first, then matched anchored (a plain `\s{2,}(...)$` search is quadratic on long blank runs).
 */
function overwrittenTail(loadavg: string): string | null {
  const at = loadavg.search(/(?:C|Min|Act|Avg|Max):/);
  if (at < 2 || loadavg[at - 1] !== " " || loadavg[at - 2] !== " ") return null;
  const rest = loadavg.slice(at);
  return /^(?:(?:C|Min|Act|Avg|Max):\s*-?\d+\s*)+$/.test(rest) ? rest : null;
}

type Handler = (st: State, l: ClassifiedLine) => void;

const LINE_HANDLERS: Record<LineKind, Handler> = {
  blank: (st, l) => {
    if (l.cursorUp !== null) st.trailingCursorUp = l.line;
    if (l.cursorDown) st.cursorDown = true;
  },
  fence: () => {},
  script: (st, l) => {
    const m = /\[COMMAND="(.*?)"/.exec(l.text);
    if (m) setCommand(st, m[1], l.line);
  },
  version: (st, l) => {
    st.version = l.m![1];
    closeFrame(st);
  },
  "dma-latency": (st, l) => {
    st.dmaLatencyUs = Number(l.m![1]);
  },
  "tool-message": (st, l) => {
    const level = l.m![1] as "WARN" | "ERROR" | "FATAL";
    const entry = TOOL_MESSAGE_LEVELS[level];
    if (level === "FATAL") st.fatal = true;
    st.sink.add({ code: entry.code, severity: entry.severity, line: l.line, message: `cyclictest printed '${l.text}'${entry.note}` });
  },
  "priority-defaulted": (st, l) => {
    st.sink.add({
      code: "cyclictest/priority-defaulted",
      severity: "warning",
      line: l.line,
      message: `cyclictest printed '${l.text}': -p had no usable value (e.g. '-smp' is read as -s -m -p), so the threads ran at priority ${l.m![1]}, not the one intended`,
    });
  },
  "policy-mismatch": (st, l) => {
    st.sink.add({ code: "cyclictest/tool-warning", severity: "warning", line: l.line, message: `cyclictest printed '${l.text}'` });
  },
  header: (st, l) => {
    closeHist(st);
    st.policy = l.m![1];
    const f = openFrame(st, l, true);
    // A terminal copy where the T: line was half overwritten by the header: `... 1272          Avg:  128 Max:    1177`.
    const tail = overwrittenTail(l.m![2]);
    if (tail) {
      const s = lenientStatus(tail, l.line);
      f.statuses.push(s);
      st.sink.add({
        code: "cyclictest/overwritten-line",
        severity: "warning",
        line: l.line,
        message: `the 'policy:' header is merged with the end of a T: line ('${tail.trim()}'): a terminal copy of a live screen; only ${["min", "act", "avg", "max"].filter((k) => s[k as "min"] !== null).join(", ")} can be recovered, the thread number, TID and cycles are unknown`,
      });
    }
  },
  "old-header": (st, l) => {
    closeHist(st);
    openFrame(st, l, true);
  },
  spike: (st, l) => {
    closeFrame(st);
    st.spikes.push({ thread: Number(l.m![1]), latency: Number(l.m![2]), ts: Number(l.m![3]) });
  },
  status: (st, l) => {
    const m = l.m!;
    addStatus(st, l, {
      line: l.line,
      thread: Number(m[1]),
      tid: Number(m[2]),
      priority: Number(m[3]),
      intervalUs: Number(m[4]),
      cycles: Number(m[5]),
      min: Number(m[6]),
      act: Number(m[7]),
      avg: Number(m[8]),
      max: Number(m[9]),
      smi: num(m[10]),
      actField: m[7],
      avgField: m[8],
      partial: false,
    });
    if (l.joinedFrom !== null)
      st.sink.add({
        code: "cyclictest/wrapped-line",
        severity: "warning",
        line: l.line,
        message: `the T: line continues on line ${l.joinedFrom} (wrapped by a mail client or editor); the two lines were read as one`,
      });
  },
  "status-partial": (st, l) => {
    const s = lenientStatus(l.text, l.line);
    addStatus(st, l, s);
  },
  "lookalike-status": (st, l) => {
    st.lookalikeLines.push(l.line);
  },
  "spike-count": (st, l) => {
    st.spikeCount = Number(l.m![1]);
  },
  "verbose-sample": (st, l) => {
    closeFrame(st);
    const thread = Number(l.m![1]);
    const cycle = Number(l.m![2]);
    const v = Number(l.m![3]);
    const e = st.verbose.get(thread);
    if (!e) st.verbose.set(thread, { samples: 1, first: cycle, last: cycle, min: v, max: v, sum: v, consecutive: true });
    else {
      if (cycle !== e.last + 1) e.consecutive = false;
      e.samples++;
      e.last = cycle;
      e.min = Math.min(e.min, v);
      e.max = Math.max(e.max, v);
      e.sum += v;
    }
  },
  "verbose-info": (st) => {
    st.verboseInfo = true;
  },
  "hist-start": (st, l) => {
    closeFrame(st);
    st.hist = newHistBlock(l.line, true);
    st.histBlocks.push(st.hist);
  },
  "hist-row": (st, l) => {
    if (!st.hist || Object.keys(st.hist.summary).length > 0) return;
    st.recognised++;
    st.hist.rows.push({ line: l.line, bucket: Number(l.m![1]), counts: l.m![2].split(/[ \t]+/).map(Number) });
  },
  "hist-summary": (st, l) => {
    const b = ensureHist(st, l);
    const name = l.m![1] as HistSummaryName;
    b.summary[name] = { line: l.line, values: l.m![2].trim() === "" ? [] : l.m![2].trim().split(/[ \t]+/).map(Number) };
  },
  "hist-overflow-head": (st, l) => {
    ensureHist(st, l);
  },
  "hist-overflow-thread": (st, l) => {
    const b = ensureHist(st, l);
    b.overflowThreads.push({
      line: l.line,
      thread: Number(l.m![1]),
      cycles: l.m![2].trim() === "" ? [] : l.m![2].trim().split(/\s+/).map(Number),
      others: num(l.m![3]),
      trailingSpace: l.m![2] === "" && /:\s$/.test(l.untrimmedEnd),
    });
  },
  "thread-ids": (st, l) => {
    st.breakTrace = st.breakTrace ?? { threadIds: [], breakThread: null, breakValue: null };
    st.breakTrace.threadIds = l.m![1].trim() === "" ? [] : l.m![1].trim().split(/\s+/).map(Number);
  },
  "break-thread": (st, l) => {
    st.breakTrace = st.breakTrace ?? { threadIds: [], breakThread: null, breakValue: null };
    st.breakTrace.breakThread = Number(l.m![1]);
  },
  "break-value": (st, l) => {
    st.breakTrace = st.breakTrace ?? { threadIds: [], breakThread: null, breakValue: null };
    st.breakTrace.breakValue = Number(l.m![1]);
  },
  "status-block": (st) => {
    closeFrame(st);
  },
  "lookalike-debug": (st) => {
    st.lookalikeDebug++;
  },
  interrupt: (st) => {
    st.sawInterrupt = true;
  },
  other: (st, l) => {
    if (findCommand(l.text)) return setCommand(st, l.text, l.line);
    if (/^T:\s*\d|\b(?:Min|Act|Avg|Max):\s*-?\d|^# (?:Histogram|Total|Min|Avg|Max|Thread)\b|^policy:/.test(l.text)) st.garbled.push(l.line);
  },
};

const TOOL_MESSAGE_LEVELS = {
  WARN: { code: "cyclictest/tool-warning", severity: "warning", note: "" },
  ERROR: { code: "cyclictest/tool-error", severity: "warning", note: " (the run went on; check that the results are what was intended)" },
  FATAL: { code: "cyclictest/tool-fatal", severity: "error", note: " and stopped: the run produced no results" },
} as const;

function ensureHist(st: State, l: ClassifiedLine): HistBlock {
  closeFrame(st);
  if (!st.hist) {
    st.hist = newHistBlock(l.line, false);
    st.histBlocks.push(st.hist);
  }
  return st.hist;
}

/** Line kinds that say nothing about the file being cyclictest output (hist-row counts only inside a histogram). */
const WEAK_KINDS = new Set<LineKind>(["blank", "fence", "script", "interrupt", "hist-row", "other"]);

/** Line kinds that may sit inside a histogram block without ending it. */
const HIST_KINDS = new Set<LineKind>(["hist-row", "hist-summary", "hist-overflow-head", "hist-overflow-thread", "blank", "fence"]);

// ---- step 4: frames → runs ------------------------------------------------------------------

interface Run {
  line: number;
  command: Frame["command"];
  frames: Frame[];
  /** The last frame with T: lines. */
  lastWithData: Frame | null;
}

/** Can `f` be a later frame of the same run as `prev`? Same TIDs (or not started yet) and cycles not going back. */
function continues(prev: Frame, f: Frame): boolean {
  if (f.statuses.length === 0) return true;
  return f.statuses.every((s) => {
    if (s.thread === null) return false;
    const p = prev.statuses.find((x) => x.thread === s.thread);
    if (!p) return prev.statuses.length > 0 && s.thread > Math.max(...prev.statuses.map((x) => x.thread ?? 0));
    const sameTid = p.tid === null || s.tid === null || p.tid === 0 || s.tid === 0 || p.tid === s.tid;
    const forward = p.cycles === null || s.cycles === null || s.cycles >= p.cycles;
    return sameTid && forward;
  });
}

function groupRuns(frames: Frame[]): Run[] {
  const runs: Run[] = [];
  for (const f of frames) {
    const cur = runs[runs.length - 1];
    const last = cur ? cur.lastWithData : null;
    const same = cur && !f.command && (f.cursorUp !== null || !last || continues(last, f));
    const withData = f.statuses.length > 0 ? f : null;
    if (same) {
      cur.frames.push(f);
      if (withData) cur.lastWithData = withData;
    } else runs.push({ line: f.line, command: f.command, frames: [f], lastWithData: withData });
  }
  return runs;
}

/** The result of a run: its last frame, with threads that frame lacks or has cut short taken from the frame before. */
function finalStatuses(run: Run, sink: DiagnosticSink, reportGaps: boolean): RawStatus[] {
  const withData = run.frames.filter((f) => f.statuses.length > 0);
  if (withData.length === 0) return [];
  const last = withData[withData.length - 1];
  const expected = new Set<number | null>();
  for (const f of withData) for (const s of f.statuses) expected.add(s.thread);
  const out: RawStatus[] = [];
  for (const t of [...expected].sort((a, b) => (a ?? -1) - (b ?? -1))) {
    const here = last.statuses.find((s) => s.thread === t);
    if (here && (!here.partial || withData.length === 1)) {
      out.push(here);
      continue;
    }
    const earlier = [...withData].reverse().map((f) => f.statuses.find((s) => s.thread === t && !s.partial)).find((s) => s !== undefined);
    if (earlier) {
      out.push(earlier);
      if (reportGaps)
        sink.add({
          code: "cyclictest/truncated",
          severity: "warning",
          line: here ? here.line : last.line,
          message: `the last frame ${here ? "has a cut-short T: line" : "lacks the T: line"} for thread ${t}; the line from the frame before (line ${earlier.line}, C: ${earlier.cycles}) is used`,
        });
    } else if (here) out.push(here);
  }
  return out;
}

// ---- the entry -------------------------------------------------------------------------------

export function parseCyclictest(text: string, file: string, options: ParseCyclictestOptions = {}): CyclictestResult {
  if (typeof text !== "string") throw new TypeError("parseCyclictest: text must be a string");
  if (typeof file !== "string") throw new TypeError("parseCyclictest: file must be a string");
  const sink = createDiagnosticSink(file);

  // 1. clean lines
  const lines = cleanLines(text);

  // 2. the JSON block
  const block = findJsonBlock(lines);
  const json: RtTestsJson | null = block ? readRtTestsJson(block) : null;

  // 3. classify and dispatch
  const st: State = {
    sink,
    frames: [],
    open: null,
    pendingCommand: null,
    commands: [],
    version: null,
    policy: null,
    dmaLatencyUs: null,
    histBlocks: [],
    hist: null,
    verbose: new Map(),
    verboseInfo: false,
    spikes: [],
    spikeCount: null,
    breakTrace: null,
    lookalikeLines: [],
    lookalikeDebug: 0,
    garbled: [],
    cursorDown: false,
    trailingCursorUp: null,
    sawInterrupt: false,
    fatal: false,
    recognised: 0,
  };
  for (const raw of lines) {
    if (block && raw.line >= block.firstLine && raw.line <= block.lastLine) continue;
    const l = classify(raw);
    if (st.hist && !HIST_KINDS.has(l.kind)) closeHist(st);
    if (l.kind !== "blank") st.trailingCursorUp = null;
    if (!WEAK_KINDS.has(l.kind)) st.recognised++;
    LINE_HANDLERS[l.kind](st, l);
    if (l.kind !== "blank" && l.cursorUp !== null && l.kind !== "header" && l.kind !== "old-header") st.trailingCursorUp = l.line;
    if (l.cursorDown) st.cursorDown = true;
  }
  if (json?.cmdline) {
    const found = findCommand(json.cmdline);
    if (found) st.commands.push({ cmd: found.program === "cyclictest" ? parseCommandLine(found.program, found.args) : null, text: found.text, line: block!.firstLine, program: found.program });
  }

  // 4. runs
  const runs = groupRuns(st.frames).filter((r) => r.frames.some((f) => f.statuses.length > 0) || r.frames.some((f) => f.hasHeader));
  const lastRun = runs.length > 0 ? runs[runs.length - 1] : null;
  const statuses = lastRun ? finalStatuses(lastRun, sink, true) : [];

  // 5. look-alikes
  const jsonThreadsRaw = json?.value && typeof json.value.thread === "object" && json.value.thread !== null ? (json.value.thread as Record<string, unknown>) : null;
  const jsonProgram = json?.cmdline ? findCommand(json.cmdline)?.program ?? null : null;
  const jsonBodyForeign = jsonThreadsRaw !== null && Object.values(jsonThreadsRaw).some((t) => isObject(t) && (("sender" in t) || ("receiver" in t)) && !("cycles" in t));
  const haveCyclictestData = statuses.length > 0 || st.histBlocks.some(blockHasContent) || st.verbose.size > 0 || st.spikes.length > 0;
  const jsonForeign = json !== null && ((jsonProgram !== null && jsonProgram !== "cyclictest") || jsonBodyForeign);
  if ((jsonForeign && !haveCyclictestData) || (!haveCyclictestData && json === null && st.lookalikeLines.length > 0)) {
    const what = jsonForeign
      ? `the JSON of ${jsonProgram && jsonProgram !== "cyclictest" ? jsonProgram : "another rt-tests tool"} (rt-tests ${json!.version ?? "?"}: the same header as cyclictest's, a different "thread" body)`
      : `cyclicdeadline output: its 'T: n (tid) I:... C:...' lines have no 'P:' field${st.lookalikeDebug > 0 ? " and it prints 'DEBUG: deadline thread' lines" : ""}`;
    sink.add({
      code: "cyclictest/not-this-format",
      severity: "error",
      line: jsonForeign ? block!.firstLine : st.lookalikeLines[0],
      message: `this is not cyclictest output but ${what}; it was not read as cyclictest`,
    });
    return emptyResult(file, sink, st, json);
  }
  if (st.lookalikeLines.length > 0)
    sink.add({
      code: "cyclictest/lookalike-lines",
      severity: "warning",
      line: st.lookalikeLines[0],
      message: `${st.lookalikeLines.length} T: line(s) without 'P:' (cyclicdeadline's layout) were skipped`,
    });

  // 6. unit
  const runCommand = (lastRun?.command?.cmd ?? null) || lastCyclictestCommand(st) || (options.commandLine ? parseCyclictestCommandLine(options.commandLine) : null);
  const jsonRes = json?.value ? json.value.resolution_in_ns : undefined;
  const widthVotes = (lastRun ? lastRun.frames.flatMap((f) => f.statuses) : []).map((s) => unitFromStatusFields(s.actField, s.avgField));
  // Lines that cannot tell (values filling their field, cut-short lines) abstain; edited widths or a us/ns mix decide nothing.
  const decided = widthVotes.filter((v): v is Unit => v === "us" || v === "ns");
  const widthUnit = !widthVotes.includes("nonconforming") && decided.length > 0 && decided.every((v) => v === decided[0]) ? decided[0] : null;
  const decision = decideUnit(
    {
      json: jsonRes === 1 ? "ns" : jsonRes === 0 ? "us" : null,
      commandLine: runCommand ? (runCommand.nsecs ? "ns" : "us") : null,
      fieldWidths: widthUnit,
    },
    options.unit ?? null,
  );
  const unit = decision.unit;
  for (const c of decision.conflicts)
    sink.add({
      code: "cyclictest/unit-conflict",
      severity: "warning",
      message: `the unit was taken as ${unit} from the ${decision.source}, but the ${c.source} points to ${c.unit}`,
    });

  // 7. assemble
  let threads: CyclictestThread[] = statuses.map((s) => threadFromStatus(s, unit));
  const jsonThreads = jsonThreadsRaw && !jsonForeign ? readJsonThreads(jsonThreadsRaw) : [];
  if (json) reportJson(json, block!.firstLine, sink);
  if (jsonThreads.length > 0) threads = mergeJsonThreads(threads, jsonThreads, unit, sink, block!.firstLine);

  const lastBlock = [...st.histBlocks].reverse().find(blockHasContent) ?? null;
  let histogram: CyclictestHistogram | null = lastBlock ? histogramFromBlock(lastBlock, unit, sink) : null;
  if (!histogram && jsonThreads.some((t) => Object.keys(t.histogram).length > 0)) histogram = histogramFromJson(jsonThreads, unit);
  if (st.histBlocks.filter(blockHasContent).length > 1)
    sink.add({
      code: "cyclictest/several-runs",
      severity: "warning",
      line: lastBlock!.line,
      message: `the file holds ${st.histBlocks.filter(blockHasContent).length} histograms; the last one (line ${lastBlock!.line}) is reported`,
    });

  const earlierRuns: CyclictestRun[] = runs.slice(0, -1).map((r) => ({
    line: r.line,
    commandLine: r.command?.text ?? null,
    threads: finalStatuses(r, sink, false).map((s) => threadFromStatus(s, unit)),
  }));
  if (earlierRuns.length > 0)
    sink.add({
      code: "cyclictest/several-runs",
      severity: "warning",
      line: lastRun!.line,
      message: `the file holds ${runs.length} separate runs (lines ${runs.map((r) => r.line).join(", ")}); the last one is reported in 'threads', the others in 'earlierRuns'`,
    });

  checkThreads(threads, sink);
  if (histogram && histogram.source === "text" && lastBlock && lastRun && lastRun.line < lastBlock.line) checkCyclesAgainstHistogram(threads, histogram, sink);
  checkRunEnd(st, lastRun, runCommand, sink);
  checkThreadCount(runCommand, threads, histogram, sink);
  if (st.garbled.length > 0)
    sink.add({
      code: "cyclictest/garbled-line",
      severity: "warning",
      line: st.garbled[0],
      message: `${st.garbled.length} line(s) look like cyclictest output but match none of its layouts (first at line ${st.garbled[0]}${st.garbled.length > 1 ? `, also ${st.garbled.slice(1, 6).join(", ")}${st.garbled.length > 6 ? ", ..." : ""}` : ""}); they were skipped`,
    });

  const verbose = verboseSummary(st, runCommand, unit);
  const spikes: CyclictestResult["spikes"] =
    st.spikes.length > 0 || st.spikeCount !== null
      ? { count: st.spikeCount, records: st.spikes.map((s): CyclictestSpike => ({ thread: s.thread, latencyUs: toUs(s.latency, unit), timestampUs: s.ts })) }
      : null;
  const haveNumbers = threads.length > 0 || histogram !== null || verbose !== null || spikes !== null;
  if (unit === null && haveNumbers) {
    const widths = widthVotes.includes("nonconforming")
      ? "the Act/Avg field widths match no cyclictest layout (%5ld for µs, %8ld for ns; the text was probably edited)"
      : widthVotes.length === 0
        ? "there is no T: line whose field widths could tell"
        : "the Act/Avg field widths are filled by their values and cannot tell";
    sink.add({
      code: "cyclictest/unit-unknown",
      severity: "warning",
      message: `cannot tell whether the latencies are in µs or in ns (-N): no JSON resolution_in_ns, no cyclictest command line, and ${widths}; the numbers are kept as printed (give the command line or the unit to decide)`,
    });
  }
  if (!haveNumbers && !st.fatal) {
    const why =
      st.recognised > 0 || st.dmaLatencyUs !== null
        ? st.dmaLatencyUs !== null && st.frames.length === 0
          ? "only the '/dev/cpu_dma_latency' line is there (with --histfile the histogram is in that file; with -q and a crash there is nothing)"
          : "no T: line, histogram, -v sample or JSON thread was found"
        : "no line of it is cyclictest output";
    const recognisedNothing = st.recognised <= 0 && st.dmaLatencyUs === null && json === null && st.version === null && st.commands.length === 0;
    sink.add({
      code: recognisedNothing ? "cyclictest/not-this-format" : "cyclictest/no-results",
      severity: recognisedNothing ? "error" : "warning",
      message: `${recognisedNothing ? "this is not cyclictest output: " : "the file holds no cyclictest results: "}${why}`,
    });
  }

  const shapes: CyclictestShape[] = [];
  if (lastRun && lastRun.frames.some((f) => f.hasHeader)) shapes.push("live");
  else if (threads.length > 0 && statuses.length > 0) shapes.push("quiet");
  if (verbose) shapes.push("verbose");
  if (histogram) shapes.push("histogram");
  if (histogram && histogram.source === "text" && histogram.threads.every((t) => t.buckets.length === 0)) shapes.push("summary-only");
  if (json && !jsonForeign) shapes.push("json");
  if (spikes) shapes.push("spikes");
  if (st.breakTrace) shapes.push("breaktrace");

  return {
    schemaVersion: 1,
    file,
    format: "cyclictest",
    threads,
    histogram,
    unit,
    diagnostics: sink.list,
    unitSource: decision.source,
    shapes,
    commandLine: lastRun?.command?.text ?? (json?.cmdline && !jsonForeign ? json.cmdline : null) ?? st.commands.filter((c) => c.program === "cyclictest").pop()?.text ?? options.commandLine ?? null,
    version: st.version ?? json?.version ?? null,
    policy: st.policy,
    dmaLatencyUs: st.dmaLatencyUs,
    frames: lastRun ? lastRun.frames.filter((f) => f.hasHeader).length : 0,
    earlierRuns,
    verbose,
    spikes,
    system: jsonForeign ? null : systemFromJson(json),
    breakTrace: st.breakTrace
      ? {
          threadIds: st.breakTrace.threadIds,
          breakThread: st.breakTrace.breakThread,
          breakValueUs: st.breakTrace.breakValue === null ? null : toUs(st.breakTrace.breakValue, unit),
        }
      : null,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function lastCyclictestCommand(st: State): CyclictestCommand | null {
  const cs = st.commands.filter((c) => c.cmd !== null);
  return cs.length > 0 ? cs[cs.length - 1].cmd : null;
}


function emptyResult(file: string, sink: DiagnosticSink, st: State, json: RtTestsJson | null): CyclictestResult {
  return {
    schemaVersion: 1,
    file,
    format: "cyclictest",
    threads: [],
    histogram: null,
    unit: null,
    diagnostics: sink.list,
    unitSource: null,
    shapes: [],
    commandLine: null,
    version: st.version ?? json?.version ?? null,
    policy: null,
    dmaLatencyUs: st.dmaLatencyUs,
    frames: 0,
    earlierRuns: [],
    verbose: null,
    spikes: null,
    system: null,
    breakTrace: null,
  };
}

function threadFromStatus(s: RawStatus, unit: Unit | null): CyclictestThread {
  const started = s.cycles === null || s.cycles > 0;
  const lat = (v: number | null): number | null => (v === null || !started ? null : toUs(v, unit));
  return {
    thread: s.thread,
    tid: s.tid === 0 ? null : s.tid,
    priority: s.priority,
    intervalUs: s.intervalUs,
    cycles: s.cycles,
    minUs: lat(s.min),
    actUs: lat(s.act),
    avgUs: lat(s.avg),
    maxUs: lat(s.max),
    smi: s.smi,
    cpu: null,
    line: s.line,
  };
}

interface JsonThread {
  thread: number;
  cycles: number | null;
  min: number | null;
  max: number | null;
  avg: number | null;
  cpu: number | null;
  histogram: Record<string, number>;
}

function readJsonThreads(raw: Record<string, unknown>): JsonThread[] {
  const numOrNull = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
  return Object.keys(raw)
    .filter((k) => /^\d+$/.test(k) && isObject(raw[k]))
    .map((k) => {
      const t = raw[k] as Record<string, unknown>;
      const h = isObject(t.histogram) ? t.histogram : {};
      const histogram: Record<string, number> = {};
      for (const [b, c] of Object.entries(h)) if (typeof c === "number") histogram[b] = c;
      return { thread: Number(k), cycles: numOrNull(t.cycles), min: numOrNull(t.min), max: numOrNull(t.max), avg: numOrNull(t.avg), cpu: numOrNull(t.cpu), histogram };
    })
    .sort((a, b) => a.thread - b.thread);
}

function reportJson(json: RtTestsJson, line: number, sink: DiagnosticSink): void {
  const notes: Record<string, string> = {
    nan: "'nan' (the average of a thread with 0 cycles) was read as null",
    "unescaped-cmdline": "the 'cmdline:' value holds characters cyclictest did not escape; it was re-escaped",
    truncated: "the JSON is cut short; the complete part was kept",
  };
  for (const r of json.repairs)
    sink.add({ code: r === "truncated" ? "cyclictest/truncated" : "cyclictest/json-repaired", severity: "warning", line, message: `cyclictest JSON: ${notes[r] ?? r}` });
  if (json.value === null)
    sink.add({ code: "cyclictest/json-invalid", severity: "error", line, message: `the cyclictest JSON starting here cannot be read even after repairs (${json.error}); its figures are missing` });
  const rc = json.value?.return_code;
  if (typeof rc === "number" && rc !== 0)
    sink.add({ code: "cyclictest/run-failed", severity: "warning", line, message: `the cyclictest JSON says return_code ${rc}: the run did not end normally; check its figures` });
}

/** The JSON `sysinfo` (uname and whether the kernel is PREEMPT_RT), null without JSON. */
function systemFromJson(json: RtTestsJson | null): CyclictestResult["system"] {
  const si = json?.value?.sysinfo;
  if (!isObject(si)) return null;
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    sysname: str(si.sysname),
    release: str(si.release),
    version: str(si.version),
    machine: str(si.machine),
    realtime: si.realtime === 1 ? true : si.realtime === 0 ? false : null,
  };
}

function mergeJsonThreads(threads: CyclictestThread[], js: JsonThread[], unit: Unit | null, sink: DiagnosticSink, line: number): CyclictestThread[] {
  const conv = (v: number | null) => (v === null ? null : toUs(v, unit));
  if (threads.length === 0)
    return js.map((j) => {
      const started = j.cycles === null || j.cycles > 0;
      return {
        thread: j.thread,
        tid: null,
        priority: null,
        intervalUs: null,
        cycles: j.cycles,
        minUs: started ? conv(j.min) : null,
        actUs: null,
        avgUs: started ? conv(j.avg) : null,
        maxUs: started ? conv(j.max) : null,
        smi: null,
        cpu: j.cpu,
        line: null,
      };
    });
  return threads.map((t) => {
    const j = js.find((x) => x.thread === t.thread);
    if (!j) return t;
    const mismatch: string[] = [];
    if (j.cycles !== null && t.cycles !== null && j.cycles !== t.cycles) mismatch.push(`cycles ${t.cycles} vs ${j.cycles}`);
    if (j.min !== null && t.minUs !== null && conv(j.min) !== t.minUs) mismatch.push(`min ${t.minUs} vs ${conv(j.min)}`);
    if (j.max !== null && t.maxUs !== null && conv(j.max) !== t.maxUs) mismatch.push(`max ${t.maxUs} vs ${conv(j.max)}`);
    if (j.avg !== null && t.avgUs !== null && Math.trunc(j.avg) !== Math.trunc(unit === "ns" ? t.avgUs * 1000 + 1e-6 : t.avgUs)) mismatch.push(`avg ${t.avgUs} vs ${conv(j.avg)}`);
    if (mismatch.length > 0) {
      sink.add({
        code: "cyclictest/json-mismatch",
        severity: "warning",
        line,
        message: `thread ${t.thread}: the JSON and the T: line (line ${t.line}) disagree (${mismatch.join(", ")}); the T: line is kept`,
      });
      return { ...t, cpu: j.cpu };
    }
    // The JSON average has two decimals; the T: line's is truncated to an integer.
    return { ...t, avgUs: j.avg !== null && t.avgUs !== null ? conv(j.avg) : t.avgUs, cpu: j.cpu };
  });
}

function checkThreads(threads: CyclictestThread[], sink: DiagnosticSink): void {
  for (const t of threads) {
    if (t.cycles === 0)
      sink.add({
        code: "cyclictest/thread-not-started",
        severity: "warning",
        line: t.line ?? undefined,
        message: `thread ${t.thread} has 0 cycles in the final result (it had not started, or the run was stopped at once); its latencies are null (cyclictest prints the placeholders Min:1000000 and 0)`,
      });
    else if (t.cycles === null && t.line !== null && t.thread !== null)
      sink.add({
        code: "cyclictest/partial-line",
        severity: "warning",
        line: t.line ?? undefined,
        message: `the T: line of thread ${t.thread} is cut short; the fields it lacks are null`,
      });
  }
}

/**
 * The histogram counts every cycle (in a bucket or as an overflow), and a
 * live frame is printed before the end, so a T: line cannot count more
 * cycles than its thread's histogram holds. More means bucket rows are
 * missing from the copy (rt-tests >= 2.7 has no '# Total:' to tell).
 */
function checkCyclesAgainstHistogram(threads: CyclictestThread[], histogram: CyclictestHistogram, sink: DiagnosticSink): void {
  for (const t of threads) {
    const h = histogram.threads.find((x) => x.thread === t.thread);
    if (!h || t.cycles === null || h.overflows === null || h.buckets.length === 0) continue;
    const held = h.buckets.reduce((a, [, c]) => a + c, 0) + h.overflows;
    if (t.cycles > held)
      sink.add({
        code: "cyclictest/histogram-sum-mismatch",
        severity: "warning",
        line: t.line ?? undefined,
        message: `thread ${t.thread}: the T: line counts ${t.cycles} cycles but its histogram holds ${held} (buckets + overflows); bucket rows are missing from this copy, so the histogram under-counts`,
      });
  }
}

function checkRunEnd(st: State, lastRun: Run | null, cmd: CyclictestCommand | null, sink: DiagnosticSink): void {
  if (st.cursorDown || cmd?.refreshOnMax) {
    const last = lastRun ? lastRun.frames.filter((f) => f.statuses.length > 0).pop() : undefined;
    sink.add({
      code: "cyclictest/refresh-on-max",
      severity: "warning",
      line: last?.line,
      message: `printed with -M (refresh on max): the last frame${last ? ` (C: ${last.statuses[0]?.cycles ?? "?"})` : ""} is the last new maximum, not the end of the run; Max is final, but C, Min, Act and Avg are older`,
    });
  } else if (st.trailingCursorUp !== null && lastRun && lastRun.frames.some((f) => f.hasHeader)) {
    sink.add({
      code: "cyclictest/truncated",
      severity: "warning",
      line: st.trailingCursorUp,
      message: "the file ends with the cursor-up of a live frame that never came (the run was killed or the file cut short); the last complete frame is reported",
    });
  }
  if (lastRun) {
    const last = lastRun.frames[lastRun.frames.length - 1];
    if (last.hasHeader && last.statuses.length === 0 && lastRun.frames.some((f) => f.statuses.length > 0))
      sink.add({
        code: "cyclictest/truncated",
        severity: "warning",
        line: last.line,
        message: "the file ends after a 'policy:' header without its T: lines; the frame before is reported",
      });
  }
}

function checkThreadCount(cmd: CyclictestCommand | null, threads: CyclictestThread[], histogram: CyclictestHistogram | null, sink: DiagnosticSink): void {
  if (!cmd || typeof cmd.threads !== "number") return;
  const found = threads.length > 0 ? threads.length : histogram ? histogram.threads.length : null;
  if (found === null || found === cmd.threads) return;
  sink.add({
    code: "cyclictest/thread-count-mismatch",
    severity: "warning",
    message: `the command line asks for ${cmd.threads} thread(s) (${cmd.text}) but the output has ${found}; lines are missing or the output belongs to another command`,
  });
}

function verboseSummary(st: State, cmd: CyclictestCommand | null, unit: Unit | null): CyclictestResult["verbose"] {
  if (st.verbose.size === 0) return null;
  const threads: CyclictestVerboseThread[] = [...st.verbose.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([thread, e]) => ({
      thread,
      samples: e.samples,
      firstCycle: e.first,
      lastCycle: e.last,
      minUs: toUs(e.min, unit),
      avgUs: toUs(Number((e.sum / e.samples).toFixed(2)), unit),
      maxUs: toUs(e.max, unit),
    }));
  const oscilloscope = (cmd?.oscilloscope ?? null) !== null || [...st.verbose.values()].some((e) => !e.consecutive);
  return { oscilloscope, threads };
}
