/**
 * Recognising cyclictest output from the first bytes of a file. Each signal
 * in SNIFF_SIGNALS is a pattern and the confidence it gives; the best one
 * wins. Look-alikes (cyclicdeadline, another rt-tests tool's JSON) score just
 * above the detection threshold, so that the parser can say what they are.
 */

export const SNIFF_SIGNALS: readonly { name: string; re: RegExp; score: number }[] = [
  { name: "json-header", re: /"cmdline:"\s*:\s*"[^"\n]*cyclictest[^\n]*\n[\s\S]*"rt_test_version:"/, score: 0.95 },
  { name: "status-line", re: /^(?:[>\s]*)T:\s*\d+\s+\(\s*\d+\)\s+P:\s*-?\d+\s+I:\s*\d+\s+C:\s*\d+\s+Min:/m, score: 0.95 },
  { name: "live-header", re: /^(?:[>\s]*)(?:\x1b\[\d+A)?policy:\s*[a-z]+(?:\/[a-z]+)?:\s*loadavg:/m, score: 0.9 },
  { name: "histogram", re: /^# Histogram\r?\n\d{6,} \d+/m, score: 0.9 },
  { name: "latencies", re: /^# (?:Min|Avg|Max) Latencies:(?: \d+)+\r?$/m, score: 0.85 },
  { name: "version", re: /^cyclictest V \d+\.\d\d\r?$/m, score: 0.85 },
  { name: "spike", re: /^T:\s*\d+\s+Spike:\s*-?\d+:\s*TS:\s*\d+/m, score: 0.8 },
  { name: "verbose-header", re: /^\s*Max CPUs = \d+\r?\n\s*Online CPUs = \d+/m, score: 0.7 },
  { name: "dma-latency", re: /^#? ?\/dev\/cpu_dma_latency set to \d+us/m, score: 0.7 },
];

/** Look-alikes: recognised so that parse can name them; they score just above the threshold. */
export const LOOKALIKE_SIGNALS: readonly { name: string; re: RegExp; score: number }[] = [
  { name: "rt-tests-json", re: /"rt_test_version:"\s*:/, score: 0.35 },
  { name: "cyclicdeadline", re: /^T:\s*\d+\s+\(\s*\d+\)\s+I:\s*\d+\s+C:\s*\d+\s+Min:/m, score: 0.35 },
];

/** Binary files (perf.data, anything with NUL bytes) are never cyclictest. */
function looksBinary(head: Uint8Array): boolean {
  if (head.length >= 8 && String.fromCharCode(...head.subarray(0, 8)) === "PERFILE2") return true;
  const n = Math.min(head.length, 4096);
  for (let i = 0; i < n; i++) if (head[i] === 0) return true;
  return false;
}

/**
 * The text of a file: UTF-8 (with or without BOM), or UTF-16 with a BOM (a
 * copy saved by a Windows tool). Decoding never throws; bad bytes become U+FFFD.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  return new TextDecoder("utf-8").decode(bytes);
}

const isUtf16Bom = (h: Uint8Array) => h.length >= 2 && ((h[0] === 0xff && h[1] === 0xfe) || (h[0] === 0xfe && h[1] === 0xff));

export function sniffCyclictest(head: Uint8Array): number {
  if (head.length === 0) return 0;
  const utf16 = isUtf16Bom(head);
  if (!utf16 && looksBinary(head)) return 0;
  const text = utf16 ? decodeText(head) : Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("latin1");
  let best = 0;
  for (const s of SNIFF_SIGNALS) if (s.score > best && s.re.test(text)) best = s.score;
  if (best > 0) return best;
  for (const s of LOOKALIKE_SIGNALS) if (s.score > best && s.re.test(text)) best = s.score;
  return best;
}
