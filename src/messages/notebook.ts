/**
 * Wording of the notebook helpers (tables, findings shown in notebooks) and
 * of the code cell the headless runner injects for `--param` values.
 */
export interface NotebookMessages {
  /** Shown in place of an empty table body. */
  emptyTable: string;
  /** Heading of a findings list when no title is given. */
  findingsTitle: string;
  /** Shown when a findings list is empty. */
  noFindings: string;
  /** Label of a finding level, shown before the sentence. */
  findingLevel: Record<"info" | "notice" | "warning", string>;
  /** Header + unit, e.g. "平均耗时（µs）". */
  headerWithUnit(label: string, unit: string): string;
  /** Comment on the first line of the injected-parameters cell. */
  injectedComment: string;
  /** The text/plain fallback line of a figure. */
  figurePlain(title: string): string;
  /** First line of a diagnostics summary: how many problems, of which severity. */
  diagnosticsHeader(total: number, errors: number, warnings: number): string;
  /** Severity word before a summarised diagnostic. */
  severity: Record<"warning" | "error", string>;
  /** "×12, e.g." between a code and its first example. */
  diagnosticRepeat(count: number): string;
  /** Last line when some kinds were left out. */
  diagnosticsMoreKinds(kinds: number, count: number): string;
}

export const zh: NotebookMessages = {
  emptyTable: "（无数据）",
  findingsTitle: "主要发现",
  noFindings: "没有值得单独指出的变化。",
  findingLevel: { info: "说明", notice: "注意", warning: "警告" },
  headerWithUnit: (label, unit) => `${label}（${unit}）`,
  injectedComment: "// 由 vmexit notebook run --param 注入的参数",
  figurePlain: (title) => `[图] ${title}`,
  diagnosticsHeader: (total, errors, warnings) =>
    `读取数据时发现 ${total} 处问题（${[errors > 0 ? `${errors} 个错误` : "", warnings > 0 ? `${warnings} 个警告` : ""].filter(Boolean).join("，")}），同类合并：`,
  severity: { warning: "警告", error: "错误" },
  diagnosticRepeat: (count) => `共 ${count} 处，例如`,
  diagnosticsMoreKinds: (kinds, count) => `……另有 ${kinds} 类共 ${count} 处问题未列出（完整列表见 exp.diagnostics）。`,
};

export const en: NotebookMessages = {
  emptyTable: "(no data)",
  findingsTitle: "Findings",
  noFindings: "Nothing worth pointing out separately.",
  findingLevel: { info: "Info", notice: "Notice", warning: "Warning" },
  headerWithUnit: (label, unit) => `${label} (${unit})`,
  injectedComment: "// Parameters injected by vmexit notebook run --param",
  figurePlain: (title) => `[figure] ${title}`,
  diagnosticsHeader: (total, errors, warnings) =>
    `${total} problem${total === 1 ? "" : "s"} found while reading the data (${[errors > 0 ? `${errors} error${errors === 1 ? "" : "s"}` : "", warnings > 0 ? `${warnings} warning${warnings === 1 ? "" : "s"}` : ""].filter(Boolean).join(", ")}), grouped by kind:`,
  severity: { warning: "warning", error: "error" },
  diagnosticRepeat: (count) => `${count} times, e.g.`,
  diagnosticsMoreKinds: (kinds, count) => `... and ${kinds} more kind${kinds === 1 ? "" : "s"} (${count} problem${count === 1 ? "" : "s"}) not listed (all of them: exp.diagnostics).`,
};

export const notebookMessages = { zh, en } as const;
