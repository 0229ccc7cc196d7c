import { test } from "node:test";
import assert from "node:assert/strict";
import { deriveFindings } from "../../src/findings/derive";
import { analyzeExperiment } from "../../src/findings/analyze";
import { summarizeExperiment, summarizeTable } from "../../src/analysis/summary";
import { renderRunSummary } from "../../src/findings/text";
import { findingMessages, fmt } from "../../src/messages/findings";
import { seed4 } from "../analysis/seed4";
import { run, seedManifest, table } from "../analysis/build";

const exp = seed4();
const res = deriveFindings(exp.manifest, summarizeExperiment(exp));
const byId = (prefix: string) => res.findings.filter((f) => f.id.startsWith(prefix));

test("deriveFindings: a change in one pair only is phrased like the seed, with its condition and both shares", () => {
  const [f] = byId("pair-change/share/EXTERNAL_INTERRUPT/rt-raw>rt-bind");
  assert.ok(f, "finding present");
  assert.match(f.textZh, /^GuestOS为RT时，绑定CPU后会使EXTERNAL_INTERRUPT事件的占比变少（4\.11% => 0\.35%，减少3\.76个百分点，p<0\.001）/);
  assert.deepEqual(f.runs, ["rt-raw", "rt-bind"]);
  assert.equal(f.direction, "down");
  assert.equal(f.strength, "strong");
  assert.ok(Math.abs((f.numbers.deltaPp as number) + 3.76) < 1e-9);
  assert.match(f.textEn, /^With guest RT, pinning the vCPUs gives a smaller share of EXTERNAL_INTERRUPT exits \(4\.11% => 0\.35%/);
});

test("deriveFindings: an effect seen in every pair becomes one 'consistent' finding, like the seed's 对于两种环境", () => {
  const [f] = byId("consistent-effect/share/IO_INSTRUCTION/pinning");
  assert.match(f.textZh, /^对于两种环境，绑定CPU后都会使IO_INSTRUCTION事件的占比变多（GuestOS为GP：5\.00% => 8\.20%；GuestOS为RT：4\.00% => 7\.00%）$/);
  assert.equal(byId("pair-change/share/IO_INSTRUCTION/gp-raw>gp-bind").length, 0, "no duplicate pair finding");
});

test("deriveFindings: opposite directions in two pairs are reported as inconsistent, not as an effect", () => {
  const [f] = byId("mixed-effect/share/PREEMPTION_TIMER/pinning");
  assert.match(f.textZh, /^绑定CPU对PREEMPTION_TIMER事件占比的影响不一致/);
  assert.equal(f.direction, null);
  assert.equal(f.fewSamples, true);
  assert.match(f.textZh, /样本较少/);
});

test("deriveFindings: unchanged reasons give no finding", () => {
  assert.equal(res.findings.filter((f) => f.reason === "MSR_WRITE").length, 0);
});

test("deriveFindings: the best cyclictest run comes first, then the ranking and the follow-up directions", () => {
  assert.deepEqual(res.findings.slice(0, 3).map((f) => f.kind), ["best-run", "ranking", "follow-up"]);
  assert.equal(res.findings[0].textZh, "四种配置中cyclictest测试效果最好的是RT-BIND（最大延迟20 µs，平均延迟3 µs）");
  assert.match(res.findings[2].textZh, /可以尝试减少EXTERNAL_INTERRUPT，增加PREEMPTION_TIMER/);
});

test("deriveFindings ranks measured findings by importance, notes last", () => {
  const imp = res.findings.map((f) => f.importance);
  assert.deepEqual(imp, [...imp].sort((a, b) => b - a));
  const kinds = res.findings.map((f) => f.kind);
  assert.ok(kinds.indexOf("not-time-aligned") > kinds.indexOf("pair-change"));
});

test("deriveFindings says when durations are missing (no rates) and that exits and latency are not time-aligned", () => {
  const nd = res.findings.find((f) => f.kind === "no-duration")!;
  assert.match(nd.textZh, /缺少录制时长.*无法计算每秒退出次数/);
  assert.ok(res.findings.some((f) => f.kind === "not-time-aligned"));
  assert.equal(res.findings.filter((f) => f.metric === "rate").length, 0);
});

test("deriveFindings with durations adds rate findings from the Poisson test", () => {
  const e = seed4();
  for (const r of e.runs) r.spec.durationS = 10;
  const r2 = deriveFindings(e.manifest, summarizeExperiment(e));
  assert.equal(r2.findings.some((f) => f.kind === "no-duration"), false);
  const f = r2.findings.find((x) => x.id === "pair-change/rate/EXTERNAL_INTERRUPT/rt-raw>rt-bind")!;
  assert.match(f.textZh, /^GuestOS为RT时，绑定CPU后会使EXTERNAL_INTERRUPT事件的每秒次数变少（41\.1次\/秒 => 3\.5次\/秒，×0\.09，p<0\.001）$/);
});

test("deriveFindings without cyclictest data has no ranking and says so", () => {
  const e = seed4();
  for (const r of e.runs) r.cyclictest = {};
  const r2 = deriveFindings(e.manifest, summarizeExperiment(e));
  assert.equal(r2.findings.some((f) => f.kind === "best-run" || f.kind === "follow-up"), false);
  assert.ok(r2.findings.some((f) => f.kind === "no-cyclictest"));
});

test("deriveFindings on runs that differ in two factors at once finds no pair and says so", () => {
  const runs = [run("gp-raw", { guestKernel: "gp", pinning: "raw" }, table([["X", 10, 1, 1]])), run("rt-bind", { guestKernel: "rt", pinning: "bind" }, table([["X", 10, 1, 1]]))];
  const e = seed4();
  e.manifest.runs = runs.map((r) => r.spec);
  const r2 = deriveFindings(e.manifest, runs.map((r) => summarizeExperiment({ ...e, runs: [r] })[0]));
  assert.ok(r2.findings.some((f) => f.kind === "no-pairs"));
});

test("analyzeExperiment returns plain JSON (survives a JSON round trip unchanged)", () => {
  const a = analyzeExperiment(seed4());
  assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
});

test("fmt.latencyUs prints cyclictest latencies as measured: whole µs without decimals, ns-converted fractions to 0.01 µs", () => {
  assert.equal(fmt.latencyUs(25), "25 µs");
  assert.equal(fmt.latencyUs(12.5), "12.5 µs");
  assert.equal(fmt.latencyUs(2.3456), "2.35 µs");
});

test("renderRunSummary prints a run's label and id once when they are the same", () => {
  const s = { ...summarizeTable({ event: "vmexit", mode: "report", timestamp: null, scope: { vcpu: null, pids: null }, rows: [], totalSamples: 0, totalTimeUs: 0, lostEvents: null }), runId: "x", labelZh: "x", labelEn: "x", source: "x/vmexit.txt", latency: null, durationSource: null };
  assert.match(renderRunSummary(s, "zh", 10), /^== x ==\n/);
  assert.match(renderRunSummary({ ...s, labelZh: "X（绑核）" }, "zh", 10), /^== X（绑核）（x）==\n/);
});

test("deriveFindings says the average time is about the same only when it was tested and the change is small", () => {
  const pair = (extAvgBind: number, extSdBind: number) => {
    const runs = [
      run("raw", { guestKernel: "gp", pinning: "raw" }, table([["EXTERNAL_INTERRUPT", 1000, 2, 1], ["MSR_WRITE", 9000, 1, 0.5]])),
      run("bind", { guestKernel: "gp", pinning: "bind" }, table([["EXTERNAL_INTERRUPT", 100, extAvgBind, extSdBind], ["MSR_WRITE", 9900, 1, 0.5]])),
    ];
    const m = seedManifest(runs);
    m.factors[0].levels = [m.factors[0].levels[0]];
    const r = deriveFindings(m, summarizeExperiment({ dir: "/x", manifest: m, inferred: false, runs, diagnostics: [] }));
    return r.findings.find((f) => f.id === "pair-change/share/EXTERNAL_INTERRUPT/raw>bind")!.textZh;
  };
  // 2.00 → 2.02 µs, ± 1% each: no difference, and a small one.
  assert.match(pair(2.02, 1), /，但平均处理时间基本不变（2\.00 µs => 2\.02 µs）$/);
  // 2.00 → 3.00 µs with ± 40%: not significant, but +50% is no "about the same".
  assert.doesNotMatch(pair(3, 40), /基本不变/);
  // No ± (a sum of live screens): nothing was tested, nothing is claimed.
  assert.doesNotMatch(pair(2.02, null as unknown as number), /基本不变/);
});

test("deriveFindings tells a cyclictest file without a decidable unit apart from a run without cyclictest", () => {
  const e = seed4();
  for (const ct of Object.values(e.runs[0].cyclictest)) ct.unit = null;
  e.runs[1].cyclictest = {};
  const s = summarizeExperiment(e);
  assert.ok(s[0].notes.includes("cyclictest-unusable") && !s[0].notes.includes("no-cyclictest"));
  assert.ok(s[1].notes.includes("no-cyclictest"));
  const r2 = deriveFindings(e.manifest, s);
  assert.deepEqual(r2.findings.find((f) => f.kind === "cyclictest-unusable")!.runs, [e.runs[0].spec.id]);
  assert.match(r2.findings.find((f) => f.kind === "cyclictest-unusable")!.textZh, /无法确定单位是µs还是ns/);
  assert.deepEqual(r2.findings.find((f) => f.kind === "no-cyclictest")!.runs, [e.runs[1].spec.id]);
});

test("findingMessages.zh.shareNumbers words the change in percentage points as 增加/减少, not with a sign", () => {
  const zh = findingMessages.zh;
  assert.equal(zh.shareNumbers(0.31, 0.72, 0.41, 0.0005), "（0.31% => 0.72%，增加0.41个百分点，p<0.001）");
  assert.equal(zh.shareNumbers(4.11, 0.35, -3.76, 0.0005), "（4.11% => 0.35%，减少3.76个百分点，p<0.001）");
  assert.equal(zh.shareNumbers(1, 1.001, 0.001, 0.5), "（1.00% => 1.00%，不到0.01个百分点，p=0.50）");
});

test("foldWeight ranks a large relative change above a larger but small relative one, as the seed did", async () => {
  const { foldWeight } = await import("../../src/findings/derive");
  // GP-RT raw → bind: EXTERNAL_INTERRUPT 4.11 → 0.35 (−3.76 pp) vs MSR_WRITE 45.45 → 52.50 (+7.05 pp).
  const extint = 3.76 * foldWeight(4.11, 0.35);
  const msrw = 7.05 * foldWeight(45.45, 52.5);
  assert.ok(extint > msrw, `${extint} > ${msrw}`);
  assert.equal(foldWeight(2, 2), 1);
  assert.equal(foldWeight(0, 5), 8);
  assert.equal(foldWeight(0, 0), 1);
  assert.equal(foldWeight(1, 1000), 8);
});
