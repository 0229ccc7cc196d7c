/**
 * The `perf-kvm-stat-text` entry of the format table (src/formats/index.ts):
 * text of `perf kvm stat report` (any perf from 3.7 to 7.x, `--stdio`, pipe)
 * and `perf kvm stat live` logs, as saved from a terminal, a log or a mail.
 *
 * Besides the FormatHandler members it can stream: `parseStreaming` hands
 * out each table as soon as it is read, so `vmexit parse` prints a 200 MB
 * live log table by table without keeping it (see ItemStreamingHandler).
 */
import type { CsvTable, FormatHandler, ParseContext, ParsedFileBase } from "../formats/types";
import type { KvmStatTable, PerfKvmStatTextResult } from "../model/kvm-stat";
import { readPerfKvmStatText } from "./read";
import { perfKvmStatTextToCsv, perfTextTableToCsv, renderPerfKvmStatText, renderPerfTextTable } from "./render";
import { sniffPerfKvmStatText } from "./sniff";
import { createTextSelector } from "./select";

/**
 * Optional capability of a FormatHandler whose result is mostly one array of
 * items (tables): parse while handing the items out one by one, and print
 * one item at a time. The CLI uses it, when present, to keep memory bounded.
 */
export interface ItemStreamingHandler<R extends ParsedFileBase, I> extends FormatHandler<R> {
  /** The array field of the result that is streamed; it is empty in the result of parseStreaming. */
  streamedField: string;
  /**
   * Like parse, but each item goes to `onItem` (1-based index) as soon as it is
   * complete. If `onItem` returns a promise, reading pauses until it settles (backpressure).
   */
  parseStreaming(path: string, ctx: ParseContext, onItem: (item: I, index: number) => void | Promise<void>): Promise<R>;
  /** The text of one item, as renderText prints it (items after the first start with their separator). */
  renderItemText(item: I, index: number): string;
  /** The CSV rows of one item, with the same header as toCsv. */
  itemToCsv(item: I, index: number): CsvTable;
}

export function isItemStreamingHandler(h: FormatHandler<any>): h is ItemStreamingHandler<ParsedFileBase, unknown> {
  return typeof (h as Partial<ItemStreamingHandler<ParsedFileBase, unknown>>).parseStreaming === "function";
}

export const perfKvmStatTextHandler: ItemStreamingHandler<PerfKvmStatTextResult, KvmStatTable> = {
  id: "perf-kvm-stat-text",
  description: "text of perf kvm stat report / live (perf 3.7 to 7.x, --stdio, live logs, copies)",
  sniff: sniffPerfKvmStatText,
  // --event, --vcpu and -k pick tables and order rows (select.ts).
  parse: async (path, ctx) => {
    const sel = createTextSelector(ctx.options);
    const r = await readPerfKvmStatText(path, ctx);
    if (!sel.active) return r;
    const tables: KvmStatTable[] = [];
    for (const t of r.tables) {
      const p = sel.pick(t);
      if (p) tables.push(p);
    }
    return { ...r, tables, diagnostics: [...r.diagnostics, ...sel.diagnostics().map((d) => ({ ...d, file: path }))] };
  },
  renderText: renderPerfKvmStatText,
  toCsv: perfKvmStatTextToCsv,
  streamedField: "tables",
  parseStreaming: async (path, ctx, onItem) => {
    const sel = createTextSelector(ctx.options);
    let i = 0;
    const r = await readPerfKvmStatText(path, ctx, (t) => {
      const p = sel.pick(t);
      return p ? onItem(p, ++i) : undefined;
    });
    return sel.active ? { ...r, diagnostics: [...r.diagnostics, ...sel.diagnostics().map((d) => ({ ...d, file: path }))] } : r;
  },
  renderItemText: renderPerfTextTable,
  itemToCsv: perfTextTableToCsv,
};
