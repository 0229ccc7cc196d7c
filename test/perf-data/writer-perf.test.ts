/**
 * The perf.data writer, checked by real perf 6.1: for seeded exit lists the
 * text of `perf kvm -i F stat report` (vmexit, --vcpu N, ioport, mmio) must
 * equal the table computed by hand from the list; a fixture's pair list
 * replayed through the writer must print exactly what perf printed for the
 * fixture; both byte orders; pure and streaming output are identical.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { needTool } from "../helpers/tools";
import { createFileSink, createPerfDataWriter, writePerfData, type WriterExit, type WriterIsa } from "../../src/perf-data/writer";
import { SCENARIOS, VMX_MIX, perfReport, seededExits, zstdCli } from "./writer-seeded";
import { expectedReport, formatRow, formatTotal, type ReportEvent } from "../../src/perf-data/writer/expected-report";

const FIXTURE = join(__dirname, "..", "fixtures", "perf-data-writer", "vmx-io.pairs.json");

/** Table rows of a perf 6.1 report (lines ending in `% )`). */
function tableRows(text: string): string[] {
  return text.split("\n").filter((l) => /us \( \+-\s*[\d.]+% \)$/.test(l));
}

function checkAgainstPerf(perf: string, file: string, exits: WriterExit[], isa: WriterIsa, event: ReportEvent, vcpu: number | null): void {
  const text = perfReport(perf, file, event, vcpu);
  const rep = expectedReport(exits, isa, event, vcpu);
  assert.ok(rep.rows.length > 0, `no ${event} rows expected: the seeded list is too small`);
  const got = tableRows(text);
  const want = rep.rows.map((r) => formatRow(r, rep));
  // Same rows (order among equal counts is perf's hash order, checked separately).
  assert.deepEqual([...got].sort(), [...want].sort(), `${event} vcpu=${vcpu} rows differ\n${text}`);
  const counts = got.map((l) => Number(l.slice(21, 31)));
  for (let i = 1; i < counts.length; i++) assert.ok(counts[i - 1] >= counts[i], `rows not sorted by count:\n${text}`);
  assert.ok(text.includes(formatTotal(rep)), `total line: want ${formatTotal(rep)}\n${text}`);
  const scope = vcpu === null ? "all VCPUs" : `VCPU ${vcpu}`;
  assert.ok(text.includes(`Analyze events for all VMs, ${scope}:`), text);
}

for (const sc of SCENARIOS) {
  test(`perf kvm stat report on writePerfData(${sc.name}) equals the hand-computed tables`, (t) => {
    const perf = needTool(t, "perf", "apt-get install linux-perf");
    if (!perf) return;
    const dir = mkdtempSync(join(tmpdir(), "vmexit-writer-"));
    try {
      const file = join(dir, "perf.data.guest");
      writeFileSync(file, writePerfData(sc.exits, sc.options));
      checkAgainstPerf(perf, file, sc.exits, sc.options.isa, "vmexit", null);
      checkAgainstPerf(perf, file, sc.exits, sc.options.isa, "vmexit", 1);
      checkAgainstPerf(perf, file, sc.exits, sc.options.isa, "ioport", null);
      checkAgainstPerf(perf, file, sc.exits, sc.options.isa, "mmio", null);
      checkAgainstPerf(perf, file, sc.exits, sc.options.isa, "mmio", 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("zstd-compressed writer files (as perf record -z writes them) give perf the same tables, both byte orders", (t) => {
  const perf = needTool(t, "perf", "apt-get install linux-perf");
  const zstd = needTool(t, "zstd", "apt-get install zstd");
  if (!perf || !zstd) return;
  const dir = mkdtempSync(join(tmpdir(), "vmexit-writer-"));
  try {
    for (const sc of [SCENARIOS[0], SCENARIOS[2]]) {
      const file = join(dir, `${sc.name}.z.data`);
      const bytes = writePerfData(sc.exits, { ...sc.options, compress: zstdCli, roundNs: 4_000_000 });
      assert.ok(bytes.length < writePerfData(sc.exits, sc.options).length / 2, "compressed file is smaller");
      writeFileSync(file, bytes);
      const header = spawnSync(perf, ["report", "--header-only", "-i", file], { encoding: "utf8" });
      assert.match(header.stdout, /# compressed : Zstd, level = 1, ratio = \d+/);
      for (const event of ["vmexit", "ioport", "mmio"] as const) checkAgainstPerf(perf, file, sc.exits, sc.options.isa, event, null);
      checkAgainstPerf(perf, file, sc.exits, sc.options.isa, "vmexit", 0);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

interface PairsFixture {
  isa: string;
  cpuid: string;
  host_cpus: number;
  qemu_pid: number;
  pairs_columns: string[];
  pairs: Array<Array<number | null>>;
  expected_perf_kvm_stat_report: Record<string, string>;
}

test("writePerfData(pairs of fixture vmx-io) makes perf print the fixture's vmexit, --vcpu 0, ioport and mmio reports", (t) => {
  const perf = needTool(t, "perf", "apt-get install linux-perf");
  if (!perf) return;
  const fx = JSON.parse(readFileSync(FIXTURE, "utf8")) as PairsFixture;
  const col = (name: string): number => fx.pairs_columns.indexOf(name);
  const base = 1_000_000_000_000;
  const exits: WriterExit[] = fx.pairs
    .map((p) => {
      const n = (c: string): number => p[col(c)] as number;
      const e: WriterExit = { vcpu: n("vcpu"), exitCode: n("exit_reason"), startNs: n("exit_ns") - base, durationNs: n("duration_ns") };
      if (p[col("pio_ns")] !== null) e.pio = { port: n("port"), write: n("rw") === 1, offsetNs: n("pio_ns") - n("exit_ns") };
      if (p[col("mmio_ns")] !== null) e.mmio = { gpa: n("gpa"), write: n("mmio_type") === 2, offsetNs: n("mmio_ns") - n("exit_ns") };
      return e;
    })
    .sort((a, b) => a.startNs - b.startNs);
  const dir = mkdtempSync(join(tmpdir(), "vmexit-writer-"));
  try {
    const file = join(dir, "perf.data.guest");
    writeFileSync(file, writePerfData(exits, { isa: "vmx", vcpuCount: 2, hostCpus: fx.host_cpus, cpuid: fx.cpuid, leadingEntryNs: 1 }));
    const cases: Array<[string, ReportEvent, number | null]> = [
      ["vmexit", "vmexit", null],
      ["vmexit_vcpu0", "vmexit", 0],
      ["ioport", "ioport", null],
      ["mmio", "mmio", null],
    ];
    for (const [key, event, vcpu] of cases) {
      assert.equal(perfReport(perf, file, event, vcpu).trim(), fx.expected_perf_kvm_stat_report[key].trim(), key);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("perf report --header-only shows the writer's metadata features", (t) => {
  const perf = needTool(t, "perf", "apt-get install linux-perf");
  if (!perf) return;
  const dir = mkdtempSync(join(tmpdir(), "vmexit-writer-"));
  try {
    const file = join(dir, "perf.data.guest");
    const exits = seededExits(4, VMX_MIX, 1, 20, 2, false);
    const cmdline = ["/usr/bin/perf", "kvm", "stat", "record", "-p", "4242", "sleep", "2"];
    writeFileSync(file, writePerfData(exits, { isa: "vmx", vcpuCount: 1, hostCpus: 2, hostname: "rt-host", osRelease: "6.1.0-test", cmdline }));
    const r = spawnSync(perf, ["report", "--header-only", "-i", file], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    for (const want of [
      "# hostname : rt-host",
      "# os release : 6.1.0-test",
      "# arch : x86_64",
      "# nrcpus online : 2",
      "# cpuid : GenuineIntel,6,106,6",
      "# cmdline : /usr/bin/perf kvm stat record -p 4242 sleep 2",
      "# event : name = kvm:kvm_exit",
      "# event : name = dummy:HG",
    ]) {
      assert.ok(r.stdout.includes(want), `missing "${want}" in\n${r.stdout}`);
    }
    const script = spawnSync(perf, ["script", "-i", file], { encoding: "utf8" });
    assert.equal(script.status, 0, script.stderr);
    assert.match(script.stdout, /CPU 0\/KVM\s+4243 \[000\]\s+1000\.\d+:\s+kvm:kvm_exit: vcpu 0 reason \w+/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("createPerfDataWriter with a file sink writes the same bytes as writePerfData", () => {
  const sc = SCENARIOS[2];
  const dir = mkdtempSync(join(tmpdir(), "vmexit-writer-"));
  try {
    const file = join(dir, "stream.data");
    const sink = createFileSink(fs, file);
    const w = createPerfDataWriter(sc.options, sink);
    for (const e of sc.exits) w.add(e);
    const summary = w.finish();
    sink.close();
    const streamed = readFileSync(file);
    const pure = writePerfData(sc.exits, sc.options);
    assert.equal(summary.bytes, pure.length);
    assert.equal(summary.exits, sc.exits.length);
    assert.ok(Buffer.from(pure).equals(streamed));
    assert.equal(streamed.subarray(0, 8).toString("latin1"), "2ELIFREP");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("createPerfDataWriter.add throws on an exit that overlaps its vCPU's previous exit", () => {
  const w = createPerfDataWriter({ isa: "vmx", vcpuCount: 1 }, { write: () => {}, writeAt: () => {} });
  w.add({ vcpu: 0, exitCode: 12, startNs: 10_000, durationNs: 5000 });
  assert.throws(() => w.add({ vcpu: 0, exitCode: 1, startNs: 12_000, durationNs: 100 }), /not after vCPU 0's previous entry at 15000/);
  assert.throws(() => w.add({ vcpu: 3, exitCode: 1, startNs: 20_000, durationNs: 100 }), /vcpu must be an integer in \[0, 0\]/);
  assert.throws(() => w.add({ vcpu: 0, exitCode: 1, startNs: 30_000, durationNs: 100, pio: { port: 1, write: true, offsetNs: 100 } }), /pio\.offsetNs/);
});
