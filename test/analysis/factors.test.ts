import { test } from "node:test";
import assert from "node:assert/strict";
import { factorEffects, factorPairs } from "../../src/analysis/factors";
import { followUp } from "../../src/analysis/followup";
import { rankRuns } from "../../src/analysis/ranking";
import { summarizeExperiment } from "../../src/analysis/summary";
import { seed4 } from "./seed4";

const exp = seed4();
const sums = summarizeExperiment(exp);

test("factorPairs(manifest, 'pinning') pairs runs differing only in pinning, reference level first", () => {
  assert.deepEqual(
    factorPairs(exp.manifest, "pinning").map((p) => [p.a, p.b, p.context.guestKernel]),
    [
      ["gp-raw", "gp-bind", "gp"],
      ["rt-raw", "rt-bind", "rt"],
    ],
  );
  assert.deepEqual(factorPairs(exp.manifest, "guestKernel").map((p) => [p.a, p.b]), [["gp-raw", "rt-raw"], ["gp-bind", "rt-bind"]]);
  assert.throws(() => factorPairs(exp.manifest, "nope"), /unknown factor: nope/);
});

test("factorEffects: IO_INSTRUCTION share rises with pinning in both pairs → consistent", () => {
  const pin = factorEffects(exp.manifest, sums).find((e) => e.factor === "pinning")!;
  const io = pin.reasons.find((r) => r.reason === "IO_INSTRUCTION" && r.metric === "share")!;
  assert.equal(io.consistency, "consistent");
  assert.equal(io.direction, "up");
});

test("factorEffects: EXTERNAL_INTERRUPT falls only in the RT pair → partial", () => {
  const pin = factorEffects(exp.manifest, sums).find((e) => e.factor === "pinning")!;
  const ei = pin.reasons.find((r) => r.reason === "EXTERNAL_INTERRUPT" && r.metric === "share")!;
  assert.equal(ei.consistency, "partial");
  assert.deepEqual(ei.perPair, [null, "down"]);
});

test("factorEffects: PREEMPTION_TIMER falls in GP and rises in RT → mixed", () => {
  const pin = factorEffects(exp.manifest, sums).find((e) => e.factor === "pinning")!;
  const pt = pin.reasons.find((r) => r.reason === "PREEMPTION_TIMER" && r.metric === "share")!;
  assert.equal(pt.consistency, "mixed");
  assert.deepEqual(pt.perPair, ["down", "up"]);
});

test("factorEffects: MSR_WRITE, unchanged everywhere → none", () => {
  const pin = factorEffects(exp.manifest, sums).find((e) => e.factor === "pinning")!;
  assert.equal(pin.reasons.find((r) => r.reason === "MSR_WRITE" && r.metric === "share")!.consistency, "none");
});

test("rankRuns orders by cyclictest max latency; best is the lowest max", () => {
  const r = rankRuns(sums);
  assert.deepEqual(r.byMax.map((x) => x.runId), ["rt-bind", "rt-raw", "gp-bind", "gp-raw"]);
  assert.deepEqual(r.byAvg.map((x) => x.runId), ["rt-bind", "rt-raw", "gp-bind", "gp-raw"]);
  assert.equal(r.best, "rt-bind");
  assert.deepEqual(r.missing, []);
});

test("rankRuns breaks equal max latencies by average", () => {
  const s = summarizeExperiment(seed4()).map((x) => ({ ...x, latency: x.latency && { ...x.latency, maxUs: 100 } }));
  assert.equal(rankRuns(s).best, "rt-bind");
});

test("followUp: toward the best run, EXTERNAL_INTERRUPT ↓ and PREEMPTION_TIMER ↑; IO_INSTRUCTION (opposite directions) and HLT (idle) left out", () => {
  const f = followUp(sums);
  assert.equal(f.best, "rt-bind");
  assert.deepEqual(f.rows.map((r) => [r.reason, r.direction]), [
    ["EXTERNAL_INTERRUPT", "down"],
    ["PREEMPTION_TIMER", "up"],
  ]);
  const ei = f.rows[0];
  assert.equal(ei.supporting, 3);
  assert.equal(ei.compared, 3);
  // mean of (0.35-3.00), (0.35-3.10), (0.35-4.11)
  assert.ok(Math.abs(ei.meanDeltaPp - (0.35 * 3 - 3 - 3.1 - 4.11) / 3) < 1e-9);
  const pt = f.rows[1];
  assert.equal(pt.supporting, 2); // gp-raw → rt-bind (0.50 → 0.72) is not significant
});

test("followUp without cyclictest data says why", () => {
  const s = sums.map((x) => ({ ...x, latency: null }));
  assert.deepEqual(followUp(s), { best: null, rows: [], missing: "no-cyclictest" });
});
