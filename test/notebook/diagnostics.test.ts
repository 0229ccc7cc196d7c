import { test } from "node:test";
import assert from "node:assert/strict";
import { diagnosticSummary } from "../../src/notebook/diagnostics";
import type { Diagnostic } from "../../src/model/diagnostic";

const warn = (i: number): Diagnostic => ({ code: "kvm-stat/row-sum-mismatch", severity: "warning", message: `row ${i} does not add up`, file: "/exp/gp-raw/report.txt", line: 10 + i });

test("diagnosticSummary([]) is empty, so a notebook prints nothing", () => {
  assert.equal(diagnosticSummary([]), "");
});

test("diagnosticSummary groups repeated warnings into one line with the count and the first example, relative to baseDir", () => {
  const text = diagnosticSummary([warn(1), warn(2), warn(3)], { baseDir: "/exp" });
  const lines = text.split("\n");
  assert.equal(lines.length, 2);
  assert.match(lines[0], /3 处问题（3 个警告）/);
  assert.match(lines[1], /警告 \[kvm-stat\/row-sum-mismatch\] 共 3 处，例如 gp-raw\/report\.txt:11: row 1 does not add up/);
  assert.doesNotMatch(text, /\/exp\//, "paths are relative to the experiment folder");
});

test("diagnosticSummary lists errors before warnings and counts the kinds left out", () => {
  const diags: Diagnostic[] = [
    warn(1),
    { code: "perf-data/truncated-record", severity: "error", message: "cut short", file: "/exp/a/perf.data.guest", offset: 4096 },
    { code: "x/one", severity: "warning", message: "one", file: "/elsewhere/f.txt" },
    { code: "x/two", severity: "warning", message: "two", file: "/exp/f.txt" },
  ];
  const lines = diagnosticSummary(diags, { baseDir: "/exp", maxKinds: 2 }).split("\n");
  assert.match(lines[0], /4 处问题（1 个错误，3 个警告）/);
  assert.match(lines[1], /^ {2}错误 \[perf-data\/truncated-record\] a\/perf\.data\.guest @0x1000: cut short$/);
  assert.match(lines[2], /警告 \[kvm-stat\/row-sum-mismatch\]/);
  assert.match(lines[3], /另有 2 类共 2 处问题未列出/);
  assert.equal(lines.length, 4);
  assert.match(diagnosticSummary([diags[2]], { baseDir: "/exp" }), /\/elsewhere\/f\.txt: one/, "a path outside baseDir stays absolute");
  assert.match(diagnosticSummary([warn(1)], { lang: "en" }), /^1 problem found .*\(1 warning\)/);
});
