import { test } from "node:test";
import assert from "node:assert/strict";
import { chartDataFromExperiment } from "../../src/charts";
import type { Experiment, LoadedRun } from "../../src/experiment/types";
import type { KvmStatRow, KvmStatTable } from "../../src/model/kvm-stat";
import type { CyclictestResult } from "../../src/cyclictest/types";

const row = (name: string, samples: number, extra: Partial<KvmStatRow> = {}): KvmStatRow => ({
  name, exitCode: null, samples, samplesPct: null, timePct: null, minUs: null, maxUs: null, avgUs: null, stddevPct: null, ...extra,
});
const table = (rows: KvmStatRow[], extra: Partial<KvmStatTable> = {}): KvmStatTable => ({
  event: "vmexit", mode: "report", timestamp: null, scope: { vcpu: null, pids: null }, rows, totalSamples: null, totalTimeUs: null, lostEvents: null, ...extra,
});
const spec = (id: string) => ({ id, labelZh: `运行${id}`, labelEn: `Run ${id}`, factors: {}, files: [] });
const cyc = (file: string, maxUs: number | null, hist: boolean): CyclictestResult => ({
  schemaVersion: 1, file, format: "cyclictest", unit: "us", diagnostics: [],
  threads: maxUs === null ? [] : [{ thread: 0, tid: 1, priority: 99, intervalUs: 10000, cycles: 100, minUs: 3, actUs: 4, avgUs: 5, maxUs }],
  histogram: hist ? { bucketUs: 1, threads: [{ thread: 0, buckets: [[3, 10], [4, 90]], overflows: 0, minUs: 3, avgUs: 4, maxUs: 4 }] } : null,
});

function experiment(runs: LoadedRun[]): Experiment {
  return { dir: "/x", inferred: false, diagnostics: [], runs, manifest: { schemaVersion: 1, id: "x", titleZh: "x", titleEn: "x", factors: [], runs: runs.map((r) => r.spec) } };
}

const textRun: LoadedRun = {
  spec: spec("text"),
  kvmStat: { "text/vmexit.txt": { schemaVersion: 1, file: "vmexit.txt", format: "perf-kvm-stat-text", diagnostics: [], tables: [table([row("HLT", 10), row("MSR_WRITE", 30)]), table([row("0x70:POUT", 5)], { event: "ioport" })] } },
  cyclictest: { "text/run.txt": cyc("run.txt", 42, false), "text/hist.txt": cyc("hist.txt", null, true) },
};

const perfData = {
  schemaVersion: 1 as const, file: "perf.data.guest", format: "perf-data" as const, diagnostics: [],
  tables: [table([row("HLT", 2, { p50Us: 900, p99Us: 990, histogram: { binsPerDecade: 1, edgesNs: [100000, 1000000, 10000000], counts: [1, 1], zeroCount: 0 } } as Partial<KvmStatRow>)])],
  vcpuMatrix: { event: "vmexit", names: ["HLT", "MSR_WRITE"], vcpus: [{ vcpu: 0, samples: [2, 0], timeNs: [2000000, 0], totalSamples: 2, totalTimeNs: 2000000 }] },
  rate: { counts: [10, 20], bucketNs: 10000000, startNs: 0 },
};
const perfRun: LoadedRun = { spec: spec("pd"), kvmStat: { "pd/perf.data.guest": perfData }, cyclictest: {} };

const liveRun: LoadedRun = {
  spec: spec("live"),
  kvmStat: {
    "live/live.txt": {
      schemaVersion: 1, file: "live.txt", format: "perf-kvm-stat-text", diagnostics: [],
      tables: [table([row("HLT", 100)], { mode: "live", timestamp: "10:00:00.000000", totalSamples: 100 }), table([row("HLT", 200)], { mode: "live", timestamp: "10:00:02.000000", totalSamples: 200 })],
    },
  },
  cyclictest: {},
};

test("chartDataFromExperiment takes each run's report table of the event, text before perf.data", () => {
  const d = chartDataFromExperiment(experiment([textRun, perfRun, liveRun]));
  assert.deepEqual(d.exits!.map((e) => [e.run.id, e.rows.map((r) => r.name)]), [["text", ["HLT", "MSR_WRITE"]], ["pd", ["HLT"]]]);
  const io = chartDataFromExperiment(experiment([textRun]), { event: "ioport" });
  assert.deepEqual(io.exits![0].rows.map((r) => r.name), ["0x70:POUT"]);
});

test("chartDataFromExperiment reads perf.data's vCPU matrix, histograms and rate series", () => {
  const d = chartDataFromExperiment(experiment([textRun, perfRun]));
  assert.deepEqual(d.vcpu, [{ run: { id: "pd", labelZh: "运行pd", labelEn: "Run pd" }, cells: [{ vcpu: 0, reason: "HLT", samples: 2, totalUs: 2000 }] }]);
  assert.deepEqual(d.latency![0].bins, [{ loUs: 100, hiUs: 1000, count: 1 }, { loUs: 1000, hiUs: 10000, count: 1 }]);
  assert.equal(d.latency![0].p99Us, 990);
  assert.deepEqual(d.rate![0].points, [{ tS: 0.01, exitsPerS: 1000 }, { tS: 0.02, exitsPerS: 2000 }]);
  assert.equal(d.rateSource, "perf-data");
});

test("chartDataFromExperiment falls back to live screens for the rate when a run has no perf.data", () => {
  const d = chartDataFromExperiment(experiment([liveRun]));
  assert.deepEqual(d.rate![0].points, [{ tS: 2, exitsPerS: 100 }]);
  assert.equal(d.rateSource, "live");
  assert.deepEqual(d.exits, []);
});

test("chartDataFromExperiment merges a run's cyclictest files: summary threads from one, histogram from the other", () => {
  const d = chartDataFromExperiment(experiment([textRun, perfRun]));
  assert.equal(d.cyclictest!.length, 1);
  assert.equal(d.cyclictest![0].result.threads[0].maxUs, 42);
  assert.equal(d.cyclictest![0].result.histogram!.threads[0].buckets.length, 2);
});

test("chartDataFromExperiment with runIds keeps those runs in that order, and throws on an unknown id", () => {
  const d = chartDataFromExperiment(experiment([textRun, perfRun]), { runIds: ["pd", "text"] });
  assert.deepEqual(d.exits!.map((e) => e.run.id), ["pd", "text"]);
  assert.throws(() => chartDataFromExperiment(experiment([textRun]), { runIds: ["nope"] }), /unknown run id: nope/);
});
