/**
 * perf.data benchmark (issue 3, part 5).
 *
 *   1. stream a seeded perf.data with >= 2 million exits (8 vCPUs, VMX,
 *      pio/mmio/msr sub-events) into a temp folder with the writer;
 *   2. warm the page cache, then time, alternating, at least 5 runs each of
 *        ours: node bin/vmexit.js parse --json F > out.json
 *        perf: perf kvm -i F stat report --event=vmexit   (table on stderr, to a file)
 *      and record each child's peak RSS (VmHWM polled from /proc/<pid>/status,
 *      since /usr/bin/time is not installed);
 *   3. print the median time ratio (ours / perf) and both peak RSS values;
 *   4. stream a ~2 GB file and measure the peak RSS of our reader on it.
 *
 * Needs `npm run build` (bin/vmexit.js runs dist/). Env: BENCH_EXITS (default
 * 2_000_000), BENCH_RUNS (5), BENCH_BIG_GB (2; 0 skips step 4), BENCH_DIR,
 * BENCH_KEEP=1 (keep the 2 M-exit file in BENCH_DIR and reuse it next time:
 * for profiling; the file is the same for the same BENCH_EXITS).
 * Exit status 1 when perf is missing or a run fails.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { mkdtempSync, readFileSync, rmSync, statSync, openSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileSink, createPerfDataWriter, VMX_EXIT_CODES, type WriterExit } from "../src/perf-data/writer";
import { seededRandom as mulberry32 } from "../src/perf-data/writer/random";

const ROOT = join(__dirname, "..");
const N_EXITS = Number(process.env.BENCH_EXITS ?? 2_000_000);
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
const BIG_GB = Number(process.env.BENCH_BIG_GB ?? 2);
const VCPUS = 8;
const HOST_CPUS = 16;


const MIX: Array<[keyof typeof VMX_EXIT_CODES, number, number, number]> = [
  // reason, weight, median ns, spread factor
  ["MSR_WRITE", 45, 1100, 3],
  ["HLT", 12, 400_000, 20],
  ["EXTERNAL_INTERRUPT", 12, 2000, 4],
  ["EPT_VIOLATION", 8, 2600, 5],
  ["IO_INSTRUCTION", 6, 9000, 4],
  ["EPT_MISCONFIG", 6, 4500, 3],
  ["PAUSE_INSTRUCTION", 5, 600, 2],
  ["PREEMPTION_TIMER", 3, 800, 2],
  ["CPUID", 1.5, 1000, 2],
  ["MSR_READ", 1.5, 900, 2],
];

/** Seeded exits in start order, round-robin over vCPUs; never stored as a list. */
function* benchExits(n: number, seed: number): Generator<WriterExit> {
  const rnd = mulberry32(seed);
  const wsum = MIX.reduce((s, m) => s + m[1], 0);
  const nextFree = new Array<number>(VCPUS).fill(10_000);
  let t = 10_000;
  for (let i = 0; i < n; i++) {
    let x = rnd() * wsum;
    let m = MIX[MIX.length - 1];
    for (const c of MIX) if ((x -= c[1]) < 0) { m = c; break; }
    const vcpu = i % VCPUS;
    t = Math.max(t + 1 + Math.floor(rnd() * 400), nextFree[vcpu] + 100);
    const d = Math.max(300, Math.round(m[2] * Math.pow(m[3], rnd() - 0.5)));
    const e: WriterExit = { vcpu, exitCode: VMX_EXIT_CODES[m[0]], startNs: t, durationNs: d, cpu: (vcpu + (rnd() < 0.1 ? 8 : 0)) % HOST_CPUS };
    const off = Math.min(d - 50, 200 + Math.floor(rnd() * 200));
    if (m[0] === "IO_INSTRUCTION") e.pio = { port: rnd() < 0.5 ? 0x70 : 0xcfc, write: rnd() < 0.5, offsetNs: off };
    if (m[0] === "EPT_MISCONFIG") e.mmio = { gpa: rnd() < 0.5 ? 0xfe003000 : 0xfed000f0, write: rnd() < 0.6, offsetNs: off };
    if (m[0] === "MSR_WRITE") e.msr = { ecx: 0x6e0, write: true, offsetNs: Math.min(d - 50, 150) };
    nextFree[vcpu] = t + d;
    yield e;
  }
}

function writeBenchFile(path: string, exits: number, seed: number): { bytes: number; seconds: number } {
  const t0 = process.hrtime.bigint();
  const sink = createFileSink(fs, path);
  const w = createPerfDataWriter({ isa: "vmx", vcpuCount: VCPUS, hostCpus: HOST_CPUS, roundNs: 1_000_000 }, sink);
  for (const e of benchExits(exits, seed)) w.add(e);
  const s = w.finish();
  sink.close();
  return { bytes: s.bytes, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

interface Measured {
  seconds: number;
  /** user + sys CPU of the child (all its threads), from /proc/<pid>/stat at the last poll before it exited. */
  cpuSeconds: number;
  peakRssKb: number;
  status: number | null;
}

/** Run a command with stdout/stderr to files, polling VmHWM of the child. */
function measure(cmd: string, args: string[], stdoutFile: string, stderrFile: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const out = openSync(stdoutFile, "w");
    const err = openSync(stderrFile, "w");
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", out, err] });
    let peak = 0;
    let cpu = 0;
    const poll = (): void => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (m) peak = Math.max(peak, Number(m[1]));
        // Fields after the command name: state is 3rd, utime 14th, stime 15th (clock ticks, 100 per second).
        const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        cpu = Math.max(cpu, (Number(f[11]) + Number(f[12])) / 100);
      } catch {
        // process gone
      }
    };
    const timer = setInterval(poll, 5);
    child.on("error", reject);
    child.on("exit", (status) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      clearInterval(timer);
      closeSync(out);
      closeSync(err);
      resolve({ seconds, cpuSeconds: cpu, peakRssKb: peak, status });
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;

async function main(): Promise<number> {
  const perf = spawnSync("sh", ["-c", "command -v perf"], { encoding: "utf8" }).stdout.trim();
  if (!perf) {
    console.error("perf-data bench: perf not found (apt-get install linux-perf)");
    return 1;
  }
  if (!fs.existsSync(join(ROOT, "dist", "cli", "main.js")) && !fs.existsSync(join(ROOT, "dist", "index.js"))) {
    console.error("perf-data bench: dist/ missing; run npm run build first");
    return 1;
  }
  const dir = process.env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), "vmexit-bench-"));
  let failed = false;
  try {
    // 1. the file
    const keep = process.env.BENCH_KEEP === "1" && process.env.BENCH_DIR !== undefined;
    const file = join(dir, `perf.data.guest.${N_EXITS}`);
    const g = keep && fs.existsSync(file) ? { bytes: statSync(file).size, seconds: 0 } : writeBenchFile(file, N_EXITS, 42);
    console.log(`generated ${N_EXITS.toLocaleString("en")} exits → ${(g.bytes / 2 ** 20).toFixed(0)} MB in ${g.seconds.toFixed(1)} s (${file}); bench process peak RSS so far ${mb(process.resourceUsage().maxRSS)}`);

    // 2. warm the cache, alternate
    readFileSync(file);
    readFileSync(file);
    const ours: Measured[] = [];
    const theirs: Measured[] = [];
    const oursArgs = [join(ROOT, "bin", "vmexit.js"), "parse", "--json", file];
    const perfArgs = ["kvm", "-i", file, "stat", "report", "--event=vmexit"];
    for (let i = 0; i < RUNS; i++) {
      const a = await measure(process.execPath, oursArgs, join(dir, "out.json"), join(dir, "ours.stderr"));
      const b = await measure(perf, perfArgs, join(dir, "perf.stdout"), join(dir, "perf.txt"));
      if (a.status !== 0) {
        console.error(`run ${i + 1}: vmexit parse exited ${a.status}: ${readFileSync(join(dir, "ours.stderr"), "utf8").slice(0, 2000)}`);
        failed = true;
      }
      if (b.status !== 0) {
        console.error(`run ${i + 1}: perf exited ${b.status}`);
        failed = true;
      }
      ours.push(a);
      theirs.push(b);
      console.log(`run ${i + 1}: ours ${a.seconds.toFixed(2)} s, cpu ${a.cpuSeconds.toFixed(2)} s (${mb(a.peakRssKb)}); perf ${b.seconds.toFixed(2)} s, cpu ${b.cpuSeconds.toFixed(2)} s (${mb(b.peakRssKb)})`);
    }
    const mo = median(ours.map((m) => m.seconds));
    const mp = median(theirs.map((m) => m.seconds));
    console.log(`JSON output: ${(statSync(join(dir, "out.json")).size / 2 ** 20).toFixed(1)} MB`);
    console.log(`median time: ours ${mo.toFixed(2)} s, perf ${mp.toFixed(2)} s, ratio ours/perf = ${(mo / mp).toFixed(2)} (target <= 1.0, goal 0.5)`);
    const co = median(ours.map((m) => m.cpuSeconds));
    const cp = median(theirs.map((m) => m.cpuSeconds));
    console.log(`median CPU (user+sys): ours ${co.toFixed(2)} s, perf ${cp.toFixed(2)} s, ratio ${(co / cp).toFixed(2)}; load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
    console.log(`peak RSS: ours ${mb(Math.max(...ours.map((m) => m.peakRssKb)))}, perf ${mb(Math.max(...theirs.map((m) => m.peakRssKb)))}`);
    if (!keep) rmSync(file, { force: true });

    // 4. the 2 GB file, our reader only
    if (BIG_GB > 0) {
      const big = join(dir, "big.perf.data.guest");
      const bytesPerExit = g.bytes / N_EXITS;
      const exits = Math.ceil((BIG_GB * 2 ** 30) / bytesPerExit);
      const gb = writeBenchFile(big, exits, 7);
      console.log(`generated ${exits.toLocaleString("en")} exits → ${(gb.bytes / 2 ** 30).toFixed(2)} GB in ${gb.seconds.toFixed(1)} s; bench process (streaming writer) peak RSS ${mb(process.resourceUsage().maxRSS)}`);
      const a = await measure(process.execPath, [join(ROOT, "bin", "vmexit.js"), "parse", "--json", big], join(dir, "big.json"), join(dir, "big.stderr"));
      if (a.status !== 0) {
        console.error(`2 GB run: vmexit parse exited ${a.status}: ${readFileSync(join(dir, "big.stderr"), "utf8").slice(0, 2000)}`);
        failed = true;
      }
      console.log(`2 GB file: ours ${a.seconds.toFixed(1)} s, cpu ${a.cpuSeconds.toFixed(1)} s, peak RSS ${mb(a.peakRssKb)} (target < 400 MB)`);
      rmSync(big, { force: true });
    }
  } finally {
    if (!process.env.BENCH_DIR) rmSync(dir, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
