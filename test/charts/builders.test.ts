import { test } from "node:test";
import assert from "node:assert/strict";
import {
  avgTimeSpec,
  buildChart,
  changeSpec,
  CHART_KINDS,
  cyclictestSummarySpec,
  exitShareSpec,
  heatmapSpec,
  latencyCdfSpec,
  quantileFromBins,
  rateFromLiveScreens,
  rateSpec,
  vcpuMatrixSpec,
  type LatencyDistribution,
  type RunExits,
} from "../../src/charts";
import { exitsFromSummaries } from "../../src/charts/from-experiment";
import { coarsenRate } from "../../src/charts/kinds/rate";
import { chartMessages } from "../../src/messages/charts";
import { readInput } from "./cases";

type Row = Record<string, unknown>;
/** The inline data rows of a spec (top level or first layer with data). */
function rows(spec: object): Row[] {
  const s = spec as { data?: { values?: Row[] }; layer?: { data?: { values?: Row[] } }[] };
  return s.data?.values ?? s.layer?.flatMap((l) => l.data?.values ?? []) ?? [];
}
function title(spec: object): string {
  return ((spec as { title: { text: string } }).title.text);
}

const exits4 = readInput<RunExits[]>("exits-4runs.json");
const exits40 = readInput<RunExits[]>("exits-40reasons-synthetic.json");
const run = (id: string) => ({ id, labelZh: `配置${id}`, labelEn: `Run ${id}` });

test("exitShareSpec(runs, {topN}) keeps the top N reasons and folds the rest into 其他, shares still summing to 100", () => {
  const spec = exitShareSpec(exits40, { topN: 5 });
  const data = rows(spec);
  const reasons = [...new Set(data.map((r) => r.reason))];
  assert.deepEqual(reasons, ["EXIT_REASON_00", "EXIT_REASON_01", "EXIT_REASON_02", "EXIT_REASON_03", "EXIT_REASON_04", "其他"]);
  for (const label of ["合成配置 1", "合成配置 2", "合成配置 3"]) {
    const sum = data.filter((r) => r.run === label).reduce((s, r) => s + (r.value as number), 0);
    assert.ok(Math.abs(sum - 100) < 0.01, `${label}: ${sum}`);
  }
});

test("exitShareSpec writes shares as 4.11% in tooltips and labels", () => {
  const r: RunExits[] = [{ run: run("a"), rows: [{ name: "EXTERNAL_INTERRUPT", samples: 411, samplesPct: 4.11 }, { name: "HLT", samples: 9589, samplesPct: 95.89 }] }];
  const texts = rows(exitShareSpec(r)).map((x) => x.text);
  assert.deepEqual(texts.sort(), ["4.11%", "95.89%"]);
});

test("exitShareSpec derives missing samplesPct from samples", () => {
  const r: RunExits[] = [{ run: run("a"), rows: [{ name: "A", samples: 1 }, { name: "B", samples: 3 }] }];
  assert.deepEqual(rows(exitShareSpec(r)).map((x) => [x.reason, x.value]), [["A", 25], ["B", 75]]);
});

test("exitShareSpec in stacked mode keeps at most 7 reasons plus 其他 (one palette colour each)", () => {
  const spec = exitShareSpec(exits40, { mode: "stacked", topN: 30 });
  assert.equal(new Set(rows(spec).map((r) => r.reason)).size, 8);
});

test("exitShareSpec speaks English with {lang: 'en'}", () => {
  const spec = exitShareSpec(exits40, { lang: "en", topN: 3 });
  assert.equal(title(spec), chartMessages.en.exitShareTitle("grouped"));
  assert.ok(rows(spec).some((r) => r.reason === "Other"));
  assert.ok(rows(spec).some((r) => r.run === "Synthetic 1"));
});

test("avgTimeSpec with excludeHlt leaves HLT out and puts ± error bars at avg · stddevPct / 100", () => {
  const r: RunExits[] = [{ run: run("a"), rows: [{ name: "HLT", samples: 10, timePct: 90, avgUs: 1000, stddevPct: 5 }, { name: "MSR_WRITE", samples: 10, timePct: 10, avgUs: 2, stddevPct: 10 }] }];
  const data = rows(avgTimeSpec(r, { excludeHlt: true }));
  assert.deepEqual(data.map((d) => d.reason), ["MSR_WRITE"]);
  assert.equal(data[0].lowUs, 1.8);
  assert.equal(data[0].highUs, 2.2);
  assert.equal(data[0].text, "2.00 µs");
  assert.equal(rows(avgTimeSpec(r)).length, 2);
});

test("avgTimeSpec with logScale uses a log axis and keeps error bars above zero", () => {
  const r: RunExits[] = [{ run: run("a"), rows: [{ name: "X", samples: 1, timePct: 1, avgUs: 1, stddevPct: 150 }] }];
  const spec = avgTimeSpec(r, { logScale: true });
  assert.match(JSON.stringify(spec), /"type":"log"/);
  assert.ok((rows(spec)[0].lowUs as number) > 0);
});

test("changeSpec sorts reasons by the size of the change and counts a reason missing in one run as 0%", () => {
  const r: RunExits[] = [
    { run: run("a"), rows: [{ name: "EXTERNAL_INTERRUPT", samplesPct: 4.11 }, { name: "PREEMPTION_TIMER", samplesPct: 0.31 }, { name: "GONE", samplesPct: 1 }] },
    { run: run("b"), rows: [{ name: "EXTERNAL_INTERRUPT", samplesPct: 0.35 }, { name: "PREEMPTION_TIMER", samplesPct: 0.72 }] },
  ];
  const spec = changeSpec(r);
  const segs = (spec as { layer: { data: { values: Row[] } }[] }).layer[0].data.values;
  assert.deepEqual(segs.map((s) => s.reason), ["EXTERNAL_INTERRUPT", "GONE", "PREEMPTION_TIMER"]);
  assert.deepEqual(segs.map((s) => s.delta), ["-3.76 个百分点", "-1.00 个百分点", "+0.41 个百分点"]);
  assert.match(title(spec), /配置a → 配置b/);
});

test("changeSpec with an unknown run id throws naming the id", () => {
  assert.throws(() => changeSpec(exits4, { fromRunId: "nope" }), /unknown run id: nope/);
});

test("heatmapSpec has one cell per run and reason present, with the formatted value", () => {
  const data = rows(heatmapSpec(exits4, { topN: 3 }));
  assert.ok(data.length <= 12 && data.length >= 9);
  assert.ok(data.every((d) => /^\d+\.\d\d%$/.test(d.text as string)));
});

test("heatmapSpec with metric avgUs writes µs", () => {
  assert.ok(rows(heatmapSpec(exits4, { metric: "avgUs" })).every((d) => / µs$/.test(d.text as string)));
});

test("vcpuMatrixSpec keeps the top reasons by total over vCPUs", () => {
  const m = readInput<{ run: { id: string; labelZh: string; labelEn: string }; cells: { vcpu: number; reason: string; samples: number }[] }[]>("vcpu-matrix.json")[0];
  const data = rows(vcpuMatrixSpec(m, { topN: 2 }));
  assert.deepEqual([...new Set(data.map((d) => d.reason))].sort(), ["EXTERNAL_INTERRUPT", "HLT"]);
  assert.equal(new Set(data.map((d) => d.vcpu)).size, 8);
});

test("quantileFromBins interpolates inside the bin that crosses the quantile", () => {
  const bins = [{ loUs: 1, hiUs: 2, count: 50 }, { loUs: 2, hiUs: 4, count: 50 }];
  assert.equal(quantileFromBins(bins, 0.5), 2);
  assert.equal(quantileFromBins(bins, 0.75), 3);
  assert.equal(quantileFromBins([], 0.5), null);
});

test("latencyCdfSpec marks p50 and p99 from the input, else from the bins", () => {
  const d: LatencyDistribution[] = [
    { run: run("a"), reason: "MSR_WRITE", bins: [{ loUs: 1, hiUs: 2, count: 50 }, { loUs: 2, hiUs: 4, count: 50 }], p50Us: 1.7, p99Us: null },
  ];
  const data = rows(latencyCdfSpec(d));
  assert.equal(data.find((x) => x.layer === "p50")!.us, 1.7);
  assert.equal(data.find((x) => x.layer === "p99")!.us, 3.96);
  const cdf = data.filter((x) => x.layer === "cdf");
  assert.deepEqual(cdf.map((x) => [x.us, x.cumPct]), [[1, 0], [2, 50], [4, 100]]);
});

test("rateFromLiveScreens divides each screen's exits by the time since the previous screen", () => {
  const screens = [
    { timestamp: "23:59:59.000000", totalSamples: 999, rows: [] },
    { timestamp: "23:59:59.500000", totalSamples: 500, rows: [] },
    { timestamp: "00:00:00.500000", totalSamples: null, rows: [{ name: "HLT", exitCode: null, samples: 300, samplesPct: null, timePct: null, minUs: null, maxUs: null, avgUs: null, stddevPct: null }] },
    { timestamp: null, totalSamples: 7, rows: [] },
  ];
  const s = rateFromLiveScreens(run("a"), screens);
  assert.deepEqual(s.points, [{ tS: 0.5, exitsPerS: 1000 }, { tS: 1.5, exitsPerS: 300 }]);
});

test("coarsenRate merges consecutive windows down to maxPoints, averaging the rate", () => {
  const pts = Array.from({ length: 10 }, (_, i) => ({ tS: (i + 1) * 0.01, exitsPerS: i % 2 ? 200 : 100 }));
  const c = coarsenRate(pts, 5);
  assert.equal(c.length, 5);
  assert.deepEqual(c.map((p) => p.exitsPerS), [150, 150, 150, 150, 150]);
  assert.equal(c[4].tS, 0.1);
});

test("coarsenRate folds a short last group into the one before (no lone noisy point at the end)", () => {
  const pts = Array.from({ length: 21 }, (_, i) => ({ tS: (i + 1) * 0.01, exitsPerS: i === 20 ? 5000 : 100 }));
  const c = coarsenRate(pts, 5); // k = 5: four groups of 5, then 1 left over
  assert.equal(c.length, 4);
  assert.equal(c[3].tS, 0.21);
  assert.equal(c[3].exitsPerS, (5 * 100 + 5000) / 6);
  const even = coarsenRate(Array.from({ length: 23 }, (_, i) => ({ tS: i + 1, exitsPerS: 1 })), 5); // k = 5, last group of 3 stays
  assert.equal(even.length, 5);
});

test("rateSpec says the window length in its subtitle", () => {
  const spec = rateSpec([{ run: run("a"), reason: null, points: Array.from({ length: 500 }, (_, i) => ({ tS: (i + 1) * 0.01, exitsPerS: 1000 })) }]);
  assert.match(JSON.stringify((spec as { title: unknown }).title), /按 50 ms 时间窗/);
  assert.equal(rows(spec).length, 100);
});

test("cyclictestSummarySpec takes min of mins, cycle-weighted avg and max of maxes over threads", () => {
  const t = (minUs: number, avgUs: number, maxUs: number, cycles: number) => ({ thread: 0, tid: null, priority: null, intervalUs: null, cycles, minUs, actUs: null, avgUs, maxUs });
  const data = rows(cyclictestSummarySpec([{ run: run("a"), result: { threads: [t(3, 10, 40, 100), t(2, 20, 30, 300)], histogram: null } }]));
  assert.deepEqual([data[0].minUs, data[0].avgUs, data[0].maxUs], [2, 17.5, 40]);
});

test("every kind returns a 没有可画的数据 chart for empty input instead of throwing", () => {
  for (const kind of CHART_KINDS) {
    const spec = buildChart(kind, {});
    assert.match(JSON.stringify(spec), /没有可画的数据/, kind);
  }
});

test("buildChart with an unknown kind or metric throws naming it", () => {
  assert.throws(() => buildChart("pie" as never, {}), /unknown chart kind: pie/);
  assert.throws(() => buildChart("heatmap", { exits: exits4 }, { metric: "bogus" }), /unknown metric: bogus/);
});

test("exitsFromSummaries maps analysis summaries to exit rows", () => {
  const r = exitsFromSummaries([{ runId: "a", labelZh: "甲", labelEn: "A", reasons: [{ reason: "HLT", samples: 5, sharePct: 50, timeSharePct: 99, avgUs: 100, semPct: 2 }] }]);
  assert.deepEqual(r[0].rows[0], { name: "HLT", samples: 5, samplesPct: 50, timePct: 99, avgUs: 100, stddevPct: 2, minUs: null, maxUs: null });
  assert.equal(r[0].run.labelZh, "甲");
});

test("builders are pure: the same input gives deep-equal specs and the input is not modified", () => {
  const before = JSON.stringify(exits4);
  assert.deepEqual(exitShareSpec(exits4), exitShareSpec(exits4));
  assert.equal(JSON.stringify(exits4), before);
});

test("changeSpec with metric avgUs ranks reasons by ratio on a log axis and can leave HLT out", () => {
  const r: RunExits[] = [
    { run: run("a"), rows: [{ name: "HLT", avgUs: 30000 }, { name: "MSR_WRITE", avgUs: 3 }, { name: "CPUID", avgUs: 1 }] },
    { run: run("b"), rows: [{ name: "HLT", avgUs: 20000 }, { name: "MSR_WRITE", avgUs: 1 }, { name: "CPUID", avgUs: 1.1 }] },
  ];
  const segs = (s: object) => (s as { layer: { data: { values: Row[] } }[] }).layer[0].data.values;
  assert.deepEqual(segs(changeSpec(r, { metric: "avgUs" })).map((x) => x.reason), ["MSR_WRITE", "HLT", "CPUID"]);
  assert.equal(segs(changeSpec(r, { metric: "avgUs" }))[0].delta, "-2.00 µs (×0.33)");
  assert.deepEqual(segs(changeSpec(r, { metric: "avgUs", excludeHlt: true })).map((x) => x.reason), ["MSR_WRITE", "CPUID"]);
  assert.match(JSON.stringify(changeSpec(r, { metric: "avgUs" })), /"scale":\{"type":"log"\}/);
});

test("cyclictestHistSpec sums threads per bucket, drops empty buckets and keeps a count of 1 above the log floor", () => {
  const th = (buckets: [number, number][]) => ({ thread: 0, buckets, overflows: null, minUs: null, avgUs: null, maxUs: null });
  const spec = buildChart("cyclictest-hist", { cyclictest: [{ run: run("a"), result: { threads: [], histogram: { bucketUs: 1, threads: [th([[5, 1], [6, 0], [7, 40]]), th([[5, 2]])] } } }] });
  assert.deepEqual(rows(spec).map((r) => [r.latencyUs, r.count]), [[5, 3], [7, 40]]);
  const domain = (spec as { spec: { encoding: { y: { scale: { domain: number[] } } } } }).spec.encoding.y.scale.domain;
  assert.ok(domain[0] < 1 && domain[1] >= 40, JSON.stringify(domain));
});

test("timeShareSpec with excludeHlt drops HLT and recomputes the shares over the other reasons", () => {
  const r: RunExits[] = [{ run: run("a"), rows: [{ name: "HLT", timePct: 99 }, { name: "MSR_WRITE", timePct: 0.75 }, { name: "CPUID", timePct: 0.25 }] }];
  const data = buildChart("time-share", { exits: r }, { excludeHlt: true });
  assert.deepEqual(rows(data).map((x) => [x.reason, x.value, x.text]), [["MSR_WRITE", 75, "75.00%"], ["CPUID", 25, "25.00%"]]);
  assert.match(JSON.stringify((data as { title: unknown }).title), /不含 HLT/);
});

test("timeShareSpec with excludeHlt recomputes from samples × avgUs when perf's rounded Time% is all there is", () => {
  const r: RunExits[] = [{ run: run("a"), rows: [{ name: "HLT", samples: 10, avgUs: 10000, timePct: 99.99 }, { name: "A", samples: 3, avgUs: 2, timePct: 0.01 }, { name: "B", samples: 1, avgUs: 2, timePct: 0.0 }] }];
  assert.deepEqual(rows(buildChart("time-share", { exits: r }, { excludeHlt: true })).map((x) => [x.reason, x.value]), [["A", 75], ["B", 25]]);
});
