/** Constructed perf kvm stat tables and runs for the analysis tests. */
import type { KvmStatRow, KvmStatTable } from "../../src/model/kvm-stat";
import type { LoadedRun, Manifest, RunSpec } from "../../src/experiment/types";
import type { CyclictestResult } from "../../src/cyclictest/types";

/** [name, samples, avgUs, ±%] rows; shares computed from the counts as perf does. */
export function table(rows: [string, number, number, number][], opts: { durationNs?: number } = {}): KvmStatTable {
  const total = rows.reduce((s, r) => s + r[1], 0);
  const totalTime = rows.reduce((s, r) => s + r[1] * r[2], 0);
  const out: KvmStatRow[] = rows.map(([name, samples, avgUs, sd]) => ({
    name,
    exitCode: null,
    samples,
    samplesPct: Math.round((samples / total) * 10000) / 100,
    timePct: Math.round(((samples * avgUs) / totalTime) * 10000) / 100,
    minUs: avgUs / 2,
    maxUs: avgUs * 3,
    avgUs,
    stddevPct: sd,
  }));
  return { event: "vmexit", mode: "report", timestamp: null, scope: { vcpu: null, pids: null }, rows: out, totalSamples: total, totalTimeUs: totalTime, lostEvents: null, ...(opts.durationNs ? { durationNs: opts.durationNs } : {}) };
}

export function cyclictest(file: string, maxUs: number, avgUs: number, intervalUs = 10000, cycles = 1000): CyclictestResult {
  return {
    schemaVersion: 1,
    file,
    format: "cyclictest",
    threads: [{ thread: 0, tid: 1234, priority: 99, intervalUs, cycles, minUs: 1, actUs: 2, avgUs, maxUs }],
    histogram: null,
    unit: "us",
    diagnostics: [],
  };
}

export function run(id: string, factors: Record<string, string>, t: KvmStatTable | null, opts: { durationS?: number; latency?: [number, number] } = {}): LoadedRun {
  const spec: RunSpec = { id, labelZh: id.toUpperCase(), labelEn: id.toUpperCase(), factors, files: [], durationS: opts.durationS ?? null };
  const r: LoadedRun = { spec, kvmStat: {}, cyclictest: {} };
  if (t) {
    spec.files.push({ path: `${id}/report.txt`, kind: "perf-kvm-stat-text", event: "vmexit" });
    r.kvmStat[`${id}/report.txt`] = { schemaVersion: 1, file: `${id}/report.txt`, format: "perf-kvm-stat-text", tables: [t], diagnostics: [] };
  }
  if (opts.latency) {
    spec.files.push({ path: `${id}/cyclictest.txt`, kind: "cyclictest", role: "run" });
    r.cyclictest[`${id}/cyclictest.txt`] = cyclictest(`${id}/cyclictest.txt`, opts.latency[0], opts.latency[1]);
  }
  return r;
}

/** The seed's four configurations: host GP; guest GP/RT; pinning raw/bind. */
export function seedManifest(runs: LoadedRun[]): Manifest {
  return {
    schemaVersion: 1,
    id: "seed",
    titleZh: "seed",
    titleEn: "seed",
    factors: [
      { id: "guestKernel", labelZh: "客户机内核", labelEn: "guest kernel", levels: [{ id: "gp", labelZh: "GP", labelEn: "GP" }, { id: "rt", labelZh: "RT", labelEn: "RT" }] },
      { id: "pinning", labelZh: "CPU绑定", labelEn: "CPU pinning", levels: [{ id: "raw", labelZh: "未绑定CPU", labelEn: "not pinned" }, { id: "bind", labelZh: "绑定CPU", labelEn: "pinned" }] },
    ],
    runs: runs.map((r) => r.spec),
  };
}
