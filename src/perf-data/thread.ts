/**
 * Reading a big perf.data file on two cores: a worker thread reads and
 * decodes the records (reader.ts) and ships the decoded events in batches,
 * with the points where FINISHED_ROUND came and the events to hand on at
 * once; the calling thread replays each batch into its own RoundSorter, so
 * perf's ordering and the pairing run there exactly as in one thread.
 *
 *   worker: file ─► records ─► decode ─► BatchForwarder ─► postMessage (transfer)
 *   caller: batch ─► replayBatch ─► RoundSorter ─► sink (pairing)
 *
 * The worker blocks (Atomics.wait) when MAX_BATCHES_IN_FLIGHT batches are
 * not yet replayed, so memory stays bounded when the caller is slower.
 */
import { EventColumns, RoundSorter, type EventQueue } from "./events";
import type { KvmArch, ReadResult } from "./reader";
import type { Diagnostic, DiagnosticSink } from "../model/diagnostic";
import type { ProgressReporter } from "../formats/types";

/** Events per batch. */
export const BATCH_EVENTS = 1 << 16;
export const MAX_BATCHES_IN_FLIGHT = 4;
/** Mark kinds, after the event index they apply to. */
export const MARK_ROUND = 1;
export const MARK_DELIVER = 2;

/** What the worker is given. */
export interface WorkerInput {
  path: string;
  fileSize: number;
  chunkBytes?: number;
  skipKinds: number[];
  /** Events per batch (default BATCH_EVENTS; tests use tiny batches). */
  batchEvents?: number;
  /** Int32Array(1) over a SharedArrayBuffer: batches the worker may still send. */
  credits: SharedArrayBuffer;
}

/** The state of the reading the pairing needs while events arrive. */
export interface LiveReadState {
  arch: KvmArch;
  baseTimeNs: bigint | null;
  commNames: string[];
}

type ColumnArrays = Pick<EventColumns, "kind" | "tid" | "pid" | "cpu" | "t" | "a" | "b" | "c" | "off">;

export type WorkerMessage =
  | { type: "batch"; n: number; cols: ColumnArrays; marks: Int32Array; arch: KvmArch; baseTimeNs: bigint | null; comms: string[] }
  | { type: "progress"; op: "start" | "update" | "stop"; bytes: number }
  | { type: "done"; res: ReadResult; diagnostics: Diagnostic[] };

/** Worker side: collects the decoded events of a batch and the marks, and posts the batch when full or at the end. */
export class BatchForwarder implements EventQueue {
  buffer: EventColumns;
  private marks: number[] = [];
  private commsSent = 0;
  res: ReadResult | null = null;
  constructor(
    private readonly post: (m: WorkerMessage, transfer: ArrayBuffer[]) => void,
    private readonly credits: Int32Array,
    private readonly batchEvents = BATCH_EVENTS,
  ) {
    this.buffer = new EventColumns(batchEvents);
  }
  reserve(): void {
    if (this.buffer.n === this.buffer.capacity) this.send();
  }
  added(): void {}
  bulkRoom(): number {
    this.reserve();
    return this.buffer.capacity - this.buffer.n;
  }
  addedRange(): void {}
  deliverNow(i: number): void {
    this.marks.push(i, MARK_DELIVER);
  }
  finishedRound(): void {
    this.marks.push(this.buffer.n, MARK_ROUND);
  }
  finish(): void {
    this.send();
  }
  private takeCredit(): void {
    for (;;) {
      const v = Atomics.load(this.credits, 0);
      if (v > 0) {
        if (Atomics.compareExchange(this.credits, 0, v, v - 1) === v) return;
      } else Atomics.wait(this.credits, 0, v);
    }
  }
  private send(): void {
    const c = this.buffer;
    if (c.n === 0 && this.marks.length === 0) return;
    this.takeCredit();
    const res = this.res;
    const comms = res ? res.commNames.slice(this.commsSent) : [];
    this.commsSent += comms.length;
    const cols: ColumnArrays = { kind: c.kind, tid: c.tid, pid: c.pid, cpu: c.cpu, t: c.t, a: c.a, b: c.b, c: c.c, off: c.off };
    const marks = Int32Array.from(this.marks);
    this.post(
      { type: "batch", n: c.n, cols, marks, arch: res?.arch ?? "x86", baseTimeNs: res?.baseTimeNs ?? null, comms },
      [c.kind.buffer, c.tid.buffer, c.pid.buffer, c.cpu.buffer, c.t.buffer, c.a.buffer, c.b.buffer, c.c.buffer, c.off.buffer, marks.buffer] as ArrayBuffer[],
    );
    this.buffer = new EventColumns(this.batchEvents);
    this.marks = [];
  }
}

/** Caller side: replays one batch into the sorter, in the order the reader produced it. */
export function replayBatch(m: Extract<WorkerMessage, { type: "batch" }>, sorter: RoundSorter, live: LiveReadState): void {
  live.arch = m.arch;
  live.baseTimeNs = m.baseTimeNs;
  for (const name of m.comms) live.commNames.push(name);
  const c = EventColumns.of(m.cols, m.n);
  let from = 0;
  const marks = m.marks;
  for (let k = 0; k < marks.length; k += 2) {
    const at = marks[k];
    sorter.appendBatch(c, from, at);
    if (marks[k + 1] === MARK_ROUND) {
      from = at;
      sorter.finishedRound();
    } else {
      sorter.deliverFrom(c, at);
      from = at + 1;
    }
  }
  sorter.appendBatch(c, from, c.n);
}

/** A worker as the caller sees it (node's Worker, or a stand-in in tests). */
export interface WorkerLike {
  on(event: "message", fn: (m: WorkerMessage) => void): unknown;
  on(event: "error", fn: (e: Error) => void): unknown;
  on(event: "exit", fn: (code: number) => void): unknown;
  terminate(): Promise<number>;
  unref(): void;
}

/**
 * Runs the reading in a worker made by `spawn` and replays its batches into
 * `sorter`. Resolves with the reader's result (its diagnostics added to
 * `diags`); rejects if the worker fails, and the caller then reads in its
 * own thread.
 */
export function readRecordsInWorker(
  spawn: (input: WorkerInput) => WorkerLike,
  input: Omit<WorkerInput, "credits">,
  sorter: RoundSorter,
  live: LiveReadState,
  diags: DiagnosticSink,
  progress?: ProgressReporter,
): Promise<ReadResult> {
  const credits = new SharedArrayBuffer(4);
  const cr = new Int32Array(credits);
  cr[0] = MAX_BATCHES_IN_FLIGHT;
  const w = spawn({ ...input, credits });
  return new Promise<ReadResult>((resolve, reject) => {
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      void w.terminate();
      reject(e);
    };
    w.on("message", (m: WorkerMessage) => {
      if (settled) return;
      try {
        if (m.type === "batch") {
          replayBatch(m, sorter, live);
          Atomics.add(cr, 0, 1);
          Atomics.notify(cr, 0);
        } else if (m.type === "progress") {
          if (m.op === "start") progress?.start(m.bytes);
          else if (m.op === "update") progress?.update(m.bytes);
          else progress?.stop();
        } else {
          settled = true;
          for (const d of m.diagnostics) diags.add(d);
          w.unref();
          resolve(m.res);
        }
      } catch (e) {
        fail(e as Error);
      }
    });
    w.on("error", fail);
    w.on("exit", (code) => fail(new Error(`the reader thread exited (code ${code}) before it finished`)));
  });
}
