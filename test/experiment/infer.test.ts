import { test } from "node:test";
import assert from "node:assert/strict";
import { inferFactors } from "../../src/experiment/infer";

test("inferFactors: gp/rt pairs are host and guest kernel, raw/bind is pinning with raw as reference", () => {
  const r = inferFactors(["gp-gp-bind", "gp-gp-raw", "gp-rt-bind", "gp-rt-raw"], "exp");
  assert.deepEqual(r.factors.map((f) => [f.id, f.levels.map((l) => l.id)]), [
    ["hostKernel", ["gp"]],
    ["guestKernel", ["gp", "rt"]],
    ["pinning", ["raw", "bind"]],
  ]);
  assert.deepEqual(r.levels["gp-rt-raw"], { hostKernel: "gp", guestKernel: "rt", pinning: "raw" });
  assert.deepEqual(r.diagnostics, []);
});

test("inferFactors: every reference word and variant word is recognised", () => {
  for (const [ref, v] of [["unpinned", "pinned"], ["nopin", "pin"], ["off", "on"], ["baseline", "bind"], ["base", "pin"]]) {
    const r = inferFactors([`x-${v}`, `x-${ref}`], "exp");
    assert.deepEqual(r.factors.find((f) => f.id === "pinning")!.levels.map((l) => l.id), [ref, v]);
  }
});

test("inferFactors: folder names are read case-insensitively", () => {
  const r = inferFactors(["GP-RT-RAW", "GP-RT-BIND"], "exp");
  assert.equal(r.levels["GP-RT-BIND"].pinning, "bind");
});

test("inferFactors: unknown words make a generic factor and a warning asking for --baseline", () => {
  const r = inferFactors(["fast-a", "slow-a"], "exp");
  assert.equal(r.factors[0].id, "factor1");
  assert.deepEqual(r.diagnostics.map((d) => d.code), ["experiment/no-reference-level"]);
  const b = inferFactors(["fast-a", "slow-a"], "exp", "slow-a");
  assert.deepEqual(b.factors[0].levels.map((l) => l.id), ["slow", "fast"]);
  assert.deepEqual(b.diagnostics, []);
});

test("inferFactors: names with different numbers of parts make one factor 'run', the baseline first", () => {
  const r = inferFactors(["a", "b-c"], "exp", "b-c");
  assert.deepEqual(r.factors.map((f) => [f.id, f.levels.map((l) => l.id)]), [["run", ["b-c", "a"]]]);
});
