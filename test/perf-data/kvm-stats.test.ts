/** The statistics helpers: perf's printf rounding, numpy's percentiles, log histograms. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cFixed, durationDistribution, logHistogram, percentileLinear, percentilesLinear, PerfStats } from "../../src/perf-data/kvm/stats";
import { rng } from "./mutate";
import { needTool } from "../helpers/tools";

test("cFixed(1.125) is 1.12 and cFixed(1.375) is 1.38 (ties to even)", () => {
  assert.equal(cFixed(1.125), "1.12");
  assert.equal(cFixed(1.375), "1.38");
  assert.equal(cFixed(12.5, 0), "12");
});

test("cFixed(x) rounds exact ties to even, as C printf %.2f does", (t) => {
  const py = needTool(t, "python3", "apt-get install python3");
  if (!py) return;
  // Python's % formatting is C's printf on the same double.
  const xs = [1.125, 1.375, 1.625, 1.875, 0.005, 2.675, 0.125, 12.5, 3.14159, 0, 97.535, 1e-9, 2.5 / 1000, 30315.858];
  const c = execFileSync(py, ["-c", `for x in [${xs.map((x) => x.toPrecision(17)).join(",")}]: print('%.2f' % x)`], { encoding: "utf8" }).trim().split("\n");
  assert.deepEqual(xs.map((x) => cFixed(x)), c);
});

test("percentilesLinear(values, qs) equals percentileLinear on the sorted copy (numpy linear)", () => {
  const r = rng(7);
  for (const n of [1, 2, 3, 10, 101, 1000, 4097]) {
    const v = Float64Array.from({ length: n }, () => Math.floor(r() * 1e6) / (r() < 0.3 ? 1 : 7));
    const sorted = Float64Array.from(v).sort();
    const qs = [50, 90, 99, 99.9];
    const got = percentilesLinear(Float64Array.from(v), qs);
    qs.forEach((q, i) => assert.equal(got[i], percentileLinear(sorted, q), `n=${n} q=${q}`));
  }
  assert.deepEqual(percentilesLinear(new Float64Array(0), [50]), [null]);
});

test("percentileLinear([1,2,3,4], 50) is 2.5 and p90 of 1..10 is 9.1 (numpy)", () => {
  assert.equal(percentileLinear(Float64Array.from([1, 2, 3, 4]), 50), 2.5);
  assert.equal(percentileLinear(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 90), 9.1);
});

test("logHistogram puts every value in [edge_k, edge_k+1) with 10 bins per decade", () => {
  const v = Float64Array.from([0, 1, 9.99, 10, 100, 999, 1000, 1001, 12345]);
  const h = logHistogram(v, 10);
  assert.equal(h.zeroCount, 1);
  assert.equal(h.counts.reduce((a, b) => a + b, 0), 8);
  for (const x of v) {
    if (x === 0) continue;
    const i = h.edgesNs.filter((e) => e <= x).length - 1;
    assert.ok(i >= 0 && h.counts[i] > 0, `value ${x} in bin ${i}`);
  }
  assert.equal(h.edgesNs[0], 1);
  assert.equal(h.edgesNs[10], 10);
});

test("PerfStats: perf's relative standard error of the mean", () => {
  const s = new PerfStats();
  for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) s.update(x);
  // mean 5, sample variance 32/7, sqrt(var/n) / mean * 100
  assert.ok(Math.abs(s.relStddevPct() - (100 * Math.sqrt(32 / 7 / 8)) / 5) < 1e-12);
  assert.equal(s.min, 2);
  assert.equal(s.max, 9);
  assert.equal(s.timeNs, 40);
});

test("durationDistribution gives exactly logHistogram and percentilesLinear (integers, zeros, > 2^31, fractions)", () => {
  const r = rng(11);
  const qs = [50, 90, 99, 99.9];
  const shapes: Array<[string, () => number]> = [
    ["short exits", () => 300 + Math.floor(r() * 5000)],
    ["wide log-uniform", () => Math.floor(Math.pow(10, r() * 9))],
    ["with zeros", () => (r() < 0.2 ? 0 : Math.floor(r() * 70_000))],
    ["beyond 2^31 ns", () => (r() < 0.5 ? 2 ** 31 + Math.floor(r() * 1e10) : Math.floor(r() * 1e5))],
    ["one value", () => 1234],
    ["fractions (reference path)", () => r() * 10],
  ];
  for (const [name, gen] of shapes) {
    for (const n of [1, 2, 7, 1000, 20_011]) {
      const v = Float64Array.from({ length: n }, gen);
      const before = Float64Array.from(v);
      for (const bpd of [10, 5]) {
        const got = durationDistribution(v, bpd, qs);
        assert.deepEqual(got.histogram, logHistogram(Float64Array.from(v), bpd), `${name} n=${n} bpd=${bpd}: histogram`);
        assert.deepEqual(got.percentiles, percentilesLinear(Float64Array.from(v), qs), `${name} n=${n} bpd=${bpd}: percentiles`);
      }
      assert.deepEqual(v, before, `${name}: the values are left as they were`);
    }
  }
  assert.deepEqual(durationDistribution(new Float64Array(0), 10, [50]).percentiles, [null]);
});
