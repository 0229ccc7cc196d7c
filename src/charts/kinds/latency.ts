/**
 * `latency-hist` and `latency-cdf`: the handling-time distribution of each
 * reason (perf.data only), one panel per reason, one line per run, on a log
 * time axis. The CDF marks p50 (dot) and p99 (diamond); percentiles given in
 * the input win, otherwise they are read off the binned CDF.
 */
import type { TopLevelSpec } from "vega-lite";
import type { LatencyDistribution } from "../inputs";
import { COUNT_FORMAT, formatPct, formatUs, LABEL_LOG_US, LABEL_PCT, legendColumns, lineDashesFor, linePaletteFor, PLOT_WIDTH_PX, round6 } from "../theme";
import { emptySpec, header, messagesFor, runLabels, type BaseChartOptions } from "./common";

export interface LatencyChartOptions extends BaseChartOptions {
  /** Reasons to draw, in this order; default the `topN` with most exits. */
  reasons?: readonly string[];
  /** Default 6. */
  topN?: number;
}

const PANEL_HEIGHT_PX = 110;

function pickReasons(dists: readonly LatencyDistribution[], opts: LatencyChartOptions): string[] {
  if (opts.reasons && opts.reasons.length > 0) return [...opts.reasons];
  const total = new Map<string, number>();
  for (const d of dists) total.set(d.reason, (total.get(d.reason) ?? 0) + d.bins.reduce((s, b) => s + b.count, 0));
  return [...total.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, Math.max(1, opts.topN ?? 6))
    .map(([r]) => r);
}

function runsOf(dists: readonly LatencyDistribution[], lang: "zh" | "en"): { ids: string[]; labels: string[] } {
  const runs = [...new Map(dists.map((d) => [d.run.id, d.run])).values()];
  return { ids: runs.map((r) => r.id), labels: runLabels(runs, lang) };
}

/** Time (µs) at which the binned CDF reaches `q` (0..1), interpolating inside the bin. */
export function quantileFromBins(bins: readonly { loUs: number; hiUs: number; count: number }[], q: number): number | null {
  const total = bins.reduce((s, b) => s + b.count, 0);
  if (total <= 0) return null;
  const target = q * total;
  let acc = 0;
  for (const b of bins) {
    if (b.count > 0 && acc + b.count >= target) return b.loUs + ((target - acc) / b.count) * (b.hiUs - b.loUs);
    acc += b.count;
  }
  return bins[bins.length - 1].hiUs;
}

/** Colour and dash per run: lines stay apart in colour and in gray print. */
function runStyle(labels: string[], title: string) {
  // Same field and legend on both channels: vega-lite merges them into one legend showing colour and dash.
  const legend = { title, columns: legendColumns(labels), symbolType: "stroke", symbolStrokeWidth: 2 };
  return {
    color: { field: "run", type: "nominal" as const, sort: labels, scale: { domain: labels, range: linePaletteFor(labels.length) }, legend },
    strokeDash: { field: "run", type: "nominal" as const, sort: labels, scale: { domain: labels, range: lineDashesFor(labels.length) }, legend },
  };
}

// Powers of ten only, with their unit (0.1 µs … 100 µs, 1 ms …): handling times span decades.
const LOG_X_AXIS = { labelExpr: LABEL_LOG_US, tickCount: 8 };

function facetOf(reasons: string[]) {
  return { row: { field: "reason", type: "nominal" as const, sort: reasons, title: null, header: { labelAngle: 0, labelAlign: "left" as const, labelAnchor: "start" as const, labelOrient: "top" as const, labelFontWeight: "bold" as const } } };
}

export function latencyHistSpec(dists: readonly LatencyDistribution[], opts: LatencyChartOptions = {}): TopLevelSpec {
  const m = messagesFor(opts);
  const lang = opts.lang ?? "zh";
  const title = m.latencyHistTitle;
  const reasons = pickReasons(dists, opts);
  const keep = new Set(reasons);
  const { ids, labels } = runsOf(dists, lang);
  // A step line through each bin's left edge, closed at the last bin's right edge.
  const values = dists
    .filter((d) => keep.has(d.reason))
    .flatMap((d) => {
      const run = labels[ids.indexOf(d.run.id)];
      const bins = d.bins.filter((b) => b.loUs > 0 && b.hiUs > b.loUs);
      const pts = bins.map((b) => ({ run, reason: d.reason, us: round6(b.loUs), count: b.count, range: `${formatUs(b.loUs)} – ${formatUs(b.hiUs)}` }));
      const last = bins[bins.length - 1];
      if (last) pts.push({ ...pts[pts.length - 1], us: round6(last.hiUs) });
      return pts;
    });
  if (values.length === 0) return emptySpec(opts, title);
  return {
    ...header(opts, title, m.latencyHistSubtitle),
    data: { values },
    facet: facetOf(reasons),
    resolve: { scale: { y: "independent" } },
    spec: {
      width: opts.widthPx ?? PLOT_WIDTH_PX,
      height: PANEL_HEIGHT_PX,
      mark: { type: "line", interpolate: "step-after", strokeWidth: 1.6 },
      encoding: {
        x: { field: "us", type: "quantitative", scale: { type: "log" }, title: m.handlingTime, axis: LOG_X_AXIS },
        y: { field: "count", type: "quantitative", title: m.count, axis: { format: COUNT_FORMAT, tickCount: 4 } },
        ...runStyle(labels, m.run),
        tooltip: [
          { field: "run", type: "nominal", title: m.run },
          { field: "range", type: "nominal", title: m.handlingTime },
          { field: "count", type: "quantitative", title: m.count },
        ],
      },
    },
  };
}

export function latencyCdfSpec(dists: readonly LatencyDistribution[], opts: LatencyChartOptions = {}): TopLevelSpec {
  const m = messagesFor(opts);
  const lang = opts.lang ?? "zh";
  const title = m.latencyCdfTitle;
  const reasons = pickReasons(dists, opts);
  const keep = new Set(reasons);
  const { ids, labels } = runsOf(dists, lang);
  const values: Record<string, string | number>[] = [];
  for (const d of dists) {
    if (!keep.has(d.reason)) continue;
    const run = labels[ids.indexOf(d.run.id)];
    const total = d.bins.reduce((s, b) => s + b.count, 0);
    if (total <= 0) continue;
    // The binned CDF (an ogive): 0 at the first bin's left edge, then the cumulative share at each right edge.
    const first = d.bins.find((b) => b.loUs > 0);
    if (first) values.push({ layer: "cdf", run, reason: d.reason, us: round6(first.loUs), cumPct: 0, text: `${formatUs(first.loUs)}: ${formatPct(0)}` });
    let acc = 0;
    for (const b of d.bins) {
      acc += b.count;
      if (b.hiUs <= 0) continue;
      values.push({ layer: "cdf", run, reason: d.reason, us: round6(b.hiUs), cumPct: round6((100 * acc) / total), text: `${formatUs(b.hiUs)}: ${formatPct((100 * acc) / total)}` });
    }
    for (const [q, given, name] of [[0.5, d.p50Us, "p50"], [0.99, d.p99Us, "p99"]] as const) {
      const us = typeof given === "number" && given > 0 ? given : quantileFromBins(d.bins, q);
      if (us === null || !(us > 0)) continue;
      values.push({ layer: name, run, reason: d.reason, us: round6(us), cumPct: q * 100, text: `${name} = ${formatUs(us)}` });
    }
  }
  if (values.length === 0) return emptySpec(opts, title);
  const style = runStyle(labels, m.run);
  const x = { field: "us", type: "quantitative" as const, scale: { type: "log" as const }, title: m.handlingTime, axis: LOG_X_AXIS };
  const y = { field: "cumPct", type: "quantitative" as const, title: m.cumulativePct, scale: { domain: [0, 100] }, axis: { labelExpr: LABEL_PCT, values: [0, 25, 50, 75, 100] } };
  const tooltip = [
    { field: "run", type: "nominal" as const, title: m.run },
    { field: "text", type: "nominal" as const, title: m.handlingTime },
  ];
  return {
    ...header(opts, title, m.latencyCdfSubtitle),
    data: { values },
    facet: facetOf(reasons),
    spec: {
      width: opts.widthPx ?? PLOT_WIDTH_PX,
      height: PANEL_HEIGHT_PX,
      encoding: { x, y, color: style.color, tooltip },
      layer: [
        { transform: [{ filter: "datum.layer === 'cdf'" }], mark: { type: "line", strokeWidth: 1.6 }, encoding: { strokeDash: style.strokeDash } },
        { transform: [{ filter: "datum.layer === 'p50'" }], mark: { type: "point", shape: "circle", filled: true, size: 60, stroke: "#333333", strokeWidth: 0.6, opacity: 1 } },
        { transform: [{ filter: "datum.layer === 'p99'" }], mark: { type: "point", shape: "diamond", filled: true, size: 80, stroke: "#333333", strokeWidth: 0.6, opacity: 1 } },
      ],
    },
  };
}
