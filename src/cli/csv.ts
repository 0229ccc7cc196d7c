import type { CsvTable } from "../formats/types";

function cell(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV. Tables with the same header are merged; a different header starts a new block after a blank line. */
export function toCsv(tables: CsvTable[]): string {
  const lines: string[] = [];
  let header: string | null = null;
  for (const t of tables) {
    const h = t.header.map(cell).join(",");
    if (h !== header) {
      if (header !== null) lines.push("");
      lines.push(h);
      header = h;
    }
    for (const r of t.rows) lines.push(r.map(cell).join(","));
  }
  return lines.length ? lines.join("\n") + "\n" : "";
}
