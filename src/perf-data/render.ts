/**
 * Text and CSV for a perf.data result. The table is printed exactly as perf
 * 6.1 prints it (builtin-kvm.c print_result: 20-column names, µs, `%.2f`),
 * followed by the distribution table perf does not have.
 */
import type { CsvTable } from "../formats/types";
import { cFixed } from "./kvm/stats";
import type { PerfDataResult, PerfDataTable } from "./types";
import { X86_OPS, type KvmReportEvent } from "./kvm/ops";

const pad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);

/** The report as perf 6.1 prints it on stderr (without its `unknown kvm exit code` lines). */
export function renderPerfTable(t: PerfDataTable): string {
  const title = X86_OPS[t.event as KvmReportEvent]?.title ?? "VM-EXIT";
  let out = "\n\n";
  out += `Analyze events for all VMs, ${t.scope.vcpu === null ? "all VCPUs" : `VCPU ${t.scope.vcpu}`}:\n\n`;
  out += `${pad(title, 20)} ${pad("Samples", 10)} ${pad("Samples%", 9)} ${pad("Time%", 9)} ${pad("Min Time", 11)} ${pad("Max Time", 11)} ${pad("Avg time", 16)} \n\n`;
  const totalN = t.totalSamples ?? 0;
  const totalT = t.rows.reduce((a, r) => a + r.timeNs, 0);
  for (const r of t.rows) {
    out += `${pad(r.name, 20)} `;
    out += `${pad(String(r.samples), 10)} `;
    out += `${pad(cFixed((r.samples / totalN) * 100), 8)}% `;
    out += `${pad(cFixed((r.timeNs / totalT) * 100), 8)}% `;
    out += `${pad(cFixed(t.scope.vcpu === null ? r.minNs / 1000 : 0), 9)}us `;
    out += `${pad(cFixed(r.maxNs / 1000), 9)}us `;
    out += `${pad(cFixed(r.timeNs / r.samples / 1000), 9)}us ( +-${pad(cFixed(r.stddevPct ?? 0), 7)}% )`;
    out += "\n";
  }
  out += `\nTotal Samples:${totalN}, Total events handled time:${cFixed(totalT / 1000)}us.\n\n`;
  return out;
}

const f3 = (x: number | null) => (x === null ? "-" : cFixed(x, 2));

/** perf's table, then percentiles per row, then the recording summary. */
export function renderPerfDataText(res: PerfDataResult): string {
  const parts: string[] = [];
  for (const t of res.tables) {
    parts.push(renderPerfTable(t));
    parts.push(`Duration distribution (${t.measures}), µs:\n\n`);
    parts.push(`${pad("", 20)} ${pad("Samples", 10)} ${pad("p50", 11)} ${pad("p90", 11)} ${pad("p99", 11)} ${pad("p99.9", 11)} ${pad("Max", 11)}\n`);
    for (const r of t.rows) {
      parts.push(`${pad(r.name, 20)} ${pad(String(r.samples), 10)} ${pad(f3(r.p50Us), 11)} ${pad(f3(r.p90Us), 11)} ${pad(f3(r.p99Us), 11)} ${pad(f3(r.p999Us), 11)} ${pad(f3(r.maxNs / 1000), 11)}\n`);
    }
    parts.push("\n");
  }
  if (res.halt) {
    const h = res.halt;
    parts.push(
      `Guest idle (${h.haltNames.join(", ") || "HLT"}): ${h.haltSamples} exits, ${cFixed(h.haltTimeNs / 1000)}us (${h.haltTimePct === null ? "-" : cFixed(h.haltTimePct)}% of the time); ` +
        `exit handling: ${h.handlingSamples} exits, ${cFixed(h.handlingTimeNs / 1000)}us, avg ${h.handlingAvgUs === null ? "-" : cFixed(h.handlingAvgUs)}us.\n`,
    );
  }
  const m = res.metadata;
  const dur = res.tables[0]?.durationNs;
  parts.push(
    `Recording: ${m.mode ?? "?"} mode, ${m.byteOrder ?? "?"}-endian, host ${m.hostname ?? "?"}, kernel ${m.osRelease ?? "?"}, perf ${m.perfVersion ?? "?"}, cpuid ${m.cpuid ?? "?"}, ` +
      `${dur === null || dur === undefined ? "no samples" : `${cFixed(dur / 1e6, 3)} ms of samples`}, ${res.vms.length} VM(s), lost events ${res.lost.lostEvents}.\n`,
  );
  return parts.join("");
}

export function perfDataToCsv(res: PerfDataResult): CsvTable {
  const header = ["event", "vcpu", "name", "exitCode", "kernelName", "samples", "samplesPct", "timePct", "minUs", "maxUs", "avgUs", "stddevPct", "p50Us", "p90Us", "p99Us", "p999Us"];
  const rows: (string | number | null)[][] = [];
  for (const t of res.tables) {
    for (const r of t.rows) {
      rows.push([t.event, t.scope.vcpu, r.name, r.exitCode, r.kernelName, r.samples, r.samplesPct, r.timePct, r.minUs, r.maxUs, r.avgUs, r.stddevPct, r.p50Us, r.p90Us, r.p99Us, r.p999Us]);
    }
  }
  return { header, rows };
}
