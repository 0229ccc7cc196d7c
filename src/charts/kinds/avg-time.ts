/**
 * `avg-time`: mean handling time per reason and run, with ± error bars from
 * perf's relative standard error (`stddevPct`). Optional log scale (drawn as
 * points: bars have no zero on a log axis); HLT can be left out, since a
 * halted vCPU's "handling time" is idle time and dwarfs everything else.
 */
import type { TopLevelSpec } from "vega-lite";
import type { RunExits } from "../inputs";
import { formatUs, LABEL_LOG_US, LABEL_US, legendColumns, paletteFor, PLOT_WIDTH_PX, round6 } from "../theme";
import { emptySpec, header, isHlt, messagesFor, reasonOrder, runLabels, type BaseChartOptions } from "./common";
import { DEFAULT_TOP_N } from "./share";

export interface AvgTimeChartOptions extends BaseChartOptions {
  logScale?: boolean;
  /** Leave HLT out (default false). */
  excludeHlt?: boolean;
  /** Reasons shown, by share of handling time. Default 10. */
  topN?: number;
}

export function avgTimeSpec(runs: readonly RunExits[], opts: AvgTimeChartOptions = {}): TopLevelSpec {
  const m = messagesFor(opts);
  const lang = opts.lang ?? "zh";
  const logScale = opts.logScale ?? false;
  const excludeHlt = opts.excludeHlt ?? false;
  const title = m.avgTimeTitle;
  const labels = runLabels(runs.map((r) => r.run), lang);
  const order = reasonOrder(runs, "timePct").filter((name) => !(excludeHlt && isHlt(name)));
  const reasons = order.slice(0, Math.max(1, opts.topN ?? DEFAULT_TOP_N));
  const keep = new Set(reasons);
  const values: Record<string, string | number>[] = [];
  runs.forEach((r, i) => {
    for (const row of r.rows) {
      if (!keep.has(row.name) || typeof row.avgUs !== "number" || !(row.avgUs > 0 || !logScale)) continue;
      const errUs = typeof row.stddevPct === "number" ? (row.avgUs * row.stddevPct) / 100 : 0;
      const lowUs = logScale ? Math.max(row.avgUs - errUs, row.avgUs / 10) : Math.max(0, row.avgUs - errUs);
      values.push({
        run: labels[i],
        reason: row.name,
        avgUs: round6(row.avgUs),
        lowUs: round6(lowUs),
        highUs: round6(row.avgUs + errUs),
        text: formatUs(row.avgUs),
        errText: typeof row.stddevPct === "number" ? `± ${row.stddevPct.toFixed(2)}%` : "",
      });
    }
  });
  if (values.length === 0) return emptySpec(opts, title);
  const barPx = runs.length <= 2 ? 12 : runs.length <= 4 ? 9 : 6;
  const xScale = logScale ? { type: "log" as const } : { zero: true };
  const color = {
    field: "run",
    type: "nominal" as const,
    sort: labels,
    scale: { domain: labels, range: paletteFor(labels.length) },
    legend: { title: m.run, columns: legendColumns(labels) },
  };
  return {
    ...header(opts, title, m.avgTimeSubtitle({ logScale, hltExcluded: excludeHlt })),
    width: opts.widthPx ?? PLOT_WIDTH_PX,
    height: { step: barPx },
    data: { values },
    encoding: {
      y: { field: "reason", type: "nominal", sort: reasons, title: null },
      yOffset: { field: "run", type: "nominal", sort: labels },
      tooltip: [
        { field: "run", type: "nominal", title: m.run },
        { field: "reason", type: "nominal", title: m.reason },
        { field: "text", type: "nominal", title: m.avgUs },
        { field: "errText", type: "nominal", title: m.stddevPct },
      ],
    },
    layer: [
      {
        mark: logScale ? { type: "point", filled: true, size: 40, stroke: "#333333", strokeWidth: 0.5, opacity: 1 } : { type: "bar" },
        encoding: {
          x: { field: "avgUs", type: "quantitative", title: m.avgUs, scale: xScale, axis: { labelExpr: logScale ? LABEL_LOG_US : LABEL_US, tickCount: 6 } },
          color,
        },
      },
      {
        mark: { type: "rule", color: "#222222", strokeWidth: 1 },
        encoding: { x: { field: "lowUs", type: "quantitative" }, x2: { field: "highUs" } },
      },
    ],
  };
}
