/**
 * Render time of a 4-run × 12-reason grouped exit-share chart (spec build +
 * vega-lite compile + vega parse + SVG), warm. Target: < 50 ms.
 */
import { performance } from "node:perf_hooks";
import { exitShareSpec, renderSvg, type RunExits } from "../src/charts";

const TARGET_MS = 50;
const REASONS = ["HLT", "EXTERNAL_INTERRUPT", "MSR_WRITE", "EPT_VIOLATION", "IO_INSTRUCTION", "PREEMPTION_TIMER", "PAUSE_INSTRUCTION", "EPT_MISCONFIG", "CPUID", "MSR_READ", "INTERRUPT_WINDOW", "APIC_WRITE"];
const runs: RunExits[] = ["GP-GP 未绑核", "GP-GP 绑核", "GP-RT 未绑核", "GP-RT 绑核"].map((label, i) => ({
  run: { id: `r${i}`, labelZh: label, labelEn: `run ${i}` },
  rows: REASONS.map((name, j) => ({ name, samples: Math.round((10000 / (j + 1)) * (1 + 0.1 * i)), avgUs: 1 + j, stddevPct: 2 })),
}));

async function main(): Promise<void> {
  const first0 = performance.now();
  await renderSvg(exitShareSpec(runs, { topN: 12 }));
  const firstMs = performance.now() - first0;
  for (let i = 0; i < 5; i++) await renderSvg(exitShareSpec(runs, { topN: 12 }));
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < 30; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await renderSvg(exitShareSpec(runs, { topN: 12 }));
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuTimes.push((c.user + c.system) / 1000);
  }
  cpuTimes.sort((a, b) => a - b);
  const cpuMedian = cpuTimes[Math.floor(cpuTimes.length / 2)];
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`charts: 4 runs x 12 reasons, grouped exit-share to SVG`);
  console.log(`  first render  ${firstMs.toFixed(1)} ms`);
  console.log(`  warm median   ${median.toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[times.length - 1].toFixed(1)}, n=${times.length})`);
  // On a busy machine wall time includes waiting for a core; CPU time is what the render itself costs.
  console.log(`  warm CPU time ${cpuMedian.toFixed(1)} ms median (this process, user + system)`);
  console.log(`  ratio to target (${TARGET_MS} ms): ${(median / TARGET_MS).toFixed(2)} ${median < TARGET_MS ? "(within target)" : "(over target)"}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
