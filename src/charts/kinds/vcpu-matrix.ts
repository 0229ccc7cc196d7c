/**
 * `vcpu-matrix`: for one run (perf.data), exits per vCPU × reason as a
 * heatmap with the count in each cell: shows a vCPU that takes the interrupts
 * or the timer exits of the others.
 */
import type { TopLevelSpec } from "vega-lite";
import type { RunVcpuMatrix } from "../inputs";
import { formatUs, PLOT_WIDTH_PX, round6, runLabel } from "../theme";
import { emptySpec, header, messagesFor, type BaseChartOptions } from "./common";

export const VCPU_METRICS = ["samples", "totalUs"] as const;
export type VcpuMetric = (typeof VCPU_METRICS)[number];

export interface VcpuMatrixChartOptions extends BaseChartOptions {
  /** Default samples. */
  metric?: VcpuMetric;
  /** Reasons shown, by total over vCPUs. Default 15. */
  topN?: number;
}

export function vcpuMatrixSpec(matrix: RunVcpuMatrix | null, opts: VcpuMatrixChartOptions = {}): TopLevelSpec {
  const m = messagesFor(opts);
  const lang = opts.lang ?? "zh";
  const metric = opts.metric ?? "samples";
  const metricTitle = metric === "samples" ? m.samples : m.totalUs;
  const title = m.vcpuMatrixTitle(matrix ? runLabel(matrix.run, lang) : null, metricTitle);
  if (!matrix) return emptySpec(opts, title);
  const valueOf = (c: RunVcpuMatrix["cells"][number]) => (metric === "samples" ? c.samples : c.totalUs ?? null);
  const byReason = new Map<string, number>();
  for (const c of matrix.cells) byReason.set(c.reason, (byReason.get(c.reason) ?? 0) + (valueOf(c) ?? 0));
  const reasons = [...byReason.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, Math.max(1, opts.topN ?? 15))
    .map(([r]) => r);
  const keep = new Set(reasons);
  const values = matrix.cells
    .filter((c) => keep.has(c.reason) && valueOf(c) !== null)
    .map((c) => {
      const v = valueOf(c) as number;
      return { vcpu: c.vcpu, reason: c.reason, value: round6(v), text: metric === "samples" ? String(v) : formatUs(v) };
    })
    .sort((a, b) => a.vcpu - b.vcpu || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  if (values.length === 0) return emptySpec(opts, title);
  const vcpus = [...new Set(values.map((v) => v.vcpu))].sort((a, b) => a - b);
  const maxV = Math.max(...values.map((v) => v.value));
  const cellWidthPx = Math.max(34, Math.min(80, Math.floor(PLOT_WIDTH_PX / vcpus.length)));
  const showText = vcpus.length <= 16;
  return {
    ...header(opts, title),
    width: { step: cellWidthPx },
    height: { step: 20 },
    data: { values },
    encoding: {
      x: { field: "vcpu", type: "ordinal", sort: vcpus, title: m.vcpu, axis: { orient: "top", labelAngle: 0 } },
      y: { field: "reason", type: "nominal", sort: reasons, title: null },
    },
    layer: [
      {
        mark: { type: "rect", stroke: "white", strokeWidth: 1 },
        encoding: {
          color: { field: "value", type: "quantitative", scale: { scheme: "blues", type: "sqrt", domain: [0, round6(maxV)] }, legend: { title: metricTitle, orient: "right", gradientLength: Math.max(40, Math.min(120, reasons.length * 20 - 20)) } },
          tooltip: [
            { field: "vcpu", type: "ordinal", title: m.vcpu },
            { field: "reason", type: "nominal", title: m.reason },
            { field: "text", type: "nominal", title: metricTitle },
          ],
        },
      },
      ...(showText
        ? [
            {
              mark: { type: "text" as const, fontSize: cellWidthPx < 44 ? 8 : 10 },
              encoding: {
                text: { field: "text", type: "nominal" as const },
                color: { condition: { test: `datum.value > ${round6(maxV * 0.2)}`, value: "white" }, value: "#111111" },
              },
            },
          ]
        : []),
    ],
  };
}
