/**
 * Regenerates the bundled example experiment `data/examples/rt-vmexit/`:
 * the seed write-up's four configurations (host GP kernel; guest GP or RT;
 * vCPUs unpinned or pinned), as the files a user would have.
 *
 *   1. per run, a seeded exit list (exact per-reason counts chosen so perf's
 *      Samples% shows the seed's numbers) → `perf.data.guest` via the writer;
 *   2. per run, the guest's `cyclictest -t1 -p 99 -i 10000 -l 1000 > cyclictest.txt`
 *      (live mode, cursor escapes) and `cyclictest -q -h 400 ... > cyclictest-hist.txt`;
 *   3. `experiment.yaml` (synthetic: true) and README.md;
 *   4. unless `--no-perf`, real perf writes `vmexit.txt`, `ioport.txt`,
 *      `mmio.txt` in each run folder with the commands listed in the manifest.
 *
 * Deterministic: everything comes from `--seed` (default 20261125) through a
 * seeded PRNG; no clock, no absolute paths.
 *
 * Usage: npx tsx scripts/make-example.ts [--out DIR] [--seed N] [--no-perf]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { writePerfData, VMX_EXIT_CODES, type WriterExit, type PerfDataWriterOptions } from "../src/perf-data/writer";
import { expectedReport, fixed2 } from "../src/perf-data/writer/expected-report";
import { seededRandom } from "../src/perf-data/writer/random";

export const DEFAULT_SEED = 20261125;
export const EXAMPLE_DIR = join(__dirname, "..", "data", "examples", "rt-vmexit");
export const REPORT_EVENTS = ["vmexit", "ioport", "mmio"] as const;

// ---------------------------------------------------------------- PRNG

/** The writer's seeded PRNG (mulberry32), under the name this script has always used. */
export const mulberry32 = seededRandom;

interface Rng {
  next(): number;
  int(lo: number, hiExcl: number): number;
  normal(): number;
  /** median·exp(sigma·N(0,1)), clamped, rounded. */
  logNormal(median: number, sigma: number, lo: number, hi: number): number;
  pick<T>(items: readonly T[], weights: readonly number[]): T;
}

function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const r: Rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo)),
    normal() {
      const u = Math.max(next(), 1e-12);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    logNormal: (median, sigma, lo, hi) => Math.round(Math.min(hi, Math.max(lo, median * Math.exp(sigma * r.normal())))),
    pick(items, weights) {
      const total = weights.reduce((s, w) => s + w, 0);
      let x = next() * total;
      for (let i = 0; i < items.length; i++) if ((x -= weights[i]) < 0) return items[i];
      return items[items.length - 1];
    },
  };
  return r;
}

// ---------------------------------------------------------------- the four runs

type Reason =
  | "MSR_WRITE"
  | "HLT"
  | "EXTERNAL_INTERRUPT"
  | "IO_INSTRUCTION"
  | "EPT_MISCONFIG"
  | "EPT_VIOLATION"
  | "PREEMPTION_TIMER"
  | "PAUSE_INSTRUCTION"
  | "INTERRUPT_WINDOW"
  | "CPUID"
  | "MSR_READ";

/** Handling time per reason (ns): lognormal median, sigma, clamp. HLT is filled from idle time instead. */
type DurationModel = Record<Exclude<Reason, "HLT">, [number, number, number, number]>;

interface RunDef {
  id: string;
  guestKernel: "gp" | "rt";
  pinning: "raw" | "bind";
  labelZh: string;
  labelEn: string;
  /** Exact exit counts of the 10 s recording (both vCPUs). */
  counts: Record<Reason, number>;
  durations: DurationModel;
  /** cyclictest latency model (µs): lognormal median/sigma, spike probability and range. */
  latency: { median: number; sigma: number; min: number; spikeP: number; spikeLo: number; spikeHi: number };
  guestOsRelease: string;
  cyclictestPid: number;
}

const BASE_DURATIONS: DurationModel = {
  MSR_WRITE: [1050, 0.35, 420, 3000],
  EXTERNAL_INTERRUPT: [1900, 0.4, 750, 9000],
  IO_INSTRUCTION: [8200, 0.35, 3200, 60000],
  EPT_MISCONFIG: [4300, 0.35, 1800, 20000],
  EPT_VIOLATION: [2600, 0.5, 900, 25000],
  PREEMPTION_TIMER: [820, 0.3, 420, 2500],
  PAUSE_INSTRUCTION: [560, 0.3, 300, 1500],
  INTERRUPT_WINDOW: [700, 0.3, 350, 2000],
  CPUID: [950, 0.25, 550, 2200],
  MSR_READ: [900, 0.3, 450, 2600],
};
/** Pinned runs: IO_INSTRUCTION takes longer (the seed's observation 1); everything else as unpinned. */
const PINNED_DURATIONS: DurationModel = { ...BASE_DURATIONS, IO_INSTRUCTION: [12100, 0.35, 4800, 80000] };
/** Unpinned runs: interrupts sometimes wait behind host work on a shared CPU. */
const UNPINNED_DURATIONS: DurationModel = { ...BASE_DURATIONS, EXTERNAL_INTERRUPT: [2100, 0.55, 750, 40000] };

export const RUNS: RunDef[] = [
  {
    id: "gp-gp-raw",
    guestKernel: "gp",
    pinning: "raw",
    labelZh: "GP-GP（未绑核）",
    labelEn: "GP-GP, unpinned",
    counts: {
      MSR_WRITE: 4700, HLT: 3000, EXTERNAL_INTERRUPT: 1150, IO_INSTRUCTION: 260, EPT_MISCONFIG: 180,
      EPT_VIOLATION: 900, PREEMPTION_TIMER: 95, PAUSE_INSTRUCTION: 420, INTERRUPT_WINDOW: 300, CPUID: 40, MSR_READ: 155,
    },
    durations: UNPINNED_DURATIONS,
    latency: { median: 24, sigma: 0.35, min: 7, spikeP: 0.015, spikeLo: 140, spikeHi: 1300 },
    guestOsRelease: "6.1.0-18-amd64",
    cyclictestPid: 1587,
  },
  {
    id: "gp-gp-bind",
    guestKernel: "gp",
    pinning: "bind",
    labelZh: "GP-GP（绑核）",
    labelEn: "GP-GP, pinned",
    counts: {
      MSR_WRITE: 5600, HLT: 3350, EXTERNAL_INTERRUPT: 380, IO_INSTRUCTION: 340, EPT_MISCONFIG: 190,
      EPT_VIOLATION: 850, PREEMPTION_TIMER: 120, PAUSE_INSTRUCTION: 300, INTERRUPT_WINDOW: 270, CPUID: 40, MSR_READ: 160,
    },
    durations: PINNED_DURATIONS,
    latency: { median: 15, sigma: 0.3, min: 5, spikeP: 0.008, spikeLo: 60, spikeHi: 230 },
    guestOsRelease: "6.1.0-18-amd64",
    cyclictestPid: 1602,
  },
  {
    id: "gp-rt-raw",
    guestKernel: "rt",
    pinning: "raw",
    labelZh: "GP-RT（未绑核）",
    labelEn: "GP-RT, unpinned",
    counts: {
      MSR_WRITE: 5000, HLT: 3300, EXTERNAL_INTERRUPT: 452, IO_INSTRUCTION: 280, EPT_MISCONFIG: 170,
      EPT_VIOLATION: 700, PREEMPTION_TIMER: 34, PAUSE_INSTRUCTION: 560, INTERRUPT_WINDOW: 310, CPUID: 40, MSR_READ: 154,
    },
    durations: UNPINNED_DURATIONS,
    latency: { median: 12, sigma: 0.3, min: 4, spikeP: 0.01, spikeLo: 90, spikeHi: 480 },
    guestOsRelease: "6.1.0-18-rt-amd64",
    cyclictestPid: 1544,
  },
  {
    id: "gp-rt-bind",
    guestKernel: "rt",
    pinning: "bind",
    labelZh: "GP-RT（绑核）",
    labelEn: "GP-RT, pinned",
    counts: {
      MSR_WRITE: 6300, HLT: 3900, EXTERNAL_INTERRUPT: 42, IO_INSTRUCTION: 380, EPT_MISCONFIG: 175,
      EPT_VIOLATION: 520, PREEMPTION_TIMER: 86, PAUSE_INSTRUCTION: 150, INTERRUPT_WINDOW: 260, CPUID: 40, MSR_READ: 147,
    },
    durations: PINNED_DURATIONS,
    latency: { median: 6, sigma: 0.25, min: 2, spikeP: 0.005, spikeLo: 16, spikeHi: 38 },
    guestOsRelease: "6.1.0-18-rt-amd64",
    cyclictestPid: 1561,
  },
];

export const RECORD_S = 10;
const VCPUS = 2;
const HOST_CPUS = 4;
const QEMU_PID = 3062;
const VCPU_TIDS = [3071, 3072];
/** Share of each vCPU in the exits: vCPU 0 runs cyclictest. */
const VCPU_SHARE = [0.62, 0.38];
const PINNED_CPUS = [2, 3];
const HOST_OS_RELEASE = "6.1.0-18-amd64";
const CYCLES = 1000;
const HIST_US = 400;

export function recordCommand(): string {
  return `perf kvm stat record -p ${QEMU_PID}`;
}
export function reportCommand(event: string): string {
  return `perf kvm stat report --event=${event} > ${event}.txt 2>&1`;
}
export const CYCLICTEST_COMMAND = "cyclictest -t1 -p 99 -i 10000 -l 1000 > cyclictest.txt";
export const CYCLICTEST_HIST_COMMAND = "cyclictest -q -h 400 -t1 -p 99 -i 10000 -l 1000 > cyclictest-hist.txt";

// ---------------------------------------------------------------- exits

const PIO_CHOICES: Array<{ port: number; write: boolean; weight: number }> = [
  { port: 0x70, write: true, weight: 22 },
  { port: 0x71, write: false, weight: 22 },
  { port: 0xcf8, write: true, weight: 14 },
  { port: 0xcfc, write: false, weight: 12 },
  { port: 0x3f8, write: true, weight: 20 },
  { port: 0x3fd, write: false, weight: 10 },
];
const MMIO_CHOICES: Array<{ gpa: number; write: boolean; weight: number }> = [
  { gpa: 0xfe003000, write: true, weight: 45 },
  { gpa: 0xfebf1000, write: true, weight: 20 },
  { gpa: 0xfed000f0, write: false, weight: 25 },
  { gpa: 0xfebf3004, write: false, weight: 10 },
];
const MSR_WRITE_ECX = [0x6e0, 0x830, 0x80b];
const MSR_READ_ECX = [0x10, 0x1b, 0x6e0];

/** The exit list of a run, sorted by start time. */
export function runExits(run: RunDef, seed: number): WriterExit[] {
  const rng = createRng(seed);
  const recordNs = RECORD_S * 1e9;
  const perVcpu: WriterExit[][] = [];
  // Split every reason's count between the vCPUs (exact totals), then shuffle each vCPU's list.
  const lists: Reason[][] = Array.from({ length: VCPUS }, () => []);
  for (const reason of Object.keys(run.counts) as Reason[]) {
    const n = run.counts[reason];
    const first = Math.round(n * VCPU_SHARE[0]);
    for (let i = 0; i < n; i++) lists[i < first ? 0 : 1].push(reason);
  }
  for (let v = 0; v < VCPUS; v++) {
    const list = lists[v];
    for (let i = list.length - 1; i > 0; i--) {
      const j = rng.int(0, i + 1);
      [list[i], list[j]] = [list[j], list[i]];
    }
    // Durations of the handled exits, guest run gaps, and HLT (idle) filling the rest.
    const durs = list.map((r) => (r === "HLT" ? 0 : rng.logNormal(...run.durations[r])));
    const gaps = list.map(() => Math.max(200, Math.round(-Math.log(Math.max(rng.next(), 1e-9)) * 45_000)));
    const hltIdx = list.flatMap((r, i) => (r === "HLT" ? [i] : []));
    const used = durs.reduce((s, d) => s + d, 0) + gaps.reduce((s, g) => s + g, 0) + 200_000;
    const weights = hltIdx.map(() => Math.exp(0.9 * rng.normal()));
    const wsum = weights.reduce((s, w) => s + w, 0);
    const idle = recordNs - used;
    hltIdx.forEach((i, k) => (durs[i] = Math.max(2500, Math.floor((idle * weights[k]) / wsum))));
    let t = 100_000 + v * 3_333;
    let cpu = run.pinning === "bind" ? PINNED_CPUS[v] : rng.int(0, HOST_CPUS);
    const exits: WriterExit[] = [];
    list.forEach((reason, i) => {
      t += gaps[i];
      const d = durs[i];
      if (run.pinning === "raw" && reason === "HLT" && rng.next() < 0.35) cpu = rng.int(0, HOST_CPUS);
      const e: WriterExit = { vcpu: v, exitCode: VMX_EXIT_CODES[reason], startNs: t, durationNs: d, cpu };
      const sub = Math.min(d - 50, rng.int(180, 420));
      if (reason === "IO_INSTRUCTION") {
        const p = rng.pick(PIO_CHOICES, PIO_CHOICES.map((c) => c.weight));
        e.pio = { port: p.port, write: p.write, offsetNs: sub, val: rng.int(0, 256) };
      } else if (reason === "EPT_MISCONFIG") {
        const m = rng.pick(MMIO_CHOICES, MMIO_CHOICES.map((c) => c.weight));
        e.mmio = { gpa: m.gpa, write: m.write, offsetNs: sub, val: rng.int(0, 65536) };
      } else if (reason === "MSR_WRITE") {
        e.msr = { ecx: MSR_WRITE_ECX[rng.int(0, MSR_WRITE_ECX.length)], write: true, offsetNs: Math.min(d - 50, rng.int(120, 300)), data: rng.int(0, 2 ** 31) };
      } else if (reason === "MSR_READ") {
        e.msr = { ecx: MSR_READ_ECX[rng.int(0, MSR_READ_ECX.length)], write: false, offsetNs: Math.min(d - 50, rng.int(120, 300)), data: rng.int(0, 2 ** 31) };
      } else if (reason === "EXTERNAL_INTERRUPT") {
        e.intrInfo = rng.next() < 0.8 ? 0x800000ec : 0x800000f6;
      }
      exits.push(e);
      t += d;
    });
    perVcpu.push(exits);
  }
  return perVcpu.flat().sort((a, b) => a.startNs - b.startNs || a.vcpu - b.vcpu);
}

export function writerOptions(run: RunDef, index: number): PerfDataWriterOptions {
  return {
    isa: "vmx",
    vcpuCount: VCPUS,
    hostCpus: HOST_CPUS,
    qemuPid: QEMU_PID,
    vcpuTids: VCPU_TIDS,
    vcpuCpus: run.pinning === "bind" ? PINNED_CPUS : [0, 1],
    // Host up about 2 days; the runs follow each other a few minutes apart.
    clockBaseNs: 172_800_000_000_000n + BigInt(index) * 240_000_000_000n,
    hostname: "rt-lab-host",
    osRelease: HOST_OS_RELEASE,
    perfVersion: "6.1.76",
    cpuDesc: "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz",
    cpuid: "GenuineIntel,6,106,6",
    totalMemKb: 65_536_000,
    cmdline: ["/usr/bin/perf", "kvm", "stat", "record", "-p", String(QEMU_PID)],
  };
}

// ---------------------------------------------------------------- cyclictest

function latencies(run: RunDef, rng: Rng): number[] {
  const L = run.latency;
  return Array.from({ length: CYCLES }, () => {
    if (rng.next() < L.spikeP) return rng.int(L.spikeLo, L.spikeHi + 1);
    return Math.max(L.min, Math.round(L.median * Math.exp(L.sigma * rng.normal())));
  });
}

const pad = (v: number | string, w: number): string => String(v).padStart(w);

function statLine(tid: number, c: number, min: number, act: number, avg: number, max: number): string {
  return `T: 0 (${pad(tid, 5)}) P:99 I:10000 C:${pad(c, 7)} Min:${pad(min, 7)} Act:${pad(act, 5)} Avg:${pad(avg, 5)} Max:${pad(max, 8)}\n`;
}

/** Live-mode output of `cyclictest -t1 -p 99 -i 10000 -l 1000` redirected to a file (rt-tests 2.4). */
export function cyclictestLive(run: RunDef, seed: number): string {
  const rng = createRng(seed);
  const lat = latencies(run, rng);
  const tid = run.cyclictestPid + 1;
  // Wake-up k completes at (k+1)·10 ms + latency; a frame is printed about every 10.23 ms.
  const doneAtUs = lat.map((l, k) => (k + 1) * 10_000 + l);
  let out = "# /dev/cpu_dma_latency set to 0us\n";
  let load = [0.21, 0.12, 0.05];
  let procs = 97;
  let lastPid = run.cyclictestPid + 1;
  const header = (): string => {
    const running = rng.pick([1, 2, 3, 4], [60, 25, 10, 5]);
    if (rng.next() < 0.02) procs += rng.int(-3, 4);
    if (rng.next() < 0.03) lastPid += rng.int(1, 4);
    const l = load.map((x) => x.toFixed(2)).join(" ");
    return `policy: fifo: loadavg: ${l} ${running}/${procs} ${lastPid}          \n\n`;
  };
  const frames: string[] = [];
  frames.push(header() + statLine(0, 0, 1000000, 0, 0, 0));
  frames.push(header() + statLine(tid, 0, 1000000, 0, 0, 0));
  let c = 0;
  let min = 1000000;
  let max = 0;
  let sum = 0;
  for (let f = 1; ; f++) {
    const tUs = f * 10_230 + 700;
    while (c < CYCLES && doneAtUs[c] <= tUs) {
      min = Math.min(min, lat[c]);
      max = Math.max(max, lat[c]);
      sum += lat[c];
      c++;
    }
    // The kernel updates loadavg every 5 s: one runnable task (cyclictest) on average.
    if (f % 489 === 0) load = [load[0] * 0.92 + 0.08, load[1] * 0.9835 + 0.0165, load[2] * 0.9945 + 0.0055];
    frames.push(header() + (c === 0 ? statLine(tid, 0, 1000000, 0, 0, 0) : statLine(tid, c, min, lat[c - 1], Math.floor(sum / c), max)));
    if (c >= CYCLES) break;
  }
  return out + frames.join("\x1b[3A");
}

/** `cyclictest -q -h 400 -t1 -p 99 -i 10000 -l 1000` (rt-tests 2.4 histogram layout). */
export function cyclictestHistogram(run: RunDef, seed: number): string {
  const rng = createRng(seed);
  const lat = latencies(run, rng);
  const hist = new Array<number>(HIST_US).fill(0);
  const overflowAt: number[] = [];
  lat.forEach((l, k) => {
    if (l >= HIST_US) overflowAt.push(k);
    else hist[l]++;
  });
  const z = (v: number, w: number): string => String(v).padStart(w, "0");
  let out = "# /dev/cpu_dma_latency set to 0us\n# Histogram\n";
  for (let i = 0; i < HIST_US; i++) out += `${z(i, 6)} ${z(hist[i], 6)}\n`;
  out += `# Total: ${z(CYCLES - overflowAt.length, 9)}\n`;
  out += `# Min Latencies: ${z(Math.min(...lat), 5)}\n`;
  out += `# Avg Latencies: ${z(Math.floor(lat.reduce((s, l) => s + l, 0) / CYCLES), 5)}\n`;
  out += `# Max Latencies: ${z(Math.max(...lat), 5)}\n`;
  out += `# Histogram Overflows: ${z(overflowAt.length, 5)}\n`;
  out += "# Histogram Overflow at cycle number:\n";
  out += `# Thread 0:${overflowAt.map((k) => ` ${z(k, 5)}`).join("")}\n\n`;
  return out;
}

// ---------------------------------------------------------------- manifest and README

function yamlString(s: string): string {
  return JSON.stringify(s);
}

export function manifestYaml(seed: number): string {
  const lines: string[] = [
    "# SYNTHETIC example experiment, generated by scripts/make-example.ts",
    `# (seed ${seed}). The perf.data.guest files come from vmexit-lab's perf.data`,
    "# writer; the text reports are what real perf 6.1 prints for them. See README.md.",
    "schemaVersion: 1",
    "id: rt-vmexit",
    `titleZh: ${yamlString("实时虚拟机 VM exit 示例实验（合成数据）")}`,
    `titleEn: ${yamlString("Real-time VM exit example experiment (synthetic data)")}`,
    `descriptionZh: ${yamlString("宿主机运行通用（GP）内核；客户机分别使用 GP 内核和 RT 内核，vCPU 线程分别不绑核和绑定到宿主机 CPU 2、3，共四组配置。每组在宿主机上用 perf kvm stat record 记录约 10 秒的 VM exit，同时在客户机中运行 cyclictest -t1 -p 99 -i 10000 -l 1000。本数据为合成数据，仅作演示。")}`,
    `descriptionEn: ${yamlString("Host with a general-purpose (GP) kernel; guest with a GP or an RT kernel; vCPU threads unpinned or pinned to host CPUs 2 and 3: four configurations. Each recorded about 10 s of VM exits with perf kvm stat record on the host while the guest ran cyclictest -t1 -p 99 -i 10000 -l 1000. Synthetic data, for demonstration only.")}`,
    "synthetic: true",
    "factors:",
    "  - id: guestKernel",
    `    labelZh: ${yamlString("客户机内核")}`,
    "    labelEn: Guest kernel",
    "    levels:",
    "      - id: gp",
    `        labelZh: ${yamlString("通用内核（GP）")}`,
    "        labelEn: General-purpose (GP)",
    "      - id: rt",
    `        labelZh: ${yamlString("实时内核（RT）")}`,
    "        labelEn: Real-time (RT)",
    "  - id: pinning",
    `    labelZh: ${yamlString("vCPU 绑核")}`,
    "    labelEn: vCPU pinning",
    "    levels:",
    "      - id: raw",
    `        labelZh: ${yamlString("未绑核")}`,
    "        labelEn: Unpinned",
    "      - id: bind",
    `        labelZh: ${yamlString("绑核")}`,
    "        labelEn: Pinned",
    "runs:",
  ];
  for (const run of RUNS) {
    lines.push(
      `  - id: ${run.id}`,
      `    labelZh: ${yamlString(run.labelZh)}`,
      `    labelEn: ${yamlString(run.labelEn)}`,
      "    factors:",
      `      guestKernel: ${run.guestKernel}`,
      `      pinning: ${run.pinning}`,
      `    durationS: ${RECORD_S}`,
      "    files:",
      `      - path: ${run.id}/perf.data.guest`,
      "        kind: perf-data",
    );
    for (const ev of REPORT_EVENTS) {
      lines.push(`      - path: ${run.id}/${ev}.txt`, "        kind: perf-kvm-stat-text", `        event: ${ev}`);
    }
    lines.push(
      `      - path: ${run.id}/cyclictest.txt`,
      "        kind: cyclictest",
      "        role: run",
      `      - path: ${run.id}/cyclictest-hist.txt`,
      "        kind: cyclictest",
      "        role: histogram",
      "    commands:",
      `      record: ${yamlString(recordCommand())}`,
    );
    for (const ev of REPORT_EVENTS) lines.push(`      report${ev[0].toUpperCase()}${ev.slice(1)}: ${yamlString(reportCommand(ev))}`);
    lines.push(
      `      cyclictest: ${yamlString(CYCLICTEST_COMMAND)}`,
      `      cyclictestHistogram: ${yamlString(CYCLICTEST_HIST_COMMAND)}`,
      "    host:",
      `      hostKernel: ${yamlString(HOST_OS_RELEASE)}`,
      `      guestKernel: ${yamlString(run.guestOsRelease)}`,
      `      cpu: ${yamlString("Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz")}`,
      `      vcpuPinning: ${yamlString(run.pinning === "bind" ? "vCPU0→CPU2, vCPU1→CPU3" : "none")}`,
    );
  }
  return lines.join("\n") + "\n";
}

/** Share (as perf prints it) and avg µs of a reason, from the exit list. */
function shareOf(exits: WriterExit[], reason: Reason): { sharePct: string; count: number; avgUs: string } {
  const rep = expectedReport(exits, "vmx", "vmexit");
  const row = rep.rows.find((r) => r.name === reason);
  if (!row) return { sharePct: "0.00", count: 0, avgUs: "0.00" };
  return { sharePct: fixed2((row.count / rep.totalCount) * 100), count: row.count, avgUs: fixed2(row.totalNs / row.count / 1e3) };
}

export function readme(seed: number): string {
  return `# rt-vmexit: example experiment (SYNTHETIC DATA)

> **SYNTHETIC.** Every number in this folder was generated by
> \`scripts/make-example.ts\` (seed ${seed}). No VM was run. The files have
> exactly the form a user would have, so the whole toolchain can be tried
> before real data exists; reports made from this folder carry a visible
> "synthetic data" note (the manifest says \`synthetic: true\`).

The four configurations of the seed write-up (\`vmexit-test-notes.zh.md\`):
host with a general-purpose (GP) kernel; guest with a GP or an RT kernel;
vCPU threads unpinned (\`raw\`) or pinned to host CPUs 2 and 3 (\`bind\`).
The guest ran \`cyclictest -t1 -p 99 -i 10000 -l 1000\` while the host recorded
VM exits of the QEMU process for about ${RECORD_S} s.

| run | guest kernel | vCPUs |
|---|---|---|
${RUNS.map((r) => `| \`${r.id}\` | ${r.guestKernel.toUpperCase()} | ${r.pinning === "bind" ? "pinned" : "unpinned"} |`).join("\n")}

## Files per run

| file | what | how it was made |
|---|---|---|
| \`perf.data.guest\` | the recording (2 vCPUs, 4 host CPUs, Intel VMX, kvm tracepoints of Linux 6.18) | vmexit-lab's perf.data writer, in the layout \`${recordCommand()}\` writes |
| \`vmexit.txt\`, \`ioport.txt\`, \`mmio.txt\` | the text reports | real perf 6.1: \`${reportCommand("vmexit")}\` (and ioport, mmio), run in the run folder; the table is on stderr, hence \`2>&1\` |
| \`cyclictest.txt\` | the guest's cyclictest, live mode redirected to a file (cursor-up escapes between frames, rt-tests 2.4) | \`${CYCLICTEST_COMMAND}\` |
| \`cyclictest-hist.txt\` | a second run of the same configuration with a 400 µs histogram | \`${CYCLICTEST_HIST_COMMAND}\` |

\`experiment.yaml\` lists the factors (\`guestKernel\`: gp, rt; \`pinning\`: raw, bind),
the files of each run with their kind, and the commands.

## The numbers: public ranges they follow

* **Exit rates.** A busy vCPU makes thousands of exits per second, most of
  them MSR_WRITE (TSC-deadline timer and x2APIC ICR/EOI writes on a modern
  Linux guest). This guest is mostly idle (cyclictest sleeps 10 ms between
  wake-ups), so the runs have about 550–600 exits/s per vCPU on average, and
  MSR_WRITE is still the largest row (42–53 %).
  Sources: the KVM documentation (\`Documentation/virt/kvm/x86/timekeeping.rst\`,
  \`Documentation/virt/kvm/api.rst\`), the Intel SDM vol. 3C, VMX chapters (VM exits,
  the VMX-preemption timer, APIC virtualization), and LWN "KVM: perf: kvm events
  analysis tool" (https://lwn.net/Articles/513317/), whose sample reports show
  the same mix.
* **Handling time.** An exit handled in the kernel takes about 0.3–3 µs
  (MSR_WRITE median ≈1.05 µs here; CPUID, PAUSE, INTERRUPT_WINDOW below 1 µs);
  exits that need QEMU in user space (IO_INSTRUCTION here) take roughly
  5–15 µs, and EPT_MISCONFIG (MMIO, mostly virtio notifications through
  ioeventfd) a few µs. Sources: Intel SDM vol. 3C (VM-entry/VM-exit
  transitions); Agesen et al., "Software Techniques for Avoiding Hardware
  Virtualization Exits", USENIX ATC 2012; Dall et al., "ARM Virtualization:
  Performance and Architectural Implications", ISCA 2016 (x86 KVM
  hypercall and I/O round-trip figures).
* **HLT is guest idle time**, not overhead: the time from a HLT exit to the
  next entry is the time the vCPU had nothing to run, so HLT dominates Time%
  (≈99 % here). Source: Intel SDM vol. 3C (HLT exiting), KVM's halt-polling
  documentation (\`Documentation/virt/kvm/halt-polling.rst\`).
* **cyclictest.** An RT guest with pinned vCPUs reaches a maximum latency of
  tens of µs; unpinned guests reach hundreds of µs or more. Sources: the
  rt-tests documentation (\`man cyclictest\`, https://wiki.linuxfoundation.org/realtime/documentation/howto/tools/cyclictest/start),
  OSADL's latency plots (https://www.osadl.org/Latency-plots.latency-plots.0.html),
  and Red Hat's "Real Time Tuning Guide" for KVM-RT guests.

## What the data reproduces (the seed's observations)

${observationsText(seed)}

## Regenerate

\`\`\`sh
npx tsx scripts/make-example.ts            # rewrites data/examples/rt-vmexit/ (needs perf for the .txt reports)
npx tsx scripts/make-example.ts --no-perf --out /tmp/x   # everything except the perf text reports
\`\`\`

\`test/example/example.test.ts\` checks that the committed files equal the
script's output, that the text reports equal what real perf prints for the
committed \`perf.data.guest\` files, and that the observations above hold.
`;
}

/** The seed's observations, as checked facts of the generated data. */
export function observationsText(seed: number): string {
  const ex = Object.fromEntries(RUNS.map((r, i) => [r.id, runExits(r, seed + i)]));
  const s = (run: string, reason: Reason) => shareOf(ex[run], reason);
  const lines = [
    `1. Pinning raises the IO_INSTRUCTION count and its average time: GP-GP ${s("gp-gp-raw", "IO_INSTRUCTION").count} → ${s("gp-gp-bind", "IO_INSTRUCTION").count} exits, ${s("gp-gp-raw", "IO_INSTRUCTION").avgUs} → ${s("gp-gp-bind", "IO_INSTRUCTION").avgUs} µs; GP-RT ${s("gp-rt-raw", "IO_INSTRUCTION").count} → ${s("gp-rt-bind", "IO_INSTRUCTION").count}, ${s("gp-rt-raw", "IO_INSTRUCTION").avgUs} → ${s("gp-rt-bind", "IO_INSTRUCTION").avgUs} µs.`,
    `2. Pinning raises the MSR_WRITE share (GP-GP ${s("gp-gp-raw", "MSR_WRITE").sharePct}% → ${s("gp-gp-bind", "MSR_WRITE").sharePct}%, GP-RT ${s("gp-rt-raw", "MSR_WRITE").sharePct}% → ${s("gp-rt-bind", "MSR_WRITE").sharePct}%) while its average time stays about the same.`,
    `3. GP-RT, pinning: PREEMPTION_TIMER share ${s("gp-rt-raw", "PREEMPTION_TIMER").sharePct}% → ${s("gp-rt-bind", "PREEMPTION_TIMER").sharePct}%.`,
    `4. GP-RT, pinning: EXTERNAL_INTERRUPT share ${s("gp-rt-raw", "EXTERNAL_INTERRUPT").sharePct}% → ${s("gp-rt-bind", "EXTERNAL_INTERRUPT").sharePct}%.`,
    `5. GP-RT pinned has the best cyclictest result (maximum latency): ${RUNS.map((r, i) => `${r.id} ${cyclictestMaxUs(r, seed + 100 + i)} µs`).join(", ")}.`,
  ];
  return lines.join("\n");
}

function cyclictestMaxUs(run: RunDef, seed: number): number {
  const m = /Max:\s*(\d+)\n$/.exec(cyclictestLive(run, seed));
  return m ? Number(m[1]) : NaN;
}

// ---------------------------------------------------------------- assembly

/** Every generated file except the perf text reports: path (relative) → content. */
export function buildExample(seed: number = DEFAULT_SEED): Map<string, Uint8Array | string> {
  const files = new Map<string, Uint8Array | string>();
  RUNS.forEach((run, i) => {
    const exits = runExits(run, seed + i);
    files.set(`${run.id}/perf.data.guest`, writePerfData(exits, writerOptions(run, i)));
    files.set(`${run.id}/cyclictest.txt`, cyclictestLive(run, seed + 100 + i));
    files.set(`${run.id}/cyclictest-hist.txt`, cyclictestHistogram(run, seed + 200 + i));
  });
  files.set("experiment.yaml", manifestYaml(seed));
  files.set("README.md", readme(seed));
  return files;
}

/** Run real perf in a run folder exactly as the manifest's report commands say. */
export function runPerfReports(runDir: string): void {
  for (const ev of REPORT_EVENTS) {
    const r = spawnSync("sh", ["-c", reportCommand(ev)], { cwd: runDir, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${reportCommand(ev)} failed in ${runDir}: ${r.stderr}`);
  }
}

export function writeExample(outDir: string, seed: number, withPerf: boolean): void {
  for (const [rel, content] of buildExample(seed)) {
    const p = join(outDir, rel);
    mkdirSync(join(p, ".."), { recursive: true });
    writeFileSync(p, content);
  }
  if (withPerf) for (const run of RUNS) runPerfReports(join(outDir, run.id));
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const get = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const out = resolve(get("--out") ?? EXAMPLE_DIR);
  const seed = Number(get("--seed") ?? DEFAULT_SEED);
  writeExample(out, seed, !args.includes("--no-perf"));
  console.log(`wrote ${out}`);
}
