/**
 * analyzeExperiment(exp): the whole analysis of a loaded experiment in one
 * plain object, as `vmexit compare --json` prints it.
 */
import type { Experiment } from "../experiment/types";
import { summarizeExperiment, type RunSummary, type SummaryOptions } from "../analysis/summary";
import type { Thresholds } from "../analysis/thresholds";
import { deriveFindings, type FindingsResult } from "./derive";

export interface ExperimentAnalysis extends FindingsResult {
  experiment: { id: string; titleZh: string; titleEn: string; inferred: boolean; synthetic: boolean; factors: Experiment["manifest"]["factors"]; runs: string[] };
  summaries: RunSummary[];
}

export function analyzeExperiment(exp: Experiment, opts: { event?: string; thresholds?: Partial<Thresholds> } = {}): ExperimentAnalysis {
  const sOpts: SummaryOptions = { event: opts.event, thresholds: opts.thresholds };
  const summaries = summarizeExperiment(exp, sOpts);
  const m = exp.manifest;
  return {
    experiment: { id: m.id, titleZh: m.titleZh, titleEn: m.titleEn, inferred: exp.inferred, synthetic: m.synthetic === true, factors: m.factors, runs: m.runs.map((r) => r.id) },
    summaries,
    ...deriveFindings(m, summaries, opts.thresholds),
  };
}
