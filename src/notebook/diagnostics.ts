/**
 * A compact view of the diagnostics of a loaded experiment for the top of a
 * notebook: one line per kind (severity + code), errors first, with the count
 * and the first example, paths relative to the experiment folder. Harmless
 * data problems then take a few lines instead of a screen of repeated text.
 */
import * as path from "path";
import type { Diagnostic } from "../model/diagnostic";
import { notebookMessages } from "../messages/notebook";
import type { Lang } from "../messages";

export interface DiagnosticSummaryOptions {
  /** Paths under this folder are shown relative to it (usually the experiment folder). */
  baseDir?: string;
  /** Kinds (severity + code) listed before the rest is only counted. Default 8. */
  maxKinds?: number;
  lang?: Lang;
}

function where(d: Diagnostic, baseDir: string | undefined): string {
  const rel = baseDir && path.isAbsolute(d.file) ? path.relative(baseDir, d.file) : d.file;
  const file = rel === "" || rel.startsWith("..") ? d.file : rel;
  return d.line !== undefined ? `${file}:${d.line}` : d.offset !== undefined ? `${file} @0x${d.offset.toString(16)}` : file;
}

/** The summary as text, "" when there are no diagnostics. Pure. */
export function diagnosticSummary(diagnostics: readonly Diagnostic[], opts: DiagnosticSummaryOptions = {}): string {
  if (diagnostics.length === 0) return "";
  const m = notebookMessages[opts.lang ?? "zh"];
  const maxKinds = Math.max(1, opts.maxKinds ?? 8);
  const groups = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const key = `${d.severity}\u0000${d.code}`;
    const list = groups.get(key);
    if (list) list.push(d);
    else groups.set(key, [d]);
  }
  const ordered = [...groups.values()].sort((a, b) => (a[0].severity === b[0].severity ? b.length - a.length : a[0].severity === "error" ? -1 : 1));
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const lines = [m.diagnosticsHeader(diagnostics.length, errors, diagnostics.length - errors)];
  for (const list of ordered.slice(0, maxKinds)) {
    const d = list[0];
    const example = `${where(d, opts.baseDir)}: ${d.message}`;
    lines.push(`  ${m.severity[d.severity]} [${d.code}] ${list.length > 1 ? `${m.diagnosticRepeat(list.length)} ` : ""}${example}`);
  }
  const rest = ordered.slice(maxKinds);
  if (rest.length > 0) lines.push(`  ${m.diagnosticsMoreKinds(rest.length, rest.reduce((n, l) => n + l.length, 0))}`);
  return lines.join("\n");
}
