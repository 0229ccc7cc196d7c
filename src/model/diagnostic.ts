/**
 * Diagnostics: problems found in a user's *data*. They never throw; each has a
 * stable `code` (`<area>/<what>`), a severity, the file and, where known, the
 * 1-based line or the byte offset. Misuse of the API throws instead.
 */
export const SEVERITIES = ["warning", "error"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Diagnostic {
  /** Stable identifier, e.g. `kvm-stat/row-sum-mismatch`, `perf-data/truncated-record`. */
  code: string;
  severity: Severity;
  /** One English sentence saying what was found and what was expected. */
  message: string;
  file: string;
  /** 1-based line number in a text file. */
  line?: number;
  /** Byte offset in a binary file. */
  offset?: number;
}

/** Collects diagnostics for one file; stages receive one and add to it. */
export interface DiagnosticSink {
  readonly file: string;
  add(d: Omit<Diagnostic, "file">): void;
  readonly list: Diagnostic[];
}

export function createDiagnosticSink(file: string): DiagnosticSink {
  const list: Diagnostic[] = [];
  return {
    file,
    list,
    add(d) {
      list.push({ ...d, file });
    },
  };
}

/** `file:line: severity: message [code]`, the form printed on stderr. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line !== undefined ? `:${d.line}` : d.offset !== undefined ? ` at byte offset ${d.offset} (0x${d.offset.toString(16)})` : "";
  return `${d.file}${where}: ${d.severity}: ${d.message} [${d.code}]`;
}
