/**
 * Durations typed by people: `30s`, `2m`, `1h`, `500ms`, `250us` (or `µs`),
 * `1000000ns`, or a bare number of seconds. Returns nanoseconds, or null when
 * the text is not a positive duration.
 */
const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, "µs": 1e3, ms: 1e6, s: 1e9, sec: 1e9, m: 60e9, min: 60e9, h: 3600e9 };

export function parseDurationNs(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|sec|m|min|h)?\s*$/.exec(text);
  if (!m) return null;
  const ns = Math.round(Number(m[1]) * UNIT_NS[m[2] ?? "s"]);
  return ns > 0 && Number.isSafeInteger(ns) ? ns : null;
}
