import { test } from "node:test";
import assert from "node:assert/strict";
import { summarizeRun, summarizeTable, topReasons } from "../../src/analysis/summary";
import { sumTables } from "../../src/analysis/select";
import { run, table } from "./build";

const close = (a: number | null, e: number, tol = 1e-9) => assert.ok(a !== null && Math.abs(a - e) <= tol, `${a} ≉ ${e}`);

const T = () =>
  table([
    ["MSR_WRITE", 600, 2, 1],
    ["HLT", 300, 1000, 2],
    ["EXTERNAL_INTERRUPT", 100, 4, 5],
  ]);

test("summarizeTable: share = samples / total, time = avg · samples, SEM = avg · ±% / 100", () => {
  const s = summarizeTable(T());
  assert.equal(s.totalSamples, 1000);
  const msr = s.reasons.find((r) => r.reason === "MSR_WRITE")!;
  close(msr.sharePct, 60);
  close(msr.timeUs, 1200);
  close(msr.semUs, 0.02);
  assert.equal(msr.exitsPerS, null);
  assert.deepEqual(s.notes, ["no-duration"]);
});

test("summarizeTable: handling overhead leaves HLT out", () => {
  const s = summarizeTable(T());
  assert.equal(s.overhead.samples, 700);
  close(s.overhead.timeUs, 600 * 2 + 100 * 4);
  close(s.overhead.avgUs, 1600 / 700);
  assert.equal(s.reasons.find((r) => r.reason === "HLT")!.idle, true);
});

test("summarizeTable with a duration gives exits per second, and per cyclictest period with -i", () => {
  const s = summarizeTable(T(), { durationS: 10, periodUs: 10000 });
  close(s.exitsPerS, 100);
  close(s.reasons[0].exitsPerS, 60);
  // 100 exits/s · 0.01 s per period = 1 exit per period
  close(s.exitsPerPeriod, 1);
  close(s.reasons.find((r) => r.reason === "EXTERNAL_INTERRUPT")!.exitsPerPeriod, 0.1);
  // 1600 µs of handling in 10 s = 0.016 %
  close(s.overhead.pctOfDuration, 0.016);
  assert.deepEqual(s.notes, []);
});

test("summarizeTable flags reasons with fewer samples than the threshold", () => {
  const s = summarizeTable(T(), { thresholds: { fewSamples: 200 } });
  assert.deepEqual(s.reasons.filter((r) => r.fewSamples).map((r) => r.reason), ["EXTERNAL_INTERRUPT"]);
});

test("summarizeRun takes the duration from the manifest, else from perf.data's sample span", () => {
  const a = summarizeRun(run("a", {}, T(), { durationS: 20 }));
  close(a.exitsPerS, 50);
  assert.equal(a.durationSource, "manifest");
  const r = run("b", {}, table([["HLT", 400, 10, 1]], { durationNs: 4e9 }));
  const b = summarizeRun(r);
  close(b.exitsPerS, 100);
  assert.equal(b.durationSource, "perf-data");
});

test("summarizeRun of a run without perf data says so", () => {
  const s = summarizeRun(run("x", {}, null, { latency: [50, 5] }));
  assert.equal(s.source, null);
  assert.ok(s.notes.includes("no-kvm-stat"));
  assert.equal(s.latency!.maxUs, 50);
});

test("topReasons(summary, 2) keeps the two with most samples; by avgUs sorts by average", () => {
  const s = summarizeTable(T());
  assert.deepEqual(topReasons(s, 2).map((r) => r.reason), ["MSR_WRITE", "HLT"]);
  assert.deepEqual(topReasons(s, 1, "avgUs").map((r) => r.reason), ["HLT"]);
});

test("sumTables adds live screens: samples add, the average is recomputed, ± becomes null", () => {
  const a = table([["HLT", 10, 5, 1], ["MSR_WRITE", 30, 1, 1]]);
  const b = table([["HLT", 30, 1, 1]]);
  const t = sumTables([a, b]);
  const hlt = t.rows.find((r) => r.name === "HLT")!;
  assert.equal(hlt.samples, 40);
  close(hlt.avgUs, (10 * 5 + 30 * 1) / 40);
  assert.equal(hlt.stddevPct, null);
  assert.equal(t.totalSamples, 70);
});
