/**
 * Escaping and number formatting for text that comes from data (run labels,
 * exit names, file names, notebook outputs). Everything from data passes
 * through one of these before it reaches HTML or Markdown.
 */

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text → HTML text or attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Text → Markdown inline text that renders as exactly this text. Only what
 * can start markup is escaped, so the .md stays readable: `\ ` * [ ] < | ~ &`
 * everywhere (`>` only at the start: `=>` stays as it is), `_` unless inside a word (CommonMark never emphasises there), and
 * a leading `>`, `#`, `-`, `+`, `=` or `1.` that would start a block (only when it
 * would: `48.28%` and `-3.71` stay as they are).
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/\r?\n/g, " ")
    .replace(/[\\`*\[\]<|~&]/g, (c) => `\\${c}`)
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, "\\_")
    .replace(/^(\s*)(>|[#+\-=](?=[\s#=\-]|$))/, "$1\\$2")
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
}

/** Text → one GFM table cell. */
export function escapeMarkdownCell(s: string): string {
  return escapeMarkdown(s);
}

/** Characters allowed in a heading or label id. */
export function slugify(s: string): string {
  const slug = s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "section";
}

function round(x: number, digits: number): string {
  return x.toFixed(digits);
}

/** 12345 → "12,345". */
export function formatInt(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  return Math.round(n).toLocaleString("en-US");
}

/** 4.1111 → "4.11%". */
export function formatPct(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "–";
  return `${round(p, 2)}%`;
}

/** Microseconds with two decimals, as perf prints them. */
export function formatUs(us: number | null | undefined): string {
  if (us === null || us === undefined || !Number.isFinite(us)) return "–";
  return us >= 1000 ? formatInt(us) : round(us, 2);
}

/** cyclictest latencies: whole µs as printed (cyclictest prints integers), else two decimals. */
export function formatLatencyUs(us: number | null | undefined): string {
  if (us === null || us === undefined || !Number.isFinite(us)) return "–";
  return Number.isInteger(us) ? formatInt(us) : formatUs(us);
}

/** Events per second: integers from 100 up, one decimal from 10, two below. */
export function formatRate(perS: number | null | undefined): string {
  if (perS === null || perS === undefined || !Number.isFinite(perS)) return "–";
  return perS >= 100 ? formatInt(perS) : perS >= 10 ? round(perS, 1) : round(perS, 2);
}

/** Any cell value from a notebook table. */
export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return "–";
  if (typeof v === "number") return Number.isInteger(v) ? formatInt(v) : String(Math.round(v * 100) / 100);
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "✓" : "✗";
  return JSON.stringify(v);
}
