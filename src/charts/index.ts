/**
 * Charts: analysis data → typed Vega-Lite specs → SVG.
 *
 *   RunExits / RunVcpuMatrix / LatencyDistribution / RateSeries / RunCyclictest
 *     ─► buildChart(kind, data, { lang }) or a per-kind builder (pure, JSON out)
 *     ─► renderSvg(spec)            (vega in Node, CJK-aware text width, deterministic)
 *     ─► chartMimeBundle(spec)      (notebooks: live spec + static <img> fallback)
 */
export * from "./inputs";
export { CHART_FONT, CHART_PALETTE, chartConfig, formatPct, formatUs } from "./theme";
export { textWidthEm, textWidthPx } from "./text-width";
export { renderSvg, chartMimeBundle, normalizeSvg, compileSpec, installTextMetrics, type ChartMimeBundle } from "./render";
export { CHART_KINDS, CHART_KIND_TABLE, buildChart, isChartKind, type ChartKind, type ChartData, type ChartOptions, type ChartKindEntry } from "./kinds";
export { exitShareSpec, timeShareSpec, SHARE_MODES, type ShareMode, type ShareChartOptions } from "./kinds/share";
export { avgTimeSpec, type AvgTimeChartOptions } from "./kinds/avg-time";
export { changeSpec, type ChangeChartOptions } from "./kinds/change";
export { heatmapSpec, type HeatmapChartOptions } from "./kinds/heatmap";
export { vcpuMatrixSpec, VCPU_METRICS, type VcpuMetric, type VcpuMatrixChartOptions } from "./kinds/vcpu-matrix";
export { latencyHistSpec, latencyCdfSpec, quantileFromBins, type LatencyChartOptions } from "./kinds/latency";
export { rateSpec, rateFromLiveScreens, RATE_SOURCES, type RateSource, type RateChartOptions } from "./kinds/rate";
export { cyclictestHistSpec, cyclictestSummarySpec, type CyclictestChartOptions } from "./kinds/cyclictest";
export { VALUE_METRICS, type ValueMetric, type BaseChartOptions } from "./kinds/common";
export { chartDataFromExperiment, exitsFromSummaries, type ChartDataOptions, type SummaryLike } from "./from-experiment";
