/**
 * `heatmap`: reasons down, runs across, one cell per pair coloured by the
 * metric (sequential blues: lightness alone carries the value, so it reads in
 * gray and for colour-blind readers) with the value written in the cell.
 */
import type { TopLevelSpec } from "vega-lite";
import type { RunExits } from "../inputs";
import { formatPct, formatUs, LABEL_LIMIT_PX, PLOT_WIDTH_PX, round6 } from "../theme";
import { emptySpec, header, messagesFor, metricOf, reasonOrder, runLabels, totalSamplesOf, type BaseChartOptions, type ValueMetric } from "./common";

export interface HeatmapChartOptions extends BaseChartOptions {
  /** Default samplesPct. */
  metric?: ValueMetric;
  /** Reasons shown, by the mean of the metric. Default 20. */
  topN?: number;
}

/** Cells darker than this fraction of the maximum get white text. */
const WHITE_TEXT_FROM = 0.45;

export function heatmapSpec(runs: readonly RunExits[], opts: HeatmapChartOptions = {}): TopLevelSpec {
  const m = messagesFor(opts);
  const lang = opts.lang ?? "zh";
  const metric = opts.metric ?? "samplesPct";
  const metricTitle = metric === "samplesPct" ? m.samplesPct : metric === "timePct" ? m.timePct : m.avgUs;
  const title = m.heatmapTitle(metricTitle);
  const labels = runLabels(runs.map((r) => r.run), lang);
  const reasons = reasonOrder(runs, metric).slice(0, Math.max(1, opts.topN ?? 20));
  const keep = new Set(reasons);
  const fmt = metric === "avgUs" ? formatUs : formatPct;
  const values: Record<string, string | number>[] = [];
  runs.forEach((r, i) => {
    const total = totalSamplesOf(r.rows);
    for (const row of r.rows) {
      if (!keep.has(row.name)) continue;
      const v = metricOf(row, metric, total);
      if (v === null) continue;
      values.push({ run: labels[i], reason: row.name, value: round6(v), text: fmt(v) });
    }
  });
  if (values.length === 0) return emptySpec(opts, title);
  const maxV = Math.max(...values.map((v) => v.value as number));
  // sqrt: shares are skewed (HLT ~50%, most reasons < 1%); a linear scale would leave most cells white.
  const colorScale = { scheme: "blues" as const, type: "sqrt" as const, domain: [0, round6(maxV)] };
  const cellWidthPx = Math.max(54, Math.min(110, Math.floor(PLOT_WIDTH_PX / Math.max(1, labels.length))));
  return {
    ...header(opts, title),
    width: { step: cellWidthPx },
    height: { step: 20 },
    data: { values },
    encoding: {
      x: { field: "run", type: "nominal", sort: labels, title: null, axis: { orient: "top", labelAngle: labels.length > 5 ? -30 : 0, labelLimit: LABEL_LIMIT_PX } },
      y: { field: "reason", type: "nominal", sort: reasons, title: null },
    },
    layer: [
      {
        mark: { type: "rect", stroke: "white", strokeWidth: 1 },
        encoding: {
          color: { field: "value", type: "quantitative", scale: colorScale, legend: { title: metricTitle, orient: "right", format: ".2~f", gradientLength: Math.max(40, Math.min(120, reasons.length * 20 - 20)) } },
          tooltip: [
            { field: "run", type: "nominal", title: m.run },
            { field: "reason", type: "nominal", title: m.reason },
            { field: "text", type: "nominal", title: metricTitle },
          ],
        },
      },
      {
        mark: { type: "text", fontSize: 10 },
        encoding: {
          text: { field: "text", type: "nominal" },
          color: { condition: { test: `datum.value > ${round6(maxV * WHITE_TEXT_FROM * WHITE_TEXT_FROM)}`, value: "white" }, value: "#111111" },
        },
      },
    ],
  };
}
