/**
 * `rate`: exits per second over time, one line per run (and reason, when the
 * series are per reason), from perf.data windows or from consecutive
 * `perf kvm stat live` screens (see `rateFromLiveScreens`).
 */
import type { TopLevelSpec } from "vega-lite";
import type { ChartRun, RatePoint, RateSeries } from "../inputs";
import type { KvmStatTable } from "../../model/kvm-stat";
import { COUNT_FORMAT, legendColumns, lineDashesFor, linePaletteFor, PLOT_WIDTH_PX, round6 } from "../theme";
import { emptySpec, header, messagesFor, runLabels, type BaseChartOptions } from "./common";

export const RATE_SOURCES = ["perf-data", "live"] as const;
export type RateSource = (typeof RATE_SOURCES)[number];

export interface RateChartOptions extends BaseChartOptions {
  source?: RateSource;
  /** Log y axis (default false). */
  logScale?: boolean;
  /** Longer series are merged into wider windows (mean rate) down to this many points. Default 120. */
  maxPoints?: number;
}

/**
 * Merges runs of `k` consecutive points (mean rate, time of the window's end)
 * so that a series has at most `maxPoints` points: 1000 windows of 10 ms are
 * noise at A4 width.
 */
export function coarsenRate(points: readonly RatePoint[], maxPoints: number): RatePoint[] {
  const k = Math.max(1, Math.ceil(points.length / Math.max(1, maxPoints)));
  if (k === 1) return [...points];
  const groups: RatePoint[][] = [];
  for (let i = 0; i < points.length; i += k) groups.push(points.slice(i, i + k));
  // A short last group (a few windows at the end of the recording) is as noisy as one window: it joins the group before.
  const last = groups[groups.length - 1];
  if (groups.length > 1 && last.length < k / 2) groups.splice(groups.length - 2, 2, [...groups[groups.length - 2], ...last]);
  return groups.map((group) => ({ tS: group[group.length - 1].tS, exitsPerS: group.reduce((s, p) => s + p.exitsPerS, 0) / group.length }));
}

/** The usual spacing of a series' points, in ms (null with fewer than 2 points). */
function windowMsOf(points: readonly RatePoint[]): number | null {
  if (points.length < 2) return null;
  const gaps = points.slice(1).map((p, i) => p.tS - points[i].tS).sort((a, b) => a - b);
  return round6(gaps[Math.floor(gaps.length / 2)] * 1000);
}

/** Seconds since midnight of a live screen's `HH:MM:SS.uuuuuu`, or null. */
function clockS(ts: string | null): number | null {
  const mm = ts ? /^(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(ts.trim()) : null;
  return mm ? Number(mm[1]) * 3600 + Number(mm[2]) * 60 + Number(mm[3]) : null;
}

/**
 * Exit rate from live screens: perf's live mode prints the exits counted
 * since the previous screen, so each screen's total over the time since the
 * previous screen is one point. Screens without a timestamp or total are
 * skipped; a clock going backwards is taken as crossing midnight.
 */
export function rateFromLiveScreens(run: ChartRun, screens: readonly Pick<KvmStatTable, "timestamp" | "totalSamples" | "rows">[]): RateSeries {
  const points: { tS: number; exitsPerS: number }[] = [];
  let prevS: number | null = null;
  let startS: number | null = null;
  let dayOffsetS = 0;
  for (const s of screens) {
    let t = clockS(s.timestamp);
    if (t === null) continue;
    t += dayOffsetS;
    if (prevS !== null && t < prevS) {
      dayOffsetS += 86400;
      t += 86400;
    }
    if (startS === null) startS = t;
    const total = s.totalSamples ?? s.rows.reduce((acc, r) => acc + (r.samples ?? 0), 0);
    if (prevS !== null && t > prevS) points.push({ tS: round6(t - startS), exitsPerS: round6(total / (t - prevS)) });
    prevS = t;
  }
  return { run, reason: null, points };
}

export function rateSpec(series: readonly RateSeries[], opts: RateChartOptions = {}): TopLevelSpec {
  const m = messagesFor(opts);
  const lang = opts.lang ?? "zh";
  const title = m.rateTitle;
  const runNames = runLabels(series.map((s) => s.run), lang);
  const names = series.map((s, i) => (s.reason ? `${runNames[i]} · ${s.reason}` : runNames[i]));
  const uniq = [...new Set(names)];
  const maxPoints = opts.maxPoints ?? 120;
  const coarse = series.map((s) => coarsenRate(s.points, maxPoints));
  const values = series.flatMap((s, i) =>
    coarse[i]
      .filter((p) => Number.isFinite(p.tS) && Number.isFinite(p.exitsPerS) && (!opts.logScale || p.exitsPerS > 0))
      .map((p) => ({ series: names[i], tS: round6(p.tS), exitsPerS: round6(p.exitsPerS), text: `${Math.round(p.exitsPerS)}` })),
  );
  if (values.length === 0) return emptySpec(opts, title);
  // Same legend on colour and dash: vega-lite merges them into one.
  const legend = { title: m.run, columns: legendColumns(uniq), symbolType: "stroke", symbolStrokeWidth: 2 };
  return {
    ...header(opts, title, m.rateSubtitle(opts.source ?? "perf-data", coarse.length > 0 ? windowMsOf(coarse[0]) : null)),
    width: opts.widthPx ?? PLOT_WIDTH_PX,
    height: 220,
    data: { values },
    mark: { type: "line", strokeWidth: 1.5, point: false },
    encoding: {
      x: { field: "tS", type: "quantitative", title: m.elapsedS },
      y: { field: "exitsPerS", type: "quantitative", title: m.exitsPerS, scale: opts.logScale ? { type: "log" } : { zero: true }, axis: { format: COUNT_FORMAT } },
      color: { field: "series", type: "nominal", sort: uniq, scale: { domain: uniq, range: linePaletteFor(uniq.length) }, legend },
      strokeDash: { field: "series", type: "nominal", sort: uniq, scale: { domain: uniq, range: lineDashesFor(uniq.length) }, legend },
      tooltip: [
        { field: "series", type: "nominal", title: m.run },
        { field: "tS", type: "quantitative", title: m.elapsedS, format: ".2f" },
        { field: "text", type: "nominal", title: m.exitsPerS },
      ],
    },
  };
}
