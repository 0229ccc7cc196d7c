/**
 * Opening a user's file: read its head, pick the format by content, parse.
 * Unreadable files and unknown formats become diagnostics, never exceptions.
 */
import { detectFormat, FORMAT_HANDLERS } from "./index";
import type { FormatHandler, ParseContext, ParsedFileBase } from "./types";

export const SNIFF_BYTES = 64 * 1024;
/** How far into a text file detection looks when its head matches no format (a table deep in a long log). */
export const TEXT_SCAN_BYTES = 256 * 1024 * 1024;

export type ReadOutcome =
  | { ok: true; handler: FormatHandler<ParsedFileBase>; result: ParsedFileBase }
  | { ok: false; reason: "unreadable" | "unknown-format"; message: string };

export async function readHead(path: string, ctx: ParseContext): Promise<Uint8Array> {
  const fh = await ctx.fs.open(path, "r");
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * For a text file whose head matches no format: the handler that recognises
 * a later window of it (a table after more than SNIFF_BYTES of other log
 * text). Windows start at a line break, so no line is cut at the start.
 * Binary heads (NUL bytes) are not scanned; the scan stops at TEXT_SCAN_BYTES.
 */
async function detectFurther(path: string, ctx: ParseContext, head: Uint8Array): Promise<FormatHandler<ParsedFileBase> | null> {
  if (head.length < SNIFF_BYTES || head.indexOf(0) >= 0) return null;
  const fh = await ctx.fs.open(path, "r");
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    let pos = head.lastIndexOf(10) + 1 || head.length;
    while (pos < TEXT_SCAN_BYTES) {
      const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, pos);
      if (bytesRead === 0) return null;
      const window = buf.subarray(0, bytesRead);
      if (window.indexOf(0) >= 0) return null;
      const handler = detectFormat(window);
      if (handler) return handler;
      if (bytesRead < SNIFF_BYTES) return null;
      const nl = window.lastIndexOf(10);
      pos += nl > 0 ? nl + 1 : bytesRead;
    }
    return null;
  } finally {
    await fh.close();
  }
}

/** Parse one file of any known format. `forceFormat` skips detection. */
export async function readInput(path: string, ctx: ParseContext, forceFormat?: string): Promise<ReadOutcome> {
  let head: Uint8Array;
  try {
    const st = await ctx.fs.stat(path);
    if (st.isDirectory()) return { ok: false, reason: "unreadable", message: `${path}: is a directory, expected a file` };
    // A pipe nobody writes to would block forever, and one that is written to cannot be read twice (detect, then parse).
    if (!st.isFile()) return { ok: false, reason: "unreadable", message: `${path}: not a regular file (a pipe, socket or device); save the output to a file first` };
    head = await readHead(path, ctx);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { ok: false, reason: "unreadable", message: `${path}: cannot read: ${e.code === "ENOENT" ? "no such file" : e.message}` };
  }
  let handler = forceFormat ? FORMAT_HANDLERS.find((h) => h.id === forceFormat) ?? null : detectFormat(head);
  if (!handler && !forceFormat) {
    try {
      handler = await detectFurther(path, ctx, head);
    } catch {
      handler = null;
    }
  }
  if (!handler) {
    const what = head.length === 0 ? "the file is empty" : "its content matches none of them";
    return {
      ok: false,
      reason: "unknown-format",
      message: `${path}: not a known format (expected ${FORMAT_HANDLERS.map((h) => h.id).join(", ")}; ${what})`,
    };
  }
  const result = await handler.parse(path, ctx);
  return { ok: true, handler, result };
}
