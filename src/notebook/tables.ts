/**
 * Tables for notebooks and reports: HTML with Chinese headers and units, and
 * an aligned plain-text form (CJK characters count as two columns).
 */
import type { OutputTableCell, OutputTableColumn, OutputTableData } from "./labels";
import { notebookMessages } from "../messages/notebook";
import type { Lang } from "../messages";
import { displayWidth } from "../model/display-width";

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Escaped HTML of a text cell, with `code` spans (as in the glossary) set as `<code>`. */
export function cellTextToHtml(s: string): string {
  return escapeHtml(s).replace(/`([^`\n]+)`/g, "<code>$1</code>");
}

/** Throws on a malformed table (API misuse): unknown keys, missing columns. */
export function assertTable(table: OutputTableData, label: string): void {
  if (!table || !Array.isArray(table.columns) || !Array.isArray(table.rows)) {
    throw new Error(`table '${label}': expected { columns: [...], rows: [...] }`);
  }
  const keys = new Set<string>();
  for (const c of table.columns) {
    if (!c || typeof c.key !== "string" || typeof c.labelZh !== "string") {
      throw new Error(`table '${label}': every column needs a string key and labelZh, got ${JSON.stringify(c)}`);
    }
    if (keys.has(c.key)) throw new Error(`table '${label}': column key '${c.key}' appears twice`);
    keys.add(c.key);
  }
}

/** Header text of a column: label plus unit, e.g. "平均耗时（µs）". */
export function columnHeader(c: OutputTableColumn, lang: Lang = "zh"): string {
  const label = lang === "en" && c.labelEn ? c.labelEn : c.labelZh;
  return c.unit ? notebookMessages[lang].headerWithUnit(label, c.unit) : label;
}

function groupThousands(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A cell as text: numbers rounded to the column's digits, thousands grouped; null → "—". */
export function formatCell(v: OutputTableCell | undefined, c: OutputTableColumn): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return String(v);
    const s = c.digits !== undefined ? v.toFixed(c.digits) : String(v);
    if (/e/i.test(s)) return s;
    // -0.001 rounded to 2 digits is "-0.00": no sign on a zero.
    const neg = s.startsWith("-") && /[1-9]/.test(s);
    const [i, f] = s.replace(/^-/, "").split(".");
    const pos = !neg && c.signed === true && /[1-9]/.test(s);
    return (neg ? "-" : pos ? "+" : "") + groupThousands(i) + (f !== undefined ? "." + f : "");
  }
  return String(v);
}

function isNumericColumn(table: OutputTableData, c: OutputTableColumn): boolean {
  if (c.align) return c.align === "right";
  return table.rows.some((r) => typeof r[c.key] === "number");
}

/** The table as an HTML `<table>` (inline styles only, so it survives nbconvert and reports). */
export function tableToHtml(table: OutputTableData, lang: Lang = "zh"): string {
  const numeric = table.columns.map((c) => isNumericColumn(table, c));
  const th = table.columns
    .map((c, i) => `<th style="text-align:${numeric[i] ? "right" : "left"}">${escapeHtml(columnHeader(c, lang))}</th>`)
    .join("");
  const body =
    table.rows.length === 0
      ? `<tr><td colspan="${Math.max(1, table.columns.length)}">${escapeHtml(notebookMessages[lang].emptyTable)}</td></tr>`
      : table.rows
          .map(
            (r) =>
              "<tr>" +
              table.columns
                .map((c, i) => `<td style="text-align:${numeric[i] ? "right" : "left"}${numeric[i] ? ";font-variant-numeric:tabular-nums" : ""}">${typeof r[c.key] === "string" ? cellTextToHtml(formatCell(r[c.key], c)) : escapeHtml(formatCell(r[c.key], c))}</td>`)
                .join("") +
              "</tr>",
          )
          .join("\n");
  const note = table.noteZh ? `\n<p style="font-size:90%;color:#555">${cellTextToHtml(table.noteZh)}</p>` : "";
  return `<table class="vmexit-table">\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>${note}`;
}

export { displayWidth } from "../model/display-width";

function pad(s: string, width: number, right: boolean): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

/** The table as aligned plain text (the text/plain fallback). */
export function tableToText(table: OutputTableData, lang: Lang = "zh"): string {
  const numeric = table.columns.map((c) => isNumericColumn(table, c));
  const header = table.columns.map((c) => columnHeader(c, lang));
  const rows = table.rows.map((r) => table.columns.map((c) => formatCell(r[c.key], c)));
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]))));
  const line = (cells: string[]) => cells.map((s, i) => pad(s, widths[i], numeric[i])).join("  ").replace(/\s+$/, "");
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  ")];
  if (rows.length === 0) out.push(notebookMessages[lang].emptyTable);
  for (const r of rows) out.push(line(r));
  if (table.noteZh) out.push("", table.noteZh);
  return out.join("\n");
}
