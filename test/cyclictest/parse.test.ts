/**
 * parseCyclictest: hand-written expectations for the tricky fixtures (values
 * read off the files by eye) and for constructed inputs covering the shapes
 * no fixture has (C:1000000, T:10, SMI, nan JSON, truncation, ...).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCyclictest } from "../../src/cyclictest/parse";
import type { CyclictestThread } from "../../src/cyclictest/types";
import { codes, fixtureText, parseFixture, validate } from "./helpers";

const pick = (t: CyclictestThread) => [t.thread, t.tid, t.priority, t.intervalUs, t.cycles, t.minUs, t.actUs, t.avgUs, t.maxUs];
const status = (i: number, tid: number, c: number, min: number, act: number, avg: number, max: number, p = 99, iv = 1000) =>
  `T:${String(i).padStart(2)} (${String(tid).padStart(5)}) P:${String(p).padStart(2)} I:${iv} C:${String(c).padStart(7)} Min:${String(min).padStart(7)} Act:${String(act).padStart(5)} Avg:${String(avg).padStart(5)} Max:${String(max).padStart(8)}`;

test("parseCyclictest(live redirect 01) takes the last frame: C 200, Min 56, Act 115, Avg 109, Max 432", () => {
  const r = parseFixture("01-own-live-t1-p99-i10000-l200-redirect.txt");
  assert.deepEqual(r.threads.map(pick), [[0, 8816, 99, 10000, 200, 56, 115, 109, 432]]);
  assert.equal(r.unit, "us");
  assert.equal(r.unitSource, "field-widths");
  assert.deepEqual(r.shapes, ["live"]);
  assert.equal(r.policy, "fifo");
  assert.equal(r.dmaLatencyUs, 0);
  assert.deepEqual(codes(r), []);
});

test("parseCyclictest(pty typescript 03) strips CR and the script header, and reads the command from it", () => {
  const r = parseFixture("03-own-live-pty-script-typescript.txt");
  assert.deepEqual(r.threads.map(pick), [[0, 11897, 99, 10000, 200, 52, 88, 101, 357]]);
  assert.equal(r.commandLine, "cyclictest -t1 -p 99 -i 10000 -l 200");
  assert.equal(r.unitSource, "command-line");
});

test("parseCyclictest(two threads live 12) keeps C 200 and 191: the second thread did not finish", () => {
  const r = parseFixture("12-own-threads-t2-live.txt");
  assert.deepEqual(r.threads.map(pick), [
    [0, 9824, 99, 10000, 200, 60, 82, 130, 744],
    [1, 9825, 99, 10500, 191, 50, 160, 99, 534],
  ]);
});

test("parseCyclictest(-N live 14) decides ns from the %8ld Act/Avg widths and converts to µs; I: stays µs", () => {
  const r = parseFixture("14-own-nsecs-N-live.txt");
  assert.equal(r.unit, "ns");
  assert.equal(r.unitSource, "field-widths");
  assert.deepEqual(r.threads.map(pick), [[0, 10029, 99, 10000, 200, 66.941, 156.85, 162.989, 492.939]]);
});

test("parseCyclictest(-N JSON 16) decides ns from resolution_in_ns and keeps the JSON's two-decimal average", () => {
  const r = parseFixture("16-own-json-nsecs-N.json");
  assert.equal(r.unit, "ns");
  assert.equal(r.unitSource, "json");
  assert.equal(r.version, "2.40");
  assert.deepEqual(r.threads.map(pick), [[0, null, null, null, 100, 38.935, null, 97.69275, 296.339]]);
});

test("parseCyclictest(--json=- 19) merges the JSON (avg 98.06) with the T: line after it (tid, act)", () => {
  const r = parseFixture("19-own-json-stdout-dash.txt");
  assert.deepEqual(r.threads.map(pick), [[0, 10317, 99, 10000, 100, 65, 81, 98.06, 262]]);
  assert.deepEqual(r.shapes, ["quiet", "json"]);
  assert.equal(r.threads[0].cpu, 0);
});

test("parseCyclictest(-q -h 06) has no T: line: threads is [] and the figures are in the histogram (rt-tests <= 2.6 form)", () => {
  const r = parseFixture("06-own-hist-h100-quiet.txt");
  assert.deepEqual(r.threads, []);
  const h = r.histogram!;
  assert.equal(h.rtTestsForm, "<=2.6");
  assert.equal(h.threads.length, 1);
  const t = h.threads[0];
  assert.equal(t.buckets.length, 100);
  assert.deepEqual(t.buckets[0], [0, 0]);
  assert.equal(t.overflows, 110);
  assert.equal(t.totalCount, 90);
  assert.equal(t.overflowCycles!.length, 100);
  assert.equal(t.overflowCyclesOmitted, 10);
  assert.deepEqual([t.minUs, t.avgUs, t.maxUs], [60, 116, 661]);
  // No command line, no T: line, no JSON: the unit cannot be decided.
  assert.equal(r.unit, null);
  assert.ok(codes(r).includes("cyclictest/unit-unknown"));
});

test("parseCyclictest(-H two threads 07) drops the all-threads sum column after checking it", () => {
  const r = parseFixture("07-own-histofall-H100-t2-quiet.txt");
  const h = r.histogram!;
  assert.equal(h.hasSumColumn, true);
  assert.equal(h.threads.length, 2);
  assert.deepEqual(h.threads.map((t) => [t.overflows, t.totalCount, t.maxUs]), [
    [109, 91, 1881],
    [55, 145, 1182],
  ]);
  assert.ok(h.threads.every((t) => t.buckets.every((b) => b.length === 2)));
  assert.ok(!codes(r).includes("cyclictest/histogram-sum-mismatch"));
});

test("parseCyclictest(v2.10 -H 42) reads the >= 2.7 form: empty buckets left out, no Total, '# Thread 0: ' with a trailing blank", () => {
  const r = parseFixture("42-own-v2.10-quiet-histofall-H400-t2-json.txt");
  const h = r.histogram!;
  assert.equal(h.rtTestsForm, ">=2.7");
  assert.deepEqual(h.threads[0].buckets[0], [44, 0]);
  assert.deepEqual(h.threads[1].buckets[0], [44, 1]);
  assert.equal(h.threads[0].totalCount, null);
  assert.deepEqual(h.threads[0].overflowCycles, []);
  assert.deepEqual(h.threads[1].overflowCycles, [74]);
  assert.deepEqual(h.threads.map((t) => t.overflows), [0, 1]);
});

test("parseCyclictest(-q -N -h 15) keeps histogram latencies wider than %05lu (Max 719249) as printed when the unit is unknown", () => {
  const r = parseFixture("15-own-nsecs-N-quiet-hist.txt");
  assert.equal(r.histogram!.threads[0].maxUs, 719249);
  assert.equal(r.histogram!.threads[0].overflows, 200);
  const withCmd = parseCyclictest(fixtureText("15-own-nsecs-N-quiet-hist.txt"), "15", { commandLine: "cyclictest -q -N -t1 -p 99 -i 10000 -l 200 -h 100" });
  assert.equal(withCmd.unit, "ns");
  assert.equal(withCmd.unitSource, "command-line");
  assert.equal(withCmd.histogram!.bucketUs, 0.001);
  assert.equal(withCmd.histogram!.threads[0].maxUs, 719.249);
  assert.deepEqual(withCmd.histogram!.threads[0].buckets[1], [0.001, 0]);
});

test("parseCyclictest(-M 20) warns that the last frame is stale: only Max is final", () => {
  const r = parseFixture("20-own-refresh-on-max-M.txt");
  assert.deepEqual(r.threads.map(pick), [[0, 10341, 99, 10000, 53, 75, 1216, 117, 1216]]);
  assert.ok(codes(r).includes("cyclictest/refresh-on-max"));
});

test("parseCyclictest(--spike 22) keeps the spike records with TS in µs", () => {
  const r = parseFixture("22-own-spike.txt");
  assert.equal(r.spikes!.count, 197);
  assert.equal(r.spikes!.records.length, 197);
  assert.deepEqual(r.spikes!.records[0], { thread: 0, latencyUs: 136, timestampUs: 462575727 });
});

test("parseCyclictest(-v 13, 26) summarises the n:c:v samples per thread; -o (31) is flagged as oscilloscope", () => {
  const v1 = parseFixture("13-own-verbose-v.txt").verbose!;
  assert.deepEqual(v1.threads.map((t) => [t.thread, t.samples, t.firstCycle, t.lastCycle, t.minUs, t.maxUs]), [[0, 50, 0, 49, 74, 502]]);
  assert.equal(v1.oscilloscope, false);
  const v2 = parseFixture("26-own-verbose-v-t2.txt").verbose!;
  assert.deepEqual(v2.threads.map((t) => [t.thread, t.samples]), [[0, 20], [1, 19]]);
  assert.equal(parseFixture("31-own-oscope-o10-v.txt").verbose!.oscilloscope, true);
});

test("parseCyclictest(--histfile stdout 23) says there are no results; the .hist file has them", () => {
  assert.deepEqual(codes(parseFixture("23-own-histfile.txt")), ["cyclictest/no-results"]);
  assert.equal(parseFixture("23-own-histfile.hist.txt").histogram!.threads[0].overflows, 107);
});

test("parseCyclictest(FATAL stderr 28) is an error diagnostic, not an exception", () => {
  const r = parseFixture("28-own-smi-nonroot-or-unsupported.stderr.txt");
  const d = r.diagnostics.find((x) => x.code === "cyclictest/tool-fatal")!;
  assert.equal(d.severity, "error");
  assert.equal(d.line, 1);
  assert.match(d.message, /SMI counter is not supported/);
});

test("parseCyclictest(three pasted runs 50) reports the last, keeps the others in earlierRuns, and flags the defaulted priority", () => {
  const r = parseFixture("50-pub-machinekit-smp-typo-defaulting-prio-2.txt");
  assert.deepEqual(r.threads.map(pick), [[0, 4639, 2, 10000, 10000, 18, 37, 28, 211]]);
  assert.deepEqual(r.earlierRuns!.map((x) => [x.line, x.threads[0].maxUs]), [[4, 34], [10, 129]]);
  assert.equal(codes(r).filter((c) => c === "cyclictest/priority-defaulted").length, 3);
  assert.ok(codes(r).includes("cyclictest/several-runs"));
});

test("parseCyclictest(WARN/ERROR before the header 52) reports both lines and reads the four threads", () => {
  const r = parseFixture("52-pub-snap-rpi5-WARN-ERROR-lines-before-header.txt");
  assert.equal(r.threads.length, 4);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.line]),
    [
      ["cyclictest/tool-warning", 2],
      ["cyclictest/tool-error", 3],
    ],
  );
});

test("parseCyclictest(half-overwritten terminal copy 53) recovers Avg and Max only, with a diagnostic per line", () => {
  const r = parseFixture("53-pub-lkml-terminal-copy-overwritten-lines.txt");
  assert.deepEqual(r.threads.map(pick), [[null, null, null, null, null, null, null, 107, 321]]);
  assert.equal(codes(r).filter((c) => c === "cyclictest/overwritten-line").length, 6);
});

test("parseCyclictest(mail-wrapped Max 55, quoted 55b) joins the value back onto its T: line", () => {
  const r = parseFixture("55-pub-lkml-mail-wrapped-Max-field.txt");
  assert.deepEqual(r.threads.map((t) => t.maxUs), [14, 28, 15, 24]);
  assert.deepEqual(r.threads.map((t) => t.intervalUs), [1000, 1500, 2000, 2500]);
  const q = parseFixture("55b-pub-lkml-m68k-WARN-hrtimer-wrapped-quoted.txt");
  assert.deepEqual(q.threads.map(pick), [[0, 245, 99, 1000, 11203, 92, 623, 775, 3516]]);
  assert.deepEqual(codes(q), ["cyclictest/tool-warning", "cyclictest/tool-warning", "cyclictest/wrapped-line"]);
});

test("parseCyclictest reads 6- and 7-digit TIDs (57b, 58)", () => {
  assert.deepEqual(parseFixture("57b-pub-cn-blog-6digit-tid-t2-D1m.txt").threads.map((t) => t.tid), [148282, 148283]);
  const r = parseFixture("58-pub-7digit-tid-defaulting-prio.txt");
  assert.deepEqual(r.threads.map(pick), [[0, 1758988, 2, 10000, 100, 3, 4, 3, 4]]);
});

test("parseCyclictest(59) reads a count wider than %06lu and reports that the trimmed rows do not add up to Total", () => {
  const r = parseFixture("59-pub-rpi-hypriot-histogram-7digit-bucket-count.txt");
  const t = r.histogram!.threads[0];
  assert.deepEqual(t.buckets.find(([lat]) => lat === 16), [16, 8595933]);
  assert.equal(t.totalCount, 10000000);
  assert.ok(codes(r).includes("cyclictest/histogram-sum-mismatch"));
  assert.equal(r.unit, "us");
});

test("parseCyclictest(grep Latencies 61) builds a histogram of summary lines only, 4 threads", () => {
  const r = parseFixture("61-pub-openshift-grep-Latencies-4threads.txt");
  assert.deepEqual(r.histogram!.threads.map((t) => [t.minUs, t.avgUs, t.maxUs]), [
    [3, 4, 84],
    [3, 3, 84],
    [3, 3, 84],
    [3, 3, 86],
  ]);
  assert.ok(r.shapes!.includes("summary-only"));
});

test("parseCyclictest(hand-edited widths 66) keeps the numbers as printed and says the unit is unknown", () => {
  const r = parseFixture("66-pub-NONCONFORMING-widths-indented-missing-hash.txt");
  assert.equal(r.threads.length, 9);
  assert.equal(r.unit, null);
  const d = r.diagnostics.find((x) => x.code === "cyclictest/unit-unknown")!;
  assert.match(d.message, /match no cyclictest layout/);
  assert.equal(parseFixture("66-pub-NONCONFORMING-widths-indented-missing-hash.txt", { unit: "us" }).unitSource, "option");
});

test("parseCyclictest(cyclicdeadline 67) is recognised as a look-alike: not-this-format error naming cyclicdeadline, no threads", () => {
  const r = parseFixture("67-pub-NOT-CYCLICTEST-cyclicdeadline-similar-lines.txt");
  assert.deepEqual(r.threads, []);
  assert.deepEqual(codes(r), ["cyclictest/not-this-format"]);
  assert.equal(r.diagnostics[0].severity, "error");
  assert.match(r.diagnostics[0].message, /cyclicdeadline/);
  assert.equal(r.diagnostics[0].line, 3);
});

test("parseCyclictest(ptsematest JSON 69) is recognised as another rt-tests tool's JSON", () => {
  const r = parseFixture("69-pub-ptsematest-json-rt-tests-2.80-PARTIAL.txt");
  assert.deepEqual(codes(r), ["cyclictest/not-this-format"]);
  assert.match(r.diagnostics[0].message, /ptsematest/);
});

// ---- constructed inputs -----------------------------------------------------------------------

test("parseCyclictest reads counts that fill their field (C:1000000, C:43200000) and T:10 and above", () => {
  const lines = ["# /dev/cpu_dma_latency set to 0us", "policy: fifo: loadavg: 0.00 0.00 0.00 1/100 200          ", ""];
  for (let i = 0; i < 12; i++) lines.push(status(i, 1000 + i, i === 0 ? 43200000 : 1000000, 2, 3, 4, 50 + i));
  const r = parseCyclictest(lines.join("\n") + "\n", "many.txt");
  assert.ok(lines[3 + 10].startsWith("T:10 ("));
  assert.ok(lines[3].includes("C:43200000"));
  assert.equal(r.threads.length, 12);
  assert.deepEqual(r.threads.map((t) => t.thread), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.equal(r.threads[0].cycles, 43200000);
  assert.equal(r.threads[11].cycles, 1000000);
  assert.equal(r.threads[11].maxUs, 61);
  validate(r);
});

test("parseCyclictest reads the --smi column", () => {
  const r = parseCyclictest(`${status(0, 77, 100, 2, 3, 4, 5)} SMI:       3\n`, "smi.txt");
  assert.equal(r.threads[0].smi, 3);
  assert.equal(r.threads[0].maxUs, 5);
});

test("parseCyclictest reads the pre-0.50 header (bare loadavg) as a live frame", () => {
  const frame = (c: number) => `0.10 0.20 0.30 1/80 500          \n\n${status(0, 501, c, 5, 6, 7, 8)}\n`;
  const r = parseCyclictest(frame(1) + "\x1b[3A" + frame(2), "old.txt");
  assert.equal(r.threads[0].cycles, 2);
  assert.equal(r.frames, 2);
});

test("parseCyclictest on a live capture cut inside the last frame uses the frame before for the missing thread", () => {
  const text = fixtureText("12-own-threads-t2-live.txt");
  const cut = text.slice(0, text.lastIndexOf("T: 1 ("));
  const r = parseCyclictest(cut, "cut.txt");
  assert.deepEqual(r.threads.map((t) => t.cycles), [200, 190]);
  assert.ok(codes(r).includes("cyclictest/truncated"));
  validate(r);
});

test("parseCyclictest on a T: line cut in the middle keeps the line before and says so", () => {
  const text = fixtureText("01-own-live-t1-p99-i10000-l200-redirect.txt");
  const cut = text.slice(0, text.length - 20);
  const r = parseCyclictest(cut, "cut.txt");
  assert.equal(r.threads[0].cycles, 199);
  assert.ok(codes(r).includes("cyclictest/truncated"));
});

test("parseCyclictest on a quiet line cut in the middle keeps the fields it has, the others null", () => {
  const r = parseCyclictest("T: 0 ( 9108) P:99 I:10000 C:    200 Min:     71 Act:  1", "cut.txt");
  assert.deepEqual(r.threads.map(pick), [[0, 9108, 99, 10000, 200, 71, 1, null, null]]);
});

test("parseCyclictest on a file ending with a cursor-up says the final frame never came", () => {
  const text = fixtureText("04-own-quiet-q.txt");
  const live = `policy: fifo: loadavg: 1 1 1 1/1 1          \n\n${status(0, 9, 5, 1, 2, 3, 4)}\n\x1b[3A`;
  assert.ok(text.length > 0);
  assert.ok(codes(parseCyclictest(live, "x")).includes("cyclictest/truncated"));
});

test("parseCyclictest on a truncated JSON keeps the complete threads", () => {
  const text = fixtureText("18-own-json-hist1000-t2.json");
  const cut = text.slice(0, text.indexOf('"1": {') + 30);
  const r = parseCyclictest(cut, "cut.json");
  assert.ok(codes(r).includes("cyclictest/truncated"));
  assert.equal(r.threads[0].cycles, 200);
  assert.equal(r.threads[0].maxUs, 1418);
  validate(r);
});

test("parseCyclictest repairs the JSON quirks: -nan average, unescaped cmdline", () => {
  const json = fixtureText("17-own-json-quiet.json")
    .replace('"avg": 94.05', '"avg": -nan')
    .replace("cyclictest -q", 'cyclictest --json="/tmp/a b\\c" -q');
  const r = parseCyclictest(json, "q.json");
  assert.deepEqual(codes(r), ["cyclictest/json-repaired", "cyclictest/json-repaired"]);
  assert.equal(r.threads[0].avgUs, null);
  assert.equal(r.threads[0].maxUs, 428);
  assert.match(r.commandLine!, /a b\\c/);
});

test("parseCyclictest on a JSON that cannot be repaired says so with an error", () => {
  const r = parseCyclictest('{\n  "file_version": 1,\n  "cmdline:": "cyclictest -q",\n  "num_threads": ?\n}\n', "bad.json");
  assert.ok(codes(r).includes("cyclictest/json-invalid"));
});

test("parseCyclictest: the JSON's resolution_in_ns wins over the command line and a conflict is reported", () => {
  const json = fixtureText("17-own-json-quiet.json").replace("cyclictest -q", "cyclictest -N -q");
  const r = parseCyclictest(json, "q.json");
  assert.equal(r.unit, "us");
  assert.ok(codes(r).includes("cyclictest/unit-conflict"));
});

test("parseCyclictest: a -N command line in the file converts a histogram to µs buckets of 0.001", () => {
  const text = "$ cyclictest -q -N -h 3\n# Histogram\n000000 000000\n000001 000002\n000002 000001\n# Total: 000000003\n# Min Latencies: 00001\n# Avg Latencies: 00001\n# Max Latencies: 00005\n# Histogram Overflows: 00001\n# Histogram Overflow at cycle number:\n# Thread 0: 00002\n";
  const r = parseCyclictest(text, "h.txt");
  assert.equal(r.unit, "ns");
  assert.deepEqual(r.histogram!.threads[0].buckets, [[0, 0], [0.001, 2], [0.002, 1]]);
  assert.equal(r.histogram!.threads[0].maxUs, 0.005);
  assert.deepEqual(r.histogram!.threads[0].overflowCycles, [2]);
});

test("parseCyclictest: an -H sum column that does not add up is reported", () => {
  const text = "# Histogram\n000000 000001\t000001\t000003\n# Total: 000000001 000000001 000000002\n# Min Latencies: 00000 00000\n# Avg Latencies: 00000 00000\n# Max Latencies: 00000 00000 00000\n# Histogram Overflows: 00000 00000 00000\n";
  assert.ok(codes(parseCyclictest(text, "h.txt")).includes("cyclictest/histogram-sum-mismatch"));
});

test("parseCyclictest: a histogram cut before its summary lines is reported as truncated", () => {
  const text = fixtureText("06-own-hist-h100-quiet.txt");
  const r = parseCyclictest(text.slice(0, text.indexOf("000050")), "h.txt");
  assert.ok(codes(r).includes("cyclictest/truncated"));
  assert.equal(r.histogram!.threads[0].buckets.length, 50);
  assert.equal(r.histogram!.threads[0].maxUs, null);
});

test("parseCyclictest: a thread that never started has null latencies, not the Min:1000000 placeholder", () => {
  const r = parseCyclictest("T: 0 (    0) P:99 I:10000 C:      0 Min:1000000 Act:    0 Avg:    0 Max:       0\n", "z.txt");
  assert.deepEqual(r.threads.map(pick), [[0, null, 99, 10000, 0, null, null, null, null]]);
  assert.ok(codes(r).includes("cyclictest/thread-not-started"));
});

test("parseCyclictest: -t 4 on the command line with two T: lines is reported", () => {
  const r = parseCyclictest(`# cyclictest -q -t 4\n${status(0, 1, 5, 1, 1, 1, 1)}\n${status(1, 2, 5, 1, 1, 1, 1)}\n`, "t.txt");
  assert.ok(codes(r).includes("cyclictest/thread-count-mismatch"));
});

test("parseCyclictest: a SIGUSR1 status block on stderr does not replace the final quiet result", () => {
  const text = `#---------------------------\n# cyclictest current status:\n${status(0, 7, 50, 1, 2, 3, 4)}\n#---------------------------\n${status(0, 7, 100, 1, 2, 3, 9)}\n`;
  const r = parseCyclictest(text, "usr1.txt");
  assert.deepEqual(r.threads.map((t) => [t.cycles, t.maxUs]), [[100, 9]]);
});

test("parseCyclictest on prose, an empty file or random text gives a not-this-format error and no threads", () => {
  for (const text of ["", "hello world\n", "Analyze events for all VMs, all VCPUs:\n\n VM-EXIT Samples\n"]) {
    const r = parseCyclictest(text, "p.txt");
    assert.deepEqual(r.threads, []);
    assert.deepEqual(codes(r), ["cyclictest/not-this-format"]);
    validate(r);
  }
});

test("parseCyclictest(text, file) throws on API misuse (not a string), naming the argument", () => {
  assert.throws(() => parseCyclictest(undefined as unknown as string, "x"), /text must be a string/);
});

test("parseCyclictest: every diagnostic carries the file, and a line when it is about one line", () => {
  const r = parseFixture("55b-pub-lkml-m68k-WARN-hrtimer-wrapped-quoted.txt");
  for (const d of r.diagnostics) {
    assert.equal(d.file, "55b-pub-lkml-m68k-WARN-hrtimer-wrapped-quoted.txt");
    assert.ok(typeof d.line === "number" && d.line >= 1);
  }
});

test("parseCyclictest(JSON 42) keeps sysinfo: release, machine, and realtime false on this non-RT VM", () => {
  const r = parseFixture("42-own-v2.10-quiet-histofall-H400-t2-json.json");
  assert.deepEqual(r.system, { sysname: "Linux", release: "6.18.44-fc-v782", version: "#1 SMP PREEMPT_DYNAMIC @0", machine: "x86_64", realtime: false });
  assert.equal(parseFixture("04-own-quiet-q.txt").system, null);
});

test("parseCyclictest: a JSON return_code other than 0 is reported", () => {
  const r = parseCyclictest(fixtureText("17-own-json-quiet.json").replace('"return_code": 0', '"return_code": 1'), "rc.json");
  assert.ok(codes(r).includes("cyclictest/run-failed"));
});

test("parseCyclictest reads -v lines with the --smi count glued on", () => {
  const r = parseCyclictest("       0:       0:     142       0\n       0:       1:     150       1\n", "smi-v.txt");
  assert.deepEqual(r.verbose!.threads.map((t) => [t.samples, t.maxUs]), [[2, 150]]);
});

test("parseCyclictest on a live capture whose escapes were stripped (sed, a log viewer) still sees one run", () => {
  for (const name of ["12-own-threads-t2-live.txt", "10-own-smp-S-live.txt", "29-own-policy-rr-priospread-t2.txt"]) {
    const withEsc = parseFixture(name);
    const r = parseCyclictest(fixtureText(name).replace(/\x1b\[\d+[AB]/g, ""), name);
    assert.deepEqual(r.earlierRuns, [], name);
    assert.deepEqual(r.threads, withEsc.threads, name);
    assert.deepEqual(codes(r), [], name);
  }
});
