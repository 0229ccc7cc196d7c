/**
 * Benchmark: a ~200 MB `perf kvm stat live` log (many screens, CONSOLE_CLEAR
 * escapes, 6.4+ layout) is generated in a temp dir and parsed by
 * `vmexit parse` (the built CLI, bin/vmexit.js) in a child process, once per
 * output mode, with stdout counted and discarded. The child reports its own
 * peak RSS (process.resourceUsage().maxRSS, via bench/rss-report.cjs).
 * Prints peak RSS against the bound and the throughput; deletes the file.
 * Needs `npm run build` first. Usage: npm run bench -- bench/perf-text.bench.ts
 * (PERF_TEXT_BENCH_MB=50 for a smaller log).
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONSOLE_CLEAR, clock, key, prng, synthTable } from "../test/perf-text/synth";

const TARGET_MB = Number(process.env.PERF_TEXT_BENCH_MB ?? 200);
/** Peak RSS bound for the whole CLI process (Node itself is ~45 MB). */
const RSS_BOUND_MB = 150;
const REASONS = ["HLT", "MSR_WRITE", "EXTERNAL_INTERRUPT", "PREEMPTION_TIMER", "EPT_MISCONFIG", "PAUSE_INSTRUCTION", "IO_INSTRUCTION", "EPT_VIOLATION", "CPUID", "UNKNOWN"];

async function generate(path: string): Promise<{ bytes: number; screens: number }> {
  const rnd = prng(7);
  const out = createWriteStream(path);
  let bytes = 0;
  let screens = 0;
  const target = TARGET_MB * 1024 * 1024;
  while (bytes < target) {
    let chunk = "";
    for (let i = 0; i < 200; i++) {
      const n = 3 + Math.floor(rnd() * 8);
      const keys = REASONS.slice(0, n).map((r, j) => key(r, 1 + Math.floor(rnd() * 5000 / (j + 1)), 300 + Math.floor(rnd() * 20000)));
      keys.sort((a, b) => b.count - a.count);
      chunk += CONSOLE_CLEAR + "\n" + synthTable({ layout: "6.4", keys, timestamp: clock(screens % 86400, Math.floor(rnd() * 1e6)), pids: "1347712", before: { UNKNOWN: "unknown kvm exit code:77 on VMX" }, lostEvents: rnd() < 0.05 ? 1 + Math.floor(rnd() * 50) : 0 });
      screens++;
    }
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((r) => out.end(r));
  return { bytes, screens };
}

const ROOT = join(__dirname, "..");

/** Runs bin/vmexit.js with the RSS reporter preloaded; counts stdout bytes without keeping them. */
function runChild(args: string[]): Promise<{ code: number; maxRssKiB: number; ms: number; outBytes: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", join(__dirname, "rss-report.cjs"), join(ROOT, "bin", "vmexit.js"), ...args], { stdio: ["ignore", "pipe", "pipe", "pipe"] });
    let outBytes = 0;
    let stderr = "";
    let report = "";
    child.stdout!.on("data", (b: Buffer) => void (outBytes += b.length));
    child.stderr!.on("data", (b: Buffer) => void (stderr.length < 100000 && (stderr += b.toString())));
    (child.stdio[3] as NodeJS.ReadableStream).on("data", (b: Buffer) => void (report += b.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const m = report.trim() ? JSON.parse(report.trim()) : { maxRssKiB: NaN, ms: NaN };
      resolve({ code: code ?? -1, maxRssKiB: m.maxRssKiB, ms: m.ms, outBytes, stderr });
    });
  });
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, "dist", "cli", "main.js"))) {
    console.log("bench/perf-text: dist/ is missing; run `npm run build` first");
    process.exitCode = 1;
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "vmexit-perf-text-bench-"));
  const file = join(dir, "live.log");
  let failed = false;
  try {
    const g0 = Date.now();
    const { screens } = await generate(file);
    const size = statSync(file).size;
    console.log(`generated ${(size / 1048576).toFixed(1)} MB, ${screens} live screens in ${((Date.now() - g0) / 1000).toFixed(1)} s`);
    for (const mode of [[], ["--csv"], ["--json"]]) {
      const m = await runChild(["parse", ...mode, file]);
      if (m.code !== 0) {
        console.log(`vmexit parse ${mode.join(" ")}: exit ${m.code}: ${m.stderr.slice(0, 2000)}`);
        failed = true;
        continue;
      }
      const rssMb = m.maxRssKiB / 1024;
      const ok = rssMb <= RSS_BOUND_MB;
      if (!ok) failed = true;
      console.log(
        `vmexit parse ${(mode.join(" ") || "(table)").padEnd(7)} peak RSS ${rssMb.toFixed(1)} MB (bound ${RSS_BOUND_MB} MB: ${ok ? "ok" : "EXCEEDED"}, ratio ${(rssMb / RSS_BOUND_MB).toFixed(2)})  ` +
          `${(m.ms / 1000).toFixed(1)} s, ${(size / 1048576 / (m.ms / 1000)).toFixed(1)} MB/s  output ${(m.outBytes / 1048576).toFixed(1)} MB`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}
main();
