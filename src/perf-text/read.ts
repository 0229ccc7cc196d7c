/**
 * Entry points of the text reader: from a string (`parsePerfKvmStatText`) and
 * from a file streamed in chunks (`readPerfKvmStatText`). Both split lines the
 * same way (LF, CRLF or a lone CR) and feed ./parser; the stream never holds
 * more than one chunk and one line (lines are capped at MAX_LINE_CHARS).
 */
import type { ParseContext } from "../formats/types";
import { SCHEMA_VERSION, type KvmStatTable, type PerfKvmStatTextResult } from "../model/kvm-stat";
import type { KvmStatTable as Table } from "../model/kvm-stat";
import { createPerfTextParser, type PerfTextParser } from "./parser";
import { textDecoder, textEncoding } from "./sniff";

/** Receives each table; may return a promise (e.g. until the output drains): reading pauses until it settles. */
export type StreamTableSink = (table: Table) => void | Promise<void>;

/** Longest line kept; a table line is about 140 characters. */
export const MAX_LINE_CHARS = 16 * 1024;

export interface LineSplitter {
  push(chunk: string): void;
  end(): void;
}

/** Splits text fed in arbitrary chunks into lines for `parser`. */
export function createLineSplitter(parser: PerfTextParser): LineSplitter {
  let partial = "";
  let overlong = false;
  let lineNo = 0;
  let pendingCR = false;

  function emit(line: string): void {
    lineNo++;
    if (overlong) parser.lineTruncated(lineNo, MAX_LINE_CHARS);
    overlong = false;
    parser.line(line);
  }

  function append(piece: string): void {
    if (overlong) return;
    if (partial.length + piece.length > MAX_LINE_CHARS) {
      partial += piece.slice(0, MAX_LINE_CHARS - partial.length);
      overlong = true;
    } else partial += piece;
  }

  return {
    push(chunk) {
      let i = 0;
      if (pendingCR) {
        pendingCR = false;
        if (chunk.charCodeAt(0) === 10) i = 1; // the LF of a CRLF split across chunks
      }
      const n = chunk.length;
      while (i < n) {
        let j = i;
        while (j < n) {
          const c = chunk.charCodeAt(j);
          if (c === 10 || c === 13) break;
          j++;
        }
        append(chunk.slice(i, j));
        if (j >= n) break;
        const line = partial;
        partial = "";
        emit(line);
        if (chunk.charCodeAt(j) === 13) {
          if (j + 1 < n) {
            if (chunk.charCodeAt(j + 1) === 10) j++;
          } else pendingCR = true;
        }
        i = j + 1;
      }
    },
    end() {
      if (partial.length > 0 || overlong) {
        const line = partial;
        partial = "";
        emit(line);
      }
    },
  };
}

function result(file: string, tables: KvmStatTable[], diagnostics: PerfKvmStatTextResult["diagnostics"]): PerfKvmStatTextResult {
  if (tables.length === 0 && !diagnostics.some((d) => d.code === "kvm-stat/unreadable"))
    diagnostics.unshift({
      code: "kvm-stat/not-this-format",
      severity: "error",
      message: "no perf kvm stat table found: expected an 'Analyze events for ...:' line or a column header such as 'VM-EXIT  Samples  Samples%  Time%  ...'",
      file,
    });
  return { schemaVersion: SCHEMA_VERSION, file, format: "perf-kvm-stat-text", tables, diagnostics };
}

/**
 * Parses the text of `perf kvm stat report` / `live` output held in memory.
 * `file` is only used in diagnostics and the result. Never throws on content.
 */
export function parsePerfKvmStatText(text: string, file: string): PerfKvmStatTextResult {
  if (typeof text !== "string") throw new TypeError(`parsePerfKvmStatText: text must be a string, got ${typeof text}`);
  const tables: KvmStatTable[] = [];
  const parser = createPerfTextParser(file, (t) => tables.push(t));
  const splitter = createLineSplitter(parser);
  splitter.push(text);
  splitter.end();
  return result(file, tables, parser.end());
}

/**
 * Streams `path` through the parser. Each finished table goes to `onTable`
 * (when given, the returned result has no tables: the caller keeps them);
 * otherwise the tables are collected into the result. When `onTable`
 * returns a promise, reading waits for it after the current chunk.
 */
export async function readPerfKvmStatText(path: string, ctx: ParseContext, onTable?: StreamTableSink): Promise<PerfKvmStatTextResult> {
  const tables: KvmStatTable[] = [];
  const waits: Promise<void>[] = [];
  let count = 0;
  const parser = createPerfTextParser(path, (t) => {
    count++;
    if (!onTable) tables.push(t);
    else {
      const w = onTable(t);
      if (w) waits.push(w);
    }
  });
  const splitter = createLineSplitter(parser);
  const progress = ctx.options.progress;
  let size = 0;
  try {
    size = (await ctx.fs.stat(path)).size;
  } catch {
    size = 0;
  }
  progress?.start(size);
  let done = 0;
  try {
    let decoder: ReturnType<typeof textDecoder> | null = null;
    let head: Buffer | null = null;
    const stream = ctx.fs.createReadStream(path, { highWaterMark: 256 * 1024 });
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      let buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      // The first two bytes decide the encoding (the BOM itself is dropped by cleanLine).
      if (!decoder) {
        head = head ? Buffer.concat([head, buf]) : buf;
        if (head.length < 2) continue;
        decoder = textDecoder(textEncoding(head));
        buf = head;
        head = null;
      }
      done += buf.length;
      splitter.push(decoder.write(buf));
      progress?.update(done);
      if (waits.length > 0) {
        await Promise.all(waits);
        waits.length = 0;
      }
    }
    if (!decoder && head) splitter.push(head.toString("utf8"));
    if (decoder) splitter.push(decoder.end());
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    parser.diagnostic("kvm-stat/unreadable", `cannot read the file after ${done} bytes: ${e && e.code ? e.code : ""} ${e && e.message ? e.message : String(err)}`.replace(/\s+/g, " "));
  } finally {
    progress?.stop();
  }
  splitter.end();
  const diagnostics = parser.end();
  if (onTable && count > 0) return { schemaVersion: SCHEMA_VERSION, file: path, format: "perf-kvm-stat-text", tables, diagnostics };
  return result(path, tables, diagnostics);
}
