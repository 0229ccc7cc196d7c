/**
 * cyclictest `--json` output (rt-tests >= 2.0), written by rt_write_json() and
 * write_stats(). Its quirks are repaired by the REPAIRS table, in order, and
 * each repair that was needed is reported:
 *   - `nan` / `-nan` for the average of a thread with 0 cycles;
 *   - the `"cmdline:"` value is not JSON-escaped (a `"` or `\` breaks it);
 *   - a file cut short (the complete part is kept, the brackets closed).
 */
import type { CleanLine } from "./lines";

export interface JsonBlock {
  /** 1-based first and last line of the block. */
  firstLine: number;
  lastLine: number;
  /** Ended before its closing brace. */
  unterminated: boolean;
  text: string;
}

/** The rt-tests JSON header as far as it could be read, even from a broken block. */
export interface RtTestsJson {
  value: Record<string, unknown> | null;
  /** Names of the repairs that were needed, in REPAIRS order. */
  repairs: string[];
  /** JSON.parse's message when even the repaired text did not parse. */
  error: string | null;
  /** `cmdline:` read by pattern (works when the JSON is broken). */
  cmdline: string | null;
  version: string | null;
}

/**
 * Finds the top-level JSON object in the lines: a line that is exactly `{`
 * followed by rt-tests header keys, up to its matching `}`.
 */
export function findJsonBlock(lines: CleanLine[]): JsonBlock | null {
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].text !== "{") continue;
    const probe = lines.slice(i + 1, i + 4).map((l) => l.text).join("\n");
    if (!/"(?:file_version|cmdline:|rt_test_version:)"/.test(probe)) continue;
    let depth = 0;
    const parts: string[] = [];
    for (let j = i; j < lines.length; j++) {
      const t = lines[j].text;
      parts.push(t);
      depth += braceDelta(t);
      if (depth <= 0) return { firstLine: lines[i].line, lastLine: lines[j].line, unterminated: false, text: parts.join("\n") };
    }
    return { firstLine: lines[i].line, lastLine: lines[lines.length - 1].line, unterminated: true, text: parts.join("\n") };
  }
  return null;
}

function braceDelta(t: string): number {
  let d = 0;
  let inStr = false;
  for (let k = 0; k < t.length; k++) {
    const ch = t[k];
    if (inStr) {
      if (ch === "\\") k++;
      else if (ch === '"') inStr = false;
    } else if (ch === '"') inStr = true;
    else if (ch === "{" || ch === "[") d++;
    else if (ch === "}" || ch === "]") d--;
  }
  return d;
}

const REPAIRS: { name: string; apply: (text: string) => string }[] = [
  { name: "nan", apply: (t) => t.replace(/:(\s*)-?nan\b/g, ":$1null") },
  {
    name: "unescaped-cmdline",
    apply: (t) =>
      t.replace(/^(\s*"cmdline:"\s*:\s*)"(.*)"(\s*,?\s*)$/m, (_a, pre: string, inner: string, post: string) => `${pre}${JSON.stringify(inner)}${post}`),
  },
  { name: "truncated", apply: closeTruncated },
];

/** Parses the block, applying the repairs in order until it parses. */
export function readRtTestsJson(block: JsonBlock): RtTestsJson {
  const cmd = /"cmdline:"\s*:\s*"(.*)"\s*,?\s*$/m.exec(block.text);
  const ver = /"rt_test_version:"\s*:\s*"([^"]*)"/.exec(block.text);
  const base = { cmdline: cmd ? cmd[1] : null, version: ver ? ver[1] : null };
  let text = block.text;
  const repairs: string[] = [];
  let error: string | null = null;
  for (let step = 0; step <= REPAIRS.length; step++) {
    try {
      const v: unknown = JSON.parse(text);
      if (v === null || typeof v !== "object" || Array.isArray(v)) return { ...base, value: null, repairs, error: "the JSON is not an object" };
      return { ...base, value: v as Record<string, unknown>, repairs, error: null };
    } catch (e) {
      error = (e as Error).message;
    }
    if (step === REPAIRS.length) break;
    const r = REPAIRS[step];
    const fixed = r.apply(text);
    if (fixed !== text) {
      repairs.push(r.name);
      text = fixed;
    }
  }
  return { ...base, value: null, repairs, error };
}

/**
 * Cuts a truncated JSON text back to its last complete member and closes the
 * open objects and arrays. Text that is not truncated comes back unchanged.
 */
export function closeTruncated(t: string): string {
  const stack: string[] = [];
  let inStr = false;
  // Every bracket and comma is a safe cut point, so the stack never changes after the last one:
  // at the end, the open brackets are those of the last safe point.
  let safeAt = -1;
  for (let k = 0; k < t.length; k++) {
    const ch = t[k];
    if (inStr) {
      if (ch === "\\") k++;
      else if (ch === '"') inStr = false;
      continue;
    }
    if (ch === '"') inStr = true;
    else if (ch === "{" || ch === "[") {
      stack.push(ch === "{" ? "}" : "]");
      safeAt = k + 1;
    } else if (ch === "}" || ch === "]") {
      stack.pop();
      safeAt = k + 1;
    } else if (ch === ",") safeAt = k;
  }
  if ((stack.length === 0 && !inStr) || safeAt < 0) return t;
  return t.slice(0, safeAt).replace(/,\s*$/, "") + stack.reverse().join("");
}
