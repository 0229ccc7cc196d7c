import { test } from "node:test";
import assert from "node:assert/strict";
import { compareSummaries } from "../../src/analysis/compare";
import { summarizeRun } from "../../src/analysis/summary";
import { resolveThresholds } from "../../src/analysis/thresholds";
import { run, table } from "./build";

const close = (a: number | null | undefined, e: number, tol: number) => assert.ok(typeof a === "number" && Math.abs(a - e) <= tol, `${a} ≉ ${e}`);

// Reference: 30 of 100 are X; other: 50 of 100 are X (the textbook pair: z = 2.8868).
const A = summarizeRun(run("a", {}, table([["X", 30, 10, 5], ["Y", 70, 1, 1]]), { durationS: 1 }));
const B = summarizeRun(run("b", {}, table([["X", 50, 12, 5], ["Y", 50, 1, 1]]), { durationS: 1 }));

test("compareSummaries: Δ share in percentage points with the two-proportion z-test on sample counts", () => {
  const c = compareSummaries(A, B);
  const x = c.reasons.find((r) => r.reason === "X")!;
  close(x.share.deltaPp, 20, 1e-9);
  close(x.share.z, 2.886751, 1e-5);
  close(x.share.pValue, 0.0038924, 1e-6);
  assert.equal(x.share.significant, true); // p < alpha 0.01
  assert.equal(x.share.reportable, true);
  assert.equal(x.share.direction, "up");
  assert.equal(x.share.strength, "moderate"); // 0.001 ≤ p < 0.01
});

test("compareSummaries: rate ratio with the conditional binomial test when both durations are known", () => {
  const c = compareSummaries(A, B);
  const x = c.reasons.find((r) => r.reason === "X")!;
  close(x.rate!.aPerS, 30, 1e-12);
  close(x.rate!.bPerS, 50, 1e-12);
  close(x.rate!.ratio, 5 / 3, 1e-12);
  // equal durations: 50 of 80 ~ Bin(80, ½), two-sided p = 2·P(X ≥ 50) = 0.03299 ≥ alpha
  close(x.rate!.pValue, 0.032993, 1e-5);
  assert.equal(x.rate!.significant, false);
  assert.equal(x.rate!.reportable, false);
});

test("compareSummaries: Δ average time with the Welch-like z from perf's ± (SEM)", () => {
  const c = compareSummaries(A, B);
  const x = c.reasons.find((r) => r.reason === "X")!;
  // SEM 10·5% = 0.5 and 12·5% = 0.6 → z = 2/sqrt(0.61)
  close(x.avgTime!.deltaUs, 2, 1e-12);
  close(x.avgTime!.z, 2.5607376, 1e-6);
  close(x.avgTime!.pValue, 0.010445, 1e-5);
  assert.equal(x.avgTime!.significant, false); // p = 0.0104 ≥ alpha 0.01
  const loose = compareSummaries(A, B, { alpha: 0.05 }).reasons.find((r) => r.reason === "X")!;
  assert.equal(loose.avgTime!.significant, true);
  assert.equal(loose.avgTime!.reportable, true); // +20 % ≥ minAvgRelChange 0.2
});

test("compareSummaries without durations has no rates and says so", () => {
  const a = summarizeRun(run("a", {}, table([["X", 300, 10, 5], ["Y", 700, 1, 1]])));
  const b = summarizeRun(run("b", {}, table([["X", 500, 12, 5], ["Y", 500, 1, 1]])));
  const c = compareSummaries(a, b);
  assert.deepEqual(c.notes, ["no-duration"]);
  assert.ok(c.reasons.every((r) => r.rate === null));
});

test("a significant but small share change is not reportable (minShareDeltaPp, minShareRelChange, bigShareDeltaPp)", () => {
  // 50 % → 50.6 % of 1 000 000: z ≈ 8.5, but +0.6 pp is < 1 pp and < 20 % of 50.6 %
  const a = summarizeRun(run("a", {}, table([["X", 500_000, 1, 1], ["Y", 500_000, 1, 1]])));
  const b = summarizeRun(run("b", {}, table([["X", 506_000, 1, 1], ["Y", 494_000, 1, 1]])));
  const x = compareSummaries(a, b).reasons.find((r) => r.reason === "X")!;
  assert.equal(x.share.significant, true);
  assert.equal(x.share.reportable, false);
  const y = compareSummaries(a, b, { bigShareDeltaPp: 0.5 }).reasons.find((r) => r.reason === "X")!;
  assert.equal(y.share.reportable, true);
});

test("a reason missing in one run counts as 0 samples there", () => {
  const a = summarizeRun(run("a", {}, table([["X", 100, 1, 1], ["Y", 900, 1, 1]])));
  const b = summarizeRun(run("b", {}, table([["Y", 1000, 1, 1]])));
  const x = compareSummaries(a, b).reasons.find((r) => r.reason === "X")!;
  assert.equal(x.bSamples, 0);
  close(x.share.deltaPp, -10, 1e-12);
  assert.equal(x.avgTime, null);
  assert.equal(x.fewSamples, true);
});

test("a single-sample row (± 0.00%) gets no average-time test", () => {
  const a = summarizeRun(run("a", {}, table([["X", 1, 5, 0], ["Y", 999, 1, 1]])));
  const b = summarizeRun(run("b", {}, table([["X", 1, 50, 0], ["Y", 999, 1, 1]])));
  const x = compareSummaries(a, b).reasons.find((r) => r.reason === "X")!;
  assert.equal(x.avgTime!.pValue, null);
  assert.equal(x.avgTime!.significant, false);
});

test("resolveThresholds rejects unknown names and bad values", () => {
  assert.throws(() => resolveThresholds({ nope: 1 } as never), /unknown threshold: nope/);
  assert.throws(() => resolveThresholds({ alpha: Number.NaN }), /alpha/);
  assert.equal(resolveThresholds({ alpha: 0.05 }).alpha, 0.05);
  assert.throws(() => resolveThresholds({ alpha: 5 }), /alpha is a probability, at most 1, got 5/);
  assert.throws(() => resolveThresholds({ strongP: 1.5 }), /strongP/);
  assert.equal(resolveThresholds({ minShareDeltaPp: 5 }).minShareDeltaPp, 5);
});
