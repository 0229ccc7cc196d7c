/**
 * `cyclictest-hist` and `cyclictest-summary`: the guest's timer latency. The
 * histogram sums the threads of each run and draws one step line per run on
 * a log count axis (empty buckets are left out: log(0)). The summary shows
 * min-to-max as a line with the average as a dot, per run.
 */
import type { TopLevelSpec } from "vega-lite";
import type { RunCyclictest } from "../inputs";
import { LABEL_LOG_US, LABEL_US, linePaletteFor, PLOT_WIDTH_PX, round6 } from "../theme";
import { emptySpec, header, messagesFor, runLabels, type BaseChartOptions } from "./common";

export interface CyclictestChartOptions extends BaseChartOptions {
  /** Summary: log latency axis; default when max/min > 50. */
  logScale?: boolean;
}

export function cyclictestHistSpec(runs: readonly RunCyclictest[], opts: CyclictestChartOptions = {}): TopLevelSpec {
  const m = messagesFor(opts);
  const title = m.cyclictestHistTitle;
  const labels = runLabels(runs.map((r) => r.run), opts.lang ?? "zh");
  const values: { run: string; latencyUs: number; count: number }[] = [];
  runs.forEach((r, i) => {
    const h = r.result.histogram;
    if (!h) return;
    const sum = new Map<number, number>();
    for (const t of h.threads) for (const [us, n] of t.buckets) sum.set(us, (sum.get(us) ?? 0) + n);
    for (const [us, n] of [...sum.entries()].sort((a, b) => a[0] - b[0])) if (n > 0) values.push({ run: labels[i], latencyUs: round6(us), count: n });
  });
  if (values.length === 0) return emptySpec(opts, title);
  const shown = labels.filter((l) => values.some((v) => v.run === l));
  // Panels get lower as runs are added, so that four runs still fit half an A4 page beside their table.
  const panelPx = histPanelHeightPx(shown.length);
  const countCeiling = Math.pow(10, Math.ceil(Math.log10(Math.max(...values.map((v) => v.count)) * 1.2)));
  // One panel per run; each non-empty bucket is a vertical rule from the panel floor (log axis: no zero).
  return {
    ...header(opts, title, m.cyclictestHistSubtitle),
    data: { values },
    facet: { row: { field: "run", type: "nominal", sort: shown, title: null, header: { labelAngle: 0, labelAlign: "left", labelAnchor: "start", labelOrient: "top", labelFontWeight: "bold" } } },
    spec: {
      width: opts.widthPx ?? PLOT_WIDTH_PX,
      height: panelPx,
      mark: { type: "rule", strokeWidth: 2 },
      encoding: {
        x: { field: "latencyUs", type: "quantitative", title: m.latencyUs, scale: { zero: false }, axis: { labelExpr: LABEL_US } },
        // The floor sits below 1 so that a bucket counted once still shows as a line; the top is the next power of ten.
        y: { field: "count", type: "quantitative", title: m.count, scale: { type: "log", domain: [0.5, countCeiling] }, axis: { format: "~s", tickCount: 4 } },
        y2: { value: panelPx },
        color: { field: "run", type: "nominal", sort: shown, scale: { domain: shown, range: linePaletteFor(shown.length) }, legend: null },
        tooltip: [
          { field: "run", type: "nominal", title: m.run },
          { field: "latencyUs", type: "quantitative", title: m.latencyUs },
          { field: "count", type: "quantitative", title: m.count },
        ],
      },
    },
  };
}

function histPanelHeightPx(panels: number): number {
  return panels <= 2 ? 110 : panels <= 4 ? 75 : 60;
}

interface SummaryRow {
  run: string;
  minUs: number;
  avgUs: number;
  maxUs: number;
  text: string;
}

/** Min of mins, cycle-weighted mean of means (plain mean when cycles are unknown), max of maxes. */
function summarize(r: RunCyclictest): Omit<SummaryRow, "run" | "text"> | null {
  const ts = r.result.threads.filter((t) => t.minUs !== null && t.avgUs !== null && t.maxUs !== null);
  if (ts.length === 0) return null;
  const weights = ts.map((t) => (t.cycles && t.cycles > 0 ? t.cycles : 0));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const avgUs = wsum > 0 ? ts.reduce((s, t, i) => s + (t.avgUs as number) * weights[i], 0) / wsum : ts.reduce((s, t) => s + (t.avgUs as number), 0) / ts.length;
  return { minUs: Math.min(...ts.map((t) => t.minUs as number)), avgUs, maxUs: Math.max(...ts.map((t) => t.maxUs as number)) };
}

export function cyclictestSummarySpec(runs: readonly RunCyclictest[], opts: CyclictestChartOptions = {}): TopLevelSpec {
  const m = messagesFor(opts);
  const title = m.cyclictestSummaryTitle;
  const labels = runLabels(runs.map((r) => r.run), opts.lang ?? "zh");
  const rows: SummaryRow[] = [];
  runs.forEach((r, i) => {
    const s = summarize(r);
    if (s)
      rows.push({
        run: labels[i],
        minUs: round6(s.minUs),
        avgUs: round6(s.avgUs),
        maxUs: round6(s.maxUs),
        text: m.cyclictestSummaryLabel(String(round6(s.minUs)), s.avgUs.toFixed(2), String(round6(s.maxUs))),
      });
  });
  if (rows.length === 0) return emptySpec(opts, title);
  const minAll = Math.min(...rows.map((r) => r.minUs));
  const maxAll = Math.max(...rows.map((r) => r.maxUs));
  const logScale = opts.logScale ?? (minAll > 0 && maxAll / minAll > 50);
  const safe = logScale ? rows.map((r) => ({ ...r, minUs: Math.max(r.minUs, 0.1) })) : rows;
  const shown = safe.map((r) => r.run);
  const y = { field: "run", type: "nominal" as const, sort: shown, title: null };
  const x = { field: "minUs", type: "quantitative" as const, title: m.latencyUs, scale: logScale ? { type: "log" as const } : { zero: true }, axis: { labelExpr: logScale ? LABEL_LOG_US : LABEL_US } };
  const color = { field: "run", type: "nominal" as const, sort: shown, scale: { domain: shown, range: linePaletteFor(shown.length) }, legend: null };
  const tooltip = [
    { field: "run", type: "nominal" as const, title: m.run },
    { field: "minUs", type: "quantitative" as const, title: m.minUs },
    { field: "avgUs", type: "quantitative" as const, title: m.avgUs, format: ".2f" },
    { field: "maxUs", type: "quantitative" as const, title: m.maxUs },
  ];
  return {
    ...header(opts, title, m.cyclictestSummarySubtitle),
    width: opts.widthPx ?? PLOT_WIDTH_PX,
    height: { step: 30 },
    data: { values: safe },
    encoding: { y, tooltip },
    layer: [
      { mark: { type: "rule", strokeWidth: 3 }, encoding: { x, x2: { field: "maxUs" }, color } },
      { mark: { type: "tick", thickness: 2, size: 14, color: "#333333" }, encoding: { x } },
      { mark: { type: "tick", thickness: 2, size: 14, color: "#333333" }, encoding: { x: { field: "maxUs", type: "quantitative" } } },
      { mark: { type: "point", filled: true, size: 70, stroke: "#333333", strokeWidth: 0.6, opacity: 1 }, encoding: { x: { field: "avgUs", type: "quantitative" }, color } },
      {
        mark: { type: "text", align: "left", baseline: "bottom", dy: -7, fontSize: 10, color: "#333333" },
        encoding: { x: { field: "avgUs", type: "quantitative" }, text: { field: "text", type: "nominal" } },
      },
    ],
  };
}
