/** Shared helpers for the perf.data tests. */
import * as fsp from "node:fs/promises";
import { join } from "node:path";
import { readPerfData, type PerfDataOptions } from "../../src/perf-data/read";
import type { PerfDataResult } from "../../src/perf-data/types";

export const FIXTURES = join(__dirname, "..", "fixtures", "perf-data");
export const fixture = (name: string) => join(FIXTURES, name);
export const DATA_FILES = ["vmx-small", "vmx-multivcpu", "svm-small", "vmx-io", "vmx-oldfmt", "vmx-edge"] as const;

export function read(path: string, opts: PerfDataOptions = {}): Promise<PerfDataResult> {
  return readPerfData(path, fsp, opts);
}

/** perf's stderr without the interleaved `unknown kvm exit code` lines and the leading `$ command` line. */
export function cleanPerfOutput(text: string): string {
  return text
    .replace(/^Warning:\nProcessed \d+ events and lost \d+ chunks!\n\nCheck IO\/CPU overload!\n\n/m, "")
    .split("\n")
    .filter((l) => !l.startsWith("$ ") && !l.startsWith("unknown kvm exit code:"))
    .join("\n");
}

/** Options of a `perf kvm -i F stat report ...` command line. */
export function optionsOfCommand(cmd: string): PerfDataOptions {
  const ev = /--event[= ](\w+)/.exec(cmd);
  const vcpu = /--vcpu[= ](\d+)/.exec(cmd);
  const key = /-k[= ](\w+)/.exec(cmd);
  return { event: ev ? ev[1] : "vmexit", vcpu: vcpu ? Number(vcpu[1]) : null, sortKey: key ? key[1] : "sample" };
}

/** Parses perf's printed table into rows of strings (name + the numeric columns). */
export function perfRows(text: string): { rows: string[][]; total: string | null } {
  const rows: string[][] = [];
  let total: string | null = null;
  for (const line of text.split("\n")) {
    const m = /^\s*(\S+)\s+(\d+)\s+([\d.]+)%\s+([\d.na-]+)%\s+([\d.]+)us\s+([\d.]+)us\s+([\d.]+)us \( \+-\s*([\d.]+)% \)$/.exec(line);
    if (m) rows.push(m.slice(1));
    const t = /^Total Samples:(\d+), Total events handled time:([\d.]+)us\.$/.exec(line);
    if (t) total = `${t[1]} ${t[2]}`;
  }
  return { rows, total };
}
