/**
 * The table of chart kinds: what each needs and how it is built. The CLI,
 * the notebook helpers and the report all go through `buildChart`; adding a
 * kind means adding an entry here.
 */
import type { TopLevelSpec } from "vega-lite";
import type { LatencyDistribution, RateSeries, RunCyclictest, RunExits, RunVcpuMatrix } from "../inputs";
import { avgTimeSpec } from "./avg-time";
import { changeSpec } from "./change";
import { isValueMetric, type BaseChartOptions } from "./common";
import { cyclictestHistSpec, cyclictestSummarySpec } from "./cyclictest";
import { heatmapSpec } from "./heatmap";
import { latencyCdfSpec, latencyHistSpec } from "./latency";
import { rateSpec, type RateSource } from "./rate";
import { exitShareSpec, timeShareSpec, type ShareMode } from "./share";
import { vcpuMatrixSpec, VCPU_METRICS, type VcpuMetric } from "./vcpu-matrix";

export const CHART_KINDS = [
  "exit-share",
  "time-share",
  "avg-time",
  "change",
  "heatmap",
  "vcpu-matrix",
  "latency-hist",
  "latency-cdf",
  "rate",
  "cyclictest-hist",
  "cyclictest-summary",
] as const;
export type ChartKind = (typeof CHART_KINDS)[number];
export function isChartKind(x: string): x is ChartKind {
  return (CHART_KINDS as readonly string[]).includes(x);
}

/** Everything a chart may be drawn from; each kind reads one field. */
export interface ChartData {
  exits?: readonly RunExits[];
  vcpu?: readonly RunVcpuMatrix[];
  latency?: readonly LatencyDistribution[];
  rate?: readonly RateSeries[];
  rateSource?: RateSource;
  cyclictest?: readonly RunCyclictest[];
}

/** The union of every kind's options; each kind reads the ones it knows. */
export interface ChartOptions extends BaseChartOptions {
  mode?: ShareMode;
  topN?: number;
  logScale?: boolean;
  excludeHlt?: boolean;
  fromRunId?: string;
  toRunId?: string;
  /** change/heatmap: samplesPct | timePct | avgUs; vcpu-matrix: samples | totalUs. */
  metric?: string;
  /** latency-hist / latency-cdf: reasons to draw. */
  reasons?: readonly string[];
  /** vcpu-matrix: which run (default the first). */
  runId?: string;
}

export interface ChartKindEntry {
  /** Which field of ChartData it draws. */
  needs: keyof Omit<ChartData, "rateSource">;
  /** One line for `vmexit chart --help`. */
  description: string;
  build(data: ChartData, opts: ChartOptions): TopLevelSpec;
}

function valueMetric(kind: string, metric: string | undefined) {
  if (metric === undefined) return undefined;
  if (!isValueMetric(metric)) throw new Error(`${kind} chart: unknown metric: ${metric} (expected samplesPct, timePct or avgUs)`);
  return metric;
}

function vcpuMetric(metric: string | undefined): VcpuMetric | undefined {
  if (metric === undefined) return undefined;
  if (!(VCPU_METRICS as readonly string[]).includes(metric)) throw new Error(`vcpu-matrix chart: unknown metric: ${metric} (expected samples or totalUs)`);
  return metric as VcpuMetric;
}

export const CHART_KIND_TABLE: Record<ChartKind, ChartKindEntry> = {
  "exit-share": {
    needs: "exits",
    description: "share of exits by reason per run; --mode grouped|stacked, --top N (the rest folded into 'other'), --no-hlt",
    build: (d, o) => exitShareSpec(d.exits ?? [], o),
  },
  "time-share": {
    needs: "exits",
    description: "share of handling time by reason per run; --mode grouped|stacked, --top N, --no-hlt (shares of the non-idle time)",
    build: (d, o) => timeShareSpec(d.exits ?? [], o),
  },
  "avg-time": {
    needs: "exits",
    description: "mean handling time per reason and run with ± error bars; --log, --no-hlt",
    build: (d, o) => avgTimeSpec(d.exits ?? [], o),
  },
  change: {
    needs: "exits",
    description: "dumbbell of the change per reason between two runs; --from RUN --to RUN, --metric samplesPct|timePct|avgUs (log axis, ratios), --no-hlt",
    build: (d, o) => changeSpec(d.exits ?? [], { ...o, metric: valueMetric("change", o.metric) }),
  },
  heatmap: {
    needs: "exits",
    description: "reason × run heatmap; --metric samplesPct|timePct|avgUs",
    build: (d, o) => heatmapSpec(d.exits ?? [], { ...o, metric: valueMetric("heatmap", o.metric) }),
  },
  "vcpu-matrix": {
    needs: "vcpu",
    description: "exits per vCPU × reason for one run (perf.data); --run RUN, --metric samples|totalUs",
    build: (d, o) => {
      const all = d.vcpu ?? [];
      const m = o.runId === undefined ? all[0] : all.find((x) => x.run.id === o.runId);
      if (o.runId !== undefined && !m) throw new Error(`vcpu-matrix chart: unknown run id: ${o.runId}`);
      return vcpuMatrixSpec(m ?? null, { ...o, metric: vcpuMetric(o.metric) });
    },
  },
  "latency-hist": {
    needs: "latency",
    description: "handling-time histogram per reason, log time axis (perf.data); --reason X (repeatable), --top N",
    build: (d, o) => latencyHistSpec(d.latency ?? [], o),
  },
  "latency-cdf": {
    needs: "latency",
    description: "handling-time CDF per reason with p50 and p99 marked (perf.data); --reason X, --top N",
    build: (d, o) => latencyCdfSpec(d.latency ?? [], o),
  },
  rate: {
    needs: "rate",
    description: "exit rate over time, from perf.data or consecutive perf kvm stat live screens; --log",
    build: (d, o) => rateSpec(d.rate ?? [], { ...o, source: d.rateSource }),
  },
  "cyclictest-hist": {
    needs: "cyclictest",
    description: "cyclictest latency histogram per run (needs cyclictest -h output), log count axis",
    build: (d, o) => cyclictestHistSpec(d.cyclictest ?? [], o),
  },
  "cyclictest-summary": {
    needs: "cyclictest",
    description: "cyclictest min / avg / max latency per run",
    build: (d, o) => cyclictestSummarySpec(d.cyclictest ?? [], o),
  },
};

/** Builds the Vega-Lite spec of `kind` from `data`. Throws on an unknown kind (API misuse). */
export function buildChart(kind: ChartKind, data: ChartData, opts: ChartOptions = {}): TopLevelSpec {
  const entry = CHART_KIND_TABLE[kind];
  if (!entry) throw new Error(`unknown chart kind: ${String(kind)} (expected one of ${CHART_KINDS.join(", ")})`);
  return entry.build(data, opts);
}
