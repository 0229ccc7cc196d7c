/**
 * Recognising perf kvm stat text from the first bytes of a file. A file
 * scores only if it contains an `Analyze events for` line or a kvm stat
 * column header; binary files (perf.data, NUL bytes) score 0.
 */
import { StringDecoder } from "node:string_decoder";
import { classifyLine, cleanLine } from "./lines";

const MAX_SNIFF_LINES = 4000;

/**
 * How the text is encoded: UTF-8 (with or without BOM), or UTF-16 when it
 * starts with a UTF-16 BOM (LE: a Windows PowerShell `>` redirect of `ssh host
 * perf ...`; BE: some converters and editors).
 */
export type TextEncoding = "utf8" | "utf16le" | "utf16be";
export function textEncoding(head: Uint8Array): TextEncoding {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return "utf16le";
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return "utf16be";
  return "utf8";
}

/** A streaming decoder for the encoding (node's StringDecoder has no UTF-16BE; TextDecoder has). */
export function textDecoder(encoding: TextEncoding): { write(b: Buffer): string; end(): string } {
  if (encoding === "utf16be") {
    const d = new TextDecoder("utf-16be");
    return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
  }
  const d = new StringDecoder(encoding);
  return { write: (b) => d.write(b), end: () => d.end() };
}

export function sniffPerfKvmStatText(head: Uint8Array): number {
  if (head.length === 0) return 0;
  const buf = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (buf.subarray(0, 8).toString("latin1").startsWith("PERFILE")) return 0;
  const encoding = textEncoding(buf);
  if (encoding === "utf8") for (let i = 0; i < Math.min(buf.length, 4096); i++) if (buf[i] === 0) return 0;
  const lines = (encoding === "utf16be" ? new TextDecoder("utf-16be").decode(buf) : buf.toString(encoding)).split(/\r\n|\n|\r/, MAX_SNIFF_LINES);
  let analyze = false;
  let classic = false;
  let hist = false;
  let footer = false;
  for (const raw of lines) {
    const text = cleanLine(raw.length > 4096 ? raw.slice(0, 4096) : raw);
    if (!/Analyze|Samples|Total Samples/.test(text)) continue;
    const tok = classifyLine(text);
    if (tok.kind === "analyze") analyze = true;
    else if (tok.kind === "header") {
      if (tok.labelKind === "event") classic = true;
      else hist = true;
    } else if (tok.kind === "footer") footer = true;
  }
  if (analyze && classic) return 0.95;
  if (classic) return footer ? 0.9 : 0.8;
  if (analyze) return 0.7;
  if (hist) return 0.6;
  return 0;
}
