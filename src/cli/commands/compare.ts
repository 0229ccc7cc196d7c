/**
 * `vmexit compare DIR [--baseline RUN]` and `vmexit compare A B`: factor
 * effects, per-reason comparisons with their tests, and ranked findings in
 * Chinese (or English), as text, JSON or CSV.
 */
import type { CommandSpec } from "../command";
import { CliError, EXIT } from "../exit-codes";
import { toCsv } from "../csv";
import { analyzeExperiment } from "../../findings/analyze";
import { analysisToCsv, renderAnalysis } from "../../findings/text";
import { addCommonOptions, openExperiment, thresholdsFrom, type CommonOpts } from "./experiment-io";

export const compareCommand: CommandSpec = {
  name: "compare",
  summary: "compare runs: factor effects, per-reason tests, ranked findings in Chinese (DIR, or A B with A the reference)",
  define(cmd, io) {
    addCommonOptions(cmd.argument("<paths...>", "an experiment folder, or two files / run folders A B (A is the reference)"))
      .addHelpText(
        "after",
        "\nExamples:\n  vmexit compare experiments/seed            # every run folder, factors from folder names or experiment.yaml\n  vmexit compare gp-rt-raw gp-rt-bind         # two run folders (or two report files), the first is the reference\n\nExit codes: 0 done (even with warnings), 1 the experiment has problems (each printed on stderr; nothing on stdout), 2 usage error.\n",
      )
      .action(async (paths: string[], opts: CommonOpts) => {
        if (paths.length > 2) throw new CliError(`expected an experiment folder or two paths A B, got ${paths.length} paths`, EXIT.usage);
        const th = thresholdsFrom(opts);
        const exp = await openExperiment(paths, io, opts.baseline);
        if (exp.runs.length < 2) throw new CliError(`${paths[0]}: only one run, nothing to compare (use vmexit summary)`, EXIT.badInput);
        const a = analyzeExperiment(exp, { event: opts.event, thresholds: th });
        if (opts.json) io.stdout(JSON.stringify(a, null, 2) + "\n");
        else if (opts.csv) io.stdout(toCsv(analysisToCsv(a)));
        else io.stdout(renderAnalysis(a, opts.lang ?? "zh", th.topN));
      });
  },
};
