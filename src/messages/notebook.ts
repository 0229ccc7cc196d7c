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
  /** Header + unit, e.g. "平均耗时（μs）". */
  headerWithUnit(label: string, unit: string): string;
  /** Comment on the first line of the injected-parameters cell. */
  injectedComment: string;
  /** The text/plain fallback line of a figure. */
  figurePlain(title: string): string;
}

export const zh: NotebookMessages = {
  emptyTable: "（无数据）",
  findingsTitle: "主要发现",
  noFindings: "没有值得单独指出的变化。",
  findingLevel: { info: "说明", notice: "注意", warning: "警告" },
  headerWithUnit: (label, unit) => `${label}（${unit}）`,
  injectedComment: "// 由 vmexit notebook run --param 注入的参数",
  figurePlain: (title) => `[图] ${title}`,
};

export const en: NotebookMessages = {
  emptyTable: "(no data)",
  findingsTitle: "Findings",
  noFindings: "Nothing worth pointing out separately.",
  findingLevel: { info: "Info", notice: "Notice", warning: "Warning" },
  headerWithUnit: (label, unit) => `${label} (${unit})`,
  injectedComment: "// Parameters injected by vmexit notebook run --param",
  figurePlain: (title) => `[figure] ${title}`,
};

export const notebookMessages = { zh, en } as const;
