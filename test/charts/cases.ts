/**
 * The golden cases: one chart per entry, built from a fixture input in
 * test/fixtures/charts/inputs/. Shared by charts.golden.test.ts and
 * scripts/update-chart-goldens.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ChartData, ChartKind, ChartOptions } from "../../src/charts";

export const FIXTURE_DIR = join(__dirname, "..", "fixtures", "charts");
export const GOLDEN_DIR = join(FIXTURE_DIR, "golden");

export function readInput<T>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, "inputs", name), "utf8")) as T;
}

export interface GoldenCase {
  name: string;
  kind: ChartKind;
  /** Which ChartData field the input file fills. */
  input: { field: keyof ChartData; file: string };
  options?: ChartOptions;
}

export const GOLDEN_CASES: readonly GoldenCase[] = [
  { name: "exit-share-grouped-4runs", kind: "exit-share", input: { field: "exits", file: "exits-4runs.json" } },
  { name: "exit-share-stacked-4runs", kind: "exit-share", input: { field: "exits", file: "exits-4runs.json" }, options: { mode: "stacked" } },
  { name: "exit-share-grouped-1run", kind: "exit-share", input: { field: "exits", file: "exits-1run.json" } },
  { name: "exit-share-grouped-8runs", kind: "exit-share", input: { field: "exits", file: "exits-8runs.json" } },
  { name: "exit-share-stacked-8runs", kind: "exit-share", input: { field: "exits", file: "exits-8runs.json" }, options: { mode: "stacked" } },
  { name: "exit-share-grouped-3reasons", kind: "exit-share", input: { field: "exits", file: "exits-3reasons.json" } },
  { name: "heatmap-3reasons", kind: "heatmap", input: { field: "exits", file: "exits-3reasons.json" } },
  { name: "change-3reasons", kind: "change", input: { field: "exits", file: "exits-3reasons.json" } },
  { name: "exit-share-grouped-40reasons", kind: "exit-share", input: { field: "exits", file: "exits-40reasons-synthetic.json" } },
  { name: "exit-share-grouped-4runs-en", kind: "exit-share", input: { field: "exits", file: "exits-4runs.json" }, options: { lang: "en" } },
  { name: "time-share-4runs", kind: "time-share", input: { field: "exits", file: "exits-4runs.json" } },
  { name: "time-share-no-hlt", kind: "time-share", input: { field: "exits", file: "exits-4runs.json" }, options: { excludeHlt: true, lang: "en" } },
  { name: "avg-time-4runs", kind: "avg-time", input: { field: "exits", file: "exits-4runs.json" }, options: { excludeHlt: true } },
  { name: "avg-time-8runs-log", kind: "avg-time", input: { field: "exits", file: "exits-8runs.json" }, options: { logScale: true } },
  { name: "change-4runs", kind: "change", input: { field: "exits", file: "exits-4runs.json" }, options: { fromRunId: "sysbench", toRunId: "msr-hlt" } },
  { name: "change-avg-us", kind: "change", input: { field: "exits", file: "exits-4runs.json" }, options: { fromRunId: "sysbench", toRunId: "perf7", metric: "avgUs" } },
  { name: "heatmap-4runs", kind: "heatmap", input: { field: "exits", file: "exits-4runs.json" } },
  { name: "heatmap-8runs", kind: "heatmap", input: { field: "exits", file: "exits-8runs.json" } },
  { name: "heatmap-40reasons", kind: "heatmap", input: { field: "exits", file: "exits-40reasons-synthetic.json" }, options: { topN: 40 } },
  { name: "vcpu-matrix", kind: "vcpu-matrix", input: { field: "vcpu", file: "vcpu-matrix.json" } },
  { name: "latency-hist", kind: "latency-hist", input: { field: "latency", file: "latency.json" } },
  { name: "latency-cdf", kind: "latency-cdf", input: { field: "latency", file: "latency.json" }, options: { topN: 4 } },
  { name: "latency-cdf-en", kind: "latency-cdf", input: { field: "latency", file: "latency.json" }, options: { lang: "en", reasons: ["HLT", "MSR_WRITE"] } },
  { name: "rate", kind: "rate", input: { field: "rate", file: "rate.json" } },
  { name: "cyclictest-hist", kind: "cyclictest-hist", input: { field: "cyclictest", file: "cyclictest.json" } },
  { name: "cyclictest-summary", kind: "cyclictest-summary", input: { field: "cyclictest", file: "cyclictest.json" } },
  { name: "empty", kind: "exit-share", input: { field: "exits", file: "empty.json" } },
];

export function caseData(c: GoldenCase): ChartData {
  return { [c.input.field]: readInput(c.input.file) } as ChartData;
}
