/**
 * Resolved blocks → a Markdown report in the form of the seed write-up, with
 * each chart written as an SVG file beside it (`NAME.files/fig-LABEL.svg`).
 * Text from data is Markdown-escaped; template text is kept as written.
 */
import { reportMessages } from "../messages/report";
import { escapeMarkdown, escapeMarkdownCell, slugify } from "./escape";
import type { ReportBlock, ReportData, ReportMeta, TableBlock } from "./types";

export interface MarkdownReport {
  markdown: string;
  /** Relative path (from the Markdown file's folder) → SVG text. */
  files: Record<string, string>;
}

function table(t: TableBlock, caption: string | null): string {
  const sep = t.columns.map((c) => (c.align === "right" ? "---:" : c.align === "center" ? ":---:" : "---"));
  const lines = [
    ...(caption ? [`**${escapeMarkdown(caption)}**`, ""] : []),
    `| ${t.columns.map((c) => escapeMarkdownCell(c.text)).join(" | ")} |`,
    `| ${sep.join(" | ")} |`,
    ...t.rows.map((r) => `| ${r.map((c, i) => (t.columns[i]?.markdown ? c.replace(/\|/g, "\\|").replace(/\n/g, " ") : escapeMarkdownCell(c))).join(" | ")} |`),
  ];
  if (t.note) lines.push("", escapeMarkdown(t.note));
  return lines.join("\n");
}

export function renderMarkdownReport(blocks: ReportBlock[], meta: ReportMeta, data: Pick<ReportData, "experiment">, filesDir: string): MarkdownReport {
  const msg = reportMessages[meta.lang];
  const files: Record<string, string> = {};
  let figures = 0;
  let tables = 0;
  const out: string[] = [`# ${escapeMarkdown(meta.title)}`, ""];
  if (meta.subtitle) out.push(escapeMarkdown(meta.subtitle), "");
  const metaLines: string[] = [];
  if (meta.author) metaLines.push(`${msg.coverAuthor}：${escapeMarkdown(meta.author)}`);
  if (meta.date) metaLines.push(`${msg.coverDate}：${escapeMarkdown(meta.date)}`);
  metaLines.push(`${msg.coverExperiment}：${escapeMarkdown(data.experiment.titleZh || data.experiment.id)}`);
  out.push(metaLines.join("  \n"), "");
  if (data.experiment.synthetic) out.push(`> **${escapeMarkdown(msg.syntheticNote)}**`, "");
  const render: { [K in ReportBlock["type"]]: (b: Extract<ReportBlock, { type: K }>) => string } = {
    markdown: (b) => b.text.trim(),
    table: (b) => table(b, b.title ? msg.tableCaption(++tables, b.title) : null),
    figure: (b) => {
      const n = ++figures;
      const rel = `${filesDir}/fig-${slugify(b.label)}.svg`;
      files[rel] = b.svg;
      const caption = b.title ? msg.figureCaption(n, b.title) : b.label;
      return `![${escapeMarkdown(caption)}](${encodeURI(rel)})`;
    },
    list: (b) => b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : "-"} ${escapeMarkdown(item)}`).join("\n"),
    paragraph: (b) => escapeMarkdown(b.text),
    code: (b) => "```" + b.lang + "\n" + b.text + "\n```",
    steps: (b) =>
      b.steps
        .map((s, i) => {
          const parts = [`${i + 1}. ${escapeMarkdown(s.text)}`];
          if (s.code) parts.push("", "   ```bash", ...s.code.split("\n").map((l) => `   ${l}`), "   ```");
          if (s.note) parts.push("", `   ${escapeMarkdown(s.note)}`);
          return parts.join("\n");
        })
        .join("\n\n"),
    toc: () => "",
  };
  for (const b of blocks) {
    const text = (render[b.type] as (b: ReportBlock) => string)(b);
    if (text) out.push(text, "");
  }
  return { markdown: out.join("\n").replace(/\n{3,}/g, "\n\n"), files };
}
