/**
 * The shared look of every chart: the report's fonts, a palette that stays
 * apart for colour-blind readers and in grayscale print, sizes that fit an A4
 * page (~700 px), and the number formats (`4.11%`, `2.62 µs`).
 */
import type { Config } from "vega-lite/build/src/config";
import type { ChartLang, ChartRun } from "./inputs";
import { textWidthPx } from "./text-width";

/** The report's font stack (src/report uses the same). */
export const CHART_FONT = '"Noto Sans SC", "WenQuanYi Zen Hei", sans-serif';

/**
 * Okabe-Ito colours, ordered so that neighbours differ in lightness too
 * (relative luminance ≈ .15, .42, 0, .74, .22, .41, .26, .29): the first four
 * stay distinct when printed in gray. Runs and reasons take colours in this order.
 */
export const CHART_PALETTE = ["#0072B2", "#E69F00", "#000000", "#F0E442", "#D55E00", "#56B4E9", "#009E73", "#CC79A7"] as const;
/** For lines: the same colours with yellow last (a thin yellow line vanishes on white paper). */
export const LINE_PALETTE = ["#0072B2", "#E69F00", "#000000", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442"] as const;
/** Dash patterns for lines, so that series stay apart in gray print. */
export const LINE_DASHES: number[][] = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [12, 4], [3, 5], [8, 2, 2, 2, 2, 2], [1, 3]];
/** Colour of the folded "other" bucket. */
export const OTHER_COLOR = "#BBBBBB";
/** Outline of bars and points, so that light colours stay visible on paper. */
export const OUTLINE_COLOR = "#333333";

/** Width of the plotting area; axis labels and legends come on top (A4 ≈ 700 px). */
export const PLOT_WIDTH_PX = 470;
export const FONT_SIZE_PX = { title: 15, subtitle: 11, axisTitle: 12, label: 11, legendTitle: 12, legendLabel: 11 } as const;
/** Longest axis or legend label before vega truncates with "…". */
export const LABEL_LIMIT_PX = 240;

export const chartConfig: Config = {
  font: CHART_FONT,
  background: "white",
  padding: 8,
  view: { stroke: null },
  title: {
    anchor: "start",
    fontSize: FONT_SIZE_PX.title,
    fontWeight: "bold",
    subtitleFontSize: FONT_SIZE_PX.subtitle,
    subtitleColor: "#444444",
    offset: 10,
    color: "#111111",
  },
  axis: {
    labelFontSize: FONT_SIZE_PX.label,
    titleFontSize: FONT_SIZE_PX.axisTitle,
    titleFontWeight: "normal",
    labelColor: "#222222",
    titleColor: "#222222",
    gridColor: "#E3E3E3",
    domainColor: "#666666",
    tickColor: "#666666",
    labelLimit: LABEL_LIMIT_PX,
  },
  legend: {
    labelFontSize: FONT_SIZE_PX.legendLabel,
    titleFontSize: FONT_SIZE_PX.legendTitle,
    titleFontWeight: "normal",
    labelLimit: LABEL_LIMIT_PX,
    orient: "top",
    symbolStrokeColor: OUTLINE_COLOR,
    symbolStrokeWidth: 0.5,
  },
  header: { labelFontSize: FONT_SIZE_PX.label, titleFontSize: FONT_SIZE_PX.axisTitle, labelFont: CHART_FONT, titleFont: CHART_FONT },
  bar: { stroke: OUTLINE_COLOR, strokeWidth: 0.4 },
  range: { category: [...CHART_PALETTE] },
};

/** The run's label in the chart language. */
export function runLabel(run: ChartRun, lang: ChartLang): string {
  return lang === "zh" ? run.labelZh : run.labelEn;
}

/** `4.11%` (value already in percent). */
export function formatPct(pct: number): string {
  return `${pct.toFixed(2)}%`;
}

/** `2.62 µs`. */
export function formatUs(us: number): string {
  return `${us.toFixed(2)} µs`;
}

/** A signed number with two decimals (`+0.41`, `-3.76`); the unit suffix comes from the message catalogue. */
export function formatSigned(x: number): string {
  return `${x >= 0 ? "+" : ""}${x.toFixed(2)}`;
}

/** Rounds to 6 significant digits so that specs do not carry float noise (stable goldens). */
export function round6(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(6));
}

/** Vega expression appending a unit to an axis's own label text. */
export const LABEL_PCT = "datum.label === '' ? '' : datum.label + '%'";
export const LABEL_US = "datum.label === '' ? '' : datum.label + ' µs'";
/** Log-axis labels at powers of ten only (the 2s and 5s crowd): 0.1 µs … 100 µs, then 1 ms … 100 ms, then 1 s. */
export const LABEL_LOG_US =
  "abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) > 1e-6 ? '' : datum.value >= 1e6 ? format(datum.value / 1e6, '~g') + ' s' : datum.value >= 1000 ? format(datum.value / 1000, '~g') + ' ms' : format(datum.value, '~g') + ' µs'";
export const LABEL_LOG = "datum.label === '' ? '' : datum.value >= 1000 ? format(datum.value, '~s') : format(datum.value, '~g')";

/** Linear count and rate axes: `1,500`, `0.5` (d3's `~s` prints `0k`, `0.5k`). */
export const COUNT_FORMAT = ",~f";

/**
 * Legend layout for `labels`: how many columns fit across the chart width,
 * estimated with the CJK-aware text width (vega lays a horizontal legend out in
 * one row otherwise, running off the page).
 */
export function legendColumns(labels: readonly string[], widthPx = PLOT_WIDTH_PX): number {
  const maxLabel = Math.min(LABEL_LIMIT_PX, Math.max(0, ...labels.map((l) => textWidthPx(l, FONT_SIZE_PX.legendLabel))));
  const per = maxLabel + 16 + 12; // symbol + gap + column padding
  const fit = Math.max(1, Math.min(labels.length, Math.floor(widthPx / per)));
  // Balance the rows: 4 labels in 3 columns leave one alone on the second row; 2 × 2 reads better.
  const rows = Math.ceil(labels.length / fit);
  return Math.ceil(labels.length / rows);
}

/** Colours for `n` categories (runs or reasons); beyond the palette, colours repeat. */
export function paletteFor(n: number): string[] {
  return Array.from({ length: n }, (_, i) => CHART_PALETTE[i % CHART_PALETTE.length]);
}

/** Line colours for `n` series. */
export function linePaletteFor(n: number): string[] {
  return Array.from({ length: n }, (_, i) => LINE_PALETTE[i % LINE_PALETTE.length]);
}

/** Dash patterns for `n` series. */
export function lineDashesFor(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => LINE_DASHES[i % LINE_DASHES.length]);
}
