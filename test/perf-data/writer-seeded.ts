/**
 * Seeded writer inputs shared by the writer tests: exit lists, scenarios
 * (byte orders, ISAs, pinned and migrating vCPUs), and small perf/zstd helpers.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { VMX_EXIT_CODES, SVM_EXIT_CODES, seededRandom, type PerfDataWriterOptions, type WriterExit } from "../../src/perf-data/writer";
import type { ReportEvent } from "../../src/perf-data/writer/expected-report";

interface ReasonSpec {
  code: number;
  weight: number;
  minNs: number;
  maxNs: number;
  kind?: "pio" | "mmio" | "msr";
}

export const VMX_MIX: ReasonSpec[] = [
  { code: VMX_EXIT_CODES.MSR_WRITE, weight: 30, minNs: 400, maxNs: 2500, kind: "msr" },
  { code: VMX_EXIT_CODES.EXTERNAL_INTERRUPT, weight: 15, minNs: 800, maxNs: 4000 },
  { code: VMX_EXIT_CODES.HLT, weight: 10, minNs: 20_000, maxNs: 400_000 },
  { code: VMX_EXIT_CODES.IO_INSTRUCTION, weight: 12, minNs: 3000, maxNs: 20_000, kind: "pio" },
  { code: VMX_EXIT_CODES.EPT_MISCONFIG, weight: 10, minNs: 2000, maxNs: 9000, kind: "mmio" },
  { code: VMX_EXIT_CODES.PREEMPTION_TIMER, weight: 4, minNs: 500, maxNs: 1500 },
  { code: VMX_EXIT_CODES.CPUID, weight: 3, minNs: 600, maxNs: 1400 },
];
export const SVM_MIX: ReasonSpec[] = [
  { code: SVM_EXIT_CODES.msr, weight: 25, minNs: 400, maxNs: 2500, kind: "msr" },
  { code: SVM_EXIT_CODES.interrupt, weight: 20, minNs: 800, maxNs: 4000 },
  { code: SVM_EXIT_CODES.hlt, weight: 10, minNs: 20_000, maxNs: 300_000 },
  { code: SVM_EXIT_CODES.io, weight: 10, minNs: 3000, maxNs: 20_000, kind: "pio" },
  { code: SVM_EXIT_CODES.npf, weight: 10, minNs: 2000, maxNs: 9000, kind: "mmio" },
  { code: SVM_EXIT_CODES.avic_incomplete_ipi, weight: 3, minNs: 700, maxNs: 2000 },
];
const PORTS = [0x70, 0x71, 0xcf8, 0xcfc, 0x3f8];
const GPAS = [0xfebf1000, 0xfed000f0, 0xfee00300];

/** A seeded exit list: vCPUs take turns, each exit after its vCPU's previous entry. */
export function seededExits(seed: number, mix: ReasonSpec[], vcpus: number, perVcpu: number, hostCpus: number, migrate: boolean): WriterExit[] {
  const rnd = seededRandom(seed);
  const weightSum = mix.reduce((s, r) => s + r.weight, 0);
  const pick = (): ReasonSpec => {
    let x = rnd() * weightSum;
    for (const r of mix) if ((x -= r.weight) < 0) return r;
    return mix[mix.length - 1];
  };
  const exits: WriterExit[] = [];
  const nextNs = Array.from({ length: vcpus }, (_, v) => 5000 + v * 333);
  for (let i = 0; i < perVcpu; i++) {
    for (let v = 0; v < vcpus; v++) {
      const r = pick();
      const startNs = nextNs[v] + 1000 + Math.floor(rnd() * 50_000);
      const durationNs = r.minNs + Math.floor(rnd() * (r.maxNs - r.minNs));
      const e: WriterExit = { vcpu: v, exitCode: r.code, startNs, durationNs };
      if (migrate) e.cpu = Math.floor(rnd() * hostCpus);
      const offsetNs = 100 + Math.floor(rnd() * (durationNs / 2));
      if (r.kind === "pio") e.pio = { port: PORTS[Math.floor(rnd() * PORTS.length)], write: rnd() < 0.6, offsetNs };
      if (r.kind === "mmio") e.mmio = { gpa: GPAS[Math.floor(rnd() * GPAS.length)], write: rnd() < 0.5, offsetNs };
      if (r.kind === "msr") e.msr = { ecx: 0x6e0, write: true, offsetNs, data: 123456789 };
      exits.push(e);
      nextNs[v] = startNs + durationNs;
    }
  }
  return exits.sort((a, b) => a.startNs - b.startNs);
}

export function perfReport(perf: string, file: string, event: ReportEvent, vcpu: number | null, sortKey: "sample" | "time" = "sample"): string {
  const args = ["kvm", "-i", file, "stat", "report", `--event=${event}`];
  if (vcpu !== null) args.push("--vcpu", String(vcpu));
  if (sortKey !== "sample") args.push("-k", sortKey);
  const r = spawnSync(perf, args, { encoding: "utf8" });
  assert.equal(r.status, 0, `perf ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout + r.stderr;
}

export interface Scenario {
  name: string;
  options: PerfDataWriterOptions;
  exits: WriterExit[];
}

export const SCENARIOS: Scenario[] = [
  {
    name: "vmx-le-2vcpu-pinned",
    options: { isa: "vmx", vcpuCount: 2, hostCpus: 4, vcpuCpus: [2, 3] },
    exits: seededExits(1, VMX_MIX, 2, 150, 4, false),
  },
  {
    name: "svm-le-3vcpu-migrating",
    options: { isa: "svm", vcpuCount: 3, hostCpus: 8, qemuPid: 9100 },
    exits: seededExits(2, SVM_MIX, 3, 100, 8, true),
  },
  {
    name: "vmx-be-2vcpu-migrating",
    options: { isa: "vmx", vcpuCount: 2, hostCpus: 4, byteOrder: "be", clockBaseNs: 9_007_199_254_740_993n },
    exits: seededExits(3, VMX_MIX, 2, 150, 4, true),
  },
];


/** A zstd compressor through the `zstd` CLI (Node 20 has none built in). */
export function zstdCli(raw: Uint8Array): Uint8Array {
  const r = spawnSync("zstd", ["-1", "-c", "-q"], { input: raw });
  if (r.status !== 0) throw new Error(`zstd failed: ${String(r.stderr)}`);
  return new Uint8Array(r.stdout);
}
