/**
 * Readable text and CSV for `vmexit summary` and `vmexit compare`. Wording
 * comes from src/messages/tables.ts and src/messages/findings.ts.
 */
import type { CsvTable } from "../formats/types";
import type { RunSummary } from "../analysis/summary";
import type { FactorPair } from "../analysis/factors";
import { fmt, findingMessages } from "../messages/findings";
import { tableMessages } from "../messages/tables";
import type { ExperimentAnalysis } from "./analyze";
import type { Finding } from "./types";
import { displayWidth } from "../model/display-width";

export type TextLang = "zh" | "en";

export { displayWidth } from "../model/display-width";

/** Aligned columns; the first column left-aligned, the others right-aligned. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))));
  const pad = (s: string, i: number) => {
    const fill = " ".repeat(Math.max(0, widths[i] - displayWidth(s)));
    return i === 0 ? s + fill : fill + s;
  };
  const line = (cells: string[]) => cells.map((c, i) => pad(c, i)).join("  ").replace(/\s+$/, "");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The seed's follow-up table: exit names over centred arrows. */
export function arrowTable(names: string[], arrows: string[]): string {
  const w = names.map((n) => displayWidth(n) + 2);
  const centre = (s: string, width: number) => {
    const left = Math.floor((width - displayWidth(s)) / 2);
    return " ".repeat(left) + s + " ".repeat(width - displayWidth(s) - left);
  };
  const row = (cells: string[]) => `|${cells.map((c, i) => centre(c, w[i])).join("|")}|`;
  return [row(names), `|${w.map((x) => ":" + "-".repeat(x - 2) + ":").join("|")}|`, row(arrows)].join("\n");
}

/** The first column's header: what a row is for this event ("退出原因", "IO端口", ...). */
const keyHeader = (lang: TextLang, event: string) => (Object.hasOwn(tableMessages[lang].keyByEvent, event) ? tableMessages[lang].keyByEvent[event] : tableMessages[lang].reason);

const num = (v: number | null | undefined, d = 2) => (v === null || v === undefined ? "—" : v.toFixed(d));
const label = (s: { labelZh: string; labelEn: string }, lang: TextLang) => (lang === "zh" ? s.labelZh : s.labelEn);

/** One run's summary as text: totals, overhead, latency, the top-N reasons. */
export function renderRunSummary(s: RunSummary, lang: TextLang, topN: number): string {
  const t = tableMessages[lang];
  const out = [t.runHeader(label(s, lang), s.runId)];
  if (s.source !== null) {
    out.push(t.runTotals(s.totalSamples, s.durationS, s.exitsPerS));
    out.push(t.overhead(s.overhead.samples, s.overhead.timeUs, s.overhead.avgUs, s.overhead.pctOfDuration));
  }
  if (s.latency) out.push(t.latency(s.latency.maxUs, s.latency.avgUs, s.latency.intervalUs, s.exitsPerPeriod));
  if (s.source !== null && s.reasons.length > 0) {
    const rows = s.reasons.slice(0, topN).map((r) => [r.reason, String(r.samples), fmt.pct(r.sharePct), r.timeSharePct === null ? "—" : fmt.pct(r.timeSharePct), num(r.avgUs), num(r.semPct), num(r.exitsPerS, 1), num(r.exitsPerPeriod, 3)]);
    out.push("", textTable([keyHeader(lang, s.event), t.samples, t.sharePct, t.timeSharePct, t.avgUs, t.semPct, t.exitsPerS, t.exitsPerPeriod], rows));
    if (s.reasons.length > topN) out.push(t.more(s.reasons.length - topN));
  }
  for (const n of s.notes) out.push(`* ${t.notes[n]}`);
  return out.join("\n") + "\n";
}

export function renderSummaries(summaries: RunSummary[], lang: TextLang, topN: number): string {
  return summaries.map((s) => renderRunSummary(s, lang, topN)).join("\n");
}

export function summariesToCsv(summaries: RunSummary[]): CsvTable {
  return {
    header: ["run", "reason", "samples", "sharePct", "timeSharePct", "avgUs", "semPct", "minUs", "maxUs", "exitsPerS", "exitsPerPeriod", "idle", "fewSamples"],
    rows: summaries.flatMap((s) =>
      s.reasons.map((r) => [s.runId, r.reason, r.samples, round(r.sharePct), round(r.timeSharePct), round(r.avgUs), r.semPct, r.minUs, r.maxUs, round(r.exitsPerS), round(r.exitsPerPeriod, 6), r.idle ? 1 : 0, r.fewSamples ? 1 : 0]),
    ),
  };
}

function round(v: number | null, d = 4): number | null {
  return v === null ? null : Math.round(v * 10 ** d) / 10 ** d;
}

/** A run's label in `lang` (its id when the run has no summary). */
function runLabel(a: ExperimentAnalysis, id: string, lang: TextLang): string {
  const s = a.summaries.find((x) => x.runId === id);
  return s ? label(s, lang) : id;
}

/** A level's label in `lang` (its id when the factor does not list it). */
function levelLabel(a: ExperimentAnalysis, factorId: string, levelId: string, lang: TextLang): string {
  const l = a.experiment.factors.find((x) => x.id === factorId)?.levels.find((x) => x.id === levelId);
  return l ? label(l, lang) : levelId;
}

function pairTable(p: FactorPair, a: ExperimentAnalysis, lang: TextLang, topN: number): string {
  const t = tableMessages[lang];
  const lab = (id: string) => runLabel(a, id, lang);
  const rows = p.comparison.reasons.slice(0, topN).map((r) => [
    r.reason,
    fmt.pct(r.share.aPct),
    fmt.pct(r.share.bPct),
    fmt.pp(r.share.deltaPp),
    fmt.p(r.share.pValue),
    r.avgTime ? `${r.avgTime.aUs.toFixed(2)} → ${r.avgTime.bUs.toFixed(2)}` : "—",
    r.avgTime ? fmt.p(r.avgTime.pValue) : "—",
    r.rate ? fmt.ratio(r.rate.ratio) : "—",
  ]);
  return textTable([keyHeader(lang, a.summaries[0]?.event ?? "vmexit"), t.aShare(lab(p.a)), t.bShare(lab(p.b)), t.deltaPp, t.pShare, t.avgChange, t.pAvg, t.rateRatio], rows);
}

/** `vmexit compare` as text: factors, each pair's table, ranked findings, the follow-up table. */
export function renderAnalysis(a: ExperimentAnalysis, lang: TextLang, topN: number): string {
  const t = tableMessages[lang];
  const m = findingMessages[lang];
  const out: string[] = [t.experimentHeader(lang === "zh" ? a.experiment.titleZh : a.experiment.titleEn, a.experiment.inferred), t.factorsHeader];
  for (const f of a.experiment.factors) out.push(t.factorLine(label(f, lang), f.levels.map((l) => label(l, lang))));
  for (const eff of a.effects) {
    const f = a.experiment.factors.find((x) => x.id === eff.factor)!;
    const lv = (id: string) => levelLabel(a, eff.factor, id, lang);
    for (const p of eff.pairs) {
      out.push("", t.pairHeader(label(f, lang), lv(eff.fromLevel), runLabel(a, p.a, lang), lv(eff.toLevel), runLabel(a, p.b, lang)));
      out.push(pairTable(p, a, lang, topN));
    }
  }
  if (a.effects.length > 0) {
    out.push("", t.effectsHeader.trimEnd());
    for (const eff of a.effects) {
      const f = a.experiment.factors.find((x) => x.id === eff.factor)!;
      const lv = (id: string) => levelLabel(a, eff.factor, id, lang);
      out.push("", t.effectHeader(label(f, lang), lv(eff.fromLevel), lv(eff.toLevel), eff.pairs.length));
      const reasons = [...new Set(eff.reasons.filter((r) => r.consistency !== "none").map((r) => r.reason))];
      if (reasons.length === 0) {
        out.push(t.noEffects);
        continue;
      }
      const cell = (reason: string, metric: "share" | "rate" | "avgTime") => {
        const r = eff.reasons.find((x) => x.reason === reason && x.metric === metric);
        if (!r || r.consistency === "none") return "";
        if (r.consistency === "mixed") return t.mixedCell;
        const arrow = m.arrow(r.direction as "up" | "down");
        if (r.consistency === "consistent") return `${arrow} ${t.consistent}`;
        if (r.consistency === "partial") return `${arrow} ${r.perPair.filter((d) => d !== null).length}/${r.perPair.length}`;
        return arrow;
      };
      out.push(textTable([keyHeader(lang, a.summaries[0]?.event ?? "vmexit"), t.metricShare, t.metricRate, t.metricAvg], reasons.map((r) => [r, cell(r, "share"), cell(r, "rate"), cell(r, "avgTime")])));
    }
  }
  out.push("", t.findingsHeader);
  if (a.findings.length === 0) out.push(t.noFindings);
  a.findings.forEach((f: Finding, i) => out.push(`${i + 1}. ${lang === "zh" ? f.textZh : f.textEn}`));
  if (a.followUp.rows.length > 0) {
    out.push("", t.followUpHeader);
    out.push(arrowTable(a.followUp.rows.map((r) => r.reason), a.followUp.rows.map((r) => m.arrow(r.direction))));
  }
  out.push("", t.thresholdsLine(a.thresholds.alpha, a.thresholds.minShareDeltaPp));
  return out.join("\n") + "\n";
}

/** Two CSV blocks: every pair's per-reason comparison, then the ranked findings. */
export function analysisToCsv(a: ExperimentAnalysis): CsvTable[] {
  const comparisons: CsvTable = {
    header: ["factor", "fromLevel", "toLevel", "runA", "runB", "reason", "aSamples", "bSamples", "aSharePct", "bSharePct", "deltaPp", "pShare", "aAvgUs", "bAvgUs", "pAvg", "aExitsPerS", "bExitsPerS", "rateRatio", "pRate", "fewSamples"],
    rows: a.effects.flatMap((e) =>
      e.pairs.flatMap((p) =>
        p.comparison.reasons.map((r) => [
          e.factor,
          e.fromLevel,
          e.toLevel,
          p.a,
          p.b,
          r.reason,
          r.aSamples,
          r.bSamples,
          round(r.share.aPct),
          round(r.share.bPct),
          round(r.share.deltaPp),
          r.share.pValue === null ? null : Number(r.share.pValue.toPrecision(4)),
          r.avgTime?.aUs ?? null,
          r.avgTime?.bUs ?? null,
          r.avgTime?.pValue == null ? null : Number(r.avgTime.pValue.toPrecision(4)),
          round(r.rate?.aPerS ?? null),
          round(r.rate?.bPerS ?? null),
          round(r.rate?.ratio ?? null),
          r.rate ? Number(r.rate.pValue.toPrecision(4)) : null,
          r.fewSamples ? 1 : 0,
        ]),
      ),
    ),
  };
  const findings: CsvTable = {
    header: ["rank", "kind", "runs", "reason", "metric", "direction", "strength", "importance", "fewSamples", "textZh", "textEn"],
    rows: a.findings.map((f, i) => [i + 1, f.kind, f.runs.join(" "), f.reason, f.metric, f.direction, f.strength, round(f.importance), f.fewSamples ? 1 : 0, f.textZh, f.textEn]),
  };
  return [comparisons, findings];
}
