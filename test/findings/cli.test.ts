import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import { captureIO } from "../../src/cli/io";
import { FIXTURES } from "../experiment/io";

const SEED = join(FIXTURES, "seed-gp-rt");
const EXAMPLE = join(__dirname, "..", "..", "data", "examples", "rt-vmexit");

test("vmexit compare DIR prints the two seed findings, each on one line, raw → bind", async () => {
  const io = captureIO();
  assert.equal(await runCli(["compare", SEED], io), 0);
  const lines = io.out.join("").split("\n");
  const ei = lines.filter((l) => l.includes("EXTERNAL_INTERRUPT事件的占比"));
  const pt = lines.filter((l) => l.includes("PREEMPTION_TIMER事件的占比"));
  assert.equal(ei.length, 1);
  assert.equal(pt.length, 1);
  assert.match(ei[0], /绑定CPU后会使EXTERNAL_INTERRUPT事件的占比变少（4\.11% => 0\.35%/);
  assert.match(pt[0], /绑定CPU后会使PREEMPTION_TIMER事件的占比变多（0\.31% => 0\.72%/);
});

test("vmexit compare A B takes A as the reference", async () => {
  const io = captureIO();
  assert.equal(await runCli(["compare", join(SEED, "gp-rt-bind"), join(SEED, "gp-rt-raw")], io), 0);
  const out = io.out.join("");
  assert.match(out, /取消CPU绑定后会使EXTERNAL_INTERRUPT事件的占比变多（0\.35% => 4\.11%/);
});

test("vmexit compare A B on two report files works the same as on their folders", async () => {
  const io = captureIO();
  const f = (r: string) => join(SEED, r, "perf-kvm-stat-report.txt");
  assert.equal(await runCli(["compare", f("gp-rt-raw"), f("gp-rt-bind"), "--json"], io), 0);
  const a = JSON.parse(io.out.join(""));
  assert.deepEqual(a.experiment.runs, ["gp-rt-raw", "gp-rt-bind"]);
  const ei = a.findings.find((x: { reason: string; metric: string }) => x.reason === "EXTERNAL_INTERRUPT" && x.metric === "share");
  assert.equal(ei.direction, "down");
});

test("vmexit compare on a manifest with mistakes: one stderr line per mistake, exit 1, nothing on stdout", async () => {
  const io = captureIO();
  assert.equal(await runCli(["compare", join(FIXTURES, "manifest-mistakes")], io), 1);
  assert.equal(io.out.join(""), "");
  const err = io.err.join("").trim().split("\n");
  const codes = err.map((l) => /\[(experiment\/[a-z-]+)\]$/.exec(l)?.[1]).filter(Boolean);
  assert.deepEqual(codes.sort(), ["experiment/duplicate-run-id", "experiment/missing-file", "experiment/unknown-level", "experiment/wrong-kind"]);
  assert.match(err[err.length - 1], /4 problems in the experiment/);
  assert.doesNotMatch(io.err.join(""), /\n\s+at /);
});

test("vmexit summary DIR --csv has one row per run and reason; --json is the summaries", async () => {
  const io = captureIO();
  assert.equal(await runCli(["summary", SEED, "--csv"], io), 0);
  const rows = io.out.join("").trim().split("\n");
  assert.equal(rows[0].split(",")[0], "run");
  assert.equal(rows.length, 1 + 11 + 11);
  assert.ok(rows.includes("gp-rt-raw,EXTERNAL_INTERRUPT,822,4.11,0.01,2.5,1.5,0.61,48.9,,,0,0"));
  const j = captureIO();
  assert.equal(await runCli(["summary", SEED, "--json"], j), 0);
  const s = JSON.parse(j.out.join(""));
  assert.equal(s.length, 2);
  assert.equal(s[0].totalSamples, 20000);
});

test("vmexit summary of one run folder prints its table in Chinese", async () => {
  const io = captureIO();
  assert.equal(await runCli(["summary", join(SEED, "gp-rt-raw"), "--top", "3"], io), 0);
  const out = io.out.join("");
  assert.match(out, /退出原因\s+次数\s+占比/);
  assert.match(out, /另有 8 种退出原因/);
});

test("vmexit compare --help and summary --help exit 0 and describe the arguments", async () => {
  for (const c of ["compare", "summary"]) {
    const io = captureIO();
    assert.equal(await runCli([c, "--help"], io), 0);
    assert.match(io.out.join(""), /--json/);
  }
});

test("vmexit compare with three paths or a bad --alpha is a usage error", async () => {
  assert.equal(await runCli(["compare", "a", "b", "c"], captureIO()), 2);
  assert.equal(await runCli(["compare", SEED, "--alpha", "x"], captureIO()), 2);
});

test("vmexit compare on a manifest experiment with cyclictest and durations: best run, rates and the follow-up ↑/↓ table", async () => {
  const io = captureIO();
  assert.equal(await runCli(["compare", join(FIXTURES, "four-runs")], io), 0);
  const out = io.out.join("");
  assert.match(out, /1\. 四种配置中cyclictest测试效果最好的是GP-RT-BIND（最大延迟20 µs，平均延迟3 µs）/);
  assert.match(out, /GuestOS为RT时，绑定CPU后会使EXTERNAL_INTERRUPT事件的每秒次数变少（41\.1次\/秒 => 3\.5次\/秒/);
  assert.match(out, /\| EXTERNAL_INTERRUPT \| PREEMPTION_TIMER \|\n\|:-+:\|:-+:\|\n\|\s+↓\s+\|\s+↑\s+\|/);
  assert.doesNotMatch(out, /缺少录制时长/);
});

test("vmexit summary with durations and cyclictest -i gives exits per second and per period", async () => {
  const io = captureIO();
  assert.equal(await runCli(["summary", join(FIXTURES, "four-runs"), "--json"], io), 0);
  const s = JSON.parse(io.out.join(""));
  // 10 000 exits in 10 s = 1000/s; one 10 000 µs period sees 10
  assert.equal(s[0].exitsPerS, 1000);
  assert.equal(s[0].exitsPerPeriod, 10);
  assert.equal(s[0].latency.maxUs, 300);
});

test("vmexit compare prints the factor effects: consistent, partial (k/n) and mixed per reason and metric", async () => {
  const io = captureIO();
  assert.equal(await runCli(["compare", join(FIXTURES, "four-runs")], io), 0);
  const out = io.out.join("");
  const block = out.slice(out.indexOf("CPU绑定：未绑定CPU → 绑定CPU（2对）"));
  assert.match(block, /\nIO_INSTRUCTION\s+↑ 一致\s+↑ 一致\n/);
  assert.match(block, /\nEXTERNAL_INTERRUPT\s+↓ 1\/2\s+↓ 1\/2\n/);
  assert.match(block, /\nPREEMPTION_TIMER\s+不一致\s+不一致\n/);
});

test("vmexit compare DIR --baseline RUN makes that run's levels the reference (pinning phrased as unpinning)", async () => {
  const io = captureIO();
  assert.equal(await runCli(["compare", join(FIXTURES, "four-runs"), "--baseline", "rt-bind"], io), 0);
  const out = io.out.join("");
  assert.match(out, /GuestOS为RT时，取消CPU绑定后会使EXTERNAL_INTERRUPT事件的占比变多（0\.35% => 4\.11%/);
  const bad = captureIO();
  assert.equal(await runCli(["compare", join(FIXTURES, "four-runs"), "--baseline", "nope"], bad), 1);
  assert.match(bad.err.join(""), /--baseline nope: no run has this id/);
  assert.equal(bad.out.join(""), "");
});

test("vmexit summary/compare on folders without usable data: one error line per problem, no repeats, no stack trace", async () => {
  const root = mkdtempSync(join(tmpdir(), "vmexit-bad-"));
  mkdirSync(join(root, "empty"));
  mkdirSync(join(root, "odd", "weird_name"), { recursive: true });
  mkdirSync(join(root, "odd", "another.thing"));
  writeFileSync(join(root, "odd", "weird_name", "x"), Buffer.from([0, 1, 2, 3, 255, 254]));
  writeFileSync(join(root, "odd", "another.thing", "y.txt"), "hello\n");
  writeFileSync(join(root, "garbage.bin"), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)));
  const cases: [string[], string[]][] = [
    [["summary", join(root, "empty")], ["experiment/no-data"]],
    [["summary", join(root, "odd")], ["experiment/no-data", "experiment/no-reference-level", "experiment/unrecognised-file", "experiment/unrecognised-file"]],
    [["compare", join(root, "garbage.bin"), join(root, "empty")], ["experiment/no-data", "experiment/no-data", "experiment/unrecognised-file"]],
  ];
  for (const [argv, codes] of cases) {
    const io = captureIO();
    assert.equal(await runCli(argv, io), 1, argv.join(" "));
    assert.equal(io.out.join(""), "");
    const err = io.err.join("");
    assert.deepEqual([...err.matchAll(/\[([a-z-]+\/[a-z-]+)\]$/gm)].map((m) => m[1]).sort(), codes, argv.join(" "));
    assert.doesNotMatch(err, /\n\s+at |internal error/);
  }
});

test("vmexit compare A B compares A with B even when their names are not factor levels", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-ab-"));
  const report = (r: string) => readFileSync(join(SEED, r, "perf-kvm-stat-report.txt"));
  for (const [a, b] of [["before.txt", "after.txt"], ["node1-a.txt", "node2-b.txt"]]) {
    writeFileSync(join(dir, a), report("gp-rt-raw"));
    writeFileSync(join(dir, b), report("gp-rt-bind"));
    const io = captureIO();
    assert.equal(await runCli(["compare", join(dir, a), join(dir, b)], io), 0);
    const out = io.out.join("");
    const A = a.replace(".txt", "").toUpperCase();
    const B = b.replace(".txt", "").toUpperCase();
    assert.ok(out.split("\n").includes(`运行：${A} → ${B}`), out.slice(0, 300));
    assert.match(out, new RegExp(`相比${A}，${B}中EXTERNAL_INTERRUPT事件的占比变少（4\\.11% => 0\\.35%`));
    assert.doesNotMatch(out, /没有只在一个因素上不同的运行对|因素1由/);
  }
});

test("vmexit compare/summary --event takes perf's event names only; a run without that event's table says which event is missing", async () => {
  const bad = captureIO();
  assert.equal(await runCli(["compare", SEED, "--event", "bogus"], bad), 2);
  assert.match(bad.err.join(""), /Allowed choices are vmexit, ioport, mmio/);
  const io = captureIO();
  assert.equal(await runCli(["compare", join(FIXTURES, "four-runs"), "--event", "msr"], io), 0);
  assert.match(io.out.join(""), /没有msr事件的perf kvm stat数据，只参与延迟排序/);
});

test("vmexit summary --event ioport heads its first column with what a row is (IO端口), not exit reasons", async () => {
  const io = captureIO();
  assert.equal(await runCli(["summary", EXAMPLE, "--event", "ioport"], io), 0, io.err.join(""));
  const header = io.out.join("").split("\n").find((l) => l.includes("次数") && l.includes("占比"))!;
  assert.match(header, /^IO端口\s/);
  const vm = captureIO();
  assert.equal(await runCli(["summary", EXAMPLE], vm), 0);
  assert.match(vm.out.join(""), /\n退出原因\s+次数/);
});

test("vmexit compare with a run whose table counts no exit says so instead of 'no significant change'", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-empty-"));
  const empty = "\n\nAnalyze events for all VMs, all VCPUs:\n\n             VM-EXIT    Samples  Samples%     Time%    Min Time    Max Time         Avg time \n\n\nTotal Samples:0, Total events handled time:0.00us.\n\n";
  writeFileSync(join(dir, "idle.txt"), empty);
  const io = captureIO();
  assert.equal(await runCli(["compare", join(dir, "idle.txt"), join(SEED, "gp-rt-bind")], io), 0, io.err.join(""));
  const out = io.out.join("");
  assert.match(out, /IDLE的perf kvm stat表中一次退出也没有（Total Samples为0），无法与其他运行比较/);
  assert.doesNotMatch(out, /没有足够显著的变化/);
  const sum = captureIO();
  assert.equal(await runCli(["summary", join(dir, "idle.txt")], sum), 0);
  assert.match(sum.out.join(""), /\* 表中一次退出也没有/);
  assert.doesNotMatch(sum.out.join(""), /退出原因\s+次数/, "no empty table");
});

test("vmexit compare --alpha above 1 or empty is a usage error, not an internal error", async () => {
  for (const v of ["2", ""]) {
    const io = captureIO();
    assert.equal(await runCli(["compare", SEED, "--alpha", v], io), 2, v);
    assert.match(io.err.join(""), /--alpha expects a non-negative number up to 1/);
  }
});
