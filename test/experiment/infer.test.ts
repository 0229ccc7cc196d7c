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
    assert.deepEqual(r.factors.find((f) => f.levels.length === 2)!.levels.map((l) => l.id), [ref, v]);
    assert.deepEqual(r.diagnostics, []);
    // CPU pinning when a pinning word is there; off/on alone could be any switch.
    assert.equal(r.factors.some((f) => f.id === "pinning"), ref !== "off");
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

test("inferFactors: on/off without a pinning word is a generic factor whose reference (off) is known, not CPU pinning", () => {
  const r = inferFactors(["nohz-on", "nohz-off"], "exp");
  const f = r.factors.find((x) => x.levels.length === 2)!;
  assert.notEqual(f.id, "pinning");
  assert.deepEqual(f.levels.map((l) => [l.id, l.labelZh]), [["off", "off"], ["on", "on"]]);
  assert.deepEqual(r.diagnostics, [], "the reference is known: no --baseline warning");
  const p = inferFactors(["gp-rt-raw", "gp-rt-bind"], "exp");
  assert.equal(p.factors[2].id, "pinning");
});
