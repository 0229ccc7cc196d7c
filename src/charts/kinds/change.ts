/**
 * `change`: a dumbbell per reason between two runs: a dot for each run on one
 * line, reasons sorted by the size of the change, the signed change written
 * at the right. The metric is a share (percentage points) or the mean time.
 */
import type { TopLevelSpec } from "vega-lite";
import type { RunExits } from "../inputs";
import { formatPct, formatSigned, formatUs, LABEL_LOG_US, LABEL_PCT, paletteFor, PLOT_WIDTH_PX, round6 } from "../theme";
import { emptySpec, header, isHlt, messagesFor, metricOf, runLabels, totalSamplesOf, type BaseChartOptions, type ValueMetric } from "./common";

export interface ChangeChartOptions extends BaseChartOptions {
  /** Run ids; default the first and the last run. */
  fromRunId?: string;
  toRunId?: string;
  /** Default samplesPct. */
  metric?: ValueMetric;
  /** Reasons shown, largest change first. Default 12. */
  topN?: number;
  /** Leave HLT out (its mean time is idle time). */
  excludeHlt?: boolean;
}

export function changeSpec(runs: readonly RunExits[], opts: ChangeChartOptions = {}): TopLevelSpec {
  const m = messagesFor(opts);
  const lang = opts.lang ?? "zh";
  const metric = opts.metric ?? "samplesPct";
  const metricTitle = metric === "samplesPct" ? m.samplesPct : metric === "timePct" ? m.timePct : m.avgUs;
  const pick = (id: string | undefined, fallback: number) => {
    if (id === undefined) return runs[fallback];
    const r = runs.find((x) => x.run.id === id);
    if (!r) throw new Error(`change chart: unknown run id: ${id} (runs: ${runs.map((x) => x.run.id).join(", ")})`);
    return r;
  };
  if (runs.length < 2) return emptySpec(opts, m.changeTitle("?", "?", metricTitle));
  const from = pick(opts.fromRunId, 0);
  const to = pick(opts.toRunId, runs.length - 1);
  const [fromLabel, toLabel] = runLabels([from.run, to.run], lang);
  const title = m.changeTitle(fromLabel, toLabel, metricTitle);
  const fmt = metric === "avgUs" ? formatUs : formatPct;
  const fromTotal = totalSamplesOf(from.rows);
  const toTotal = totalSamplesOf(to.rows);
  const fromByName = new Map(from.rows.map((r) => [r.name, metricOf(r, metric, fromTotal)]));
  const toByName = new Map(to.rows.map((r) => [r.name, metricOf(r, metric, toTotal)]));
  const names = [...new Set([...fromByName.keys(), ...toByName.keys()])];
  // A reason absent from one run had no exits there: a share of 0, an unknown mean time.
  const zeroIfMissing = metric !== "avgUs";
  // Mean times span decades (HLT ~ms, MSR_WRITE ~µs): compare them as ratios on a log axis; shares as differences.
  const ratio = metric === "avgUs";
  const size = (p: { a: number; b: number }) => (ratio ? Math.abs(Math.log(p.b / p.a)) : Math.abs(p.b - p.a));
  const pairs = names
    .map((name) => {
      const a = fromByName.get(name) ?? (zeroIfMissing ? 0 : null);
      const b = toByName.get(name) ?? (zeroIfMissing ? 0 : null);
      return { name, a, b };
    })
    .filter((p): p is { name: string; a: number; b: number } => p.a !== null && p.b !== null && !(opts.excludeHlt && isHlt(p.name)))
    .filter((p) => !ratio || (p.a > 0 && p.b > 0))
    .sort((x, y) => size(y) - size(x) || (x.name < y.name ? -1 : 1))
    .slice(0, Math.max(1, opts.topN ?? 12));
  if (pairs.length === 0) return emptySpec(opts, title);
  const reasons = pairs.map((p) => p.name);
  const points = pairs.flatMap((p) => [
    { reason: p.name, run: fromLabel, value: round6(p.a), text: fmt(p.a) },
    { reason: p.name, run: toLabel, value: round6(p.b), text: fmt(p.b) },
  ]);
  const maxV = Math.max(...pairs.map((p) => Math.max(p.a, p.b)));
  const segments = pairs.map((p) => ({
    reason: p.name,
    a: round6(p.a),
    b: round6(p.b),
    labelAt: round6(maxV),
    delta: ratio ? `${formatSigned(p.b - p.a)} µs (×${Number((p.b / p.a).toPrecision(2))})` : `${formatSigned(p.b - p.a)}${m.ppSuffix}`,
  }));
  const y = { field: "reason", type: "nominal" as const, sort: reasons, title: null };
  const xAxis = { labelExpr: ratio ? LABEL_LOG_US : LABEL_PCT, tickCount: 6 };
  const xScale = ratio ? { type: "log" as const } : { zero: true };
  return {
    ...header(opts, title),
    // Narrower than the other charts: the signed change is written to the right of the plot.
    width: opts.widthPx ?? PLOT_WIDTH_PX - 90,
    height: { step: 22 },
    layer: [
      {
        data: { values: segments },
        mark: { type: "rule", color: "#888888", strokeWidth: 2 },
        encoding: { y, x: { field: "a", type: "quantitative", title: metricTitle, axis: xAxis, scale: xScale }, x2: { field: "b" } },
      },
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: 70, stroke: "#333333", strokeWidth: 0.5, opacity: 1 },
        encoding: {
          y,
          x: { field: "value", type: "quantitative" },
          color: { field: "run", type: "nominal", sort: [fromLabel, toLabel], scale: { domain: [fromLabel, toLabel], range: paletteFor(2) }, legend: { title: m.run } },
          shape: { field: "run", type: "nominal", sort: [fromLabel, toLabel], scale: { domain: [fromLabel, toLabel], range: ["circle", "diamond"] } },
          tooltip: [
            { field: "run", type: "nominal", title: m.run },
            { field: "reason", type: "nominal", title: m.reason },
            { field: "text", type: "nominal", title: metricTitle },
          ],
        },
      },
      {
        data: { values: segments },
        mark: { type: "text", align: "left", baseline: "middle", dx: 10, fontSize: 10, color: "#333333" },
        encoding: { y, x: { field: "labelAt", type: "quantitative" }, text: { field: "delta", type: "nominal" } },
      },
    ],
  };
}
