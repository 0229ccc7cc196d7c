/**
 * Writes perf kvm stat text exactly as perf's printf format strings do
 * (FORMAT.md §2.2–2.5), from per-key counts and durations, so tests (and the
 * benchmark) can build inputs for every layout without copying samples.
 * The numbers are computed the way perf computes them (§4), so a synthetic
 * table is self-consistent unless a test edits it.
 */
import { seededRandom } from "../../src/perf-data/writer/random";

export interface SynthKey {
  name: string;
  /** Interval durations in ns (count = length), or a summary. */
  count: number;
  totalNs: number;
  minNs: number;
  maxNs: number;
  /** Relative standard error of the mean, percent. */
  stddevPct: number;
}

export interface SynthTable {
  /** `3.7` (no Min/Max, `Analyze events for all VCPUs:`), `3.12` (width 20), `6.4` (width 40). */
  layout: "3.7" | "3.12" | "6.4";
  /** Column-0 label: VM-EXIT, MMIO Access, IO Port Access, MSR Access, HCALL-EVENT. */
  label?: string;
  keys: SynthKey[];
  vcpu?: number;
  /** `-p` text as typed, e.g. "1347712" or "123,456". */
  pids?: string;
  /** Live screen timestamp `HH:MM:SS.uuuuuu`. */
  timestamp?: string;
  lostEvents?: number;
  /** Keep perf's trailing space after `Avg time`. */
  trailingSpace?: boolean;
  footer?: boolean;
  /** Lines printed (stderr) just before a key's row, e.g. `unknown kvm exit code:77 on VMX`. */
  before?: Record<string, string>;
}

const f2 = (x: number) => x.toFixed(2);

/** `%*s` */
const right = (s: string, w: number) => (s.length >= w ? s : " ".repeat(w - s.length) + s);

export function widthOf(layout: SynthTable["layout"]): number {
  return layout === "6.4" ? 40 : 20;
}

export function headerLine(t: Pick<SynthTable, "layout" | "label" | "trailingSpace">): string {
  const W = widthOf(t.layout);
  const label = t.label ?? "VM-EXIT";
  let s = `${right(label, W)} ${right("Samples", 10)} ${right("Samples%", 9)} ${right("Time%", 9)} `;
  if (t.layout !== "3.7") s += `${right("Min Time", 11)} ${right("Max Time", 11)} `;
  s += `${right("Avg time", 16)} `;
  return t.trailingSpace === false ? s.trimEnd() : s;
}

export function rowLine(t: Pick<SynthTable, "layout">, k: SynthKey, totalCount: number, totalNs: number): string {
  const W = widthOf(t.layout);
  // scnprintf(decode, W, ...) keeps W-1 characters.
  const name = k.name.slice(0, W - 1);
  let s = `${right(name, W)} ${right(String(k.count), 10)} `;
  s += `${right(f2((k.count / totalCount) * 100), 8)}% `;
  s += `${right(f2(totalNs ? (k.totalNs / totalNs) * 100 : 0), 8)}% `;
  if (t.layout !== "3.7") s += `${right(f2(k.minNs / 1000), 9)}us ${right(f2(k.maxNs / 1000), 9)}us `;
  s += `${right(f2(k.totalNs / k.count / 1000), 9)}us ( +-${right(f2(k.stddevPct), 7)}% )`;
  return s;
}

export function analyzeLine(t: Pick<SynthTable, "layout" | "vcpu" | "pids">): string {
  const vcpus = t.vcpu === undefined ? "all VCPUs:" : `VCPU ${t.vcpu}:`;
  if (t.layout === "3.7") return `Analyze events for ${vcpus}`;
  const target = t.pids !== undefined ? `pid(s) ${t.pids}, ` : "all VMs, ";
  return `Analyze events for ${target}${vcpus}`;
}

/** The full text perf prints for one table (report), or one live screen when `timestamp` is set. */
export function synthTable(t: SynthTable): string {
  const totalCount = t.keys.reduce((s, k) => s + k.count, 0);
  const totalNs = t.keys.reduce((s, k) => s + k.totalNs, 0);
  let out = t.timestamp ? t.timestamp : "";
  out += "\n\n";
  out += analyzeLine(t) + "\n\n";
  out += headerLine(t) + "\n\n";
  for (const k of t.keys) {
    if (t.before && t.before[k.name] !== undefined) out += t.before[k.name] + "\n";
    out += rowLine(t, k, totalCount, totalNs) + "\n";
  }
  if (t.footer !== false) {
    out += `\nTotal Samples:${totalCount}, Total events handled time:${f2(totalNs / 1000)}us.\n\n`;
    if (t.lostEvents) out += `\nLost events: ${t.lostEvents}\n\n`;
  }
  return out;
}

/** A key whose durations are all `avgNs` apart from one `maxNs` and one `minNs`. */
export function key(name: string, count: number, avgNs: number, stddevPct = 1.5): SynthKey {
  const minNs = Math.max(1, Math.round(avgNs * 0.5));
  const maxNs = Math.round(avgNs * 3);
  return { name, count, totalNs: count * avgNs, minNs: count === 1 ? avgNs : minNs, maxNs: count === 1 ? avgNs : maxNs, stddevPct: count === 1 ? 0 : stddevPct };
}

/** Deterministic PRNG (mulberry32), shared with the perf.data writer. */
export const prng = seededRandom;

export const CONSOLE_CLEAR = "\x1b[H\x1b[2J";

/** `HH:MM:SS.uuuuuu` for second `s` of the day plus `us` microseconds. */
export function clock(s: number, us: number): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(Math.floor(s / 3600) % 24)}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}.${p(us, 6)}`;
}
