/**
 * `vmexit summary DIR`: per run, the share, time share, rate (when the
 * duration is known) and handling overhead of each exit reason, and the run's
 * cyclictest latency.
 */
import type { CommandSpec } from "../command";
import { toCsv } from "../csv";
import { summarizeExperiment } from "../../analysis/summary";
import { renderSummaries, summariesToCsv } from "../../findings/text";
import { addCommonOptions, openExperiment, thresholdsFrom, type CommonOpts } from "./experiment-io";

export const summaryCommand: CommandSpec = {
  name: "summary",
  summary: "per-run table of VM exits: share, time share, exits/s, overhead without HLT, cyclictest latency",
  define(cmd, io) {
    addCommonOptions(cmd.argument("<dir>", "experiment folder (experiment.yaml or one sub-folder per run), or one run folder"))
      .addHelpText("after", "\nExit codes: 0 done (even with warnings), 1 the experiment has problems (each printed on stderr; nothing on stdout), 2 usage error.\n")
      .action(async (dir: string, opts: CommonOpts) => {
        const th = thresholdsFrom(opts);
        const exp = await openExperiment([dir], io, opts.baseline);
        const summaries = summarizeExperiment(exp, { event: opts.event, thresholds: th });
        if (opts.json) io.stdout(JSON.stringify(summaries, null, 2) + "\n");
        else if (opts.csv) io.stdout(toCsv([summariesToCsv(summaries)]));
        else io.stdout(renderSummaries(summaries, opts.lang ?? "zh", th.topN));
      });
  },
};
