/**
 * Acceptance inputs written from FORMAT.md alone (test/fixtures/cyclictest/
 * acceptance/, see its PROVENANCE.md), each checked against numbers read off
 * the text by hand. Clean inputs give no diagnostics; damaged or ambiguous
 * ones say so, and nothing is guessed silently.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fsp from "node:fs/promises";
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { readInput } from "../../src/formats/read-input";
import { runCli } from "../../src/cli/main";
import { captureIO } from "../../src/cli/io";
import type { CyclictestResult, CyclictestThread } from "../../src/cyclictest/types";
import { codes, parseFixture, validate, FIXTURES } from "./helpers";

const A = (name: string) => `acceptance/${name}`;
function parse(name: string, options?: Parameters<typeof parseFixture>[1]): CyclictestResult {
  const r = parseFixture(A(name), options);
  validate(r);
  return r;
}
/** The T:-line fields: thread, tid, priority, intervalUs, cycles, min, act, avg, max (µs). */
const fields = (t: CyclictestThread) => [t.thread, t.tid, t.priority, t.intervalUs, t.cycles, t.minUs, t.actUs, t.avgUs, t.maxUs];

test("c01 live -t12, raw redirect: last of 3 frames wins, T:10/T:11 without a space, 7-digit TIDs, unit from %5ld widths", () => {
  const r = parse("c01-live-t12-T10-7digit-tid-raw.txt");
  assert.deepEqual(codes(r), []);
  assert.deepEqual([r.unit, r.unitSource, r.frames, r.policy, r.dmaLatencyUs], ["us", "field-widths", 3, "fifo", 0]);
  assert.equal(r.threads.length, 12);
  assert.deepEqual(fields(r.threads[0]), [0, 1758980, 95, 1000, 10000, 3, 9, 5, 40]);
  assert.deepEqual(fields(r.threads[10]), [10, 1758990, 95, 6000, 9999, 13, 19, 7, 70]);
  assert.deepEqual(fields(r.threads[11]), [11, 1758991, 95, 6500, 9998, 14, 20, 7, 73]);
});

test("c02 -N live through a pty (CRLF): ns from the %8ld widths even where a value fills 8 digits; converted to µs", () => {
  const r = parse("c02-live-N-pty-crlf-8digit-act.txt");
  assert.deepEqual(codes(r), []);
  assert.deepEqual([r.unit, r.unitSource, r.frames], ["ns", "field-widths", 3]);
  assert.deepEqual(fields(r.threads[0]), [0, 4411, 99, 1000, 3000, 1.83, 2.401, 2.64, 12345.678]);
  assert.deepEqual(fields(r.threads[1]), [1, 4412, 99, 1500, 2000, 1.911, 2.555, 2.688, 12345.678]);
});

test("c03 pasted session: '$ sudo cyclictest -N -q ...' prompt gives the unit; WARN line is a diagnostic", () => {
  const r = parse("c03-prompt-sudo-N-quiet-warn.txt");
  assert.deepEqual(codes(r), ["cyclictest/tool-warning"]);
  assert.equal(r.diagnostics[0].line, 2);
  assert.deepEqual([r.unit, r.unitSource, r.commandLine], ["ns", "command-line", "cyclictest --mlockall -N -q -t2 -p 90 -i 200 -l 100000"]);
  assert.deepEqual(fields(r.threads[0]), [0, 1201, 90, 200, 100000, 2.01, 3.12, 3.388, 41.002]);
  assert.deepEqual(fields(r.threads[1]), [1, 1202, 90, 700, 28571, 2.101, 3.333, 3.401, 39.98]);
});

test("c04 rt-tests 2.40 -q -h 12 -t2: every bucket, # Total, overflows with '# 00090 others'; no T: lines; unit undecidable", () => {
  const r = parse("c04-hist-le2.6-q-h12-t2-overflows-others.txt");
  assert.deepEqual(codes(r), ["cyclictest/unit-unknown"]);
  assert.deepEqual(r.threads, []);
  assert.equal(r.unit, null);
  assert.equal(r.version, "2.40");
  const h = r.histogram!;
  assert.deepEqual([h.bucketUs, h.rtTestsForm, h.hasSumColumn], [1, "<=2.6", false]);
  const [t0, t1] = h.threads;
  assert.equal(t0.buckets.length, 12);
  assert.deepEqual(t0.buckets.slice(4, 8), [[4, 5], [5, 120], [6, 400], [7, 300]]);
  assert.deepEqual([t0.totalCount, t0.overflows, t0.minUs, t0.avgUs, t0.maxUs, t0.overflowCyclesOmitted], [898, 102, 4, 7, 153, 90]);
  assert.deepEqual(t0.overflowCycles, [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200]);
  assert.deepEqual([t1.totalCount, t1.overflows, t1.minUs, t1.avgUs, t1.maxUs, t1.overflowCycles], [913, 0, 3, 6, 11, []]);
  assert.deepEqual(t1.buckets[11], [11, 1]);
});

test("c05 rt-tests >=2.7 -q -H 30 -t3: holes kept by bucket index, sum column checked and dropped, '# Thread N: ' lists", () => {
  const r = parse("c05-hist-ge2.7-q-H30-t3-holes-sum-column.txt");
  assert.deepEqual(codes(r), ["cyclictest/unit-unknown"]);
  const h = r.histogram!;
  assert.deepEqual([h.rtTestsForm, h.hasSumColumn, h.threads.length], [">=2.7", true, 3]);
  assert.deepEqual(h.threads[0].buckets, [[3, 1], [4, 50], [5, 400], [6, 500], [9, 40], [17, 0]]);
  assert.deepEqual(h.threads[2].buckets, [[3, 2], [4, 61], [5, 380], [6, 520], [9, 30], [17, 1]]);
  assert.deepEqual(h.threads.map((t) => [t.minUs, t.avgUs, t.maxUs, t.overflows, t.totalCount]), [
    [3, 5, 9, 0, null],
    [4, 5, 31, 5, null],
    [3, 5, 17, 0, null],
  ]);
  assert.deepEqual(h.threads[1].overflowCycles, [211, 212, 990, 1203, 1204]);
  assert.deepEqual(h.threads[0].overflowCycles, []);
});

test("c06 --json=- ahead of the quiet lines: unescaped cmdline and -nan repaired (said so), JSON avg and cpu merged, 0-cycle thread null", () => {
  const r = parse("c06-json-stdout-unescaped-cmdline-nan-t3.txt");
  assert.deepEqual(codes(r), ["cyclictest/json-repaired", "cyclictest/json-repaired", "cyclictest/thread-not-started"]);
  assert.deepEqual([r.unit, r.unitSource, r.version], ["us", "json", "2.40"]);
  assert.equal(r.commandLine, 'cyclictest --json=- -q -t3 -p 80 -i 1000 -l 500 --histfile="C:\\tmp\\h.txt"');
  assert.deepEqual(fields(r.threads[0]), [0, 30211, 80, 1000, 500, 4, 6, 7.43, 61]);
  assert.deepEqual(fields(r.threads[1]), [1, 30212, 80, 1500, 334, 5, 9, 8.91, 44]);
  assert.deepEqual(fields(r.threads[2]), [2, 30213, 80, 2000, 0, null, null, null, null]);
  assert.deepEqual(r.threads.map((t) => t.cpu), [0, 1, 2]);
  assert.deepEqual(r.system, { sysname: "Linux", release: "6.1.0-31-rt-amd64", version: "#1 SMP PREEMPT_RT Debian 6.1.128-1 (2025-02-07)", machine: "x86_64", realtime: true });
});

test("c07 two runs after shell prompts: the last one is the result, the first in earlierRuns; C: and TID fill their fields; SMI", () => {
  const r = parse("c07-two-runs-smi-filled-fields.txt");
  assert.deepEqual(codes(r), ["cyclictest/several-runs"]);
  assert.deepEqual(fields(r.threads[0]), [0, 1759990, 99, 100, 1000000, 1, 2, 2, 31]);
  assert.deepEqual(r.threads.map((t) => t.smi), [0, 0]);
  assert.equal(r.earlierRuns!.length, 1);
  const e = r.earlierRuns![0];
  assert.equal(e.commandLine, "cyclictest -q --smi -m -p99 -t2 -i100 -l43200000");
  assert.deepEqual(fields(e.threads[0]), [0, 1758988, 99, 100, 43200000, 1, 3, 2, 123456]);
  assert.deepEqual(fields(e.threads[1]), [1, 1758989, 99, 600, 7200000, 1, 2, 2, 99]);
  assert.equal(e.threads[0].smi, 17);
});

test("c08 cyclicdeadline (T: lines without P:) is recognised as a look-alike and not read", () => {
  const r = parse("c08-cyclicdeadline-lookalike.txt");
  assert.deepEqual(codes(r), ["cyclictest/not-this-format"]);
  assert.match(r.diagnostics[0].message, /cyclicdeadline/);
  assert.deepEqual([r.threads, r.histogram], [[], null]);
});

test("c09 -q -N -h 100: ns buckets (0.001 µs), every sample in overflow, 6-digit Max widens its field", () => {
  const r = parse("c09-hist-N-q-h100-all-overflow.txt");
  assert.deepEqual(codes(r), []);
  assert.deepEqual([r.unit, r.unitSource], ["ns", "command-line"]);
  const t = r.histogram!.threads[0];
  assert.equal(r.histogram!.bucketUs, 0.001);
  assert.equal(t.buckets.length, 100);
  assert.ok(t.buckets.every(([, c]) => c === 0));
  assert.deepEqual(t.buckets[99], [0.099, 0]);
  assert.deepEqual([t.totalCount, t.overflows, t.minUs, t.avgUs, t.maxUs, t.overflowCycles!.length, t.overflowCyclesOmitted], [0, 1000, 2.011, 3.155, 719.249, 100, 900]);
});

test("c10 live frames then the histogram right after the last frame; -H with one thread has no sum column", () => {
  const r = parse("c10-live-then-hist-ge2.7-H-one-thread.txt");
  assert.deepEqual(codes(r), []);
  assert.deepEqual(r.shapes, ["live", "histogram"]);
  assert.deepEqual(fields(r.threads[0]), [0, 778, 95, 1000, 1000, 2, 4, 3, 11]);
  const h = r.histogram!;
  assert.deepEqual([h.rtTestsForm, h.hasSumColumn], [">=2.7", false]);
  assert.deepEqual(h.threads[0].buckets, [[2, 90], [3, 700], [4, 150], [5, 50], [9, 9], [11, 1]]);
});

test("c11 rt-tests 2.10 JSON file with -N: histogram keys in ns become µs buckets, avg keeps its decimals", () => {
  const r = parse("c11-json-2.10-N-histogram-ns-keys.json");
  assert.deepEqual(codes(r), []);
  assert.deepEqual([r.unit, r.unitSource, r.version], ["ns", "json", "2.10"]);
  assert.deepEqual(r.threads.map((t) => [t.thread, t.cycles, t.minUs, t.avgUs, t.maxUs, t.cpu]), [
    [0, 2000, 2.45, 2.8022, 18, -1],
    [1, 1000, 2.5, 2.5, 2.5, -1],
  ]);
  assert.deepEqual(r.histogram!.threads[0].buckets, [[2.45, 1000], [3.1, 998], [18, 2]]);
  assert.equal(r.histogram!.threads[0].overflows, null, "the JSON has no overflow counts");
});

test("c12 rt-tests <=2.6 -q -H 8 -t2: sum column in rows, Total, Max and Overflows; totals + overflows = loops", () => {
  const r = parse("c12-hist-le2.6-q-H8-t2-sum-column-total.txt");
  assert.deepEqual(codes(r), []);
  assert.deepEqual([r.unit, r.unitSource], ["us", "command-line"]);
  const h = r.histogram!;
  assert.deepEqual([h.rtTestsForm, h.hasSumColumn, h.threads.length], ["<=2.6", true, 2]);
  assert.deepEqual(h.threads[1].buckets.slice(2, 7), [[2, 5], [3, 70], [4, 20], [5, 2], [6, 1]]);
  assert.deepEqual(h.threads.map((t) => [t.totalCount, t.overflows, t.minUs, t.avgUs, t.maxUs]), [
    [100, 0, 2, 3, 5],
    [98, 2, 2, 3, 13],
  ]);
  assert.deepEqual(h.threads[1].overflowCycles, [33, 71]);
});

test("c13 live 'policy: other/other' with P: 0, WARN first, '^C' echoed onto the last frame's header", () => {
  const r = parse("c13-live-other-other-P0-warn-sigint.txt");
  assert.deepEqual(codes(r), ["cyclictest/tool-warning"]);
  assert.deepEqual([r.policy, r.frames, r.unit], ["other/other", 3, "us"]);
  assert.deepEqual(fields(r.threads[0]), [0, 5520, 0, 1000, 1203, 13, 44, 60, 2210]);
});

test("c14 JSON cut short: the complete thread kept, the cut one left null, a truncated diagnostic", () => {
  const r = parse("c14-json-truncated.json");
  assert.deepEqual(codes(r), ["cyclictest/truncated"]);
  assert.deepEqual(r.threads.map((t) => [t.thread, t.cycles, t.minUs, t.maxUs]), [
    [0, 2000, 2.45, 18],
    [1, null, null, null],
  ]);
  assert.deepEqual(r.histogram!.threads[1].buckets, [], "the cut bucket '2500': 10... is not guessed");
});

test("c15 UTF-16LE with BOM and CRLF (PowerShell redirect) is detected and read through readInput", async () => {
  const out = await readInput(join(FIXTURES, A("c15-utf16le-bom-powershell-quiet.txt")), { fs: { ...fsp, createReadStream }, options: {} });
  assert.ok(out.ok && out.result.format === "cyclictest", out.ok ? out.result.format : out.message);
  const r = out.result as CyclictestResult;
  validate(r);
  assert.deepEqual(codes(r), []);
  assert.deepEqual(fields(r.threads[1]), [1, 913, 80, 1500, 40000, 2, 4, 3, 19]);
});

test("c16 live run killed mid-line: the cut line abstains from the unit vote; thread 1 comes from the frame before", () => {
  const r = parse("c16-live-killed-last-line-cut.txt");
  assert.deepEqual(codes(r), ["cyclictest/truncated"]);
  assert.equal(r.diagnostics[0].line, 8);
  assert.deepEqual([r.unit, r.unitSource], ["us", "field-widths"]);
  assert.deepEqual(fields(r.threads[0]), [0, 11, 99, 1000, 200, 2, 3, 3, 9]);
  assert.deepEqual(fields(r.threads[1]), [1, 12, 99, 1500, 66, 2, 3, 3, 8]);
});

test("vmexit parse prints the acceptance inputs readably and as CSV", async () => {
  const io = captureIO();
  assert.equal(await runCli(["parse", join(FIXTURES, A("c03-prompt-sudo-N-quiet-warn.txt"))], io), 0);
  const out = io.out.join("");
  assert.match(out, /printed in ns/);
  assert.match(out, /\n1 +1202 +90 +700 +28571 +2\.101 +3\.333 +3\.401 +39\.98\n/);
  const io2 = captureIO();
  assert.equal(await runCli(["parse", "--csv", join(FIXTURES, A("c12-hist-le2.6-q-H8-t2-sum-column-total.txt"))], io2), 0);
  const csv = io2.out.join("").trim().split("\n");
  assert.ok(csv.some((l) => /,histogram,1,,,,,2,,3,13,2,,,us$/.test(l)), csv.join("\n"));
  assert.ok(csv.some((l) => /,bucket,1,,,,,,,,,,3,70,us$/.test(l)), csv.join("\n"));
});

test("c17 a >=2.7 histogram copy missing a bucket row: the live T: line's C exceeds buckets + overflows, said so", () => {
  const r = parse("c17-live-hist-ge2.7-bucket-row-missing.txt");
  assert.deepEqual(codes(r), ["cyclictest/histogram-sum-mismatch"]);
  assert.equal(r.diagnostics[0].line, 9);
  assert.match(r.diagnostics[0].message, /1000 cycles .* holds 950/);
  assert.deepEqual(r.histogram!.threads[0].buckets, [[2, 90], [3, 700], [4, 150], [9, 9], [11, 1]]);
});

test("c18 a -q >=2.7 histogram with its first bucket row cut: '# Min Latencies' no longer matches the first filled bucket", () => {
  const r = parse("c18-hist-ge2.7-q-first-row-cut.txt");
  assert.deepEqual(codes(r), ["cyclictest/histogram-sum-mismatch", "cyclictest/histogram-sum-mismatch", "cyclictest/unit-unknown"]);
  assert.match(r.diagnostics[0].message, /^thread 0: '# Min Latencies' says 3 but the first filled bucket is 4/);
  assert.match(r.diagnostics[1].message, /^thread 2: /);
  assert.deepEqual(r.histogram!.threads[0].buckets[0], [4, 50]);
});

test("the min/max check stays quiet on a clean >=2.7 histogram with overflows (c05) and an all-overflow one (c09)", () => {
  assert.ok(!codes(parse("c05-hist-ge2.7-q-H30-t3-holes-sum-column.txt")).includes("cyclictest/histogram-sum-mismatch"));
  assert.ok(!codes(parse("c09-hist-N-q-h100-all-overflow.txt")).includes("cyclictest/histogram-sum-mismatch"));
});

test("c19 -v -N --smi -t2: n:c:v lines with the SMI count glued on, summarised per thread in µs", () => {
  const r = parse("c19-verbose-N-smi-t2.txt");
  assert.deepEqual(codes(r), []);
  assert.deepEqual([r.unit, r.unitSource, r.shapes], ["ns", "command-line", ["verbose"]]);
  assert.deepEqual(r.threads, []);
  assert.deepEqual(r.verbose, {
    oscilloscope: false,
    threads: [
      { thread: 0, samples: 3, firstCycle: 0, lastCycle: 2, minUs: 2.1, avgUs: 4116.95933, maxUs: 12345.678 },
      { thread: 1, samples: 3, firstCycle: 0, lastCycle: 2, minUs: 2.5, avgUs: 2.6, maxUs: 2.7 },
    ],
  });
});

test("c20 -o 10: one line per 10 cycles (the window maximum), marked as oscilloscope output", () => {
  const r = parse("c20-oscilloscope-o10.txt");
  assert.deepEqual(codes(r), []);
  assert.deepEqual(r.verbose, { oscilloscope: true, threads: [{ thread: 0, samples: 4, firstCycle: 9, lastCycle: 39, minUs: 11, avgUs: 19.5, maxUs: 40 }] });
});

test("the default table shows an SMIs column only for --smi runs", async () => {
  const io = captureIO();
  assert.equal(await runCli(["parse", join(FIXTURES, A("c07-two-runs-smi-filled-fields.txt"))], io), 0);
  assert.match(io.out.join(""), /max µs +SMIs\n0 +1759990 +99 +100 +1000000 +1 +2 +2 +31 +0\n/);
  const io2 = captureIO();
  assert.equal(await runCli(["parse", join(FIXTURES, A("c03-prompt-sudo-N-quiet-warn.txt"))], io2), 0);
  assert.doesNotMatch(io2.out.join(""), /SMI/);
});
