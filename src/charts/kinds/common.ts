/**
 * Pieces every chart builder shares: options, wording lookup, the empty chart,
 * run labels, top-N folding and reason ordering.
 */
import type { TopLevelSpec } from "vega-lite";
import { chartMessages, type ChartMessages } from "../../messages/charts";
import type { ChartLang, ChartRun, ExitRow, RunExits } from "../inputs";
import { chartConfig, PLOT_WIDTH_PX, round6, runLabel } from "../theme";

export const VEGA_LITE_SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v5.json";

export const SHARE_METRICS = ["samplesPct", "timePct"] as const;
export type ShareMetric = (typeof SHARE_METRICS)[number];
export const VALUE_METRICS = ["samplesPct", "timePct", "avgUs"] as const;
export type ValueMetric = (typeof VALUE_METRICS)[number];
export function isValueMetric(x: string): x is ValueMetric {
  return (VALUE_METRICS as readonly string[]).includes(x);
}

/** Options every builder accepts. */
export interface BaseChartOptions {
  /** Wording language; Chinese by default. */
  lang?: ChartLang;
  /** Replaces the default title. */
  title?: string;
  /** Width of the plotting area in px. */
  widthPx?: number;
}

export function messagesFor(opts: BaseChartOptions): ChartMessages {
  return chartMessages[opts.lang ?? "zh"];
}

/** Title, subtitle (optional) and the theme, common to every spec. */
export function header(opts: BaseChartOptions, title: string, subtitle?: string | string[]): Pick<TopLevelSpec, "$schema" | "config" | "title"> {
  const text = opts.title ?? title;
  return {
    $schema: VEGA_LITE_SCHEMA_URL,
    title: subtitle ? { text, subtitle } : { text },
    config: chartConfig,
  };
}

/** A chart that says there is nothing to draw, so a missing series never becomes an exception. */
export function emptySpec(opts: BaseChartOptions, title: string): TopLevelSpec {
  const m = messagesFor(opts);
  return {
    ...header(opts, title),
    width: opts.widthPx ?? PLOT_WIDTH_PX,
    height: 60,
    data: { values: [{ text: m.noData }] },
    mark: { type: "text", fontSize: 13, color: "#666666" },
    encoding: { text: { field: "text", type: "nominal" } },
  };
}

/** Run labels in the chart language, made unique by appending the id when two runs share a label. */
export function runLabels(runs: readonly ChartRun[], lang: ChartLang): string[] {
  const raw = runs.map((r) => runLabel(r, lang));
  return raw.map((l, i) => (raw.indexOf(l) !== raw.lastIndexOf(l) ? `${l} (${runs[i].id})` : l));
}

/**
 * The value of `metric` in a row. Shares missing from the row are derived from
 * `samples` (for samplesPct) when the table's total is known; otherwise null.
 */
export function metricOf(row: ExitRow, metric: ValueMetric, totalSamples: number | null): number | null {
  const v = row[metric];
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (metric === "samplesPct" && typeof row.samples === "number" && totalSamples) return (100 * row.samples) / totalSamples;
  return null;
}

export function totalSamplesOf(rows: readonly ExitRow[]): number | null {
  let total = 0;
  for (const r of rows) {
    if (typeof r.samples !== "number") return null;
    total += r.samples;
  }
  return total > 0 ? total : null;
}

/** Reason names ordered by the mean of `metric` over runs, largest first; ties by name. */
export function reasonOrder(runs: readonly RunExits[], metric: ValueMetric): string[] {
  const sum = new Map<string, number>();
  for (const r of runs) {
    const total = totalSamplesOf(r.rows);
    for (const row of r.rows) sum.set(row.name, (sum.get(row.name) ?? 0) + (metricOf(row, metric, total) ?? 0));
  }
  return [...sum.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([name]) => name);
}

export interface ShareCell {
  run: string;
  reason: string;
  value: number;
  text: string;
}

/**
 * Shares per run and reason, the top `topN` reasons (by mean share) kept and
 * the rest summed into one "other" reason. Returns the cells and the reason order.
 */
export function foldTopN(
  runs: readonly RunExits[],
  labels: readonly string[],
  metric: ShareMetric,
  topN: number,
  otherLabel: string,
  fmt: (v: number) => string,
): { cells: ShareCell[]; reasons: string[]; folded: number } {
  const order = reasonOrder(runs, metric);
  const keep = new Set(order.slice(0, topN));
  const folded = order.length - keep.size;
  const cells: ShareCell[] = [];
  runs.forEach((r, i) => {
    const total = totalSamplesOf(r.rows);
    let other = 0;
    for (const row of r.rows) {
      const v = metricOf(row, metric, total);
      if (v === null) continue;
      if (keep.has(row.name)) cells.push({ run: labels[i], reason: row.name, value: round6(v), text: fmt(v) });
      else other += v;
    }
    if (folded > 0) cells.push({ run: labels[i], reason: otherLabel, value: round6(other), text: fmt(other) });
  });
  const reasons = order.slice(0, topN);
  if (folded > 0) reasons.push(otherLabel);
  return { cells, reasons, folded };
}

/** Case-insensitive: HLT on Intel, hlt on AMD. */
export function isHlt(reason: string): boolean {
  return reason.toUpperCase() === "HLT";
}

/**
 * The runs without their HLT row, `metric` recomputed as a share of what is
 * left (so that the handling cost of the other exits is not flattened by the
 * idle time of a halted vCPU). Time shares are recomputed from samples × avgUs
 * when every row has both.
 */
export function withoutHlt(runs: readonly RunExits[], metric: ShareMetric): RunExits[] {
  return runs.map((r) => {
    const total = totalSamplesOf(r.rows);
    const kept = r.rows.filter((row) => !isHlt(row.name));
    // perf prints Time% with two decimals (0.04%): without HLT, samples × avg time is the precise base when every row has it.
    const exactTime = metric === "timePct" && kept.length > 0 && kept.every((row) => typeof row.samples === "number" && typeof row.avgUs === "number");
    const values = kept.map((row) => (exactTime ? (row.samples as number) * (row.avgUs as number) : metricOf(row, metric, total)));
    const sum = values.reduce<number>((s, v) => s + (v ?? 0), 0);
    return { run: r.run, rows: kept.map((row, i) => ({ ...row, [metric]: values[i] === null || sum <= 0 ? null : ((values[i] as number) * 100) / sum })) };
  });
}
