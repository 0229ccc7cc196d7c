/**
 * Experiment folder → `ReportData` (without notebook outputs):
 *
 *   loadExperiment (src/experiment) ─► analyzeExperiment (src/findings:
 *   summaries, findings, follow-up) ─► glossaryFor (src/catalogue) ─► plain rows
 *
 * `buildReportData` is pure (an Experiment in, data out); `loadReportData`
 * adds the file reading. Blocking problems of the experiment (a broken
 * manifest, a missing file) become `errors`, one line each, and stop the report.
 */
import { relative } from "node:path";
import { catalogueMessages } from "../messages/catalogue";
import { reportMessages } from "../messages/report";
import { formatDiagnostic } from "../model/diagnostic";
import { glossaryFor } from "../catalogue";
import { loadErrors, loadExperiment } from "../experiment";
import type { Experiment, ExperimentIO } from "../experiment/types";
import { analyzeExperiment } from "../findings";
import type { LoadedReportData } from "./generate";
import type { RenderedChart, ReportData, RunTable } from "./types";
import { buildChart, CHART_KIND_TABLE, CHART_KINDS, isChartKind, renderSvg, type ChartData } from "../charts";
import { chartDataFromExperiment } from "../charts/from-experiment";

export function buildReportData(exp: Experiment, lang: "zh" | "en" = "zh"): Omit<ReportData, "outputs"> {
  const m = exp.manifest;
  const msg = reportMessages[lang];
  const analysis = analyzeExperiment(exp);
  const runTables: RunTable[] = analysis.summaries
    .filter((s) => s.source !== null)
    .map((s) => ({
      runId: s.runId,
      labelZh: lang === "zh" ? s.labelZh : s.labelEn,
      totalSamples: s.totalSamples,
      totalTimeUs: s.totalTimeUs,
      durationS: s.durationS,
      rows: s.reasons.map((r) => ({
        name: r.reason,
        samples: r.samples,
        samplesPct: r.sharePct,
        timePct: r.timeSharePct,
        avgUs: r.avgUs,
        stddevPct: r.semPct,
        ratePerS: r.exitsPerS,
      })),
    }));
  const names = runTables.flatMap((t) => t.rows.map((r) => r.name));
  const cat = catalogueMessages[lang];
  return {
    experiment: {
      id: m.id,
      titleZh: lang === "zh" ? m.titleZh : m.titleEn,
      descriptionZh: (lang === "zh" ? m.descriptionZh : m.descriptionEn) ?? null,
      synthetic: m.synthetic === true,
      factors: m.factors.map((f) => ({ id: f.id, labelZh: lang === "zh" ? f.labelZh : f.labelEn, levels: f.levels.map((l) => ({ id: l.id, labelZh: lang === "zh" ? l.labelZh : l.labelEn })) })),
      runs: m.runs.map((r) => ({ id: r.id, labelZh: lang === "zh" ? r.labelZh : r.labelEn, factors: r.factors, durationS: r.durationS ?? null, commands: r.commands ?? {} })),
    },
    runTables,
    cyclictest: analysis.summaries
      .filter((s) => s.latency !== null)
      .map((s) => ({
        runId: s.runId,
        labelZh: lang === "zh" ? s.labelZh : s.labelEn,
        minUs: s.latency!.minUs,
        avgUs: s.latency!.avgUs,
        maxUs: s.latency!.maxUs,
        cycles: s.latency!.cycles,
      })),
    glossary: glossaryFor(names).map((g) => ({
      name: g.name,
      meaningZh: g.entry ? (lang === "zh" ? g.entry.guestZh : g.entry.summaryEn) : null,
      handlingZh: g.entry && lang === "zh" ? g.entry.kvmZh : null,
      categoryZh: g.category ? cat.category[g.category] : null,
    })),
    findings: analysis.findings.map((f) => ({
      textZh: lang === "zh" ? f.textZh : f.textEn,
      strengthZh: f.fewSamples ? msg.fewSamples : f.strength ? msg.strength[f.strength] : null,
    })),
    followUp: analysis.followUp.rows.map((r) => ({ reason: r.reason, direction: r.direction })),
    // Paths relative to the experiment folder: reports never show absolute paths.
    diagnostics: exp.diagnostics.map((d) => ({ ...d, file: relative(exp.dir, d.file) || d.file })),
  };
}

/** One built-in chart: the spec from src/charts, drawn without its title (the report captions it). */
export async function renderChart(data: ChartData, kind: string, options: Record<string, unknown>): Promise<RenderedChart> {
  if (!isChartKind(kind)) throw new Error(`unknown chart kind (kinds: ${CHART_KINDS.join(", ")})`);
  const needs = CHART_KIND_TABLE[kind].needs;
  const input = data[needs];
  if (!input || input.length === 0) throw new Error(`the experiment has no data for it (it needs ${needs} data)`);
  const spec = buildChart(kind, data, options) as unknown as Record<string, unknown>;
  const t = spec.title;
  const title = typeof t === "string" ? t : t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string" ? (t as { text: string }).text : null;
  delete spec.title;
  return { svg: await renderSvg(spec as never), title };
}

export async function loadReportData(dir: string, io: ExperimentIO, lang: "zh" | "en" = "zh"): Promise<LoadedReportData> {
  const exp = await loadExperiment(dir, io);
  const blocking = loadErrors(exp);
  if (blocking.length > 0) {
    return { data: null as never, errors: blocking.map(formatDiagnostic) };
  }
  const chartData = chartDataFromExperiment(exp);
  return { data: buildReportData(exp, lang), errors: [], renderChart: (kind, options) => renderChart(chartData, kind, options) };
}
