/**
 * Input formats. Every reader is one entry in the table of `FormatHandler`s
 * (src/formats/index.ts): it recognises its format from the content (never the
 * file name), parses a file into plain JSON-able data, and says how to print
 * it as a readable table and as CSV rows.
 */
import type * as fsPromises from "node:fs/promises";
import type { createReadStream } from "node:fs";
import type { Diagnostic } from "../model/diagnostic";

export const FORMAT_IDS = ["perf-kvm-stat-text", "perf-data", "cyclictest"] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/** The file system as the readers see it; tests may pass a fake. */
export interface ReaderFs {
  open: typeof fsPromises.open;
  readFile: typeof fsPromises.readFile;
  stat: typeof fsPromises.stat;
  createReadStream: typeof createReadStream;
}

/** Progress for long reads (a progress bar on a terminal, nothing otherwise). */
export interface ProgressReporter {
  start(totalBytes: number): void;
  update(doneBytes: number): void;
  stop(): void;
}

export interface ParseOptions {
  /** `--vcpu N` as in perf: only this vCPU. */
  vcpu?: number;
  /** `--event E` as in perf (vmexit, ioport, mmio, msr). */
  event?: string;
  /** `-k KEY` as in perf: sort key (sample, time, max_t, min_t, mean_t, event). */
  sortKey?: string;
  progress?: ProgressReporter;
  /**
   * The command line that produced the file, when known from elsewhere (an
   * experiment manifest). Formats that print without saying their unit
   * (cyclictest -N) use it to decide.
   */
  commandLine?: string;
}

export interface ParseContext {
  fs: ReaderFs;
  options: ParseOptions;
}

/** What every parse result has in common. Format-specific fields are added by each format. */
export interface ParsedFileBase {
  schemaVersion: 1;
  file: string;
  format: FormatId;
  diagnostics: Diagnostic[];
}

export interface CsvTable {
  header: string[];
  rows: (string | number | null)[][];
}

export interface FormatHandler<R extends ParsedFileBase = ParsedFileBase> {
  id: FormatId;
  /** One line for `vmexit parse --help`. */
  description: string;
  /**
   * How sure this handler is that `head` (the first bytes of the file, up to
   * 64 KiB) is its format: 0 = not at all, 1 = certain. The best score wins.
   */
  sniff(head: Uint8Array): number;
  parse(path: string, ctx: ParseContext): Promise<R>;
  /** A readable table for a terminal. */
  renderText(result: R): string;
  /** One CSV row per table row, with the columns that locate it. */
  toCsv(result: R): CsvTable;
}
