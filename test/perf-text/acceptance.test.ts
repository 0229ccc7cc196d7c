/**
 * Acceptance inputs written from FORMAT.md alone (test/fixtures/perf-kvm-stat/
 * acceptance/, see its PROVENANCE.md), each checked against numbers read off
 * the text by hand: every layout, arch and odd case the issue lists that the
 * collected samples do not cover. Clean inputs must give no diagnostics;
 * damaged ones must say what is missing and leave it null.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fsp from "node:fs/promises";
import { createReadStream, readdirSync, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { join } from "node:path";
import { parsePerfKvmStatText, readPerfKvmStatText } from "../../src/perf-text/read";
import type { ReaderFs } from "../../src/formats/types";
import { PERF_TEXT_CODES } from "../../src/perf-text/codes";
import type { PerfKvmStatTextResult } from "../../src/model/kvm-stat";
import { readInput, SNIFF_BYTES } from "../../src/formats/read-input";
import { runCli } from "../../src/cli/main";
import { captureIO } from "../../src/cli/io";
import { assertValidAgainst } from "../helpers/schema";
import { FIXTURE_DIR } from "./golden-cases";

const DIR = join(FIXTURE_DIR, "acceptance");
const path = (name: string) => join(DIR, name);

function parse(name: string): PerfKvmStatTextResult {
  const r = parsePerfKvmStatText(readFileSync(path(name), "utf8"), name);
  assertValidAgainst("perf-kvm-stat-text.schema.json", r);
  for (const d of r.diagnostics) {
    assert.ok(d.code in PERF_TEXT_CODES, `undocumented code ${d.code}`);
    assert.equal(d.file, name);
  }
  return r;
}
const codes = (r: PerfKvmStatTextResult) => r.diagnostics.map((d) => `${d.code}@${d.line}`);
const names = (r: PerfKvmStatTextResult, i = 0) => r.tables[i].rows.map((x) => x.name);
const row = (name: string, exitCode: number | null, samples: number, samplesPct: number | null, timePct: number | null, minUs: number | null, maxUs: number | null, avgUs: number | null, stddevPct: number | null) => ({ name, exitCode, samples, samplesPct, timePct, minUs, maxUs, avgUs, stddevPct });

test("a01 perf 3.7, --vcpu 0, -k time (by average): rows in perf's order, UNKNOWN gets code 65", () => {
  const r = parse("a01-v3.7-vcpu0-key-time-unknown.txt");
  assert.deepEqual(codes(r), []);
  const t = r.tables[0];
  assert.deepEqual(t.scope, { vcpu: 0, pids: null });
  assert.equal(t.mode, "report");
  assert.deepEqual(names(r), ["HLT", "IO_INSTRUCTION", "UNKNOWN", "PENDING_INTERRUPT", "EXTERNAL_INTERRUPT"]);
  assert.deepEqual(t.rows[0], row("HLT", null, 1203, 19.97, 98.56, null, null, 812.35, 4.21));
  assert.deepEqual(t.rows[2], row("UNKNOWN", 65, 2, 0.03, 0.0, null, null, 6.01, 3.33));
  assert.deepEqual(t.rows[4], row("EXTERNAL_INTERRUPT", null, 4410, 73.22, 0.82, null, null, 1.85, 0.88));
  assert.equal(t.totalSamples, 6023);
  assert.equal(t.totalTimeUs, 991496.47);
});

test("a02 perf 6.4 --stdio, -p 41872,41873 --vcpu 3: both pids, Min 0.00us kept, repeated unknown lines before the table", () => {
  const r = parse("a02-v6.4-stdio-pids-vcpu3-min-zero.txt");
  assert.deepEqual(codes(r), []);
  const t = r.tables[0];
  assert.deepEqual(t.scope, { vcpu: 3, pids: [41872, 41873] });
  assert.deepEqual(names(r), ["EPT_MISCONFIG", "MSR_WRITE", "UNKNOWN", "EXTERNAL_INTERRUPT"]);
  assert.ok(t.rows.every((x) => x.minUs === 0));
  assert.deepEqual(t.rows[0], row("EPT_MISCONFIG", null, 52011, 70.99, 82.65, 0, 88.12, 3.12, 0.41));
  assert.deepEqual(t.rows[2], row("UNKNOWN", 74, 3, 0.0, 0.0, 0, 2.6, 2.0, 9.5));
  assert.equal(t.totalSamples, 73266);
  assert.equal(t.totalTimeUs, 196347.05);
});

test("a03 SVM: names with spaces, 19-character truncated name, 'on SVM' code attached, idle-halt", () => {
  const r = parse("a03-svm-spaces-truncated-unknown.txt");
  assert.deepEqual(codes(r), []);
  assert.deepEqual(names(r), ["hlt", "avic_unaccelerated_", "npf", "PF excp", "DE excp", "UNKNOWN", "idle-halt"]);
  const t = r.tables[0];
  assert.deepEqual(t.rows[0], row("hlt", null, 6021, 58.41, 99.22, 0.31, 3902.12, 402.11, 1.9));
  assert.deepEqual(t.rows[3], row("PF excp", null, 12, 0.12, 0.0, 2.9, 9.8, 4.1, 15.2));
  assert.deepEqual(t.rows[4], row("DE excp", null, 1, 0.01, 0.0, 7.34, 7.34, 7.34, 0));
  assert.equal(t.rows[5].exitCode, 1025);
  assert.equal(t.totalSamples, 10309);
  assert.equal(t.totalTimeUs, 2440035.63);
});

test("a04 s390, 40 wide: names with spaces and parentheses stay whole", () => {
  const r = parse("a04-s390-40wide-spaces-parens.txt");
  assert.deepEqual(codes(r), []);
  assert.deepEqual(names(r), ["Wait state", "DIAG (0x44) time slice end", "0xB2 STSI", "External request", "SIGP set prefix", "Prog Operation"]);
  const t = r.tables[0];
  assert.deepEqual(t.rows[1], row("DIAG (0x44) time slice end", null, 3120, 23.91, 0.09, 0.8, 30.12, 2.21, 1.4));
  assert.deepEqual(t.rows[4], row("SIGP set prefix", null, 2, 0.02, 0.0, 10.9, 12.1, 11.5, 5.22));
  assert.equal(t.totalSamples, 13048);
  assert.equal(t.totalTimeUs, 7590870.39);
});

test("a05 powerpc: HCALL-EVENT table then a vmexit table", () => {
  const r = parse("a05-powerpc-hcall.txt");
  assert.deepEqual(codes(r), []);
  assert.deepEqual(r.tables.map((t) => t.event), ["hcall", "vmexit"]);
  assert.deepEqual(names(r, 0), ["H_CEDE", "H_IPI", "H_PUT_TCE", "UNKNOWN"]);
  assert.deepEqual(r.tables[0].rows[0], row("H_CEDE", null, 15011, 73.58, 99.97, 0.21, 10003.21, 1502.33, 0.5));
  assert.equal(r.tables[0].rows[3].exitCode, null, "no 'unknown ... code' line: no code");
  assert.equal(r.tables[0].totalSamples, 20400);
  assert.deepEqual(names(r, 1), ["HV_DECREMENTER", "H_DATA_STORAGE", "SYSCALL"]);
  assert.equal(r.tables[1].totalSamples, 5379);
  assert.equal(r.tables[1].totalTimeUs, 28810.77);
});

test("a06 loongarch and riscv names (with spaces, EXC_/IRQ_ prefixes)", () => {
  const r = parse("a06-loongarch-riscv.txt");
  assert.deepEqual(codes(r), []);
  assert.deepEqual(names(r, 0), ["Idle", "Mem Read", "Mem Store", "Privilege Error", "Inst Fetch", "CPUCFG"]);
  assert.deepEqual(r.tables[0].rows[3], row("Privilege Error", null, 120, 0.72, 0.0, 5.01, 30.0, 9.02, 4.4));
  assert.deepEqual(names(r, 1), ["EXC_STORE_GUEST_PAGE_FAULT", "EXC_VIRTUAL_INST_FAULT", "IRQ_S_TIMER", "EXC_SUPERVISOR_SYSCALL"]);
  assert.deepEqual(r.tables[1].rows[2], row("IRQ_S_TIMER", null, 802, 4.03, 6.82, 1.0, 12.0, 2.0, 2.1));
  assert.equal(r.tables[1].totalSamples, 19890);
});

test("a07 empty tables (--vcpu 5 on 6.4, empty ioport on 5.x) are tables with no rows, no warnings", () => {
  const r = parse("a07-empty-tables.txt");
  assert.deepEqual(codes(r), []);
  assert.equal(r.tables.length, 2);
  assert.deepEqual(r.tables.map((t) => [t.event, t.scope.vcpu, t.rows.length, t.totalSamples, t.totalTimeUs]), [
    ["vmexit", 5, 0, 0, 0],
    ["ioport", null, 0, 0, 0],
  ]);
});

test("a08 live, 3 screens, CRLF, CONSOLE_CLEAR all at the end, Lost events on screen 2, last screen empty", () => {
  const r = parse("a08-live-3screens-clear-at-end-lost-crlf.txt");
  assert.deepEqual(codes(r), []);
  assert.deepEqual(
    r.tables.map((t) => [t.mode, t.timestamp, t.scope.pids, t.totalSamples, t.totalTimeUs, t.lostEvents, t.rows.length]),
    [
      ["live", "09:41:07.004512", [1347712], 1109, 902468.05, null, 3],
      ["live", "09:41:08.005117", [1347712], 1125, 900763.0, 37, 4],
      ["live", "09:41:09.006002", [1347712], 0, 0, null, 0],
    ],
  );
  assert.deepEqual(r.tables[1].rows[3], row("PREEMPTION_TIMER", null, 12, 1.07, 0.0, 0.8, 2.0, 1.11, 6.5));
});

test("a09 perf 6.4 -k ev_name and -k time: rows keep the printed order; shell prompts are ignored", () => {
  const r = parse("a09-v6.4-key-ev_name-and-time.txt");
  assert.deepEqual(codes(r), []);
  assert.deepEqual(names(r, 0), ["CPUID", "EPT_VIOLATION", "EXTERNAL_INTERRUPT", "HLT", "MSR_WRITE"]);
  assert.deepEqual(names(r, 1), ["HLT", "MSR_WRITE", "EXTERNAL_INTERRUPT", "EPT_VIOLATION", "CPUID"]);
  assert.deepEqual(r.tables[1].rows[0], row("HLT", null, 2232, 11.3, 99.93, 1.2, 1201110.0, 30567.94, 3.3));
  assert.deepEqual(r.tables[1].rows[1], row("MSR_WRITE", null, 9167, 46.42, 0.04, 0.45, 9554.94, 3.0, 41.94));
  for (const t of r.tables) assert.deepEqual([t.totalSamples, t.totalTimeUs], [19747, 68273353.51]);
});

test("a10 a table after 80 KiB of dmesg: readInput finds it beyond the 64 KiB head", async () => {
  const file = path("a10-table-after-80k-of-dmesg.txt");
  assert.ok(readFileSync(file, "utf8").indexOf("Analyze events for") > SNIFF_BYTES, "the fixture must put the table beyond the sniffed head");
  const out = await readInput(file, { fs: { ...fsp, createReadStream }, options: {} });
  assert.ok(out.ok, out.ok ? "" : out.message);
  if (!out.ok) return;
  assert.equal(out.result.format, "perf-kvm-stat-text");
  const r = out.result as PerfKvmStatTextResult;
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.tables.length, 1);
  assert.deepEqual(names({ ...r }, 0), ["MSR_READ", "HLT", "EXTERNAL_INTERRUPT"]);
  assert.deepEqual(r.tables[0].rows[1], row("HLT", null, 1020, 18.73, 99.23, 0.5, 4001.22, 998.11, 1.7));
  assert.equal(r.tables[0].totalSamples, 5446);
});

test("a11 markdown copy indented 4 spaces, trailing space stripped, mmio key '0:R' (%#lx of 0)", () => {
  const r = parse("a11-markdown-indent4-mmio-zero-key.txt");
  assert.deepEqual(codes(r), []);
  const t = r.tables[0];
  assert.equal(t.event, "mmio");
  assert.deepEqual(names(r), ["0xfee00380:W", "0xfed000f0:R", "0:R"]);
  assert.deepEqual(t.rows[2], row("0:R", null, 17, 0.28, 0.3, 1.9, 8.2, 2.4, 11.05));
  assert.deepEqual([t.totalSamples, t.totalTimeUs], [6148, 13460.97]);
});

test("a12 live captured by script(1): prompts, CSI/OSC escapes, --duration lines, CRLF", () => {
  const r = parse("a12-live-typescript-ansi-duration-lines.txt");
  assert.deepEqual(codes(r), []);
  assert.deepEqual(
    r.tables.map((t) => [t.timestamp, t.scope.pids, t.totalSamples, t.totalTimeUs, names({ ...r, tables: [t] })]),
    [
      ["10:13:01.551020", [2211], 653, 1001546.99, ["HLT", "EPT_VIOLATION", "MSR_WRITE"]],
      ["10:13:02.552113", [2211], 410, 998852.0, ["HLT", "EXTERNAL_INTERRUPT"]],
    ],
  );
  assert.deepEqual(r.tables[0].rows[1], row("EPT_VIOLATION", null, 3, 0.46, 0.12, 1.1, 1203.11, 402.33, 99.42));
});

test("a13 trimmed row, '...' elision and no footer: kept cells, nulls, and one diagnostic each", () => {
  const r = parse("a13-trimmed-elided-nofooter.txt");
  assert.deepEqual(codes(r), ["kvm-stat/elided-rows@10", "kvm-stat/row-columns-mismatch@11", "kvm-stat/missing-stddev@11", "kvm-stat/missing-footer@4"]);
  const t = r.tables[0];
  assert.deepEqual([t.totalSamples, t.totalTimeUs], [null, null]);
  assert.deepEqual(t.rows[0], row("EPT_VIOLATION", null, 88120, 60.12, 12.04, 0.61, 2011.4, 1.47, 3.88));
  assert.deepEqual(t.rows[2], row("CPUID", null, 102, 0.07, 0.0, null, null, null, null));
});

test("a14 v6.4 TUI screen copied as text: integer ns converted exactly, per-row total time kept, flagged non-standard", () => {
  const r = parse("a14-v6.4-tui-screen-copied.txt");
  assert.deepEqual(codes(r), ["kvm-stat/non-standard-layout@2", "kvm-stat/event-inferred@2"]);
  const t = r.tables[0];
  assert.deepEqual([t.totalSamples, t.totalTimeUs, t.lostEvents], [null, null, null]);
  assert.deepEqual(t.rows[0], { ...row("HLT", null, 2232, 11.48, 99.94, 1.2, 1201110, 30567.94, null), timeUs: 68227842.08 });
  assert.deepEqual(t.rows[2], { ...row("EXTERNAL_INTERRUPT", null, 5877, 30.24, 0.02, 0.7, 70.022, 2.43, null), timeUs: 14281.11 });
});

test("a15 hand-made integer-ns layout: read by column title, absent columns null", () => {
  const r = parse("a15-integer-ns-hand-layout.txt");
  assert.deepEqual(codes(r), ["kvm-stat/non-standard-layout@1", "kvm-stat/event-inferred@1"]);
  assert.deepEqual(r.tables[0].rows[2], row("Privilege Error", null, 2057, 13.16, null, 5.011, 30.001, 9.02, null));
});

test("a 3.7-looking header under a 3.12+ 'Analyze events for all VMs,' line is flagged as hand-cut columns", () => {
  const H = "             VM-EXIT    Samples  Samples%     Time%         Avg time";
  const r = parsePerfKvmStatText(`Analyze events for all VMs, all VCPUs:\n\n${H}\n\n                 HLT          1   100.00%   100.00%     12.00us ( +-   0.00% )\n\nTotal Samples:1, Total events handled time:12.00us.\n`, "t");
  assert.deepEqual(codes(r), ["kvm-stat/non-standard-layout@3"]);
  assert.match(r.diagnostics[0].message, /by hand/);
  assert.deepEqual(r.tables[0].rows[0], row("HLT", null, 1, 100, 100, null, null, 12, 0));
});

test("a '-nan%' stddev (old stat.c, 1 sample) is perf's own printf: not-a-number only, not 'edited'", () => {
  const H = "             VM-EXIT    Samples  Samples%     Time%    Min Time    Max Time         Avg time ";
  const r = parsePerfKvmStatText(`Analyze events for all VMs, all VCPUs:\n\n${H}\n\n                 HLT          1   100.00%   100.00%     12.00us     12.00us     12.00us ( +-   -nan% )\n\nTotal Samples:1, Total events handled time:12.00us.\n`, "t");
  assert.deepEqual(codes(r), ["kvm-stat/not-a-number@5"]);
  assert.equal(r.tables[0].rows[0].stddevPct, null);
});

test("vmexit parse --csv and the default table show the acceptance inputs' numbers", async () => {
  const io = captureIO();
  assert.equal(await runCli(["parse", "--csv", path("a08-live-3screens-clear-at-end-lost-crlf.txt")], io), 0);
  const lines = io.out.join("").trim().split("\n");
  assert.equal(lines.length, 1 + 3 + 4);
  assert.match(lines[5], /,2,\d+,vmexit,live,09:41:08\.005117,,1347712,MSR_WRITE,,140,12\.44,0\.02,0\.61,4\.87,1\.5,3,,1125,900763,37$/);
  const io2 = captureIO();
  assert.equal(await runCli(["parse", path("a04-s390-40wide-spaces-parens.txt")], io2), 0);
  assert.match(io2.out.join(""), /\n  DIAG \(0x44\) time slice end +3120 +23\.91 +0\.09 +0\.80 +30\.12 +2\.21 +1\.40\n/);
});

test("a16 UTF-16LE with BOM and CRLF (PowerShell '>' of 'ssh host perf ...') is detected and read like its UTF-8 original", async () => {
  const out = await readInput(path("a16-utf16le-bom-crlf-powershell.txt"), { fs: { ...fsp, createReadStream }, options: {} });
  assert.ok(out.ok, out.ok ? "" : out.message);
  if (!out.ok) return;
  const r = out.result as PerfKvmStatTextResult;
  assert.equal(r.format, "perf-kvm-stat-text");
  assert.deepEqual(r.diagnostics, []);
  const utf8 = parse("a03-svm-spaces-truncated-unknown.txt");
  assert.deepEqual(r.tables, utf8.tables);
  assert.deepEqual(r.tables[0].rows[5], row("UNKNOWN", 1025, 4, 0.04, 0.0, 1.1, 2.1, 1.5, 12.0));
});

test("a17 arm64 perf 6.x report --vcpu 0: ESR class names, Min Time 0.00us kept as printed", () => {
  const r = parse("a17-arm64-v6.x-report-vcpu0-min-zero.txt");
  assert.deepEqual(codes(r), []);
  const t = r.tables[0];
  assert.deepEqual(t.scope, { vcpu: 0, pids: null });
  assert.deepEqual(names(r), ["WFx", "DABT_LOW", "IRQ", "SYS64", "HVC64"]);
  assert.deepEqual(t.rows[0], row("WFx", null, 30110, 56.71, 93.56, 0, 10002.33, 2401.22, 0.35));
  assert.deepEqual(t.rows[4], row("HVC64", null, 77, 0.15, 0.01, 0, 600.01, 120.03, 11.4));
  assert.deepEqual([t.totalSamples, t.totalTimeUs], [53099, 77277599.11]);
});

test("a18 live 6.4: unknown-code lines printed while processing fall between screens; each screen's UNKNOWN row gets code 74", () => {
  const r = parse("a18-live-v6.4-unknown-interleaved.txt");
  assert.deepEqual(codes(r), []);
  assert.deepEqual(
    r.tables.map((t) => [t.timestamp, t.totalSamples, t.totalTimeUs, t.rows.map((x) => `${x.name}:${x.exitCode}:${x.samples}`)]),
    [
      ["23:59:58.900001", 302, 900010.0, ["HLT:null:300", "UNKNOWN:74:2"]],
      ["23:59:59.900113", 321, 868065.1, ["HLT:null:280", "MSR_WRITE:null:40", "UNKNOWN:74:1"]],
    ],
  );
});

const H12 = "             VM-EXIT    Samples  Samples%     Time%    Min Time    Max Time         Avg time";
const HLT8 = "                 HLT          8    80.00%    80.00%      1.00us     20.00us     10.00us ( +-   5.00% )";

test("a retyped footer without its comma ('Total Samples: 10 Total events handled time: 100.00us') is still the footer", () => {
  const r = parsePerfKvmStatText(`Analyze events for all VMs, all VCPUs:\n\n${H12}\n\n${HLT8}\n           MSR_WRITE          2    20.00%    20.00%      1.00us     20.00us     10.00us ( +-   5.00% )\n\nTotal Samples: 10 Total events handled time: 100.00us\n`, "t");
  assert.deepEqual(codes(r), []);
  assert.deepEqual([r.tables[0].totalSamples, r.tables[0].totalTimeUs], [10, 100]);
});

test("a cut copy whose last line is an unreadable row says the line was skipped (not only 'no footer')", () => {
  const r = parsePerfKvmStatText(`Analyze events for all VMs, all VCPUs:\n\n${H12}\n\n${HLT8}\n           MSR_WRITE      2,000    20.00%    20.00%      1.00us     20.00us     10.00us ( +-   5.00% )\n`, "t");
  assert.deepEqual(codes(r), ["kvm-stat/unexpected-line@6", "kvm-stat/missing-footer@1", "kvm-stat/rows-missing@1", "kvm-stat/percent-sum-mismatch@1", "kvm-stat/percent-sum-mismatch@1"]);
  assert.deepEqual(names(r), ["HLT"]);
  // a plain remark after a cut table is not reported as a skipped table line
  const r2 = parsePerfKvmStatText(`Analyze events for all VMs, all VCPUs:\n\n${H12}\n\n${HLT8}\nthat is all I have\n`, "t");
  assert.ok(!codes(r2).some((c) => c.startsWith("kvm-stat/unexpected-line")), codes(r2).join());
});

test("two unreadable rows in a row end the table, and both are reported as skipped", () => {
  const bad = (n: string) => `${n.padStart(20)}      2,000    10.00%    10.00%      1.00us     20.00us     10.00us ( +-   5.00% )`;
  const r = parsePerfKvmStatText(`Analyze events for all VMs, all VCPUs:\n\n${H12}\n\n${HLT8}\n${bad("CPUID")}\n${bad("MSR_WRITE")}\n\nTotal Samples:4008, Total events handled time:40080.00us.\n`, "t");
  const c = codes(r);
  assert.ok(c.includes("kvm-stat/unexpected-line@6") && c.includes("kvm-stat/unexpected-line@7"), c.join());
  assert.ok(c.includes("kvm-stat/orphan-footer@9"), c.join());
  assert.deepEqual(names(r), ["HLT"]);
});

// Real perf 6.1 on the synthetic recordings of test/fixtures/perf-data (their truth.json comes from the generator, not from perf or this parser).
const TRUTH = JSON.parse(readFileSync(join(FIXTURE_DIR, "..", "perf-data", "vmx-multivcpu.truth.json"), "utf8")) as {
  totals: { samples: number; handled_time_ns: number };
  by_reason: Record<string, { count: number }>;
  by_vcpu: Record<string, Record<string, number>>;
};

test("real perf 6.1 report --vcpu 1: the counts per reason are the generator's for vCPU 1, Min 0.00us (§4.1)", () => {
  const r = parse("real-perf-6.1/vmx-multivcpu.vcpu1.txt");
  assert.deepEqual(codes(r), []);
  const t = r.tables[0];
  assert.deepEqual(t.scope, { vcpu: 1, pids: null });
  assert.deepEqual(Object.fromEntries(t.rows.map((x) => [x.name, x.samples])), TRUTH.by_vcpu["1"]);
  assert.ok(t.rows.every((x) => x.minUs === 0));
  assert.deepEqual(t.rows[1], row("HLT", null, 168, 18.67, 97.65, 0, 1996.9, 955.44, 4.17));
  assert.deepEqual([t.totalSamples, t.totalTimeUs], [900, 164384.45]);
});

test("real perf 6.1 report -p 4242 -k time: pid scope, all reasons, sorted by average (pre-6.4 '-k time')", () => {
  const r = parse("real-perf-6.1/vmx-multivcpu.pid4242-key-time.txt");
  assert.deepEqual(codes(r), []);
  const t = r.tables[0];
  assert.deepEqual(t.scope, { vcpu: null, pids: [4242] });
  assert.deepEqual(Object.fromEntries(t.rows.map((x) => [x.name, x.samples])), Object.fromEntries(Object.entries(TRUTH.by_reason).map(([k, v]) => [k, v.count])));
  for (let i = 1; i < t.rows.length; i++) assert.ok(t.rows[i - 1].avgUs! >= t.rows[i].avgUs!, `row ${i} not sorted by avg`);
  assert.equal(t.totalSamples, TRUTH.totals.samples);
  assert.equal(t.totalTimeUs, Math.round(TRUTH.totals.handled_time_ns / 10) / 100);
});

test("real perf 6.1 --event=msr on a recording without kvm_msr pairs: an empty 'MSR Access' table", () => {
  const r = parse("real-perf-6.1/vmx-io.msr-empty.txt");
  assert.deepEqual(codes(r), []);
  assert.deepEqual(r.tables.map((t) => [t.event, t.rows.length, t.totalSamples, t.totalTimeUs]), [["msr", 0, 0, 0]]);
});

test("every acceptance input streamed in 1–9 byte chunks (UTF-16 included) equals the whole-file result", async () => {
  for (const name of readdirSync(DIR).filter((n) => n.endsWith(".txt"))) {
    const bytes = readFileSync(path(name));
    const whole = await readInput(path(name), { fs: { ...fsp, createReadStream }, options: {} });
    assert.ok(whole.ok, name);
    if (!whole.ok) continue;
    const chunks: Buffer[] = [];
    for (let i = 0, n = 1; i < bytes.length; i += n, n = (n % 9) + 1) chunks.push(bytes.subarray(i, i + n));
    const fake = { stat: async () => ({ size: bytes.length, isDirectory: () => false }), createReadStream: () => Readable.from(chunks) } as unknown as ReaderFs;
    const streamed = await readPerfKvmStatText(path(name), { fs: fake, options: {} });
    assert.deepEqual(streamed, whole.result, name);
  }
});
