/**
 * Built-in charts for `{{ chart KIND ... }}`: drawn before the template is
 * resolved (rendering is async), so that resolution stays pure. Each chart
 * directive becomes one call of the injected renderer (src/charts in
 * production); what cannot be drawn is a TemplateError naming the line.
 */
import { chartKey, chartOptions } from "./directives";
import type { ParsedTemplate } from "./template";
import type { RenderedChart, TemplateError } from "./types";

/** Draws one chart of the experiment; throws an Error whose message says why it cannot. */
export type ChartRenderer = (kind: string, options: Record<string, unknown>) => Promise<RenderedChart>;

/** Draws every chart directive of the template; charts already in `cached` (same key) are reused. */
export async function prepareCharts(
  tpl: ParsedTemplate,
  render: ChartRenderer | null,
  cached: Record<string, RenderedChart> = {},
): Promise<{ charts: Record<string, RenderedChart>; errors: TemplateError[]; drawn: number }> {
  const charts: Record<string, RenderedChart> = {};
  let drawn = 0;
  const errors: TemplateError[] = [];
  for (const seg of tpl.segments) {
    if (seg.type !== "directive" || seg.call.name !== "chart" || seg.call.args.positional.length !== 1) continue;
    const call = seg.call;
    const key = chartKey(call);
    if (charts[key]) continue;
    if (cached[key]) {
      charts[key] = cached[key];
      continue;
    }
    const err = (message: string) => errors.push({ code: "report-template/chart", file: tpl.file, line: call.line, message });
    const opts = chartOptions(call);
    if ("error" in opts) {
      err(opts.error);
      continue;
    }
    if (!render) {
      err("built-in charts are not available here (no chart renderer)");
      continue;
    }
    try {
      charts[key] = await render(call.args.positional[0], { ...opts.options, lang: tpl.meta.lang });
      drawn++;
    } catch (e) {
      err(`cannot draw chart '${call.args.positional[0]}': ${(e as Error).message}`);
    }
  }
  return { charts, errors, drawn };
}
