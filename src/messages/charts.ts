/**
 * Chart wording: titles, axis titles, legend titles and tooltips of every
 * chart kind, in Chinese (default) and English. Functions take the numbers or
 * names they need; the builders never assemble sentences themselves.
 */
import type { Lang } from "./index";

export interface ChartMessages {
  /** Name of the "everything else" bucket when reasons beyond the top N are folded. */
  other: string;
  run: string;
  reason: string;
  vcpu: string;
  samples: string;
  samplesPct: string;
  timePct: string;
  avgUs: string;
  totalUs: string;
  /** Tooltip field: ± relative standard error. */
  stddevPct: string;
  count: string;
  latencyUs: string;
  /** Axis title of handling-time axes whose labels carry their unit (0.1 µs … 1 ms). */
  handlingTime: string;
  cumulativePct: string;
  elapsedS: string;
  exitsPerS: string;
  minUs: string;
  maxUs: string;
  /** Suffix of a signed change in percentage points. */
  ppSuffix: string;
  /** Chart titles. */
  exitShareTitle: (mode: "grouped" | "stacked") => string;
  exitShareSubtitle: (topN: number, folded: number) => string;
  /** Appended to a share chart's subtitle when HLT is left out. */
  hltExcludedNote: string;
  timeShareTitle: string;
  avgTimeTitle: string;
  avgTimeSubtitle: (opts: { logScale: boolean; hltExcluded: boolean }) => string;
  changeTitle: (fromLabel: string, toLabel: string, metric: string) => string;
  heatmapTitle: (metric: string) => string;
  vcpuMatrixTitle: (runLabel: string | null, metric: string) => string;
  latencyHistTitle: string;
  latencyHistSubtitle: string;
  latencyCdfTitle: string;
  latencyCdfSubtitle: string;
  rateTitle: string;
  rateSubtitle: (source: "perf-data" | "live", windowMs: number | null) => string;
  cyclictestHistTitle: string;
  cyclictestHistSubtitle: string;
  cyclictestSummaryTitle: string;
  cyclictestSummarySubtitle: string;
  /** The label beside each run's line. */
  cyclictestSummaryLabel: (minUs: string, avgUs: string, maxUs: string) => string;
  /** Shown instead of a chart when the input has nothing to draw. */
  noData: string;
}

const zh: ChartMessages = {
  other: "其他",
  run: "配置",
  reason: "退出原因",
  vcpu: "vCPU",
  samples: "次数",
  samplesPct: "次数占比",
  timePct: "处理时间占比",
  avgUs: "平均处理时间",
  totalUs: "总处理时间",
  stddevPct: "相对标准误差",
  count: "次数",
  latencyUs: "延迟 (µs)",
  handlingTime: "处理时间",
  cumulativePct: "累积比例",
  elapsedS: "时间 (s)",
  exitsPerS: "退出速率 (次/秒)",
  minUs: "最小值",
  maxUs: "最大值",
  ppSuffix: " 个百分点",
  exitShareTitle: (mode) => (mode === "grouped" ? "各退出原因的次数占比" : "退出次数构成"),
  exitShareSubtitle: (topN, folded) =>
    folded > 0 ? `按总占比取前 ${topN} 个原因，其余 ${folded} 个合并为“其他”` : `共 ${topN} 个退出原因`,
  hltExcludedNote: "不含 HLT，占比按其余原因重新计算",
  timeShareTitle: "各退出原因的处理时间占比",
  avgTimeTitle: "各退出原因的平均处理时间",
  avgTimeSubtitle: ({ logScale, hltExcluded }) =>
    [
      "误差线为 ± 标准误差（perf 的 ± 百分比）",
      logScale ? "对数坐标" : null,
      hltExcluded ? "不含 HLT" : null,
    ]
      .filter((s): s is string => s !== null)
      .join("；"),
  changeTitle: (fromLabel, toLabel, metric) => `${metric}的变化：${fromLabel} → ${toLabel}`,
  heatmapTitle: (metric) => `退出原因 × 配置：${metric}`,
  vcpuMatrixTitle: (runLabel, metric) => (runLabel ? `各 vCPU 的退出分布（${runLabel}，${metric}）` : `各 vCPU 的退出分布（${metric}）`),
  latencyHistTitle: "各退出原因的处理时间分布",
  latencyHistSubtitle: "横轴为对数坐标；数据来自 perf.data",
  latencyCdfTitle: "各退出原因处理时间的累积分布",
  latencyCdfSubtitle: "圆点标出 p50，菱形标出 p99；横轴为对数坐标",
  rateTitle: "VM 退出速率随时间的变化",
  rateSubtitle: (source, windowMs) =>
    source === "live" ? "由 perf kvm stat live 的相邻两屏计算" : windowMs !== null ? `按 ${windowMs} ms 时间窗统计自 perf.data` : "按时间窗统计自 perf.data",
  cyclictestHistTitle: "cyclictest 延迟直方图",
  cyclictestHistSubtitle: "纵轴为对数坐标，计数为 0 的桶不画",
  cyclictestSummaryTitle: "cyclictest 延迟：最小 / 平均 / 最大",
  cyclictestSummarySubtitle: "横线从最小值到最大值，圆点为平均值",
  cyclictestSummaryLabel: (minUs, avgUs, maxUs) => `最小 ${minUs} / 平均 ${avgUs} / 最大 ${maxUs} µs`,
  noData: "没有可画的数据",
};

const en: ChartMessages = {
  other: "Other",
  run: "Configuration",
  reason: "Exit reason",
  vcpu: "vCPU",
  samples: "Exits",
  samplesPct: "Share of exits",
  timePct: "Share of handling time",
  avgUs: "Mean handling time",
  totalUs: "Total handling time",
  stddevPct: "Relative standard error",
  count: "Count",
  latencyUs: "Latency (µs)",
  handlingTime: "Handling time",
  cumulativePct: "Cumulative share",
  elapsedS: "Time (s)",
  exitsPerS: "Exit rate (/s)",
  minUs: "Min",
  maxUs: "Max",
  ppSuffix: " pp",
  exitShareTitle: (mode) => (mode === "grouped" ? "Share of exits by reason" : "Composition of exits"),
  exitShareSubtitle: (topN, folded) =>
    folded > 0 ? `Top ${topN} reasons by overall share; the other ${folded} folded into “Other”` : `${topN} exit reasons`,
  hltExcludedNote: "HLT left out; shares recomputed over the other reasons",
  timeShareTitle: "Share of handling time by reason",
  avgTimeTitle: "Mean handling time by reason",
  avgTimeSubtitle: ({ logScale, hltExcluded }) =>
    ["Error bars: ± standard error (perf's ± percentage)", logScale ? "log scale" : null, hltExcluded ? "HLT left out" : null]
      .filter((s): s is string => s !== null)
      .join("; "),
  changeTitle: (fromLabel, toLabel, metric) => `${metric}: ${fromLabel} → ${toLabel}`,
  heatmapTitle: (metric) => `Exit reason × configuration: ${metric}`,
  vcpuMatrixTitle: (runLabel, metric) => (runLabel ? `Exits per vCPU (${runLabel}, ${metric})` : `Exits per vCPU (${metric})`),
  latencyHistTitle: "Handling-time distribution by reason",
  latencyHistSubtitle: "Log x axis; data from perf.data",
  latencyCdfTitle: "Cumulative distribution of handling time by reason",
  latencyCdfSubtitle: "Dots mark p50, diamonds p99; log x axis",
  rateTitle: "VM exit rate over time",
  rateSubtitle: (source, windowMs) =>
    source === "live" ? "From consecutive perf kvm stat live screens" : windowMs !== null ? `${windowMs} ms windows from perf.data` : "Binned from perf.data",
  cyclictestHistTitle: "cyclictest latency histogram",
  cyclictestHistSubtitle: "Log count axis; empty buckets not drawn",
  cyclictestSummaryTitle: "cyclictest latency: min / avg / max",
  cyclictestSummarySubtitle: "The line runs from min to max; the dot is the average",
  cyclictestSummaryLabel: (minUs, avgUs, maxUs) => `min ${minUs} / avg ${avgUs} / max ${maxUs} µs`,
  noData: "Nothing to draw",
};

export const chartMessages: Record<Lang, ChartMessages> = { zh, en };
