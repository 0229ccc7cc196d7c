/**
 * Shared by `vmexit summary` and `vmexit compare`: open the experiment named
 * on the command line (a folder with experiment.yaml or run sub-folders, a
 * single run folder, or files), print its diagnostics, and stop with exit 1
 * when it cannot be analysed, before anything is written to stdout.
 */
import { readdir } from "node:fs/promises";
import { Option } from "commander";
import type { Command } from "commander";
import type { CliIO } from "../io";
import { CliError, EXIT } from "../exit-codes";
import { formatDiagnostic } from "../../model/diagnostic";
import { loadExperiment, loadErrors, exists, listDir } from "../../experiment/load";
import { loadRunsFromPaths } from "../../experiment/paths";
import { MANIFEST_NAMES } from "../../experiment/manifest";
import type { Experiment, ExperimentIO } from "../../experiment/types";
import { KVM_EVENTS } from "../../model/kvm-stat";
import { DEFAULT_THRESHOLDS, resolveThresholds, type Thresholds } from "../../analysis/thresholds";
import { join } from "node:path";

export interface CommonOpts {
  json?: boolean;
  csv?: boolean;
  lang?: "zh" | "en";
  top?: number;
  event?: string;
  baseline?: string;
  alpha?: number;
  minSharePp?: number;
  fewSamples?: number;
}

export function experimentIO(io: CliIO): ExperimentIO {
  return { fs: { ...io.fs, readdir: (p: string) => readdir(p) } };
}

function numArg(name: string, integer: boolean, max = Infinity) {
  return (v: string) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n < 0 || n > max || (integer && !Number.isInteger(n)))
      throw new CliError(`${name} expects a non-negative ${integer ? "integer" : "number"}${max < Infinity ? ` up to ${max}` : ""}, got '${v}'`, EXIT.usage);
    return n;
  };
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--json", "print the analysis as JSON").conflicts("csv"))
    .addOption(new Option("--csv", "print CSV").conflicts("json"))
    .addOption(new Option("--lang <lang>", "language of the text output").choices(["zh", "en"]).default("zh"))
    .option("--baseline <run>", "with an experiment folder: the run whose factor levels are the reference")
    .option("--top <n>", `reasons shown per table (default ${DEFAULT_THRESHOLDS.topN})`, numArg("--top", true))
    .addOption(new Option("--event <event>", "which perf kvm stat table to use (default vmexit)").choices(KVM_EVENTS))
    .option("--alpha <p>", `significance level of the tests (default ${DEFAULT_THRESHOLDS.alpha})`, numArg("--alpha", false, 1))
    .option("--min-share-pp <pp>", `smallest share change reported, percentage points (default ${DEFAULT_THRESHOLDS.minShareDeltaPp})`, numArg("--min-share-pp", false))
    .option("--few-samples <n>", `flag reasons with fewer samples than this (default ${DEFAULT_THRESHOLDS.fewSamples})`, numArg("--few-samples", true));
}

export function thresholdsFrom(opts: CommonOpts): Thresholds {
  return resolveThresholds({ alpha: opts.alpha, minShareDeltaPp: opts.minSharePp, fewSamples: opts.fewSamples, topN: opts.top });
}

/** A folder with a manifest or run sub-folders → loadExperiment; a run folder or files → loadRunsFromPaths. */
export async function openExperiment(paths: string[], io: CliIO, baseline: string | undefined): Promise<Experiment> {
  const eio = experimentIO(io);
  let exp: Experiment;
  let asExperiment = false;
  if (paths.length === 1 && (await exists(eio, paths[0])) === "dir") {
    const dir = paths[0];
    asExperiment = false;
    for (const n of MANIFEST_NAMES) if ((await exists(eio, join(dir, n))) === "file") asExperiment = true;
    if (!asExperiment) for (const n of await listDir(eio, dir)) if (!n.startsWith(".") && (await exists(eio, join(dir, n))) === "dir") asExperiment = true;
  }
  if (asExperiment) exp = await loadExperiment(paths[0], eio, { baseline });
  else {
    if (baseline !== undefined) throw new CliError("--baseline needs an experiment folder (with experiment.yaml or one sub-folder per run)", EXIT.usage);
    exp = await loadRunsFromPaths(paths, eio);
  }
  const errors = loadErrors(exp);
  for (const d of exp.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  if (errors.length > 0) throw new CliError(`${errors.length} problem${errors.length > 1 ? "s" : ""} in the experiment (listed above); nothing was analysed`, EXIT.badInput);
  return exp;
}
