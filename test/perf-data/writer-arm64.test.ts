/**
 * arm64 writer files. No x86 perf can report them (perf refuses the MIDR
 * cpuid), so they are checked three ways: perf script renders every sample
 * through the embedded (reconstructed) format texts; perf kvm stat refuses
 * them as it refuses any non-x86 recording; and our reader's vmexit table —
 * entry→exit, keyed by ret or esr_ec — equals the table computed by hand from
 * the exit list.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { promises as fsp } from "node:fs";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { needTool } from "../helpers/tools";
import { writePerfData, seededRandom, ARM64_EXCEPTION_CLASSES as EC, ARM64_EXIT_TYPES as RET, type WriterExit } from "../../src/perf-data/writer";
import { expectedReport, fixed2 } from "../../src/perf-data/writer/expected-report";
import { readPerfData } from "../../src/perf-data/read";

const KINDS: Array<{ ret: number; esrEc?: number; weight: number }> = [
  { ret: RET.TRAP, esrEc: EC.DABT_LOW, weight: 30 },
  { ret: RET.TRAP, esrEc: EC.WFx, weight: 25 },
  { ret: RET.IRQ, weight: 20 },
  { ret: RET.TRAP, esrEc: EC.SYS64, weight: 15 },
  { ret: RET.TRAP, esrEc: EC.HVC64, weight: 10 },
];

function arm64Exits(seed: number, vcpus: number, perVcpu: number): WriterExit[] {
  const rnd = seededRandom(seed);
  const wsum = KINDS.reduce((s, k) => s + k.weight, 0);
  const next = Array.from({ length: vcpus }, (_, v) => 10_000 + v * 77);
  const out: WriterExit[] = [];
  for (let i = 0; i < perVcpu; i++) {
    for (let v = 0; v < vcpus; v++) {
      let x = rnd() * wsum;
      const k = KINDS.find((c) => (x -= c.weight) < 0) ?? KINDS[0];
      const startNs = next[v] + 500 + Math.floor(rnd() * 80_000);
      const durationNs = 800 + Math.floor(rnd() * 6000);
      out.push({ vcpu: v, exitCode: k.ret, esrEc: k.esrEc, startNs, durationNs });
      next[v] = startNs + durationNs;
    }
  }
  return out.sort((a, b) => a.startNs - b.startNs);
}

const exits = arm64Exits(11, 2, 120);

test("readPerfData on an arm64 writer file equals the hand-computed entry→exit table; --vcpu sees every thread as vCPU 0, as perf", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-arm64-"));
  try {
    const file = join(dir, "perf.data.guest");
    writeFileSync(file, writePerfData(exits, { isa: "arm64", vcpuCount: 2, hostCpus: 4 }));
    // arm64 kvm_entry has no vcpu id field: perf reads it as 0 for every thread.
    const noRows = await readPerfData(file, fsp, { event: "vmexit", vcpu: 1 });
    assert.equal(noRows.tables[0].totalSamples ?? 0, 0, "--vcpu 1 matches no thread");
    for (const vcpu of [null, 0]) {
      const rep = expectedReport(exits, "arm64", "vmexit", null);
      const got = await readPerfData(file, fsp, { event: "vmexit", vcpu });
      const table = got.tables[0];
      assert.equal(table.totalSamples, rep.totalCount);
      const want = rep.rows.map((r) => ({
        name: r.name,
        samples: r.count,
        samplesPct: Number(fixed2((r.count / rep.totalCount) * 100)),
        maxUs: Number(fixed2(r.maxNs / 1e3)),
        avgUs: Number(fixed2(r.totalNs / r.count / 1e3)),
      }));
      const have = table.rows.map((r) => ({ name: r.name, samples: r.samples, samplesPct: r.samplesPct, maxUs: r.maxUs, avgUs: r.avgUs }));
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      assert.deepEqual([...have].sort(byName), [...want].sort(byName), `vcpu=${vcpu}`);
      assert.ok(["DABT_LOW", "WFx", "IRQ", "SYS64", "HVC64"].every((n) => table.rows.some((r) => r.name === n)), "every kind has a row");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("perf script renders arm64 writer samples; perf kvm stat refuses the file as not x86", (t) => {
  const perf = needTool(t, "perf", "apt-get install linux-perf");
  if (!perf) return;
  const dir = mkdtempSync(join(tmpdir(), "vmexit-arm64-"));
  try {
    const file = join(dir, "perf.data.guest");
    writeFileSync(file, writePerfData(exits.slice(0, 20), { isa: "arm64", vcpuCount: 2 }));
    const script = spawnSync(perf, ["script", "-i", file], { encoding: "utf8" });
    assert.equal(script.status, 0, script.stderr);
    const lines = script.stdout.trim().split("\n");
    assert.equal(lines.length, 2 + 20 * 2, "leading entries + exit and entry per exit");
    assert.match(script.stdout, /CPU 0\/KVM\s+4243 \[\d+\]\s+1000\.\d+:\s+kvm:kvm_exit: TRAP: HSR_EC: 0x00(24|01|18|16) \((DABT_LOW|WFx|SYS64|HVC64)\), PC: 0xffff8000[0-9a-f]{8}/);
    const header = spawnSync(perf, ["report", "--header-only", "-i", file], { encoding: "utf8" });
    assert.match(header.stdout, /# arch : aarch64/);
    const kvm = spawnSync(perf, ["kvm", "-i", file, "stat", "report"], { encoding: "utf8" });
    assert.match(kvm.stdout + kvm.stderr, /CPU 0x00000000410fd0c0 is not supported/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("writePerfData(arm64) rejects pio/mmio sub-events, which arm64 recordings do not have", () => {
  assert.throws(
    () => writePerfData([{ vcpu: 0, exitCode: 2, esrEc: 0x24, startNs: 5000, durationNs: 900, mmio: { gpa: 0x9000000, write: true, offsetNs: 100 } }], { isa: "arm64", vcpuCount: 1 }),
    /arm64 recordings have no kvm_mmio tracepoint/,
  );
});
