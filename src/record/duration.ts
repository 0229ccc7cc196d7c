import { parseDurationNs } from "../model/duration";

/** Parse a duration like `30s`, `2m`, `500ms` or a bare number of seconds into milliseconds; null if malformed or under 1 ms. */
export function parseDurationMs(text: string): number | null {
  const ns = parseDurationNs(text);
  return ns === null || ns < 1e6 ? null : Math.round(ns / 1e6);
}
