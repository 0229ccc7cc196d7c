/**
 * `exit-share` and `time-share`: each reason's share of exits (or of handling
 * time) per run, as grouped horizontal bars or as one stacked bar per run.
 * Reasons beyond the top N are folded into "other".
 */
import type { TopLevelSpec } from "vega-lite";
import type { RunExits } from "../inputs";
import { CHART_PALETTE, formatPct, LABEL_PCT, legendColumns, OTHER_COLOR, paletteFor, PLOT_WIDTH_PX } from "../theme";
import { emptySpec, foldTopN, header, messagesFor, runLabels, withoutHlt, type BaseChartOptions, type ShareMetric } from "./common";

export const SHARE_MODES = ["grouped", "stacked"] as const;
export type ShareMode = (typeof SHARE_MODES)[number];

export interface ShareChartOptions extends BaseChartOptions {
  /** Grouped bars (default) or one stacked bar per run. */
  mode?: ShareMode;
  /** Reasons kept; the rest are folded into "other". Default 10 grouped, 7 stacked (at most 7 stacked). */
  topN?: number;
  /** Leave HLT out and recompute the shares over the other reasons (default false). */
  excludeHlt?: boolean;
}

export const DEFAULT_TOP_N = 10;

function shareSpec(allRuns: readonly RunExits[], metric: ShareMetric, opts: ShareChartOptions, title: string): TopLevelSpec {
  const runs = opts.excludeHlt ? withoutHlt(allRuns, metric) : allRuns;
  const m = messagesFor(opts);
  const lang = opts.lang ?? "zh";
  const mode = opts.mode ?? "grouped";
  if (runs.length === 0 || runs.every((r) => r.rows.length === 0)) return emptySpec(opts, title);
  const labels = runLabels(runs.map((r) => r.run), lang);
  // Stacked bars tell reasons apart by colour only: keep as many as the palette has (the last colour goes to "other").
  const topN = mode === "stacked" ? Math.min(CHART_PALETTE.length - 1, Math.max(1, opts.topN ?? CHART_PALETTE.length - 1)) : Math.max(1, opts.topN ?? DEFAULT_TOP_N);
  const { cells, reasons, folded } = foldTopN(runs, labels, metric, topN, m.other, formatPct);
  // One subtitle line per remark, so that a long subtitle does not widen the chart past the page.
  const subtitle = [m.exitShareSubtitle(reasons.length - (folded > 0 ? 1 : 0), folded), ...(opts.excludeHlt ? [m.hltExcludedNote] : [])];
  const width = opts.widthPx ?? PLOT_WIDTH_PX;
  const axisTitle = metric === "samplesPct" ? m.samplesPct : m.timePct;
  const tooltip = [
    { field: "run", type: "nominal" as const, title: m.run },
    { field: "reason", type: "nominal" as const, title: m.reason },
    { field: "text", type: "nominal" as const, title: axisTitle },
  ];
  if (mode === "stacked") {
    const colors = paletteFor(reasons.length);
    if (folded > 0) colors[colors.length - 1] = OTHER_COLOR;
    return {
      ...header(opts, title, subtitle),
      width,
      height: { step: 28 },
      data: { values: cells.map((c) => ({ ...c, order: reasons.indexOf(c.reason) })) },
      mark: { type: "bar" },
      encoding: {
        y: { field: "run", type: "nominal", sort: labels, title: null },
        x: { field: "value", type: "quantitative", stack: "zero", title: axisTitle, axis: { labelExpr: LABEL_PCT, tickCount: 6 }, scale: { domain: [0, 100] } },
        color: {
          field: "reason",
          type: "nominal",
          sort: reasons,
          scale: { domain: reasons, range: colors },
          legend: { title: m.reason, columns: legendColumns(reasons) },
        },
        order: { field: "order", type: "quantitative" },
        tooltip,
      },
    };
  }
  const barPx = runs.length <= 2 ? 12 : runs.length <= 4 ? 9 : 6;
  const showValues = runs.length <= 4;
  return {
    ...header(opts, title, subtitle),
    width,
    height: { step: barPx },
    data: { values: cells },
    encoding: {
      y: { field: "reason", type: "nominal", sort: reasons, title: null },
      yOffset: { field: "run", type: "nominal", sort: labels },
      x: { field: "value", type: "quantitative", title: axisTitle, axis: { labelExpr: LABEL_PCT, tickCount: 6 } },
      tooltip,
    },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          color: {
            field: "run",
            type: "nominal",
            sort: labels,
            scale: { domain: labels, range: paletteFor(labels.length) },
            legend: { title: m.run, columns: legendColumns(labels) },
          },
        },
      },
      ...(showValues
        ? [
            {
              mark: { type: "text" as const, align: "left" as const, baseline: "middle" as const, dx: 3, fontSize: 9, color: "#333333" },
              encoding: { text: { field: "text", type: "nominal" as const } },
            },
          ]
        : []),
    ],
  };
}

/** Share of exits by reason per run (`exit-share`). */
export function exitShareSpec(runs: readonly RunExits[], opts: ShareChartOptions = {}): TopLevelSpec {
  return shareSpec(runs, "samplesPct", opts, messagesFor(opts).exitShareTitle(opts.mode ?? "grouped"));
}

/** Share of handling time by reason per run (`time-share`). */
export function timeShareSpec(runs: readonly RunExits[], opts: ShareChartOptions = {}): TopLevelSpec {
  return shareSpec(runs, "timePct", opts, messagesFor(opts).timeShareTitle);
}
