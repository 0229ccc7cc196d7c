/**
 * Findings: what the numbers show, as structured records phrased in Chinese
 * (and English) from src/messages/findings.ts, ranked by importance.
 *
 *   1. summaries → latency ranking → "best run" and the ranking
 *   2. factor effects → one finding per reason and metric:
 *        consistent across ≥ 2 pairs → consistent-effect
 *        opposite directions         → mixed-effect
 *        otherwise                   → pair-change per reportable pair
 *   3. follow-up table (which exits to push ↑/↓) toward the best run
 *   4. notes: missing duration / cyclictest / perf data, not time-aligned
 *
 * Rules and thresholds: docs/analysis.md.
 */
import type { Manifest } from "../experiment/types";
import { REFERENCE_WORDS, VARIANT_WORDS } from "../experiment/infer";
import type { AvgTimeDiff, Direction, RateDiff, ReasonComparison, ShareDiff, Strength } from "../analysis/compare";
import { factorEffects, type FactorEffect, type FactorPair, type Metric } from "../analysis/factors";
import { followUp as computeFollowUp, type FollowUp } from "../analysis/followup";
import { rankRuns, type LatencyRanking } from "../analysis/ranking";
import type { RunSummary } from "../analysis/summary";
import { resolveThresholds, type Thresholds } from "../analysis/thresholds";
import { findingMessages, fmt, type ChangeText, type FindingMessages, type LevelText } from "../messages/findings";
import type { Finding } from "./types";
import { NOTE_KINDS } from "./types";

export interface FindingsResult {
  findings: Finding[];
  effects: FactorEffect[];
  ranking: LatencyRanking;
  followUp: FollowUp;
  thresholds: Thresholds;
}

type Lang = "zh" | "en";
const LANGS: Lang[] = ["zh", "en"];

/** Importance of the kinds that are not ranked by a measured size. */
export const IMPORTANCE = { bestRun: 1000, ranking: 999, followUp: 998, note: -1 } as const;
/** Importance is halved for findings built on few samples. */
export const FEW_SAMPLES_WEIGHT = 0.5;

function levelText(m: Manifest, factorId: string, levelId: string, lang: Lang): LevelText {
  const f = m.factors.find((x) => x.id === factorId);
  const l = f?.levels.find((x) => x.id === levelId);
  return {
    factorId,
    factorLabel: (lang === "zh" ? f?.labelZh : f?.labelEn) ?? factorId,
    levelId,
    levelLabel: (lang === "zh" ? l?.labelZh : l?.labelEn) ?? levelId,
  };
}

function changeText(m: Manifest, factorId: string, from: string, to: string, lang: Lang): ChangeText {
  const isRef = (x: string) => (REFERENCE_WORDS as readonly string[]).includes(x.toLowerCase());
  const isVar = (x: string) => (VARIANT_WORDS as readonly string[]).includes(x.toLowerCase());
  const f = m.factors.find((x) => x.id === factorId);
  return {
    factorId,
    factorLabel: (lang === "zh" ? f?.labelZh : f?.labelEn) ?? factorId,
    from: levelText(m, factorId, from, lang),
    to: levelText(m, factorId, to, lang),
    pinningOn: isVar(to) || (isRef(from) && !isRef(to)),
    pinningOff: isRef(to) && !isRef(from),
  };
}

function conditions(m: Manifest, context: Record<string, string>, lang: Lang): string[] {
  const msg = findingMessages[lang] as FindingMessages;
  return m.factors.filter((f) => f.id in context).map((f) => msg.condition(levelText(m, f.id, context[f.id], lang)));
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

type MetricDiff = ShareDiff | RateDiff | AvgTimeDiff;

/** Per metric: where its test result is, how it is phrased, and how big a change is. */
interface MetricView<D extends MetricDiff> {
  diff(rc: ReasonComparison): D | null;
  /** "EXTERNAL_INTERRUPT事件的占比变少". */
  phrase(msg: FindingMessages, reason: string, d: Direction): string;
  /** "EXTERNAL_INTERRUPT事件占比", for the mixed-effect sentence. */
  subject(msg: FindingMessages, reason: string): string;
  /** "（4.11% => 0.35%，减少3.76个百分点，p<0.001）". */
  numbers(msg: FindingMessages, d: D): string;
  /** "4.11% => 0.35%", one pair in an effect's list. */
  short(msg: FindingMessages, d: D): string;
  /** The numbers a pair finding carries (units in the names). */
  pairNumbers(d: D): Record<string, number | null>;
  /** The key and value of one pair in an effect finding's numbers. */
  effectKey: string;
  effectValue(d: D): number | null;
  /** Size of the change, comparable across metrics: percentage points of the relevant whole (docs/analysis.md). */
  size(d: D, rc: ReasonComparison, a: RunSummary, b: RunSummary): number;
}

const METRIC_VIEWS: { [M in Metric]: MetricView<M extends "share" ? ShareDiff : M extends "rate" ? RateDiff : AvgTimeDiff> } = {
  share: {
    diff: (rc) => rc.share,
    phrase: (msg, reason, d) => msg.shareMetric(reason, d),
    subject: (msg, reason) => msg.mixedShare(reason),
    numbers: (msg, d) => msg.shareNumbers(d.aPct, d.bPct, d.deltaPp, d.pValue),
    short: (msg, d) => msg.shortNumbers(fmt.pct(d.aPct), fmt.pct(d.bPct)),
    pairNumbers: (d) => ({ aSharePct: d.aPct, bSharePct: d.bPct, deltaPp: d.deltaPp, z: d.z, pValue: d.pValue }),
    effectKey: "deltaPp",
    effectValue: (d) => d.deltaPp,
    size: (d) => Math.abs(d.deltaPp) * foldWeight(d.aPct, d.bPct),
  },
  rate: {
    diff: (rc) => rc.rate,
    phrase: (msg, reason, d) => msg.rateMetric(reason, d),
    subject: (msg, reason) => msg.mixedRate(reason),
    numbers: (msg, d) => msg.rateNumbers(d.aPerS, d.bPerS, d.ratio, d.pValue),
    short: (msg, d) => msg.shortNumbers(msg.perSecond(d.aPerS), msg.perSecond(d.bPerS)),
    pairNumbers: (d) => ({ aExitsPerS: d.aPerS, bExitsPerS: d.bPerS, rateRatio: d.ratio, pValue: d.pValue }),
    effectKey: "rateRatio",
    effectValue: (d) => d.ratio,
    size: (d, _rc, a, b) => {
      const total = Math.max(a.exitsPerS ?? 0, b.exitsPerS ?? 0);
      return total > 0 ? (Math.abs(d.bPerS - d.aPerS) / total) * 100 * foldWeight(d.aPerS, d.bPerS) : 0;
    },
  },
  avgTime: {
    diff: (rc) => rc.avgTime,
    phrase: (msg, reason, d) => msg.avgMetric(reason, d),
    subject: (msg, reason) => msg.mixedAvg(reason),
    numbers: (msg, d) => msg.avgNumbers(d.aUs, d.bUs, d.pValue),
    short: (msg, d) => msg.shortNumbers(fmt.us(d.aUs), fmt.us(d.bUs)),
    pairNumbers: (d) => ({ aAvgUs: d.aUs, bAvgUs: d.bUs, deltaUs: d.deltaUs, z: d.z, pValue: d.pValue }),
    effectKey: "deltaUs",
    effectValue: (d) => d.deltaUs,
    size: (d, rc, a, b) => {
      const ov = (a.overhead.timeUs + b.overhead.timeUs) / 2;
      const n = (rc.aSamples + rc.bSamples) / 2;
      return ov > 0 ? ((Math.abs(d.deltaUs) * n) / ov) * 100 : 0;
    },
  },
};

/**
 * 1 + |log2(b / a)|: a share that falls ×0.09 (4.11% → 0.35%) outranks one that
 * grows by more points but only ×1.15 (45% → 52%), as the seed judged; capped at
 * 8 (a 128-fold change) so that a reason appearing from nothing does not swamp the list.
 */
export function foldWeight(a: number, b: number): number {
  if (a <= 0 && b <= 0) return 1;
  if (a <= 0 || b <= 0) return 8;
  return Math.min(8, 1 + Math.abs(Math.log2(b / a)));
}

/** The view of `metric`, typed loosely for callers that hold a diff of that metric. */
const view = (metric: Metric) => METRIC_VIEWS[metric] as unknown as MetricView<MetricDiff>;

function diffOf(rc: ReasonComparison, metric: Metric): MetricDiff | null {
  return view(metric).diff(rc);
}

function sizeOf(metric: Metric, rc: ReasonComparison, pair: FactorPair, byId: Map<string, RunSummary>): number {
  const d = diffOf(rc, metric);
  return d ? view(metric).size(d, rc, byId.get(pair.a)!, byId.get(pair.b)!) : 0;
}

/** The weakest strength across the pairs of an effect. */
const weakest = (xs: (Strength | null)[]): Strength | null => (xs.includes("weak") || xs.includes(null) ? "weak" : xs.includes("moderate") ? "moderate" : xs.length ? "strong" : null);

/**
 * "The average handling time stayed about the same": only when it was tested
 * (perf's ± known in both runs), the test found no difference, and the change
 * is also smaller than the reportable size. An untested or large but noisy
 * change is not called unchanged.
 */
function avgUnchanged(rc: ReasonComparison, th: Thresholds): boolean {
  const t = rc.avgTime;
  if (!t || rc.fewSamples || rc.idle || t.pValue === null || t.significant) return false;
  return t.relChange !== null && Math.abs(t.relChange) < th.minAvgRelChange;
}

function pairFinding(m: Manifest, eff: FactorEffect, pair: FactorPair, rc: ReasonComparison, metric: Metric, byId: Map<string, RunSummary>, th: Thresholds): Finding {
  const d = diffOf(rc, metric)!;
  const dir = d.direction as Direction;
  const text = {} as Record<Lang, string>;
  for (const lang of LANGS) {
    const msg = findingMessages[lang] as FindingMessages;
    const ch = changeText(m, eff.factor, eff.fromLevel, eff.toLevel, lang);
    let s = msg.when(conditions(m, pair.context, lang)) + msg.lead(ch) + view(metric).phrase(msg, rc.reason, dir) + view(metric).numbers(msg, d);
    if (metric === "share" && avgUnchanged(rc, th)) s += msg.avgUnchanged(rc.avgTime!.aUs, rc.avgTime!.bUs);
    if (rc.fewSamples) s += msg.fewSamples(Math.min(rc.aSamples, rc.bSamples));
    text[lang] = lang === "en" ? cap(s) : s;
  }
  const numbers: Record<string, number | null> = { ...view(metric).pairNumbers(d), aSamples: rc.aSamples, bSamples: rc.bSamples };
  return {
    id: `pair-change/${metric}/${rc.reason}/${pair.a}>${pair.b}`,
    kind: "pair-change",
    runs: [pair.a, pair.b],
    reason: rc.reason,
    metric,
    factor: { id: eff.factor, from: eff.fromLevel, to: eff.toLevel },
    context: pair.context,
    direction: dir,
    numbers,
    strength: d.strength,
    importance: sizeOf(metric, rc, pair, byId) * (rc.fewSamples ? FEW_SAMPLES_WEIGHT : 1),
    fewSamples: rc.fewSamples,
    evidence: { thresholds: th, diff: d },
    textZh: text.zh,
    textEn: text.en,
  };
}

function effectFinding(m: Manifest, eff: FactorEffect, reason: string, metric: Metric, kind: "consistent-effect" | "mixed-effect", direction: Direction | null, byId: Map<string, RunSummary>, th: Thresholds): Finding {
  const rcs = eff.pairs.map((p) => p.comparison.reasons.find((r) => r.reason === reason)!);
  const few = rcs.some((r) => r.fewSamples);
  const text = {} as Record<Lang, string>;
  for (const lang of LANGS) {
    const msg = findingMessages[lang] as FindingMessages;
    const ch = changeText(m, eff.factor, eff.fromLevel, eff.toLevel, lang);
    const items = eff.pairs.map((p, i) => {
      const d = diffOf(rcs[i], metric);
      return msg.perPair(conditions(m, p.context, lang).join(lang === "zh" ? "、" : ", ") || p.b, d ? view(metric).short(msg, d) : "—");
    });
    let s: string;
    if (kind === "consistent-effect") {
      s = msg.envCount(eff.pairs.length) + msg.leadAll(ch) + view(metric).phrase(msg, reason, direction as Direction) + msg.pairList(items);
    } else {
      s = msg.mixed(msg.changeName(ch), view(metric).subject(msg, reason), items);
    }
    if (few) s += msg.fewSamples(Math.min(...rcs.map((r) => Math.min(r.aSamples, r.bSamples))));
    text[lang] = lang === "en" ? cap(s) : s;
  }
  const sizes = eff.pairs.map((p, i) => sizeOf(metric, rcs[i], p, byId));
  return {
    id: `${kind}/${metric}/${reason}/${eff.factor}:${eff.fromLevel}>${eff.toLevel}`,
    kind,
    runs: eff.pairs.flatMap((p) => [p.a, p.b]),
    reason,
    metric,
    factor: { id: eff.factor, from: eff.fromLevel, to: eff.toLevel },
    context: null,
    direction,
    numbers: Object.fromEntries(
      eff.pairs.map((p, i) => {
        const d = diffOf(rcs[i], metric);
        return [`${p.a}>${p.b}:${view(metric).effectKey}`, d ? view(metric).effectValue(d) : null];
      }),
    ),
    strength: kind === "consistent-effect" ? weakest(rcs.map((r) => diffOf(r, metric)?.strength ?? null)) : null,
    importance: sizes.reduce((s, x) => s + x, 0) * (few ? FEW_SAMPLES_WEIGHT : 1),
    fewSamples: few,
    evidence: { thresholds: th, pairs: eff.pairs.map((p, i) => ({ a: p.a, b: p.b, context: p.context, diff: diffOf(rcs[i], metric) })) },
    textZh: text.zh,
    textEn: text.en,
  };
}

function note(kind: Finding["kind"], runs: string[], texts: Record<Lang, string>, importance: number = IMPORTANCE.note): Finding {
  return { id: `${kind}${runs.length ? "/" + runs.join(",") : ""}`, kind, runs, reason: null, metric: null, factor: null, context: null, direction: null, numbers: {}, strength: null, importance, fewSamples: false, evidence: null, textZh: texts.zh, textEn: texts.en };
}

function runLabel(s: RunSummary | undefined, id: string, lang: Lang): string {
  return s ? (lang === "zh" ? s.labelZh : s.labelEn) : id;
}

/**
 * All findings of an experiment (see the module comment). `manifest` gives
 * the factors; `summaries` come from summarizeExperiment.
 */
export function deriveFindings(manifest: Manifest, summaries: RunSummary[], thresholds: Partial<Thresholds> = {}): FindingsResult {
  const th = resolveThresholds(thresholds);
  const byId = new Map(summaries.map((s) => [s.runId, s]));
  const findings: Finding[] = [];
  const both = (f: (msg: FindingMessages, lang: Lang) => string): Record<Lang, string> => ({ zh: f(findingMessages.zh as FindingMessages, "zh"), en: f(findingMessages.en as FindingMessages, "en") });

  // 1. Latency ranking.
  const ranking = rankRuns(summaries);
  if (ranking.best !== null && ranking.byMax.length >= 2) {
    const top = ranking.byMax[0];
    const b = byId.get(top.runId);
    findings.push({
      ...note("best-run", [top.runId], both((msg, lang) => msg.bestRun(ranking.byMax.length, runLabel(b, top.runId, lang), top.maxUs, top.avgUs)), IMPORTANCE.bestRun),
      numbers: { maxUs: top.maxUs, avgUs: top.avgUs },
      evidence: ranking,
    });
    findings.push({
      ...note("ranking", ranking.byMax.map((r) => r.runId), both((msg, lang) => msg.ranking(ranking.byMax.map((r) => msg.rankItem(runLabel(byId.get(r.runId), r.runId, lang), r.maxUs, r.avgUs)))), IMPORTANCE.ranking),
      evidence: ranking,
    });
  }

  // 2. Factor effects.
  const effects = factorEffects(manifest, summaries, th);
  for (const eff of effects) {
    for (const re of eff.reasons) {
      if (re.metric === "avgTime" && eff.pairs.some((p) => p.comparison.reasons.find((r) => r.reason === re.reason)?.idle)) continue;
      if (re.consistency === "consistent") findings.push(effectFinding(manifest, eff, re.reason, re.metric, "consistent-effect", re.direction, byId, th));
      else if (re.consistency === "mixed") findings.push(effectFinding(manifest, eff, re.reason, re.metric, "mixed-effect", null, byId, th));
      else if (re.consistency === "single" || re.consistency === "partial") {
        eff.pairs.forEach((p, i) => {
          if (re.perPair[i] === null) return;
          const rc = p.comparison.reasons.find((r) => r.reason === re.reason)!;
          findings.push(pairFinding(manifest, eff, p, rc, re.metric, byId, th));
        });
      }
    }
  }
  const measured = findings.filter((f) => f.kind === "pair-change" || f.kind === "consistent-effect" || f.kind === "mixed-effect").length;

  // 3. Follow-up directions.
  const fu = computeFollowUp(summaries, th);
  if (fu.best !== null && fu.rows.length > 0) {
    const best = byId.get(fu.best);
    const down = fu.rows.filter((r) => r.direction === "down").map((r) => r.reason);
    const up = fu.rows.filter((r) => r.direction === "up").map((r) => r.reason);
    findings.push({
      ...note("follow-up", [fu.best], both((msg, lang) => msg.followUp(runLabel(best, fu.best!, lang), down, up, fu.rows[0].reason)), IMPORTANCE.followUp),
      evidence: fu,
    });
  }

  // 4. Notes.
  const withPerf = summaries.filter((s) => s.source !== null);
  const noPerf = summaries.filter((s) => s.source === null).map((s) => s.runId);
  const noDur = withPerf.filter((s) => s.durationS === null).map((s) => s.runId);
  const noCt = summaries.filter((s) => s.latency === null && !s.notes.includes("cyclictest-unusable")).map((s) => s.runId);
  const badCt = summaries.filter((s) => s.latency === null && s.notes.includes("cyclictest-unusable")).map((s) => s.runId);
  if (noDur.length) findings.push(note("no-duration", noDur, both((msg, lang) => msg.noDuration(noDur.map((id) => runLabel(byId.get(id), id, lang))))));
  if (noCt.length) findings.push(note("no-cyclictest", noCt, both((msg, lang) => msg.noCyclictest(noCt.map((id) => runLabel(byId.get(id), id, lang))))));
  if (badCt.length) findings.push(note("cyclictest-unusable", badCt, both((msg, lang) => msg.cyclictestUnusable(badCt.map((id) => runLabel(byId.get(id), id, lang))))));
  if (noPerf.length) findings.push(note("no-kvm-stat", noPerf, both((msg, lang) => msg.noKvmStat(noPerf.map((id) => runLabel(byId.get(id), id, lang)), byId.get(noPerf[0])?.event ?? "vmexit"))));
  const noExits = withPerf.filter((s) => s.notes.includes("no-exits")).map((s) => s.runId);
  if (noExits.length) findings.push(note("no-exits", noExits, both((msg, lang) => msg.noExits(noExits.map((id) => runLabel(byId.get(id), id, lang))))));
  if (effects.length === 0 && withPerf.length >= 2) findings.push(note("no-pairs", [], both((msg) => msg.noPairs())));
  else if (effects.length > 0 && measured === 0 && noExits.length === 0) findings.push(note("no-findings", [], both((msg) => msg.noFindings())));
  if (ranking.byMax.length > 0 && withPerf.length > 0) findings.push(note("not-time-aligned", [], both((msg) => msg.notTimeAligned())));

  // Rank: importance, then data findings before notes, then id for a stable order.
  findings.sort((a, b) => b.importance - a.importance || Number(NOTE_KINDS.includes(a.kind)) - Number(NOTE_KINDS.includes(b.kind)) || a.id.localeCompare(b.id));
  return { findings, effects, ranking, followUp: fu, thresholds: th };
}
