/** Parse a duration like `30s`, `2m`, `1h`, `500ms` or a bare number of seconds into milliseconds; null if malformed. */
const UNITS_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

export function parseDurationMs(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)?\s*$/.exec(text);
  if (!m) return null;
  const ms = Math.round(Number(m[1]) * UNITS_MS[m[2] ?? "s"]);
  // Under half a millisecond rounds to 0, which would mean "no duration" (record until Ctrl-C).
  return ms > 0 && Number.isFinite(ms) ? ms : null;
}
